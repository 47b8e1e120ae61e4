// The compression level of every PDF stream Cairo writes.
//
// Cairo 1.16 deflates page contents and font subsets at zlib's default level (6) and offers no way to
// choose another. Measured on the example (10 pages, about 185 KB of streams before compression), level 6
// took about a quarter of a batch's CPU time; level 3 writes files 5–8% larger (the example: 85 → 92 KB)
// in about a third of that time. zlib's own deflateInit_ is nothing but deflateInit2_ with default arguments, so this
// executable defines deflateInit_ itself: the dynamic linker binds Cairo's calls to the executable's
// definition first, and a request for the default level gets level 3. An explicit level is passed through.

#include "deflate_level.h"

#include <zlib.h>

enum { saraban_level = 3 };

// While a thread draws pages, the streams Cairo opens for them (page content) are written stored (level 0): the
// PDF writer reads every page's content back to mark its artifacts and compresses it once, at saraban_level,
// instead of Cairo compressing it and the writer inflating and compressing it again.
static __thread int saraban_thread_level = -1;

int saraban_deflate_level(void) { return saraban_level; }

void saraban_set_thread_deflate_level(int level) { saraban_thread_level = level; }

int deflateInit_(z_streamp stream, int level, const char *version, int stream_size) {
    if (level == Z_DEFAULT_COMPRESSION) level = saraban_thread_level >= 0 ? saraban_thread_level : saraban_level;
    return deflateInit2_(stream, level, Z_DEFLATED, MAX_WBITS, 8, Z_DEFAULT_STRATEGY, version, stream_size);
}
