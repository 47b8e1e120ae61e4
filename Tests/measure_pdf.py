#!/usr/bin/env python3
"""What a reader measures on a PDF of saraban's, from the PDF alone (MuPDF's text with each character's box).

Usage: measure_pdf.py LAYOUT.yaml FILE.pdf [FILE.pdf ...]   → one JSON object per file, and totals
       measure_pdf.py LAYOUT.yaml --totals FILE.pdf ...      → the totals only
       measure_pdf.py LAYOUT.yaml FILE.pdf ... --layout OTHER.yaml FILE.pdf ...  → each file with the layout before it

The same rules as `saraban render --report` (SarabanLayout/ReaderMeasure.swift), applied to what the PDF draws:
  - lines: the characters sharing a baseline; a table line has letters more than 2 em apart (two cells), and
    is left out of the paragraph rules;
  - a line continues the one before it (same paragraph) when the one before reaches the right margin (it was
    justified, so it was not a paragraph's last line); across a page break too;
  - stranded heading: a page (not the last) whose last line of text is bold;
  - runt: a line that continues another, does not reach the margin, and is shorter than the layout's
    `line_breaking.min_last_line` share of its measure;
  - compound split: a break between two lines inside a word of the lexicon (the compounds and no-break words of
    the layout file); counted per 100 line ends that fall between Thai letters;
  - unit split: a number at a line's end and its unit (`NoBreakRules` units) at the next line's start;
  - URL split: a break inside "https://", or not after / . - _ ? & = inside an address;
  - widest gap inside a word (between two letters with no space between) and between words (across spaces), in em;
  - blank foot: a page (not the last) with more than four empty line pitches above the bottom margin;
  - outside: characters beyond the left or right margin;
  - bad continuation: a continuation word (below the bottom margin, "/…...") with more or fewer than three dots at
    its end, or longer than the layout's continuation.max_letters before them."""
import json, os, re, subprocess, sys, xml.etree.ElementTree as ElementTree

import yaml

CM = 72 / 2.54
MARKS = set(chr(c) for c in list(range(0x0E31, 0x0E32)) + list(range(0x0E34, 0x0E3B)) + list(range(0x0E47, 0x0E4F)))


def thai_letter(c):
    return "\u0E01" <= c <= "\u0E4E"


def latin(c):
    return c.isascii() and c.isalpha()


class Layout:
    def __init__(self, path):
        with open(path, encoding="utf-8") as handle:
            data = yaml.safe_load(handle)
        folder = os.path.dirname(path)
        page, margins = data["page"], data["margins_cm"]
        self.width = page["width_mm"] / 25.4 * 72
        self.height = page["height_mm"] / 25.4 * 72
        self.left = margins["left"] * CM
        self.right = self.width - margins["right"] * CM
        self.top = margins["top"] * CM
        self.bottom = self.height - margins["bottom"] * CM
        self.pitch = data["font"]["line_pitch_pt"]
        self.size = data["font"]["size_pt"]
        breaking = data.get("line_breaking", {})
        self.min_last_line = breaking.get("min_last_line", 0.2)
        self.blank_foot_lines = 4
        self.continuation_letters = data.get("continuation", {}).get("max_letters", 20)
        words = set()
        for key in ("compounds", "no_break"):
            names = breaking.get(key)
            for name in ([names] if isinstance(names, str) else names or []):
                with open(os.path.join(folder, name), encoding="utf-8") as handle:
                    words |= {line.strip() for line in handle if line.strip() and not line.startswith("#")}
        self.lexicon = {w for w in words if " " not in w and len(w) > 1}
        self.units = ["คะแนน", "ปี", "บาท", "คน", "ลำดับ", "เดือน", "วัน", "ครั้ง", "แห่ง"]


def characters(pdf):
    """Per page: the characters drawn, each as (c, x0, x1, baseline, size, bold)."""
    xml = subprocess.run(["mutool", "draw", "-F", "stext", "-o", "-", pdf], capture_output=True, check=True).stdout
    pages = []
    for page in ElementTree.fromstring(xml).iter("page"):
        chars = []
        for font in page.iter("font"):
            bold = "Bold" in font.get("name", "")
            size = float(font.get("size"))
            for char in font.iter("char"):
                quad = [float(v) for v in char.get("quad").split()]
                chars.append((char.get("c"), min(quad[0], quad[4]), max(quad[2], quad[6]), float(char.get("y")), size, bold))
        pages.append(chars)
    return pages


class Line:
    def __init__(self, chars):
        self.chars = chars  # in drawing order
        self.baseline = chars[0][3]
        inked = [c for c in chars if c[0] != " "]
        self.x0 = min(c[1] for c in inked) if inked else chars[0][1]
        self.x1 = max(c[2] for c in inked) if inked else chars[0][2]
        self.size = max(c[4] for c in chars)
        self.bold = all(c[5] for c in inked)
        self.text = "".join(c[0] for c in chars)
        self.is_table = self.cell_gap() is not None

    def cell_gap(self):
        """Text in two cells of a table row: letters more than 2 em apart, spaces or not between them."""
        ink = [c for c in self.chars if c[0] not in MARKS and c[0] != " "]
        for a, b in zip(ink, ink[1:]):
            if b[1] - a[2] > 2 * self.size:
                return b[1] - a[2]
        return None

    def gaps(self):
        """(widest gap between letters with no space between, widest gap across spaces), in em."""
        inside, between = 0.0, 0.0
        bases = [c for c in self.chars if c[0] not in MARKS]
        last_ink = None
        spaced = False
        for c in bases:
            if c[0] == " ":
                spaced = True
                continue
            if last_ink is not None:
                gap = (c[1] - last_ink[2]) / self.size
                if spaced:
                    between = max(between, gap)
                elif thai_letter(c[0]) and thai_letter(last_ink[0]):
                    inside = max(inside, gap)
            last_ink, spaced = c, False
        return inside, between


def lines_of(chars):
    """Characters grouped into lines by baseline, in drawing order. A mark may be drawn a little above or below
    its letter's baseline, so baselines closer than 0.4 em are one line."""
    if not chars:
        return []
    size = max(c[4] for c in chars)
    baselines = sorted({c[3] for c in chars})
    line_of, first = {}, baselines[0]
    for y in baselines:
        if y - first > 0.4 * size:
            first = y
        line_of[y] = first
    groups = {}
    for c in chars:
        groups.setdefault(line_of[c[3]], []).append(c)
    return [Line(group) for _, group in sorted(groups.items())]


def measure(pdf, layout):
    pages = characters(pdf)
    result = {"file": pdf, "pages": len(pages), "lines": 0, "stranded_headings": [], "runts": [], "compound_splits": [],
              "thai_line_ends": 0, "unit_splits": [], "url_splits": [], "widest_gap_inside_word_em": 0.0,
              "widest_space_em": 0.0, "blank_foot_pages": [], "outside_text_area": 0, "table_lines": 0,
              "bad_continuations": []}
    previous = None  # the last body line before this one, across pages
    for number, chars in enumerate(pages, start=1):
        result["outside_text_area"] += sum(1 for c in chars if c[0] != " " and c[0] not in MARKS and (c[1] < layout.left - 1 or c[2] > layout.right + 1))
        lines = lines_of(chars)
        body = [line for line in lines if layout.top - 2 < line.baseline < layout.bottom + 2]
        for foot in (line for line in lines if line.baseline > layout.bottom + 2):
            word = foot.text.strip()
            if word.startswith("/") and (not re.fullmatch(r"/[^.]?.*[^.]\.\.\.", word) or sum(1 for c in word if c not in MARKS) - 4 > layout.continuation_letters):
                result["bad_continuations"].append(word)
        result["lines"] += len(body)
        for line in body:
            if line.is_table:
                result["table_lines"] += 1
                previous = None
                continue
            inside, between = line.gaps()
            if line.x1 >= layout.right - 1:
                result["widest_gap_inside_word_em"] = max(result["widest_gap_inside_word_em"], inside)
                result["widest_space_em"] = max(result["widest_space_em"], between)
            if previous is not None and previous.x1 >= layout.right - 1 and not previous.is_table:
                judge_break(previous, line, layout, number, result)
            previous = line
        if number < len(pages) and body:
            last = body[-1]
            if last.bold and not last.is_table:
                result["stranded_headings"].append(number)
            blank = (layout.bottom - last.baseline) / layout.pitch - 1
            if blank > layout.blank_foot_lines:
                result["blank_foot_pages"].append(number)
    for key in ("widest_gap_inside_word_em", "widest_space_em"):
        result[key] = round(result[key], 3)
    return result


def judge_break(before, after, layout, page, result):
    """The rules about the break between two lines of one paragraph."""
    end, start = before.text.rstrip(), after.text.lstrip()
    if not end or not start:
        return
    measure = layout.right - after.x0
    if after.x1 < layout.right - 1 and (after.x1 - after.x0) < layout.min_last_line * measure:
        result["runts"].append(f"p{page}: {start}")
    # Cairo draws the space a line breaks at past the line's end: a break at a space is between words.
    at_space = before.text.endswith(" ")
    if thai_letter(end[-1]) and thai_letter(start[0]) and not at_space:
        result["thai_line_ends"] += 1
        for word in layout.lexicon:
            for cut in range(1, len(word)):
                if end.endswith(word[:cut]) and start.startswith(word[cut:]):
                    result["compound_splits"].append(f"{word[:cut]}|{word[cut:]}")
                    break
            else:
                continue
            break
    if end[-1].isdigit() and any(start.startswith(unit) for unit in layout.units):
        result["unit_splits"].append(f"{end.split()[-1]}|{start.split()[0]}")
    token = end.split()[-1]
    if at_space:
        return
    if re.search(r"https?:/?/?$", token) or (("://" in token or "www." in token or "@" in token) and token[-1] not in "/.-_?&="):
        result["url_splits"].append(f"{token}|{start.split()[0]}")


TOTALS = ["pages", "lines", "stranded_headings", "runts", "compound_splits", "thai_line_ends", "unit_splits",
          "url_splits", "blank_foot_pages", "outside_text_area", "table_lines", "bad_continuations"]


def totals(results):
    total = {key: sum(len(r[key]) if isinstance(r[key], list) else r[key] for r in results) for key in TOTALS}
    total["documents"] = len(results)
    total["compound_splits_per_100_thai_line_ends"] = round(100 * total["compound_splits"] / max(1, total["thai_line_ends"]), 2)
    total["widest_gap_inside_word_em"] = max((r["widest_gap_inside_word_em"] for r in results), default=0)
    total["widest_space_em"] = max((r["widest_space_em"] for r in results), default=0)
    return total


def main():
    arguments = sys.argv[1:]
    only_totals = "--totals" in arguments
    arguments = [a for a in arguments if a != "--totals"]
    # Files are measured with the layout named before them: LAYOUT FILE… [--layout LAYOUT FILE…]…
    layout = Layout(arguments.pop(0)) if arguments[0] != "--layout" else None
    results = []
    while arguments:
        argument = arguments.pop(0)
        if argument == "--layout":
            layout = Layout(arguments.pop(0))
        else:
            results.append(measure(argument, layout))
    if not only_totals:
        for r in results:
            print(json.dumps(r, ensure_ascii=False))
    print(json.dumps({"totals": totals(results)}, ensure_ascii=False))


if __name__ == "__main__":
    main()
