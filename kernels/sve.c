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

/* Equal pairs in data[i .. i + lanes) against data[i + 1 ...], for the active
 * lanes of pg. CNTP counts a predicate's set lanes straight into a scalar, so
 * there is no lane accumulator to overflow. */
static inline uint64_t count_pairs(svbool_t pg, const uint8_t *at) {
    svuint8_t cur = svld1_u8(pg, at);
    svuint8_t next = svld1_u8(pg, at + 1);
    return svcntp_b8(pg, svcmpeq_u8(pg, cur, next));
}

size_t adjeq_count_sve(const uint8_t *data, size_t len) {
    if (len < 2)
        return 0;
    const uint64_t pairs = len - 1;
    const uint64_t lanes = svcntb();
    const svbool_t all = svptrue_b8();
    uint64_t count0 = 0, count1 = 0, i = 0;
    /* Two independent counters keep two vectors in flight per iteration. */
    for (; pairs - i >= 2 * lanes; i += 2 * lanes) {
        count0 += count_pairs(all, data + i);
        count1 += count_pairs(all, data + i + lanes);
    }
    /* At most two predicated steps finish the last 0 .. 2 * lanes - 1 pairs. */
    for (svbool_t pg = svwhilelt_b8_u64(i, pairs); svptest_any(all, pg);
         i += lanes, pg = svwhilelt_b8_u64(i, pairs))
        count0 += count_pairs(pg, data + i);
    return (size_t)(count0 + count1);
}

const struct adjeq_kernel_ops adjeq_ops_sve = {.count_u8 = adjeq_count_sve};
