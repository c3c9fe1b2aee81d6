/*
 * SVE kernel (AArch64 Scalable Vector Extension): vector-length agnostic, so
 * one binary uses 128-bit vectors on Neoverse V2, 256-bit on Neoverse V1 and
 * 512-bit on A64FX. Pair i compares data[i] with data[i + 1] from two loads;
 * the last partial vector is one predicated (WHILELT) step, so there is no
 * scalar tail and predicated-off lanes read nothing (SVE loads do not access
 * memory, or fault, for inactive elements).
 */
#include "kernels.h"

#include <arm_sve.h>

/*
 * One loop for every element width. Pair i compares element i with element
 * i + 1 of the active lanes of pg; CNTP counts a predicate's set lanes
 * straight into a scalar, so there is no lane accumulator to overflow. Two
 * independent counters keep two vectors in flight per iteration, and at most
 * two predicated steps finish the last 0 .. 2 * lanes - 1 pairs. The
 * counters are 64-bit on every target, so counts above 2^32 are exact.
 */
#define ADJEQ_SVE_COUNT(name, T, bits, lane_count)                            \
    size_t name(const T *data, size_t n) {                                    \
        if (n < 2)                                                            \
            return 0;                                                         \
        const uint64_t pairs = n - 1, lanes = lane_count();                   \
        const svbool_t all = svptrue_b##bits();                               \
        uint64_t count0 = 0, count1 = 0, i = 0;                               \
        for (; pairs - i >= 2 * lanes; i += 2 * lanes) {                      \
            count0 += svcntp_b##bits(                                         \
                all, svcmpeq_u##bits(all, svld1_u##bits(all, data + i),      \
                                     svld1_u##bits(all, data + i + 1)));      \
            count1 += svcntp_b##bits(                                         \
                all, svcmpeq_u##bits(all, svld1_u##bits(all, data + i + lanes), \
                                     svld1_u##bits(all, data + i + lanes + 1))); \
        }                                                                     \
        for (svbool_t pg = svwhilelt_b##bits##_u64(i, pairs);                 \
             svptest_any(all, pg);                                            \
             i += lanes, pg = svwhilelt_b##bits##_u64(i, pairs))              \
            count0 += svcntp_b##bits(                                         \
                pg, svcmpeq_u##bits(pg, svld1_u##bits(pg, data + i),          \
                                    svld1_u##bits(pg, data + i + 1)));        \
        return (size_t)(count0 + count1);                                     \
    }

ADJEQ_SVE_COUNT(adjeq_count_sve, uint8_t, 8, svcntb)
ADJEQ_SVE_COUNT(adjeq_count_u16_sve, uint16_t, 16, svcnth)
ADJEQ_SVE_COUNT(adjeq_count_u32_sve, uint32_t, 32, svcntw)

/* UTF-8 is judged from 64-bit lane masks (kernels/utf8_body.h), and SVE has
 * no cheap predicate-to-register move to build them; every SVE CPU has
 * NEON, whose mask builder serves instead. */
size_t adjeq_count_utf8_sve(const uint8_t *s, size_t len) {
#if defined(ADJEQ_HAVE_NEON)
    return adjeq_count_utf8_neon(s, len);
#else
    return adjeq_count_utf8_scalar(s, len);
#endif
}

/* UTF-16 likewise from NEON's masks. */
size_t adjeq_count_utf16_sve(const uint16_t *s, size_t n) {
#if defined(ADJEQ_HAVE_NEON)
    return adjeq_count_utf16_neon(s, n);
#else
    return adjeq_count_utf16_scalar(s, n);
#endif
}

const struct adjeq_kernel_ops adjeq_ops_sve = {
    .count_u8 = adjeq_count_sve,
    .count_u16 = adjeq_count_u16_sve,
    .count_u32 = adjeq_count_u32_sve,
    .count_utf8 = adjeq_count_utf8_sve,
    .count_utf16 = adjeq_count_utf16_sve,
};
