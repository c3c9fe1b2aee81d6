/* Test builds only: <emmintrin.h> through SIMDe (see ../neon/arm_neon.h). */
#ifndef ADJEQ_TEST_SIMDE_EMMINTRIN_H
#define ADJEQ_TEST_SIMDE_EMMINTRIN_H
#define SIMDE_ENABLE_NATIVE_ALIASES
#include <simde/x86/sse2.h>
#endif
