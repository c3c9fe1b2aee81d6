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
 * Every kernel adjeq knows, compiled in or not. Values are dense from 0 and
 * stable across releases; new kernels are appended. Loop over them with
 * adjeq_kernel_count().
 */
enum adjeq_kernel {
    ADJEQ_KERNEL_SCALAR = 0,     /* portable C, any CPU */
    ADJEQ_KERNEL_SSE2 = 1,       /* x86-64 baseline, 128-bit */
    ADJEQ_KERNEL_AVX2 = 2,       /* AVX2, 256-bit */
    ADJEQ_KERNEL_AVX512BW = 3,   /* AVX-512F/BW + POPCNT, 512-bit */
    ADJEQ_KERNEL_AVX512VBMI = 4, /* AVX-512BW + VBMI byte permutes */
    ADJEQ_KERNEL_NEON = 5,       /* Advanced SIMD: AArch64, ARMv7 with NEON */
    ADJEQ_KERNEL_SVE = 6         /* AArch64 SVE, any vector length */
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

/* Number of enum adjeq_kernel values this build knows (compiled in or not). */
ADJEQ_API unsigned adjeq_kernel_count(void);

/* "scalar", "sse2", ...; NULL for a value out of range. */
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

/* ADJEQ_VERSION_STRING of the library actually linked. */
ADJEQ_API const char *adjeq_version(void);

#ifdef __cplusplus
}
#endif

#endif /* ADJEQ_H */
