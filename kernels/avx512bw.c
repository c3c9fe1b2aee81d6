/* AVX-512BW kernel: for CPUs without VBMI (Skylake-X, Cascade Lake). Its
 * dispatch condition includes POPCNT. */
#include <immintrin.h>

/* vpalignr works within 128-bit lanes, so first bring each lane's successor
 * lane (and next's lane 0 for the top one) into place with valignd. */
static inline __m512i shift_in_next(__m512i cur, __m512i next) {
    __m512i successor_lanes = _mm512_alignr_epi32(next, cur, 4);
    return _mm512_alignr_epi8(successor_lanes, cur, 1);
}

#include "avx512.h"

ADJEQ_KERNEL_OPS(avx512bw) = ADJEQ_AVX512_OPS;
