/*
 * Differential suite for the modes (16-/32-bit units, UTF-8 code points) of
 * one kernel against naive references:  test_modes MODE KERNEL_NAME.
 * Exit 77 (skipped) if the kernel is compiled in but this CPU cannot run it.
 */
#include "adjeq.h"
#include "test_util.h"

static enum adjeq_kernel kernel;

/* --- 16-/32-bit units ---------------------------------------------------- */

/* Element values that differ from each other in exactly one byte, so a
 * kernel comparing bytes (or the wrong half of an element) miscounts. */
static const uint32_t wide_alphabet[] = {
    0x00000000u, 0x00000001u, 0x00000100u, 0x00010000u, 0x01000000u,
    0x80000000u, 0x00008000u, 0x00000080u};

struct wide_buf {
    size_t width; /* 2 or 4 */
    void *data;   /* aligned for width */
};

static uint32_t wide_get(const struct wide_buf *b, size_t i) {
    return b->width == 2 ? ((const uint16_t *)b->data)[i]
                         : ((const uint32_t *)b->data)[i];
}

static void wide_set(struct wide_buf *b, size_t i, uint32_t v) {
    if (b->width == 2)
        ((uint16_t *)b->data)[i] = (uint16_t)v;
    else
        ((uint32_t *)b->data)[i] = v;
}

static size_t wide_run(const struct wide_buf *b, size_t first, size_t n) {
    if (b->width == 2)
        return adjeq_count_u16_with(kernel, (const uint16_t *)b->data + first, n);
    return adjeq_count_u32_with(kernel, (const uint32_t *)b->data + first, n);
}

static size_t wide_reference(const struct wide_buf *b, size_t first, size_t n) {
    size_t count = 0;
    for (size_t i = first + 1; i < first + n; i++)
        count += wide_get(b, i - 1) == wide_get(b, i);
    return count;
}

/* alphabet: 1..8 picks from wide_alphabet (values unique within the width),
 * 0 means uniformly random values. */
static void wide_fill(struct wide_buf *b, size_t n, unsigned alphabet, uint64_t *seed) {
    unsigned usable = 0;
    uint32_t values[8];
    for (unsigned k = 0; k < 8; k++) {
        uint32_t v = wide_alphabet[k];
        if (b->width == 2 && v > 0xffffu)
            continue;
        values[usable++] = v;
    }
    for (size_t i = 0; i < n; i++) {
        uint64_t r = test_rand(seed);
        wide_set(b, i, alphabet ? values[r % (alphabet < usable ? alphabet : usable)]
                                : (uint32_t)r);
    }
}

static void test_wide(size_t width) {
    enum { MAX_N = 400, MAX_SHIFT = 64 };
    struct wide_buf b = {width, aligned_alloc(64, (MAX_N + MAX_SHIFT + 64) * 4)};
    uint64_t seed = width;
    static const unsigned alphabets[] = {1, 2, 3, 8, 0};
    /* Every length at every element offset from a 64-byte boundary. */
    for (size_t a = 0; a < sizeof alphabets / sizeof alphabets[0]; a++) {
        wide_fill(&b, MAX_N + MAX_SHIFT, alphabets[a], &seed);
        for (size_t shift = 0; shift < MAX_SHIFT / width + 2; shift++)
            for (size_t n = 0; n <= MAX_N; n++) {
                size_t want = wide_reference(&b, shift, n), got = wide_run(&b, shift, n);
                CHECK(got == want, "u%zu alphabet %u shift %zu n %zu: got %zu want %zu",
                      8 * width, alphabets[a], shift, n, got, want);
            }
    }
    /* Exactly one double at each position (block straddles, heads, tails). */
    static const size_t lens[] = {2, 9, 17, 33, 64, 65, 100, 129, 257, 300};
    for (size_t l = 0; l < sizeof lens / sizeof lens[0]; l++)
        for (size_t shift = 0; shift < 40; shift += 3)
            for (size_t pos = 0; pos + 1 < lens[l]; pos++) {
                for (size_t i = 0; i < lens[l]; i++)
                    wide_set(&b, shift + i, wide_alphabet[1 + (i & 1)]);
                wide_set(&b, shift + pos + 1, wide_get(&b, shift + pos));
                if (pos + 2 < lens[l])
                    wide_set(&b, shift + pos + 2, wide_alphabet[3]);
                CHECK(wide_run(&b, shift, lens[l]) == wide_reference(&b, shift, lens[l]),
                      "u%zu single double len %zu shift %zu pos %zu", 8 * width,
                      lens[l], shift, pos);
            }
    free(b.data);

    /* Equal runs that overflow 8- and 16-bit lane accumulators. */
    size_t max = (1u << 20) + 64;
    struct wide_buf big = {width, aligned_alloc(64, max * 4 + 64)};
    static const size_t run_lens[] = {255 * 16 + 1, 255 * 64 + 3, 65536 + 5,
                                      65535 * 16 + 7, (1u << 20) + 13};
    for (size_t l = 0; l < sizeof run_lens / sizeof run_lens[0]; l++)
        for (size_t shift = 0; shift < 4; shift++) {
            for (size_t i = 0; i < max; i++)
                wide_set(&big, i, 0x0101u);
            CHECK(wide_run(&big, shift, run_lens[l]) == run_lens[l] - 1,
                  "u%zu all-equal n %zu", 8 * width, run_lens[l]);
            for (size_t i = 999; i < max; i += 1000)
                wide_set(&big, i, 0x0100u);
            CHECK(wide_run(&big, shift, run_lens[l]) == wide_reference(&big, shift, run_lens[l]),
                  "u%zu broken runs n %zu", 8 * width, run_lens[l]);
        }
    free(big.data);

    /* Ends exactly at a PROT_NONE page / starts right after one. */
    struct guarded g;
    if (guarded_alloc(&g, 2) != 0) {
        CHECK(0, "cannot map guard pages");
        return;
    }
    size_t cap = g.size / width;
    for (size_t n = 0; n <= 700; n++) {
        struct wide_buf at = {width, g.base};
        wide_fill(&at, cap, 2, &seed);
        CHECK(wide_run(&at, cap - n, n) == wide_reference(&at, cap - n, n),
              "u%zu ends at guard page, n %zu", 8 * width, n);
        CHECK(wide_run(&at, 0, n) == wide_reference(&at, 0, n),
              "u%zu starts after guard page, n %zu", 8 * width, n);
    }
    guarded_free(&g);
}

int main(int argc, char **argv) {
    if (argc != 3 || adjeq_kernel_from_name(argv[2], &kernel) != 0) {
        fprintf(stderr, "usage: %s u16|u32 KERNEL_NAME\n", argv[0]);
        return 2;
    }
    if (!adjeq_kernel_supported(kernel)) {
        printf("kernel %s: not supported on this CPU/OS, skipped\n", argv[2]);
        return TEST_SKIPPED;
    }
    const char *mode = argv[1];
    if (strcmp(mode, "u16") == 0)
        test_wide(2);
    else if (strcmp(mode, "u32") == 0)
        test_wide(4);
    else {
        fprintf(stderr, "unknown mode %s\n", mode);
        return 2;
    }
    printf("mode %s, kernel %s: %s (%d failures)\n", mode, argv[2],
           test_failures ? "FAILED" : "ok", test_failures);
    return test_failures ? 1 : 0;
}
