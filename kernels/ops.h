/*
 * Internal: the ABI between dispatch and the kernels. One table of functions
 * per kernel, one function per mode, so switching the table switches every
 * mode at once.
 *
 * Every function takes the data as bytes and a count of elements, and reads
 * elements with unaligned loads: callers' buffers (Python's, a stream's) may
 * be misaligned for the element type, and forming a misaligned uint16_t
 * pointer would already be undefined behaviour in C. Each reads only
 * data[0 .. n * element size) and returns 0 for n < 2.
 */
#ifndef ADJEQ_OPS_H
#define ADJEQ_OPS_H

#include <stddef.h>

typedef size_t (*adjeq_count_fn)(const void *data, size_t n);

struct adjeq_kernel_ops {
    adjeq_count_fn count_u8;    /* bytes */
    adjeq_count_fn count_u16;   /* 16-bit units, native order */
    adjeq_count_fn count_u32;   /* 32-bit units, native order */
    adjeq_count_fn count_u64;   /* 64-bit units, native order */
    adjeq_count_fn count_f32;   /* IEEE floats: NaN equals nothing, -0.0 equals 0.0 */
    adjeq_count_fn count_f64;   /* IEEE doubles, likewise */
    adjeq_count_fn count_utf8;  /* code points of UTF-8 (n bytes), invalid input as in adjeq.h */
    adjeq_count_fn count_utf16; /* code points of UTF-16 (n elements), as in adjeq.h */
    /* The same kernel tuned for CPUs whose vector shuffles and mask compares
     * share one port (Intel's AVX-512 cores); dispatch uses it where
     * detection reports such a CPU. NULL: one table fits all. */
    const struct adjeq_kernel_ops *one_shuffle_port;
};

/* Each kernel file ends with ADJEQ_KERNEL_OPS(name) = { ... }; dispatch finds
 * the table by the name in kernels/registry.h. */
#define ADJEQ_KERNEL_OPS(name) const struct adjeq_kernel_ops adjeq_ops_##name

#endif /* ADJEQ_OPS_H */
