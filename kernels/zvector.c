/* z/Architecture vector kernel (z13 vector facility, big-endian): 16 pairs
 * per compare; the shim for kernels/template.h, most of it
 * kernels/shim_altivec.h. Element 0 is the byte at the lowest address, so
 * VSLDB of two loaded blocks is the "next" vector: each byte loaded once. */
#include <vecintrin.h>

#include "shim_altivec.h"

/* VL has no alignment requirement. */
#define vec_load vec_loadu

/* Single-precision vector compares came with z14: == from the bits, equal
 * and not NaN, or both zeros of any sign. */
static inline vec_t vec_feq32(vec_t a, vec_t b) {
    __vector unsigned int x = (__vector unsigned int)a, y = (__vector unsigned int)b;
    __vector unsigned int abs = vec_splats(0x7fffffffu);
    __vector __bool int nan = vec_cmpgt(vec_and(x, abs), vec_splats(0x7f800000u));
    __vector __bool int zeros = vec_cmpeq(vec_and(vec_or(x, y), abs), vec_splats(0u));
    return (vec_t)vec_or(vec_andc(vec_cmpeq(x, y), nan), zeros);
}

/* VSUMB adds bytes into words, VSUMG words into doublewords. */
static inline __vector unsigned long long z_sum8(vec_t v) {
    return vec_sum2(vec_sum4(v, vec_zero()), vec_splats(0u));
}
static inline size_t vec_sum_u8(vec_t lanes) {
    __vector unsigned long long s = z_sum8(lanes);
    return (size_t)(s[0] + s[1]);
}

static inline vec_t vec_next_even(vec_t cur, vec_t next, const uint8_t *p) {
    (void)p;
    return vec_sld(cur, next, 1);
}
#define vec_next_odd vec_next_even
static ADJEQ_ALWAYS_INLINE vec_t vec_next_wide(vec_t cur, vec_t next, const uint8_t *p,
                                               size_t width) {
    (void)p; /* VSLDB takes the shift as an immediate */
    return width == 2 ? vec_sld(cur, next, 2) : width == 4 ? vec_sld(cur, next, 4)
                                                           : vec_sld(cur, next, 8);
}

/* z13 has no bit gather (VBPERM is z14): weight byte k by bit k % 8, and
 * the sums of each doubleword's bytes are its 8 mask bits. */
static inline uint64_t vec_mask64(const vec_t v[4]) {
    const vec_t weights = {1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128};
    uint64_t mask = 0;
    for (unsigned b = 0; b < 4; b++) {
        __vector unsigned long long s = z_sum8(vec_and(v[b], weights));
        mask |= (s[0] | s[1] << 8) << (16 * b);
    }
    return mask;
}
static inline uint64_t vec_top_bits64(const vec_t v[4]) {
    vec_t lanes[4];
    for (unsigned b = 0; b < 4; b++)
        lanes[b] = (vec_t)((__vector signed char)v[b] >> 7);
    return vec_mask64(lanes);
}

#include "template.h"

ADJEQ_KERNEL_OPS(zvector) = ADJEQ_TEMPLATE_OPS;
