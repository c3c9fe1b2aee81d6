/* AVX2 kernel: 32 pairs per compare, byte-lane accumulators; the shim for
 * kernels/template.h. Its dispatch condition includes POPCNT (every AVX2 CPU
 * has it, and GCC's -mavx2 implies SSE4.2, which lets it emit POPCNT). */
#include <immintrin.h>

#include "compiler.h"
#include "ops.h"
#include "popcount.h"
#include "portable.h"
#include "utf8_odd.h"

typedef __m256i vec_t;
#define VEC_BYTES 32
#define VEC_UTF16_BITS 2
#define VEC_PIN(v) ADJEQ_KEEP_IN_REGISTER(v)

static inline vec_t vec_load(const uint8_t *p) { return _mm256_load_si256((const __m256i *)p); }
static inline vec_t vec_loadu(const uint8_t *p) { return _mm256_loadu_si256((const __m256i *)p); }
static inline vec_t vec_zero(void) { return _mm256_setzero_si256(); }
static inline vec_t vec_eq8(vec_t a, vec_t b) { return _mm256_cmpeq_epi8(a, b); }
static inline vec_t vec_eq16(vec_t a, vec_t b) { return _mm256_cmpeq_epi16(a, b); }
static inline vec_t vec_eq32(vec_t a, vec_t b) { return _mm256_cmpeq_epi32(a, b); }
static inline vec_t vec_eq64(vec_t a, vec_t b) { return _mm256_cmpeq_epi64(a, b); }
static inline vec_t vec_feq32(vec_t a, vec_t b) {
    return _mm256_castps_si256(
        _mm256_cmp_ps(_mm256_castsi256_ps(a), _mm256_castsi256_ps(b), _CMP_EQ_OQ));
}
static inline vec_t vec_feq64(vec_t a, vec_t b) {
    return _mm256_castpd_si256(
        _mm256_cmp_pd(_mm256_castsi256_pd(a), _mm256_castsi256_pd(b), _CMP_EQ_OQ));
}
static inline vec_t vec_and(vec_t a, vec_t b) { return _mm256_and_si256(a, b); }
static inline vec_t vec_or(vec_t a, vec_t b) { return _mm256_or_si256(a, b); }
static inline vec_t vec_andnot(vec_t a, vec_t b) { return _mm256_andnot_si256(a, b); }
static inline vec_t vec_xor(vec_t a, vec_t b) { return _mm256_xor_si256(a, b); }
static inline vec_t vec_subs_u8(vec_t a, vec_t b) { return _mm256_subs_epu8(a, b); }
static inline vec_t vec_max_u8(vec_t a, vec_t b) { return _mm256_max_epu8(a, b); }
static inline vec_t vec_sub8(vec_t a, vec_t b) { return _mm256_sub_epi8(a, b); }
static inline vec_t vec_add8(vec_t a, vec_t b) { return _mm256_add_epi8(a, b); }
static inline vec_t vec_set1_8(uint8_t b) { return _mm256_set1_epi8((char)b); }
static inline vec_t vec_set1_16(uint16_t w) { return _mm256_set1_epi16((short)w); }
static inline vec_t vec_gt_s8(vec_t a, vec_t b) { return _mm256_cmpgt_epi8(a, b); }
/* No unsigned compare in AVX2: a <= b iff min(a, b) == a. */
static inline vec_t vec_le_u8(vec_t a, vec_t b) {
    return _mm256_cmpeq_epi8(_mm256_min_epu8(a, b), a);
}

static inline size_t vec_sum_u8(vec_t lanes) {
    __m256i s = _mm256_sad_epu8(lanes, _mm256_setzero_si256());
    __m128i q = _mm_add_epi64(_mm256_castsi256_si128(s), _mm256_extracti128_si256(s, 1));
    q = _mm_add_epi64(q, _mm_unpackhi_epi64(q, q));
    return (size_t)(uint32_t)_mm_cvtsi128_si32(q);
}

/* Bytes 1.. of cur followed by byte 0 of next, in registers: vpalignr
 * shifts within 128-bit lanes, so first line up each lane with its
 * successor. */
static inline vec_t shift_in_next(vec_t cur, vec_t next, int bytes) {
    __m256i successor_lanes = _mm256_permute2x128_si256(cur, next, 0x21);
    return bytes == 1   ? _mm256_alignr_epi8(successor_lanes, cur, 1)
           : bytes == 2 ? _mm256_alignr_epi8(successor_lanes, cur, 2)
           : bytes == 4 ? _mm256_alignr_epi8(successor_lanes, cur, 4)
                        : _mm256_alignr_epi8(successor_lanes, cur, 8);
}

/* The byte loop alternates the two ways of getting the +1 bytes, so the
 * shuffle port and the load ports share the work (in L1 on Zen 4: 102 GB/s
 * against 87 GB/s for unaligned loads only). */
static inline vec_t vec_next_even(vec_t cur, vec_t next, const uint8_t *p) {
    (void)p;
    return shift_in_next(cur, next, 1);
}

static inline vec_t vec_next_odd(vec_t cur, vec_t next, const uint8_t *p) {
    (void)cur, (void)next;
    return vec_loadu(p);
}

/* Wide units: the vector ahead built in registers for a step's second block
 * and loaded for its first (VEC_WIDE_EVEN_LOADS), as the byte loop does; on
 * Zen 3 u16 and u32 ran 1.2-1.3x faster at 4 KiB and 64 KiB than with the
 * shift for both (docs/benchmarks.md). */
#define VEC_WIDE_EVEN_LOADS
static ADJEQ_ALWAYS_INLINE vec_t vec_next_wide(vec_t cur, vec_t next, const uint8_t *p,
                                               size_t width) {
    (void)p;
    return shift_in_next(cur, next, (int)width);
}

/* 17 to 32 bytes: two overlapping 16-byte compares, the second keeping only
 * the pairs the first did not cover; shorter inputs: SWAR. */
static inline size_t vec_count_short(const uint8_t *data, size_t len) {
    if (len <= 16)
        return adjeq_count_swar(data, len);
    const uint8_t *last = data + len - 17;
    unsigned first = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(
        _mm_loadu_si128((const __m128i *)data), _mm_loadu_si128((const __m128i *)(data + 1))));
    unsigned second = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(
        _mm_loadu_si128((const __m128i *)last), _mm_loadu_si128((const __m128i *)(last + 1))));
    second &= 0xffffu << (33 - len); /* lanes of pairs >= 16 */
    return adjeq_popcount64_insn(first) + adjeq_popcount64_insn(second & 0xffffu);
}

static inline uint64_t vec_mask64(const vec_t v[2]) {
    return (uint64_t)(uint32_t)_mm256_movemask_epi8(v[0]) |
           (uint64_t)(uint32_t)_mm256_movemask_epi8(v[1]) << 32;
}

/* movemask reads the top bit of each byte whatever the rest holds. */
#define vec_top_bits64 vec_mask64

static inline int vec_any_high(vec_t v) { return _mm256_movemask_epi8(v) != 0; }

#define vec_popcount64 adjeq_popcount64_insn

/* The bytes utf8_odd.h's tables flag: three vpshufb lookups per vector in
 * place of the range and second-byte compares; nonzero where one is. */
#define VEC_UTF8_ODD
static inline vec_t utf8_table(const uint8_t table[16]) {
    return _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)table));
}
/* The nibble mask read from memory like the tables, through an opaque
 * pointer so that it is not folded back into a constant: as vec_set1_8,
 * GCC 12 built it from a general register in every window (movabs, vmovq,
 * vpbroadcastq). The tables themselves stay plain (rip-relative loads; an
 * opaque pointer for each cost a lea per window, 0.98x on Zen 3). */
static const uint8_t utf8_nibble_mask[16] = {15, 15, 15, 15, 15, 15, 15, 15,
                                             15, 15, 15, 15, 15, 15, 15, 15};
static inline vec_t utf8_nibbles(void) {
    const uint8_t *mask = utf8_nibble_mask;
    ADJEQ_OPAQUE_POINTER(mask);
    return utf8_table(mask);
}
/* The AND of three utf8_odd.h-style lookups: v by its high nibble and its
 * low nibble, next by its high nibble. */
static inline vec_t utf8_lookup3(vec_t v, vec_t next, const uint8_t by_high[16],
                                 const uint8_t by_low[16], const uint8_t by_next_high[16]) {
    vec_t nibble = utf8_nibbles();
    vec_t high = _mm256_shuffle_epi8(utf8_table(by_high), vec_and(_mm256_srli_epi16(v, 4), nibble));
    vec_t low = _mm256_shuffle_epi8(utf8_table(by_low), vec_and(v, nibble));
    vec_t after = _mm256_shuffle_epi8(utf8_table(by_next_high),
                                      vec_and(_mm256_srli_epi16(next, 4), nibble));
    return vec_and(vec_and(high, low), after);
}
static inline vec_t vec_utf8_odd_bytes(vec_t v, vec_t next) {
    return utf8_lookup3(v, next, utf8_odd_by_high, utf8_odd_by_low, utf8_odd_by_next_high);
}
/* For vector-decided windows: utf8_odd.h's pair classes of (prev, cur); and
 * whether any bit of a vector is set. */
#define VEC_UTF8_PAIRS
static inline vec_t vec_utf8_pairs(vec_t prev, vec_t cur) {
    return utf8_lookup3(prev, cur, utf8_pair_by_prev_high, utf8_pair_by_prev_low,
                        utf8_pair_by_cur_high);
}
static inline int vec_any_set(vec_t v) { return !_mm256_testz_si256(v, v); }
/* Any of the 64 bytes one of them. */
static inline int vec_utf8_odd(const vec_t v[2], const vec_t next[2]) {
    vec_t odd = vec_or(vec_utf8_odd_bytes(v[0], next[0]), vec_utf8_odd_bytes(v[1], next[1]));
    return !_mm256_testz_si256(odd, odd);
}

#include "template.h"

ADJEQ_KERNEL_OPS(avx2) = ADJEQ_TEMPLATE_OPS;
