/*
 * Template part: UTF-16 code-point doubles from per-element bit masks. The
 * including file provides, before this header:
 *   VEC_UTF16_BITS  mask bits per element (1 from 16-bit compare masks, 2
 *                   from byte movemasks);
 *   static int vec_utf16_masks(const uint8_t *p, struct utf16_masks *m);
 *     reads elements p[0 .. UTF16_READ) (any alignment) and fills every field
 *     of *m; or, when the first UTF16_WINDOW elements hold no surrogate,
 *     fills only eq1 and returns 0;
 *   vec_popcount64(x);
 *   and, if it defines UTF16_MASKS_IN_PLACE, utf16_tail_in_place(p) and
 *   vec_utf16_masks_in_place(p, have, m), as tpl_utf8.h's UTF-8 pair.
 *
 * Units (see adjeq.h): a high surrogate followed by a low one is one unit,
 * any other element (lone surrogates included) is a unit alone. Locally:
 *   - an element starts a unit unless it is the low half of a pair;
 *   - a pair at p is a double iff p[0 .. 2) == p[2 .. 4) (the copy is then a
 *     pair too); a lone element at p iff p[1] == p[0] and p[1] does not start
 *     a pair (an equal element after a unit start always starts a unit).
 */
#ifndef ADJEQ_TPL_UTF16_H
#define ADJEQ_TPL_UTF16_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "compiler.h"
#include "tpl_prefetch.h"
#include "utf_masks.h"

#if VEC_UTF16_BITS != 1 && VEC_UTF16_BITS != 2
#  error "VEC_UTF16_BITS must be 1 or 2"
#endif

/* Mask bits of elements [0, k). */
static inline uint64_t utf16_elements_below(size_t k) {
    size_t bits = k * VEC_UTF16_BITS;
    return bits >= 64 ? ~UINT64_C(0) : (UINT64_C(1) << bits) - 1;
}

/* Doubles whose first unit starts in the window's first UTF16_STEP
 * elements, as mask bits. *spill: whether the next window's first element
 * is the low half of a pair that starts here. */
static inline uint64_t utf16_window_doubles(const struct utf16_masks *m,
                                            uint64_t *spill) {
    const unsigned u = VEC_UTF16_BITS;
    uint64_t pair = m->high & (m->low >> u);
    uint64_t cover = pair << u;
    uint64_t covered = cover | *spill;
    *spill = (cover >> (UTF16_STEP * u)) & utf16_elements_below(1);
    uint64_t doubles = (pair & m->eq2 & (m->eq2 >> u)) |
                       (~covered & ~pair & m->eq1 & ~(pair >> u));
    return doubles & utf16_elements_below(UTF16_STEP);
}

/* The windows starting at elements [w, end), prefetching ahead or not
 * (tpl_prefetch.h; each its own loop: a test in every window cost a 4 KiB
 * text, which never prefetches, 0.9x on AVX-512). Returns where it
 * stopped. */
static ADJEQ_ALWAYS_INLINE size_t utf16_windows(const uint8_t *s, size_t w, size_t end,
                                                int prefetch, size_t *bits, uint64_t *spill) {
    struct utf16_masks m;
    for (; w < end; w += UTF16_STEP) {
        if (prefetch)
            tpl_prefetch(s + 2 * w, 2 * UTF16_STEP);
        if (vec_utf16_masks(s + 2 * w, &m)) {
            *bits += vec_popcount64(utf16_window_doubles(&m, spill));
        } else {
            /* No surrogate: elements are units, and nothing spills. */
            *bits += vec_popcount64(m.eq1 & utf16_elements_below(UTF16_STEP));
            *spill = 0;
        }
    }
    return w;
}

static size_t tpl_count_utf16(const void *text, size_t n) {
    const uint8_t *s = (const uint8_t *)text;
    size_t bits = 0, w = 0;
    uint64_t spill = 0;
    struct utf16_masks m;
    if (n >= UTF16_READ) {
        size_t end = n - UTF16_READ + 1;
        if (2 * n >= TPL_PREFETCH_MIN) {
            size_t prefetch_end = tpl_prefetch_end(2 * n, 2 * UTF16_STEP) / 2;
            w = utf16_windows(s, w, prefetch_end < end ? prefetch_end : end, 1, &bits, &spill);
        }
        w = utf16_windows(s, w, end, 0, &bits, &spill);
    }
    /* Last windows: a zero-padded copy, so nothing past the end is read.
     * Padding is no surrogate, so a pair cut by the end is two lone units;
     * and it equals no surrogate, so only eq1 (a 0 element at the end) needs
     * comparisons with padding dropped. Or no copy, where the shim reads
     * them in place as if padded (UTF16_MASKS_IN_PLACE). */
#ifdef UTF16_MASKS_IN_PLACE
    int in_place = w < n && utf16_tail_in_place(s + 2 * w);
#endif
    for (; w < n; w += UTF16_STEP) {
        size_t have = n - w; /* < UTF16_READ */
        int surrogates;
#ifdef UTF16_MASKS_IN_PLACE
        if (in_place)
            surrogates = vec_utf16_masks_in_place(s + 2 * w, have, &m);
        else
#endif
        {
            uint16_t copy[UTF16_READ] = {0};
            memcpy(copy, s + 2 * w, have * 2);
            surrogates = vec_utf16_masks((const uint8_t *)copy, &m);
        }
        m.eq1 &= utf16_elements_below(have - 1);
        uint64_t doubles;
        if (surrogates) {
            doubles = utf16_window_doubles(&m, &spill);
        } else {
            doubles = m.eq1 & utf16_elements_below(UTF16_STEP);
            spill = 0;
        }
        bits += vec_popcount64(doubles);
    }
    return bits / VEC_UTF16_BITS;
}

#endif /* ADJEQ_TPL_UTF16_H */
