// HTTP POST through libcurl, loaded the first time a request is made.
//
// Only `saraban sign --tsa` talks to the network. Linking libcurl (or Foundation's networking, which links
// it) makes every start of saraban map libcurl and the thirty-odd libraries it needs, about 4 ms of each
// cold render; loading it on demand keeps that cost to the one command that uses it.

#include "http_post.h"

#include <curl/curl.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    CURL *(*easy_init)(void);
    CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
    CURLcode (*easy_perform)(CURL *);
    CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
    void (*easy_cleanup)(CURL *);
    const char *(*easy_strerror)(CURLcode);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
    CURLcode (*global_init)(long);
} curl_functions;

static curl_functions curl;
static int curl_loaded;
static pthread_once_t curl_once = PTHREAD_ONCE_INIT;

static void load_curl(void) {
    void *library = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (!library) return;
#define FIND(field, name) if (!(*(void **)&curl.field = dlsym(library, name))) return;
    FIND(easy_init, "curl_easy_init")
    FIND(easy_setopt, "curl_easy_setopt")
    FIND(easy_perform, "curl_easy_perform")
    FIND(easy_getinfo, "curl_easy_getinfo")
    FIND(easy_cleanup, "curl_easy_cleanup")
    FIND(easy_strerror, "curl_easy_strerror")
    FIND(slist_append, "curl_slist_append")
    FIND(slist_free_all, "curl_slist_free_all")
    FIND(global_init, "curl_global_init")
#undef FIND
    // curl_global_init is not thread-safe in older libcurl; pthread_once makes it run exactly once.
    curl_loaded = curl.global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
}

typedef struct {
    unsigned char *bytes;
    size_t length;
    int failed;
} growing_buffer;

static size_t append_received(char *data, size_t size, size_t count, void *context) {
    growing_buffer *buffer = context;
    size_t added = size * count;
    unsigned char *grown = realloc(buffer->bytes, buffer->length + added);
    if (!grown) {
        buffer->failed = 1;
        return 0;
    }
    memcpy(grown + buffer->length, data, added);
    buffer->bytes = grown;
    buffer->length += added;
    return added;
}

int saraban_http_post(const char *url, const char *content_type, const unsigned char *body, size_t length,
                      long timeout_seconds, saraban_http_answer *answer) {
    memset(answer, 0, sizeof *answer);
    pthread_once(&curl_once, load_curl);
    if (!curl_loaded) {
        snprintf(answer->error, sizeof answer->error,
                 "libcurl is needed to reach a time-stamp server and was not found (Debian: apt-get install libcurl4)");
        return -1;
    }
    CURL *handle = curl.easy_init();
    if (!handle) {
        snprintf(answer->error, sizeof answer->error, "libcurl could not start a request");
        return -1;
    }
    char header[256];
    snprintf(header, sizeof header, "Content-Type: %s", content_type);
    struct curl_slist *headers = curl.slist_append(NULL, header);
    growing_buffer received = {0};

    curl.easy_setopt(handle, CURLOPT_URL, url);
    curl.easy_setopt(handle, CURLOPT_POST, 1L);
    curl.easy_setopt(handle, CURLOPT_POSTFIELDS, (const char *)body);
    curl.easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)length);
    curl.easy_setopt(handle, CURLOPT_HTTPHEADER, headers);
    curl.easy_setopt(handle, CURLOPT_TIMEOUT, timeout_seconds);
    curl.easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
    curl.easy_setopt(handle, CURLOPT_FOLLOWLOCATION, 1L);
    curl.easy_setopt(handle, CURLOPT_WRITEFUNCTION, append_received);
    curl.easy_setopt(handle, CURLOPT_WRITEDATA, &received);

    CURLcode code = curl.easy_perform(handle);
    int result = 0;
    if (code != CURLE_OK || received.failed) {
        snprintf(answer->error, sizeof answer->error, "%s",
                 received.failed ? "out of memory while receiving the answer" : curl.easy_strerror(code));
        free(received.bytes);
        result = -1;
    } else {
        curl.easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &answer->status);
        answer->body = received.bytes;
        answer->length = received.length;
    }
    curl.slist_free_all(headers);
    curl.easy_cleanup(handle);
    return result;
}

void saraban_http_answer_free(saraban_http_answer *answer) {
    free(answer->body);
    answer->body = NULL;
    answer->length = 0;
}
