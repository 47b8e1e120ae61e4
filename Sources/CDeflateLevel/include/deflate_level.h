#ifndef SARABAN_DEFLATE_LEVEL_H
#define SARABAN_DEFLATE_LEVEL_H

/// The zlib level that stands in for Z_DEFAULT_COMPRESSION in this process (see deflate_level.c).
int saraban_deflate_level(void);

/// The level for the streams this thread's Cairo opens from now on; -1 for saraban_deflate_level().
void saraban_set_thread_deflate_level(int level);

#endif
