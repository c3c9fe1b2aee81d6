/*
 * adjeq: count adjacent-equal elements ("doubles") at memory speed.
 *
 * A double is a position i with data[i] == data[i + 1]. The library picks the
 * fastest kernel the running CPU and OS support on first use; every function
 * here is thread-safe.
 *
 * This is the only public header. It compiles as C99 or later and as C++.
 */
#ifndef ADJEQ_H
#define ADJEQ_H

#include <stddef.h>
#include <stdint.h>

#define ADJEQ_VERSION_MAJOR 0
#define ADJEQ_VERSION_MINOR 1
#define ADJEQ_VERSION_PATCH 0
#define ADJEQ_VERSION_STRING "0.1.0"

#if defined(ADJEQ_STATIC_DEFINE)
#  define ADJEQ_API
#elif defined(_WIN32)
#  if defined(ADJEQ_BUILDING)
#    define ADJEQ_API __declspec(dllexport)
#  else
#    define ADJEQ_API __declspec(dllimport)
#  endif
#elif defined(__GNUC__)
#  define ADJEQ_API __attribute__((visibility("default")))
#else
#  define ADJEQ_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Every kernel adjeq knows, compiled in or not. Values are stable across
 * releases and new kernels are appended, but they need not be dense: a value
 * below adjeq_kernel_count() that this build does not assign has no name
 * (adjeq_kernel_name() returns NULL) and is never supported. Loop over them
 * with adjeq_kernel_count().
 */
enum adjeq_kernel {
    ADJEQ_KERNEL_SCALAR = 0,     /* portable C, any CPU */
    ADJEQ_KERNEL_SSE2 = 1,       /* x86-64 baseline, 128-bit */
    ADJEQ_KERNEL_AVX2 = 2,       /* AVX2 + POPCNT, 256-bit */
    ADJEQ_KERNEL_AVX512BW = 3,   /* AVX-512F/BW + POPCNT, 512-bit */
    ADJEQ_KERNEL_AVX512VBMI = 4, /* AVX-512BW + VBMI byte permutes */
    ADJEQ_KERNEL_NEON = 5,       /* Advanced SIMD: AArch64, ARMv7 with NEON */
    ADJEQ_KERNEL_SVE = 6,        /* AArch64 SVE, any vector length */
    ADJEQ_KERNEL_RVV = 7,        /* RISC-V Vector 1.0, any vector length */
    ADJEQ_KERNEL_VSX = 8,        /* POWER8 VSX, the ppc64le baseline */
    ADJEQ_KERNEL_ZVECTOR = 9,    /* z/Architecture vector facility (z13) */
    ADJEQ_KERNEL_SIMD128 = 10    /* WebAssembly SIMD128 (chosen at compile time) */
};

/* Error codes returned (negated values) by functions that return int. */
#define ADJEQ_ERR_INVALID_KERNEL (-1) /* not a value of enum adjeq_kernel */
#define ADJEQ_ERR_UNSUPPORTED (-2)    /* not compiled in, or not runnable here */

/* Returned by adjeq_count_with() for a kernel it cannot run. A real count is
 * always below len, so it can never equal SIZE_MAX. */
#define ADJEQ_COUNT_ERROR ((size_t)-1)

/*
 * Number of doubles in data[0 .. len): positions i < len - 1 with
 * data[i] == data[i + 1]. Returns 0 for len < 2; data may be NULL if len is 0.
 * Exact for any len (64-bit counts on 64-bit targets).
 */
ADJEQ_API size_t adjeq_count(const void *data, size_t len);

/*
 * Runs one named kernel. For a kernel that is out of range, not compiled in,
 * or not supported by this CPU and OS, it reads nothing and returns
 * ADJEQ_COUNT_ERROR. Meant for tests and benchmarks.
 */
ADJEQ_API size_t adjeq_count_with(enum adjeq_kernel kernel, const void *data,
                                  size_t len);

/* One more than the highest enum adjeq_kernel value this build knows
 * (compiled in or not). */
ADJEQ_API unsigned adjeq_kernel_count(void);

/* "scalar", "sse2", ...; NULL for a value out of range or unassigned. */
ADJEQ_API const char *adjeq_kernel_name(enum adjeq_kernel kernel);

/* Reverse of adjeq_kernel_name (exact, lower-case name). Returns 0 and stores
 * the kernel, or ADJEQ_ERR_INVALID_KERNEL for an unknown or NULL name. */
ADJEQ_API int adjeq_kernel_from_name(const char *name,
                                     enum adjeq_kernel *kernel);

/* 1 if the kernel is compiled in and runs on this CPU and OS, else 0.
 * Policy never changes this: any supported kernel may be forced. */
ADJEQ_API int adjeq_kernel_supported(enum adjeq_kernel kernel);

/* The kernel adjeq_count() uses. Resolves dispatch (and ADJEQ_KERNEL) first,
 * so it gives the same answer before and after the first count. */
ADJEQ_API enum adjeq_kernel adjeq_active_kernel(void);

/* The kernel the automatic choice picks on this CPU and OS, ignoring
 * ADJEQ_KERNEL and adjeq_set_kernel(). */
ADJEQ_API enum adjeq_kernel adjeq_best_kernel(void);

/* Forces a kernel for all later calls in the process. Returns 0, or
 * ADJEQ_ERR_INVALID_KERNEL / ADJEQ_ERR_UNSUPPORTED and changes nothing. */
ADJEQ_API int adjeq_set_kernel(enum adjeq_kernel kernel);

/* Returns to the automatic choice (adjeq_best_kernel()); ADJEQ_KERNEL is not
 * consulted again. */
ADJEQ_API void adjeq_reset_kernel(void);

/*
 * Modes: the same count over wider units. Each mode runs on the active kernel
 * (ADJEQ_KERNEL and adjeq_set_kernel() choose the ISA for every mode at once).
 *
 * adjeq_count_u16 / adjeq_count_u32: doubles among n 16-/32-bit units
 * compared as plain integers (UCS-2/UCS-4 storage, UTF-32 text, integer
 * arrays). Over UTF-16 text they count code units: a surrogate is a unit like
 * any other. n counts elements, not bytes; 0 for n < 2; data may be NULL when
 * n is 0. data may have any alignment (it is a void pointer for that
 * reason: a misaligned uint16_t pointer is undefined behaviour in C); the
 * kernels read elements with unaligned loads.
 */
ADJEQ_API size_t adjeq_count_u16(const void *data, size_t n);
ADJEQ_API size_t adjeq_count_u32(const void *data, size_t n);

/* One named kernel, as adjeq_count_with(): ADJEQ_COUNT_ERROR and no read for
 * a kernel that is not supported. */
ADJEQ_API size_t adjeq_count_u16_with(enum adjeq_kernel kernel,
                                      const void *data, size_t n);
ADJEQ_API size_t adjeq_count_u32_with(enum adjeq_kernel kernel,
                                      const void *data, size_t n);

/*
 * adjeq_count_u64: the same over n 64-bit units (timestamps, int64/uint64
 * arrays). adjeq_count_f32 / adjeq_count_f64: n IEEE floats / doubles
 * (native order, any alignment) compared as C's == compares them: NaN
 * equals nothing (not even the same NaN), -0.0 equals 0.0; so numpy's
 * count_nonzero(a[1:] == a[:-1]).
 */
ADJEQ_API size_t adjeq_count_u64(const void *data, size_t n);
ADJEQ_API size_t adjeq_count_f32(const void *data, size_t n);
ADJEQ_API size_t adjeq_count_f64(const void *data, size_t n);
ADJEQ_API size_t adjeq_count_u64_with(enum adjeq_kernel kernel,
                                      const void *data, size_t n);
ADJEQ_API size_t adjeq_count_f32_with(enum adjeq_kernel kernel,
                                      const void *data, size_t n);
ADJEQ_API size_t adjeq_count_f64_with(enum adjeq_kernel kernel,
                                      const void *data, size_t n);

/*
 * adjeq_count_utf8: doubles among the code points of UTF-8 text s[0 .. len)
 * (len in bytes; s need not be NUL-terminated), the answer of Rust's
 * chars() or of Python on the decoded str. 0 for len < 2.
 *
 * Invalid UTF-8 never fails and gives the same count on every kernel: the
 * text is cut into units, each a well-formed character (Unicode Table 3-7:
 * no overlongs, surrogates or values above U+10FFFF) or else a single
 * byte, and a unit equals only a unit of the same bytes. So a stray byte
 * equals only the same stray byte, and never a character. This is Python's
 * s.decode("utf-8", "surrogateescape"): "\xff\xff" has 1 double, "\xc3\xc3\xa9"
 * (stray C3, then U+00E9) has 0, and a character cut off by the end of the
 * text is one unit per byte.
 */
ADJEQ_API size_t adjeq_count_utf8(const char *s, size_t len);
ADJEQ_API size_t adjeq_count_utf8_with(enum adjeq_kernel kernel,
                                       const char *s, size_t len);

/*
 * adjeq_count_utf16: doubles among the code points of UTF-16 text of n
 * elements (native byte order): a high surrogate followed by a low one is
 * one code point; any other element, a lone surrogate included, is a unit of
 * its own (Python's decode("utf-16", "surrogatepass")). adjeq_count_u16
 * counts code units instead. Any alignment, as for adjeq_count_u16.
 */
ADJEQ_API size_t adjeq_count_utf16(const void *s, size_t n);
ADJEQ_API size_t adjeq_count_utf16_with(enum adjeq_kernel kernel,
                                        const void *s, size_t n);

/*
 * Streaming: the same counts over input that arrives in chunks (files,
 * sockets). Any split of an input into chunks, including empty chunks and
 * splits inside a unit or a UTF-8 character, gives the total of one call over
 * the whole input.
 */
enum adjeq_mode {
    ADJEQ_MODE_BYTES = 0, /* adjeq_count */
    ADJEQ_MODE_U16 = 1,   /* adjeq_count_u16, units in native byte order */
    ADJEQ_MODE_U32 = 2,   /* adjeq_count_u32, units in native byte order */
    ADJEQ_MODE_UTF8 = 3,  /* adjeq_count_utf8 */
    ADJEQ_MODE_UTF16 = 4  /* adjeq_count_utf16, native byte order */
};

/* Returned by adjeq_stream_init() for a value outside enum adjeq_mode. */
#define ADJEQ_ERR_INVALID_MODE (-3)

/*
 * Fixed-size state of one stream; put it anywhere (stack, inside a struct)
 * and copy it freely. All fields are private: their meaning may change
 * between versions, the size will not within a major version.
 */
struct adjeq_stream {
    uint64_t count_;      /* doubles among the units completed so far */
    uint32_t mode_;       /* enum adjeq_mode */
    uint8_t last_len_;    /* bytes in last_; 0 before the first unit */
    uint8_t pending_state_; /* bytes held in pending_ (u16, u32, UTF-8), flags (UTF-16) */
    uint8_t last_[4];     /* the last complete unit */
    uint8_t pending_[4];  /* the start of a unit split by a chunk boundary */
    uint8_t reserved_[10];
};

/* Starts an empty stream. 0, or ADJEQ_ERR_INVALID_MODE (st unchanged). */
ADJEQ_API int adjeq_stream_init(struct adjeq_stream *st, enum adjeq_mode mode);

/* Feeds the next len bytes (bytes, also for U16, U32, UTF16); data may be NULL
 * when len is 0. Runs on the active kernel. */
ADJEQ_API void adjeq_stream_update(struct adjeq_stream *st, const void *data,
                                   size_t len);

/* Doubles in everything fed so far, as if the input ended here; updates may
 * follow. For UTF-8, a character still incomplete counts as its single
 * bytes (as at the end of adjeq_count_utf8 input); for UTF-16, a high
 * surrogate still waiting for its low half is a lone surrogate; bytes short
 * of a whole 16-/32-bit element are not an element. 64-bit on every target,
 * since streams outgrow size_t on 32-bit ones. */
ADJEQ_API uint64_t adjeq_stream_result(const struct adjeq_stream *st);

/* ADJEQ_VERSION_STRING of the library actually linked. */
ADJEQ_API const char *adjeq_version(void);

/*
 * adjeq_count() spread over `threads` POSIX threads (0: one per CPU this
 * process may run on, as sched_getaffinity reports, so taskset and container
 * limits are honoured). The same answer as adjeq_count() for every input:
 * the pair straddling each split point is counted once. Small buffers, where
 * starting threads costs more than it saves, are counted on the calling
 * thread; if a thread cannot be created its share is counted by the caller.
 * Built without POSIX threads, it always counts on the calling thread.
 */
ADJEQ_API size_t adjeq_count_parallel(const void *data, size_t len,
                                      unsigned threads);

/*
 * Many short inputs in one call, laid out as Arrow and pandas string columns
 * are: item i is data[offsets[i] .. offsets[i + 1]) (byte offsets, n + 1 of
 * them, non-decreasing). counts[i] receives the count of item i in `mode`
 * (ADJEQ_MODE_BYTES, _UTF8 for code points, or the 16-/32-bit modes, which
 * count the item's whole elements). Dispatch is resolved once for the call.
 * Returns 0, or ADJEQ_ERR_INVALID_MODE (counts untouched). The _32 form takes
 * 32-bit offsets (Arrow's string type; the 64-bit form is large_string).
 */
ADJEQ_API int adjeq_count_batch(enum adjeq_mode mode, const void *data,
                                const int64_t *offsets, size_t n, size_t *counts);
ADJEQ_API int adjeq_count_batch32(enum adjeq_mode mode, const void *data,
                                  const int32_t *offsets, size_t n, size_t *counts);

/* --- why each kernel is, or is not, used -------------------------------- */

/* Values are stable; new reasons are appended. */
enum adjeq_kernel_reason {
    ADJEQ_REASON_CHOSEN = 0,             /* usable and the automatic choice */
    ADJEQ_REASON_NOT_COMPILED = 1,       /* not in this build */
    ADJEQ_REASON_CPU_LACKS_FEATURE = 2,  /* the CPU lacks a feature it needs */
    ADJEQ_REASON_OS_LACKS_STATE = 3,     /* the OS does not save its registers */
    /* Usable (and may be forced), but the automatic choice passes it over: */
    ADJEQ_REASON_POLICY_512BIT_DOWNCLOCK = 4, /* part slows for 512-bit work */
    ADJEQ_REASON_POLICY_FASTER_KERNEL = 5     /* a faster kernel is usable */
};

struct adjeq_kernel_status {
    enum adjeq_kernel kernel;
    const char *name;            /* adjeq_kernel_name(kernel) */
    int compiled;                /* built into this library */
    int supported;               /* adjeq_kernel_supported(kernel) */
    int best;                    /* adjeq_best_kernel() == kernel */
    int active;                  /* adjeq_active_kernel() == kernel */
    enum adjeq_kernel_reason reason;
    char missing[96];  /* CPU_LACKS_FEATURE / OS_LACKS_STATE: the features, space-separated */
    char detail[192];  /* one line of English, e.g. "the CPU lacks avx512vbmi" */
};

/* Fills *status (pass sizeof *status as size: fields are only ever appended,
 * and an older caller's smaller struct is filled up to its size). Returns 0,
 * or ADJEQ_ERR_INVALID_KERNEL for a value out of range. */
ADJEQ_API int adjeq_get_kernel_status(enum adjeq_kernel kernel,
                                      struct adjeq_kernel_status *status,
                                      size_t size);

/* "chosen", "not-compiled", "cpu-lacks-feature", "os-lacks-state",
 * "policy-512bit-downclock", "policy-faster-kernel"; NULL if out of range. */
ADJEQ_API const char *adjeq_kernel_reason_name(enum adjeq_kernel_reason reason);

/* What the detector read and decided, for bug reports and for diffing
 * dispatch across machines. Fields of other architectures stay 0 / "". */
struct adjeq_cpu_report {
    const char *arch;          /* "x86_64", "x86" (32-bit), "aarch64", "arm", "ppc64le",
                                  "s390x", "riscv64", "wasm" or "other" */
    char features[128];        /* what the CPU reports, space-separated */
    char usable_features[128]; /* ... and the OS has enabled */
    int prefers_256bit;        /* policy: 512-bit kernels not chosen */
    enum adjeq_kernel best;    /* adjeq_best_kernel() */
    enum adjeq_kernel active;  /* adjeq_active_kernel() */
    /* x86-64 and 32-bit x86 */
    char vendor[13];           /* CPUID vendor, e.g. "GenuineIntel" */
    unsigned family, model, stepping; /* display family and model */
    uint32_t cpuid_max_leaf;
    uint32_t cpuid1_eax, cpuid1_ecx, cpuid1_edx; /* CPUID leaf 1 */
    uint32_t cpuid7_ebx, cpuid7_ecx;             /* CPUID leaf 7, subleaf 0 */
    int osxsave;               /* XGETBV usable; xcr0 is 0 when it is not */
    uint64_t xcr0;
    /* ARM (both words), RISC-V (hwcap) */
    uint64_t hwcap, hwcap2;    /* getauxval(AT_HWCAP), getauxval(AT_HWCAP2) */
    unsigned sve_vector_bits;  /* 0 without SVE */
    /* Tuning (appended): the kernels run their variant for CPUs whose vector
     * shuffles and mask compares share one port (Intel's AVX-512 cores). */
    int one_shuffle_port;
    /* RISC-V Linux (appended): the kernel release as major * 1000 + minor;
     * V is trusted from 6.5 on. */
    unsigned os_release;
};

/* Fills *report (pass sizeof *report, as for adjeq_kernel_status). Returns 0.
 * Reads the CPU afresh; not meant for hot paths. */
ADJEQ_API int adjeq_get_cpu_report(struct adjeq_cpu_report *report,
                                   size_t size);

#ifdef __cplusplus
}
#endif

#endif /* ADJEQ_H */
