/*
 * Internal: the part of the template shim (kernels/template.h) that POWER
 * VSX (kernels/vsx.c, <altivec.h>) and the z/Architecture vector facility
 * (kernels/zvector.c, <vecintrin.h>) share: both intrinsic sets are spelled
 * the AltiVec way, and both number a vector's elements in memory order (GCC
 * and clang do so on little-endian POWER too), so lane k is byte k of the
 * block on either byte order. The including file includes its ISA header
 * first and adds vec_load, vec_feq32, vec_sum_u8, the "next" vectors and
 * vec_mask64.
 */
#ifndef ADJEQ_SHIM_ALTIVEC_H
#define ADJEQ_SHIM_ALTIVEC_H

#include "compiler.h"
#include "ops.h"
#include "popcount.h"
#include "portable.h"

typedef __vector unsigned char vec_t;
#define VEC_BYTES 16
#define VEC_UTF16_BITS 2
#define VEC_PIN(v) ((void)0)
/* tpl_shim_defaults.h */
#define VEC_SHORT_SWAR

/* GCC's <vecintrin.h> and both compilers' <altivec.h> have vec_and and vec_or;
 * clang's <vecintrin.h> leaves them to the & and | operators. */
#if defined(__s390x__) && !defined(vec_and)
#  define vec_and(a, b) ((a) & (b))
#  define vec_or(a, b) ((a) | (b))
#endif
#if defined(__s390x__) && !defined(vec_xor)
#  define vec_xor(a, b) ((a) ^ (b))
#endif

static inline vec_t vec_loadu(const uint8_t *p) { return vec_xl(0, p); }
static inline vec_t vec_zero(void) { return vec_splats((unsigned char)0); }
/* Compare as lanes of T; all-ones lanes where equal. */
#define SHIM_EQ(T, a, b) ((vec_t)vec_cmpeq((__vector T)(a), (__vector T)(b)))
static inline vec_t vec_eq8(vec_t a, vec_t b) { return SHIM_EQ(unsigned char, a, b); }
static inline vec_t vec_eq16(vec_t a, vec_t b) { return SHIM_EQ(unsigned short, a, b); }
static inline vec_t vec_eq32(vec_t a, vec_t b) { return SHIM_EQ(unsigned int, a, b); }
static inline vec_t vec_eq64(vec_t a, vec_t b) { return SHIM_EQ(unsigned long long, a, b); }
/* xvcmpeqdp / vfcedb: ordered, and -0.0 equals 0.0. */
static inline vec_t vec_feq64(vec_t a, vec_t b) { return SHIM_EQ(double, a, b); }
static inline vec_t vec_andnot(vec_t a, vec_t b) { return vec_andc(b, a); }
/* The z13 vector facility has no saturating subtract (VSX has vsububs,
 * but one form serves both). */
static inline vec_t vec_subs_u8(vec_t a, vec_t b) { return vec_max(a, b) - b; }
static inline vec_t vec_max_u8(vec_t a, vec_t b) { return vec_max(a, b); }
static inline vec_t vec_sub8(vec_t a, vec_t b) { return a - b; }
static inline vec_t vec_add8(vec_t a, vec_t b) { return a + b; }
static inline vec_t vec_set1_8(uint8_t b) { return vec_splats(b); }
static inline vec_t vec_set1_16(uint16_t w) { return (vec_t)vec_splats(w); }
static inline vec_t vec_gt_s8(vec_t a, vec_t b) {
    return (vec_t)vec_cmpgt((__vector signed char)a, (__vector signed char)b);
}
static inline vec_t vec_le_u8(vec_t a, vec_t b) { return (vec_t)vec_cmple(a, b); }
static inline int vec_any_high(vec_t v) {
    return vec_any_lt((__vector signed char)v, vec_splats((signed char)0));
}

/* popcntd (POWER7) and POPCNT (z196) are below both kernels' baselines. */
#define vec_popcount64 adjeq_popcount64_insn

#endif /* ADJEQ_SHIM_ALTIVEC_H */
