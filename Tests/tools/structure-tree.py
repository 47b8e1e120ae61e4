#!/usr/bin/env python3
"""Reads a PDF's structure tree and marked content with pikepdf, as an assistive tool would, and prints JSON:
the count of each structure type, the document's /Lang, each figure's alternate text, each table cell's spans,
the text of the marked content each structure element owns (from the /ActualText of its spans), and the text
marked as artifacts on each page. The Swift tests compare it with the data the PDF was made from."""
import json
import re
import sys
from collections import Counter

import pikepdf


def to_unicode(font):
    """A font's ToUnicode map as code → text, and its code length (two bytes for a Type0 font, else one)."""
    width = 2 if font.get("/Subtype") == "/Type0" else 1
    mapping = {}
    if "/ToUnicode" not in font:
        return mapping, width
    words = re.findall(rb"beginbf(char|range)(.*?)endbf\1", font.ToUnicode.read_bytes(), re.S)
    for kind, body in words:
        values = re.findall(rb"<([0-9A-Fa-f]*)>|(\[)|(\])", body)
        items, array = [], None
        for hexa, opening, closing in values:
            if opening:
                array = []
            elif closing:
                items.append(array)
                array = None
            elif array is not None:
                array.append(hexa)
            else:
                items.append(hexa)
        step = 2 if kind == b"char" else 3
        for index in range(0, len(items) - step + 1, step):
            if kind == b"char":
                mapping[int(items[index], 16)] = bytes.fromhex(items[index + 1].decode()).decode("utf-16-be")
            else:
                low, high, target = int(items[index], 16), int(items[index + 1], 16), items[index + 2]
                for offset, code in enumerate(range(low, high + 1)):
                    if isinstance(target, list):
                        mapping[code] = bytes.fromhex(target[offset].decode()).decode("utf-16-be")
                    else:
                        value = int(target, 16) + offset
                        mapping[code] = bytes.fromhex(f"{value:0{len(target)}x}").decode("utf-16-be")
    return mapping, width


def decoded(operand, font):
    mapping, width = font
    data = bytes(operand)
    return "".join(mapping.get(int.from_bytes(data[i:i + width], "big"), "") for i in range(0, len(data), width))


def text_by_sequence(page):
    """(MCID → text, artifact texts) of one page: the /ActualText of a span where there is one (Cairo writes it
    for clusters), else the shown strings through the font's ToUnicode map."""
    owned, artifacts = {}, []
    stack = []  # ("mcid", n) | ("artifact", None) | ("span", None) | ("other", None)
    fonts = {name: to_unicode(font) for name, font in page.Resources.get("/Font", {}).items()}
    font = ({}, 1)

    def record(text):
        owners = [entry for entry in stack if entry[0] in ("mcid", "artifact")]
        if not owners:
            owned.setdefault(None, []).append(text)
        elif owners[-1][0] == "artifact":
            artifacts.append(text)
        else:
            owned.setdefault(owners[-1][1], []).append(text)

    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op in ("BDC", "BMC"):
            tag = str(operands[0])
            props = operands[1] if op == "BDC" else None
            if tag == "/Artifact":
                stack.append(("artifact", None))
            elif isinstance(props, pikepdf.Dictionary) and "/MCID" in props:
                stack.append(("mcid", int(props.MCID)))
            elif isinstance(props, pikepdf.Dictionary) and "/ActualText" in props:
                record(str(props.ActualText))
                stack.append(("span", None))
            else:
                stack.append(("other", None))
        elif op == "EMC" and stack:
            stack.pop()
        elif op == "Tf":
            font = fonts.get(str(operands[0]), ({}, 1))
        elif op in ("Tj", "TJ", "'", '"') and not any(entry[0] == "span" for entry in stack):
            strings = operands[-1] if op == "TJ" else [operands[-1]]
            record("".join(decoded(item, font) for item in strings if isinstance(item, pikepdf.String)))
    return owned, artifacts


def main(path):
    pdf = pikepdf.open(path)
    pages = {page.objgen: index for index, page in enumerate(pdf.pages)}
    sequences = [text_by_sequence(page) for page in pdf.pages]
    roles, alternate, spans, elements = Counter(), [], [], []

    def walk(element, page=None):
        role = str(element.S)[1:]
        roles[role] += 1
        if "/Pg" in element:
            page = pages[element.Pg.objgen]
        if role == "Figure":
            alternate.append(str(element.get("/Alt", "")))
        if role in ("TD", "TH"):
            attributes = element.get("/A", {})
            spans.append([int(attributes.get("/RowSpan", 1)), int(attributes.get("/ColSpan", 1))])
        text = []
        entry = {"role": role, "text": ""}
        elements.append(entry)  # in reading order: before the elements under it
        kids = element.get("/K")
        for kid in (kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []):
            if isinstance(kid, int):
                text += sequences[page][0].get(kid, [])
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                kid_page = pages[kid.Pg.objgen] if "/Pg" in kid else page
                text += sequences[kid_page][0].get(int(kid.MCID), [])
            elif isinstance(kid, pikepdf.Dictionary):
                walk(kid, page)
        entry["text"] = "".join(text)

    tree = pdf.Root.StructTreeRoot
    for kid in tree.K:
        walk(kid)
    print(json.dumps({
        "roles": roles,
        "lang": str(pdf.Root.get("/Lang", "")),
        "marked": bool(pdf.Root.get("/MarkInfo", {}).get("/Marked", False)),
        "alternate": alternate,
        "spans": spans,
        "elements": elements,
        "unmarked": [text for owned, _ in sequences for text in owned.get(None, [])],
        "artifacts": [artifacts for _, artifacts in sequences],
    }, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1])
