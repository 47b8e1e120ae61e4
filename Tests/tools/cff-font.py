#!/usr/bin/env python3
"""A Thai font with PostScript (CFF) outlines, for the test that such fonts are embedded as OpenType: Debian's
TLWG Laksaman in its .otf build (fonts-tlwg-laksaman-otf, fetched with apt-get download and unpacked here, not
installed, so the system's fonts stay as they are), renamed LaksamanCFF with fontTools so that fontconfig cannot
confuse it with the TrueType Laksaman. Usage: cff-font.py OUTDIR"""
import glob, os, subprocess, sys, tempfile
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from rename_font import rename

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
with tempfile.TemporaryDirectory() as work:
    subprocess.run(["apt-get", "download", "-qq", "fonts-tlwg-laksaman-otf"], cwd=work, check=True)
    package = glob.glob(os.path.join(work, "*.deb"))[0]
    subprocess.run(["dpkg-deb", "-x", package, os.path.join(work, "x")], check=True)
    for style in ["", "-Bold"]:
        source = glob.glob(os.path.join(work, "x", "**", f"Laksaman{style}.otf"), recursive=True)[0]
        font = rename(source, "Laksaman", "LaksamanCFF", os.path.join(out, f"LaksamanCFF{style}.otf"))
        assert "CFF " in font and "glyf" not in font, "the .otf build has PostScript outlines"
