/* WebAssembly SIMD128 kernel: 16 pairs per compare; the shim for
 * kernels/template.h. Built only when the whole build has -msimd128 (no
 * engine runs a module holding instructions it lacks, so there is nothing to
 * detect at run time). Loads may be unaligned at no cost in the ISA, and
 * engines lower an unaligned v128.load to one load, so every "next" vector
 * is one; a shuffle would cost an engine-dependent permute. */
#include <wasm_simd128.h>

#include "compiler.h"
#include "ops.h"
#include "popcount.h"
#include "portable.h"

typedef v128_t vec_t;
#define VEC_BYTES 16
#define VEC_UTF16_BITS 2
#define VEC_PIN(v) ((void)0)
/* tpl_shim_defaults.h */
#define VEC_NEXT_LOADS
#define VEC_NEXT_WIDE_LOADS
#define VEC_SHORT_SWAR

static inline vec_t vec_load(const uint8_t *p) { return wasm_v128_load(p); }
static inline vec_t vec_loadu(const uint8_t *p) { return wasm_v128_load(p); }
static inline vec_t vec_zero(void) { return wasm_i64x2_const(0, 0); }
static inline vec_t vec_eq8(vec_t a, vec_t b) { return wasm_i8x16_eq(a, b); }
static inline vec_t vec_eq16(vec_t a, vec_t b) { return wasm_i16x8_eq(a, b); }
static inline vec_t vec_eq32(vec_t a, vec_t b) { return wasm_i32x4_eq(a, b); }
static inline vec_t vec_eq64(vec_t a, vec_t b) { return wasm_i64x2_eq(a, b); }
static inline vec_t vec_feq32(vec_t a, vec_t b) { return wasm_f32x4_eq(a, b); }
static inline vec_t vec_feq64(vec_t a, vec_t b) { return wasm_f64x2_eq(a, b); }
static inline vec_t vec_and(vec_t a, vec_t b) { return wasm_v128_and(a, b); }
static inline vec_t vec_or(vec_t a, vec_t b) { return wasm_v128_or(a, b); }
/* wasm's andnot(a, b) is a & ~b; the vocabulary's is ~a & b. */
static inline vec_t vec_andnot(vec_t a, vec_t b) { return wasm_v128_andnot(b, a); }
static inline vec_t vec_xor(vec_t a, vec_t b) { return wasm_v128_xor(a, b); }
static inline vec_t vec_subs_u8(vec_t a, vec_t b) { return wasm_u8x16_sub_sat(a, b); }
static inline vec_t vec_max_u8(vec_t a, vec_t b) { return wasm_u8x16_max(a, b); }
static inline vec_t vec_sub8(vec_t a, vec_t b) { return wasm_i8x16_sub(a, b); }
static inline vec_t vec_add8(vec_t a, vec_t b) { return wasm_i8x16_add(a, b); }
static inline vec_t vec_set1_8(uint8_t b) { return wasm_u8x16_splat(b); }
static inline vec_t vec_set1_16(uint16_t w) { return wasm_u16x8_splat(w); }
static inline vec_t vec_gt_s8(vec_t a, vec_t b) { return wasm_i8x16_gt(a, b); }
static inline vec_t vec_le_u8(vec_t a, vec_t b) { return wasm_u8x16_le(a, b); }

/* Pairwise widening adds: 16 bytes -> 4 lanes of at most 1020. */
static inline size_t vec_sum_u8(vec_t lanes) {
    vec_t sums = wasm_u32x4_extadd_pairwise_u16x8(wasm_u16x8_extadd_pairwise_u8x16(lanes));
    return (size_t)wasm_u32x4_extract_lane(sums, 0) + wasm_u32x4_extract_lane(sums, 1) +
           wasm_u32x4_extract_lane(sums, 2) + wasm_u32x4_extract_lane(sums, 3);
}

/* i8x16.bitmask reads each byte's top bit, like SSE2's movemask. */
static inline uint64_t vec_mask64(const vec_t v[4]) {
    return (uint64_t)wasm_i8x16_bitmask(v[0]) | (uint64_t)wasm_i8x16_bitmask(v[1]) << 16 |
           (uint64_t)wasm_i8x16_bitmask(v[2]) << 32 | (uint64_t)wasm_i8x16_bitmask(v[3]) << 48;
}
#define vec_top_bits64 vec_mask64

static inline int vec_any_high(vec_t v) { return wasm_i8x16_bitmask(v) != 0; }

/* i64.popcnt is in the WebAssembly MVP, so the instruction is always there. */
#define vec_popcount64 adjeq_popcount64_insn

#include "template.h"

ADJEQ_KERNEL_OPS(simd128) = ADJEQ_TEMPLATE_OPS;
