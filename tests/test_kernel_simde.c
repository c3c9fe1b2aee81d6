/*
 * A kernel's own source built for a host of the other architecture through
 * SIMDe and run through the same differential suite as the library's kernels
 * (CTest kernel.<name>.simde): NEON on x86 hosts, SSE2 and AVX2 on AArch64
 * (the cross build, under QEMU). Proves the algorithm (block stitching,
 * tails, accumulator flushes) everywhere; QEMU and native runs prove the real
 * machine code. Test builds only: tests/simde/ stands in for the ISA headers.
 */
#include "kernels.h"

#if defined(ADJEQ_SIMDE_NEON)
#  include "../kernels/neon.c"
#  define KERNEL_NAME "neon"
#  define KERNEL_COUNT adjeq_count_neon
#elif defined(ADJEQ_SIMDE_SSE2)
#  include "../kernels/sse2.c"
#  define KERNEL_NAME "sse2"
#  define KERNEL_COUNT adjeq_count_sse2
#elif defined(ADJEQ_SIMDE_AVX2)
/* The register pin is an x86 code-generation hint; SIMDe's __m256i is two
 * NEON registers, which no single asm operand holds. */
#  undef ADJEQ_KEEP_IN_REGISTER
#  define ADJEQ_KEEP_IN_REGISTER(v) ((void)0)
#  include "../kernels/avx2.c"
#  define KERNEL_NAME "avx2"
#  define KERNEL_COUNT adjeq_count_avx2
#else
#  error "define ADJEQ_SIMDE_NEON, ADJEQ_SIMDE_SSE2 or ADJEQ_SIMDE_AVX2"
#endif

#include "kernel_runs.h"
#include "kernel_suite.h"

static size_t count_through_simde(const void *data, size_t len) {
    return KERNEL_COUNT((const uint8_t *)data, len);
}

int main(void) {
    int failures = kernel_suite_run(count_through_simde);
    printf("kernel " KERNEL_NAME " (SIMDe): %s (%d failures)\n", failures ? "FAILED" : "ok",
           failures);
    kernel_runs_record(KERNEL_NAME, failures ? "failed" : "passed");
    return failures ? 1 : 0;
}
