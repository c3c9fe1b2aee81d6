/*
 * libFuzzer target: every kernel this CPU supports, at every start offset
 * 0..63, against the naive reference; a kernel with a tuned table
 * (kernels/ops.h: one_shuffle_port) runs both of its tables, since dispatch
 * reaches only one of them on a given CPU. Built with ASan and UBSan (ADJEQ_FUZZ),
 * the library included, so an over-read or UB inside a kernel aborts.
 *
 * Input: the buffer, as is, unless byte 0 is RUNS_MAGIC: then the rest is
 * run-length pairs (length code, byte), each a run of 1 + code * 64 bytes,
 * so a small input reaches the long runs that overflow narrow per-lane
 * accumulators (up to MAX_EXPANDED bytes). libFuzzer's comparison tracing
 * finds the magic byte by itself.
 *
 * Each copy goes into a heap block allocated at exactly offset + len bytes,
 * so the first byte after the buffer is ASan's redzone (and memcheck's); the
 * bytes before the start are fenced too.
 *
 * Built two ways (tests/fuzz/CMakeLists.txt): with libFuzzer (ADJEQ_FUZZ,
 * clang), and with replay_main.c in every build, which runs the seed corpus
 * once in the quick tier, so valgrind and the emulators see it too.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adjeq.h"
#include "adjeq_build_kernels.h"
#include "ops.h"

/* White-box (as tests/test_tuned.c): the tables from the library's objects. */
#define DECLARE_OPS(ID, name) extern const struct adjeq_kernel_ops adjeq_ops_##name;
ADJEQ_BUILD_KERNELS(DECLARE_OPS)
#undef DECLARE_OPS

/* Fences around the buffer: ASan's to 8-byte granularity, memcheck's exact
 * to the byte (replay_main under valgrind). No-ops in other builds. */
#if defined(__has_include)
#  if __has_include(<sanitizer/asan_interface.h>)
#    include <sanitizer/asan_interface.h>
#  endif
#  if __has_include(<valgrind/memcheck.h>)
#    include <valgrind/memcheck.h>
#  endif
#endif
#if !defined(ASAN_POISON_MEMORY_REGION)
#  define ASAN_POISON_MEMORY_REGION(addr, size) ((void)(addr), (void)(size))
#  define ASAN_UNPOISON_MEMORY_REGION(addr, size) ((void)(addr), (void)(size))
#endif
#if !defined(VALGRIND_MAKE_MEM_NOACCESS)
#  define VALGRIND_MAKE_MEM_NOACCESS(addr, size) ((void)(addr), (void)(size))
#  define VALGRIND_MAKE_MEM_DEFINED(addr, size) ((void)(addr), (void)(size))
#endif

enum { MAX_OFFSET = 64, MAX_EXPANDED = 1 << 15, RUNS_MAGIC = 0xff };

static size_t reference_count(const uint8_t *data, size_t len) {
    size_t count = 0;
    for (size_t i = 1; i < len; i++)
        count += data[i - 1] == data[i];
    return count;
}

/*
 * One counting mode: how to run it with a given kernel on the fuzzer's
 * `len` bytes, and its naive reference on the same bytes. To fuzz a new
 * mode, add a row; the driver gives each row every supported kernel and
 * every start offset. A mode with wider elements counts the len / size whole
 * elements at `data` (which is then misaligned for them at most offsets, as
 * callers' buffers may be); its reference does the same. unit and field
 * say how a kernel's tables count it: the table function at that offset of
 * struct adjeq_kernel_ops, over len / unit elements.
 */
struct fuzz_mode {
    const char *name;
    size_t (*count_with)(enum adjeq_kernel kernel, const uint8_t *data, size_t len);
    size_t (*reference)(const uint8_t *data, size_t len);
    size_t unit, field;
};

static size_t count_bytes(enum adjeq_kernel kernel, const uint8_t *data, size_t len) {
    return adjeq_count_with(kernel, data, len);
}

/* --- the other modes: naive references, elements read with memcpy --- */

static uint32_t element(const uint8_t *data, size_t i, size_t size) {
    uint16_t e16;
    uint32_t e32;
    if (size == 2) {
        memcpy(&e16, data + 2 * i, 2);
        return e16;
    }
    memcpy(&e32, data + 4 * i, 4);
    return e32;
}

static size_t reference_wide(const uint8_t *data, size_t len, size_t size) {
    size_t count = 0;
    for (size_t i = 1; i < len / size; i++)
        count += element(data, i - 1, size) == element(data, i, size);
    return count;
}

static size_t reference_u16(const uint8_t *data, size_t len) {
    return reference_wide(data, len, 2);
}

static size_t reference_u32(const uint8_t *data, size_t len) {
    return reference_wide(data, len, 4);
}

/* Elements of type T loaded with memcpy and compared with C's == (for
 * float and double that is IEEE equality: NaN equals nothing). */
#define REFERENCE_TYPED(name, T)                                              \
    static size_t name(const uint8_t *data, size_t len) {                     \
        size_t count = 0;                                                     \
        for (size_t i = 1; i < len / sizeof(T); i++) {                        \
            T a, b;                                                           \
            memcpy(&a, data + sizeof(T) * (i - 1), sizeof(T));                \
            memcpy(&b, data + sizeof(T) * i, sizeof(T));                      \
            count += a == b;                                                  \
        }                                                                     \
        return count;                                                         \
    }
REFERENCE_TYPED(reference_u64, uint64_t)
REFERENCE_TYPED(reference_f32, float)
REFERENCE_TYPED(reference_f64, double)
#undef REFERENCE_TYPED

/* Python's decode("utf-8", "surrogateescape"), decoded by value: a valid
 * character gives its code point, any other byte b gives U+DC00 + b. */
static size_t reference_utf8(const uint8_t *s, size_t len) {
    size_t count = 0;
    uint32_t prev = UINT32_MAX;
    for (size_t i = 0; i < len;) {
        uint32_t unit = 0xdc00u + s[i], v = 0, min = 0;
        size_t n = s[i] < 0x80 ? 1 : (s[i] & 0xe0) == 0xc0 ? 2 : (s[i] & 0xf0) == 0xe0 ? 3
                 : (s[i] & 0xf8) == 0xf0 ? 4 : 0;
        if (n == 1) {
            unit = s[i];
        } else if (n && n <= len - i) {
            v = s[i] & (0x7fu >> n);
            min = n == 2 ? 0x80 : n == 3 ? 0x800 : 0x10000;
            size_t k = 1;
            for (; k < n && (s[i + k] & 0xc0) == 0x80; k++)
                v = v << 6 | (s[i + k] & 0x3fu);
            if (k == n && v >= min && v <= 0x10ffff && (v < 0xd800 || v > 0xdfff))
                unit = v;
            else
                n = 1;
        } else {
            n = 1;
        }
        count += unit == prev;
        prev = unit;
        i += n;
    }
    return count;
}

/* Python's decode("utf-16", "surrogatepass"), native byte order. */
static size_t reference_utf16(const uint8_t *data, size_t len) {
    size_t count = 0, n = len / 2;
    uint32_t prev = UINT32_MAX;
    for (size_t i = 0; i < n; i++) {
        uint32_t unit = element(data, i, 2);
        uint32_t next = i + 1 < n ? element(data, i + 1, 2) : 0;
        if ((unit & 0xfc00) == 0xd800 && (next & 0xfc00) == 0xdc00) {
            unit = 0x10000 + ((unit & 0x3ff) << 10 | (next & 0x3ff));
            i++;
        }
        count += unit == prev;
        prev = unit;
    }
    return count;
}

static size_t count_u16(enum adjeq_kernel kernel, const uint8_t *data, size_t len) {
    return adjeq_count_u16_with(kernel, data, len / 2);
}

static size_t count_u32(enum adjeq_kernel kernel, const uint8_t *data, size_t len) {
    return adjeq_count_u32_with(kernel, data, len / 4);
}

static size_t count_u64(enum adjeq_kernel kernel, const uint8_t *data, size_t len) {
    return adjeq_count_u64_with(kernel, data, len / 8);
}

static size_t count_f32(enum adjeq_kernel kernel, const uint8_t *data, size_t len) {
    return adjeq_count_f32_with(kernel, data, len / 4);
}

static size_t count_f64(enum adjeq_kernel kernel, const uint8_t *data, size_t len) {
    return adjeq_count_f64_with(kernel, data, len / 8);
}

static size_t count_utf8(enum adjeq_kernel kernel, const uint8_t *data, size_t len) {
    return adjeq_count_utf8_with(kernel, (const char *)data, len);
}

static size_t count_utf16(enum adjeq_kernel kernel, const uint8_t *data, size_t len) {
    return adjeq_count_utf16_with(kernel, data, len / 2);
}

/* Row 0 is the byte count: the dispatched check below compares with it. */
#define TABLE_FN(fn, unit) unit, offsetof(struct adjeq_kernel_ops, fn)
static const struct fuzz_mode modes[] = {
    {"bytes", count_bytes, reference_count, TABLE_FN(count_u8, 1)},
    {"u16", count_u16, reference_u16, TABLE_FN(count_u16, 2)},
    {"u32", count_u32, reference_u32, TABLE_FN(count_u32, 4)},
    {"u64", count_u64, reference_u64, TABLE_FN(count_u64, 8)},
    {"f32", count_f32, reference_f32, TABLE_FN(count_f32, 4)},
    {"f64", count_f64, reference_f64, TABLE_FN(count_f64, 8)},
    {"utf8", count_utf8, reference_utf8, TABLE_FN(count_utf8, 1)},
    {"utf16", count_utf16, reference_utf16, TABLE_FN(count_utf16, 2)},
};
#undef TABLE_FN

static size_t count_with_table(const struct fuzz_mode *mode, const struct adjeq_kernel_ops *ops,
                               const uint8_t *data, size_t len) {
    adjeq_count_fn fn;
    memcpy(&fn, (const char *)ops + mode->field, sizeof fn);
    return fn(data, len / mode->unit);
}

/* Every kernel compiled in, with its default table (kernels/ops.h). */
static const struct {
    enum adjeq_kernel kernel;
    const struct adjeq_kernel_ops *ops;
} tables[] = {
#define ENTRY(ID, name) {ADJEQ_KERNEL_##ID, &adjeq_ops_##name},
    ADJEQ_BUILD_KERNELS(ENTRY)
#undef ENTRY
};

static size_t expand_runs(const uint8_t *in, size_t n, uint8_t *out) {
    size_t len = 0;
    for (size_t i = 0; i + 1 < n; i += 2) {
        size_t run = 1 + (size_t)in[i] * 64;
        if (run > MAX_EXPANDED - len)
            run = MAX_EXPANDED - len;
        memset(out + len, in[i + 1], run);
        len += run;
    }
    return len;
}

static void report(const char *mode, enum adjeq_kernel kernel, const char *table,
                   size_t offset, size_t len, size_t got, size_t want) {
    fprintf(stderr, "mode %s kernel %s%s offset %zu len %zu: got %zu, want %zu\n", mode,
            adjeq_kernel_name(kernel), table, offset, len, got, want);
    abort(); /* libFuzzer saves the input as a crash artifact */
}

static void check_buffer(const uint8_t *bytes, size_t len) {
    enum { MODES = sizeof modes / sizeof modes[0] };
    /* The content is the same at every offset: one reference per mode. */
    size_t want[MODES];
    for (size_t m = 0; m < MODES; m++)
        want[m] = modes[m].reference(bytes, len);
    for (size_t offset = 0; offset < MAX_OFFSET; offset++) {
        uint8_t *block = NULL;
        /* posix_memalign fixes the start's alignment; the block's end is
         * exactly the buffer's end. */
        if (posix_memalign((void **)&block, MAX_OFFSET, offset + len ? offset + len : 1))
            abort();
        uint8_t *data = block + offset;
        if (len)
            memcpy(data, bytes, len);
        ASAN_POISON_MEMORY_REGION(block, offset);
        VALGRIND_MAKE_MEM_NOACCESS(block, offset);
        /* Each kernel through the public entry point, or, when it has a
         * tuned table, both tables directly (the entry point would only
         * repeat one of them). */
        for (size_t m = 0; m < MODES; m++)
            for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++) {
                enum adjeq_kernel kernel = tables[t].kernel;
                const struct adjeq_kernel_ops *ops = tables[t].ops;
                if (!adjeq_kernel_supported(kernel))
                    continue;
                if (!ops->one_shuffle_port) {
                    size_t got = modes[m].count_with(kernel, data, len);
                    if (got != want[m])
                        report(modes[m].name, kernel, "", offset, len, got, want[m]);
                    continue;
                }
                for (int tuned = 0; tuned < 2; tuned++) {
                    size_t got =
                        count_with_table(&modes[m], tuned ? ops->one_shuffle_port : ops, data, len);
                    if (got != want[m])
                        report(modes[m].name, kernel, tuned ? " (tuned table)" : " (default table)",
                               offset, len, got, want[m]);
                }
            }
        /* The dispatched entry point too (whatever kernel is active). */
        size_t got = adjeq_count(data, len);
        if (got != want[0])
            report("dispatched", adjeq_active_kernel(), "", offset, len, got, want[0]);
        ASAN_UNPOISON_MEMORY_REGION(block, offset);
        VALGRIND_MAKE_MEM_DEFINED(block, offset);
        free(block);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *input, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *input, size_t size) {
    if (size > 0 && input[0] == RUNS_MAGIC) {
        static uint8_t expanded[MAX_EXPANDED];
        check_buffer(expanded, expand_runs(input + 1, size - 1, expanded));
    } else {
        check_buffer(input, size);
    }
    return 0;
}
