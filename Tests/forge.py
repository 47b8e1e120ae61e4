"""Forged and foreign PDFs for the verification tests, made with pyHanko (an independent implementation).

  forge.py sign-anyway IN OUT KEY CERT   sign with pyHanko without its key-usage check (a certificate not fit to sign)
  forge.py sign IN OUT KEY CERT          sign with pyHanko as it normally does (keeps the input's cross-reference style)
  forge.py change-page IN OUT            append an incremental update that replaces page 1's content
"""
import sys
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils import generic
from pyhanko.sign import signers


def sign(source, target, key, cert, key_usage):
    signer = signers.SimpleSigner.load(key, cert)
    meta = signers.PdfSignatureMetadata(field_name="Forged", signer_key_usage=key_usage)
    with open(source, "rb") as inp:
        writer = IncrementalPdfFileWriter(inp)
        with open(target, "wb") as out:
            signers.PdfSigner(meta, signer=signer).sign_pdf(writer, output=out)


def change_page(source, target):
    with open(source, "rb") as inp:
        writer = IncrementalPdfFileWriter(inp)
        page_ref = writer.root["/Pages"]["/Kids"].raw_get(0)
        page = page_ref.get_object()
        content = generic.StreamObject(stream_data=b"BT /F1 24 Tf 100 700 Td (forged) Tj ET")
        page["/Contents"] = writer.add_object(content)
        writer.mark_update(page_ref)
        with open(target, "wb") as out:
            writer.write(out)


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    if command == "sign-anyway":
        sign(*args, key_usage=set())
    elif command == "sign":
        sign(*args, key_usage={"non_repudiation"})
    elif command == "change-page":
        change_page(*args)
    else:
        sys.exit(__doc__)
