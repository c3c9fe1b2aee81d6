/* NEON kernel (Advanced SIMD: AArch64, and ARMv7 with NEON): 16 pairs per
 * compare. */
#include "kernels.h"

#include <arm_neon.h>

#define BLOCK 16

/* NEON has no movemask, so equal lanes are accumulated as bytes and summed
 * across lanes once per flush (cheaper than narrowing every block). */
static size_t sum_lanes(uint8x16_t lanes) {
#if defined(__aarch64__)
    return vaddlvq_u8(lanes);
#else
    /* ARMv7 has no across-vector add: widen pairwise down to two halves. */
    uint64x2_t halves = vpaddlq_u32(vpaddlq_u16(vpaddlq_u8(lanes)));
    return (size_t)(vgetq_lane_u64(halves, 0) + vgetq_lane_u64(halves, 1));
#endif
}

size_t adjeq_count_neon(const uint8_t *data, size_t len) {
    size_t count = 0, i = 0;
    if (len >= 2 * BLOCK) {
        /* Load each byte once: EXT builds "next 16 bytes shifted by one" from
         * the current and following block. */
        uint8x16_t cur = vld1q_u8(data);
        while (i + 2 * BLOCK <= len) {
            /* Each lane gains at most 1 per block: flush before 255. */
            size_t blocks = (len - i) / BLOCK - 1;
            if (blocks > 252)
                blocks = 252;
            uint8x16_t acc0 = vdupq_n_u8(0), acc1 = vdupq_n_u8(0);
            size_t b = 0;
            for (; b + 4 <= blocks; b += 4, i += 4 * BLOCK) {
                const uint8_t *p = data + i;
                uint8x16_t n1 = vld1q_u8(p + BLOCK);
                uint8x16_t n2 = vld1q_u8(p + 2 * BLOCK);
                uint8x16_t n3 = vld1q_u8(p + 3 * BLOCK);
                uint8x16_t n4 = vld1q_u8(p + 4 * BLOCK);
                acc0 = vsubq_u8(acc0, vceqq_u8(cur, vextq_u8(cur, n1, 1)));
                acc1 = vsubq_u8(acc1, vceqq_u8(n1, vextq_u8(n1, n2, 1)));
                acc0 = vsubq_u8(acc0, vceqq_u8(n2, vextq_u8(n2, n3, 1)));
                acc1 = vsubq_u8(acc1, vceqq_u8(n3, vextq_u8(n3, n4, 1)));
                cur = n4;
            }
            for (; b < blocks; b++, i += BLOCK) {
                uint8x16_t next = vld1q_u8(data + i + BLOCK);
                acc0 = vsubq_u8(acc0, vceqq_u8(cur, vextq_u8(cur, next, 1)));
                cur = next;
            }
            count += sum_lanes(acc0) + sum_lanes(acc1);
        }
    }
    if (len - i >= BLOCK + 1) {
        /* Tail: the last full block overlaps counted pairs; keep lanes whose
         * pair index is >= i. */
        size_t left = len - 1 - i; /* 16 <= left < 32 here */
        uint8x16_t eq = vceqq_u8(vld1q_u8(data + i), vld1q_u8(data + i + 1));
        count += sum_lanes(vshrq_n_u8(eq, 7));
        i += BLOCK;
        left -= BLOCK;
        if (left) {
            static const uint8_t lane_index[BLOCK] = {0, 1, 2,  3,  4,  5,  6,  7,
                                                      8, 9, 10, 11, 12, 13, 14, 15};
            const uint8_t *last = data + len - 1 - BLOCK;
            uint8x16_t tail_eq = vceqq_u8(vld1q_u8(last), vld1q_u8(last + 1));
            uint8x16_t keep = vcgeq_u8(vld1q_u8(lane_index),
                                       vdupq_n_u8((uint8_t)(BLOCK - left)));
            count += sum_lanes(vshrq_n_u8(vandq_u8(tail_eq, keep), 7));
        }
        return count;
    }
    return count + adjeq_count_swar(data + i, len - i);
}

/* Across-vector sums and tests: one instruction on AArch64; ARMv7 NEON has
 * none, so it widens pairwise. */
static uint64_t sum_u16(uint16x8_t v) {
#if defined(__aarch64__)
    return vaddlvq_u16(v);
#else
    uint64x2_t halves = vpaddlq_u32(vpaddlq_u16(v));
    return vgetq_lane_u64(halves, 0) + vgetq_lane_u64(halves, 1);
#endif
}

static uint64_t sum_u32(uint32x4_t v) {
#if defined(__aarch64__)
    return vaddlvq_u32(v);
#else
    uint64x2_t halves = vpaddlq_u32(v);
    return vgetq_lane_u64(halves, 0) + vgetq_lane_u64(halves, 1);
#endif
}

static int any_high_bit(uint8x16_t v) {
#if defined(__aarch64__)
    return vmaxvq_u8(v) >= 0x80;
#else
    uint64x2_t high = vreinterpretq_u64_u8(vshrq_n_u8(v, 7));
    return (vgetq_lane_u64(high, 0) | vgetq_lane_u64(high, 1)) != 0;
#endif
}

/* 16-bit units: equal lanes accumulate in 16-bit lanes (flush before 65535
 * blocks); the one-ahead vector is an unaligned load (LDR handles it at full
 * speed unless it crosses a cache line). */
size_t adjeq_count_u16_neon(const uint16_t *data, size_t n) {
    size_t count = 0, i = 0;
    while (i + 2 * 8 < n) { /* two blocks of 8 pairs: elements i .. i + 16 */
        size_t steps = (n - 1 - i) / 16;
        if (steps > 65535)
            steps = 65535;
        uint16x8_t acc0 = vdupq_n_u16(0), acc1 = vdupq_n_u16(0);
        for (size_t s = 0; s < steps; s++, i += 16) {
            acc0 = vsubq_u16(acc0, vceqq_u16(vld1q_u16(data + i), vld1q_u16(data + i + 1)));
            acc1 = vsubq_u16(acc1, vceqq_u16(vld1q_u16(data + i + 8), vld1q_u16(data + i + 9)));
        }
        /* Flush: a lane gains at most 1 per step, <= 65535 steps, so no 16-bit
         * lane wraps (runs longer than a flush are tested); a flush adds at
         * most 16 x 65535 to count, a size_t, so totals above 2^32 are exact. */
        count += (size_t)(sum_u16(acc0) + sum_u16(acc1));
    }
    return count + adjeq_count_u16_scalar(data + i, n - i);
}

size_t adjeq_count_u32_neon(const uint32_t *data, size_t n) {
    size_t count = 0, i = 0;
    while (i + 2 * 4 < n) {
        size_t steps = (n - 1 - i) / 8;
        if (steps > 65535)
            steps = 65535;
        uint32x4_t acc0 = vdupq_n_u32(0), acc1 = vdupq_n_u32(0);
        for (size_t s = 0; s < steps; s++, i += 8) {
            acc0 = vsubq_u32(acc0, vceqq_u32(vld1q_u32(data + i), vld1q_u32(data + i + 1)));
            acc1 = vsubq_u32(acc1, vceqq_u32(vld1q_u32(data + i + 4), vld1q_u32(data + i + 5)));
        }
        /* Flush: at most 65535 per 32-bit lane (far from wrapping); a flush
         * adds at most 8 x 65535 to count, a size_t, so totals above 2^32
         * are exact. */
        count += (size_t)(sum_u32(acc0) + sum_u32(acc1));
    }
    return count + adjeq_count_u32_scalar(data + i, n - i);
}

/* --- UTF-8 code points: 64-bit masks from four 16-byte blocks ----------- */

/* NEON has no movemask: weight each 0xff lane by its bit, then three rounds
 * of pairwise adds fold 4 x 16 lanes into the 8 bytes of a 64-bit mask. */
static uint64_t mask64(const uint8x16_t lanes[4]) {
    static const uint8_t weights[16] = {1, 2, 4, 8, 16, 32, 64, 128,
                                        1, 2, 4, 8, 16, 32, 64, 128};
    uint8x16_t w = vld1q_u8(weights);
#if defined(__aarch64__)
    uint8x16_t ab = vpaddq_u8(vandq_u8(lanes[0], w), vandq_u8(lanes[1], w));
    uint8x16_t cd = vpaddq_u8(vandq_u8(lanes[2], w), vandq_u8(lanes[3], w));
    uint8x16_t abcd = vpaddq_u8(ab, cd);
    return vgetq_lane_u64(vreinterpretq_u64_u8(vpaddq_u8(abcd, abcd)), 0);
#else
    /* ARMv7 pairwise adds take 64-bit halves: one more round. */
    uint8x8_t half[4];
    for (unsigned b = 0; b < 4; b++) {
        uint8x16_t x = vandq_u8(lanes[b], w);
        half[b] = vpadd_u8(vget_low_u8(x), vget_high_u8(x));
    }
    uint8x8_t abcd = vpadd_u8(vpadd_u8(half[0], half[1]), vpadd_u8(half[2], half[3]));
    return vget_lane_u64(vreinterpret_u64_u8(abcd), 0);
#endif
}

struct utf8_masks;
static ADJEQ_ALWAYS_INLINE int utf8_masks(const uint8_t *p, struct utf8_masks *m);
#include "utf8_body.h"

/* 0xff where v is in [lo, hi], unsigned. */
static uint8x16_t in_range(uint8x16_t v, uint8_t lo, uint8_t hi) {
    return vcleq_u8(vsubq_u8(v, vdupq_n_u8(lo)), vdupq_n_u8((uint8_t)(hi - lo)));
}

static uint8x16_t equal_to(uint8x16_t v, uint8_t byte) {
    return vceqq_u8(v, vdupq_n_u8(byte));
}

static ADJEQ_ALWAYS_INLINE int utf8_masks(const uint8_t *p, struct utf8_masks *m) {
    uint8x16_t v[4], next[4], eq1[4];
    for (unsigned b = 0; b < 4; b++) {
        v[b] = vld1q_u8(p + 16 * b);
        next[b] = vld1q_u8(p + 16 * b + 1);
        eq1[b] = vceqq_u8(v[b], next[b]);
    }
    m->eq1 = mask64(eq1);
    uint8x16_t any = vorrq_u8(vorrq_u8(v[0], v[1]), vorrq_u8(v[2], v[3]));
    if (!any_high_bit(any))
        return 0;
    uint8x16_t eq2[4], eq3[4], eq4[4], ascii[4], cont[4], lead2[4], lead3[4],
        lead4[4], bad_second[4];
    for (unsigned b = 0; b < 4; b++) {
        uint8x16_t x = v[b], y = next[b];
        const uint8_t *q = p + 16 * b;
        eq2[b] = vceqq_u8(x, vld1q_u8(q + 2));
        eq3[b] = vceqq_u8(x, vld1q_u8(q + 3));
        eq4[b] = vceqq_u8(x, vld1q_u8(q + 4));
        ascii[b] = vcltq_u8(x, vdupq_n_u8(0x80));
        cont[b] = in_range(x, 0x80, 0xbf);
        lead2[b] = in_range(x, 0xc2, 0xdf);
        lead3[b] = in_range(x, 0xe0, 0xef);
        lead4[b] = in_range(x, 0xf0, 0xf4);
        bad_second[b] = vorrq_u8(
            vorrq_u8(vandq_u8(equal_to(x, 0xe0), vcltq_u8(y, vdupq_n_u8(0xa0))),
                     vandq_u8(equal_to(x, 0xed), vcgtq_u8(y, vdupq_n_u8(0x9f)))),
            vorrq_u8(vandq_u8(equal_to(x, 0xf0), vcltq_u8(y, vdupq_n_u8(0x90))),
                     vandq_u8(equal_to(x, 0xf4), vcgtq_u8(y, vdupq_n_u8(0x8f)))));
    }
    m->eq2 = mask64(eq2);
    m->eq3 = mask64(eq3);
    m->eq4 = mask64(eq4);
    m->ascii = mask64(ascii);
    m->cont = mask64(cont);
    m->lead2 = mask64(lead2);
    m->lead3 = mask64(lead3);
    m->lead4 = mask64(lead4);
    m->bad_second = mask64(bad_second);
    return 1;
}

size_t adjeq_count_utf8_neon(const uint8_t *s, size_t len) {
    return utf8_count(s, len);
}

/* --- UTF-16 code points: 2 mask bits per element ------------------------- */

#define UTF16_UNIT_BITS 2
struct utf16_masks;
static ADJEQ_ALWAYS_INLINE int utf16_masks(const uint16_t *p, struct utf16_masks *m);
#include "utf16_body.h"

/* 0xffff in elements whose top bits (under mask) equal value, as bytes. */
static uint8x16_t top_bits(uint16x8_t x, uint16_t mask, uint16_t value) {
    return vreinterpretq_u8_u16(vceqq_u16(vandq_u16(x, vdupq_n_u16(mask)), vdupq_n_u16(value)));
}

static ADJEQ_ALWAYS_INLINE int utf16_masks(const uint16_t *p, struct utf16_masks *m) {
    uint16x8_t v[4];
    uint8x16_t eq1[4], surrogate = vdupq_n_u8(0);
    for (unsigned b = 0; b < 4; b++) {
        v[b] = vld1q_u16(p + 8 * b);
        eq1[b] = vreinterpretq_u8_u16(vceqq_u16(v[b], vld1q_u16(p + 8 * b + 1)));
        surrogate = vorrq_u8(surrogate, top_bits(v[b], 0xf800, 0xd800));
    }
    m->eq1 = mask64(eq1);
    if (!any_high_bit(surrogate))
        return 0;
    uint8x16_t eq2[4], high[4], low[4];
    for (unsigned b = 0; b < 4; b++) {
        eq2[b] = vreinterpretq_u8_u16(vceqq_u16(v[b], vld1q_u16(p + 8 * b + 2)));
        high[b] = top_bits(v[b], 0xfc00, 0xd800);
        low[b] = top_bits(v[b], 0xfc00, 0xdc00);
    }
    m->eq2 = mask64(eq2);
    m->high = mask64(high);
    m->low = mask64(low);
    return 1;
}

size_t adjeq_count_utf16_neon(const uint16_t *s, size_t n) {
    return utf16_count(s, n);
}

const struct adjeq_kernel_ops adjeq_ops_neon = {
    .count_u8 = adjeq_count_neon,
    .count_u16 = adjeq_count_u16_neon,
    .count_u32 = adjeq_count_u32_neon,
    .count_utf8 = adjeq_count_utf8_neon,
    .count_utf16 = adjeq_count_utf16_neon,
};
