/*
 * adjeq_count_parallel against adjeq_count and the naive reference, with
 * split points planted on doubles, buffers fenced by PROT_NONE pages (the
 * straddling pair reads data[split - 1]), every thread count up to more
 * threads than bytes, and threads that fail to start.
 */
#if defined(__linux__) && !defined(_GNU_SOURCE)
#  define _GNU_SOURCE /* sched_setaffinity */
#endif
#include <pthread.h>
#include <sched.h>

#include "adjeq.h"
#include "parallel.h"
#include "test_util.h"

static void test_split(void) {
    const size_t lens[] = {1, 2, 7, 100, 4096, SIZE_MAX / 3, SIZE_MAX};
    for (size_t l = 0; l < sizeof lens / sizeof lens[0]; l++) {
        for (unsigned parts = 1; parts <= 67; parts += 3) {
            size_t len = lens[l];
            if (parts > len)
                continue;
            CHECK(adjeq_parallel_split(len, parts, 0) == 0, "split starts at 0");
            CHECK(adjeq_parallel_split(len, parts, parts) == len,
                  "split of %zu into %u ends at len (no overflow)", len, parts);
            for (unsigned i = 0; i < parts; i++) {
                size_t a = adjeq_parallel_split(len, parts, i);
                size_t b = adjeq_parallel_split(len, parts, i + 1);
                CHECK(b > a, "part %u of %u of %zu is not empty", i, parts, len);
                CHECK(b - a - 1 <= len / parts, "parts are balanced");
            }
        }
    }
}

static void test_thread_plan(void) {
    const size_t min = ADJEQ_PARALLEL_MIN_BYTES_PER_THREAD;
    unsigned cpus = adjeq_parallel_cpu_count();
    CHECK(cpus >= 1, "cpu count %u", cpus);
    CHECK(adjeq_parallel_threads(2 * min - 1, 8, min) == 1, "below threshold: one thread");
    CHECK(adjeq_parallel_threads(2 * min, 8, min) == 2, "at threshold: two threads");
    CHECK(adjeq_parallel_threads(100 * min, 3, min) == 3, "explicit count honoured");
    CHECK(adjeq_parallel_threads(100 * min, 0, min) == (cpus < 100 ? cpus : 100),
          "0 = one per CPU");
    CHECK(adjeq_parallel_threads(5, 9, 1) == 5, "never more threads than bytes");
    CHECK(adjeq_parallel_threads(0, 9, 1) == 1, "empty buffer");
    CHECK(adjeq_parallel_threads(5, 9, 0) == 5, "min 0 means 1");

#if defined(__linux__)
    /* 0 follows the affinity mask (taskset, cgroups), not the machine. */
    cpu_set_t saved, one;
    if (sched_getaffinity(0, sizeof saved, &saved) == 0) {
        CHECK(adjeq_parallel_cpu_count() == (unsigned)CPU_COUNT(&saved),
              "cpu count %u, affinity mask %d", adjeq_parallel_cpu_count(),
              CPU_COUNT(&saved));
        CPU_ZERO(&one);
        for (int c = 0; c < CPU_SETSIZE; c++) {
            if (CPU_ISSET(c, &saved)) {
                CPU_SET(c, &one);
                break;
            }
        }
        if (sched_setaffinity(0, sizeof one, &one) == 0) {
            CHECK(adjeq_parallel_cpu_count() == 1, "pinned to one CPU: %u",
                  adjeq_parallel_cpu_count());
            CHECK(adjeq_parallel_threads(100 * min, 0, min) == 1, "pinned: one thread");
            sched_setaffinity(0, sizeof saved, &saved);
        }
    }
#endif
}

/* Letters cycling a, b, c have no doubles; copying the byte before each split
 * point onto it makes every split point a double (and nothing else, while
 * parts are at least 2 long). */
static size_t plant_split_doubles(uint8_t *buf, size_t len, unsigned parts) {
    for (size_t i = 0; i < len; i++)
        buf[i] = (uint8_t)('a' + i % 3);
    for (unsigned p = 1; p < parts; p++) {
        size_t at = adjeq_parallel_split(len, parts, p);
        buf[at] = buf[at - 1];
    }
    return parts - 1;
}

static void test_small_buffers(void) {
    struct guarded g;
    if (guarded_alloc(&g, 1) != 0) {
        CHECK(0, "guarded_alloc");
        return;
    }
    /* Each call starts threads, so lengths and thread counts are sampled:
     * every length up to 64, then a spread up to a page. */
    static const unsigned thread_counts[] = {0, 1, 2, 3, 5, 9};
    uint64_t rng = 42;
    for (size_t len = 0; len <= g.size; len += len < 64 ? 1 : 61 + len / 4) {
        /* At the end of the page, then at its start: an over-read faults. */
        uint8_t *ends[2] = {g.base + g.size - len, g.base};
        for (int e = 0; e < 2; e++) {
            uint8_t *buf = ends[e];
            for (size_t t = 0; t < sizeof thread_counts / sizeof thread_counts[0]; t++) {
                unsigned threads = thread_counts[t];
                unsigned parts = adjeq_parallel_threads(len, threads, 1);
                if (len >= 2) {
                    size_t planted = plant_split_doubles(buf, len, parts);
                    size_t got = adjeq_count_parallel_min(buf, len, threads, 1);
                    CHECK(got == test_reference_count(buf, len),
                          "planted: len %zu threads %u: %zu vs %zu", len, threads, got,
                          test_reference_count(buf, len));
                    if (len >= 2 * (size_t)parts)
                        CHECK(got == planted, "len %zu threads %u: %zu planted, got %zu",
                              len, threads, planted, got);
                }
                test_fill(buf, len, 1 + (unsigned)(len % 4), &rng);
                size_t want = test_reference_count(buf, len);
                size_t got = adjeq_count_parallel_min(len ? buf : NULL, len, threads, 1);
                CHECK(got == want, "random: len %zu threads %u: %zu vs %zu", len, threads,
                      got, want);
            }
        }
    }
    guarded_free(&g);
}

/* Counts thread starts, optionally refusing some, to check the fallback. */
static unsigned starts_attempted, refuse_every;
static int counting_start(void *thread, void *(*run)(void *), void *arg) {
    starts_attempted++;
    if (refuse_every && starts_attempted % refuse_every == 0)
        return -1;
    return pthread_create((pthread_t *)thread, NULL, run, arg);
}

static void test_public_and_failures(void) {
    if (!adjeq_parallel_thread_start) {
        printf("built without POSIX threads: thread tests skipped\n");
        return;
    }
    const size_t min = ADJEQ_PARALLEL_MIN_BYTES_PER_THREAD;
    size_t len = 2 * min + 12345;
    uint8_t *buf = (uint8_t *)malloc(len);
    if (!buf) {
        CHECK(0, "malloc");
        return;
    }
    adjeq_thread_start_fn saved = adjeq_parallel_thread_start;
    adjeq_parallel_thread_start = counting_start;

    /* Below the threshold nobody starts a thread. */
    memset(buf, 'x', len);
    starts_attempted = 0;
    CHECK(adjeq_count_parallel(buf, 2 * min - 1, 4) == 2 * min - 2, "below threshold");
    CHECK(starts_attempted == 0, "below threshold: %u threads started", starts_attempted);

    /* All equal: every split point is a double. */
    for (unsigned threads = 0; threads <= 3; threads++) {
        starts_attempted = 0;
        CHECK(adjeq_count_parallel(buf, len, threads) == len - 1, "all equal, %u threads",
              threads);
        unsigned expect = adjeq_parallel_threads(len, threads, min) - 1;
        CHECK(starts_attempted == expect, "%u threads: %u started, want %u", threads,
              starts_attempted, expect);
    }

    uint64_t rng = 7;
    test_fill(buf, len, 3, &rng);
    size_t want = adjeq_count(buf, len);
    CHECK(want == test_reference_count(buf, len), "adjeq_count on the random buffer");
    for (unsigned threads = 0; threads <= 5; threads++)
        CHECK(adjeq_count_parallel(buf, len, threads) == want, "random, %u threads", threads);
    CHECK(adjeq_count_parallel(buf + 1, len - 1, 2) == adjeq_count(buf + 1, len - 1),
          "odd start");

    /* Threads that cannot start: their parts are counted by the caller. */
    for (refuse_every = 1; refuse_every <= 2; refuse_every++) {
        starts_attempted = 0;
        CHECK(adjeq_count_parallel_min(buf, len, 16, 1 << 16) == want,
              "refusing every %u-th thread start", refuse_every);
        CHECK(starts_attempted == 15, "%u starts", starts_attempted);
        starts_attempted = 0;
        size_t small = 1000;
        CHECK(adjeq_count_parallel_min(buf, small, 7, 1) ==
                  test_reference_count(buf, small),
              "small, refusing every %u-th", refuse_every);
    }
    refuse_every = 0;
    adjeq_parallel_thread_start = saved;
    free(buf);
}

int main(void) {
    test_split();
    test_thread_plan();
    test_small_buffers();
    test_public_and_failures();
    printf("parallel: %s (%d failures)\n", test_failures ? "FAILED" : "ok", test_failures);
    return test_failures ? 1 : 0;
}
