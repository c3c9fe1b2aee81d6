/*
 * Internal: CPU feature detection.
 *
 * Reading the hardware (CPUID, XGETBV, getauxval) happens in one impure
 * function; everything decided from those raw values is a pure function, so
 * tests can feed it recorded or impossible CPUs.
 */
#ifndef ADJEQ_CPU_FEATURES_H
#define ADJEQ_CPU_FEATURES_H

#include <stdint.h>

#include "adjeq.h"

/* One bit per feature a kernel can need. A feature is "usable" only when the
 * CPU has it and the OS saves the registers it uses. */
enum adjeq_cpu_feature {
    ADJEQ_CPU_X86_SSE2 = 1u << 0,
    ADJEQ_CPU_X86_AVX2 = 1u << 1,       /* AVX + AVX2 */
    ADJEQ_CPU_X86_AVX512BW = 1u << 2,   /* AVX-512 F + BW */
    ADJEQ_CPU_X86_AVX512VBMI = 1u << 3,
    ADJEQ_CPU_ARM_NEON = 1u << 4,
    ADJEQ_CPU_ARM_SVE = 1u << 5,
    ADJEQ_CPU_ARM_SVE2 = 1u << 6,
    ADJEQ_CPU_X86_POPCNT = 1u << 7
};
#define ADJEQ_CPU_FEATURE_COUNT 8

/* Raw values read from an x86 CPU; the fields a CPU lacks stay 0. */
struct adjeq_cpu_x86_raw {
    uint32_t max_leaf;                      /* CPUID.0:EAX */
    uint32_t vendor[3];                     /* CPUID.0:EBX, EDX, ECX */
    uint32_t leaf1_eax, leaf1_ecx, leaf1_edx;
    uint32_t leaf7_ebx, leaf7_ecx;          /* CPUID.(7,0) */
    uint64_t xcr0;                          /* XGETBV(0); 0 if not OSXSAVE */
};

struct adjeq_cpu_info {
    uint32_t cpu_features;    /* what the CPU reports */
    uint32_t usable_features; /* ... and the OS has enabled */
    /* Policy, not capability: 512-bit work lowers this part's clock enough
     * that 256-bit kernels win (Skylake-SP through Cooper Lake). */
    int prefers_256bit;
};

void adjeq_cpu_x86_decode(const struct adjeq_cpu_x86_raw *raw,
                          struct adjeq_cpu_info *info);

/* aarch64: 1 where Advanced SIMD is baseline (AArch64), 0 for ARMv7, where
 * NEON is only present if HWCAP_NEON says so. */
void adjeq_cpu_arm_decode(int aarch64, uint64_t hwcap, uint64_t hwcap2,
                          struct adjeq_cpu_info *info);

/* Reads the running CPU and OS. */
void adjeq_cpu_detect(struct adjeq_cpu_info *info);

/* Features a kernel needs (usable) to run. */
uint32_t adjeq_kernel_needs(enum adjeq_kernel kernel);

/* The automatic choice for a CPU, among the kernels whose bit is set in
 * compiled (bit k = enum value k). Pure. */
enum adjeq_kernel adjeq_choose_kernel(const struct adjeq_cpu_info *info,
                                      uint32_t compiled);

#endif /* ADJEQ_CPU_FEATURES_H */
