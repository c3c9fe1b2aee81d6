/*
 * Dispatch through the public API only:
 *   test_dispatch api            API contract on this machine
 *   test_dispatch env NAME       ADJEQ_KERNEL=NAME (set by CTest) is honoured
 *   test_dispatch env-bad        ADJEQ_KERNEL set to something unusable
 *   test_dispatch env-empty      ADJEQ_KERNEL set but empty: ignored, silently
 *   test_dispatch expect NAME    the automatic choice is NAME (emulated CPUs)
 *   test_dispatch supported NAME...  exactly these kernels are supported
 *   test_dispatch sve-length BYTES   the process runs at this SVE vector length
 *   test_dispatch report         prints "chosen=K supported=K1,K2,..." (no checks)
 */
#include "adjeq.h"
#include "test_util.h"

#if defined(__linux__) && defined(__aarch64__)
#  include <sys/prctl.h>
#endif

static const char sample[] = "aabbccddeeffgghhiijjkkllmmnnooppqqrrssttuuvvwwxxyyzz";

/* A usable ADJEQ_KERNEL around the whole run (scripts/valgrind.sh forces
 * each kernel in turn) replaces the automatic choice. */
static int forced_by_environment(enum adjeq_kernel *kernel) {
    const char *name = getenv("ADJEQ_KERNEL");
    enum adjeq_kernel k;
    if (!name || adjeq_kernel_from_name(name, &k) != 0 || !adjeq_kernel_supported(k))
        return 0;
    *kernel = k;
    return 1;
}

static void test_api(void) {
    unsigned n = adjeq_kernel_count();
    CHECK(n >= 6, "kernel count %u", n);
    CHECK(adjeq_kernel_supported(ADJEQ_KERNEL_SCALAR), "scalar always supported");

    /* Names round-trip; out-of-range and unassigned values are harmless. */
    unsigned named = 0;
    for (unsigned k = 0; k < n; k++) {
        const char *name = adjeq_kernel_name((enum adjeq_kernel)k);
        enum adjeq_kernel back;
        if (!name) {
            CHECK(!adjeq_kernel_supported((enum adjeq_kernel)k) &&
                      adjeq_set_kernel((enum adjeq_kernel)k) == ADJEQ_ERR_INVALID_KERNEL,
                  "unassigned value %u is not a kernel", k);
            continue;
        }
        named++;
        CHECK(adjeq_kernel_from_name(name, &back) == 0 && back == (enum adjeq_kernel)k,
              "name round trip %s", name);
    }
    CHECK(named >= 9 && adjeq_kernel_name((enum adjeq_kernel)(n - 1)) != NULL,
          "%u named kernels, the last value named", named);
    CHECK(adjeq_kernel_name((enum adjeq_kernel)n) == NULL, "name out of range");
    CHECK(adjeq_kernel_name((enum adjeq_kernel)-1) == NULL, "name of -1");
    CHECK(!adjeq_kernel_supported((enum adjeq_kernel)n), "supported out of range");
    CHECK(!adjeq_kernel_supported((enum adjeq_kernel)-1), "supported of -1");
    CHECK(adjeq_kernel_from_name("AVX2", NULL) == ADJEQ_ERR_INVALID_KERNEL, "names are exact");
    CHECK(adjeq_kernel_from_name(NULL, NULL) == ADJEQ_ERR_INVALID_KERNEL, "NULL name");
    CHECK(strcmp(adjeq_kernel_name(ADJEQ_KERNEL_SCALAR), "scalar") == 0, "scalar name");

    /* Queries resolve dispatch: the answer does not change with the first count. */
    enum adjeq_kernel before = adjeq_active_kernel();
    enum adjeq_kernel expected = adjeq_best_kernel();
    int is_forced = forced_by_environment(&expected);
    CHECK(before == expected, "active %s, expected %s", adjeq_kernel_name(before),
          adjeq_kernel_name(expected));
    CHECK(adjeq_count(sample, sizeof sample - 1) == 26, "dispatched count");
    CHECK(adjeq_active_kernel() == before, "stable after first count");
    CHECK(adjeq_kernel_supported(before), "active kernel supported");

    /* Scalar is only the choice when nothing else runs. */
    for (unsigned k = 0; k < n && !is_forced; k++)
        if (adjeq_kernel_supported((enum adjeq_kernel)k) && k != ADJEQ_KERNEL_SCALAR)
            CHECK(before != ADJEQ_KERNEL_SCALAR, "scalar chosen although %s runs",
                  adjeq_kernel_name((enum adjeq_kernel)k));

    CHECK(adjeq_count(NULL, 0) == 0, "NULL, 0");
    CHECK(adjeq_count("a", 1) == 0, "len 1");
    CHECK(adjeq_count("aa", 2) == 1, "len 2");

    /* Forcing: supported kernels switch, others are refused without effect. */
    for (unsigned k = 0; k < n; k++) {
        enum adjeq_kernel kernel = (enum adjeq_kernel)k;
        if (!adjeq_kernel_name(kernel))
            continue; /* unassigned: checked above */
        if (adjeq_kernel_supported(kernel)) {
            CHECK(adjeq_set_kernel(kernel) == 0, "set %s", adjeq_kernel_name(kernel));
            CHECK(adjeq_active_kernel() == kernel, "active after set %s",
                  adjeq_kernel_name(kernel));
            CHECK(adjeq_count(sample, sizeof sample - 1) == 26, "count with %s",
                  adjeq_kernel_name(kernel));
            CHECK(adjeq_count_with(kernel, sample, sizeof sample - 1) == 26,
                  "count_with %s", adjeq_kernel_name(kernel));
        } else {
            enum adjeq_kernel active = adjeq_active_kernel();
            /* An unassigned value is not a kernel at all. */
            int refusal = adjeq_kernel_name(kernel) ? ADJEQ_ERR_UNSUPPORTED
                                                    : ADJEQ_ERR_INVALID_KERNEL;
            CHECK(adjeq_set_kernel(kernel) == refusal, "set unsupported kernel %u", k);
            CHECK(adjeq_active_kernel() == active, "refused set changes nothing");
            CHECK(adjeq_count_with(kernel, sample, sizeof sample - 1) == ADJEQ_COUNT_ERROR,
                  "count_with unsupported kernel %u", k);
        }
    }
    CHECK(adjeq_set_kernel((enum adjeq_kernel)n) == ADJEQ_ERR_INVALID_KERNEL, "set out of range");
    CHECK(adjeq_count_with((enum adjeq_kernel)n, sample, 4) == ADJEQ_COUNT_ERROR,
          "count_with out of range");
    adjeq_reset_kernel();
    CHECK(adjeq_active_kernel() == adjeq_best_kernel(), "reset returns to best");

    char version[32];
    snprintf(version, sizeof version, "%d.%d.%d", ADJEQ_VERSION_MAJOR,
             ADJEQ_VERSION_MINOR, ADJEQ_VERSION_PATCH);
    CHECK(strcmp(version, ADJEQ_VERSION_STRING) == 0, "version macros agree");
    CHECK(strcmp(adjeq_version(), ADJEQ_VERSION_STRING) == 0, "linked version");
}

/* The name CTest put in ADJEQ_KERNEL is active, or the run is skipped if the
 * CPU cannot run it. */
static int test_env(const char *name) {
    enum adjeq_kernel kernel;
    if (adjeq_kernel_from_name(name, &kernel) != 0) {
        CHECK(0, "unknown kernel %s", name);
        return 1;
    }
    if (!adjeq_kernel_supported(kernel)) {
        printf("%s not supported here: skipped\n", name);
        return TEST_SKIPPED;
    }
    CHECK(adjeq_active_kernel() == kernel, "ADJEQ_KERNEL=%s gave %s", name,
          adjeq_kernel_name(adjeq_active_kernel()));
    CHECK(adjeq_count(sample, sizeof sample - 1) == 26, "count");
    return 0;
}

/* An unusable ADJEQ_KERNEL falls back to the automatic choice with exactly
 * one line on stderr naming the supported kernels; an empty one silently
 * (complains == 0). */
static int test_env_fallback(int complains) {
#if defined(__EMSCRIPTEN__)
    (void)complains;
    printf("SKIPPED: the test reads its own stderr through dup2(), which Emscripten's "
           "file descriptors do not support\n");
    return TEST_SKIPPED;
#endif
    FILE *capture = tmpfile();
    CHECK(capture != NULL, "tmpfile");
    if (!capture)
        return 0;
    fflush(stderr);
    int saved = dup(2);
    dup2(fileno(capture), 2);
    size_t count = adjeq_count(sample, sizeof sample - 1);
    enum adjeq_kernel active = adjeq_active_kernel();
    (void)adjeq_count(sample, sizeof sample - 1);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);

    char text[512] = "";
    rewind(capture);
    size_t got = fread(text, 1, sizeof text - 1, capture);
    text[got] = '\0';
    fclose(capture);
    fprintf(stderr, "captured: %s", text);

    CHECK(count == 26, "count with a bad ADJEQ_KERNEL");
    CHECK(active == adjeq_best_kernel(), "falls back to the automatic choice");
    if (!complains) {
        CHECK(text[0] == '\0', "nothing on stderr");
        return 0;
    }
    CHECK(strstr(text, "ADJEQ_KERNEL=") != NULL, "message names the variable");
    CHECK(strstr(text, "scalar") != NULL, "message lists supported kernels");
    const char *newline = strchr(text, '\n');
    CHECK(newline && newline[1] == '\0', "exactly one line");
    return 0;
}

static int test_expect(const char *name) {
    enum adjeq_kernel want;
    CHECK(adjeq_kernel_from_name(name, &want) == 0, "unknown kernel %s", name);
    enum adjeq_kernel active = adjeq_active_kernel();
    printf("dispatcher chose %s (expected %s)\n", adjeq_kernel_name(active), name);
    CHECK(active == want, "chose %s, expected %s", adjeq_kernel_name(active), name);
    CHECK(adjeq_count(sample, sizeof sample - 1) == 26, "count");
    return 0;
}

/* An emulated CPU model supports exactly the kernels its features allow:
 * detection neither misses one (a slower choice) nor invents one (SIGILL). */
static void test_supported(int count, char **names) {
    unsigned n = adjeq_kernel_count();
    printf("supported:");
    for (unsigned k = 0; k < n; k++) {
        enum adjeq_kernel kernel = (enum adjeq_kernel)k;
        int listed = 0;
        if (!adjeq_kernel_name(kernel))
            continue; /* an unassigned value */
        for (int i = 0; i < count; i++)
            listed |= strcmp(names[i], adjeq_kernel_name(kernel)) == 0;
        if (adjeq_kernel_supported(kernel))
            printf(" %s", adjeq_kernel_name(kernel));
        CHECK(adjeq_kernel_supported(kernel) == listed, "%s: supported %d, expected %d",
              adjeq_kernel_name(kernel), adjeq_kernel_supported(kernel), listed);
    }
    printf("\n");
    for (int i = 0; i < count; i++)
        CHECK(adjeq_kernel_from_name(names[i], NULL) == 0, "unknown kernel %s", names[i]);
}

/* The SVE vector length a QEMU cpu option asked for is the one this process
 * really has; otherwise the vector-length tests would all run at one length.
 * The kernel itself reads it with CNTB, which agrees with PR_SVE_GET_VL. */
static int test_sve_length(const char *bytes) {
#if defined(__linux__) && defined(__aarch64__) && defined(PR_SVE_GET_VL)
    int vl = prctl(PR_SVE_GET_VL);
    if (vl < 0) {
        CHECK(0, "PR_SVE_GET_VL failed: no SVE");
        return 1;
    }
    vl &= PR_SVE_VL_LEN_MASK;
    printf("SVE vector length %d bytes (expected %s)\n", vl, bytes);
    CHECK(vl == atoi(bytes), "SVE vector length %d, expected %s", vl, bytes);
    return 0;
#else
    printf("not AArch64 Linux: no SVE vector length to check (%s), skipped\n", bytes);
    return TEST_SKIPPED;
#endif
}

/* One machine-readable line for scripts/test-dispatch.sh. */
static void report(void) {
    printf("chosen=%s supported=", adjeq_kernel_name(adjeq_active_kernel()));
    const char *sep = "";
    for (unsigned k = 0; k < adjeq_kernel_count(); k++)
        if (adjeq_kernel_supported((enum adjeq_kernel)k)) {
            printf("%s%s", sep, adjeq_kernel_name((enum adjeq_kernel)k));
            sep = ",";
        }
    printf("\n");
}

int main(int argc, char **argv) {
    int rc = 0;
    const char *mode = argc > 1 ? argv[1] : "api";
    if (strcmp(mode, "api") == 0)
        test_api();
    else if (strcmp(mode, "env") == 0 && argc == 3)
        rc = test_env(argv[2]);
    else if (strcmp(mode, "env-bad") == 0)
        rc = test_env_fallback(1);
    else if (strcmp(mode, "env-empty") == 0)
        rc = test_env_fallback(0);
    else if (strcmp(mode, "expect") == 0 && argc == 3)
        rc = test_expect(argv[2]);
    else if (strcmp(mode, "report") == 0) {
        report();
        return 0;
    } else if (strcmp(mode, "sve-length") == 0 && argc == 3)
        rc = test_sve_length(argv[2]);
    else if (strcmp(mode, "supported") == 0 && argc >= 3)
        test_supported(argc - 2, argv + 2);
    else {
        fprintf(stderr, "usage: %s api | env NAME | env-bad | env-empty | expect NAME | supported NAME... | "
                        "sve-length BYTES | report\n",
                argv[0]);
        return 2;
    }
    if (rc == TEST_SKIPPED)
        return rc;
    printf("dispatch %s: %s\n", mode, test_failures ? "FAILED" : "ok");
    return test_failures ? 1 : rc;
}
