/* SSE2 kernel: the x86 baseline, 16 pairs per compare. The shim for
 * kernels/template.h; SSE2 has no byte-granular register shift (palignr is
 * SSSE3), so every "next" vector is an unaligned load. */
#include <emmintrin.h>

#include "compiler.h"
#include "ops.h"
#include "popcount.h"
#include "portable.h"

typedef __m128i vec_t;
#define VEC_BYTES 16
#define VEC_UTF16_BITS 2
#define VEC_PIN(v) ((void)0)
/* tpl_shim_defaults.h */
#define VEC_NEXT_LOADS
#define VEC_NEXT_WIDE_LOADS
#define VEC_SHORT_SWAR

static inline vec_t vec_load(const uint8_t *p) { return _mm_load_si128((const __m128i *)p); }
static inline vec_t vec_loadu(const uint8_t *p) { return _mm_loadu_si128((const __m128i *)p); }
static inline vec_t vec_zero(void) { return _mm_setzero_si128(); }
static inline vec_t vec_eq8(vec_t a, vec_t b) { return _mm_cmpeq_epi8(a, b); }
static inline vec_t vec_eq16(vec_t a, vec_t b) { return _mm_cmpeq_epi16(a, b); }
static inline vec_t vec_eq32(vec_t a, vec_t b) { return _mm_cmpeq_epi32(a, b); }
/* pcmpeqq is SSE4.1: both 32-bit halves equal. */
static inline vec_t vec_eq64(vec_t a, vec_t b) {
    __m128i halves = _mm_cmpeq_epi32(a, b);
    return _mm_and_si128(halves, _mm_shuffle_epi32(halves, _MM_SHUFFLE(2, 3, 0, 1)));
}
static inline vec_t vec_feq32(vec_t a, vec_t b) {
    return _mm_castps_si128(_mm_cmpeq_ps(_mm_castsi128_ps(a), _mm_castsi128_ps(b)));
}
static inline vec_t vec_feq64(vec_t a, vec_t b) {
    return _mm_castpd_si128(_mm_cmpeq_pd(_mm_castsi128_pd(a), _mm_castsi128_pd(b)));
}
static inline vec_t vec_and(vec_t a, vec_t b) { return _mm_and_si128(a, b); }
static inline vec_t vec_or(vec_t a, vec_t b) { return _mm_or_si128(a, b); }
static inline vec_t vec_andnot(vec_t a, vec_t b) { return _mm_andnot_si128(a, b); }
static inline vec_t vec_xor(vec_t a, vec_t b) { return _mm_xor_si128(a, b); }
static inline vec_t vec_subs_u8(vec_t a, vec_t b) { return _mm_subs_epu8(a, b); }
static inline vec_t vec_max_u8(vec_t a, vec_t b) { return _mm_max_epu8(a, b); }
static inline vec_t vec_sub8(vec_t a, vec_t b) { return _mm_sub_epi8(a, b); }
static inline vec_t vec_add8(vec_t a, vec_t b) { return _mm_add_epi8(a, b); }
static inline vec_t vec_set1_8(uint8_t b) { return _mm_set1_epi8((char)b); }
static inline vec_t vec_set1_16(uint16_t w) { return _mm_set1_epi16((short)w); }
static inline vec_t vec_gt_s8(vec_t a, vec_t b) { return _mm_cmpgt_epi8(a, b); }
/* No unsigned compare in SSE2: a <= b iff min(a, b) == a. */
static inline vec_t vec_le_u8(vec_t a, vec_t b) { return _mm_cmpeq_epi8(_mm_min_epu8(a, b), a); }

static inline size_t vec_sum_u8(vec_t lanes) {
    __m128i sums = _mm_sad_epu8(lanes, _mm_setzero_si128());
    sums = _mm_add_epi64(sums, _mm_unpackhi_epi64(sums, sums));
    return (size_t)(uint32_t)_mm_cvtsi128_si32(sums);
}

static inline uint64_t vec_mask64(const vec_t v[4]) {
    return (uint64_t)(unsigned)_mm_movemask_epi8(v[0]) |
           (uint64_t)(unsigned)_mm_movemask_epi8(v[1]) << 16 |
           (uint64_t)(unsigned)_mm_movemask_epi8(v[2]) << 32 |
           (uint64_t)(unsigned)_mm_movemask_epi8(v[3]) << 48;
}

/* movemask reads the top bit of each byte whatever the rest holds. */
#define vec_top_bits64 vec_mask64

static inline int vec_any_high(vec_t v) { return _mm_movemask_epi8(v) != 0; }

/* The SSE2 kernel is chosen without checking POPCNT. */
#define vec_popcount64 adjeq_popcount64_soft

#include "template.h"

ADJEQ_KERNEL_OPS(sse2) = ADJEQ_TEMPLATE_OPS;
