/*
 * The NEON kernel's own source, built for this (x86) host through SIMDe and
 * run through the same differential suite as the library's kernels
 * (CTest kernel.neon.simde). Proves the algorithm (block stitching, tails,
 * accumulator flushes) everywhere; QEMU proves it on real AArch64 code.
 */
#include "../kernels/neon.c"

#include "kernel_runs.h"
#include "kernel_suite.h"

static size_t count_neon_simde(const void *data, size_t len) {
    return adjeq_count_neon((const uint8_t *)data, len);
}

int main(void) {
    int failures = kernel_suite_run(count_neon_simde);
    printf("kernel neon (SIMDe): %s (%d failures)\n", failures ? "FAILED" : "ok", failures);
    kernel_runs_record("neon", failures ? "failed" : "passed");
    return failures ? 1 : 0;
}
