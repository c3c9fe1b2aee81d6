/* SSE2 kernel: x86-64 baseline, 16 pairs per compare. */
#include "kernels.h"

#include <emmintrin.h>

#define BLOCK 16

/* 16 x 0xff then 16 x 0: loadu(at + BLOCK - k) has 0xff in its first k lanes. */
static const uint8_t lane_window[2 * BLOCK] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

static __m128i lanes_below(size_t k) {
    return _mm_loadu_si128((const __m128i *)(lane_window + BLOCK - k));
}

/* 0xff in lane j iff data[j] == data[j + 1]; reads data[0 .. BLOCK]. */
static __m128i pair_equal(const uint8_t *data) {
    return _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)data),
                          _mm_loadu_si128((const __m128i *)(data + 1)));
}

/* Sum of byte lanes. */
static size_t sum_lanes(__m128i lanes) {
    __m128i sums = _mm_sad_epu8(lanes, _mm_setzero_si128());
    return (size_t)_mm_cvtsi128_si64(sums) +
           (size_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(sums, sums));
}

/* Number of equal lanes of eq selected by keep (both 0 / 0xff per lane). */
static size_t count_masked(__m128i eq, __m128i keep) {
    return sum_lanes(_mm_sub_epi8(_mm_setzero_si128(), _mm_and_si128(eq, keep)));
}

size_t adjeq_count_sse2(const uint8_t *data, size_t len) {
    if (len < BLOCK + 1)
        return adjeq_count_swar(data, len);

    /* Head: one unaligned block, counting only the pairs before the first
     * aligned offset so the main loop's plain loads never split a line. */
    size_t i = BLOCK - ((uintptr_t)data & (BLOCK - 1));
    size_t count = count_masked(pair_equal(data), lanes_below(i));

    while (i + BLOCK + 1 <= len) {
        /* Each lane gains at most 1 per block: flush before 255 blocks. */
        size_t blocks = (len - i - 1) / BLOCK;
        if (blocks > 252)
            blocks = 252;
        __m128i acc0 = _mm_setzero_si128(), acc1 = _mm_setzero_si128();
        size_t b = 0;
        for (; b + 4 <= blocks; b += 4, i += 4 * BLOCK) {
            const uint8_t *p = data + i;
            __m128i a0 = _mm_load_si128((const __m128i *)p);
            __m128i a1 = _mm_load_si128((const __m128i *)(p + BLOCK));
            __m128i a2 = _mm_load_si128((const __m128i *)(p + 2 * BLOCK));
            __m128i a3 = _mm_load_si128((const __m128i *)(p + 3 * BLOCK));
            acc0 = _mm_sub_epi8(acc0, _mm_cmpeq_epi8(a0, _mm_loadu_si128((const __m128i *)(p + 1))));
            acc1 = _mm_sub_epi8(acc1, _mm_cmpeq_epi8(a1, _mm_loadu_si128((const __m128i *)(p + BLOCK + 1))));
            acc0 = _mm_sub_epi8(acc0, _mm_cmpeq_epi8(a2, _mm_loadu_si128((const __m128i *)(p + 2 * BLOCK + 1))));
            acc1 = _mm_sub_epi8(acc1, _mm_cmpeq_epi8(a3, _mm_loadu_si128((const __m128i *)(p + 3 * BLOCK + 1))));
        }
        for (; b < blocks; b++, i += BLOCK)
            acc0 = _mm_sub_epi8(acc0, pair_equal(data + i));
        count += sum_lanes(acc0) + sum_lanes(acc1);
    }

    /* Tail: the last full block overlaps pairs already counted; keep only the
     * lanes at or after i. */
    size_t left = len - 1 - i; /* pairs still to count, < BLOCK */
    if (left) {
        __m128i eq = pair_equal(data + len - 1 - BLOCK);
        count += count_masked(eq, _mm_xor_si128(lanes_below(BLOCK - left),
                                                _mm_set1_epi8(-1)));
    }
    return count;
}

/* Compares 16-/32-bit lanes; width is a constant in every caller. */
static ADJEQ_ALWAYS_INLINE __m128i equal_lanes(__m128i a, __m128i b, size_t width) {
    return width == 2 ? _mm_cmpeq_epi16(a, b) : _mm_cmpeq_epi32(a, b);
}

/* 16-/32-bit units. An equal pair sets all `width` byte lanes of its element,
 * so the byte-lane machinery of the byte kernel applies and the byte total is
 * width times the pair count. SSE2 has no byte-granular register shift
 * (palignr is SSSE3), so the one-element-ahead vector is an unaligned load. */
static ADJEQ_ALWAYS_INLINE size_t count_wide(const uint8_t *data, size_t n,
                                             size_t width) {
    /* First elements of all pairs lie in data[0 .. end). */
    size_t end = (n - 1) * width, i = 0, lanes = 0;
    while (i + BLOCK <= end) {
        size_t blocks = (end - i) / BLOCK;
        if (blocks > 252)
            blocks = 252;
        __m128i acc0 = _mm_setzero_si128(), acc1 = _mm_setzero_si128();
        size_t b = 0;
        for (; b + 2 <= blocks; b += 2, i += 2 * BLOCK) {
            const uint8_t *p = data + i;
            acc0 = _mm_sub_epi8(acc0, equal_lanes(_mm_loadu_si128((const __m128i *)p),
                                                  _mm_loadu_si128((const __m128i *)(p + width)), width));
            acc1 = _mm_sub_epi8(acc1, equal_lanes(_mm_loadu_si128((const __m128i *)(p + BLOCK)),
                                                  _mm_loadu_si128((const __m128i *)(p + BLOCK + width)), width));
        }
        if (b < blocks) {
            acc0 = _mm_sub_epi8(acc0, equal_lanes(_mm_loadu_si128((const __m128i *)(data + i)),
                                                  _mm_loadu_si128((const __m128i *)(data + i + width)), width));
            i += BLOCK;
        }
        /* Flush. Per flush: at most 252 blocks, each adding 1 to a byte
         * lane of one accumulator, so a lane reaches at most 126 < 256 (runs
         * longer than a flush are tested in test_modes.c). Over the whole
         * input: `lanes` (size_t) reaches width x pairs < n x width bytes,
         * the size of the caller's buffer, so no count above 2^32 can wrap
         * it; dividing by width at the end is exact. */
        lanes += sum_lanes(acc0) + sum_lanes(acc1);
    }
    /* Tail: the last full block ends at the last element; keep the lanes at
     * or after i (end - i is a multiple of width). */
    size_t left = end - i;
    if (left) {
        const uint8_t *last = data + end - BLOCK;
        __m128i eq = equal_lanes(_mm_loadu_si128((const __m128i *)last),
                                 _mm_loadu_si128((const __m128i *)(last + width)), width);
        lanes += count_masked(eq, _mm_xor_si128(lanes_below(BLOCK - left),
                                                _mm_set1_epi8(-1)));
    }
    return lanes / width;
}

size_t adjeq_count_u16_sse2(const uint16_t *data, size_t n) {
    if (n < BLOCK / 2 + 1)
        return adjeq_count_u16_scalar(data, n);
    return count_wide((const uint8_t *)data, n, 2);
}

size_t adjeq_count_u32_sse2(const uint32_t *data, size_t n) {
    if (n < BLOCK / 4 + 1)
        return adjeq_count_u32_scalar(data, n);
    return count_wide((const uint8_t *)data, n, 4);
}

/* --- UTF-8 code points: 64-bit masks from four 16-byte blocks ----------- */

static uint64_t mask_bits(__m128i lanes, unsigned block) {
    return (uint64_t)(unsigned)_mm_movemask_epi8(lanes) << (16 * block);
}

/* 0xff where the unsigned byte x <= limit (SSE2 has no unsigned compare). */
static __m128i at_most(__m128i x, uint8_t limit) {
    return _mm_cmpeq_epi8(_mm_min_epu8(x, _mm_set1_epi8((char)limit)), x);
}

/* 0xff where the byte x, read as signed, is > threshold: bytes 80..FF are
 * -128..-1, so one signed compare splits the non-ASCII classes. */
static __m128i signed_above(__m128i x, uint8_t threshold) {
    return _mm_cmpgt_epi8(x, _mm_set1_epi8((char)threshold));
}

static __m128i equal_to(__m128i v, uint8_t byte) {
    return _mm_cmpeq_epi8(v, _mm_set1_epi8((char)byte));
}

static __m128i load_at(const uint8_t *p) {
    return _mm_loadu_si128((const __m128i *)p);
}

struct utf8_masks;
static ADJEQ_ALWAYS_INLINE int utf8_masks(const uint8_t *p, struct utf8_masks *m);
#include "utf8_body.h"

static ADJEQ_ALWAYS_INLINE int utf8_masks(const uint8_t *p, struct utf8_masks *m) {
    __m128i v[4], next[4];
    uint64_t eq1 = 0;
    for (unsigned b = 0; b < 4; b++) {
        v[b] = load_at(p + 16 * b);
        next[b] = load_at(p + 16 * b + 1);
        eq1 |= mask_bits(_mm_cmpeq_epi8(v[b], next[b]), b);
    }
    m->eq1 = eq1;
    __m128i any = _mm_or_si128(_mm_or_si128(v[0], v[1]), _mm_or_si128(v[2], v[3]));
    if (!_mm_movemask_epi8(any))
        return 0;
    uint64_t non_ascii = 0, from_c2 = 0, from_e0 = 0, from_f0 = 0, from_f5 = 0,
             eq2 = 0, eq3 = 0, eq4 = 0, cont = 0, bad_second = 0;
    for (unsigned b = 0; b < 4; b++) {
        __m128i x = v[b], y = next[b];
        const uint8_t *q = p + 16 * b;
        eq2 |= mask_bits(_mm_cmpeq_epi8(x, load_at(q + 2)), b);
        eq3 |= mask_bits(_mm_cmpeq_epi8(x, load_at(q + 3)), b);
        eq4 |= mask_bits(_mm_cmpeq_epi8(x, load_at(q + 4)), b);
        non_ascii |= mask_bits(x, b);
        cont |= mask_bits(_mm_cmplt_epi8(x, _mm_set1_epi8((char)0xc0)), b);
        from_c2 |= mask_bits(signed_above(x, 0xc1), b);
        from_e0 |= mask_bits(signed_above(x, 0xdf), b);
        from_f0 |= mask_bits(signed_above(x, 0xef), b);
        from_f5 |= mask_bits(signed_above(x, 0xf4), b);
        __m128i upto_9f = at_most(y, 0x9f), upto_8f = at_most(y, 0x8f);
        __m128i bad = _mm_or_si128(
            _mm_or_si128(_mm_and_si128(equal_to(x, 0xe0), upto_9f),
                         _mm_andnot_si128(upto_9f, equal_to(x, 0xed))),
            _mm_or_si128(_mm_and_si128(equal_to(x, 0xf0), upto_8f),
                         _mm_andnot_si128(upto_8f, equal_to(x, 0xf4))));
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

size_t adjeq_count_utf8_sse2(const uint8_t *s, size_t len) {
    return utf8_count(s, len);
}

/* --- UTF-16 code points: byte movemasks, 2 bits per element -------------- */

#define UTF16_UNIT_BITS 2
struct utf16_masks;
static ADJEQ_ALWAYS_INLINE int utf16_masks(const uint16_t *p, struct utf16_masks *m);
#include "utf16_body.h"

/* 0xffff in elements whose top bits (under mask) equal value. */
static __m128i top_bits(__m128i x, uint16_t mask, uint16_t value) {
    return _mm_cmpeq_epi16(_mm_and_si128(x, _mm_set1_epi16((short)mask)),
                           _mm_set1_epi16((short)value));
}

static ADJEQ_ALWAYS_INLINE int utf16_masks(const uint16_t *p, struct utf16_masks *m) {
    const uint8_t *bytes = (const uint8_t *)p;
    __m128i v[4], surrogate = _mm_setzero_si128();
    uint64_t eq1 = 0;
    for (unsigned b = 0; b < 4; b++) {
        v[b] = load_at(bytes + 16 * b);
        eq1 |= mask_bits(_mm_cmpeq_epi16(v[b], load_at(bytes + 16 * b + 2)), b);
        surrogate = _mm_or_si128(surrogate, top_bits(v[b], 0xf800, 0xd800));
    }
    m->eq1 = eq1;
    if (!_mm_movemask_epi8(surrogate))
        return 0;
    uint64_t eq2 = 0, high = 0, low = 0;
    for (unsigned b = 0; b < 4; b++) {
        eq2 |= mask_bits(_mm_cmpeq_epi16(v[b], load_at(bytes + 16 * b + 4)), b);
        high |= mask_bits(top_bits(v[b], 0xfc00, 0xd800), b);
        low |= mask_bits(top_bits(v[b], 0xfc00, 0xdc00), b);
    }
    m->eq2 = eq2;
    m->high = high;
    m->low = low;
    return 1;
}

size_t adjeq_count_utf16_sse2(const uint16_t *s, size_t n) {
    return utf16_count(s, n);
}

const struct adjeq_kernel_ops adjeq_ops_sse2 = {
    .count_u8 = adjeq_count_sse2,
    .count_u16 = adjeq_count_u16_sse2,
    .count_u32 = adjeq_count_u32_sse2,
    .count_utf8 = adjeq_count_utf8_sse2,
    .count_utf16 = adjeq_count_utf16_sse2,
};
