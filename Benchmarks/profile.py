#!/usr/bin/env python3
"""`make profile`: where saraban's work goes, counted in instructions by valgrind's callgrind.

Instruction counts are repeatable where timings are not, so this is the tool for deciding whether a change
made the work smaller. Two runs:
  - one document from a cold start (the example): everything a fresh process does;
  - a batch of the library template (Examples/batch/template.yaml) over 30 generated agencies on one worker:
    the steady state, per document.
For each, the total and the inclusive share of each stage. The binary is copied without its debug
information first: valgrind 3.19 cannot read the DWARF 5 that Swift 6.3 writes (its symbols stay).
Usage: profile.py SARABAN-BINARY"""
import os, re, shutil, subprocess, sys, tempfile

binary = sys.argv[1]
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
example = os.path.join(root, "Examples", "ita-measures-tak2-2566.yaml")
template = os.path.join(root, "Examples", "batch", "template.yaml")
work = tempfile.mkdtemp(prefix="saraban-profile-")
env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000", SARABAN_HOME=root)
ROWS = 30

# Stages, each by a piece of its (mangled) symbol name; shares are inclusive, so nested stages overlap.
STAGES = [
    ("arguments (swift-argument-parser)", "ParsableCommandPAAE11parseAsRoot"),
    ("read the data", "SarabanCheck7CheckerV6decode10contentsOf"),
    ("YAML (Yams: the data, layout and framework files)", "SarabanData9YAMLValueV4load"),
    ("checks (numbers, names, wording; beside the layout)", "SarabanCheck7CheckerV5check_6source"),
    ("libthai's dictionary", "th_brk_new"),
    ("fonts and Pango set-up (beside the reading)", "SarabanLayout0B6EngineC6design11fontFolders"),
    ("  fontconfig (its XML configuration)", "FcConfigParseAndLoad"),
    ("blocks", "SarabanBlocks12BlockBuilderV5build"),
    ("layout", "SarabanLayout0B6EngineC6layout"),
    ("  line breaking (uncached paragraphs)", "SarabanLayout10TypesetterC10breakLines"),
    ("  Pango (itemize, shape, break)", "pango_layout_get_unknown_glyphs_count"),
    ("PDF", "SarabanPDF9PDFWriterV3pdf"),
    ("  page content (text, rules, marks)", "SarabanPDF11PagePainterV4text"),
    ("  fonts (HarfBuzz's subset)", "hb_subset_or_fail"),
    ("  zlib", "deflate "),
    ("  structure tree", "SarabanPDF15StructureWriterV5write"),
    ("SHA-256 of outputs", "CCryptoBoringSSL_BCM_sha256_update"),
]


def callgrind(arguments, name):
    out = os.path.join(work, name + ".out")
    subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", copy] + arguments,
                   env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    report = subprocess.run(["callgrind_annotate", "--inclusive=yes", "--threshold=100", out],
                            capture_output=True, text=True, check=True).stdout
    costs = {}
    total = 0
    for line in report.splitlines():
        match = re.match(r"\s*([\d,]+) \(\s*[\d.]+%\)\s+(\S.*)", line)
        if not match:
            continue
        count = int(match.group(1).replace(",", ""))
        if "PROGRAM TOTALS" in match.group(2):
            total = count
        for label, symbol in STAGES:
            if symbol in match.group(2) + " " and count > costs.get(label, 0):
                costs[label] = count
    return total, costs


def show(title, total, costs, per=1):
    print(f"{title}: {total / per / 1e6:,.0f} million instructions" + (" per document" if per > 1 else ""))
    for label, _ in STAGES:
        if label in costs:
            print(f"  {label:<40} {costs[label] / per / 1e6:8,.1f} M  {100 * costs[label] / total:5.1f}%")


copy = os.path.join(work, "saraban")
shutil.copy(binary, copy)
subprocess.run(["strip", "--strip-debug", copy], check=True)
table = os.path.join(work, "agencies.csv")
with open(table, "w") as out:
    subprocess.run([sys.executable, os.path.join(root, "Benchmarks", "make-table.py"), str(ROWS)], stdout=out, check=True)

show("one document, cold start", *callgrind(["render", "-q", example, "-o", os.path.join(work, "one.pdf")], "single"))
total, costs = callgrind(["batch", template, "--table", table, "-o", os.path.join(work, "out"), "--jobs", "1"], "batch")
show(f"batch of {ROWS}, one worker", total, costs, per=ROWS)
shutil.rmtree(work, ignore_errors=True)
