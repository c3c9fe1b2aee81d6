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
    /* Adjacent-equal code points in UTF-8, invalid input as in adjeq.h. */
    adjeq_count_fn count_utf8;
    /* Adjacent-equal code points in UTF-16 (n elements), as in adjeq.h. */
    adjeq_count_u16_fn count_utf16;
};

#define ADJEQ_DECLARE_KERNEL(isa)                                       \
    size_t adjeq_count_##isa(const uint8_t *data, size_t len);          \
    size_t adjeq_count_u16_##isa(const uint16_t *data, size_t n);       \
    size_t adjeq_count_u32_##isa(const uint32_t *data, size_t n);       \
    size_t adjeq_count_utf8_##isa(const uint8_t *s, size_t len);        \
    size_t adjeq_count_utf16_##isa(const uint16_t *s, size_t n);        \
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

/*
 * The portable byte count: 64-bit SWAR, 8 pairs per step. Inline so the
 * vector kernels' short-input paths run it without a second call.
 */
#define ADJEQ_SWAR_LOW7 UINT64_C(0x7f7f7f7f7f7f7f7f)
#define ADJEQ_SWAR_ONES UINT64_C(0x0101010101010101)

/* 0x01 in each byte lane of a ^ b that is zero, else 0x00. Exact, unlike
 * the classic has-zero test, because the add never carries out of a lane. */
static inline uint64_t adjeq_swar_equal_lanes(uint64_t a, uint64_t b) {
    uint64_t diff = a ^ b;
    uint64_t nonzero = ((diff & ADJEQ_SWAR_LOW7) + ADJEQ_SWAR_LOW7) | diff;
    return (~nonzero >> 7) & ADJEQ_SWAR_ONES;
}

static inline size_t adjeq_count_swar(const uint8_t *data, size_t len) {
    if (len < 9)
        return adjeq_count_tail(data, len);
    size_t count = 0, i = 0;
    while (i + 9 <= len) {
        /* Byte lanes gain at most 1 per step: flush before 255 steps. The
         * 16-bit partial sums of 8 lanes <= 255 cannot carry into each
         * other, and their total fits in 16 bits. */
        size_t steps = (len - i - 1) / 8;
        if (steps > 255)
            steps = 255;
        uint64_t lanes = 0;
        for (size_t s = 0; s < steps; s++, i += 8) {
            lanes += adjeq_swar_equal_lanes(adjeq_load64(data + i),
                                            adjeq_load64(data + i + 1));
            /* Not vectorised with AVX2 or wider: there this loop only serves
             * inputs of 9-32 bytes, and GCC's 256-bit copy of it spent more
             * on setup than the loop takes (16 B: 9.0 ns against 7.1 ns). */
#if defined(__GNUC__) && defined(__AVX2__)
            __asm__("" : "+r"(lanes));
#endif
        }
        uint64_t pairs = (lanes & UINT64_C(0x00ff00ff00ff00ff)) +
                         ((lanes >> 8) & UINT64_C(0x00ff00ff00ff00ff));
        count += (size_t)((pairs * UINT64_C(0x0001000100010001)) >> 48);
    }
    /* Fewer than 8 pairs left: the last full window overlaps counted pairs;
     * keep the lanes of pairs at or after i. */
    size_t left = len - 1 - i;
    if (left) {
        uint64_t lanes = adjeq_swar_equal_lanes(adjeq_load64(data + len - 9),
                                                adjeq_load64(data + len - 8));
        unsigned counted_bits = 8 * (unsigned)(8 - left);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
        lanes &= ~UINT64_C(0) >> counted_bits;
#else
        lanes &= ~UINT64_C(0) << counted_bits;
#endif
        count += (size_t)((lanes * ADJEQ_SWAR_ONES) >> 56);
    }
    return count;
}

/* Bits set in x. One instruction where the kernel's dispatch condition
 * includes POPCNT (its file defines ADJEQ_KERNEL_CHECKS_POPCNT) and on
 * AArch64; elsewhere a branch-free SWAR sum, not a libgcc call. */
static inline size_t adjeq_popcount64(uint64_t x) {
#if defined(__GNUC__) && (defined(ADJEQ_KERNEL_CHECKS_POPCNT) || defined(__aarch64__))
    return (size_t)__builtin_popcountll(x);
#else
    x -= (x >> 1) & UINT64_C(0x5555555555555555);
    x = (x & UINT64_C(0x3333333333333333)) + ((x >> 2) & UINT64_C(0x3333333333333333));
#  if defined(__GNUC__)
    /* Opaque to the optimiser: GCC otherwise recognises the whole idiom and
     * emits POPCNT wherever the flags allow it (-msse4.2 and above do). */
    __asm__("" : "+r"(x));
#  endif
    x = (x + (x >> 4)) & UINT64_C(0x0f0f0f0f0f0f0f0f);
    return (size_t)((x * UINT64_C(0x0101010101010101)) >> 56);
#endif
}

/*
 * Length of the well-formed UTF-8 character (Unicode Table 3-7) starting at
 * s[0], or 0 if none does. When s[0 .. avail) is a proper prefix of one (more
 * bytes could complete it), returns 0 and sets *truncated (if non-NULL).
 * avail >= 1.
 */
static inline size_t adjeq_utf8_char_length(const uint8_t *s, size_t avail,
                                            int *truncated) {
    uint8_t lead = s[0], lo = 0x80, hi = 0xbf;
    size_t need;
    if (truncated)
        *truncated = 0;
    if (lead < 0x80)
        return 1;
    if (lead >= 0xc2 && lead <= 0xdf) {
        need = 2;
    } else if (lead >= 0xe0 && lead <= 0xef) {
        need = 3;
        lo = lead == 0xe0 ? 0xa0 : 0x80; /* overlong */
        hi = lead == 0xed ? 0x9f : 0xbf; /* surrogates */
    } else if (lead >= 0xf0 && lead <= 0xf4) {
        need = 4;
        lo = lead == 0xf0 ? 0x90 : 0x80; /* overlong */
        hi = lead == 0xf4 ? 0x8f : 0xbf; /* above U+10FFFF */
    } else {
        return 0;
    }
    for (size_t k = 1; k < need; k++) {
        if (k >= avail) {
            if (truncated)
                *truncated = 1;
            return 0;
        }
        if (s[k] < lo || s[k] > hi)
            return 0;
        lo = 0x80;
        hi = 0xbf;
    }
    return need;
}

/* Length of the unit starting at s[0] when s[0 .. avail) is final: the
 * well-formed character there, or else the single byte. */
static inline size_t adjeq_utf8_unit_length(const uint8_t *s, size_t avail) {
    size_t n = adjeq_utf8_char_length(s, avail, NULL);
    return n ? n : 1;
}

#endif /* ADJEQ_KERNELS_H */
