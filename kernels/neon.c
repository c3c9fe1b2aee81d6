/* NEON kernel (Advanced SIMD: AArch64, and ARMv7 with NEON): 16 pairs per
 * compare; the shim for kernels/template.h. The byte loop loads each byte
 * once and builds the +1 vector with EXT; wide units take a second,
 * unaligned load (LDR handles it at full speed unless it crosses a line). */
#include <arm_neon.h>

#include "compiler.h"
#include "ops.h"
#include "popcount.h"
#include "portable.h"

typedef uint8x16_t vec_t;
#define VEC_BYTES 16
#define VEC_UTF16_BITS 2
#define VEC_PIN(v) ((void)0)
/* tpl_shim_defaults.h */
#define VEC_NEXT_WIDE_LOADS
#define VEC_SHORT_SWAR

static inline vec_t vec_load(const uint8_t *p) { return vld1q_u8(p); }
static inline vec_t vec_loadu(const uint8_t *p) { return vld1q_u8(p); }
static inline vec_t vec_zero(void) { return vdupq_n_u8(0); }
static inline vec_t vec_eq8(vec_t a, vec_t b) { return vceqq_u8(a, b); }
static inline vec_t vec_eq16(vec_t a, vec_t b) {
    return vreinterpretq_u8_u16(vceqq_u16(vreinterpretq_u16_u8(a), vreinterpretq_u16_u8(b)));
}
static inline vec_t vec_eq32(vec_t a, vec_t b) {
    return vreinterpretq_u8_u32(vceqq_u32(vreinterpretq_u32_u8(a), vreinterpretq_u32_u8(b)));
}
#if defined(__aarch64__)
static inline vec_t vec_eq64(vec_t a, vec_t b) {
    return vreinterpretq_u8_u64(vceqq_u64(vreinterpretq_u64_u8(a), vreinterpretq_u64_u8(b)));
}
static inline vec_t vec_feq32(vec_t a, vec_t b) {
    return vreinterpretq_u8_u32(vceqq_f32(vreinterpretq_f32_u8(a), vreinterpretq_f32_u8(b)));
}
static inline vec_t vec_feq64(vec_t a, vec_t b) {
    return vreinterpretq_u8_u64(vceqq_f64(vreinterpretq_f64_u8(a), vreinterpretq_f64_u8(b)));
}
#else
/* ARMv7 has no 64-bit lane compare: both 32-bit halves equal. */
static inline vec_t vec_eq64(vec_t a, vec_t b) {
    uint32x4_t halves = vceqq_u32(vreinterpretq_u32_u8(a), vreinterpretq_u32_u8(b));
    return vreinterpretq_u8_u32(vandq_u32(halves, vrev64q_u32(halves)));
}
/* ARMv7 NEON flushes denormals to zero and has no double lanes. */
#  define VEC_NO_FLOAT 1
#endif
static inline vec_t vec_and(vec_t a, vec_t b) { return vandq_u8(a, b); }
static inline vec_t vec_or(vec_t a, vec_t b) { return vorrq_u8(a, b); }
static inline vec_t vec_andnot(vec_t a, vec_t b) { return vbicq_u8(b, a); }
static inline vec_t vec_xor(vec_t a, vec_t b) { return veorq_u8(a, b); }
static inline vec_t vec_subs_u8(vec_t a, vec_t b) { return vqsubq_u8(a, b); }
static inline vec_t vec_max_u8(vec_t a, vec_t b) { return vmaxq_u8(a, b); }
static inline vec_t vec_sub8(vec_t a, vec_t b) { return vsubq_u8(a, b); }
static inline vec_t vec_add8(vec_t a, vec_t b) { return vaddq_u8(a, b); }
static inline vec_t vec_set1_8(uint8_t b) { return vdupq_n_u8(b); }
static inline vec_t vec_set1_16(uint16_t w) { return vreinterpretq_u8_u16(vdupq_n_u16(w)); }
static inline vec_t vec_gt_s8(vec_t a, vec_t b) {
    return vcgtq_s8(vreinterpretq_s8_u8(a), vreinterpretq_s8_u8(b));
}
static inline vec_t vec_le_u8(vec_t a, vec_t b) { return vcleq_u8(a, b); }

/* Across-vector sums and tests: one instruction on AArch64; ARMv7 NEON has
 * none, so it widens pairwise. */
static inline size_t vec_sum_u8(vec_t lanes) {
#if defined(__aarch64__)
    return vaddlvq_u8(lanes);
#else
    uint64x2_t halves = vpaddlq_u32(vpaddlq_u16(vpaddlq_u8(lanes)));
    return (size_t)(vgetq_lane_u64(halves, 0) + vgetq_lane_u64(halves, 1));
#endif
}

static inline int vec_any_high(vec_t v) {
#if defined(__aarch64__)
    return vmaxvq_u8(v) >= 0x80;
#else
    uint64x2_t high = vreinterpretq_u64_u8(vshrq_n_u8(v, 7));
    return (vgetq_lane_u64(high, 0) | vgetq_lane_u64(high, 1)) != 0;
#endif
}

static inline vec_t vec_next_even(vec_t cur, vec_t next, const uint8_t *p) {
    (void)p;
    return vextq_u8(cur, next, 1);
}
#define vec_next_odd vec_next_even

/* NEON has no movemask: weight each 0xff lane by its bit, then rounds of
 * pairwise adds fold 4 x 16 lanes into the 8 bytes of a 64-bit mask. */
static inline uint64_t vec_mask64(const vec_t lanes[4]) {
    static const uint8_t weights[16] = {1, 2, 4, 8, 16, 32, 64, 128,
                                        1, 2, 4, 8, 16, 32, 64, 128};
    uint8x16_t w = vld1q_u8(weights);
    uint8x16_t x[4];
    for (unsigned b = 0; b < 4; b++)
        x[b] = vandq_u8(lanes[b], w);
#if defined(__aarch64__)
    uint8x16_t ab = vpaddq_u8(x[0], x[1]);
    uint8x16_t cd = vpaddq_u8(x[2], x[3]);
    uint8x16_t abcd = vpaddq_u8(ab, cd);
    return vgetq_lane_u64(vreinterpretq_u64_u8(vpaddq_u8(abcd, abcd)), 0);
#else
    /* ARMv7 pairwise adds take 64-bit halves: one more round. */
    uint8x8_t half[4];
    for (unsigned b = 0; b < 4; b++)
        half[b] = vpadd_u8(vget_low_u8(x[b]), vget_high_u8(x[b]));
    uint8x8_t abcd = vpadd_u8(vpadd_u8(half[0], half[1]), vpadd_u8(half[2], half[3]));
    return vget_lane_u64(vreinterpret_u64_u8(abcd), 0);
#endif
}

/* Raw bytes: spread each top bit over its lane first. */
static inline uint64_t vec_top_bits64(const vec_t v[4]) {
    vec_t lanes[4];
    for (unsigned b = 0; b < 4; b++)
        lanes[b] = vreinterpretq_u8_s8(vshrq_n_s8(vreinterpretq_s8_u8(v[b]), 7));
    return vec_mask64(lanes);
}

#if defined(__aarch64__)
#  define vec_popcount64 adjeq_popcount64_insn
#else
#  define vec_popcount64 adjeq_popcount64_soft
#endif

#include "template.h"

ADJEQ_KERNEL_OPS(neon) = ADJEQ_TEMPLATE_OPS;
