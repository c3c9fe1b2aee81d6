/*
 * The differential suite (suite.h) on one of the library's kernels, through
 * its _with entry points, plus what only the library has: streams, the
 * entry points' contract, and inputs for the Python oracle.
 *
 *   test_kernels MODE KERNEL_NAME
 *     MODE: bytes, u16, u32, u64, f32, f64, utf8, utf16 (suite.h), stream,
 *     oracle / oracle16
 *     (python_oracle.py: one hex input per line on stdin, counts out)
 *
 * Exit 77 (skipped) if the kernel is compiled in but this CPU cannot run it.
 * The bytes run leaves evidence for the kernel-coverage gate (kernel_runs.h).
 */
#include "adjeq.h"
#include "kernel_runs.h"
#include "mode_call.h"
#include "suite.h"

static enum adjeq_kernel kernel;

#define WITH(mode, entry, pointer_type)                                       \
    static size_t with_##mode(const void *data, size_t n) {                   \
        return entry##_with(kernel, (pointer_type)data, n);                   \
    }
WITH(u8, adjeq_count, const void *)
WITH(u16, adjeq_count_u16, const void *)
WITH(u32, adjeq_count_u32, const void *)
WITH(u64, adjeq_count_u64, const void *)
WITH(f32, adjeq_count_f32, const void *)
WITH(f64, adjeq_count_f64, const void *)
WITH(utf8, adjeq_count_utf8, const char *)
WITH(utf16, adjeq_count_utf16, const void *)
#undef WITH

static const struct adjeq_kernel_ops library_kernel = {
    .count_u8 = with_u8,
    .count_u16 = with_u16,
    .count_u32 = with_u32,
    .count_u64 = with_u64,
    .count_f32 = with_f32,
    .count_f64 = with_f64,
    .count_utf8 = with_utf8,
    .count_utf16 = with_utf16,
};

/* --- streaming ---------------------------------------------------------- */

static const char *const mode_names[] = {"bytes", "u16", "u32", "utf8", "utf16"};

/* Input p[0 .. len) in chunks at the given cut points (ascending, may
 * repeat: empty chunks); checks the running result after every chunk. */
static uint64_t streamed(enum adjeq_mode mode, const uint8_t *p, size_t len,
                         const size_t *cuts, size_t ncuts) {
    struct adjeq_stream st;
    CHECK(adjeq_stream_init(&st, mode) == 0, "init");
    size_t at = 0;
    for (size_t c = 0; c <= ncuts; c++) {
        size_t to = c < ncuts ? cuts[c] : len;
        adjeq_stream_update(&st, p + at, to - at);
        at = to;
        /* As if the input ended here (a split element is no element). */
        CHECK(adjeq_stream_result(&st) == test_one_call(mode, p, at),
              "%s running result after %zu bytes", mode_names[mode], at);
    }
    return adjeq_stream_result(&st);
}

static void test_stream_input(enum adjeq_mode mode, const uint8_t *p, size_t len,
                              uint64_t *seed) {
    size_t want = test_one_call(mode, p, len);
    /* Two chunks, split at every position. */
    for (size_t cut = 0; cut <= len; cut++)
        CHECK(streamed(mode, p, len, &cut, 1) == want, "%s len %zu split at %zu",
              mode_names[mode], len, cut);
    /* Many small chunks, some empty; and byte by byte. */
    size_t cuts[512], ncuts = 0, at = 0;
    while (ncuts < 512) {
        at += test_rand(seed) % 6;
        if (at > len)
            break;
        cuts[ncuts++] = at;
    }
    CHECK(streamed(mode, p, len, cuts, ncuts) == want, "%s len %zu random chunks",
          mode_names[mode], len);
    for (size_t i = 0; i < len && i < 512; i++)
        cuts[i] = i;
    if (len <= 512)
        CHECK(streamed(mode, p, len, cuts, len) == want, "%s len %zu byte by byte",
              mode_names[mode], len);
}

static void test_stream(void) {
    adjeq_set_kernel(kernel); /* streams run on the active kernel */
    struct adjeq_stream st, before;
    memset(&st, 0x5a, sizeof st);
    before = st;
    CHECK(adjeq_stream_init(&st, (enum adjeq_mode)5) == ADJEQ_ERR_INVALID_MODE &&
              adjeq_stream_init(&st, (enum adjeq_mode)-1) == ADJEQ_ERR_INVALID_MODE,
          "bad mode rejected");
    CHECK(memcmp(&st, &before, sizeof st) == 0, "a rejected init leaves the stream as it was");
    CHECK(adjeq_stream_init(&st, ADJEQ_MODE_UTF8) == 0 && adjeq_stream_result(&st) == 0,
          "empty stream");
    adjeq_stream_update(&st, NULL, 0);
    CHECK(adjeq_stream_result(&st) == 0, "NULL, 0");

    enum { LEN = 400 };
    /* malloc: suitably aligned for every unit, and of no declared type. */
    uint8_t *buf = (uint8_t *)malloc(LEN);
    uint64_t seed = 11;
    for (size_t trial = 0; trial < 8; trial++) {
        size_t len = trial < 4 ? 20 * trial + 3 : LEN - trial;
        test_fill(buf, len, trial % 2 ? 2 : 4, &seed);
        test_stream_input(ADJEQ_MODE_BYTES, buf, len, &seed);
        for (size_t i = 0; i < len; i++) /* equal or unequal in one byte */
            buf[i] = (uint8_t)(test_rand(&seed) % 5 == 0);
        test_stream_input(ADJEQ_MODE_U16, buf, len - len % 2, &seed);
        test_stream_input(ADJEQ_MODE_U32, buf, len - len % 4, &seed);
        for (size_t i = 0; i < len; i += 4) /* runs of equal 32-bit units */
            memcpy(buf + i, i % 16 ? (const void *)(buf + i - 4) : (const void *)"\x01\x02\x03\x04",
                   len - i < 4 ? len - i : 4);
        test_stream_input(ADJEQ_MODE_U16, buf, len - len % 2, &seed);
        test_stream_input(ADJEQ_MODE_U32, buf, len - len % 4, &seed);
        if (trial % 2)
            utf8_fill(buf, len, trial < 4 ? 12 : UTF8_PIECES, &seed);
        else
            utf8_fill_bytes(buf, len, &seed);
        test_stream_input(ADJEQ_MODE_UTF8, buf, len, &seed);
        utf16_fill((uint16_t *)(void *)buf, len / 2, trial < 4 ? 8 : UTF16_PIECES, &seed);
        test_stream_input(ADJEQ_MODE_UTF16, buf, len - len % 2, &seed);
    }
    free(buf);
    /* Big chunks through the SIMD paths, split inside characters. */
    size_t big_len = 100000;
    uint8_t *big = (uint8_t *)malloc(big_len);
    utf8_fill(big, big_len, UTF8_PIECES, &seed);
    for (size_t cut = 50000; cut < 50008; cut++)
        CHECK(streamed(ADJEQ_MODE_UTF8, big, big_len, &cut, 1) ==
                  utf8_reference(big, big_len), "utf8 big split at %zu", cut);
    utf16_fill((uint16_t *)(void *)big, big_len / 2, UTF16_PIECES, &seed);
    for (size_t cut = 50000; cut < 50008; cut++)
        CHECK(streamed(ADJEQ_MODE_UTF16, big, big_len, &cut, 1) ==
                  utf16_reference((const uint16_t *)(const void *)big, big_len / 2),
              "utf16 big split at %zu", cut);
    for (size_t cut = 50000; cut < 50008; cut++)
        CHECK(streamed(ADJEQ_MODE_U32, big, big_len, &cut, 1) ==
                  test_one_call(ADJEQ_MODE_U32, big, big_len), "u32 big split at %zu", cut);
    free(big);
}

/* For python_oracle.py: one input per line in hex; prints each count. */
static void run_oracle_inputs(int utf16) {
    static char line[4096];
    static union {
        uint8_t bytes[sizeof line / 2];
        uint16_t units[sizeof line / 4];
    } in;
    while (fgets(line, sizeof line, stdin)) {
        size_t n = 0;
        unsigned v;
        while (n < sizeof in.bytes && sscanf(line + 2 * n, "%2x", &v) == 1)
            in.bytes[n++] = (uint8_t)v;
        printf("%zu\n", utf16 ? adjeq_count_utf16_with(kernel, in.units, n / 2)
                             : adjeq_count_utf8_with(kernel, (const char *)in.bytes, n));
    }
}

/* The entry points' contract, whatever the kernel: nothing read for n < 2
 * (NULL allowed for 0), ADJEQ_COUNT_ERROR for a kernel out of range. */
static void test_entry_points(void) {
    const enum adjeq_kernel bogus = (enum adjeq_kernel)adjeq_kernel_count();
    uint16_t two16[2] = {1, 1};
    uint32_t two32[2] = {1, 1};
    CHECK(adjeq_count_u16(NULL, 0) == 0 && adjeq_count_u16(two16, 1) == 0, "u16 n < 2");
    CHECK(adjeq_count_u32(NULL, 0) == 0 && adjeq_count_u32(two32, 1) == 0, "u32 n < 2");
    CHECK(adjeq_count_utf8(NULL, 0) == 0 && adjeq_count_utf8("aa", 1) == 0, "utf8 len < 2");
    CHECK(adjeq_count_utf16(NULL, 0) == 0 && adjeq_count_utf16(two16, 1) == 0, "utf16 n < 2");
    CHECK(adjeq_count_u16(two16, 2) == 1 && adjeq_count_u32(two32, 2) == 1 &&
              adjeq_count_utf8("aa", 2) == 1 && adjeq_count_utf16(two16, 2) == 1,
          "dispatched modes");
    CHECK(adjeq_count_u16_with(bogus, two16, 2) == ADJEQ_COUNT_ERROR, "u16 bad kernel");
    CHECK(adjeq_count_u32_with(bogus, two32, 2) == ADJEQ_COUNT_ERROR, "u32 bad kernel");
    uint64_t two64[2] = {1, 1};
    float twof[2] = {1.0f, 1.0f};
    double twod[2] = {-0.0, 0.0};
    CHECK(adjeq_count_u64(NULL, 0) == 0 && adjeq_count_u64(two64, 1) == 0 &&
              adjeq_count_u64(two64, 2) == 1, "u64 entry point");
    CHECK(adjeq_count_f32(NULL, 0) == 0 && adjeq_count_f32(twof, 1) == 0 &&
              adjeq_count_f32(twof, 2) == 1, "f32 entry point");
    CHECK(adjeq_count_f64(NULL, 0) == 0 && adjeq_count_f64(twod, 1) == 0 &&
              adjeq_count_f64(twod, 2) == 1, "f64 entry point (-0.0 == 0.0)");
    CHECK(adjeq_count_u64_with(bogus, two64, 2) == ADJEQ_COUNT_ERROR &&
              adjeq_count_f32_with(bogus, twof, 2) == ADJEQ_COUNT_ERROR &&
              adjeq_count_f64_with(bogus, twod, 2) == ADJEQ_COUNT_ERROR,
          "u64/f32/f64 bad kernel");
    CHECK(adjeq_count_utf8_with(bogus, "aa", 2) == ADJEQ_COUNT_ERROR, "utf8 bad kernel");
    CHECK(adjeq_count_utf16_with(bogus, two16, 2) == ADJEQ_COUNT_ERROR, "utf16 bad kernel");
}

int main(int argc, char **argv) {
    if (argc != 3 || adjeq_kernel_from_name(argv[2], &kernel) != 0) {
        fprintf(stderr, "usage: %s bytes|u16|u32|u64|f32|f64|utf8|utf16|stream|oracle|oracle16 KERNEL_NAME\n",
                argv[0]);
        return 2;
    }
    const char *mode = argv[1], *name = argv[2];
    int coverage = strcmp(mode, "bytes") == 0;
    if (!adjeq_kernel_supported(kernel)) {
        printf("kernel %s: not supported on this CPU/OS, skipped\n", name);
        if (coverage)
            kernel_runs_record(name, "skipped");
        return TEST_SKIPPED;
    }
    if (strcmp(mode, "oracle") == 0 || strcmp(mode, "oracle16") == 0) {
        run_oracle_inputs(strcmp(mode, "oracle16") == 0);
        return 0;
    }
    test_entry_points();
    if (strcmp(mode, "stream") == 0) {
        test_stream();
    } else if (suite_run(&library_kernel, mode) < 0) {
        fprintf(stderr, "unknown mode %s\n", mode);
        return 2;
    }
    printf("mode %s, kernel %s: %s (%d failures)\n", mode, name,
           test_failures ? "FAILED" : "ok", test_failures);
    if (coverage)
        kernel_runs_record(name, test_failures ? "failed" : "passed");
    return test_failures ? 1 : 0;
}
