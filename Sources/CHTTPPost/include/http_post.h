#ifndef SARABAN_HTTP_POST_H
#define SARABAN_HTTP_POST_H

#include <stddef.h>

/// What one HTTP POST brought back. `body` is malloc'd (free it with saraban_http_answer_free);
/// `error` is a sentence in plain words when the request could not be made at all.
typedef struct {
    long status;
    unsigned char *body;
    size_t length;
    char error[512];
} saraban_http_answer;

/// POSTs `length` bytes of `body` to `url` with the given Content-Type, waiting at most `timeout_seconds`.
/// Returns 0 when an answer came (whatever its HTTP status), -1 otherwise with `answer->error` set.
int saraban_http_post(const char *url, const char *content_type, const unsigned char *body, size_t length,
                      long timeout_seconds, saraban_http_answer *answer);

void saraban_http_answer_free(saraban_http_answer *answer);

#endif
