/* AVX-512BW kernel: for CPUs without VBMI (Skylake-X, Cascade Lake). */
/* Its dispatch condition includes POPCNT. */
#define ADJEQ_KERNEL_CHECKS_POPCNT 1
#include "kernels.h"

#include <immintrin.h>

/* vpalignr works within 128-bit lanes, so first bring each lane's successor
 * lane (and next's lane 0 for the top one) into place with valignd. */
static __m512i shift_in_next(__m512i cur, __m512i next) {
    __m512i successor_lanes = _mm512_alignr_epi32(next, cur, 4);
    return _mm512_alignr_epi8(successor_lanes, cur, 1);
}

#include "avx512_body.h"

size_t adjeq_count_avx512bw(const uint8_t *data, size_t len) {
    return avx512_count(data, len);
}

size_t adjeq_count_u16_avx512bw(const uint16_t *data, size_t n) {
    return avx512_count_wide((const uint8_t *)data, n, 2);
}

size_t adjeq_count_u32_avx512bw(const uint32_t *data, size_t n) {
    return avx512_count_wide((const uint8_t *)data, n, 4);
}

size_t adjeq_count_utf8_avx512bw(const uint8_t *s, size_t len) {
    return utf8_count(s, len);
}

size_t adjeq_count_utf16_avx512bw(const uint16_t *s, size_t n) {
    return utf16_count(s, n);
}

const struct adjeq_kernel_ops adjeq_ops_avx512bw = {
    .count_u8 = adjeq_count_avx512bw,
    .count_u16 = adjeq_count_u16_avx512bw,
    .count_u32 = adjeq_count_u32_avx512bw,
    .count_utf8 = adjeq_count_utf8_avx512bw,
    .count_utf16 = adjeq_count_utf16_avx512bw,
};
