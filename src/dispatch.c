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
#if defined(ADJEQ_HAVE_SVE)
#  define OPS_SVE &adjeq_ops_sve
#else
#  define OPS_SVE NULL
#endif

static const struct kernel_entry kernel_table[] = {
    [ADJEQ_KERNEL_SCALAR] = {"scalar", &adjeq_ops_scalar},
    [ADJEQ_KERNEL_SSE2] = {"sse2", OPS_SSE2},
    [ADJEQ_KERNEL_AVX2] = {"avx2", OPS_AVX2},
    [ADJEQ_KERNEL_AVX512BW] = {"avx512bw", OPS_AVX512BW},
    [ADJEQ_KERNEL_AVX512VBMI] = {"avx512vbmi", OPS_AVX512VBMI},
    [ADJEQ_KERNEL_NEON] = {"neon", OPS_NEON},
    [ADJEQ_KERNEL_SVE] = {"sve", OPS_SVE},
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

/* Bit k set: kernel k is compiled in and runnable here. Cached because
 * adjeq_count_with() asks on every call and benchmarks time tiny inputs. */
#define SUPPORTED_CACHE_VALID (UINT32_C(1) << 31)
static _Atomic uint32_t supported_cache;
_Static_assert(sizeof kernel_table / sizeof kernel_table[0] < 31,
               "kernel bits must not reach SUPPORTED_CACHE_VALID");

static uint32_t supported_kernels(void) {
    uint32_t mask = atomic_load_explicit(&supported_cache, memory_order_relaxed);
    if (mask & SUPPORTED_CACHE_VALID)
        return mask;
    uint32_t usable = cpu_info().usable_features;
    mask = SUPPORTED_CACHE_VALID;
    for (unsigned k = 0; k < KERNEL_COUNT; k++) {
        uint32_t needs = adjeq_kernel_needs((enum adjeq_kernel)k);
        if (kernel_table[k].ops && (usable & needs) == needs)
            mask |= 1u << k;
    }
    atomic_store_explicit(&supported_cache, mask, memory_order_relaxed);
    return mask;
}

/* Internal callers use this one: with -fPIC the compiler may not inline the
 * exported adjeq_kernel_supported() (it could be interposed), which cost the
 * _with() entry points a call and ~3 ns per call on tiny inputs. */
static int kernel_supported(enum adjeq_kernel kernel) {
    return kernel_in_range(kernel) && (supported_kernels() >> kernel & 1u);
}

int adjeq_kernel_supported(enum adjeq_kernel kernel) {
    return kernel_supported(kernel);
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
        kernel_supported(kernel))
        return kernel;

    /* Threads racing through their first call each get here; one speaks. */
    static atomic_flag warned = ATOMIC_FLAG_INIT;
    if (atomic_flag_test_and_set_explicit(&warned, memory_order_relaxed))
        return best;

    char supported[128] = "";
    for (unsigned k = 0; k < KERNEL_COUNT; k++) {
        if (kernel_supported((enum adjeq_kernel)k)) {
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
static size_t resolve_and_count_u16(const uint16_t *data, size_t n);
static size_t resolve_and_count_u32(const uint32_t *data, size_t n);
static size_t resolve_and_count_utf8(const uint8_t *s, size_t len);
static size_t resolve_and_count_utf16(const uint16_t *s, size_t n);
static const struct adjeq_kernel_ops resolver_ops = {
    .count_u8 = resolve_and_count_u8,
    .count_u16 = resolve_and_count_u16,
    .count_u32 = resolve_and_count_u32,
    .count_utf8 = resolve_and_count_utf8,
    .count_utf16 = resolve_and_count_utf16,
};

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

static size_t resolve_and_count_u16(const uint16_t *data, size_t n) {
    return resolved_ops()->count_u16(data, n);
}

static size_t resolve_and_count_u32(const uint32_t *data, size_t n) {
    return resolved_ops()->count_u32(data, n);
}

static size_t resolve_and_count_utf8(const uint8_t *s, size_t len) {
    return resolved_ops()->count_utf8(s, len);
}

static size_t resolve_and_count_utf16(const uint16_t *s, size_t n) {
    return resolved_ops()->count_utf16(s, n);
}

/* The table in use; the resolver table until dispatch is resolved. */
static const struct adjeq_kernel_ops *active(void) {
    return atomic_load_explicit(&active_ops, memory_order_acquire);
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
    if (!kernel_supported(kernel))
        return ADJEQ_COUNT_ERROR;
    if (len < 2)
        return 0;
    return kernel_table[kernel].ops->count_u8((const uint8_t *)data, len);
}

size_t adjeq_count_u16(const uint16_t *data, size_t n) {
    return n < 2 ? 0 : active()->count_u16(data, n);
}

size_t adjeq_count_u32(const uint32_t *data, size_t n) {
    return n < 2 ? 0 : active()->count_u32(data, n);
}

size_t adjeq_count_u16_with(enum adjeq_kernel kernel, const uint16_t *data,
                            size_t n) {
    if (!kernel_supported(kernel))
        return ADJEQ_COUNT_ERROR;
    return n < 2 ? 0 : kernel_table[kernel].ops->count_u16(data, n);
}

size_t adjeq_count_u32_with(enum adjeq_kernel kernel, const uint32_t *data,
                            size_t n) {
    if (!kernel_supported(kernel))
        return ADJEQ_COUNT_ERROR;
    return n < 2 ? 0 : kernel_table[kernel].ops->count_u32(data, n);
}

size_t adjeq_count_utf8(const char *s, size_t len) {
    return len < 2 ? 0 : active()->count_utf8((const uint8_t *)s, len);
}

size_t adjeq_count_utf16(const uint16_t *s, size_t n) {
    return n < 2 ? 0 : active()->count_utf16(s, n);
}

size_t adjeq_count_utf16_with(enum adjeq_kernel kernel, const uint16_t *s,
                              size_t n) {
    if (!kernel_supported(kernel))
        return ADJEQ_COUNT_ERROR;
    return n < 2 ? 0 : kernel_table[kernel].ops->count_utf16(s, n);
}

size_t adjeq_count_utf8_with(enum adjeq_kernel kernel, const char *s,
                             size_t len) {
    if (!kernel_supported(kernel))
        return ADJEQ_COUNT_ERROR;
    return len < 2 ? 0 : kernel_table[kernel].ops->count_utf8((const uint8_t *)s, len);
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
    if (!kernel_supported(kernel))
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

/* --- kernel status and CPU report -------------------------------------- */

static const char *const reason_names[] = {
    [ADJEQ_REASON_CHOSEN] = "chosen",
    [ADJEQ_REASON_NOT_COMPILED] = "not-compiled",
    [ADJEQ_REASON_CPU_LACKS_FEATURE] = "cpu-lacks-feature",
    [ADJEQ_REASON_OS_LACKS_STATE] = "os-lacks-state",
    [ADJEQ_REASON_POLICY_512BIT_DOWNCLOCK] = "policy-512bit-downclock",
    [ADJEQ_REASON_POLICY_FASTER_KERNEL] = "policy-faster-kernel",
};

const char *adjeq_kernel_reason_name(enum adjeq_kernel_reason reason) {
    if ((unsigned)reason >= sizeof reason_names / sizeof reason_names[0])
        return NULL;
    return reason_names[reason];
}

/* Callers built against an older header pass a smaller struct; fill what
 * they have room for. */
static void copy_out(void *dst, size_t dst_size, const void *src,
                     size_t src_size) {
    memcpy(dst, src, dst_size < src_size ? dst_size : src_size);
}

int adjeq_get_kernel_status(enum adjeq_kernel kernel,
                        struct adjeq_kernel_status *status, size_t size) {
    if (!kernel_in_range(kernel))
        return ADJEQ_ERR_INVALID_KERNEL;
    struct adjeq_cpu_info info = cpu_info();
    uint32_t compiled = compiled_kernels();
    enum adjeq_kernel best = adjeq_choose_kernel(&info, compiled);
    struct adjeq_kernel_status st;
    memset(&st, 0, sizeof st);
    st.kernel = kernel;
    st.name = kernel_table[kernel].name;
    st.compiled = kernel_table[kernel].ops != NULL;
    st.supported = kernel_supported(kernel);
    st.best = best == kernel;
    st.active = adjeq_active_kernel() == kernel;
    uint32_t missing;
    st.reason = adjeq_kernel_reason_for(&info, compiled, kernel, &missing);
    adjeq_cpu_feature_list(missing, st.missing, sizeof st.missing);

    switch (st.reason) {
    case ADJEQ_REASON_CHOSEN:
        snprintf(st.detail, sizeof st.detail, "the automatic choice");
        break;
    case ADJEQ_REASON_NOT_COMPILED:
        snprintf(st.detail, sizeof st.detail,
                 "not compiled into this build (other architecture, compiler "
                 "without support, or disabled by an ADJEQ_ENABLE_ option)");
        break;
    case ADJEQ_REASON_CPU_LACKS_FEATURE:
        snprintf(st.detail, sizeof st.detail, "the CPU lacks %s", st.missing);
        break;
    case ADJEQ_REASON_OS_LACKS_STATE: {
        /* Only x86 gets here (Linux reports ARM features only once enabled);
         * the XCR0 value is read again because the dispatch cache drops it. */
        uint64_t needed = 0;
        for (unsigned bit = 0; bit < 32; bit++)
            if (missing & (1u << bit))
                needed |= adjeq_cpu_feature_xcr0(1u << bit);
        struct adjeq_cpu_raw raw;
        adjeq_cpu_read(&raw);
        snprintf(st.detail, sizeof st.detail,
                 "the OS does not save the register state %s needs "
                 "(XCR0 = 0x%llx, needs bits 0x%llx: %s)",
                 st.missing, (unsigned long long)raw.x86.xcr0,
                 (unsigned long long)needed,
                 (needed & ~UINT64_C(0x6)) ? "opmask and ZMM" : "YMM");
        break;
    }
    case ADJEQ_REASON_POLICY_512BIT_DOWNCLOCK:
        snprintf(st.detail, sizeof st.detail,
                 "usable, but this CPU lowers its clock for 512-bit work, so "
                 "the automatic choice is %s",
                 kernel_table[best].name);
        break;
    case ADJEQ_REASON_POLICY_FASTER_KERNEL:
        snprintf(st.detail, sizeof st.detail,
                 "usable, but the automatic choice is the faster %s",
                 kernel_table[best].name);
        break;
    }
    copy_out(status, size, &st, sizeof st);
    return 0;
}

int adjeq_get_cpu_report(struct adjeq_cpu_report *report, size_t size) {
    struct adjeq_cpu_raw raw;
    struct adjeq_cpu_info info;
    struct adjeq_cpu_report r;
    adjeq_cpu_read(&raw);
    adjeq_cpu_decode(&raw, &info);
    memset(&r, 0, sizeof r);

    static const char *const arch_names[] = {
        [ADJEQ_ARCH_OTHER] = "other", [ADJEQ_ARCH_X86_64] = "x86_64",
        [ADJEQ_ARCH_AARCH64] = "aarch64", [ADJEQ_ARCH_ARM32] = "arm"};
    r.arch = arch_names[raw.arch];
    adjeq_cpu_feature_list(info.cpu_features, r.features, sizeof r.features);
    adjeq_cpu_feature_list(info.usable_features, r.usable_features,
                           sizeof r.usable_features);
    r.prefers_256bit = info.prefers_256bit;
    r.best = adjeq_choose_kernel(&info, compiled_kernels());
    r.active = adjeq_active_kernel();

    if (raw.arch == ADJEQ_ARCH_X86_64) {
        const struct adjeq_cpu_x86_raw *x = &raw.x86;
        memcpy(r.vendor, x->vendor, 12);
        adjeq_cpu_x86_signature(x->leaf1_eax, &r.family, &r.model,
                                &r.stepping);
        r.cpuid_max_leaf = x->max_leaf;
        r.cpuid1_eax = x->leaf1_eax;
        r.cpuid1_ecx = x->leaf1_ecx;
        r.cpuid1_edx = x->leaf1_edx;
        r.cpuid7_ebx = x->leaf7_ebx;
        r.cpuid7_ecx = x->leaf7_ecx;
        r.osxsave = x->max_leaf >= 1 && (x->leaf1_ecx & (1u << 27)) != 0;
        r.xcr0 = x->xcr0;
    }
    r.hwcap = raw.hwcap;
    r.hwcap2 = raw.hwcap2;
    r.sve_vector_bits = raw.sve_vector_bytes * 8;
    copy_out(report, size, &r, sizeof r);
    return 0;
}
