/*
 * Internal: the per-position bit masks the UTF-8 and UTF-16 templates judge
 * code points from (bit k describes position k of a window). Each kernel
 * family builds them its own way: tpl_masks.h over a shim's vectors,
 * avx512.h from compare masks.
 */
#ifndef ADJEQ_UTF_MASKS_H
#define ADJEQ_UTF_MASKS_H

#include <stdint.h>

#define UTF8_WINDOW 64 /* positions per set of masks */
/* Judging position p reads mask bits up to p + 4 (whether a well-formed
 * 4-byte character starts at p + 1), so a window decides only its first 60
 * positions and the next window starts there. */
#define UTF8_STEP (UTF8_WINDOW - 4)
/* Bytes a window reads: eq4 compares p[63] with p[67]. */
#define UTF8_READ (UTF8_WINDOW + 4)

struct utf8_masks {
    uint64_t ascii; /* 00..7F: a one-byte character */
    uint64_t cont;  /* 80..BF */
    uint64_t lead2; /* C2..DF */
    uint64_t lead3; /* E0..EF */
    uint64_t lead4; /* F0..F4 */
    /* The byte after this lead is outside the range Table 3-7 allows it:
     * E0 needs A0..BF (else overlong), ED 80..9F (else a surrogate), F0
     * 90..BF (overlong), F4 80..8F (above U+10FFFF). */
    uint64_t bad_second;
    uint64_t eq1, eq2, eq3, eq4; /* eqd bit k: p[k] == p[k + d] */
};

#define UTF16_WINDOW 32 /* elements per set of masks */
/* Judging element p reads mask bits up to element p + 2 (whether a pair
 * starts at p + 1), so a window decides its first 30 elements. */
#define UTF16_STEP (UTF16_WINDOW - 2)
/* Elements a window reads: eq2 compares p[31] with p[33]. */
#define UTF16_READ (UTF16_WINDOW + 2)

/* Bits of element k: k * bits_per_element and up (1 from 16-bit compare
 * masks, 2 from byte movemasks). */
struct utf16_masks {
    uint64_t high;     /* D800..DBFF */
    uint64_t low;      /* DC00..DFFF */
    uint64_t eq1, eq2; /* eqd: p[k] == p[k + d] */
};

#endif /* ADJEQ_UTF_MASKS_H */
