#!/usr/bin/env python3
"""A font under another family name, with fontTools, so that fontconfig cannot take it for the font it was made
from (its other faces stay out of reach). Usage: rename_font.py FONT FAMILY NEWFAMILY OUT"""
import sys
from fontTools.ttLib import TTFont


def rename(source, family, new_family, out):
    font = TTFont(source)
    for record in font["name"].names:
        if record.nameID in (1, 4, 6, 16):  # family, full name, PostScript name, typographic family
            record.string = record.toUnicode().replace(family, new_family)
    font.save(out)
    return font


if __name__ == "__main__":
    rename(*sys.argv[1:5])
