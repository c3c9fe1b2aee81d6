/*
 * The modes (16-/32-bit units, UTF-8, UTF-16) of a kernel's own source built for a
 * host of the other architecture through SIMDe, run through test_modes.c's
 * differential suite (CTest mode.<name>.simde); see test_kernel_simde.c.
 */
#include "kernels.h"

#if defined(ADJEQ_SIMDE_NEON)
#  include "../kernels/neon.c"
#  define KERNEL_NAME "neon"
#  define KERNEL_MODE(mode) adjeq_count_##mode##_neon
#elif defined(ADJEQ_SIMDE_SSE2)
#  include "../kernels/sse2.c"
#  define KERNEL_NAME "sse2"
#  define KERNEL_MODE(mode) adjeq_count_##mode##_sse2
#elif defined(ADJEQ_SIMDE_AVX2)
/* As in test_kernel_simde.c: no single asm operand holds SIMDe's __m256i. */
#  undef ADJEQ_KEEP_IN_REGISTER
#  define ADJEQ_KEEP_IN_REGISTER(v) ((void)0)
#  include "../kernels/avx2.c"
#  define KERNEL_NAME "avx2"
#  define KERNEL_MODE(mode) adjeq_count_##mode##_avx2
#else
#  error "define ADJEQ_SIMDE_NEON, ADJEQ_SIMDE_SSE2 or ADJEQ_SIMDE_AVX2"
#endif

#define TEST_MODES_NO_MAIN
#include "test_modes.c"

int main(void) {
    count_u16 = KERNEL_MODE(u16);
    count_u32 = KERNEL_MODE(u32);
    count_utf8 = KERNEL_MODE(utf8);
    count_utf16 = KERNEL_MODE(utf16);
    test_wide(2);
    test_wide(4);
    test_utf8();
    test_utf16();
    printf("modes of kernel " KERNEL_NAME " (SIMDe): %s (%d failures)\n",
           test_failures ? "FAILED" : "ok", test_failures);
    return test_failures ? 1 : 0;
}
