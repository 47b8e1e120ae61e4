// The page's script: a form built from the data itself (every field of the data file, lists with add and remove),
// the checks of /api/check shown beside the fields they concern as the official types, the pages as images,
// and downloads. No framework: the page is what saraban serves, nothing else is fetched.
"use strict";

const texts = JSON.parse(document.getElementById("texts").textContent);
const language = document.documentElement.lang;
let data = {};
let checkTimer = null;
let checkSerial = 0;

const $ = (id) => document.getElementById(id);
let indicatorNames = {};
const label = (key, path = "") =>
  path.startsWith("scores.") && indicatorNames[key] ? `${key} ${indicatorNames[key]}` : texts["field." + key] || key;

// MARK: The form, built from the data

/// The path a finding names: "analysis.urgent.measures[1].text" (list items counted from 1).
function childPath(path, key, isIndex) {
  if (isIndex) return `${path}[${key + 1}]`;
  return path ? `${path}.${key}` : String(key);
}

function buildEditor() {
  const form = $("editor");
  form.replaceChildren();
  for (const [key, value] of Object.entries(data)) form.append(fieldFor(data, key, value, childPath("", key, false), key));
  form.append(newFieldControl());
}

/// A field the data does not have yet (emblem, logo, urgency…), added by its name as the data file spells it.
function newFieldControl() {
  const row = document.createElement("div");
  row.className = "toolbar";
  const name = document.createElement("input");
  name.type = "text";
  name.id = "new-field";
  name.placeholder = "emblem";
  const caption = document.createElement("label");
  caption.htmlFor = "new-field";
  caption.textContent = texts.new_field;
  const add = document.createElement("button");
  add.type = "button";
  add.textContent = texts.add;
  add.addEventListener("click", () => {
    const key = name.value.trim();
    if (key && !(key in data)) { data[key] = ""; rebuild(); }
  });
  row.append(caption, name, add);
  return row;
}

function fieldFor(parent, key, value, path, name) {
  if (Array.isArray(value)) return listFor(parent, key, value, path, name);
  if (value !== null && typeof value === "object") {
    const set = document.createElement("fieldset");
    set.dataset.path = path;
    const legend = document.createElement("legend");
    legend.textContent = label(name);
    set.append(legend);
    for (const [child, inner] of Object.entries(value)) set.append(fieldFor(value, child, inner, childPath(path, child, false), child));
    return set;
  }
  return inputFor(parent, key, value, path, name);
}

function inputFor(parent, key, value, path, name) {
  const wrapper = document.createElement("label");
  const id = "f-" + path.replace(/[^A-Za-z0-9_-]/g, "_");
  wrapper.htmlFor = id;
  wrapper.append(document.createTextNode(typeof key === "number" ? "" : label(name, path)));
  const text = value === null || value === undefined ? "" : String(value);
  const long = typeof value === "string" && (text.length > 60 || text.includes("\n"));
  const input = document.createElement(long ? "textarea" : "input");
  if (!long) input.type = "text";
  if (typeof value === "number") input.inputMode = "decimal";
  input.id = id;
  // A list item has no caption of its own: its list's name and its number are its name to a screen reader.
  if (typeof key === "number") input.setAttribute("aria-label", `${label(name, path)} ${key + 1}`);
  input.value = text;
  input.dataset.path = path;
  input.addEventListener("input", () => {
    parent[key] = typed(input.value, value);
    scheduleCheck();
  });
  wrapper.append(input);
  return wrapper;
}

/// What was typed, as the field's kind: a number stays a number where it reads as one.
function typed(text, before) {
  if (typeof before === "number" && text.trim() !== "" && !isNaN(Number(text))) return Number(text);
  return text;
}

function listFor(parent, key, list, path, name) {
  const set = document.createElement("fieldset");
  set.dataset.path = path;
  const legend = document.createElement("legend");
  legend.textContent = label(name);
  set.append(legend);
  list.forEach((item, index) => {
    const row = document.createElement("div");
    row.className = "item";
    row.append(fieldFor(list, index, item, childPath(path, index, true), name));
    const remove = document.createElement("button");
    remove.type = "button";
    remove.textContent = texts.remove;
    remove.setAttribute("aria-label", `${texts.remove} ${label(name)} ${index + 1}`);
    remove.addEventListener("click", () => { list.splice(index, 1); rebuild(); });
    row.append(remove);
    set.append(row);
  });
  const add = document.createElement("button");
  add.type = "button";
  add.textContent = `${texts.add} ${label(name)}`;
  add.addEventListener("click", () => { list.push(blank(list[list.length - 1])); rebuild(); });
  set.append(add);
  return set;
}

/// A new item shaped like the last one, its texts empty.
function blank(like) {
  if (Array.isArray(like)) return [];
  if (like !== null && typeof like === "object") return Object.fromEntries(Object.entries(like).map(([k, v]) => [k, blank(v)]));
  return typeof like === "number" ? null : "";
}

function rebuild() {
  buildEditor();
  relabelScores();
  scheduleCheck();
}

// MARK: Checks, as the official types

function scheduleCheck() {
  clearTimeout(checkTimer);
  checkTimer = setTimeout(runCheck, 400);
}

async function post(path, body, type = "application/json") {
  const url = `${path}${path.includes("?") ? "&" : "?"}lang=${language}`;
  const images = $("images").files;
  if (type === "application/json" && images.length > 0 && path !== "/api/yaml") {
    // The images the data names (an emblem, a logo, a signature) go with it, under their own file names.
    const form = new FormData();
    form.append("data", new Blob([body], { type }), "data.json");
    for (const image of images) form.append("image", image, image.name);
    return fetch(url, { method: "POST", body: form });
  }
  return fetch(url, { method: "POST", headers: { "Content-Type": type }, body });
}

async function runCheck() {
  const serial = ++checkSerial;
  $("status").textContent = texts.checking;
  const response = await post("/api/check", JSON.stringify(data));
  if (serial !== checkSerial) return;  // a newer check is on its way
  const report = await response.json();
  if (!response.ok) return showRefusal(report);
  showFindings(report.findings || []);
  showComputed(report.computed);
  $("status").textContent = report.errors === 0 ? `${texts.check_clean} (${report.warnings} ${texts.warnings})`
    : `${report.errors} ${texts.errors}, ${report.warnings} ${texts.warnings}`;
}

function showRefusal(report) {
  $("status").textContent = `${texts.failed}: ${report.error ? report.error.message : ""}`;
}

/// Each finding beside the field it names (or the nearest enclosing one), and all of them in the summary.
function showFindings(findings) {
  document.querySelectorAll("#editor .finding").forEach((node) => node.remove());
  document.querySelectorAll("#editor [aria-invalid]").forEach((node) => { node.removeAttribute("aria-invalid"); node.removeAttribute("aria-describedby"); });
  const summary = $("summary");
  summary.replaceChildren();
  findings.forEach((finding, index) => {
    const id = `finding-${index}`;
    const line = document.createElement("li");
    line.className = `finding ${finding.severity}`;
    const target = fieldNode(finding.field || "");
    const text = `${finding.field ? finding.field + ": " : ""}${finding.message} [${finding.code}]`;
    if (target) {
      // In the summary, a finding takes the official to its field.
      const jump = document.createElement("a");
      jump.href = "#" + (target.id || "");
      jump.textContent = text;
      jump.addEventListener("click", (event) => {
        event.preventDefault();
        (target.matches("input, textarea") ? target : target.querySelector("input, textarea, button") || target).focus();
      });
      line.append(jump);
    } else {
      line.textContent = text;
    }
    summary.append(line);
    if (!target) return;
    const note = document.createElement("p");
    note.className = `finding ${finding.severity}`;
    note.id = id;
    note.textContent = `${finding.message} [${finding.code}]`;
    if (target.tagName === "FIELDSET") {
      target.querySelector("legend").after(note);
    } else {
      target.after(note);
      if (finding.severity === "error") target.setAttribute("aria-invalid", "true");
      target.setAttribute("aria-describedby", id);
    }
  });
}

function fieldNode(path) {
  while (path) {
    const node = document.querySelector(`#editor [data-path="${CSS.escape(path)}"]`);
    if (node) return node;
    path = path.replace(/(\[\d+\]|\.[^.[\]]+)$/, "");
  }
  return null;
}

function showComputed(computed) {
  const box = $("computed");
  if (!computed) { box.hidden = true; return; }
  if (Object.keys(indicatorNames).length === 0 && computed.names) {
    // The indicators' names, once known, label the score fields.
    indicatorNames = computed.names;
    relabelScores();
  }
  box.hidden = false;
  box.replaceChildren();
  const heading = document.createElement("strong");
  heading.textContent = texts.computed;
  box.append(heading);
  const list = document.createElement("ul");
  for (const tool of computed.tools) {
    const item = document.createElement("li");
    item.textContent = `${tool.code} ${tool.name}: ${tool.mean} → ${tool.weighted}`;
    list.append(item);
  }
  const total = document.createElement("li");
  total.id = "computed-total";
  total.textContent = `${texts.total} ${computed.total} — ${texts.rating} ${computed.rating}`;
  list.append(total);
  box.append(list);
}

function relabelScores() {
  for (const input of document.querySelectorAll('#editor input[data-path^="scores."]')) {
    const key = input.dataset.path.slice("scores.".length);
    if (indicatorNames[key]) input.parentElement.firstChild.textContent = `${key} ${indicatorNames[key]}`;
  }
}

// MARK: Pages, PDF, YAML

async function showPage(number) {
  $("status").textContent = texts.working;
  const response = await post(`/api/preview?page=${number}`, JSON.stringify(data));
  if (!response.ok) return failed(response);
  const pages = Number(response.headers.get("X-Saraban-Pages") || 1);
  const image = document.createElement("img");
  image.src = URL.createObjectURL(await response.blob());
  image.alt = `${texts.page} ${number} ${texts.of} ${pages}`;
  const holder = $("pages");
  holder.replaceChildren();
  const choose = document.createElement("div");
  choose.className = "toolbar";
  for (let page = 1; page <= pages; page++) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = `${texts.page} ${page}`;
    if (page === number) button.setAttribute("aria-current", "page");
    button.addEventListener("click", () => showPage(page));
    choose.append(button);
  }
  holder.append(choose, image);
  $("status").textContent = "";
}

async function failed(response) {
  const report = await response.json().catch(() => ({}));
  if (report.findings) {
    showFindings(report.findings);
    $("status").textContent = `${texts.failed}: ${report.errors} ${texts.errors}`;
  } else {
    showRefusal(report);
  }
}

function offer(blob, name) {
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
}

async function downloadPDF() {
  $("status").textContent = texts.working;
  const response = await post("/api/render", JSON.stringify(data));
  if (!response.ok) return failed(response);
  const name = ((data.agency && data.agency.abbreviation) || data.subject || "document").replace(/[\\/:*?"<>|]/g, "_");
  offer(await response.blob(), `${name}.pdf`);
  $("status").textContent = "";
}

async function saveYAML() {
  const response = await post("/api/yaml", JSON.stringify(data));
  if (!response.ok) return failed(response);
  offer(await response.blob(), "saraban-data.yaml");
}

async function openFile(file) {
  const response = await post("/api/json", await file.text(), "application/yaml");
  if (!response.ok) return failed(response);
  data = await response.json();
  rebuild();
}

async function start(kind) {
  const response = await fetch(`/api/starter?kind=${kind}&lang=${language}`);
  if (!response.ok) return failed(response);
  data = await response.json();
  rebuild();
}

// MARK: A batch

async function runBatch(event) {
  event.preventDefault();
  const form = new FormData(event.target);
  for (const [key, value] of [...form.entries()]) if (value instanceof File && value.size === 0) form.delete(key);
  $("batch-status").textContent = texts.working;
  const response = await fetch(`/api/batch?lang=${language}`, { method: "POST", body: form });
  if (!response.ok) {
    const report = await response.json().catch(() => ({}));
    $("batch-status").textContent = `${texts.failed}: ${report.error ? report.error.message : response.status}`;
    return;
  }
  offer(await response.blob(), "saraban-batch.zip");
  $("batch-status").textContent = texts.batch_done;
}

// MARK: Tabs and buttons

function selectTab(selected) {
  for (const tab of document.querySelectorAll("[role=tab]")) {
    const on = tab === selected;
    tab.setAttribute("aria-selected", String(on));
    $(tab.getAttribute("aria-controls")).hidden = !on;
  }
}

document.querySelectorAll("[role=tab]").forEach((tab) => tab.addEventListener("click", () => selectTab(tab)));
$("new").addEventListener("click", () => start("ita-measures"));
$("new-memo").addEventListener("click", () => start("memo"));
$("open").addEventListener("change", (event) => { if (event.target.files[0]) openFile(event.target.files[0]); });
$("save-yaml").addEventListener("click", saveYAML);
$("images").addEventListener("change", scheduleCheck);
$("preview").addEventListener("click", () => showPage(1));
$("download").addEventListener("click", downloadPDF);
$("batch").addEventListener("submit", runBatch);
start("ita-measures");
