/*
 * Public entry points and run-time dispatch.
 *
 * The active kernel is one atomic pointer to a static const table of one
 * ISA's functions. It starts at a table of resolvers: the first call from any
 * thread detects the CPU, reads ADJEQ_KERNEL and installs its choice with a
 * compare-and-swap from that initial value, so a kernel forced meanwhile with
 * adjeq_set_kernel() is never overwritten. After that a count costs one
 * atomic load and one indirect call. No constructors and no ifunc, so this
 * works in static binaries, with musl, and before main().
 */
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adjeq.h"
#include "cpu_features.h"
#include "kernels.h"

struct kernel_entry {
    const char *name;
    const struct adjeq_kernel_ops *ops; /* NULL: not compiled in */
};

#if defined(ADJEQ_HAVE_SSE2)
#  define OPS_SSE2 &adjeq_ops_sse2
#else
#  define OPS_SSE2 NULL
#endif
#if defined(ADJEQ_HAVE_AVX2)
#  define OPS_AVX2 &adjeq_ops_avx2
#else
#  define OPS_AVX2 NULL
#endif
#if defined(ADJEQ_HAVE_AVX512BW)
#  define OPS_AVX512BW &adjeq_ops_avx512bw
#else
#  define OPS_AVX512BW NULL
#endif
#if defined(ADJEQ_HAVE_AVX512VBMI)
#  define OPS_AVX512VBMI &adjeq_ops_avx512vbmi
#else
#  define OPS_AVX512VBMI NULL
#endif
#if defined(ADJEQ_HAVE_NEON)
#  define OPS_NEON &adjeq_ops_neon
#else
#  define OPS_NEON NULL
#endif

static const struct kernel_entry kernel_table[] = {
    [ADJEQ_KERNEL_SCALAR] = {"scalar", &adjeq_ops_scalar},
    [ADJEQ_KERNEL_SSE2] = {"sse2", OPS_SSE2},
    [ADJEQ_KERNEL_AVX2] = {"avx2", OPS_AVX2},
    [ADJEQ_KERNEL_AVX512BW] = {"avx512bw", OPS_AVX512BW},
    [ADJEQ_KERNEL_AVX512VBMI] = {"avx512vbmi", OPS_AVX512VBMI},
    [ADJEQ_KERNEL_NEON] = {"neon", OPS_NEON},
};
#define KERNEL_COUNT (sizeof kernel_table / sizeof kernel_table[0])

static int kernel_in_range(enum adjeq_kernel kernel) {
    return (unsigned)kernel < KERNEL_COUNT;
}

/* The CPU is probed once; CPUID can cost microseconds under a hypervisor.
 * Packed into one atomic word so concurrent first calls never race. */
#define CPU_CACHE_VALID (UINT64_C(1) << 63)
#define CPU_CACHE_PREFERS_256 (UINT64_C(1) << 62)
static _Atomic uint64_t cpu_cache;

static struct adjeq_cpu_info cpu_info(void) {
    struct adjeq_cpu_info info;
    uint64_t packed = atomic_load_explicit(&cpu_cache, memory_order_relaxed);
    if (!(packed & CPU_CACHE_VALID)) {
        adjeq_cpu_detect(&info);
        packed = CPU_CACHE_VALID | (uint64_t)info.cpu_features << 32 |
                 info.usable_features |
                 (info.prefers_256bit ? CPU_CACHE_PREFERS_256 : 0);
        atomic_store_explicit(&cpu_cache, packed, memory_order_relaxed);
    }
    info.cpu_features = (uint32_t)(packed >> 32) & 0x3fffffffu;
    info.usable_features = (uint32_t)packed;
    info.prefers_256bit = (packed & CPU_CACHE_PREFERS_256) != 0;
    return info;
}

static uint32_t compiled_kernels(void) {
    uint32_t mask = 0;
    for (unsigned k = 0; k < KERNEL_COUNT; k++)
        if (kernel_table[k].ops)
            mask |= 1u << k;
    return mask;
}

int adjeq_kernel_supported(enum adjeq_kernel kernel) {
    if (!kernel_in_range(kernel) || !kernel_table[kernel].ops)
        return 0;
    uint32_t needs = adjeq_kernel_needs(kernel);
    return (cpu_info().usable_features & needs) == needs;
}

enum adjeq_kernel adjeq_best_kernel(void) {
    struct adjeq_cpu_info info = cpu_info();
    return adjeq_choose_kernel(&info, compiled_kernels());
}

/* ADJEQ_KERNEL, if set to a supported kernel; otherwise the automatic choice,
 * after one line on stderr for a name that cannot be honoured. */
static enum adjeq_kernel initial_kernel(void) {
    enum adjeq_kernel best = adjeq_best_kernel();
    const char *forced = getenv("ADJEQ_KERNEL");
    if (!forced || !*forced)
        return best;
    enum adjeq_kernel kernel;
    if (adjeq_kernel_from_name(forced, &kernel) == 0 &&
        adjeq_kernel_supported(kernel))
        return kernel;

    /* Threads racing through their first call each get here; one speaks. */
    static atomic_flag warned = ATOMIC_FLAG_INIT;
    if (atomic_flag_test_and_set_explicit(&warned, memory_order_relaxed))
        return best;

    char supported[128] = "";
    for (unsigned k = 0; k < KERNEL_COUNT; k++) {
        if (adjeq_kernel_supported((enum adjeq_kernel)k)) {
            strcat(supported, " ");
            strcat(supported, kernel_table[k].name);
        }
    }
    fprintf(stderr,
            "adjeq: ADJEQ_KERNEL=%s is %s; this CPU supports:%s; using %s\n",
            forced,
            adjeq_kernel_from_name(forced, &kernel) == 0 ? "not supported here"
                                                         : "not a kernel name",
            supported, kernel_table[best].name);
    return best;
}

static size_t resolve_and_count_u8(const uint8_t *data, size_t len);
static const struct adjeq_kernel_ops resolver_ops = {resolve_and_count_u8};

static _Atomic(const struct adjeq_kernel_ops *) active_ops = &resolver_ops;

static const struct adjeq_kernel_ops *resolved_ops(void) {
    const struct adjeq_kernel_ops *ops =
        atomic_load_explicit(&active_ops, memory_order_acquire);
    if (ops != &resolver_ops)
        return ops;
    const struct adjeq_kernel_ops *chosen = kernel_table[initial_kernel()].ops;
    /* Lose gracefully: another thread's choice or adjeq_set_kernel() wins. */
    if (atomic_compare_exchange_strong_explicit(&active_ops, &ops, chosen,
                                                memory_order_acq_rel,
                                                memory_order_acquire))
        return chosen;
    return ops;
}

static size_t resolve_and_count_u8(const uint8_t *data, size_t len) {
    return resolved_ops()->count_u8(data, len);
}

size_t adjeq_count(const void *data, size_t len) {
    if (len < 2)
        return 0;
    const struct adjeq_kernel_ops *ops =
        atomic_load_explicit(&active_ops, memory_order_acquire);
    return ops->count_u8((const uint8_t *)data, len);
}

size_t adjeq_count_with(enum adjeq_kernel kernel, const void *data,
                        size_t len) {
    if (!adjeq_kernel_supported(kernel))
        return ADJEQ_COUNT_ERROR;
    if (len < 2)
        return 0;
    return kernel_table[kernel].ops->count_u8((const uint8_t *)data, len);
}

unsigned adjeq_kernel_count(void) { return (unsigned)KERNEL_COUNT; }

const char *adjeq_kernel_name(enum adjeq_kernel kernel) {
    return kernel_in_range(kernel) ? kernel_table[kernel].name : NULL;
}

int adjeq_kernel_from_name(const char *name, enum adjeq_kernel *kernel) {
    if (!name)
        return ADJEQ_ERR_INVALID_KERNEL;
    for (unsigned k = 0; k < KERNEL_COUNT; k++) {
        if (strcmp(name, kernel_table[k].name) == 0) {
            if (kernel)
                *kernel = (enum adjeq_kernel)k;
            return 0;
        }
    }
    return ADJEQ_ERR_INVALID_KERNEL;
}

enum adjeq_kernel adjeq_active_kernel(void) {
    const struct adjeq_kernel_ops *ops = resolved_ops();
    for (unsigned k = 0; k < KERNEL_COUNT; k++)
        if (kernel_table[k].ops == ops)
            return (enum adjeq_kernel)k;
    return ADJEQ_KERNEL_SCALAR; /* unreachable: ops always come from the table */
}

int adjeq_set_kernel(enum adjeq_kernel kernel) {
    if (!kernel_in_range(kernel))
        return ADJEQ_ERR_INVALID_KERNEL;
    if (!adjeq_kernel_supported(kernel))
        return ADJEQ_ERR_UNSUPPORTED;
    atomic_store_explicit(&active_ops, kernel_table[kernel].ops,
                          memory_order_release);
    return 0;
}

void adjeq_reset_kernel(void) {
    atomic_store_explicit(&active_ops, kernel_table[adjeq_best_kernel()].ops,
                          memory_order_release);
}

const char *adjeq_version(void) { return ADJEQ_VERSION_STRING; }
