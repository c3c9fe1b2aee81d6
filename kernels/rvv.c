/* RVV kernel (RISC-V Vector 1.0), any VLEN: element i meets i + 1 from a second load,
 * VSETVL sizes every step (the last too: no scalar tail, nothing past the input read)
 * and VCPOP adds the mask to a 64-bit total; LMUL 4, 64 byte pairs a step at VLEN 128.
 * The template's shims keep vectors in arrays, which sizeless RVV types cannot be,
 * hence this loop; UTF modes are tpl_utf8.h / tpl_utf16.h over the masks below. */
#include <riscv_vector.h>

#include "ops.h"
#include "popcount.h"
#include "utf_masks.h"

/* Wide elements are loaded as bytes: RVV may trap on a misaligned element. */
#define LOAD_U8(bits, p, vl) __riscv_vle8_v_u8m4(p, vl)
#define LOAD_U(bits, p, vl) \
    __riscv_vreinterpret_v_u8m4_u##bits##m4(__riscv_vle8_v_u8m4(p, (vl) * (bits / 8)))
#define EQ_U(bits, m, a, b, vl) __riscv_vmseq_vv_u##bits##m4_b##m(a, b, vl)
#define F(bits, v) __riscv_vreinterpret_v_u##bits##m4_f##bits##m4(v)
#define EQ_F(bits, m, a, b, vl) __riscv_vmfeq_vv_f##bits##m4_b##m(F(bits, a), F(bits, b), vl)

#define RVV_COUNT(name, bits, m, LOAD, EQ)                                              \
    static size_t name(const void *bytes, size_t n) {                                   \
        const uint8_t *p = (const uint8_t *)bytes;                                      \
        size_t count = 0;                                                               \
        for (size_t left = n ? n - 1 : 0, vl; left; left -= vl, p += vl * (bits / 8)) { \
            vl = __riscv_vsetvl_e##bits##m4(left);                                      \
            count += __riscv_vcpop_m_b##m(                                              \
                EQ(bits, m, LOAD(bits, p, vl), LOAD(bits, p + bits / 8, vl), vl), vl);   \
        }                                                                               \
        return count;                                                                   \
    }
RVV_COUNT(rvv_count_u8, 8, 2, LOAD_U8, EQ_U)
RVV_COUNT(rvv_count_u16, 16, 4, LOAD_U, EQ_U)
RVV_COUNT(rvv_count_u32, 32, 8, LOAD_U, EQ_U)
RVV_COUNT(rvv_count_u64, 64, 16, LOAD_U, EQ_U)
RVV_COUNT(rvv_count_f32, 32, 8, LOAD_U, EQ_F)
RVV_COUNT(rvv_count_f64, 64, 16, LOAD_U, EQ_F)

/* A mask's first 64 bits (bit k: element k). V implies VLEN >= 128, so a window fits
 * one LMUL-4 group; bits past vl are tail-agnostic: UTF-16 keeps the low 32. */
#define BITS(b, mask) __riscv_vmv_x_s_u64m1_u64(__riscv_vreinterpret_v_b##b##_u64m1(mask))
#define BYTES(p) __riscv_vle8_v_u8m4(p, 64)
#define EQ8(v, w) BITS(2, __riscv_vmseq_vv_u8m4_b2(v, w, 64))
#define CMP8(op, v, x) BITS(2, __riscv_vms##op##_vx_u8m4_b2(v, x, 64))
#define RANGE8(v, lo, count) CMP8(ltu, __riscv_vsub_vx_u8m4(v, lo, 64), count)

static inline int vec_utf8_masks(const uint8_t *p, struct utf8_masks *m) {
    vuint8m4_t v = BYTES(p), y = BYTES(p + 1);
    m->eq1 = EQ8(v, y);
    if (!CMP8(geu, v, 0x80))
        return 0;
    m->eq2 = EQ8(v, BYTES(p + 2)), m->eq3 = EQ8(v, BYTES(p + 3)), m->eq4 = EQ8(v, BYTES(p + 4));
    m->ascii = CMP8(ltu, v, 0x80), m->cont = RANGE8(v, 0x80, 0x40);
    m->lead2 = RANGE8(v, 0xc2, 30), m->lead3 = RANGE8(v, 0xe0, 16), m->lead4 = RANGE8(v, 0xf0, 5);
    uint64_t upto_9f = CMP8(leu, y, 0x9f), upto_8f = CMP8(leu, y, 0x8f);
    m->bad_second = (CMP8(eq, v, 0xe0) & upto_9f) | (CMP8(eq, v, 0xed) & ~upto_9f) |
                    (CMP8(eq, v, 0xf0) & upto_8f) | (CMP8(eq, v, 0xf4) & ~upto_8f);
    return 1;
}

#define UNITS(p) __riscv_vreinterpret_v_u8m4_u16m4(BYTES(p))
#define EQ16(v, w) (BITS(4, __riscv_vmseq_vv_u16m4_b4(v, w, 32)) & 0xffffffffu)
#define TOP16(v, mask, x) EQ16(__riscv_vand_vx_u16m4(v, mask, 32), __riscv_vmv_v_x_u16m4(x, 32))

static inline int vec_utf16_masks(const uint8_t *p, struct utf16_masks *m) {
    vuint16m4_t v = UNITS(p);
    m->eq1 = EQ16(v, UNITS(p + 2));
    if (!TOP16(v, 0xf800, 0xd800))
        return 0;
    m->eq2 = EQ16(v, UNITS(p + 4));
    m->high = TOP16(v, 0xfc00, 0xd800), m->low = TOP16(v, 0xfc00, 0xdc00);
    return 1;
}

#define VEC_UTF16_BITS 1
#define vec_popcount64 adjeq_popcount64_soft /* CPOP is Zbb, not in rv64gcv */
#include "tpl_utf16.h"
#include "tpl_utf8.h"

ADJEQ_KERNEL_OPS(rvv) = {.count_u8 = rvv_count_u8, .count_u16 = rvv_count_u16,
    .count_u32 = rvv_count_u32, .count_u64 = rvv_count_u64, .count_f32 = rvv_count_f32,
    .count_f64 = rvv_count_f64, .count_utf8 = tpl_count_utf8, .count_utf16 = tpl_count_utf16};
