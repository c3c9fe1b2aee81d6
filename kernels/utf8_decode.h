/*
 * Internal: the UTF-8 character decoder shared by the scalar kernel (the
 * reference the SIMD kernels' mask formulation is tested against) and the
 * streaming API, which holds back characters split between chunks.
 */
#ifndef ADJEQ_UTF8_DECODE_H
#define ADJEQ_UTF8_DECODE_H

#include <stddef.h>
#include <stdint.h>

/*
 * Length of the well-formed UTF-8 character (Unicode Table 3-7) starting at
 * s[0], or 0 if none does. When s[0 .. avail) is a proper prefix of one (more
 * bytes could complete it), returns 0 and sets *truncated (if non-NULL).
 * avail >= 1.
 */
static inline size_t adjeq_utf8_char_length(const uint8_t *s, size_t avail,
                                            int *truncated) {
    uint8_t lead = s[0], lo = 0x80, hi = 0xbf;
    size_t need;
    if (truncated)
        *truncated = 0;
    if (lead < 0x80)
        return 1;
    if (lead >= 0xc2 && lead <= 0xdf) {
        need = 2;
    } else if (lead >= 0xe0 && lead <= 0xef) {
        need = 3;
        lo = lead == 0xe0 ? 0xa0 : 0x80; /* overlong */
        hi = lead == 0xed ? 0x9f : 0xbf; /* surrogates */
    } else if (lead >= 0xf0 && lead <= 0xf4) {
        need = 4;
        lo = lead == 0xf0 ? 0x90 : 0x80; /* overlong */
        hi = lead == 0xf4 ? 0x8f : 0xbf; /* above U+10FFFF */
    } else {
        return 0;
    }
    for (size_t k = 1; k < need; k++) {
        if (k >= avail) {
            if (truncated)
                *truncated = 1;
            return 0;
        }
        if (s[k] < lo || s[k] > hi)
            return 0;
        lo = 0x80;
        hi = 0xbf;
    }
    return need;
}

/* Length of the unit starting at s[0] when s[0 .. avail) is final: the
 * well-formed character there, or else the single byte. */
static inline size_t adjeq_utf8_unit_length(const uint8_t *s, size_t avail) {
    size_t n = adjeq_utf8_char_length(s, avail, NULL);
    return n ? n : 1;
}

#endif /* ADJEQ_UTF8_DECODE_H */
