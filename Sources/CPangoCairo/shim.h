#ifndef SARABAN_CPANGOCAIRO_SHIM_H
#define SARABAN_CPANGOCAIRO_SHIM_H
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>
#include <fontconfig/fontconfig.h>
#include <cairo/cairo-pdf.h>
#include <hb.h>
#include <hb-ot.h>
#include <hb-subset.h>
#include <zlib.h>
#include <thai/thbrk.h>
#include <thai/thwchar.h>
#endif
