/*
 * adjeq_count_parallel: one buffer split across POSIX threads.
 *
 * Each part is counted by adjeq_count on its own; the pair straddling each
 * split point (the last byte of one part and the first of the next) belongs
 * to neither part and is added once by the caller's thread.
 */
#if defined(__linux__) && !defined(_GNU_SOURCE)
#  define _GNU_SOURCE /* sched_getaffinity, CPU_COUNT */
#endif

#include "parallel.h"

#include <stdint.h>
#include <stdlib.h>

#include "adjeq.h"

#if defined(ADJEQ_HAVE_PTHREADS)
#  include <pthread.h>
#endif
#if defined(__linux__)
#  include <sched.h>
#endif
#if defined(__unix__) || defined(__APPLE__)
#  include <unistd.h>
#endif
#if defined(_WIN32)
#  include <windows.h>
#endif

unsigned adjeq_parallel_cpu_count(void) {
#if defined(_WIN32)
    /* The process's affinity mask covers one processor group (64 CPUs);
     * past one group, threads may run in every group, so count them all.
     * (Not built by this project's CI: Windows is untested here.) */
    if (GetActiveProcessorGroupCount() > 1) {
        DWORD all = GetActiveProcessorCount(ALL_PROCESSOR_GROUPS);
        if (all > 0)
            return (unsigned)all;
    }
    DWORD_PTR process_mask, system_mask;
    if (GetProcessAffinityMask(GetCurrentProcess(), &process_mask, &system_mask) &&
        process_mask) {
        unsigned n = 0;
        for (; process_mask; process_mask &= process_mask - 1)
            n++;
        return n;
    }
    DWORD active = GetActiveProcessorCount(ALL_PROCESSOR_GROUPS);
    if (active > 0)
        return (unsigned)active;
#endif
#if defined(__linux__)
    cpu_set_t set;
    /* Fails only with more CPUs than cpu_set_t holds (1024); the online
     * count below is the best guess then. */
    if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
        return (unsigned)CPU_COUNT(&set);
#endif
#if defined(_SC_NPROCESSORS_ONLN)
    long online = sysconf(_SC_NPROCESSORS_ONLN);
    if (online > 0)
        return (unsigned)online;
#endif
    return 1;
}

unsigned adjeq_parallel_threads(size_t len, unsigned requested,
                                size_t min_per_thread) {
    if (min_per_thread == 0)
        min_per_thread = 1;
    size_t most = len / min_per_thread;
    if (most <= 1)
        return 1;
    unsigned threads = requested ? requested : adjeq_parallel_cpu_count();
    return most < threads ? (unsigned)most : threads;
}

size_t adjeq_parallel_split(size_t len, unsigned parts, unsigned i) {
    /* len * i / parts without overflowing size_t: (len % parts) * i is below
     * parts^2. */
    return len / parts * i + len % parts * i / parts;
}

#if defined(ADJEQ_HAVE_PTHREADS)
static int start_pthread(void *thread, void *(*run)(void *), void *arg) {
    return pthread_create((pthread_t *)thread, NULL, run, arg);
}
adjeq_thread_start_fn adjeq_parallel_thread_start = start_pthread;

struct part {
    const uint8_t *data;
    size_t len;
    size_t count;
    pthread_t thread;
    int started;
};

static void *count_part(void *arg) {
    struct part *part = (struct part *)arg;
    part->count = adjeq_count(part->data, part->len);
    return NULL;
}
#else
adjeq_thread_start_fn adjeq_parallel_thread_start = NULL;
#endif

size_t adjeq_count_parallel_min(const void *data, size_t len, unsigned threads,
                                size_t min_per_thread) {
#if defined(ADJEQ_HAVE_PTHREADS)
    unsigned n = adjeq_parallel_threads(len, threads, min_per_thread);
    if (n <= 1)
        return adjeq_count(data, len);
    struct part *parts = (struct part *)calloc(n, sizeof *parts);
    if (!parts)
        return adjeq_count(data, len);

    const uint8_t *bytes = (const uint8_t *)data;
    for (unsigned i = 0; i < n; i++) {
        size_t begin = adjeq_parallel_split(len, n, i);
        parts[i].data = bytes + begin;
        parts[i].len = adjeq_parallel_split(len, n, i + 1) - begin;
    }
    /* The calling thread takes part 0; a part whose thread cannot be
     * started (thread limit, memory) is counted here too, so a failure
     * costs speed, never the count. */
    for (unsigned i = 1; i < n; i++)
        parts[i].started =
            adjeq_parallel_thread_start(&parts[i].thread, count_part,
                                        &parts[i]) == 0;
    size_t total = adjeq_count(parts[0].data, parts[0].len);
    for (unsigned i = 1; i < n; i++)
        if (!parts[i].started)
            total += adjeq_count(parts[i].data, parts[i].len);
    for (unsigned i = 1; i < n; i++) {
        if (parts[i].started) {
            pthread_join(parts[i].thread, NULL);
            total += parts[i].count;
        }
        /* Every part is non-empty (n <= len), so data[-1] is in the buffer. */
        total += parts[i].data[-1] == parts[i].data[0];
    }
    free(parts);
    return total;
#else
    (void)threads;
    (void)min_per_thread;
    return adjeq_count(data, len);
#endif
}

size_t adjeq_count_parallel(const void *data, size_t len, unsigned threads) {
    return adjeq_count_parallel_min(data, len, threads,
                                    ADJEQ_PARALLEL_MIN_BYTES_PER_THREAD);
}
