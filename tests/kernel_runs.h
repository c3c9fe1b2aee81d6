/*
 * Evidence for the kernel-coverage gate (scripts/kernel_coverage.py): each
 * kernel-suite run leaves one file in $ADJEQ_TEST_RUNS_DIR saying which kernel
 * ran where ($ADJEQ_TEST_WHERE: "native", "simde", "qemu-x86_64 -cpu Haswell",
 * ...) and how it ended. One file per run rather than one shared log, so
 * tests running in parallel never interleave writes.
 */
#ifndef ADJEQ_KERNEL_RUNS_H
#define ADJEQ_KERNEL_RUNS_H

#include <stdio.h>
#include <stdlib.h>

static inline void kernel_runs_record(const char *kernel, const char *outcome) {
    const char *dir = getenv("ADJEQ_TEST_RUNS_DIR");
    const char *where = getenv("ADJEQ_TEST_WHERE");
    if (!dir || !*dir)
        return;
    if (!where || !*where)
        where = "native";
    char path[1024];
    int n = snprintf(path, sizeof path, "%s/%s@", dir, kernel);
    for (const char *c = where; *c && n > 0 && (size_t)n + 1 < sizeof path; c++)
        path[n++] = (char)((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
                                   (*c >= '0' && *c <= '9') || *c == '-' || *c == '.'
                               ? *c
                               : '_');
    path[n > 0 ? n : 0] = '\0';
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "kernel_runs: cannot write %s\n", path);
        return;
    }
    fprintf(f, "%s\t%s\t%s\n", kernel, where, outcome);
    fclose(f);
}

#endif
