/*
 * The adjeq tool's input layer: counts one open file descriptor, mapping
 * regular files (counted in parallel) and reading everything else in chunks.
 * Separate from the command line so tests can drive it directly.
 */
#ifndef ADJEQ_TOOL_INPUT_H
#define ADJEQ_TOOL_INPUT_H

#include <stddef.h>
#include <stdint.h>

/* Returned instead of an errno value when a mapped file shrank while it was
 * being counted (its count would be wrong). */
#define TOOL_ERR_CHANGED (-1)

struct tool_count_options {
    unsigned threads;   /* adjeq_count_parallel's threads (0: one per CPU) */
    /* Called after each slice of a mapped file and each chunk of a stream
     * with the bytes counted so far and the total (0 when unknown); NULL for
     * none. A mapped file is counted in one piece when this is NULL. */
    void (*progress)(void *ctx, uint64_t done, uint64_t total);
    void *progress_ctx;
    size_t slice_bytes; /* mapped files, with progress; 0: default */
    int utf8;           /* count code points (adjeq_count_utf8) instead of bytes */
    /* A mapped file is mapped in windows of at most this many bytes
     * (rounded down to whole pages, at least one page); 0: the default,
     * 256 MiB on 32-bit targets, the whole file on 64-bit ones. */
    size_t window_bytes;
};

/* 64-bit on every target: a 32-bit build counts files and pipes past 4 GiB. */
struct tool_count {
    uint64_t bytes;
    uint64_t count;
};

/* 0, an errno value, or TOOL_ERR_CHANGED. */
int tool_count_fd(int fd, const struct tool_count_options *options,
                  struct tool_count *result);

#endif /* ADJEQ_TOOL_INPUT_H */
