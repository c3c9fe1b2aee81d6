/* CPU feature detection: the only file with platform-specific probing. */
#include "cpu_features.h"

#include <assert.h>
#include <string.h>

#if defined(__x86_64__) || defined(_M_X64) || defined(__i386__) || defined(_M_IX86)
#  define ADJEQ_X86 1
#  if defined(_MSC_VER) && !defined(__clang__)
#    include <intrin.h>
#  else
#    include <cpuid.h>
#  endif
#  if defined(__APPLE__)
#    include <sys/sysctl.h>
#  endif
#elif defined(__aarch64__) || defined(__arm__) || defined(_M_ARM64)
#  if defined(__linux__) || defined(__FreeBSD__)
#    include <sys/auxv.h>
#  elif defined(_WIN32)
#    include <windows.h>
#  endif
#elif (defined(__powerpc64__) && defined(__LITTLE_ENDIAN__)) || defined(__s390x__)
#  define ADJEQ_PPC64LE_OR_S390X 1
#  if defined(__linux__)
#    include <sys/auxv.h>
#  endif
#elif defined(__riscv) && __riscv_xlen == 64 && defined(__linux__)
#  define ADJEQ_RISCV64_LINUX 1
#  include <sys/auxv.h>
#  include <sys/utsname.h>
#endif

/* Distinct powers of two add up to what they OR to. */
static_assert((ADJEQ_CPU_X86_SSE2 + ADJEQ_CPU_X86_AVX2 +
               ADJEQ_CPU_X86_AVX512BW + ADJEQ_CPU_X86_AVX512VBMI +
               ADJEQ_CPU_ARM_NEON + ADJEQ_CPU_ARM_SVE + ADJEQ_CPU_ARM_SVE2 +
               ADJEQ_CPU_X86_POPCNT + ADJEQ_CPU_RISCV_V + ADJEQ_CPU_PPC_VSX +
               ADJEQ_CPU_S390_VX + ADJEQ_CPU_WASM_SIMD128) ==
                  ADJEQ_CPU_FEATURES_ASSIGNED,
              "feature bits must be distinct: a shared bit would let a kernel "
              "run on a CPU that lacks its instructions");
static_assert(ADJEQ_CPU_FEATURES_ASSIGNED < 1u << ADJEQ_CPU_FEATURE_COUNT,
              "ADJEQ_CPU_FEATURE_COUNT must cover every feature bit");

/* Tables are indexed by enum value. A duplicate value is a duplicate case
 * label, which no compiler accepts. */
int adjeq_kernel_known(unsigned kernel) {
    switch (kernel) {
#define KNOWN(ID, name, arch, needs, priority, emulators) case ADJEQ_KERNEL_##ID:
        ADJEQ_KERNEL_REGISTRY(KNOWN)
#undef KNOWN
        return 1;
    default:
        return 0;
    }
}

const struct adjeq_kernel_desc adjeq_kernel_descs[ADJEQ_REGISTRY_LIMIT] = {
#define DESC(ID, name, arch, needs, priority, emulators) \
    [ADJEQ_KERNEL_##ID] = {#name, (needs), (priority)},
    ADJEQ_KERNEL_REGISTRY(DESC)
#undef DESC
};

/* XCR0 bits: SSE (1), AVX upper halves (2), AVX-512 opmask (5), upper ZMM0-15
 * (6), ZMM16-31 (7). */
#define XCR0_YMM UINT64_C(0x06)
#define XCR0_ZMM UINT64_C(0xe6)

void adjeq_cpu_x86_decode(const struct adjeq_cpu_x86_raw *raw,
                          struct adjeq_cpu_info *info) {
    uint32_t cpu = 0;
    if (raw->max_leaf >= 1 && (raw->leaf1_edx & (1u << 26)))
        cpu |= ADJEQ_CPU_X86_SSE2;
    if (raw->max_leaf >= 1 && (raw->leaf1_ecx & (1u << 23)))
        cpu |= ADJEQ_CPU_X86_POPCNT;
    int avx = raw->max_leaf >= 1 && (raw->leaf1_ecx & (1u << 28));
    int osxsave = raw->max_leaf >= 1 && (raw->leaf1_ecx & (1u << 27));
    if (raw->max_leaf >= 7) {
        if (avx && (raw->leaf7_ebx & (1u << 5)))
            cpu |= ADJEQ_CPU_X86_AVX2;
        if ((raw->leaf7_ebx & (1u << 16)) && (raw->leaf7_ebx & (1u << 30)))
            cpu |= ADJEQ_CPU_X86_AVX512BW;
        if (raw->leaf7_ecx & (1u << 1))
            cpu |= ADJEQ_CPU_X86_AVX512VBMI;
    }

    /* XCR0 means nothing unless OSXSAVE is set (and is then never read). */
    uint64_t xcr0 = osxsave ? raw->xcr0 : 0;
    uint32_t usable = cpu & (ADJEQ_CPU_X86_SSE2 | ADJEQ_CPU_X86_POPCNT);
    if ((xcr0 & XCR0_YMM) == XCR0_YMM)
        usable |= cpu & ADJEQ_CPU_X86_AVX2;
    if ((xcr0 & XCR0_ZMM) == XCR0_ZMM)
        usable |= cpu & (ADJEQ_CPU_X86_AVX512BW | ADJEQ_CPU_X86_AVX512VBMI);
    if (raw->darwin) {
        /* Darwin: sysctl, not XCR0, says whether the OS saves ZMM state; and
         * before macOS 12.2 (Darwin 21.3) it could lose the opmask registers
         * across a context switch (numpy PR #19362, golang/go#49233), so
         * AVX-512 is not used there at all. */
        usable &= ~(uint32_t)(ADJEQ_CPU_X86_AVX512BW | ADJEQ_CPU_X86_AVX512VBMI);
        uint32_t bw = ADJEQ_DARWIN_AVX512F | ADJEQ_DARWIN_AVX512BW;
        if ((xcr0 & XCR0_YMM) == XCR0_YMM && raw->darwin_release >= 2103 &&
            (raw->darwin_avx512 & bw) == bw) {
            usable |= cpu & ADJEQ_CPU_X86_AVX512BW;
            if (raw->darwin_avx512 & ADJEQ_DARWIN_AVX512VBMI)
                usable |= cpu & ADJEQ_CPU_X86_AVX512VBMI;
        }
    }

    info->cpu_features = cpu;
    info->usable_features = usable;

    /* GenuineIntel family 6 model 0x55: Skylake-SP, Cascade Lake, Cooper
     * Lake, which drop to the AVX-512 licence clock for 512-bit integer work
     * (libdeflate keeps 256-bit vectors there for the same reason). */
    static const char intel[12] = {'G', 'e', 'n', 'u', 'i', 'n',
                                   'e', 'I', 'n', 't', 'e', 'l'};
    unsigned family, model, stepping;
    adjeq_cpu_x86_signature(raw->leaf1_eax, &family, &model, &stepping);
    int is_intel = memcmp(raw->vendor, intel, sizeof intel) == 0;
    info->prefers_256bit = is_intel && family == 6 && model == 0x55;
    /* Every Intel core with AVX-512 (Skylake-SP to Sapphire Rapids) issues
     * 512-bit shuffles and compares into masks on port 5 alone; Zen 4 has
     * two shuffle pipes. */
    info->one_shuffle_port = is_intel;
}

void adjeq_cpu_x86_signature(uint32_t leaf1_eax, unsigned *family,
                             unsigned *model, unsigned *stepping) {
    /* The extended family only counts for family 0xf; the extended model
     * for families 6 and 0xf (Intel SDM and AMD APM agree). */
    unsigned base_family = (leaf1_eax >> 8) & 0xf;
    *family = base_family == 0xf ? base_family + ((leaf1_eax >> 20) & 0xff)
                                 : base_family;
    *model = (leaf1_eax >> 4) & 0xf;
    if (base_family == 0x6 || base_family == 0xf)
        *model |= ((leaf1_eax >> 16) & 0xf) << 4;
    *stepping = leaf1_eax & 0xf;
}

/* Linux hwcap bits (asm/hwcap.h), spelled out so this builds everywhere
 * (prefixed where glibc's <sys/auxv.h> defines the same name). */
#define HWCAP_AARCH64_SVE (UINT64_C(1) << 22)
#define HWCAP2_AARCH64_SVE2 (UINT64_C(1) << 1)
#define ADJEQ_HWCAP_ARM_NEON (UINT64_C(1) << 12)

void adjeq_cpu_arm_decode(int aarch64, uint64_t hwcap, uint64_t hwcap2,
                          struct adjeq_cpu_info *info) {
    uint32_t features = 0;
    if (aarch64) {
        /* Advanced SIMD is mandatory on AArch64: never trust hwcap for it
         * (getauxval returns 0 on some systems, such as WSL1). */
        features |= ADJEQ_CPU_ARM_NEON;
        if (hwcap & HWCAP_AARCH64_SVE)
            features |= ADJEQ_CPU_ARM_SVE;
        if ((hwcap & HWCAP_AARCH64_SVE) && (hwcap2 & HWCAP2_AARCH64_SVE2))
            features |= ADJEQ_CPU_ARM_SVE2;
    } else if (hwcap & ADJEQ_HWCAP_ARM_NEON) {
        features |= ADJEQ_CPU_ARM_NEON;
    }
    /* Linux reports only what it enables, so CPU and OS agree here. */
    info->cpu_features = features;
    info->usable_features = features;
    info->prefers_256bit = 0;
    info->one_shuffle_port = 0;
}

void adjeq_cpu_ppc64le_decode(uint64_t hwcap, uint64_t hwcap2, struct adjeq_cpu_info *info) {
    /* POWER8 (ISA 2.07, with VSX) is the ppc64le ELFv2 baseline: never
     * trust hwcap for it. POWER9/10 (PPC_FEATURE2_ARCH_3_00 / _3_1) would
     * be read here; no kernel uses them (docs/design.md). */
    (void)hwcap, (void)hwcap2;
    info->cpu_features = ADJEQ_CPU_PPC_VSX;
    info->usable_features = ADJEQ_CPU_PPC_VSX;
    info->prefers_256bit = 0;
    info->one_shuffle_port = 0;
}

/* 1 << ('V' - 'A'): Linux reports single-letter extensions by letter (the
 * macro COMPAT_HWCAP_ISA_V is missing from Linux 6.1's headers). */
#define ADJEQ_HWCAP_RISCV_V (UINT64_C(1) << 21)
/* Linux 6.5 is the first release that saves vector registers across context
 * switches; an older (vendor) kernel may still list V from the device tree,
 * and a process using V there can see its registers clobbered (zlib-ng also
 * decides on the release). From 6.5 on, the bit is cleared when V is not
 * enabled for the process (prctl PR_RISCV_V_SET_CONTROL). */
#define ADJEQ_LINUX_RISCV_V_STATE 6005u

void adjeq_cpu_riscv_decode(uint64_t hwcap, uint32_t os_release,
                            struct adjeq_cpu_info *info) {
    uint32_t cpu = (hwcap & ADJEQ_HWCAP_RISCV_V) ? ADJEQ_CPU_RISCV_V : 0;
    info->cpu_features = cpu;
    info->usable_features = os_release >= ADJEQ_LINUX_RISCV_V_STATE ? cpu : 0;
    info->prefers_256bit = 0;
    info->one_shuffle_port = 0;
}

/* HWCAP_S390_VXRS (asm/hwcap.h; glibc's HWCAP_S390_VX). */
#define ADJEQ_HWCAP_S390_VXRS (UINT64_C(1) << 11)

void adjeq_cpu_s390x_decode(uint64_t hwcap, struct adjeq_cpu_info *info) {
    /* Linux sets the bit only when the machine has the vector facility and
     * the kernel saves the vector registers (it enables them in CR0), so
     * the CPU and the OS are one check: without it a vector instruction
     * raises an exception. */
    uint32_t features = (hwcap & ADJEQ_HWCAP_S390_VXRS) ? ADJEQ_CPU_S390_VX : 0;
    info->cpu_features = features;
    info->usable_features = features;
    info->prefers_256bit = 0;
    info->one_shuffle_port = 0;
}

uint32_t adjeq_linux_release(const char *release) {
    unsigned major = 0, minor = 0, digits = 0;
    const char *c = release;
    for (; *c >= '0' && *c <= '9' && digits < 6; c++, digits++)
        major = major * 10 + (unsigned)(*c - '0');
    if (!digits || *c != '.')
        return 0;
    digits = 0;
    for (c++; *c >= '0' && *c <= '9' && digits < 6; c++, digits++)
        minor = minor * 10 + (unsigned)(*c - '0');
    if (!digits)
        return 0;
    return major * 1000 + (minor < 1000 ? minor : 999);
}

void adjeq_cpu_wasm_decode(int simd128, struct adjeq_cpu_info *info) {
    info->cpu_features = simd128 ? ADJEQ_CPU_WASM_SIMD128 : 0;
    info->usable_features = info->cpu_features;
    info->prefers_256bit = 0;
    info->one_shuffle_port = 0;
}

#if defined(ADJEQ_X86)
/* On i386, EBX is the PIC register: compilers before GCC 5 refused an asm
 * that clobbers it, and older <cpuid.h> spelled CPUID as an xchg around it.
 * GCC 5+ and clang save and restore EBX themselves around "=b", so
 * __cpuid_count is safe in PIC code with them. */
#  if defined(__i386__) && defined(__GNUC__) && !defined(__clang__) && __GNUC__ < 5
#    error "i386 CPUID needs GCC 5 or later (EBX is the PIC register)"
#  endif
static void cpuid(uint32_t leaf, uint32_t subleaf, uint32_t out[4]) {
#  if defined(_MSC_VER) && !defined(__clang__)
    int r[4];
    __cpuidex(r, (int)leaf, (int)subleaf);
    memcpy(out, r, sizeof r);
#  else
    __cpuid_count(leaf, subleaf, out[0], out[1], out[2], out[3]);
#  endif
}

/* CPUID exists on every x86-64 CPU; on i386 only where EFLAGS.ID can be
 * toggled (not on a 386 or early 486), which __get_cpuid_max tests. */
static int cpuid_present(void) {
#  if defined(__i386__) && defined(__GNUC__)
    return __get_cpuid_max(0, NULL) != 0;
#  else
    return 1;
#  endif
}

static uint64_t xgetbv0(void) {
#  if defined(_MSC_VER) && !defined(__clang__)
    return _xgetbv(0);
#  else
    /* Inline asm rather than _xgetbv(), which needs -mxsave on this file. */
    uint32_t eax, edx;
    __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
    return ((uint64_t)edx << 32) | eax;
#  endif
}
#endif

/* The SVE vector length is per thread and set by the OS, so hwcaps alone do
 * not give it. */
#if defined(__aarch64__) && defined(__linux__)
#  include <sys/prctl.h>
#  ifndef PR_SVE_GET_VL
#    define PR_SVE_GET_VL 51
#  endif
#  define SVE_VL_LEN_MASK 0xffff
#endif

void adjeq_cpu_read(struct adjeq_cpu_raw *raw) {
    memset(raw, 0, sizeof *raw);
#if defined(ADJEQ_X86)
    uint32_t r[4];
#  if defined(__i386__) || defined(_M_IX86)
    raw->arch = ADJEQ_ARCH_X86;
#  else
    raw->arch = ADJEQ_ARCH_X86_64;
#  endif
    if (!cpuid_present())
        return;
    cpuid(0, 0, r);
    raw->x86.max_leaf = r[0];
    raw->x86.vendor[0] = r[1];
    raw->x86.vendor[1] = r[3];
    raw->x86.vendor[2] = r[2];
    if (raw->x86.max_leaf >= 1) {
        cpuid(1, 0, r);
        raw->x86.leaf1_eax = r[0];
        raw->x86.leaf1_ecx = r[2];
        raw->x86.leaf1_edx = r[3];
        /* XGETBV faults unless the OS set CR4.OSXSAVE. */
        if (raw->x86.leaf1_ecx & (1u << 27))
            raw->x86.xcr0 = xgetbv0();
    }
    if (raw->x86.max_leaf >= 7) {
        cpuid(7, 0, r);
        raw->x86.leaf7_ebx = r[1];
        raw->x86.leaf7_ecx = r[2];
    }
#  if defined(__APPLE__)
    raw->x86.darwin = 1;
    static const struct {
        const char *name;
        uint32_t bit;
    } darwin_flags[] = {{"hw.optional.avx512f", ADJEQ_DARWIN_AVX512F},
                        {"hw.optional.avx512bw", ADJEQ_DARWIN_AVX512BW},
                        {"hw.optional.avx512vbmi", ADJEQ_DARWIN_AVX512VBMI}};
    for (size_t f = 0; f < sizeof darwin_flags / sizeof darwin_flags[0]; f++) {
        int on = 0;
        size_t size = sizeof on;
        if (sysctlbyname(darwin_flags[f].name, &on, &size, NULL, 0) == 0 && on)
            raw->x86.darwin_avx512 |= darwin_flags[f].bit;
    }
    char release[32];
    size_t size = sizeof release;
    if (sysctlbyname("kern.osrelease", release, &size, NULL, 0) == 0) {
        unsigned major = 0, minor = 0;
        const char *c = release;
        for (; *c >= '0' && *c <= '9'; c++)
            major = major * 10 + (unsigned)(*c - '0');
        if (*c == '.')
            for (c++; *c >= '0' && *c <= '9'; c++)
                minor = minor * 10 + (unsigned)(*c - '0');
        raw->x86.darwin_release = major * 100 + (minor < 100 ? minor : 99);
    }
#  endif
#elif defined(__aarch64__) || defined(__arm__) || defined(_M_ARM64)
#  if defined(__aarch64__) || defined(_M_ARM64)
    raw->arch = ADJEQ_ARCH_AARCH64;
#  else
    raw->arch = ADJEQ_ARCH_ARM32;
#  endif
#  if defined(__linux__)
    raw->hwcap = getauxval(AT_HWCAP);
#    if defined(AT_HWCAP2)
    raw->hwcap2 = getauxval(AT_HWCAP2);
#    endif
#  elif defined(__FreeBSD__)
    /* FreeBSD's hwcap bits for these features are Linux's. */
    unsigned long word = 0;
    if (elf_aux_info(AT_HWCAP, &word, sizeof word) == 0)
        raw->hwcap = word;
    word = 0;
    if (elf_aux_info(AT_HWCAP2, &word, sizeof word) == 0)
        raw->hwcap2 = word;
#  elif defined(_WIN32)
    /* Windows on Arm64: Advanced SIMD is baseline; SVE where Windows reports
     * it (PF_ARM_SVE_INSTRUCTIONS_AVAILABLE, 46, in newer SDKs), translated
     * into the Linux hwcap bit the pure decoder reads. */
    if (IsProcessorFeaturePresent(46))
        raw->hwcap |= HWCAP_AARCH64_SVE;
#  endif
#  if defined(__aarch64__) && defined(__linux__)
    if (raw->hwcap & HWCAP_AARCH64_SVE) {
        int vl = prctl(PR_SVE_GET_VL, 0, 0, 0, 0);
        if (vl > 0)
            raw->sve_vector_bytes = (uint32_t)vl & SVE_VL_LEN_MASK;
    }
#  endif
#elif defined(ADJEQ_PPC64LE_OR_S390X)
#  if defined(__s390x__)
    raw->arch = ADJEQ_ARCH_S390X;
#  else
    raw->arch = ADJEQ_ARCH_PPC64LE;
#  endif
#  if defined(__linux__)
    raw->hwcap = getauxval(AT_HWCAP);
    raw->hwcap2 = getauxval(AT_HWCAP2);
#  endif
#elif defined(ADJEQ_RISCV64_LINUX)
    raw->arch = ADJEQ_ARCH_RISCV64;
    raw->hwcap = getauxval(AT_HWCAP);
    struct utsname name;
    if (uname(&name) == 0)
        raw->os_release = adjeq_linux_release(name.release);
#elif defined(__wasm__)
    raw->arch = ADJEQ_ARCH_WASM;
#  if defined(__wasm_simd128__)
    raw->wasm_simd128 = 1;
#  endif
#else
    raw->arch = ADJEQ_ARCH_OTHER;
#endif
}

void adjeq_cpu_decode(const struct adjeq_cpu_raw *raw,
                      struct adjeq_cpu_info *info) {
    switch (raw->arch) {
    case ADJEQ_ARCH_X86_64:
    case ADJEQ_ARCH_X86:
        adjeq_cpu_x86_decode(&raw->x86, info);
        return;
    case ADJEQ_ARCH_AARCH64:
    case ADJEQ_ARCH_ARM32:
        adjeq_cpu_arm_decode(raw->arch == ADJEQ_ARCH_AARCH64, raw->hwcap,
                             raw->hwcap2, info);
        return;
    case ADJEQ_ARCH_PPC64LE:
        adjeq_cpu_ppc64le_decode(raw->hwcap, raw->hwcap2, info);
        return;
    case ADJEQ_ARCH_S390X:
        adjeq_cpu_s390x_decode(raw->hwcap, info);
        return;
    case ADJEQ_ARCH_RISCV64:
        adjeq_cpu_riscv_decode(raw->hwcap, raw->os_release, info);
        return;
    case ADJEQ_ARCH_WASM:
        adjeq_cpu_wasm_decode(raw->wasm_simd128, info);
        return;
    case ADJEQ_ARCH_OTHER:
        break;
    }
    info->cpu_features = 0;
    info->usable_features = 0;
    info->prefers_256bit = 0;
    info->one_shuffle_port = 0;
}

void adjeq_cpu_detect(struct adjeq_cpu_info *info) {
    struct adjeq_cpu_raw raw;
    adjeq_cpu_read(&raw);
    adjeq_cpu_decode(&raw, info);
}

uint32_t adjeq_kernel_needs(enum adjeq_kernel kernel) {
    if (!adjeq_kernel_known((unsigned)kernel))
        return ~UINT32_C(0);
    return adjeq_kernel_descs[kernel].needs;
}

/* Policy, not capability: a usable kernel the automatic choice skips. */
static int policy_passes_over(const struct adjeq_cpu_info *info,
                              uint32_t needs) {
    return info->prefers_256bit && (needs & ADJEQ_CPU_X86_AVX512BW);
}

enum adjeq_kernel adjeq_choose_kernel(const struct adjeq_cpu_info *info,
                                      uint32_t compiled) {
    /* The highest priority among the usable kernels the policy allows; on
     * each CPU only one family can match (docs/design.md, "SVE policy", for why SVE
     * ranks above NEON). */
    enum adjeq_kernel best = ADJEQ_KERNEL_SCALAR;
    unsigned best_priority = 0;
    for (unsigned k = 0; k < ADJEQ_REGISTRY_LIMIT; k++) {
        const struct adjeq_kernel_desc *d = &adjeq_kernel_descs[k];
        if (!adjeq_kernel_known(k) || !(compiled & (1u << k)) ||
            (info->usable_features & d->needs) != d->needs || policy_passes_over(info, d->needs))
            continue;
        if (d->priority > best_priority) {
            best = (enum adjeq_kernel)k;
            best_priority = d->priority;
        }
    }
    return best;
}

/* Indexed by bit position of enum adjeq_cpu_feature; NULL: unassigned. */
static const char *const feature_names[ADJEQ_CPU_FEATURE_COUNT] = {
    "sse2", "avx2", "avx512bw", "avx512vbmi", "neon", "sve", "sve2", "popcnt",
    [8] = "rvv", [9] = "vsx", [10] = "vx", [11] = "simd128"};

const char *adjeq_cpu_feature_name(uint32_t feature) {
    for (unsigned bit = 0; bit < ADJEQ_CPU_FEATURE_COUNT; bit++)
        if (feature == 1u << bit)
            return feature_names[bit]; /* NULL for an unassigned bit */
    return NULL;
}

void adjeq_cpu_feature_list(uint32_t mask, char *buf, size_t size) {
    size_t used = 0;
    if (size == 0)
        return;
    buf[0] = '\0';
    for (unsigned bit = 0; bit < ADJEQ_CPU_FEATURE_COUNT; bit++) {
        const char *name = feature_names[bit];
        if (!(mask & (1u << bit)) || !name)
            continue;
        size_t need = strlen(name) + (used ? 1 : 0);
        if (used + need >= size)
            return;
        if (used)
            buf[used++] = ' ';
        memcpy(buf + used, name, strlen(name) + 1);
        used += strlen(name);
    }
}

uint64_t adjeq_cpu_feature_xcr0(uint32_t feature) {
    switch (feature) {
    case ADJEQ_CPU_X86_AVX2:
        return XCR0_YMM;
    case ADJEQ_CPU_X86_AVX512BW:
    case ADJEQ_CPU_X86_AVX512VBMI:
        return XCR0_ZMM;
    default:
        return 0;
    }
}

enum adjeq_kernel_reason adjeq_kernel_reason_for(
    const struct adjeq_cpu_info *info, uint32_t compiled,
    enum adjeq_kernel kernel, uint32_t *missing) {
    *missing = 0;
    if (!adjeq_kernel_known((unsigned)kernel) || !(compiled & (1u << kernel)))
        return ADJEQ_REASON_NOT_COMPILED;
    uint32_t needs = adjeq_kernel_needs(kernel);
    /* The CPU lacking a feature is the deeper cause, so it is reported even
     * when the OS would also have to enable another. */
    if ((info->cpu_features & needs) != needs) {
        *missing = needs & ~info->cpu_features;
        return ADJEQ_REASON_CPU_LACKS_FEATURE;
    }
    if ((info->usable_features & needs) != needs) {
        *missing = needs & ~info->usable_features;
        return ADJEQ_REASON_OS_LACKS_STATE;
    }
    if (adjeq_choose_kernel(info, compiled) == kernel)
        return ADJEQ_REASON_CHOSEN;
    if (policy_passes_over(info, needs))
        return ADJEQ_REASON_POLICY_512BIT_DOWNCLOCK;
    return ADJEQ_REASON_POLICY_FASTER_KERNEL;
}
