/*
 * Public entry points and run-time dispatch.
 *
 * The active kernel is one atomic pointer to a kernel's static const ops
 * table (kernels/ops.h). It starts at a table of resolvers: the first call
 * from any thread detects the CPU, reads ADJEQ_KERNEL and installs its choice
 * with a compare-and-swap from that initial value, so a kernel forced
 * meanwhile with adjeq_set_kernel() is never overwritten. After that a count
 * costs one atomic load and one indirect call. No constructors and no ifunc,
 * so this works in static binaries, with musl, and before main().
 *
 * The kernels are those of kernels/registry.h; which of them this build has
 * comes from the generated adjeq_build_kernels.h (cmake/AdjeqKernels.cmake).
 */
#include "atomics.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adjeq.h"
#include "adjeq_build_kernels.h"
#include "cpu_features.h"
#include "ops.h"
#include "registry.h"

/* Tables are indexed by enum value; values the registry does not list (gaps
 * in the enum) stay NULL and are never in range. */
#define KERNEL_COUNT ADJEQ_REGISTRY_LIMIT

#define DECLARE_OPS(ID, name) extern const struct adjeq_kernel_ops adjeq_ops_##name;
ADJEQ_BUILD_KERNELS(DECLARE_OPS)
#undef DECLARE_OPS

/* NULL: not compiled in. */
static const struct adjeq_kernel_ops *const kernel_ops[KERNEL_COUNT] = {
#define OPS_ENTRY(ID, name) [ADJEQ_KERNEL_##ID] = &adjeq_ops_##name,
    ADJEQ_BUILD_KERNELS(OPS_ENTRY)
#undef OPS_ENTRY
};

/* A value below KERNEL_COUNT may be unassigned (enum values leave gaps):
 * it has no name, is never compiled and behaves as an unknown kernel. */
static int kernel_in_range(enum adjeq_kernel kernel) {
    return adjeq_kernel_known((unsigned)kernel);
}

static const char *name_of(enum adjeq_kernel kernel) {
    return adjeq_kernel_descs[kernel].name;
}

static uint32_t compiled_kernels(void) {
    uint32_t mask = 0;
    for (unsigned k = 0; k < KERNEL_COUNT; k++)
        if (kernel_ops[k])
            mask |= 1u << k;
    return mask;
}

/*
 * What detection decided, probed once (CPUID can cost microseconds under a
 * hypervisor) and packed into one atomic word so concurrent first calls never
 * race: every racer computes the same value. Bits 0..23: the kernels compiled
 * in and runnable here; 24..29: the automatic choice; 31: valid.
 */
#define DETECTED_VALID (UINT32_C(1) << 31)
#define DETECTED_BEST_SHIFT 24
#define DETECTED_BEST_MASK UINT32_C(0x3f)
_Static_assert(KERNEL_COUNT <= DETECTED_BEST_SHIFT, "supported bits must not reach the best kernel");
static ADJEQ_ATOMIC_U32 detected;
/* Each compiled kernel's table for this CPU (its one_shuffle_port table
 * where detection asks for it), written before `detected` is published, so
 * the _with entry points find it with one load. */
static ADJEQ_ATOMIC_PTR(const struct adjeq_kernel_ops) selected_ops[KERNEL_COUNT];

static uint32_t detection(void) {
    uint32_t d = adjeq_load_acquire_u32(&detected);
    if (d & DETECTED_VALID)
        return d;
    struct adjeq_cpu_info info;
    adjeq_cpu_detect(&info);
    d = DETECTED_VALID;
    for (unsigned k = 0; k < KERNEL_COUNT; k++) {
        uint32_t needs = adjeq_kernel_descs[k].needs;
        if (kernel_ops[k] && (info.usable_features & needs) == needs)
            d |= 1u << k;
    }
    d |= (uint32_t)adjeq_choose_kernel(&info, compiled_kernels()) << DETECTED_BEST_SHIFT;
    for (unsigned k = 0; k < KERNEL_COUNT; k++) {
        const struct adjeq_kernel_ops *ops = kernel_ops[k];
        if (ops && info.one_shuffle_port && ops->one_shuffle_port)
            ops = ops->one_shuffle_port;
        adjeq_store_relaxed_ptr(&selected_ops[k], ops);
    }
    adjeq_store_release_u32(&detected, d);
    return d;
}

/* A compiled kernel's table for this CPU; call after detection(). */
static const struct adjeq_kernel_ops *selected(enum adjeq_kernel kernel) {
    return adjeq_load_relaxed_ptr(&selected_ops[kernel]);
}

static const struct adjeq_kernel_ops *ops_for(enum adjeq_kernel kernel) {
    detection();
    return selected(kernel);
}

/* Internal callers use this one: with -fPIC the compiler may not inline the
 * exported adjeq_kernel_supported() (it could be interposed), which cost the
 * _with() entry points a call and ~3 ns per call on tiny inputs. */
static int kernel_supported(enum adjeq_kernel kernel) {
    return kernel_in_range(kernel) && (detection() >> kernel & 1u);
}

int adjeq_kernel_supported(enum adjeq_kernel kernel) {
    return kernel_supported(kernel);
}

enum adjeq_kernel adjeq_best_kernel(void) {
    return (enum adjeq_kernel)((detection() >> DETECTED_BEST_SHIFT) & DETECTED_BEST_MASK);
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
    static ADJEQ_ATOMIC_FLAG warned = ADJEQ_ATOMIC_FLAG_INIT;
    if (adjeq_test_and_set(&warned))
        return best;

    char supported[160] = "";
    for (unsigned k = 0; k < KERNEL_COUNT; k++) {
        if (kernel_supported((enum adjeq_kernel)k)) {
            strcat(supported, " ");
            strcat(supported, name_of((enum adjeq_kernel)k));
        }
    }
    fprintf(stderr,
            "adjeq: ADJEQ_KERNEL=%s is %s; this CPU supports:%s; using %s\n",
            forced,
            adjeq_kernel_from_name(forced, &kernel) == 0 ? "not supported here"
                                                         : "not a kernel name",
            supported, name_of(best));
    return best;
}

/* Until dispatch is resolved, the active table is this one: each function
 * resolves, then counts on the chosen kernel. */
static const struct adjeq_kernel_ops *resolved_ops(void);
#define RESOLVER(mode)                                                        \
    static size_t resolve_and_count_##mode(const void *data, size_t n) {      \
        return resolved_ops()->count_##mode(data, n);                         \
    }
RESOLVER(u8)
RESOLVER(u16)
RESOLVER(u32)
RESOLVER(u64)
RESOLVER(f32)
RESOLVER(f64)
RESOLVER(utf8)
RESOLVER(utf16)
#undef RESOLVER
static const struct adjeq_kernel_ops resolver_ops = {
    .count_u8 = resolve_and_count_u8,
    .count_u16 = resolve_and_count_u16,
    .count_u32 = resolve_and_count_u32,
    .count_u64 = resolve_and_count_u64,
    .count_f32 = resolve_and_count_f32,
    .count_f64 = resolve_and_count_f64,
    .count_utf8 = resolve_and_count_utf8,
    .count_utf16 = resolve_and_count_utf16,
};

static ADJEQ_ATOMIC_PTR(const struct adjeq_kernel_ops) active_ops = &resolver_ops;

static const struct adjeq_kernel_ops *resolved_ops(void) {
    const struct adjeq_kernel_ops *ops =
        adjeq_load_acquire_ptr(&active_ops);
    if (ops != &resolver_ops)
        return ops;
    const struct adjeq_kernel_ops *chosen = ops_for(initial_kernel());
    /* Lose gracefully: another thread's choice or adjeq_set_kernel() wins. */
    if (adjeq_cas_ptr(&active_ops, &ops, chosen))
        return chosen;
    return ops;
}

/* Each mode's dispatched and named-kernel entry points: nothing is read for
 * n < 2; an unsupported kernel reads nothing and gives ADJEQ_COUNT_ERROR. */
#define ENTRY_POINTS(mode, public_name, pointer_type)                         \
    size_t public_name(pointer_type data, size_t n) {                         \
        if (n < 2)                                                            \
            return 0;                                                         \
        return ((const struct adjeq_kernel_ops *)adjeq_load_acquire_ptr(      \
                    &active_ops))                                             \
            ->count_##mode(data, n);                                          \
    }                                                                         \
    size_t public_name##_with(enum adjeq_kernel kernel, pointer_type data,    \
                              size_t n) {                                     \
        if (!kernel_supported(kernel))                                        \
            return ADJEQ_COUNT_ERROR;                                         \
        return n < 2 ? 0 : selected(kernel)->count_##mode(data, n);           \
    }
ENTRY_POINTS(u8, adjeq_count, const void *)
ENTRY_POINTS(u16, adjeq_count_u16, const void *)
ENTRY_POINTS(u32, adjeq_count_u32, const void *)
ENTRY_POINTS(u64, adjeq_count_u64, const void *)
ENTRY_POINTS(f32, adjeq_count_f32, const void *)
ENTRY_POINTS(f64, adjeq_count_f64, const void *)
ENTRY_POINTS(utf8, adjeq_count_utf8, const char *)
ENTRY_POINTS(utf16, adjeq_count_utf16, const void *)
#undef ENTRY_POINTS

/* The active kernel's function for a stream mode, or NULL. */
static adjeq_count_fn batch_fn(enum adjeq_mode mode, size_t *unit) {
    const struct adjeq_kernel_ops *ops = resolved_ops();
    switch (mode) {
    case ADJEQ_MODE_BYTES:
        *unit = 1;
        return ops->count_u8;
    case ADJEQ_MODE_U16:
        *unit = 2;
        return ops->count_u16;
    case ADJEQ_MODE_U32:
        *unit = 4;
        return ops->count_u32;
    case ADJEQ_MODE_UTF8:
        *unit = 1;
        return ops->count_utf8;
    case ADJEQ_MODE_UTF16:
        *unit = 2;
        return ops->count_utf16;
    }
    return NULL;
}

/* One loop for both offset widths. Items shorter than a pair cost no call;
 * the rest one indirect call each, on the table resolved once. */
#define BATCH(name, offset_type)                                              \
    int name(enum adjeq_mode mode, const void *data, const offset_type *offsets, \
             size_t n, size_t *counts) {                                      \
        size_t unit;                                                          \
        adjeq_count_fn fn = batch_fn(mode, &unit);                            \
        if (!fn)                                                              \
            return ADJEQ_ERR_INVALID_MODE;                                    \
        const uint8_t *base = (const uint8_t *)data;                          \
        for (size_t i = 0; i < n; i++) {                                      \
            size_t len = (size_t)(offsets[i + 1] - offsets[i]);               \
            counts[i] = len / unit < 2 ? 0 : fn(base + offsets[i], len / unit); \
        }                                                                     \
        return 0;                                                             \
    }
BATCH(adjeq_count_batch, int64_t)
BATCH(adjeq_count_batch32, int32_t)
#undef BATCH

unsigned adjeq_kernel_count(void) { return (unsigned)KERNEL_COUNT; }

const char *adjeq_kernel_name(enum adjeq_kernel kernel) {
    return kernel_in_range(kernel) ? name_of(kernel) : NULL;
}

int adjeq_kernel_from_name(const char *name, enum adjeq_kernel *kernel) {
    if (!name)
        return ADJEQ_ERR_INVALID_KERNEL;
    for (unsigned k = 0; k < KERNEL_COUNT; k++) {
        if (kernel_in_range((enum adjeq_kernel)k) &&
            strcmp(name, name_of((enum adjeq_kernel)k)) == 0) {
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
        if (kernel_ops[k] && (kernel_ops[k] == ops || kernel_ops[k]->one_shuffle_port == ops))
            return (enum adjeq_kernel)k;
    return ADJEQ_KERNEL_SCALAR; /* unreachable: ops always come from the table */
}

int adjeq_set_kernel(enum adjeq_kernel kernel) {
    if (!kernel_in_range(kernel))
        return ADJEQ_ERR_INVALID_KERNEL;
    if (!kernel_supported(kernel))
        return ADJEQ_ERR_UNSUPPORTED;
    adjeq_store_release_ptr(&active_ops, ops_for(kernel));
    return 0;
}

void adjeq_reset_kernel(void) {
    adjeq_store_release_ptr(&active_ops, ops_for(adjeq_best_kernel()));
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
    size_t n = dst_size < src_size ? dst_size : src_size;
    if (n) /* a NULL destination of size 0 is allowed */
        memcpy(dst, src, n);
}

int adjeq_get_kernel_status(enum adjeq_kernel kernel,
                        struct adjeq_kernel_status *status, size_t size) {
    if (!kernel_in_range(kernel))
        return ADJEQ_ERR_INVALID_KERNEL;
    struct adjeq_cpu_info info;
    adjeq_cpu_detect(&info);
    uint32_t compiled = compiled_kernels();
    enum adjeq_kernel best = adjeq_choose_kernel(&info, compiled);
    struct adjeq_kernel_status st;
    memset(&st, 0, sizeof st);
    st.kernel = kernel;
    st.name = name_of(kernel);
    st.compiled = kernel_ops[kernel] != NULL;
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
        /* x86 (XCR0) and RISC-V (the kernel release) get here; Linux reports
         * ARM features only once enabled. */
        uint64_t needed = 0;
        for (unsigned bit = 0; bit < 32; bit++)
            if (missing & (1u << bit))
                needed |= adjeq_cpu_feature_xcr0(1u << bit);
        struct adjeq_cpu_raw raw;
        adjeq_cpu_read(&raw);
        if (raw.arch == ADJEQ_ARCH_RISCV64) {
            snprintf(st.detail, sizeof st.detail,
                     "Linux %u.%u may not save the vector registers "
                     "(Linux saves them from 6.5 on)",
                     (unsigned)(raw.os_release / 1000),
                     (unsigned)(raw.os_release % 1000));
            break;
        }
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
                 name_of(best));
        break;
    case ADJEQ_REASON_POLICY_FASTER_KERNEL:
        snprintf(st.detail, sizeof st.detail,
                 "usable, but the automatic choice is the faster %s",
                 name_of(best));
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
        [ADJEQ_ARCH_AARCH64] = "aarch64", [ADJEQ_ARCH_ARM32] = "arm",
        [ADJEQ_ARCH_X86] = "x86", [ADJEQ_ARCH_PPC64LE] = "ppc64le",
        [ADJEQ_ARCH_S390X] = "s390x", [ADJEQ_ARCH_RISCV64] = "riscv64",
        [ADJEQ_ARCH_WASM] = "wasm"};
    r.arch = arch_names[raw.arch];
    adjeq_cpu_feature_list(info.cpu_features, r.features, sizeof r.features);
    adjeq_cpu_feature_list(info.usable_features, r.usable_features,
                           sizeof r.usable_features);
    r.prefers_256bit = info.prefers_256bit;
    r.one_shuffle_port = info.one_shuffle_port;
    r.best = adjeq_choose_kernel(&info, compiled_kernels());
    r.active = adjeq_active_kernel();

    if (raw.arch == ADJEQ_ARCH_X86_64 || raw.arch == ADJEQ_ARCH_X86) {
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
    r.os_release = raw.os_release;
    copy_out(report, size, &r, sizeof r);
    return 0;
}
