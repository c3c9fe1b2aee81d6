/*
 * A/B speed of two builds of the library in one process: every kernel, mode
 * and size, timed alternately (A, B, B, A, ...) so that both see the same
 * machine state, best of many rounds. Built and run by scripts/bench-ab.sh,
 * which links a revision's library with its symbols renamed to a_adjeq_* and
 * the working tree's to b_adjeq_*.
 *
 *   ab_compare [ROUNDS]      default 21
 * ADJEQ_AB_MODES, a comma-separated list of mode names (as printed), times
 * only those; ADJEQ_AB_KERNELS the same for kernel names. ADJEQ_AB_OFFSET
 * (0-63, default 0) starts every input that many bytes past a 64-byte
 * boundary.
 *
 * Prints one row per case: GB/s (1e9 bytes/s) of A and B and the ratio B/A.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The entry points both builds share; enum adjeq_kernel passes as int, and
 * the element pointers are pointers in either ABI. */
#define DECLARE_BUILD(p)                                                      \
    size_t p##adjeq_count_with(int kernel, const void *data, size_t len);     \
    size_t p##adjeq_count_u16_with(int kernel, const void *data, size_t n);   \
    size_t p##adjeq_count_u32_with(int kernel, const void *data, size_t n);   \
    size_t p##adjeq_count_utf8_with(int kernel, const char *s, size_t len);   \
    size_t p##adjeq_count_utf16_with(int kernel, const void *s, size_t n);    \
    int p##adjeq_kernel_supported(int kernel);                                \
    const char *p##adjeq_kernel_name(int kernel);                             \
    unsigned p##adjeq_kernel_count(void);
DECLARE_BUILD(a_)
DECLARE_BUILD(b_)

typedef size_t (*count_fn)(int kernel, const void *data, size_t n);

static size_t a_utf8(int k, const void *s, size_t n) { return a_adjeq_count_utf8_with(k, s, n); }
static size_t b_utf8(int k, const void *s, size_t n) { return b_adjeq_count_utf8_with(k, s, n); }

static const struct {
    const char *name;
    size_t unit; /* bytes per element */
    count_fn a, b;
} modes[] = {
    {"bytes", 1, a_adjeq_count_with, b_adjeq_count_with},
    {"u16", 2, a_adjeq_count_u16_with, b_adjeq_count_u16_with},
    {"u32", 4, a_adjeq_count_u32_with, b_adjeq_count_u32_with},
    {"utf8", 1, a_utf8, b_utf8},
    {"utf8-ascii", 1, a_utf8, b_utf8}, /* the UTF-8 count over the letters */
    {"utf16", 2, a_adjeq_count_utf16_with, b_adjeq_count_utf16_with},
};

static const size_t sizes[] = {16, 64, 256, 4 << 10, 64 << 10, 1 << 20, 16 << 20};

static uint64_t next_random(uint64_t *state) {
    uint64_t z = (*state += UINT64_C(0x9e3779b97f4a7c15));
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

/* The benchmark's workloads: random letters (also read as 16-/32-bit units),
 * and for UTF-8 the mixed text of 26 ASCII letters and 26 characters of 2-4
 * bytes (bench/bench_main.cc). */
static const char letters[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
static const char *const mixed[] = {
    "\xc3\xa9", "\xc3\x9f", "\xc3\xb1", "\xc3\xbc", "\xce\xbb", "\xce\xa9", "\xd0\xb6",
    "\xd1\x8f", "\xd7\x90", "\xd8\xa8", "\xe4\xb8\xad", "\xe6\x96\x87", "\xe5\xad\x97",
    "\xe3\x81\x82", "\xe3\x82\xab", "\xea\xb0\x80", "\xe2\x82\xac", "\xe2\x86\x92",
    "\xe2\x98\xba", "\xf0\x9f\x98\x80", "\xf0\x9f\x8e\x89", "\xf0\x9f\x9a\x80",
    "\xf0\x9f\x90\x8d", "\xf0\x90\x8d\x88", "\xf0\x9d\x84\x9e", "\xf0\x9f\xa7\xaa"};

static void fill(uint8_t *buf, size_t len, int utf8) {
    uint64_t state = 3;
    for (size_t i = 0; i < len;) {
        unsigned pick = (unsigned)(next_random(&state) % 52);
        if (!utf8 || pick < 26) {
            buf[i++] = (uint8_t)letters[utf8 ? pick : pick % 52];
            continue;
        }
        const char *c = mixed[pick - 26];
        size_t n = strlen(c);
        if (i + n > len) {
            buf[i++] = 'x';
            continue;
        }
        memcpy(buf + i, c, n);
        i += n;
    }
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static volatile size_t sink;

/* Seconds per call over `iters` calls. */
static double sample(count_fn fn, int kernel, const void *data, size_t n, size_t iters) {
    size_t acc = 0;
    double t0 = now();
    for (size_t i = 0; i < iters; i++)
        acc += fn(kernel, data, n);
    double t = now() - t0;
    sink += acc;
    return t / (double)iters;
}

/* Whether name is one of the comma-separated names in list. */
static int listed(const char *list, const char *name) {
    size_t n = strlen(name);
    for (const char *p = list; *p;) {
        size_t len = strcspn(p, ",");
        if (len == n && strncmp(p, name, n) == 0)
            return 1;
        p += len + (p[len] == ',');
    }
    return 0;
}

int main(int argc, char **argv) {
    int rounds = argc > 1 ? atoi(argv[1]) : 21;
    size_t max = sizes[sizeof sizes / sizeof sizes[0] - 1];
    const char *offset_env = getenv("ADJEQ_AB_OFFSET");
    size_t offset = offset_env ? (size_t)atoi(offset_env) % 64 : 0;
    uint8_t *text_base = aligned_alloc(64, max + 64), *utf8_base = aligned_alloc(64, max + 64);
    uint8_t *text = text_base + offset, *utf8 = utf8_base + offset;
    fill(text, max, 0);
    fill(utf8, max, 1);
    printf("%-10s %-11s %9s %9s %9s %7s\n", "mode", "kernel", "bytes", "A GB/s", "B GB/s", "B/A");
    unsigned kernels = a_adjeq_kernel_count();
    const char *only = getenv("ADJEQ_AB_MODES"), *only_kernels = getenv("ADJEQ_AB_KERNELS");
    for (size_t m = 0; m < sizeof modes / sizeof modes[0]; m++) {
        if (only && !listed(only, modes[m].name))
            continue;
        for (unsigned k = 0; k < kernels; k++) {
            if (!a_adjeq_kernel_supported((int)k) || !b_adjeq_kernel_supported((int)k))
                continue;
            if (only_kernels && !listed(only_kernels, a_adjeq_kernel_name((int)k)))
                continue;
            for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
                size_t bytes = sizes[s], n = bytes / modes[m].unit;
                /* Mixed text for "utf8" only. */
                const uint8_t *data = strcmp(modes[m].name, "utf8") == 0 ? utf8 : text;
                if (modes[m].a((int)k, data, n) != modes[m].b((int)k, data, n)) {
                    printf("%s %s %zu: the two builds disagree\n", modes[m].name,
                           a_adjeq_kernel_name((int)k), bytes);
                    return 1;
                }
                /* About 2 ms per sample, the count of calls calibrated warm:
                 * doubled until a sample takes 0.5 ms. One cold call, which
                 * pays first touches and misses, left the short cases at a
                 * few microseconds a sample, where the clock's steps showed
                 * (the same GB/s values in many rows). */
                size_t iters = 1;
                for (;;) {
                    double total = sample(modes[m].b, (int)k, data, n, iters) * (double)iters;
                    if (total >= 5e-4 || iters >= 1000000) {
                        iters = total > 0 ? (size_t)(2e-3 * (double)iters / total) + 1 : 1000000;
                        break;
                    }
                    iters *= 2;
                }
                if (iters > 1000000)
                    iters = 1000000;
                double best_a = 1e30, best_b = 1e30;
                for (int r = 0; r < rounds; r++) {
                    int a_first = r % 2 == 0;
                    for (int turn = 0; turn < 2; turn++) {
                        int is_a = (turn == 0) == a_first;
                        double t = sample(is_a ? modes[m].a : modes[m].b, (int)k, data, n, iters);
                        if (is_a && t < best_a)
                            best_a = t;
                        if (!is_a && t < best_b)
                            best_b = t;
                    }
                }
                printf("%-10s %-11s %9zu %9.2f %9.2f %7.3f\n", modes[m].name,
                       a_adjeq_kernel_name((int)k), bytes, (double)bytes / best_a * 1e-9,
                       (double)bytes / best_b * 1e-9, best_a / best_b);
                fflush(stdout);
            }
        }
    }
    free(text_base);
    free(utf8_base);
    return 0;
}
