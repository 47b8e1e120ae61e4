#!/usr/bin/env python3
"""An OpenDocument spreadsheet (.ods) from a CSV table, written with zipfile alone, as LibreOffice writes one: numbers
as float cells (office:value), dates as date cells, text in <text:p>; each row ends with an empty cell repeated to
the last column and the sheet with an empty row repeated to the millionth; the first header cell carries a comment
(office:annotation), and a space in the second row's name is written <text:s/>.

Usage: make_ods.py TABLE.csv OUT.ods [VARIANT]
VARIANT breaks it as a spreadsheet user might: formula-error (C3 holds a formula giving #DIV/0!), merged-header
(A1:B1 merged), merged-rows (the last column's cells of rows 2 and 3 merged), not-zip (text named .ods), cut-short
(content.xml ends in the middle of the sheet, as a copy interrupted)."""
import csv, re, sys, zipfile
from xml.sax.saxutils import escape

source, out = sys.argv[1], sys.argv[2]
variant = sys.argv[3] if len(sys.argv) > 3 else ""
with open(source, encoding="utf-8-sig", newline="") as f:
    rows = list(csv.reader(f))
if variant == "not-zip":
    open(out, "w").write("agency.name,agency.abbreviation\n")
    sys.exit(0)

NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
last = len(rows[0]) - 1


def text_cell(value, attributes=""):
    return f'<table:table-cell office:value-type="string"{attributes}><text:p>{escape(value)}</text:p></table:table-cell>'


def cell(value, row, column):
    if variant == "formula-error" and (row, column) == (3, 2):
        return ('<table:table-cell table:formula="of:=1/0" office:string-value="" calcext:value-type="error">'
                '<text:p>#DIV/0!</text:p></table:table-cell>')
    if variant == "merged-header" and row == 1 and column == 1:
        return "<table:covered-table-cell/>"
    if variant == "merged-rows" and column == last and row == 3:
        return "<table:covered-table-cell/>"
    spans = ""
    if variant == "merged-header" and (row, column) == (1, 0):
        spans = ' table:number-columns-spanned="2" table:number-rows-spanned="1"'
    if variant == "merged-rows" and (row, column) == (2, last):
        spans = ' table:number-columns-spanned="1" table:number-rows-spanned="2"'
    if value == "":
        return f"<table:table-cell{spans}/>"
    if row > 1 and NUMBER.match(value):
        return f'<table:table-cell office:value-type="float" office:value="{value}"{spans}><text:p>{value}</text:p></table:table-cell>'
    if row > 1 and DATE.match(value):
        return f'<table:table-cell office:value-type="date" office:date-value="{value}T00:00:00"{spans}><text:p>{value}</text:p></table:table-cell>'
    if (row, column) == (1, 0):
        return (f'<table:table-cell office:value-type="string"{spans}><office:annotation><dc:creator>ผู้จัดทำ</dc:creator>'
                f'<text:p>หมายเหตุ: ชื่อเต็มของหน่วยงาน</text:p></office:annotation><text:p>{escape(value)}</text:p></table:table-cell>')
    if (row, column) == (2, 0) and " " in value:
        first, rest = value.split(" ", 1)
        return f'<table:table-cell office:value-type="string"{spans}><text:p>{escape(first)}<text:s/>{escape(rest)}</text:p></table:table-cell>'
    return text_cell(value, spans)


body = []
for number, row in enumerate(rows, 1):
    cells = "".join(cell(value, number, column) for column, value in enumerate(row))
    body.append(f'<table:table-row>{cells}<table:table-cell table:number-columns-repeated="{1024 - len(row)}"/></table:table-row>')
body.append('<table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>')

content = ('<?xml version="1.0" encoding="UTF-8"?>'
           '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
           'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
           'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2" '
           'xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0" office:version="1.3">'
           '<office:body><office:spreadsheet><table:table table:name="สำนักงาน"><table:table-column table:number-columns-repeated="1024"/>'
           + "".join(body) + '</table:table><table:table table:name="หมายเหตุ"><table:table-row><table:table-cell office:value-type="string">'
           '<text:p>แผ่นงานที่สอง</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>')
manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
            '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>')
with zipfile.ZipFile(out, "w") as z:
    # The media type first and stored, as ODF asks, so tools can tell the file by its first bytes.
    z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED)
    z.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
    if variant == "cut-short":
        content = content[:content.index("</table:table>") // 2]
    z.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
