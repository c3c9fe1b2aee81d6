/*
 * Internal: every kernel adjeq has, with one signature per mode.
 *
 * Each kernels/<isa>.c is compiled with its own ISA flags only, so nothing in
 * this header may be a non-static function: an out-of-line copy built with
 * AVX2 flags could be picked by the linker for baseline callers.
 */
#ifndef ADJEQ_KERNELS_H
#define ADJEQ_KERNELS_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Counts i < len - 1 with data[i] == data[i + 1]; 0 for len < 2. Reads only
 * data[0 .. len). */
typedef size_t (*adjeq_count_fn)(const uint8_t *data, size_t len);
/* Same over n 16-/32-bit elements, any n. */
typedef size_t (*adjeq_count_u16_fn)(const uint16_t *data, size_t n);
typedef size_t (*adjeq_count_u32_fn)(const uint32_t *data, size_t n);

/* One ISA's functions, one per mode: switching the table switches every
 * mode at once. */
struct adjeq_kernel_ops {
    adjeq_count_fn count_u8;
    adjeq_count_u16_fn count_u16;
    adjeq_count_u32_fn count_u32;
};

#define ADJEQ_DECLARE_KERNEL(isa)                                       \
    size_t adjeq_count_##isa(const uint8_t *data, size_t len);          \
    size_t adjeq_count_u16_##isa(const uint16_t *data, size_t n);       \
    size_t adjeq_count_u32_##isa(const uint32_t *data, size_t n);       \
    extern const struct adjeq_kernel_ops adjeq_ops_##isa

ADJEQ_DECLARE_KERNEL(scalar);
#if defined(ADJEQ_HAVE_SSE2)
ADJEQ_DECLARE_KERNEL(sse2);
#endif
#if defined(ADJEQ_HAVE_AVX2)
ADJEQ_DECLARE_KERNEL(avx2);
#endif
#if defined(ADJEQ_HAVE_AVX512BW)
ADJEQ_DECLARE_KERNEL(avx512bw);
#endif
#if defined(ADJEQ_HAVE_AVX512VBMI)
ADJEQ_DECLARE_KERNEL(avx512vbmi);
#endif
#if defined(ADJEQ_HAVE_NEON)
ADJEQ_DECLARE_KERNEL(neon);
#endif
#if defined(ADJEQ_HAVE_SVE)
ADJEQ_DECLARE_KERNEL(sve);
#endif

/* Makes the compiler treat a loaded vector as opaque, so it keeps it in a
 * register. GCC 12 otherwise re-loads a block from memory for each use that
 * needs a copy (vpermt2b overwrites its table operand), which turned the
 * AVX-512 loops from shuffle-bound into load-bound. */
#if defined(__GNUC__)
#  define ADJEQ_KEEP_IN_REGISTER(v) __asm__("" : "+v"(v))
#else
#  define ADJEQ_KEEP_IN_REGISTER(v) ((void)0)
#endif

/* For the width-generic helpers of a kernel file: the width must fold to a
 * constant in each caller. */
#if defined(__GNUC__)
#  define ADJEQ_ALWAYS_INLINE inline __attribute__((always_inline))
#else
#  define ADJEQ_ALWAYS_INLINE inline
#endif

/* Unaligned little-endian-agnostic 64-bit load; compiles to one mov. */
static inline uint64_t adjeq_load64(const uint8_t *p) {
    uint64_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

/* Plain loop for short heads and tails of the vector kernels. */
static inline size_t adjeq_count_tail(const uint8_t *data, size_t len) {
    size_t count = 0;
    for (size_t i = 0; i + 1 < len; i++)
        count += data[i] == data[i + 1];
    return count;
}

#endif /* ADJEQ_KERNELS_H */
