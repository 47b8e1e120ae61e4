#ifndef SARABAN_CMALLOC_SHIM_H
#define SARABAN_CMALLOC_SHIM_H
// glibc's malloc_trim, to give memory freed by one thread back to the system (see Batch.run).
#include <malloc.h>
#endif
