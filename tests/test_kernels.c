/*
 * Differential suite for one library kernel (named on the command line)
 * against a naive reference and the article's own function. Exit 77 (skipped)
 * if the kernel is compiled in but this CPU cannot run it.
 */
#include "adjeq.h"
#include "kernel_runs.h"
#include "kernel_suite.h"

static enum adjeq_kernel kernel;

static size_t count_with_kernel(const void *data, size_t len) {
    return adjeq_count_with(kernel, data, len);
}

int main(int argc, char **argv) {
    if (argc != 2 || adjeq_kernel_from_name(argv[1], &kernel) != 0) {
        fprintf(stderr, "usage: %s KERNEL_NAME\n", argv[0]);
        return 2;
    }
    if (!adjeq_kernel_supported(kernel)) {
        printf("kernel %s: not supported on this CPU/OS, skipped\n", argv[1]);
        kernel_runs_record(argv[1], "skipped");
        return TEST_SKIPPED;
    }
    int failures = kernel_suite_run(count_with_kernel);
    printf("kernel %s: %s (%d failures)\n", argv[1], failures ? "FAILED" : "ok", failures);
    kernel_runs_record(argv[1], failures ? "failed" : "passed");
    return failures ? 1 : 0;
}
