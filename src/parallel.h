/*
 * Internal: the pieces of adjeq_count_parallel, exposed to the white-box
 * tests (hidden from users by visibility like every internal function).
 */
#ifndef ADJEQ_PARALLEL_H
#define ADJEQ_PARALLEL_H

#include <stddef.h>

/*
 * No thread gets less than this. Starting and joining a thread costs some
 * tens of microseconds; one core counts 4 MiB in roughly 130-300 us from DRAM
 * (14-31 GB/s here) and in well under 100 us when the buffer is hot in cache,
 * so below 2 x 4 MiB a second thread saves too little to be worth the risk
 * of being slower. A first estimate: the benchmark harness should refine it.
 */
#define ADJEQ_PARALLEL_MIN_BYTES_PER_THREAD ((size_t)4 << 20)

/* CPUs this process may run on (sched_getaffinity), at least 1. */
unsigned adjeq_parallel_cpu_count(void);

/* Threads used for len bytes when `requested` are asked for (0: one per CPU),
 * giving each at least min_per_thread bytes (>= 1). Pure apart from reading
 * the affinity mask when requested is 0. */
unsigned adjeq_parallel_threads(size_t len, unsigned requested,
                                size_t min_per_thread);

/* Offset where part i (0 <= i <= parts) of a split of len bytes into parts
 * begins; part i is [split(i), split(i + 1)). Pure. */
size_t adjeq_parallel_split(size_t len, unsigned parts, unsigned i);

/* adjeq_count_parallel with the per-thread minimum as a parameter, so tests
 * can put split points anywhere in small buffers. */
size_t adjeq_count_parallel_min(const void *data, size_t len, unsigned threads,
                                size_t min_per_thread);

/* Test seam: the function that starts a thread (pthread_create by default).
 * A test installs one that fails to check the fallback; set it only while no
 * count is running. */
typedef int (*adjeq_thread_start_fn)(void *thread, void *(*run)(void *),
                                     void *arg);
extern adjeq_thread_start_fn adjeq_parallel_thread_start;

#endif /* ADJEQ_PARALLEL_H */
