#!/usr/bin/env python3
"""Reads measure_pdf.py's totals on standard input and prints them against the targets of the pagination issue."""
import json, sys

totals = json.loads(sys.stdin.read().strip().splitlines()[-1])["totals"]
targets = [
    ("stranded headings", totals["stranded_headings"], "0", totals["stranded_headings"] == 0),
    ("runts", totals["runts"], "0", totals["runts"] == 0),
    ("compound splits per 100 Thai line ends", totals["compound_splits_per_100_thai_line_ends"], "≤ 5",
     totals["compound_splits_per_100_thai_line_ends"] <= 5),
    ("numbers parted from their unit", totals["unit_splits"], "0", totals["unit_splits"] == 0),
    ("addresses broken at a wrong place", totals["url_splits"], "0", totals["url_splits"] == 0),
    ("letters outside the text area", totals["outside_text_area"], "0", totals["outside_text_area"] == 0),
    ("widest space (em)", totals["widest_space_em"], "< 1", totals["widest_space_em"] < 1),
    ("widest gap inside a word (em)", totals["widest_gap_inside_word_em"], "≤ 0.101", totals["widest_gap_inside_word_em"] <= 0.101),
    ("continuation words not as the rule says", totals["bad_continuations"], "0", totals["bad_continuations"] == 0),
]
print(f"{totals['documents']} documents, {totals['pages']} pages, {totals['lines']} lines, "
      f"{totals['thai_line_ends']} line ends between Thai letters, {totals['blank_foot_pages']} pages ending more than "
      f"four lines early")
for name, value, target, met in targets:
    print(f"  {name:<42} {value:>8}   target {target:<6} {'met' if met else 'MISSED'}")
sys.exit(0 if all(met for *_, met in targets) else 1)
