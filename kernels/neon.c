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
    return count + adjeq_count_scalar(data + i, len - i);
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
        count += vaddlvq_u16(acc0) + vaddlvq_u16(acc1);
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
        count += (size_t)vaddvq_u32(acc0) + vaddvq_u32(acc1);
    }
    return count + adjeq_count_u32_scalar(data + i, n - i);
}

const struct adjeq_kernel_ops adjeq_ops_neon = {
    .count_u8 = adjeq_count_neon,
    .count_u16 = adjeq_count_u16_neon,
    .count_u32 = adjeq_count_u32_neon,
};
