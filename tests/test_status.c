/*
 * The kernel status and CPU report API on this machine, through the public
 * header: every field agrees with the dispatch queries.
 */
#include <stddef.h>

#include "adjeq.h"
#include "test_util.h"

static void test_kernel_status(void) {
    unsigned n = adjeq_kernel_count();
    int chosen = 0;
    for (unsigned k = 0; k < n; k++) {
        enum adjeq_kernel kernel = (enum adjeq_kernel)k;
        struct adjeq_kernel_status st;
        const char *name = adjeq_kernel_name(kernel);
        if (!name) { /* a value this build does not assign */
            CHECK(adjeq_get_kernel_status(kernel, &st, sizeof st) == ADJEQ_ERR_INVALID_KERNEL,
                  "unassigned value %u has no status", k);
            continue;
        }
        CHECK(adjeq_get_kernel_status(kernel, &st, sizeof st) == 0, "status %u", k);
        CHECK(st.kernel == kernel && strcmp(st.name, name) == 0, "%s: identity", name);
        CHECK(st.supported == adjeq_kernel_supported(kernel), "%s: supported", name);
        CHECK(st.best == (adjeq_best_kernel() == kernel), "%s: best", name);
        CHECK(st.active == (adjeq_active_kernel() == kernel), "%s: active", name);
        CHECK(adjeq_kernel_reason_name(st.reason) != NULL, "%s: reason has a name", name);
        CHECK(st.detail[0] != '\0', "%s: detail", name);
        CHECK((st.reason == ADJEQ_REASON_CHOSEN) == st.best, "%s: CHOSEN iff best", name);
        chosen += st.reason == ADJEQ_REASON_CHOSEN;
        switch (st.reason) {
        case ADJEQ_REASON_CHOSEN:
        case ADJEQ_REASON_POLICY_512BIT_DOWNCLOCK:
        case ADJEQ_REASON_POLICY_FASTER_KERNEL:
            CHECK(st.supported && st.compiled, "%s: %s means usable", name,
                  adjeq_kernel_reason_name(st.reason));
            CHECK(st.missing[0] == '\0', "%s: nothing missing", name);
            break;
        case ADJEQ_REASON_NOT_COMPILED:
            CHECK(!st.compiled && !st.supported, "%s: not compiled", name);
            CHECK(adjeq_count_with(kernel, "aa", 2) == ADJEQ_COUNT_ERROR,
                  "%s: not compiled cannot run", name);
            break;
        case ADJEQ_REASON_CPU_LACKS_FEATURE:
        case ADJEQ_REASON_OS_LACKS_STATE:
            CHECK(st.compiled && !st.supported, "%s: compiled, unsupported", name);
            CHECK(st.missing[0] != '\0', "%s: names what is missing", name);
            CHECK(strstr(st.detail, st.missing) != NULL, "%s: detail '%s' names '%s'", name,
                  st.detail, st.missing);
            break;
        }
        printf("%-11s %-24s %s\n", name, adjeq_kernel_reason_name(st.reason), st.detail);
    }
    CHECK(chosen == 1, "%d kernels CHOSEN", chosen);

    /* Forcing a kernel changes `active`, never the reasons. */
    struct adjeq_kernel_status st;
    CHECK(adjeq_set_kernel(ADJEQ_KERNEL_SCALAR) == 0, "force scalar");
    adjeq_get_kernel_status(ADJEQ_KERNEL_SCALAR, &st, sizeof st);
    CHECK(st.active, "scalar active after forcing");
    CHECK(st.reason == (adjeq_best_kernel() == ADJEQ_KERNEL_SCALAR
                            ? ADJEQ_REASON_CHOSEN
                            : ADJEQ_REASON_POLICY_FASTER_KERNEL),
          "forced scalar keeps its reason");
    adjeq_reset_kernel();

    CHECK(adjeq_get_kernel_status((enum adjeq_kernel)n, &st, sizeof st) ==
              ADJEQ_ERR_INVALID_KERNEL, "out of range");
    CHECK(adjeq_kernel_reason_name((enum adjeq_kernel_reason)99) == NULL, "reason 99");

    /* A caller built against an older, smaller struct: nothing past it is
     * written. */
    unsigned char buf[sizeof st + 16];
    size_t old_size = offsetof(struct adjeq_kernel_status, reason);
    memset(buf, 0xa5, sizeof buf);
    adjeq_get_kernel_status(ADJEQ_KERNEL_SCALAR, (struct adjeq_kernel_status *)(void *)buf,
                        old_size);
    int untouched = 1;
    for (size_t i = old_size; i < sizeof buf; i++)
        untouched &= buf[i] == 0xa5;
    CHECK(untouched, "smaller struct: nothing written past its size");
}

static int has_word(const char *list, const char *word) {
    size_t n = strlen(word);
    for (const char *p = list; (p = strstr(p, word)) != NULL; p += n)
        if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
            return 1;
    return 0;
}

static void test_cpu_report(void) {
    struct adjeq_cpu_report r;
    /* A NULL destination of size 0 copies nothing (memcpy(NULL, src, 0) is
     * undefined behaviour: UBSan in the sanitize stage reports it). */
    CHECK(adjeq_get_cpu_report(NULL, 0) == 0, "report into NULL, 0");
    CHECK(adjeq_get_kernel_status(ADJEQ_KERNEL_SCALAR, NULL, 0) == 0, "status into NULL, 0");
    CHECK(adjeq_get_cpu_report(&r, sizeof r) == 0, "report");
    CHECK(r.best == adjeq_best_kernel(), "report best");
    CHECK(r.active == adjeq_active_kernel(), "report active");
    /* Usable features are a subset of what the CPU reports. */
    char usable[sizeof r.usable_features];
    strcpy(usable, r.usable_features);
    for (char *w = strtok(usable, " "); w; w = strtok(NULL, " "))
        CHECK(has_word(r.features, w), "usable %s is reported", w);
#if defined(__x86_64__)
    CHECK(strcmp(r.arch, "x86_64") == 0, "arch %s", r.arch);
    CHECK(strlen(r.vendor) == 12, "vendor '%s'", r.vendor);
    CHECK(has_word(r.usable_features, "sse2"), "x86-64 has sse2: '%s'", r.usable_features);
    CHECK(r.family >= 6, "family %u", r.family);
    CHECK(r.osxsave ? (r.xcr0 & 3) == 3 : r.xcr0 == 0, "xcr0 0x%llx",
          (unsigned long long)r.xcr0);
    CHECK(r.hwcap == 0 && r.sve_vector_bits == 0, "no ARM fields on x86");
#elif defined(__i386__)
    /* 32-bit x86: CPUID is read as on x86-64, but SSE2 is not baseline. */
    CHECK(strcmp(r.arch, "x86") == 0, "arch %s", r.arch);
    CHECK(strlen(r.vendor) == 12, "vendor '%s'", r.vendor);
    CHECK(r.cpuid_max_leaf >= 1 && r.family >= 6, "max leaf %u family %u",
          (unsigned)r.cpuid_max_leaf, r.family);
    CHECK(r.osxsave ? (r.xcr0 & 3) == 3 : r.xcr0 == 0, "xcr0 0x%llx",
          (unsigned long long)r.xcr0);
    CHECK(r.hwcap == 0 && r.sve_vector_bits == 0, "no ARM fields on x86");
#elif defined(__aarch64__)
    CHECK(strcmp(r.arch, "aarch64") == 0, "arch %s", r.arch);
    CHECK(has_word(r.usable_features, "neon"), "aarch64 has neon");
    CHECK(r.vendor[0] == '\0' && r.xcr0 == 0, "no x86 fields on ARM");
    CHECK(has_word(r.features, "sve") ? r.sve_vector_bits >= 128 && r.sve_vector_bits % 128 == 0
                                      : r.sve_vector_bits == 0,
          "SVE vector length %u", r.sve_vector_bits);
#endif
    printf("cpu: %s %s family 0x%x model 0x%x; features: %s; usable: %s; best %s\n", r.arch,
           r.vendor, r.family, r.model, r.features, r.usable_features,
           adjeq_kernel_name(r.best));
}

int main(void) {
    test_kernel_status();
    test_cpu_report();
    printf("status: %s (%d failures)\n", test_failures ? "FAILED" : "ok", test_failures);
    return test_failures ? 1 : 0;
}
