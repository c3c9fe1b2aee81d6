/*
 * Internal: the portable counts, in C with no ISA assumptions. The scalar
 * kernel is made of them, and the vector kernels run them inline on inputs
 * shorter than one vector (so a short input costs no second call).
 *
 * Everything here is static inline: each kernel file is compiled with its own
 * ISA flags, and an out-of-line copy built with AVX2 flags could be picked by
 * the linker for baseline callers.
 */
#ifndef ADJEQ_PORTABLE_H
#define ADJEQ_PORTABLE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Unaligned native-order loads; each compiles to one load where the CPU
 * allows unaligned access. */
static inline uint64_t adjeq_load64(const uint8_t *p) {
    uint64_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

static inline uint32_t adjeq_load32(const uint8_t *p) {
    uint32_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

static inline uint16_t adjeq_load16(const uint8_t *p) {
    uint16_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

/* Plain byte loop for the shortest inputs. */
static inline size_t adjeq_count_tail(const uint8_t *data, size_t len) {
    size_t count = 0;
    for (size_t i = 0; i + 1 < len; i++)
        count += data[i] == data[i + 1];
    return count;
}

/* 64-bit SWAR, 8 pairs per step. */
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

/* n 16-, 32- or 64-bit elements at any alignment (width is a constant in
 * every caller), compared as integers, or with is_float as IEEE floats
 * (width 4: float, 8: double; NaN equals nothing, -0.0 equals 0.0). count
 * is a size_t and gains at most 1 per pair (n - 1 < SIZE_MAX), so counts
 * above 2^32 are exact. Compilers vectorise this where the baseline ISA
 * allows; the SIMD kernels do better by hand. */
static inline size_t adjeq_count_wide_portable(const void *data, size_t n,
                                               size_t width, int is_float) {
    const uint8_t *p = (const uint8_t *)data;
    size_t count = 0;
    if (is_float && width == 4) {
        for (size_t i = 0; i + 1 < n; i++) {
            float a, b;
            memcpy(&a, p + 4 * i, 4);
            memcpy(&b, p + 4 * i + 4, 4);
            count += a == b;
        }
    } else if (is_float) {
        for (size_t i = 0; i + 1 < n; i++) {
            double a, b;
            memcpy(&a, p + 8 * i, 8);
            memcpy(&b, p + 8 * i + 8, 8);
            count += a == b;
        }
    } else if (width == 2) {
        for (size_t i = 0; i + 1 < n; i++)
            count += adjeq_load16(p + 2 * i) == adjeq_load16(p + 2 * i + 2);
    } else if (width == 4) {
        for (size_t i = 0; i + 1 < n; i++)
            count += adjeq_load32(p + 4 * i) == adjeq_load32(p + 4 * i + 4);
    } else {
        for (size_t i = 0; i + 1 < n; i++)
            count += adjeq_load64(p + 8 * i) == adjeq_load64(p + 8 * i + 8);
    }
    return count;
}

#endif /* ADJEQ_PORTABLE_H */
