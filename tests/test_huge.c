/*
 * Inputs longer than 4 GiB give exact counts above 2^32 on every kernel this
 * CPU supports: a 32-bit length, index or accumulator anywhere shows up as a
 * wrong count here. CTest label `huge`, RUN_SERIAL; skipped (77) on 32-bit
 * targets and when MemAvailable is below the patterned buffer's size.
 *
 * One mapping at a time: first read untouched (every page is the kernel's
 * shared zero page, so the all-equal pass costs no memory), then filled with
 * a pattern (5 GiB resident).
 */
#include <inttypes.h>

#include "adjeq.h"
#include "test_util.h"

/*
 * Ways of counting a huge input; each runs on every supported kernel and
 * pattern. Both patterns are ASCII (or NUL) bytes, which are also valid UTF-8
 * with one code point per byte, so every row expects the byte count.
 */
struct huge_counter {
    const char *name;
    size_t (*count)(enum adjeq_kernel kernel, const uint8_t *data, size_t len);
};

static size_t count_bytes(enum adjeq_kernel kernel, const uint8_t *data, size_t len) {
    return adjeq_count_with(kernel, data, len);
}

static size_t count_dispatched(enum adjeq_kernel kernel, const uint8_t *data, size_t len) {
    if (adjeq_set_kernel(kernel) != 0)
        return ADJEQ_COUNT_ERROR;
    size_t n = adjeq_count(data, len);
    adjeq_reset_kernel();
    return n;
}

/* adjeq_count_parallel runs the active kernel in each thread: its split
 * points and the per-thread sums (size_t) must hold above 2^32 too. */
static size_t count_parallel(enum adjeq_kernel kernel, const uint8_t *data, size_t len,
                             unsigned threads) {
    if (adjeq_set_kernel(kernel) != 0)
        return ADJEQ_COUNT_ERROR;
    size_t n = adjeq_count_parallel(data, len, threads);
    adjeq_reset_kernel();
    return n;
}

static size_t count_parallel_auto(enum adjeq_kernel kernel, const uint8_t *data, size_t len) {
    return count_parallel(kernel, data, len, 0);
}

static size_t count_parallel_2(enum adjeq_kernel kernel, const uint8_t *data, size_t len) {
    return count_parallel(kernel, data, len, 2);
}

static size_t count_utf8(enum adjeq_kernel kernel, const uint8_t *data, size_t len) {
    return adjeq_count_utf8_with(kernel, (const char *)data, len);
}

static const struct huge_counter counters[] = {
    {"bytes", count_bytes},
    {"dispatched", count_dispatched},
    {"parallel-0", count_parallel_auto},
    {"parallel-2", count_parallel_2},
    {"utf8", count_utf8},
};

/* Runs of RUN equal letters, neighbouring runs different: i < len - 1 is a
 * double unless i % RUN == RUN - 1. RUN is odd, so runs start at every
 * offset within a vector block. */
enum { RUN = 7 };

static size_t pattern_expected(size_t len) {
    size_t pairs = len - 1;
    return pairs - pairs / RUN;
}

static void pattern_fill(uint8_t *data, size_t len) {
    enum { PERIOD = RUN * 26 };
    size_t first = len < PERIOD ? len : PERIOD;
    for (size_t i = 0; i < first; i++)
        data[i] = (uint8_t)('a' + (i / RUN) % 26);
    /* Doubling copies: data[i] depends only on i % PERIOD. */
    for (size_t done = first; done < len;) {
        size_t chunk = done - done % PERIOD;
        if (chunk > len - done)
            chunk = len - done;
        memcpy(data + done, data, chunk);
        done += chunk;
    }
}

static uint64_t mem_available(void) {
    FILE *f = fopen("/proc/meminfo", "r");
    char line[256];
    uint64_t kib = 0;
    if (!f)
        return 0;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "MemAvailable: %" SCNu64 " kB", &kib) == 1)
            break;
    fclose(f);
    return kib * 1024;
}

static void check_all(const char *pattern, const uint8_t *data, size_t len,
                      size_t want) {
    for (size_t c = 0; c < sizeof counters / sizeof counters[0]; c++)
        for (unsigned k = 0; k < adjeq_kernel_count(); k++) {
            enum adjeq_kernel kernel = (enum adjeq_kernel)k;
            if (!adjeq_kernel_supported(kernel))
                continue;
            size_t got = counters[c].count(kernel, data, len);
            CHECK(got == want, "%s, %s, %s: got %zu want %zu", pattern, counters[c].name,
                  adjeq_kernel_name(kernel), got, want);
            printf("%-10s %-10s %-10s %zu\n", pattern, counters[c].name,
                   adjeq_kernel_name(kernel), got);
        }
}

int main(void) {
    const uint64_t gib = UINT64_C(1) << 30;
    /* Odd length, odd start: every kernel's head and tail paths run. */
    const uint64_t len64 = 5 * gib + 7, offset = 1;
    if (len64 + offset > SIZE_MAX) {
        printf("size_t is %zu bits: skipped\n", sizeof(size_t) * 8);
        return TEST_SKIPPED;
    }
    const size_t len = (size_t)len64;
    uint64_t need = len64 + gib; /* the pattern, plus room for everyone else */
    uint64_t avail = mem_available();
    if (avail < need) {
        printf("needs %" PRIu64 " MiB available, have %" PRIu64 " MiB: skipped\n",
               need >> 20, avail >> 20);
        return TEST_SKIPPED;
    }

    uint8_t *map = (uint8_t *)mmap(NULL, len + offset, PROT_READ | PROT_WRITE,
                                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (map == MAP_FAILED) {
        perror("mmap");
        return 1;
    }
#if defined(MADV_HUGEPAGE)
    /* 2 MiB pages: 2,560 page faults instead of 1.3 million (a speed-up
     * only; harmless where transparent huge pages are off). */
    madvise(map, len + offset, MADV_HUGEPAGE);
#endif
    uint8_t *data = map + offset;

    /* Untouched anonymous memory reads as zeros: all bytes equal. */
    check_all("zeros", data, len, len - 1);
    CHECK(len - 1 > UINT32_MAX, "the all-equal count exceeds 2^32");

    pattern_fill(data, len);
    size_t want = pattern_expected(len);
    CHECK(want > UINT32_MAX, "the pattern count exceeds 2^32");
    /* The closed form against the naive loop on a prefix, so a wrong formula
     * cannot pass silently. */
    CHECK(test_reference_count(data, 100003) == pattern_expected(100003), "formula");
    check_all("runs-of-7", data, len, want);

    munmap(map, len + offset);
    printf("huge: %s\n", test_failures ? "FAILED" : "ok");
    return test_failures ? 1 : 0;
}
