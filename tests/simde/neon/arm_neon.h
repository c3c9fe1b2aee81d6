/* Test builds only: stands in for <arm_neon.h> so kernels/neon.c compiles on
 * x86 through SIMDe, whose native aliases keep the ACLE names. The shipped
 * library never includes this. */
#ifndef ADJEQ_TEST_SIMDE_ARM_NEON_H
#define ADJEQ_TEST_SIMDE_ARM_NEON_H
#define SIMDE_ENABLE_NATIVE_ALIASES
#include <simde/arm/neon.h>
#endif
