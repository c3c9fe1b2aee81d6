/* AVX-512BW kernel: for CPUs without VBMI (Skylake-X, Cascade Lake). Its
 * dispatch condition includes POPCNT. */
#include <immintrin.h>

/* Its shift is avx512.h's valignd + vpalignr. */
#define shift_in_next shift_in_next_lanes

#include "avx512.h"

ADJEQ_KERNEL_OPS(avx512bw) = ADJEQ_AVX512_OPS;
