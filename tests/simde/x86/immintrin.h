/* Test builds only: <immintrin.h> (AVX2 subset) through SIMDe. */
#ifndef ADJEQ_TEST_SIMDE_IMMINTRIN_H
#define ADJEQ_TEST_SIMDE_IMMINTRIN_H
#define SIMDE_ENABLE_NATIVE_ALIASES
#include <simde/x86/avx2.h>
#endif
