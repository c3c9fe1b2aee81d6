/*
 * The benchmark's own translation units, each compiled separately so its
 * flags (or compiler) are its own: the article's loop, plain loops as a user
 * would write them, a Highway peer and the streaming reads (roofline).
 * Benchmark code only; none of this is in the library.
 */
#ifndef ADJEQ_BENCH_H
#define ADJEQ_BENCH_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The seed article's count_byte_doubles (tests/article.h), compiled as C. */
uint64_t adjeq_bench_article(char *str);

/* The plain loop a user writes without adjeq (plain_loop.c), built as
 * separate objects: -O3 for the baseline ISA, -O3 -march=native, and the
 * same with the other compiler (gcc <-> clang) when one is installed. */
size_t adjeq_bench_loop_O3(const uint8_t *data, size_t len);
size_t adjeq_bench_loop_O3_native(const uint8_t *data, size_t len);
size_t adjeq_bench_loop_other_O3_native(const uint8_t *data, size_t len);

/* The count written with Google Highway (highway_count.cc). */
size_t adjeq_bench_highway_count(const uint8_t *data, size_t len);
const char *adjeq_bench_highway_target(void);

/* Adjacent-equal code points in valid UTF-8, decoded one at a time as the
 * article's Rust chars() version does (chars_loop.c). */
size_t adjeq_bench_chars_loop(const uint8_t *s, size_t len);

/* A streaming read that consumes every byte once and does no comparison
 * work: the speed limit of the memory hierarchy for a buffer. */
struct adjeq_bench_read {
    const char *name; /* "read128", ... */
    unsigned bits;    /* vector width */
    uint64_t (*fn)(const uint8_t *data, size_t len);
};

/* The reads this CPU and OS can run, narrowest first. */
size_t adjeq_bench_reads(const struct adjeq_bench_read **reads);

/* 0 if every read consumes exactly its range; else 1 + the failing index. */
int adjeq_bench_reads_selfcheck(void);

#ifdef __cplusplus
}
#endif

#endif
