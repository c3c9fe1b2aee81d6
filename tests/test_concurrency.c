/*
 * Concurrent first use. Many threads make their first adjeq call at the same
 * moment (released together by a barrier) while another thread keeps
 * switching kernels with adjeq_set_kernel() and adjeq_reset_kernel(). Every
 * count must be right; under ThreadSanitizer (the tsan stage of
 * scripts/test.sh) no data race may be reported.
 *
 * Dispatch resolves once per process, so each round runs in a fresh child
 * process: every round races a real first call. Rounds vary ADJEQ_KERNEL
 * (unset, a supported name, a bad name) so the environment path races too.
 *
 * Each counter also runs adjeq_count_parallel (through the white-box entry
 * with a small per-thread minimum, so its worker threads really start on a
 * 20 kB buffer and TSan sees them) and the streaming API in bytes and UTF-8
 * mode (the buffer is ASCII, so both count bytes), while kernels switch.
 */
#include <pthread.h>
#include <sys/wait.h>

#include "adjeq.h"
#include "parallel.h"
#include "test_util.h"

enum { COUNTERS = 12, ITERATIONS = 16, LEN = 20000, ROUNDS = 24 };

static uint8_t buffer[LEN];
static size_t expected;
static pthread_barrier_t start;

/* Counters start with a count, or with a query that resolves dispatch too,
 * so both first-use paths race the resolver and the CPU cache. */
static void *counter(void *arg) {
    size_t id = (size_t)arg;
    size_t wrong = 0;
    pthread_barrier_wait(&start);
    if (id % 3 == 1)
        (void)adjeq_active_kernel();
    else if (id % 3 == 2)
        (void)adjeq_best_kernel();
    for (int i = 0; i < ITERATIONS; i++) {
        /* Different start offsets reach different head/tail paths. */
        size_t offset = (id + (size_t)i) % 64;
        size_t want = expected - test_reference_count(buffer, offset + 1);
        size_t got[4];
        got[0] = adjeq_count(buffer + offset, LEN - offset);
        /* 0 (one per CPU) or 3 threads of at least 1000 bytes each. */
        got[1] = adjeq_count_parallel_min(buffer + offset, LEN - offset, i % 2 ? 3 : 0, 1000);
        /* Chunks of 1..4096 bytes: boundaries fall at many offsets. */
        for (int m = 0; m < 2; m++) {
            struct adjeq_stream st;
            if (adjeq_stream_init(&st, m ? ADJEQ_MODE_UTF8 : ADJEQ_MODE_BYTES) != 0) {
                got[2 + m] = ADJEQ_COUNT_ERROR;
                continue;
            }
            size_t chunk = 1 + (id * 977 + (size_t)i * 131) % 4096;
            for (size_t at = offset; at < LEN; at += chunk)
                adjeq_stream_update(&st, buffer + at, LEN - at < chunk ? LEN - at : chunk);
            got[2 + m] = (size_t)adjeq_stream_result(&st);
        }
        static const char *const how[] = {"adjeq_count", "parallel", "stream", "utf8 stream"};
        for (int h = 0; h < 4; h++) {
            if (got[h] != want && wrong++ == 0)
                fprintf(stderr, "thread %zu: %s %zu, want %zu (kernel %s)\n", id, how[h],
                        got[h], want, adjeq_kernel_name(adjeq_active_kernel()));
        }
    }
    return (void *)wrong;
}

static void *switcher(void *arg) {
    (void)arg;
    unsigned n = adjeq_kernel_count();
    pthread_barrier_wait(&start);
    for (int i = 0; i < ITERATIONS; i++) {
        for (unsigned k = 0; k < n; k++) {
            enum adjeq_kernel kernel = (enum adjeq_kernel)k;
            if (!adjeq_kernel_name(kernel))
                continue;
            int rc = adjeq_set_kernel(kernel);
            if (rc != (adjeq_kernel_supported(kernel) ? 0 : ADJEQ_ERR_UNSUPPORTED)) {
                fprintf(stderr, "set_kernel(%s) returned %d\n", adjeq_kernel_name(kernel), rc);
                return (void *)1;
            }
        }
        adjeq_reset_kernel();
    }
    return NULL;
}

/* Lines of `text` that are the library's ADJEQ_KERNEL complaint. */
static int warning_lines(const char *text) {
    int lines = 0;
    for (const char *p = text; (p = strstr(p, "adjeq: ADJEQ_KERNEL=")) != NULL; p++)
        lines++;
    return lines;
}

/* One round in this (child) process: 0 if every count was right and a bad
 * ADJEQ_KERNEL was reported at most once, not once per racing thread. */
static int round_in_child(void) {
    FILE *capture = tmpfile();
    int saved_stderr = dup(2);
    if (!capture || saved_stderr < 0 || dup2(fileno(capture), 2) < 0) {
        perror("capturing stderr");
        return 1;
    }

    pthread_t threads[COUNTERS + 1];
    pthread_barrier_init(&start, NULL, COUNTERS + 1);
    for (size_t t = 0; t < COUNTERS; t++)
        pthread_create(&threads[t], NULL, counter, (void *)t);
    pthread_create(&threads[COUNTERS], NULL, switcher, NULL);
    size_t failures = 0;
    for (size_t t = 0; t <= COUNTERS; t++) {
        void *wrong;
        pthread_join(threads[t], &wrong);
        failures += (size_t)wrong;
    }
    pthread_barrier_destroy(&start);
    /* After the dust settles, the last word was adjeq_reset_kernel(). */
    CHECK(adjeq_active_kernel() == adjeq_best_kernel(), "active %s after reset, best %s",
          adjeq_kernel_name(adjeq_active_kernel()), adjeq_kernel_name(adjeq_best_kernel()));

    /* Replay what was said (sanitizer reports included) on the real stderr. */
    static char text[1 << 16];
    fflush(stderr);
    dup2(saved_stderr, 2);
    rewind(capture);
    size_t got = fread(text, 1, sizeof text - 1, capture);
    text[got] = '\0';
    fclose(capture);
    fputs(text, stderr);

    const char *env = getenv("ADJEQ_KERNEL");
    enum adjeq_kernel named;
    int bad_env = env && (adjeq_kernel_from_name(env, &named) != 0 ||
                          !adjeq_kernel_supported(named));
    /* None at all is right too: when the switcher's adjeq_set_kernel() comes
     * before every first use, it wins and ADJEQ_KERNEL is never read. */
    int lines = warning_lines(text);
    CHECK(lines <= bad_env, "ADJEQ_KERNEL=%s: %d warning lines, want at most %d",
          env ? env : "(unset)", lines, bad_env);
    return failures || test_failures ? 1 : 0;
}

int main(void) {
    static const char *const environments[] = {NULL, "sse2", "scalar", "no-such-kernel"};
    uint64_t seed = 9;
    test_fill(buffer, LEN, 2, &seed); /* two letters: about LEN/2 doubles */
    expected = test_reference_count(buffer, LEN);

    int failed = 0;
    for (int r = 0; r < ROUNDS; r++) {
        const char *env = environments[r % (sizeof environments / sizeof *environments)];
        fflush(NULL);
        pid_t pid = fork();
        if (pid < 0) {
            perror("fork");
            return 1;
        }
        if (pid == 0) {
            /* setenv before any thread exists: getenv in the library then
             * races only with other readers. */
            if (env)
                setenv("ADJEQ_KERNEL", env, 1);
            else
                unsetenv("ADJEQ_KERNEL");
            _exit(round_in_child());
        }
        int status;
        if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
            WEXITSTATUS(status) != 0) {
            /* TSan exits with 66 after a race report. */
            fprintf(stderr, "round %d (ADJEQ_KERNEL=%s) failed: status %d\n", r,
                    env ? env : "(unset)", status);
            failed = 1;
        }
    }
    printf("concurrency: %d rounds of %d threads: %s\n", ROUNDS, COUNTERS + 1,
           failed ? "FAILED" : "ok");
    return failed;
}
