#ifndef SARABAN_CZLIB_SHIM_H
#define SARABAN_CZLIB_SHIM_H
#include <zlib.h>
#endif
