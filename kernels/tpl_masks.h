/*
 * Template part: the UTF-8 and UTF-16 mask builders over a shim's vectors
 * (see template.h): 64 bytes as 64 / VEC_BYTES vectors, each class of byte a
 * vector compare, folded into one 64-bit mask by vec_mask64.
 */
#ifndef ADJEQ_TPL_MASKS_H
#define ADJEQ_TPL_MASKS_H

#include <stdint.h>

#include "compiler.h"
#include "utf_masks.h"

#define TPL_BLOCKS (64 / VEC_BYTES)

/* Bit k: p[k] == p[k + d], for the 64 bytes v holds from p. */
static ADJEQ_ALWAYS_INLINE uint64_t tpl_eq_at(const vec_t v[TPL_BLOCKS], const uint8_t *p,
                                              unsigned d) {
    vec_t t[TPL_BLOCKS];
    for (unsigned b = 0; b < TPL_BLOCKS; b++)
        t[b] = vec_eq8(v[b], vec_loadu(p + VEC_BYTES * b + d));
    return vec_mask64(t);
}

/* Bit k: p[k] > threshold as signed bytes (ASCII bytes are above all
 * thresholds 80..FF). */
static ADJEQ_ALWAYS_INLINE uint64_t tpl_above(const vec_t v[TPL_BLOCKS], uint8_t threshold) {
    vec_t t[TPL_BLOCKS];
    for (unsigned b = 0; b < TPL_BLOCKS; b++)
        t[b] = vec_gt_s8(v[b], vec_set1_8(threshold));
    return vec_mask64(t);
}

/* Reads p[0 .. UTF8_READ) and fills every field of *m; or, when p[0 .. 64)
 * is all ASCII, fills only eq1 and returns 0. */
static ADJEQ_ALWAYS_INLINE int vec_utf8_masks(const uint8_t *p, struct utf8_masks *m) {
    vec_t v[TPL_BLOCKS], next[TPL_BLOCKS], t[TPL_BLOCKS];
    for (unsigned b = 0; b < TPL_BLOCKS; b++) {
        v[b] = vec_loadu(p + VEC_BYTES * b);
        next[b] = vec_loadu(p + VEC_BYTES * b + 1);
        t[b] = vec_eq8(v[b], next[b]);
    }
    m->eq1 = vec_mask64(t);
    vec_t any = v[0];
    for (unsigned b = 1; b < TPL_BLOCKS; b++)
        any = vec_or(any, v[b]);
    if (!vec_any_high(any))
        return 0;
    m->eq2 = tpl_eq_at(v, p, 2);
    m->eq3 = tpl_eq_at(v, p, 3);
    m->eq4 = tpl_eq_at(v, p, 4);
    m->ascii = ~vec_top_bits64(v);
    /* Bytes 80..FF are -128..-1 as signed bytes, so signed compares split
     * the non-ASCII classes; ASCII bytes are above every threshold and drop
     * out of the differences below. */
    uint64_t from_e0 = tpl_above(v, 0xdf), from_f0 = tpl_above(v, 0xef);
    m->lead3 = from_e0 & ~from_f0;
#ifdef VEC_UTF8_ODD
    /* Shims with a table lookup: leads by their first byte alone unless a
     * byte utf8_odd.h's tables flag is present. */
    if (!vec_utf8_odd(v, next)) {
        uint64_t from_c0 = tpl_above(v, 0xbf);
        m->cont = ~m->ascii & ~from_c0;
        m->lead2 = from_c0 & ~from_e0;
        m->lead4 = from_f0 & ~m->ascii;
        m->bad_second = 0;
        return 1;
    }
#endif
    uint64_t from_c2 = tpl_above(v, 0xc1), from_f5 = tpl_above(v, 0xf4);
    for (unsigned b = 0; b < TPL_BLOCKS; b++)
        t[b] = vec_gt_s8(vec_set1_8(0xc0), v[b]);
    m->cont = vec_mask64(t);
    m->lead2 = from_c2 & ~from_e0;
    m->lead4 = from_f0 & ~from_f5;
    for (unsigned b = 0; b < TPL_BLOCKS; b++) {
        vec_t x = v[b], y = next[b];
        vec_t upto_9f = vec_le_u8(y, vec_set1_8(0x9f)), upto_8f = vec_le_u8(y, vec_set1_8(0x8f));
        t[b] = vec_or(
            vec_or(vec_and(vec_eq8(x, vec_set1_8(0xe0)), upto_9f),
                   vec_andnot(upto_9f, vec_eq8(x, vec_set1_8(0xed)))),
            vec_or(vec_and(vec_eq8(x, vec_set1_8(0xf0)), upto_8f),
                   vec_andnot(upto_8f, vec_eq8(x, vec_set1_8(0xf4)))));
    }
    m->bad_second = vec_mask64(t);
    return 1;
}

/* As tpl_utf8.h asks: whole all-ASCII blocks from p, at most n bytes. */
#define UTF8_ASCII_RUNS
static size_t utf8_ascii_run(const uint8_t *p, size_t n) {
    size_t i = 0;
    for (; i + 64 <= n; i += 64) {
        vec_t any = vec_loadu(p + i);
        for (unsigned b = 1; b < TPL_BLOCKS; b++)
            any = vec_or(any, vec_loadu(p + i + VEC_BYTES * b));
        if (vec_any_high(any))
            break;
    }
    return i;
}
#define utf8_count_ascii tpl_count_u8

/* 16-bit elements whose top bits (under mask) equal value: all-ones. */
static inline vec_t tpl_top_bits16(vec_t x, uint16_t mask, uint16_t value) {
    return vec_eq16(vec_and(x, vec_set1_16(mask)), vec_set1_16(value));
}

/* Reads elements p[0 .. UTF16_READ) (bytes at any alignment) and fills every
 * field of *m, VEC_UTF16_BITS bits per element; or, when the first
 * UTF16_WINDOW elements hold no surrogate, fills only eq1 and returns 0. */
static ADJEQ_ALWAYS_INLINE int vec_utf16_masks(const uint8_t *p, struct utf16_masks *m) {
    vec_t v[TPL_BLOCKS], t[TPL_BLOCKS], surrogate = vec_zero();
    for (unsigned b = 0; b < TPL_BLOCKS; b++) {
        v[b] = vec_loadu(p + VEC_BYTES * b);
        t[b] = vec_eq16(v[b], vec_loadu(p + VEC_BYTES * b + 2));
        surrogate = vec_or(surrogate, tpl_top_bits16(v[b], 0xf800, 0xd800));
    }
    m->eq1 = vec_mask64(t);
    if (!vec_any_high(surrogate))
        return 0;
    vec_t high[TPL_BLOCKS], low[TPL_BLOCKS];
    for (unsigned b = 0; b < TPL_BLOCKS; b++) {
        vec_t top6 = vec_and(v[b], vec_set1_16(0xfc00));
        t[b] = vec_eq16(v[b], vec_loadu(p + VEC_BYTES * b + 4));
        high[b] = vec_eq16(top6, vec_set1_16(0xd800));
        low[b] = vec_eq16(top6, vec_set1_16(0xdc00));
    }
    m->eq2 = vec_mask64(t);
    m->high = vec_mask64(high);
    m->low = vec_mask64(low);
    return 1;
}

#endif /* ADJEQ_TPL_MASKS_H */
