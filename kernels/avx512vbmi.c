/* AVX-512 VBMI kernel: one two-source byte permute builds the shifted block. */
/* Its dispatch condition includes POPCNT. */
#define ADJEQ_KERNEL_CHECKS_POPCNT 1
#include "kernels.h"

#include <immintrin.h>

static __m512i shift_in_next(__m512i cur, __m512i next) {
    /* Index 64 + k selects byte k of next (bit 6 picks the second source). */
    const __m512i one_ahead = _mm512_set_epi8(
        64, 63, 62, 61, 60, 59, 58, 57, 56, 55, 54, 53, 52, 51, 50, 49, 48, 47,
        46, 45, 44, 43, 42, 41, 40, 39, 38, 37, 36, 35, 34, 33, 32, 31, 30, 29,
        28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17, 16, 15, 14, 13, 12, 11,
        10, 9, 8, 7, 6, 5, 4, 3, 2, 1);
    return _mm512_permutex2var_epi8(cur, one_ahead, next);
}

#include "avx512_body.h"

size_t adjeq_count_avx512vbmi(const uint8_t *data, size_t len) {
    return avx512_count(data, len);
}

size_t adjeq_count_u16_avx512vbmi(const uint16_t *data, size_t n) {
    return avx512_count_wide((const uint8_t *)data, n, 2);
}

size_t adjeq_count_u32_avx512vbmi(const uint32_t *data, size_t n) {
    return avx512_count_wide((const uint8_t *)data, n, 4);
}

size_t adjeq_count_utf8_avx512vbmi(const uint8_t *s, size_t len) {
    return utf8_count(s, len);
}

size_t adjeq_count_utf16_avx512vbmi(const uint16_t *s, size_t n) {
    return utf16_count(s, n);
}

const struct adjeq_kernel_ops adjeq_ops_avx512vbmi = {
    .count_u8 = adjeq_count_avx512vbmi,
    .count_u16 = adjeq_count_u16_avx512vbmi,
    .count_u32 = adjeq_count_u32_avx512vbmi,
    .count_utf8 = adjeq_count_utf8_avx512vbmi,
    .count_utf16 = adjeq_count_utf16_avx512vbmi,
};
