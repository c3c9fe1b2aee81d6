/*
 * The differential kernel suite, shared by test_kernels (library kernels) and
 * test-only kernel builds (SIMDe): every test compares one counting function
 * with a naive reference and the article's own function.
 */
#ifndef ADJEQ_KERNEL_SUITE_H
#define ADJEQ_KERNEL_SUITE_H

#include <inttypes.h>

#include "article.h"
#include "test_util.h"

/* The kernel under test: a library kernel through adjeq_count_with(), or a
 * test-only build of a kernel (SIMDe). */
typedef size_t (*kernel_suite_fn)(const void *data, size_t len);
static kernel_suite_fn run;

/* Every length 0..600 at every start alignment 0..63, several alphabets. */
static void test_lengths_and_alignments(void) {
    static const unsigned alphabets[] = {1, 2, 4, 52, 256};
    enum { MAX_LEN = 600, MAX_ALIGN = 64 };
    uint8_t *buf = (uint8_t *)test_alloc64(MAX_LEN + MAX_ALIGN + 64);
    uint64_t seed = 1;
    for (size_t a = 0; a < sizeof alphabets / sizeof alphabets[0]; a++) {
        test_fill(buf, MAX_LEN + MAX_ALIGN + 64, alphabets[a], &seed);
        for (size_t align = 0; align < MAX_ALIGN; align++)
            for (size_t len = 0; len <= MAX_LEN; len++) {
                size_t want = test_reference_count(buf + align, len);
                size_t got = run(buf + align, len);
                CHECK(got == want, "alphabet %u align %zu len %zu: got %zu want %zu",
                      alphabets[a], align, len, got, want);
            }
    }
    free(buf);
}

/* Exactly one double at each position: every pair, including those that
 * straddle two vector blocks or fall in a head or tail, counts exactly once. */
static void test_single_double_everywhere(void) {
    static const size_t lens[] = {2, 17, 33, 64, 65, 127, 128, 129, 200, 257, 511, 1100};
    uint8_t *buf = (uint8_t *)test_alloc64(1200 + 64);
    for (size_t l = 0; l < sizeof lens / sizeof lens[0]; l++) {
        for (size_t align = 0; align < 64; align += 7) {
            size_t len = lens[l];
            uint8_t *p = buf + align;
            for (size_t pos = 0; pos + 1 < len; pos++) {
                for (size_t i = 0; i < len; i++)
                    p[i] = (uint8_t)(i & 1); /* alternating: no doubles */
                p[pos + 1] = p[pos];
                /* Keep the pair after it distinct too. */
                if (pos + 2 < len && p[pos + 2] == p[pos + 1])
                    p[pos + 2] = 7;
                size_t want = test_reference_count(p, len);
                CHECK(run(p, len) == want, "len %zu align %zu pos %zu", len, align, pos);
            }
        }
    }
    free(buf);
}

/* Equal runs long enough to overflow 8- and 16-bit lane accumulators. */
static void test_long_runs(void) {
    static const size_t lens[] = {255 * 16 + 1, 255 * 64 + 3, 65536 + 5,
                                  70000, 300000, (1u << 20) + 13};
    size_t max = (1u << 20) + 64 + 13;
    uint8_t *buf = (uint8_t *)test_alloc64(max + 64);
    for (size_t l = 0; l < sizeof lens / sizeof lens[0]; l++)
        for (size_t align = 0; align < 64; align += 13) {
            memset(buf, 'x', max);
            CHECK(run(buf + align, lens[l]) == lens[l] - 1, "all-equal len %zu", lens[l]);
            /* Runs broken every 1000 bytes. */
            for (size_t i = 999; i < max; i += 1000)
                buf[i] = 'y';
            size_t want = test_reference_count(buf + align, lens[l]);
            CHECK(run(buf + align, lens[l]) == want, "broken runs len %zu", lens[l]);
        }
    free(buf);
}

/* Buffers that end exactly at a PROT_NONE page, or start right after one:
 * any read outside [data, data + len) faults. */
static void test_guard_pages(void) {
    struct guarded g;
    if (guarded_alloc(&g, 2) != 0) {
        CHECK(0, "cannot map guard pages");
        return;
    }
    uint64_t seed = 7;
    for (size_t len = 0; len <= 1100; len++) {
        for (unsigned alphabet = 1; alphabet <= 4; alphabet *= 4) {
            uint8_t *end_at_guard = g.base + g.size - len;
            test_fill(end_at_guard, len, alphabet, &seed);
            CHECK(run(end_at_guard, len) == test_reference_count(end_at_guard, len),
                  "ends at guard page, len %zu", len);
            test_fill(g.base, len, alphabet, &seed);
            CHECK(run(g.base, len) == test_reference_count(g.base, len),
                  "starts after guard page, len %zu", len);
        }
    }
    guarded_free(&g);
}

static void test_article_example(void) {
    const char *s = "abCCdeFFghiJJklmnopqRRstuVVxyZZ";
    CHECK(run(s, strlen(s)) == 6, "article example");
}

/* The article's workload against the article's own function. */
static void test_article_workload(void) {
    enum { N = 1000000 };
    char *text = (char *)malloc(N + 1);
    uint64_t seed = 2017;
    test_fill((uint8_t *)text, N, 52, &seed);
    text[N] = '\0';
    uint64_t want = count_byte_doubles(text);
    CHECK(run(text, N) == want, "article workload: got %zu want %" PRIu64, run(text, N), want);
    free(text);
}

/* Runs every test against count; returns the number of failed checks. */
static int kernel_suite_run(kernel_suite_fn count) {
    run = count;
    test_lengths_and_alignments();
    test_single_double_everywhere();
    test_long_runs();
    test_guard_pages();
    test_article_example();
    test_article_workload();
    return test_failures;
}

#endif
