"""Forged and foreign PDFs for the verification tests, made with pyHanko (an independent implementation).

  forge.py sign-anyway IN OUT KEY CERT   sign with pyHanko without its key-usage check (a certificate not fit to sign)
  forge.py sign IN OUT KEY CERT          sign with pyHanko as it normally does (keeps the input's cross-reference style)
  forge.py change-page IN OUT            append an incremental update that replaces page 1's content
  forge.py sneaky IN OUT                 append an unsigned signature field whose appearance paints over page 1
                                         (the "sneaky signature" attack; pyHanko's own policy lets it through)
  forge.py repaint-signature IN OUT      give the first signature's own widget a new, visible appearance
  forge.py empty-field IN OUT            append an empty signature field for a next signer, as pyHanko makes it
  forge.py redate IN OUT                 give the first signature's dictionary a new /M and /Reason in an update
  forge.py replace-root IN OUT           append a new catalog with a new one-page document and point the
                                         trailer's /Root at it (a classic-table file, as saraban signs)
"""
import re
import sys
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils import generic
from pyhanko.sign import signers, fields


def sign(source, target, key, cert, key_usage):
    signer = signers.SimpleSigner.load(key, cert)
    meta = signers.PdfSignatureMetadata(field_name="Forged", signer_key_usage=key_usage)
    with open(source, "rb") as inp:
        writer = IncrementalPdfFileWriter(inp)
        with open(target, "wb") as out:
            signers.PdfSigner(meta, signer=signer).sign_pdf(writer, output=out)


def update(source, target, change):
    """Appends to `source` the incremental update `change(writer)` makes, written to `target`."""
    with open(source, "rb") as inp:
        writer = IncrementalPdfFileWriter(inp)
        change(writer)
        with open(target, "wb") as out:
            writer.write(out)


def change_page(writer):
    page_ref = writer.root["/Pages"]["/Kids"].raw_get(0)
    page = page_ref.get_object()
    content = generic.StreamObject(stream_data=b"BT /F1 24 Tf 100 700 Td (forged) Tj ET")
    page["/Contents"] = writer.add_object(content)
    writer.mark_update(page_ref)


OVERLAY = b"q 1 1 1 rg 0 0 300 60 re f 0 0 0 rg BT /Helv 20 Tf 10 25 Td (PAID IN FULL) Tj ET Q"


def overlay_appearance(writer):
    """A form XObject that covers 300 x 60 points with white and writes over it."""
    n = generic.NameObject
    font = generic.DictionaryObject({n("/Type"): n("/Font"), n("/Subtype"): n("/Type1"), n("/BaseFont"): n("/Helvetica")})
    stream = generic.StreamObject({
        n("/Type"): n("/XObject"), n("/Subtype"): n("/Form"),
        n("/BBox"): generic.ArrayObject([generic.NumberObject(v) for v in (0, 0, 300, 60)]),
        n("/Resources"): generic.DictionaryObject({n("/Font"): generic.DictionaryObject({n("/Helv"): font})}),
    }, stream_data=OVERLAY)
    return writer.add_object(stream)


def sneaky(writer):
    n = generic.NameObject
    page_ref = writer.root["/Pages"]["/Kids"].raw_get(0)
    page = page_ref.get_object()
    widget = writer.add_object(generic.DictionaryObject({
        n("/Type"): n("/Annot"), n("/Subtype"): n("/Widget"), n("/FT"): n("/Sig"), n("/T"): generic.pdf_string("Sneaky"),
        n("/F"): generic.NumberObject(4), n("/P"): page_ref,
        n("/Rect"): generic.ArrayObject([generic.NumberObject(v) for v in (100, 600, 400, 660)]),
        n("/AP"): generic.DictionaryObject({n("/N"): overlay_appearance(writer)}),
    }))
    annots = page.get("/Annots", generic.ArrayObject())
    page[n("/Annots")] = generic.ArrayObject(list(annots) + [widget])
    writer.mark_update(page_ref)
    form_ref = writer.root.raw_get("/AcroForm")
    form = writer.root["/AcroForm"]
    form[n("/Fields")] = generic.ArrayObject(list(form["/Fields"]) + [widget])
    writer.mark_update(form_ref if isinstance(form_ref, generic.IndirectObject) else writer.root_ref)


def repaint_signature(writer):
    n = generic.NameObject
    field_ref = writer.root["/AcroForm"]["/Fields"].raw_get(0)
    field = field_ref.get_object()
    field[n("/Rect")] = generic.ArrayObject([generic.NumberObject(v) for v in (100, 600, 400, 660)])
    field[n("/AP")] = generic.DictionaryObject({n("/N"): overlay_appearance(writer)})
    writer.mark_update(field_ref)


def empty_field(writer):
    fields.append_signature_field(writer, fields.SigFieldSpec("NextSigner", on_page=0, box=(100, 100, 300, 150)))


def redate(writer):
    n = generic.NameObject
    value_ref = writer.root["/AcroForm"]["/Fields"][0].raw_get("/V")
    value = value_ref.get_object()
    value[n("/M")] = generic.pdf_string("D:20200101000000+07'00'")
    value[n("/Reason")] = generic.pdf_string("Approved by the minister")
    writer.mark_update(value_ref)


def replace_root(source, target):
    data = open(source, "rb").read()
    trailer = data[data.rfind(b"trailer"):]
    size = int(re.search(rb"/Size (\d+)", trailer).group(1))
    root = int(re.search(rb"/Root (\d+) 0 R", trailer).group(1))
    ident = re.search(rb"/ID\s*\[[^\]]*\]", trailer)
    startxref = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
    catalog = list(re.finditer(rb"(?<![0-9])%d 0 obj(.*?)endobj" % root, data, re.S))[-1].group(1).strip()
    catalog_n, pages_n, page_n, content_n, font_n = range(size, size + 5)
    content = b"BT /F1 36 Tf 72 700 Td (A different document) Tj ET"
    objects = {
        content_n: b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        font_n: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        page_n: b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R /Resources << /Font << /F1 %d 0 R >> >> >>"
                % (pages_n, content_n, font_n),
        pages_n: b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % page_n,
        catalog_n: re.sub(rb"/Pages \d+ 0 R", b"/Pages %d 0 R" % pages_n, catalog),
    }
    out = bytearray(data)
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, objects[number])
    xref = len(out)
    out += b"xref\n%d %d\n" % (size, len(objects))
    for number in sorted(objects):
        out += b"%010d 00000 n \n" % offsets[number]
    out += b"trailer\n<< /Size %d /Root %d 0 R /Prev %d %s >>\nstartxref\n%d\n%%%%EOF\n" % (
        size + len(objects), catalog_n, startxref, ident.group(0) if ident else b"", xref)
    open(target, "wb").write(bytes(out))


# The forgeries made as one incremental update, by the name the command line gives them.
UPDATES = {"change-page": change_page, "sneaky": sneaky, "repaint-signature": repaint_signature,
           "empty-field": empty_field, "redate": redate}


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    if command == "sign-anyway":
        sign(*args, key_usage=set())
    elif command == "sign":
        sign(*args, key_usage={"non_repudiation"})
    elif command in UPDATES:
        update(*args, UPDATES[command])
    elif command == "replace-root":
        replace_root(*args)
    else:
        sys.exit(__doc__)
