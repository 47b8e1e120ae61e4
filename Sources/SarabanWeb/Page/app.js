// The page's script: a form built from the data itself (every field of the data file, lists with add and remove),
// the checks of /api/check shown beside the fields they concern as the official types, the pages as images,
// and downloads. No framework: the page is what saraban serves, nothing else is fetched.
"use strict";

const texts = JSON.parse(document.getElementById("texts").textContent);
const language = document.documentElement.lang;
let data = {};
/// The JSON Schema of the data's kind (GET /api/schema): which fields a document may have, and what each holds.
let schema = { $defs: {} };
let schemaKind = null;
let checkTimer = null;
let checkSerial = 0;

const $ = (id) => document.getElementById(id);
/// A field's control: the node itself when it is one, else the first inside it (a group's first input).
const CONTROLS = "input, textarea, select";
const controlIn = (node) => (node.matches(CONTROLS) ? node : node.querySelector(CONTROLS));
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
  for (const [key, value] of Object.entries(data)) {
    form.append(fieldFor(data, key, value, childPath("", key, false), key, propertySchema(schema, data, key)));
  }
  const chooser = fieldChooser(data, schema, "");
  if (chooser) form.append(chooser);
}

// MARK: The schema, followed alongside the data

/// The schema node `node` stands for, its reference followed.
function resolved(node) {
  while (node && node.$ref) node = schema.$defs[node.$ref.replace("#/$defs/", "")];
  return node || {};
}

/// The one of a node's alternatives (oneOf) that the value takes: a list, an object, or a single value.
function branchFor(node, value) {
  node = resolved(node);
  if (!node.oneOf) return node;
  const shape = (v) => (Array.isArray(v) ? "array" : v !== null && typeof v === "object" ? "object" : "scalar");
  const shapeOf = (branch) => (branch.type === "array" ? "array" : branch.type === "object" ? "object" : "scalar");
  const branches = node.oneOf.map(resolved);
  return branches.find((branch) => shapeOf(branch) === shape(value)) || branches[0];
}

function propertySchema(node, value, key) {
  return (branchFor(node, value).properties || {})[key] || {};
}

function itemSchema(node, list) {
  return branchFor(node, list).items || {};
}

/// A new field's first value: its required parts present, its texts empty, a list with one item.
function blankOf(node) {
  node = resolved(node);
  if (node.oneOf) return blankOf(node.oneOf[0]);
  if (node.type === "array") return [blankOf(node.items)];
  if (node.type === "object") {
    // Its required fields, and the first of any alternatives it requires one of (a member's name or position).
    const keys = [...(node.required || []), ...((node.anyOf || [])[0]?.required || [])];
    return Object.fromEntries([...new Set(keys)].map((key) => [key, blankOf(node.properties[key])]));
  }
  return "";
}

function isNumeric(node) {
  const types = [].concat(resolved(node).type || []);
  return types.includes("number") || types.includes("integer");
}

/// The fields an object may have and does not yet (an emblem, urgency, references, a signature image…), offered
/// by their names in the page's language; nothing when there is none, or none that has a name to show.
function fieldChooser(value, node, path) {
  const properties = branchFor(node, value).properties || {};
  const missing = Object.keys(properties).filter((key) => !(key in value) && key !== "kind" && texts["field." + key]);
  if (missing.length === 0) return null;
  const row = document.createElement("div");
  row.className = "toolbar";
  const id = "new-field-" + (path.replace(/[^A-Za-z0-9_-]/g, "_") || "top");
  const caption = document.createElement("label");
  caption.htmlFor = id;
  caption.textContent = texts.new_field;
  const choice = document.createElement("select");
  choice.id = id;
  choice.className = "new-field";
  for (const key of missing) choice.append(new Option(label(key), key));
  const add = document.createElement("button");
  add.type = "button";
  add.textContent = texts.add;
  add.addEventListener("click", () => {
    value[choice.value] = blankOf(properties[choice.value]);
    rebuild();
    const added = document.querySelector(`#editor [data-path="${CSS.escape(childPath(path, choice.value, false))}"]`);
    (added && controlIn(added))?.focus();
  });
  row.append(caption, choice, add);
  return row;
}

// MARK: Fields

function fieldFor(parent, key, value, path, name, node) {
  if (Array.isArray(value)) return listFor(parent, key, value, path, name, node);
  if (value !== null && typeof value === "object") {
    const set = document.createElement("fieldset");
    set.dataset.path = path;
    const legend = document.createElement("legend");
    legend.textContent = label(name);
    set.append(legend);
    for (const [child, inner] of Object.entries(value)) {
      set.append(fieldFor(value, child, inner, childPath(path, child, false), child, propertySchema(node, value, child)));
    }
    const chooser = fieldChooser(value, node, path);
    if (chooser) set.append(chooser);
    return set;
  }
  return inputFor(parent, key, value, path, name, node);
}

function inputFor(parent, key, value, path, name, node) {
  if (key === "date" && typeof value === "string" && (value.trim() === "" || readDate(value))) return dateFor(parent, key, value, path, name);
  const wrapper = document.createElement("label");
  const id = "f-" + path.replace(/[^A-Za-z0-9_-]/g, "_");
  wrapper.htmlFor = id;
  wrapper.append(document.createTextNode(typeof key === "number" ? "" : label(name, path)));
  const text = value === null || value === undefined ? "" : String(value);
  const choices = resolved(node).enum;
  const long = !choices && typeof value === "string" && (text.length > 60 || text.includes("\n"));
  const input = document.createElement(choices ? "select" : long ? "textarea" : "input");
  if (choices) {
    // A field with a fixed set of words (ด่วนที่สุด/ด่วนมาก/ด่วน, ลับ…, thai/arabic) is chosen, not typed.
    if (!choices.includes(text)) input.append(new Option(text, text));
    for (const choice of choices) input.append(new Option(choice, choice));
  } else if (!long) {
    input.type = "text";
  }
  if (typeof value === "number") input.inputMode = "decimal";
  input.id = id;
  // A list item has no caption of its own: its list's name and its number are its name to a screen reader.
  if (typeof key === "number") input.setAttribute("aria-label", `${label(name, path)} ${key + 1}`);
  input.value = text;
  input.dataset.path = path;
  input.addEventListener(choices ? "change" : "input", () => {
    parent[key] = typed(input.value, typeof value === "number" || isNumeric(node));
    scheduleCheck();
  });
  wrapper.append(input);
  return wrapper;
}

// A date as Thai forms ask for it: the day, the month by its name, the Buddhist Era year; kept in the data as
// YYYY-MM-DD with the B.E. year, which saraban reads as it reads a typed one. A value the page cannot read as a date
// stays a text field, so that what was typed is seen and can be corrected beside its finding.
function dateFor(parent, key, value, path, name) {
  const set = document.createElement("fieldset");
  set.className = "date";
  set.dataset.path = path;
  const legend = document.createElement("legend");
  legend.textContent = label(name, path);
  set.append(legend);
  const [year, month, day] = readDate(value) || [];
  const thisYear = new Date().getFullYear() + 543;
  const years = [];
  for (let y = thisYear - 5; y <= thisYear + 2; y++) years.push(y);
  if (year && !years.includes(year)) years.unshift(year);
  const months = texts.date_months.split(",");
  const day31 = Array.from({ length: 31 }, (_, index) => index + 1);
  const parts = [
    dateSelect(texts.date_day, day31, day, String),
    dateSelect(texts.date_month, months.map((_, index) => index + 1), month, (m) => months[m - 1]),
    dateSelect(texts.date_year, years, year, String),
  ];
  const update = () => {
    const [d, m, y] = parts.map((select) => select.value);
    if (d && m && y) parent[key] = `${y}-${m.padStart(2, "0")}-${d.padStart(2, "0")}`;
    else if (!d && !m && !y) parent[key] = "";
    else return;  // half chosen: the data keeps what it had until the date is whole
    scheduleCheck();
  };
  for (const select of parts) {
    select.addEventListener("change", update);
    set.append(select);
  }
  return set;
}

function dateSelect(name, values, chosen, caption) {
  const select = document.createElement("select");
  select.setAttribute("aria-label", name);
  select.append(new Option("—", ""));
  for (const value of values) select.append(new Option(caption(value), String(value)));
  select.value = chosen ? String(chosen) : "";
  return select;
}

/// [B.E. year, month, day] of YYYY-MM-DD (C.E. or B.E., Arabic or Thai digits), or null.
function readDate(text) {
  const digits = text.trim().replace(/[๐-๙]/g, (d) => String(d.charCodeAt(0) - 0x0e50));
  const match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(digits);
  if (!match) return null;
  const [year, month, day] = match.slice(1).map(Number);
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  return [year > 2400 ? year : year + 543, month, day];
}

/// What was typed, as the field's kind: a number stays a number where it reads as one.
function typed(text, numeric) {
  if (numeric && text.trim() !== "" && !isNaN(Number(text))) return Number(text);
  return text;
}

function listFor(parent, key, list, path, name, node) {
  const set = document.createElement("fieldset");
  set.dataset.path = path;
  const legend = document.createElement("legend");
  legend.textContent = label(name);
  set.append(legend);
  list.forEach((item, index) => {
    const row = document.createElement("div");
    row.className = "item";
    row.append(fieldFor(list, index, item, childPath(path, index, true), name, itemSchema(node, list)));
    const remove = document.createElement("button");
    remove.type = "button";
    remove.textContent = texts.remove;
    remove.setAttribute("aria-label", `${texts.remove} ${label(name)} ${index + 1}`);
    remove.addEventListener("click", () => { list.splice(index, 1); rebuild(); });
    row.append(remove);
    set.append(row);
  });
  // An item may take more than one shape (an order's body: a paragraph, or a list of the people it appoints; a
  // memo's enclosure: a title, or a title and its file): a button for each, the plain one adding text.
  const item = resolved(itemSchema(node, list));
  const shapes = (item.oneOf || []).map(resolved).filter((branch) => branch.type === "object");
  const add = document.createElement("button");
  add.type = "button";
  add.textContent = `${texts.add} ${label(name)}`;
  add.addEventListener("click", () => {
    list.push(shapes.length > 0 ? "" : list.length > 0 ? blank(list[list.length - 1]) : blankOf(item));
    rebuild();
  });
  set.append(add);
  for (const shape of shapes) {
    const more = document.createElement("button");
    more.type = "button";
    more.textContent = `${texts.add} ${label(name)}: ${Object.keys(shape.properties || {}).map((key) => label(key)).join(", ")}`;
    more.addEventListener("click", () => { list.push(blankOf(shape)); rebuild(); });
    set.append(more);
  }
  return set;
}

/// A new item shaped like the last one, its texts empty.
function blank(like) {
  if (Array.isArray(like)) return [];
  if (like !== null && typeof like === "object") return Object.fromEntries(Object.entries(like).map(([k, v]) => [k, blank(v)]));
  return typeof like === "number" ? null : "";
}

/// The kind a data file is of: its `kind`, or the measures report.
const kindOf = (value) => (value && typeof value.kind === "string" && value.kind) || "ita-measures";

async function rebuild() {
  const kind = kindOf(data);
  if (kind !== schemaKind) {
    const response = await fetch(`/api/schema?kind=${encodeURIComponent(kind)}&lang=${language}`);
    // An unknown kind gets its finding from the checks; the form is then built without a schema.
    schema = response.ok ? await response.json() : { $defs: {} };
    schemaKind = kind;
  }
  buildEditor();
  relabelScores();
  fillSignatories();
  scheduleCheck();
}

// MARK: Checks, as the official types

function scheduleCheck() {
  clearTimeout(checkTimer);
  checkTimer = setTimeout(runCheck, 400);
}

async function post(path, body, type = "application/json") {
  const url = `${path}${path.includes("?") ? "&" : "?"}lang=${language}`;
  if (type === "application/json" && $("images").files.length > 0 && path !== "/api/yaml") {
    return fetch(url, { method: "POST", body: formWith(body) });
  }
  return fetch(url, { method: "POST", headers: { "Content-Type": type }, body });
}

// The data and the files it names, under their own file names: images (an emblem, a logo, a signature) as image
// parts, data files it sets in after itself (a memo's measures report) as file parts.
function formWith(body) {
  const form = new FormData();
  form.append("data", new Blob([body], { type: "application/json" }), "data.json");
  for (const file of $("images").files) form.append(/\.png$/i.test(file.name) ? "image" : "file", file, file.name);
  return form;
}

async function runCheck() {
  const serial = ++checkSerial;
  $("status").textContent = texts.checking;
  const response = await post("/api/check", JSON.stringify(data));
  if (serial !== checkSerial) return;  // a newer check is on its way
  const report = await response.json();
  if (!response.ok) return showRefusal(report);
  showFindings(report.findings || [], report.file);
  showComputed(report.computed);
  $("status").textContent = report.errors === 0 ? `${texts.check_clean} (${report.warnings} ${texts.warnings})`
    : `${report.errors} ${texts.errors}, ${report.warnings} ${texts.warnings}`;
}

function showRefusal(report) {
  $("status").textContent = `${texts.failed}: ${report.error ? report.error.message : ""}`;
}

/// Each finding beside the field it names (or the nearest enclosing one), and all of them in the summary; a finding
/// in another file than the data (the report a memo sets in) says which, and stays in the summary.
function showFindings(findings, ownFile) {
  document.querySelectorAll("#editor .finding").forEach((node) => node.remove());
  document.querySelectorAll("#editor [aria-invalid]").forEach((node) => { node.removeAttribute("aria-invalid"); node.removeAttribute("aria-describedby"); });
  const summary = $("summary");
  summary.replaceChildren();
  findings.forEach((finding, index) => {
    const id = `finding-${index}`;
    const line = document.createElement("li");
    line.className = `finding ${finding.severity}`;
    const elsewhere = ownFile && finding.file && finding.file !== ownFile ? finding.file : null;
    const target = elsewhere ? null : fieldNode(finding.field || "");
    const text = `${elsewhere ? elsewhere + ": " : ""}${finding.field ? finding.field + ": " : ""}${finding.message} [${finding.code}]`;
    if (target) {
      // In the summary, a finding takes the official to its field.
      const jump = document.createElement("a");
      jump.href = "#" + (target.id || "");
      jump.textContent = text;
      jump.addEventListener("click", (event) => {
        event.preventDefault();
        (controlIn(target) || target.querySelector("button") || target).focus();
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

/// The field a finding names, or the nearest enclosing one on the form; none for a field of another file (the
/// report a memo sets in), whose findings stay in the summary.
function fieldNode(path) {
  while (path) {
    const node = document.querySelector(`#editor [data-path="${CSS.escape(path)}"]`);
    if (node) return node;
    const shorter = path.replace(/(\[\d+\]|\.[^.[\]]+)$/, "");
    if (shorter === path) return null;  // a top-level name the form does not have
    path = shorter;
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
    showFindings(report.findings, report.file);
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

function documentName() {
  return ((data.agency && data.agency.abbreviation) || data.subject || "document").replace(/[\\/:*?"<>|]/g, "_");
}

async function downloadPDF() {
  $("status").textContent = texts.working;
  const response = await post("/api/render", JSON.stringify(data));
  if (!response.ok) return failed(response);
  offer(await response.blob(), `${documentName()}.pdf`);
  $("status").textContent = "";
}

// MARK: Signing (offered only by a server on the official's own machine)

// The signatories the data has, by number and name: a report's list, or a memo's or letter's one signatory.
function fillSignatories() {
  const select = $("sign-signer");
  if (!select) return;
  const people = Array.isArray(data.signatories) ? data.signatories : data.signatory ? [data.signatory] : [];
  const chosen = select.value;
  select.replaceChildren(...people.map((person, index) => {
    const option = document.createElement("option");
    option.value = String(index + 1);
    option.textContent = `${index + 1}. ${(person && person.name) || ""}`;
    return option;
  }));
  if (chosen && Number(chosen) <= people.length) select.value = chosen;
}

async function downloadSigned() {
  const file = $("sign-p12").files[0];
  if (!file) {
    $("status").textContent = texts.signing_choose_file;
    $("sign-p12").focus();
    return;
  }
  $("status").textContent = texts.working;
  const form = formWith(JSON.stringify(data));
  form.append("sign-p12", file, "signer.p12");
  form.append("sign-password", $("sign-password").value);
  form.append("sign-signer", $("sign-signer").value || "1");
  if ($("sign-visible").checked) form.append("sign-visible", "1");
  if ($("sign-reason").value.trim()) form.append("sign-reason", $("sign-reason").value.trim());
  const response = await fetch(`/api/render?lang=${language}`, { method: "POST", body: form });
  if (!response.ok) return failed(response);
  // The password is not kept in the page once used.
  $("sign-password").value = "";
  offer(await response.blob(), `${documentName()}-signed.pdf`);
  $("status").textContent = texts.signing_done;
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

// MARK: A PDF received

async function runVerify(event) {
  event.preventDefault();
  const form = new FormData(event.target);
  for (const [key, value] of [...form.entries()]) if (value instanceof File && value.size === 0) form.delete(key);
  $("verify-status").textContent = texts.working;
  for (const id of ["verify-verdict", "verify-report", "verify-findings"]) $(id).replaceChildren();
  const response = await fetch(`/api/verify?lang=${language}`, { method: "POST", body: form });
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) {
    $("verify-status").textContent = `${texts.failed}: ${answer.error ? answer.error.message : response.status}`;
    return;
  }
  $("verify-status").textContent = "";
  const status = answer.signatures.status;
  const verdict = $("verify-verdict");
  verdict.textContent = status === 0 ? texts.verify_valid : status === 2 ? texts.verify_intact : texts.verify_invalid;
  verdict.className = status === 0 ? "verdict valid" : status === 2 ? "verdict intact" : "verdict invalid";
  $("verify-report").textContent = answer.signatures.report;
  const list = $("verify-findings");
  const heading = document.createElement("li");
  heading.textContent = answer.data ? `${texts.verify_data}: ${answer.data.errors} ${texts.errors}` : texts.verify_no_data;
  list.append(heading);
  for (const finding of (answer.data && answer.data.findings) || []) {
    const item = document.createElement("li");
    item.className = `finding ${finding.severity}`;
    item.textContent = `${finding.field || ""} ${finding.message}`;
    list.append(item);
  }
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
$("new").addEventListener("click", () => start($("new-kind").value));
$("open").addEventListener("change", (event) => { if (event.target.files[0]) openFile(event.target.files[0]); });
$("save-yaml").addEventListener("click", saveYAML);
$("images").addEventListener("change", scheduleCheck);
$("preview").addEventListener("click", () => showPage(1));
$("download").addEventListener("click", downloadPDF);
if ($("download-signed")) {
  $("download-signed").addEventListener("click", downloadSigned);
  $("sign-signer").addEventListener("focus", fillSignatories);
}
$("batch").addEventListener("submit", runBatch);
$("verify").addEventListener("submit", runVerify);
start("ita-measures");
