/*
 * UTF-16 code-point doubles from per-element bit masks, shared by the SIMD
 * kernels. The including file defines UTF16_UNIT_BITS (mask bits per element:
 * 1 from 16-bit compare masks, 2 from byte movemasks) and, before including
 * this:
 *   static ADJEQ_ALWAYS_INLINE int utf16_masks(const uint16_t *p,
 *                                              struct utf16_masks *m);
 *     reads p[0 .. UTF16_READ) and fills every field of *m (bits of element
 *     k: k * UTF16_UNIT_BITS and up); or, when p[0 .. UTF16_WINDOW) holds no
 *     surrogate, fills only eq1 and returns 0.
 *
 * Units (see adjeq.h): a high surrogate followed by a low one is one unit,
 * any other element (lone surrogates included) is a unit alone. Locally:
 *   - an element starts a unit unless it is the low half of a pair;
 *   - a pair at p is a double iff p[0 .. 2) == p[2 .. 4) (the copy is then a
 *     pair too); a lone element at p iff p[1] == p[0] and p[1] does not start
 *     a pair (an equal element after a unit start always starts a unit).
 */
#ifndef ADJEQ_UTF16_BODY_H
#define ADJEQ_UTF16_BODY_H

#define UTF16_WINDOW 32 /* elements per set of masks */
/* Judging element p reads mask bits up to element p + 2 (whether a pair
 * starts at p + 1), so a window decides its first 30 elements. */
#define UTF16_STEP (UTF16_WINDOW - 2)
/* Elements a window reads: eq2 compares p[31] with p[33]. */
#define UTF16_READ (UTF16_WINDOW + 2)

struct utf16_masks {
    uint64_t high; /* D800..DBFF */
    uint64_t low;  /* DC00..DFFF */
    uint64_t eq1, eq2; /* eqd: p[k] == p[k + d] */
};

/* Mask bits of elements [0, k). */
static inline uint64_t utf16_elements_below(size_t k) {
    size_t bits = k * UTF16_UNIT_BITS;
    return bits >= 64 ? ~UINT64_C(0) : (UINT64_C(1) << bits) - 1;
}

/* Doubles whose first unit starts in the window's first UTF16_STEP
 * elements, as mask bits. *spill: whether the next window's first element
 * is the low half of a pair that starts here. */
static inline uint64_t utf16_window_doubles(const struct utf16_masks *m,
                                            uint64_t *spill) {
    const unsigned u = UTF16_UNIT_BITS;
    uint64_t pair = m->high & (m->low >> u);
    uint64_t cover = pair << u;
    uint64_t covered = cover | *spill;
    *spill = (cover >> (UTF16_STEP * u)) & utf16_elements_below(1);
    uint64_t doubles = (pair & m->eq2 & (m->eq2 >> u)) |
                       (~covered & ~pair & m->eq1 & ~(pair >> u));
    return doubles & utf16_elements_below(UTF16_STEP);
}

static size_t utf16_count(const uint16_t *s, size_t n) {
    size_t bits = 0, w = 0;
    uint64_t spill = 0;
    struct utf16_masks m;
    for (; w + UTF16_READ <= n; w += UTF16_STEP) {
        if (utf16_masks(s + w, &m)) {
            bits += adjeq_popcount64(utf16_window_doubles(&m, &spill));
        } else {
            /* No surrogate: elements are units, and nothing spills. */
            bits += adjeq_popcount64(m.eq1 & utf16_elements_below(UTF16_STEP));
            spill = 0;
        }
    }
    /* Last windows: a zero-padded copy, so nothing past the end is read.
     * Padding is no surrogate, so a pair cut by the end is two lone units;
     * and it equals no surrogate, so only eq1 (a 0 element at the end) needs
     * comparisons with padding dropped. */
    for (; w < n; w += UTF16_STEP) {
        uint16_t copy[UTF16_READ] = {0};
        size_t have = n - w; /* < UTF16_READ */
        memcpy(copy, s + w, have * sizeof *s);
        int surrogates = utf16_masks(copy, &m);
        m.eq1 &= utf16_elements_below(have - 1);
        uint64_t doubles;
        if (surrogates) {
            doubles = utf16_window_doubles(&m, &spill);
        } else {
            doubles = m.eq1 & utf16_elements_below(UTF16_STEP);
            spill = 0;
        }
        bits += adjeq_popcount64(doubles);
    }
    return bits / UTF16_UNIT_BITS;
}

#endif /* ADJEQ_UTF16_BODY_H */
