/*
 * Internal: CPU feature detection.
 *
 * Reading the hardware (CPUID, XGETBV, getauxval) happens in one impure
 * function; everything decided from those raw values is a pure function, so
 * tests can feed it recorded or impossible CPUs.
 */
#ifndef ADJEQ_CPU_FEATURES_H
#define ADJEQ_CPU_FEATURES_H

#include <stddef.h>
#include <stdint.h>

#include "adjeq.h"
#include "registry.h"

/* The descriptors of kernels/registry.h (which also defines the feature
 * bits), indexed by enum adjeq_kernel. */
struct adjeq_kernel_desc {
    const char *name;
    uint32_t needs;    /* usable features the kernel requires */
    unsigned priority; /* the automatic choice takes the highest supported */
};
extern const struct adjeq_kernel_desc adjeq_kernel_descs[ADJEQ_REGISTRY_LIMIT];

/* 1 if the registry lists this enum value (the enum may have gaps). */
int adjeq_kernel_known(unsigned kernel);

/* Raw values read from an x86 CPU; the fields a CPU lacks stay 0. */
struct adjeq_cpu_x86_raw {
    uint32_t max_leaf;                      /* CPUID.0:EAX */
    uint32_t vendor[3];                     /* CPUID.0:EBX, EDX, ECX */
    uint32_t leaf1_eax, leaf1_ecx, leaf1_edx;
    uint32_t leaf7_ebx, leaf7_ecx;          /* CPUID.(7,0) */
    uint64_t xcr0;                          /* XGETBV(0); 0 if not OSXSAVE */
    /* macOS only (0 elsewhere). Darwin enables AVX-512 state lazily, on a
     * thread's first use, so XCR0 under-reports ZMM; sysctl tells instead. */
    uint32_t darwin;                        /* 1 when the OS is Darwin */
    uint32_t darwin_avx512;                 /* ADJEQ_DARWIN_AVX512* from hw.optional.avx512* */
    uint32_t darwin_release;                /* kern.osrelease as major * 100 + minor */
};
#define ADJEQ_DARWIN_AVX512F 1u
#define ADJEQ_DARWIN_AVX512BW 2u
#define ADJEQ_DARWIN_AVX512VBMI 4u

struct adjeq_cpu_info {
    uint32_t cpu_features;    /* what the CPU reports */
    uint32_t usable_features; /* ... and the OS has enabled */
    /* Policy, not capability: 512-bit work lowers this part's clock enough
     * that 256-bit kernels win (Skylake-SP through Cooper Lake). */
    int prefers_256bit;
    /* Tuning: 512-bit shuffles and compares into masks share one port
     * (Intel's AVX-512 cores), so kernels with a table for it
     * (adjeq_kernel_ops.one_shuffle_port) use that one. */
    int one_shuffle_port;
};

void adjeq_cpu_x86_decode(const struct adjeq_cpu_x86_raw *raw,
                          struct adjeq_cpu_info *info);

/* Display family, model and stepping from CPUID.1:EAX, as the vendors'
 * manuals define them. Pure. */
void adjeq_cpu_x86_signature(uint32_t leaf1_eax, unsigned *family,
                             unsigned *model, unsigned *stepping);

/* aarch64: 1 where Advanced SIMD is baseline (AArch64), 0 for ARMv7, where
 * NEON is only present if HWCAP_NEON says so. */
void adjeq_cpu_arm_decode(int aarch64, uint64_t hwcap, uint64_t hwcap2,
                          struct adjeq_cpu_info *info);

/* ppc64le: VSX is baseline (POWER8); the hwcaps are taken so a POWER9/10
 * check has its place. Pure. */
void adjeq_cpu_ppc64le_decode(uint64_t hwcap, uint64_t hwcap2, struct adjeq_cpu_info *info);

/* s390x: the vector facility where Linux reports HWCAP_S390_VXRS. Pure. */
void adjeq_cpu_s390x_decode(uint64_t hwcap, struct adjeq_cpu_info *info);
/* RISC-V: the 'V' bit of AT_HWCAP (bit 21, 1 << ('V' - 'A')) is usable only
 * where the kernel saves vector state across context switches, Linux 6.5 and
 * later (os_release as from adjeq_linux_release; 0 if unknown). Pure. */
void adjeq_cpu_riscv_decode(uint64_t hwcap, uint32_t os_release,
                            struct adjeq_cpu_info *info);

/* "6.5.0-rc1" -> 6005: major * 1000 + minor (minor capped at 999); 0 when
 * the string does not start with "<major>.<minor>". Pure. */
uint32_t adjeq_linux_release(const char *release);

/* WebAssembly: simd128 is 1 when the library was compiled with -msimd128 (an
 * engine without SIMD refuses the whole module, so nothing runs to ask).
 * Pure. */
void adjeq_cpu_wasm_decode(int simd128, struct adjeq_cpu_info *info);

/* Everything the detector reads from the hardware and OS, kept whole for the
 * CPU report (adjeq_cpu_report). */
enum adjeq_cpu_arch {
    ADJEQ_ARCH_OTHER = 0,
    ADJEQ_ARCH_X86_64,
    ADJEQ_ARCH_AARCH64,
    ADJEQ_ARCH_ARM32,
    ADJEQ_ARCH_X86, /* 32-bit x86 */
    ADJEQ_ARCH_PPC64LE,
    ADJEQ_ARCH_S390X,
    ADJEQ_ARCH_RISCV64,
    ADJEQ_ARCH_WASM
};
struct adjeq_cpu_raw {
    enum adjeq_cpu_arch arch;
    struct adjeq_cpu_x86_raw x86;
    uint64_t hwcap, hwcap2;         /* getauxval(AT_HWCAP, AT_HWCAP2) */
    uint32_t sve_vector_bytes;      /* prctl(PR_SVE_GET_VL); 0 without SVE */
    uint32_t os_release;            /* RISC-V Linux: adjeq_linux_release(uname) */
    int wasm_simd128;               /* WebAssembly: compiled with -msimd128 */
};

/* Reads the running CPU and OS (the only impure function here). */
void adjeq_cpu_read(struct adjeq_cpu_raw *raw);

/* Pure: decodes whichever architecture raw->arch names. */
void adjeq_cpu_decode(const struct adjeq_cpu_raw *raw,
                      struct adjeq_cpu_info *info);

/* Reads the running CPU and OS: adjeq_cpu_read + adjeq_cpu_decode. */
void adjeq_cpu_detect(struct adjeq_cpu_info *info);

/* "sse2", "avx512bw", ... for one feature bit; NULL for anything else. */
const char *adjeq_cpu_feature_name(uint32_t feature);

/* Appends the names of the features in mask to buf, space-separated, in bit
 * order; always NUL-terminates (truncating if it must). */
void adjeq_cpu_feature_list(uint32_t mask, char *buf, size_t size);

/* x86: the XCR0 bits the OS must set before the feature's registers may be
 * used; 0 for features with no extra register state. */
uint64_t adjeq_cpu_feature_xcr0(uint32_t feature);

/* Features a kernel needs (usable) to run; all bits for a value out of
 * range. */
uint32_t adjeq_kernel_needs(enum adjeq_kernel kernel);

/* The automatic choice for a CPU, among the kernels whose bit is set in
 * compiled (bit k = enum value k). Pure. */
enum adjeq_kernel adjeq_choose_kernel(const struct adjeq_cpu_info *info,
                                      uint32_t compiled);

/* Why the automatic choice takes or passes over `kernel` on this CPU (the
 * reasons of enum adjeq_kernel_reason in adjeq.h). *missing receives the
 * needed features the CPU lacks (ADJEQ_REASON_CPU_LACKS_FEATURE) or the OS
 * has not enabled (ADJEQ_REASON_OS_LACKS_STATE), else 0. Pure. */
enum adjeq_kernel_reason adjeq_kernel_reason_for(
    const struct adjeq_cpu_info *info, uint32_t compiled,
    enum adjeq_kernel kernel, uint32_t *missing);

#endif /* ADJEQ_CPU_FEATURES_H */
