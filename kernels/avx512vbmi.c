/* AVX-512 VBMI kernel: one two-source byte permute (vpermt2b) builds the
 * shifted block. Its dispatch condition includes POPCNT. */
#include <immintrin.h>

static inline __m512i shift_in_next(__m512i cur, __m512i next) {
    /* Index 64 + k selects byte k of next (bit 6 picks the second source). */
    const __m512i one_ahead = _mm512_set_epi8(
        64, 63, 62, 61, 60, 59, 58, 57, 56, 55, 54, 53, 52, 51, 50, 49, 48, 47,
        46, 45, 44, 43, 42, 41, 40, 39, 38, 37, 36, 35, 34, 33, 32, 31, 30, 29,
        28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17, 16, 15, 14, 13, 12, 11,
        10, 9, 8, 7, 6, 5, 4, 3, 2, 1);
    return _mm512_permutex2var_epi8(cur, one_ahead, next);
}

/* VBMI's one-source byte permute: the UTF-8 window's table lookups without
 * nibble masks (avx512.h). */
#define AVX512_PERMB_LOOKUP
#include "avx512.h"

ADJEQ_KERNEL_OPS(avx512vbmi) = ADJEQ_AVX512_OPS;
