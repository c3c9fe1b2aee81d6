/*
 * A kernel's own source built for a host that cannot run it through SIMDe,
 * and run through the whole differential suite (suite.h, every mode): NEON
 * on x86 hosts, SSE2 and AVX2 on AArch64 (the cross build, under QEMU), and
 * the AVX-512 kernels on x86 hosts (SIMDe's AVX-512 emulation; on a host
 * without AVX-512 this is where they run). Proves the algorithm (block
 * stitching, heads, tails, accumulator flushes) everywhere; native and QEMU
 * runs prove the real machine code. Test builds only: tests/simde/ stands in
 * for the ISA headers.
 *
 *   test_kernel_simde [MODE [tuned]]   MODE as in suite.h (default: all);
 *                                      tuned: the one_shuffle_port table
 */
#if defined(ADJEQ_SIMDE_NEON)
#  include "../kernels/neon.c"
#  define KERNEL_NAME "neon"
#  define KERNEL_OPS adjeq_ops_neon
#elif defined(ADJEQ_SIMDE_SSE2)
#  include "../kernels/sse2.c"
#  define KERNEL_NAME "sse2"
#  define KERNEL_OPS adjeq_ops_sse2
#elif defined(ADJEQ_SIMDE_AVX2)
#  include "../kernels/avx2.c"
#  define KERNEL_NAME "avx2"
#  define KERNEL_OPS adjeq_ops_avx2
#elif defined(ADJEQ_SIMDE_AVX512BW)
#  include "../kernels/avx512bw.c"
#  define KERNEL_NAME "avx512bw"
#  define KERNEL_OPS adjeq_ops_avx512bw
#elif defined(ADJEQ_SIMDE_AVX512VBMI)
#  include "../kernels/avx512vbmi.c"
#  define KERNEL_NAME "avx512vbmi"
#  define KERNEL_OPS adjeq_ops_avx512vbmi
#else
#  error "define ADJEQ_SIMDE_<KERNEL>"
#endif

#include "kernel_runs.h"
#include "suite.h"

int main(int argc, char **argv) {
    const char *mode = argc > 1 ? argv[1] : "all";
    /* "tuned": the kernel's one_shuffle_port table instead of its default. */
    const struct adjeq_kernel_ops *ops = &KERNEL_OPS;
    if (argc > 2 && strcmp(argv[2], "tuned") == 0) {
        if (!KERNEL_OPS.one_shuffle_port) {
            fprintf(stderr, "kernel " KERNEL_NAME " has no tuned table\n");
            return 2;
        }
        ops = KERNEL_OPS.one_shuffle_port;
    }
    int failures = suite_run(ops, mode);
    if (failures < 0) {
        fprintf(stderr, "unknown mode %s\n", mode);
        return 2;
    }
    printf("kernel " KERNEL_NAME " (SIMDe), %s: %s (%d failures)\n", mode,
           failures ? "FAILED" : "ok", failures);
    if (ops == &KERNEL_OPS && (strcmp(mode, "all") == 0 || strcmp(mode, "bytes") == 0))
        kernel_runs_record(KERNEL_NAME, failures ? "failed" : "passed");
    return failures ? 1 : 0;
}
