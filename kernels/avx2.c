/* AVX2 kernel: 32 pairs per compare, byte-lane accumulators. */
/* Its dispatch condition includes POPCNT (every AVX2 CPU has it, and GCC's
 * -mavx2 implies SSE4.2, which lets it emit POPCNT anyway). */
#define ADJEQ_KERNEL_CHECKS_POPCNT 1
#include "kernels.h"

#include <immintrin.h>

#define BLOCK 32

/* 32 x 0xff then 32 x 0: loadu(at + BLOCK - k) has 0xff in its first k lanes. */
static const uint8_t lane_window[2 * BLOCK] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

static __m256i lanes_below(size_t k) {
    return _mm256_loadu_si256((const __m256i *)(lane_window + BLOCK - k));
}

/* 0xff in lane j iff data[j] == data[j + 1]; reads data[0 .. BLOCK]. */
static __m256i pair_equal(const uint8_t *data) {
    return _mm256_cmpeq_epi8(_mm256_loadu_si256((const __m256i *)data),
                             _mm256_loadu_si256((const __m256i *)(data + 1)));
}

/* Bytes 1..31 of cur followed by byte 0 of next: vpalignr shifts within
 * 128-bit lanes, so first line up each lane with its successor. */
static __m256i shift_in_next(__m256i cur, __m256i next) {
    return _mm256_alignr_epi8(_mm256_permute2x128_si256(cur, next, 0x21), cur, 1);
}

static size_t sum_lanes(__m256i lanes) {
    __m256i s = _mm256_sad_epu8(lanes, _mm256_setzero_si256());
    __m128i q = _mm_add_epi64(_mm256_castsi256_si128(s),
                              _mm256_extracti128_si256(s, 1));
    return (size_t)_mm_cvtsi128_si64(q) + (size_t)_mm_extract_epi64(q, 1);
}

/* Number of equal lanes of eq selected by keep (both 0 / 0xff per lane). */
static size_t count_masked(__m256i eq, __m256i keep) {
    return sum_lanes(
        _mm256_sub_epi8(_mm256_setzero_si256(), _mm256_and_si256(eq, keep)));
}

/* 17 to 32 bytes: two overlapping 16-byte compares, the second keeping
 * only the pairs the first did not cover. */
static size_t count_17_to_32(const uint8_t *data, size_t len) {
    const uint8_t *last = data + len - 17;
    unsigned first = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(
        _mm_loadu_si128((const __m128i *)data), _mm_loadu_si128((const __m128i *)(data + 1))));
    unsigned second = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(
        _mm_loadu_si128((const __m128i *)last), _mm_loadu_si128((const __m128i *)(last + 1))));
    second &= 0xffffu << (33 - len); /* lanes of pairs >= 16 */
    return adjeq_popcount64(first) + adjeq_popcount64(second & 0xffffu);
}

size_t adjeq_count_avx2(const uint8_t *data, size_t len) {
    if (len < BLOCK + 1)
        return len > 16 ? count_17_to_32(data, len) : adjeq_count_swar(data, len);

    /* Head: one unaligned block, counting only the pairs before the first
     * 32-byte aligned offset; afterwards only the +1 loads can split lines. */
    size_t i = BLOCK - ((uintptr_t)data & (BLOCK - 1));
    size_t count = count_masked(pair_equal(data), lanes_below(i));

    while (i + BLOCK + 1 <= len) {
        /* Each lane gains at most 1 per block: flush before 255 blocks. */
        size_t blocks = (len - i - 1) / BLOCK;
        if (blocks > 252)
            blocks = 252;
        __m256i acc0 = _mm256_setzero_si256(), acc1 = _mm256_setzero_si256();
        size_t b = 0;
        /* cur is block i, carried from step to step; a step also loads block
         * i + 4 * BLOCK whole, hence its own bound on len. */
        __m256i cur = _mm256_load_si256((const __m256i *)(data + i));
        for (; b + 4 <= blocks && i + 5 * BLOCK <= len; b += 4, i += 4 * BLOCK) {
            const uint8_t *p = data + i;
            __m256i n1 = _mm256_load_si256((const __m256i *)(p + BLOCK));
            __m256i n2 = _mm256_load_si256((const __m256i *)(p + 2 * BLOCK));
            __m256i n3 = _mm256_load_si256((const __m256i *)(p + 3 * BLOCK));
            __m256i n4 = _mm256_load_si256((const __m256i *)(p + 4 * BLOCK));
            ADJEQ_KEEP_IN_REGISTER(n1);
            ADJEQ_KEEP_IN_REGISTER(n2);
            ADJEQ_KEEP_IN_REGISTER(n3);
            ADJEQ_KEEP_IN_REGISTER(n4);
            /* Alternate the two ways of getting the +1 bytes, so the
             * shuffle pipes and the load ports share the work. */
            __m256i s1 = _mm256_loadu_si256((const __m256i *)(p + BLOCK + 1));
            __m256i s3 = _mm256_loadu_si256((const __m256i *)(p + 3 * BLOCK + 1));
            acc0 = _mm256_sub_epi8(acc0, _mm256_cmpeq_epi8(cur, shift_in_next(cur, n1)));
            acc1 = _mm256_sub_epi8(acc1, _mm256_cmpeq_epi8(n1, s1));
            acc0 = _mm256_sub_epi8(acc0, _mm256_cmpeq_epi8(n2, shift_in_next(n2, n3)));
            acc1 = _mm256_sub_epi8(acc1, _mm256_cmpeq_epi8(n3, s3));
            cur = n4;
        }
        for (; b < blocks; b++, i += BLOCK)
            acc0 = _mm256_sub_epi8(acc0, pair_equal(data + i));
        /* Each block adds <= 1 to one of acc0, acc1: their sum is <= 252. */
        count += sum_lanes(_mm256_add_epi8(acc0, acc1));
    }

    /* Tail: the last full block overlaps pairs already counted; keep only the
     * lanes at or after i. */
    size_t left = len - 1 - i; /* pairs still to count, < BLOCK */
    if (left)
        count += count_masked(pair_equal(data + len - 1 - BLOCK),
                              _mm256_xor_si256(lanes_below(BLOCK - left),
                                               _mm256_set1_epi8(-1)));
    return count;
}

/* 16-/32-bit units; width is a constant in every caller. An equal pair sets
 * all width byte lanes of its element, so byte-lane accumulators count
 * width per pair. */
static ADJEQ_ALWAYS_INLINE __m256i equal_lanes(__m256i a, __m256i b, size_t width) {
    return width == 2 ? _mm256_cmpeq_epi16(a, b) : _mm256_cmpeq_epi32(a, b);
}

/* Elements 1.. of cur followed by the first element of next. */
static ADJEQ_ALWAYS_INLINE __m256i shift_in_next_wide(__m256i cur, __m256i next,
                                                      size_t width) {
    __m256i successor_lanes = _mm256_permute2x128_si256(cur, next, 0x21);
    return width == 2 ? _mm256_alignr_epi8(successor_lanes, cur, 2)
                      : _mm256_alignr_epi8(successor_lanes, cur, 4);
}

static ADJEQ_ALWAYS_INLINE size_t count_wide(const uint8_t *data, size_t n,
                                             size_t width) {
    /* First elements of all pairs lie in data[0 .. end). */
    size_t bytes = n * width, end = bytes - width, i = 0, lanes = 0;
    /* Main loop: block i and its successor inside the buffer, each byte
     * loaded once; the shifted vector is built in registers. */
    while (i + 2 * BLOCK <= bytes) {
        size_t blocks = (bytes - i) / BLOCK - 1;
        if (blocks > 252)
            blocks = 252;
        __m256i acc0 = _mm256_setzero_si256(), acc1 = _mm256_setzero_si256();
        __m256i cur = _mm256_loadu_si256((const __m256i *)(data + i));
        size_t b = 0;
        for (; b + 2 <= blocks; b += 2, i += 2 * BLOCK) {
            __m256i n1 = _mm256_loadu_si256((const __m256i *)(data + i + BLOCK));
            __m256i n2 = _mm256_loadu_si256((const __m256i *)(data + i + 2 * BLOCK));
            ADJEQ_KEEP_IN_REGISTER(n1);
            ADJEQ_KEEP_IN_REGISTER(n2);
            acc0 = _mm256_sub_epi8(acc0, equal_lanes(cur, shift_in_next_wide(cur, n1, width), width));
            acc1 = _mm256_sub_epi8(acc1, equal_lanes(n1, shift_in_next_wide(n1, n2, width), width));
            cur = n2;
        }
        if (b < blocks) {
            __m256i n1 = _mm256_loadu_si256((const __m256i *)(data + i + BLOCK));
            acc0 = _mm256_sub_epi8(acc0, equal_lanes(cur, shift_in_next_wide(cur, n1, width), width));
            i += BLOCK;
        }
        /* Each block adds <= 1 to one of acc0, acc1: their sum is <= 252.
         * `lanes` (size_t) reaches width x pairs < n x width, the size in
         * bytes of the caller's buffer, so counts above 2^32 cannot wrap
         * it, and the division by width below is exact. */
        lanes += sum_lanes(_mm256_add_epi8(acc0, acc1));
    }
    /* Fewer than 2 * BLOCK bytes left: unaligned pairs of loads, the last one
     * overlapping counted pairs (keep lanes at or after i). */
    if (i + BLOCK <= end) {
        __m256i eq = equal_lanes(_mm256_loadu_si256((const __m256i *)(data + i)),
                                 _mm256_loadu_si256((const __m256i *)(data + i + width)), width);
        lanes += sum_lanes(_mm256_sub_epi8(_mm256_setzero_si256(), eq));
        i += BLOCK;
    }
    size_t left = end - i;
    if (left) {
        const uint8_t *last = data + end - BLOCK;
        __m256i eq = equal_lanes(_mm256_loadu_si256((const __m256i *)last),
                                 _mm256_loadu_si256((const __m256i *)(last + width)), width);
        lanes += count_masked(eq, _mm256_xor_si256(lanes_below(BLOCK - left),
                                                   _mm256_set1_epi8(-1)));
    }
    return lanes / width;
}

size_t adjeq_count_u16_avx2(const uint16_t *data, size_t n) {
    if (n < BLOCK / 2 + 1)
        return adjeq_count_u16_scalar(data, n);
    return count_wide((const uint8_t *)data, n, 2);
}

size_t adjeq_count_u32_avx2(const uint32_t *data, size_t n) {
    if (n < BLOCK / 4 + 1)
        return adjeq_count_u32_scalar(data, n);
    return count_wide((const uint8_t *)data, n, 4);
}

/* --- UTF-8 code points: 64-bit masks from two 32-byte blocks ------------ */

static uint64_t mask_bits(__m256i lanes, unsigned block) {
    return (uint64_t)(uint32_t)_mm256_movemask_epi8(lanes) << (32 * block);
}

/* 0xff where the unsigned byte x <= limit (AVX2 has no unsigned compare). */
static __m256i at_most(__m256i x, uint8_t limit) {
    return _mm256_cmpeq_epi8(_mm256_min_epu8(x, _mm256_set1_epi8((char)limit)), x);
}

/* 0xff where the byte x, read as signed, is > threshold: bytes 80..FF are
 * -128..-1, so one signed compare splits the non-ASCII classes. */
static __m256i signed_above(__m256i x, uint8_t threshold) {
    return _mm256_cmpgt_epi8(x, _mm256_set1_epi8((char)threshold));
}

static __m256i equal_to(__m256i v, uint8_t byte) {
    return _mm256_cmpeq_epi8(v, _mm256_set1_epi8((char)byte));
}

static __m256i load_at(const uint8_t *p) {
    return _mm256_loadu_si256((const __m256i *)p);
}

struct utf8_masks;
static ADJEQ_ALWAYS_INLINE int utf8_masks(const uint8_t *p, struct utf8_masks *m);
#include "utf8_body.h"

static ADJEQ_ALWAYS_INLINE int utf8_masks(const uint8_t *p, struct utf8_masks *m) {
    __m256i v[2] = {load_at(p), load_at(p + 32)};
    __m256i next[2] = {load_at(p + 1), load_at(p + 33)};
    m->eq1 = mask_bits(_mm256_cmpeq_epi8(v[0], next[0]), 0) |
             mask_bits(_mm256_cmpeq_epi8(v[1], next[1]), 1);
    if (!_mm256_movemask_epi8(_mm256_or_si256(v[0], v[1])))
        return 0;
    uint64_t non_ascii = 0, from_c2 = 0, from_e0 = 0, from_f0 = 0, from_f5 = 0,
             eq2 = 0, eq3 = 0, eq4 = 0, cont = 0, bad_second = 0;
    for (unsigned b = 0; b < 2; b++) {
        __m256i x = v[b], y = next[b];
        const uint8_t *q = p + 32 * b;
        eq2 |= mask_bits(_mm256_cmpeq_epi8(x, load_at(q + 2)), b);
        eq3 |= mask_bits(_mm256_cmpeq_epi8(x, load_at(q + 3)), b);
        eq4 |= mask_bits(_mm256_cmpeq_epi8(x, load_at(q + 4)), b);
        non_ascii |= mask_bits(x, b);
        cont |= mask_bits(_mm256_cmpgt_epi8(_mm256_set1_epi8((char)0xc0), x), b);
        from_c2 |= mask_bits(signed_above(x, 0xc1), b);
        from_e0 |= mask_bits(signed_above(x, 0xdf), b);
        from_f0 |= mask_bits(signed_above(x, 0xef), b);
        from_f5 |= mask_bits(signed_above(x, 0xf4), b);
        __m256i upto_9f = at_most(y, 0x9f), upto_8f = at_most(y, 0x8f);
        __m256i bad = _mm256_or_si256(
            _mm256_or_si256(_mm256_and_si256(equal_to(x, 0xe0), upto_9f),
                            _mm256_andnot_si256(upto_9f, equal_to(x, 0xed))),
            _mm256_or_si256(_mm256_and_si256(equal_to(x, 0xf0), upto_8f),
                            _mm256_andnot_si256(upto_8f, equal_to(x, 0xf4))));
        bad_second |= mask_bits(bad, b);
    }
    m->eq2 = eq2;
    m->eq3 = eq3;
    m->eq4 = eq4;
    m->ascii = ~non_ascii;
    m->cont = cont;
    /* ASCII bytes are positive, above every threshold: they drop out. */
    m->lead2 = from_c2 & ~from_e0;
    m->lead3 = from_e0 & ~from_f0;
    m->lead4 = from_f0 & ~from_f5;
    m->bad_second = bad_second;
    return 1;
}

size_t adjeq_count_utf8_avx2(const uint8_t *s, size_t len) {
    return utf8_count(s, len);
}

/* --- UTF-16 code points: byte movemasks, 2 bits per element -------------- */

#define UTF16_UNIT_BITS 2
struct utf16_masks;
static ADJEQ_ALWAYS_INLINE int utf16_masks(const uint16_t *p, struct utf16_masks *m);
#include "utf16_body.h"

/* 0xffff in elements whose top bits (under mask) equal value. */
static __m256i top_bits(__m256i x, uint16_t mask, uint16_t value) {
    return _mm256_cmpeq_epi16(_mm256_and_si256(x, _mm256_set1_epi16((short)mask)),
                              _mm256_set1_epi16((short)value));
}

static ADJEQ_ALWAYS_INLINE int utf16_masks(const uint16_t *p, struct utf16_masks *m) {
    const uint8_t *bytes = (const uint8_t *)p;
    __m256i v[2] = {load_at(bytes), load_at(bytes + 32)};
    m->eq1 = mask_bits(_mm256_cmpeq_epi16(v[0], load_at(bytes + 2)), 0) |
             mask_bits(_mm256_cmpeq_epi16(v[1], load_at(bytes + 34)), 1);
    __m256i surrogate = _mm256_or_si256(top_bits(v[0], 0xf800, 0xd800),
                                        top_bits(v[1], 0xf800, 0xd800));
    if (!_mm256_movemask_epi8(surrogate))
        return 0;
    m->eq2 = mask_bits(_mm256_cmpeq_epi16(v[0], load_at(bytes + 4)), 0) |
             mask_bits(_mm256_cmpeq_epi16(v[1], load_at(bytes + 36)), 1);
    m->high = mask_bits(top_bits(v[0], 0xfc00, 0xd800), 0) |
              mask_bits(top_bits(v[1], 0xfc00, 0xd800), 1);
    m->low = mask_bits(top_bits(v[0], 0xfc00, 0xdc00), 0) |
             mask_bits(top_bits(v[1], 0xfc00, 0xdc00), 1);
    return 1;
}

size_t adjeq_count_utf16_avx2(const uint16_t *s, size_t n) {
    return utf16_count(s, n);
}

const struct adjeq_kernel_ops adjeq_ops_avx2 = {
    .count_u8 = adjeq_count_avx2,
    .count_u16 = adjeq_count_u16_avx2,
    .count_u32 = adjeq_count_u32_avx2,
    .count_utf8 = adjeq_count_utf8_avx2,
    .count_utf16 = adjeq_count_utf16_avx2,
};
