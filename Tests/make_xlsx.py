#!/usr/bin/env python3
"""A small .xlsx workbook for the batch tests, written with zipfile alone: shared strings, numbers (one with
Excel's binary noise), an inline string, an empty cell, a score out of range. Usage: make_xlsx.py OUT.xlsx [VARIANT]
VARIANT breaks it as a spreadsheet user might: cut-short (the sheet part ends halfway), formula-error (a cell holding #DIV/0!), merged-header (A1:B1 merged),
merged-rows (S2:S3 merged, so row 3's signatory is empty while the sheet shows row 2's), not-zip (text named .xlsx)."""
import sys, zipfile
out=sys.argv[1]
variant=sys.argv[2] if len(sys.argv)>2 else ""
rows=[["agency.name","agency.abbreviation"]+["scores.%d"%i for i in range(1,9)]+["scores.9.%d"%i for i in range(1,6)]+["scores.10.1","scores.10.2","published.rating","signatories.1.name"],
      ["สำนักงานเขตพื้นที่การศึกษาประถมศึกษาตาก เขต 2","สพป.ตาก เขต 2",98.1,93.51,90.85,91.39,90.23,94.41,94.29,92.41,100,100,100,100,75,100,100,"A","นายเสกฐวุฒิ กลิ่นหอม"],
      ["สำนักงานเขตพื้นที่การศึกษาประถมศึกษาเชียงใหม่ เขต 1","สพป.เชียงใหม่ เขต 1","94.960000000000008",90,90,90,90,90,90,90,100,100,None,100,"190",100,100,"","inline"]]
shared=[]
def sidx(t):
    if t not in shared: shared.append(t)
    return shared.index(t)
def col(i): return chr(65+i)
sheet=['<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>']
for r,row in enumerate(rows,1):
    sheet.append('<row r="%d">'%r)
    for c,v in enumerate(row):
        ref='%s%d'%(col(c),r)
        if v is None: continue
        if variant=="merged-rows" and ref=="S3": continue
        if variant=="formula-error" and ref=="C3": sheet.append('<c r="C3" t="e"><f>1/0</f><v>#DIV/0!</v></c>'); continue
        if v=="inline": sheet.append('<c r="%s" t="inlineStr"><is><t>นางสาวทดสอบ ระบบ</t></is></c>'%ref)
        elif isinstance(v,(int,float)) or (isinstance(v,str) and v.replace('.','',1).isdigit()): sheet.append('<c r="%s"><v>%s</v></c>'%(ref,v))
        else: sheet.append('<c r="%s" t="s"><v>%d</v></c>'%(ref,sidx(v)))
    sheet.append('</row>')
sheet.append('</sheetData>')
if variant=="merged-header": sheet.append('<mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells>')
if variant=="merged-rows": sheet.append('<mergeCells count="1"><mergeCell ref="S2:S3"/></mergeCells>')
sheet.append('</worksheet>')
if variant=="not-zip":
    open(out,"w").write("agency.name,agency.abbreviation\n")
    sys.exit(0)
sst='<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'+''.join('<si><t>%s</t></si>'%s for s in shared)+'</sst>'
wb='<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="สำนักงาน" sheetId="1" r:id="rId1"/></sheets></workbook>'
rels='<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
with zipfile.ZipFile(out,'w',zipfile.ZIP_DEFLATED) as z:
    z.writestr('xl/workbook.xml',wb); z.writestr('xl/_rels/workbook.xml.rels',rels)
    sheet_xml=''.join(sheet)
    if variant=="cut-short": sheet_xml=sheet_xml[:len(sheet_xml)//2]   # a sheet whose part ends in the middle of its rows
    z.writestr('xl/worksheets/sheet1.xml',sheet_xml); z.writestr('xl/sharedStrings.xml',sst)
