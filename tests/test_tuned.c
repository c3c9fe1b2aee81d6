/*
 * A kernel's tuned table (adjeq_kernel_ops.one_shuffle_port) and its default
 * table, both through the whole differential suite (suite.h). Dispatch runs
 * only one of them on a given CPU (the tuned one on Intel's AVX-512 cores),
 * so the other would otherwise never run on this host:
 *   test_tuned KERNEL_NAME
 * Exit 77 (skipped) when the kernel has no tuned table or this CPU cannot
 * run it. White-box: the tables come from the library's objects.
 */
#include "adjeq.h"
#include "adjeq_build_kernels.h"
#include "suite.h"

#define DECLARE_OPS(ID, name) extern const struct adjeq_kernel_ops adjeq_ops_##name;
ADJEQ_BUILD_KERNELS(DECLARE_OPS)
#undef DECLARE_OPS

static const struct {
    const char *name;
    const struct adjeq_kernel_ops *ops;
} tables[] = {
#define ENTRY(ID, name) {#name, &adjeq_ops_##name},
    ADJEQ_BUILD_KERNELS(ENTRY)
#undef ENTRY
};

int main(int argc, char **argv) {
    enum adjeq_kernel kernel;
    if (argc != 2 || adjeq_kernel_from_name(argv[1], &kernel) != 0) {
        fprintf(stderr, "usage: %s KERNEL_NAME\n", argv[0]);
        return 2;
    }
    const struct adjeq_kernel_ops *ops = NULL;
    for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++)
        if (strcmp(tables[t].name, argv[1]) == 0)
            ops = tables[t].ops;
    if (!ops || !ops->one_shuffle_port) {
        printf("kernel %s: no tuned table, skipped\n", argv[1]);
        return TEST_SKIPPED;
    }
    if (!adjeq_kernel_supported(kernel)) {
        printf("kernel %s: not supported on this CPU/OS, skipped\n", argv[1]);
        return TEST_SKIPPED;
    }
    int failures = suite_run(ops, "all");
    printf("kernel %s, default table: %s\n", argv[1], failures ? "FAILED" : "ok");
    int tuned = suite_run(ops->one_shuffle_port, "all") - failures;
    printf("kernel %s, one_shuffle_port table: %s\n", argv[1], tuned ? "FAILED" : "ok");
    return test_failures ? 1 : 0;
}
