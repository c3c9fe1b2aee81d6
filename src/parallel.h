/*
 * Internal: the pieces of adjeq_count_parallel, exposed to the white-box
 * tests (hidden from users by visibility like every internal function).
 */
#ifndef ADJEQ_PARALLEL_H
#define ADJEQ_PARALLEL_H

#include <stddef.h>

/*
 * No thread gets less than this. Measured on Zen 4 (two cores, the same
 * buffer counted repeatedly): 2 x 4 MiB split over two threads ran at 0.83x
 * of one thread (82 vs 99 GB/s: the buffer is hot in one core's caches and
 * thread start-up is not free), 2 x 8 MiB at 1.49x (101 vs 68 GB/s), 64 MiB
 * at 1.28x. So a second thread starts only from 16 MiB.
 */
#define ADJEQ_PARALLEL_MIN_BYTES_PER_THREAD ((size_t)8 << 20)

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
