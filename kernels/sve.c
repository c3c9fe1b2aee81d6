/*
 * SVE kernel (AArch64 Scalable Vector Extension): vector-length agnostic, so
 * one binary uses 128-bit vectors on Neoverse V2, 256-bit on Neoverse V1 and
 * 512-bit on A64FX. Pair i compares data[i] with data[i + 1] from two loads;
 * the last partial vector is one predicated (WHILELT) step, so there is no
 * scalar tail and predicated-off lanes read nothing (SVE loads do not access
 * memory, or fault, for inactive elements).
 */
#include <arm_sve.h>

#include "ops.h"

/*
 * One loop for every element width. Pair i compares element i with element
 * i + 1 of the active lanes of pg; CNTP counts a predicate's set lanes
 * straight into a scalar, so there is no lane accumulator to overflow. Two
 * independent counters keep two vectors in flight per iteration, and at most
 * two predicated steps finish the last 0 .. 2 * lanes - 1 pairs. The
 * counters are 64-bit on every target, so counts above 2^32 are exact.
 *
 * Elements are loaded as bytes (LD1B) and reinterpreted, so data need not
 * be aligned for its element type; the byte predicate of a partial step
 * covers exactly the bytes of its active elements.
 */
/* Equality of two vectors of `bits`-bit elements under pg: integers, or
 * IEEE floats (FCMEQ: NaN equals nothing, -0.0 equals 0.0). */
#define SVE_EQ_U(bits, pg, a, b) svcmpeq_u##bits(pg, a, b)
#define SVE_EQ_F(bits, pg, a, b)                                              \
    svcmpeq_f##bits(pg, svreinterpret_f##bits##_u##bits(a), svreinterpret_f##bits##_u##bits(b))

#define ADJEQ_SVE_COUNT(name, bits, lane_count, EQ)                           \
    static size_t name(const void *bytes, size_t n) {                         \
        const uint8_t *data = (const uint8_t *)bytes;                         \
        if (n < 2)                                                            \
            return 0;                                                         \
        const uint64_t size = bits / 8, pairs = n - 1, lanes = lane_count();  \
        const svbool_t all = svptrue_b##bits(), all_bytes = svptrue_b8();     \
        uint64_t count0 = 0, count1 = 0, i = 0;                               \
        for (; pairs - i >= 2 * lanes; i += 2 * lanes) {                      \
            const uint8_t *p = data + i * size;                               \
            svuint##bits##_t a0 = svreinterpret_u##bits##_u8(svld1_u8(all_bytes, p)); \
            svuint##bits##_t b0 = svreinterpret_u##bits##_u8(svld1_u8(all_bytes, p + size)); \
            svuint##bits##_t a1 = svreinterpret_u##bits##_u8(                 \
                svld1_u8(all_bytes, p + lanes * size));                       \
            svuint##bits##_t b1 = svreinterpret_u##bits##_u8(                 \
                svld1_u8(all_bytes, p + (lanes + 1) * size));                 \
            count0 += svcntp_b##bits(all, EQ(bits, all, a0, b0));             \
            count1 += svcntp_b##bits(all, EQ(bits, all, a1, b1));             \
        }                                                                     \
        for (svbool_t pg = svwhilelt_b##bits##_u64(i, pairs);                 \
             svptest_any(all, pg);                                            \
             i += lanes, pg = svwhilelt_b##bits##_u64(i, pairs)) {            \
            svbool_t pg_bytes = svwhilelt_b8_u64(i * size, pairs * size);     \
            const uint8_t *p = data + i * size;                               \
            svuint##bits##_t a = svreinterpret_u##bits##_u8(svld1_u8(pg_bytes, p)); \
            svuint##bits##_t b = svreinterpret_u##bits##_u8(svld1_u8(pg_bytes, p + size)); \
            count0 += svcntp_b##bits(pg, EQ(bits, pg, a, b));                 \
        }                                                                     \
        return (size_t)(count0 + count1);                                     \
    }

ADJEQ_SVE_COUNT(sve_count_u8, 8, svcntb, SVE_EQ_U)
ADJEQ_SVE_COUNT(sve_count_u16, 16, svcnth, SVE_EQ_U)
ADJEQ_SVE_COUNT(sve_count_u32, 32, svcntw, SVE_EQ_U)
ADJEQ_SVE_COUNT(sve_count_u64, 64, svcntd, SVE_EQ_U)
ADJEQ_SVE_COUNT(sve_count_f32, 32, svcntw, SVE_EQ_F)
ADJEQ_SVE_COUNT(sve_count_f64, 64, svcntd, SVE_EQ_F)

/* UTF-8 and UTF-16 are judged from 64-bit lane masks (tpl_utf8.h,
 * tpl_utf16.h), and SVE has no cheap predicate-to-register move to build
 * them; every SVE CPU has NEON, whose mask builders serve instead. */
#if defined(ADJEQ_HAVE_NEON)
extern const struct adjeq_kernel_ops adjeq_ops_neon;
#  define SVE_UTF_OPS adjeq_ops_neon
#else
extern const struct adjeq_kernel_ops adjeq_ops_scalar;
#  define SVE_UTF_OPS adjeq_ops_scalar
#endif

static size_t sve_count_utf8(const void *s, size_t len) {
    return SVE_UTF_OPS.count_utf8(s, len);
}

static size_t sve_count_utf16(const void *s, size_t n) {
    return SVE_UTF_OPS.count_utf16(s, n);
}

ADJEQ_KERNEL_OPS(sve) = {
    .count_u8 = sve_count_u8,
    .count_u16 = sve_count_u16,
    .count_u32 = sve_count_u32,
    .count_u64 = sve_count_u64,
    .count_f32 = sve_count_f32,
    .count_f64 = sve_count_f64,
    .count_utf8 = sve_count_utf8,
    .count_utf16 = sve_count_utf16,
};
