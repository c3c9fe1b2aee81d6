/* VSX kernel (POWER8, the ppc64le baseline): 16 pairs per compare; the shim
 * for kernels/template.h, most of it kernels/shim_altivec.h. "Next" vectors
 * are one VPERM of two loaded blocks, so each byte is loaded once. POWER9/10
 * instructions are not used: docs/design.md, "VSX and zvector". */
#include <altivec.h>

#include "shim_altivec.h"

/* lvx (aligned) needs no doubleword swap on little-endian; lxvd2x does. */
static inline vec_t vec_load(const uint8_t *p) { return vec_ld(0, p); }
/* xvcmpeqsp: ordered, and -0.0 equals 0.0. */
static inline vec_t vec_feq32(vec_t a, vec_t b) { return SHIM_EQ(float, a, b); }

static inline size_t vec_sum_u8(vec_t lanes) {
    __vector signed int words = (__vector signed int)vec_sum4s(lanes, vec_splats(0u));
    return (size_t)(uint32_t)vec_extract(vec_sums(words, vec_splats(0)), 3);
}

/* Bytes k .. k + 15 of a then b. vec_perm, unlike vec_sld, is defined in
 * element order on both byte orders. */
static ADJEQ_ALWAYS_INLINE vec_t vsx_shift(vec_t a, vec_t b, unsigned k) {
    const vec_t lanes = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
    return vec_perm(a, b, lanes + (unsigned char)k);
}
static inline vec_t vec_next_even(vec_t cur, vec_t next, const uint8_t *p) {
    (void)p;
    return vsx_shift(cur, next, 1);
}
#define vec_next_odd vec_next_even
static ADJEQ_ALWAYS_INLINE vec_t vec_next_wide(vec_t cur, vec_t next, const uint8_t *p,
                                               size_t width) {
    (void)p;
    return vsx_shift(cur, next, (unsigned)width);
}

/* vbpermq gathers the bits its index bytes name (register bit 0 is the
 * most significant) into a halfword of doubleword element 1; indices 120,
 * 112, .. 0 take each byte's top bit, element 0's as bit 0. */
static inline uint64_t vec_mask64(const vec_t v[4]) {
    const vec_t top = {120, 112, 104, 96, 88, 80, 72, 64, 56, 48, 40, 32, 24, 16, 8, 0};
    uint64_t mask = 0;
    for (unsigned b = 0; b < 4; b++)
        mask |= (uint64_t)vec_extract((__vector unsigned long long)vec_vbpermq(v[b], top), 1)
                << (16 * b);
    return mask;
}
/* vbpermq reads only the top bits, whatever the rest of each byte holds. */
#define vec_top_bits64 vec_mask64

#include "template.h"

ADJEQ_KERNEL_OPS(vsx) = ADJEQ_TEMPLATE_OPS;
