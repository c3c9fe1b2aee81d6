/*
 * Internal: every kernel adjeq knows, compiled in or not, one descriptor
 * line each. Dispatch (names, the ops tables), detection (what a kernel
 * needs and its place in the automatic choice), the ISA-leak check
 * (tests/isa_leak_check.py) and the kernel-coverage gate
 * (scripts/kernel_coverage.py) all read this list; the two scripts parse the
 * lines below, so keep one X(...) per line.
 *
 *   X(ID, name, arch, needs, priority, emulators)
 *     ID        ADJEQ_KERNEL_<ID> in adjeq.h (values are ABI: append only)
 *     name      adjeq_kernel_name(), ADJEQ_KERNEL=, the file kernels/<name>.c
 *               and its table adjeq_ops_<name>
 *     arch      the CMake architecture the kernel builds for ("any": all)
 *     needs     the usable CPU features the kernel requires: everything its
 *               compiler flags let the compiler emit
 *     priority  the automatic choice takes the supported kernel with the
 *               highest one; on each CPU only one family can match
 *     emulators where the coverage gate may expect it to run when the host
 *               cannot: qemu-<arch> (user mode) or simde (the kernel's source
 *               built for the other architecture through SIMDe)
 */
#ifndef ADJEQ_REGISTRY_H
#define ADJEQ_REGISTRY_H

#include <stdint.h>

#include "adjeq.h"

/* One bit per feature a kernel can need. A feature is usable only when the
 * CPU has it and the OS saves the registers it uses. */
enum adjeq_cpu_feature {
    ADJEQ_CPU_X86_SSE2 = 1u << 0,
    ADJEQ_CPU_X86_AVX2 = 1u << 1,     /* AVX + AVX2 */
    ADJEQ_CPU_X86_AVX512BW = 1u << 2, /* AVX-512 F + BW */
    ADJEQ_CPU_X86_AVX512VBMI = 1u << 3,
    ADJEQ_CPU_ARM_NEON = 1u << 4,
    ADJEQ_CPU_ARM_SVE = 1u << 5,
    ADJEQ_CPU_ARM_SVE2 = 1u << 6,
    ADJEQ_CPU_X86_POPCNT = 1u << 7,
    ADJEQ_CPU_RISCV_V = 1u << 8,      /* RVV 1.0, and Linux saves its state */
    ADJEQ_CPU_PPC_VSX = 1u << 9,      /* POWER8 VSX (ISA 2.07 vector) */
    ADJEQ_CPU_S390_VX = 1u << 10,     /* z13 vector facility, enabled by Linux */
    /* Not detected: a WebAssembly engine refuses the whole module unless it
     * implements every instruction in it, so this is set exactly when the
     * library was compiled with -msimd128. */
    ADJEQ_CPU_WASM_SIMD128 = 1u << 11
};
/* Bits below 1 << ADJEQ_CPU_FEATURE_COUNT; a bit outside
 * ADJEQ_CPU_FEATURES_ASSIGNED is not used by this build. */
#define ADJEQ_CPU_FEATURE_COUNT 12
#define ADJEQ_CPU_FEATURES_ASSIGNED                                                   \
    (ADJEQ_CPU_X86_SSE2 | ADJEQ_CPU_X86_AVX2 | ADJEQ_CPU_X86_AVX512BW |               \
     ADJEQ_CPU_X86_AVX512VBMI | ADJEQ_CPU_ARM_NEON | ADJEQ_CPU_ARM_SVE |              \
     ADJEQ_CPU_ARM_SVE2 | ADJEQ_CPU_X86_POPCNT | ADJEQ_CPU_RISCV_V | ADJEQ_CPU_PPC_VSX | \
     ADJEQ_CPU_S390_VX | ADJEQ_CPU_WASM_SIMD128)

#define ADJEQ_NEEDS_AVX2 (ADJEQ_CPU_X86_SSE2 | ADJEQ_CPU_X86_POPCNT | ADJEQ_CPU_X86_AVX2)
/* -mavx512bw lets the compiler emit AVX2 too, so the AVX-512 kernels need it;
 * they count mask bits with POPCNT. */
#define ADJEQ_NEEDS_AVX512BW (ADJEQ_NEEDS_AVX2 | ADJEQ_CPU_X86_AVX512BW)

#define ADJEQ_KERNEL_REGISTRY(X)                                                                            \
    X(SCALAR, scalar, any, 0, 0, "qemu-x86_64 qemu-i386 qemu-aarch64 qemu-arm qemu-ppc64le qemu-s390x qemu-riscv64 node") \
    X(SSE2, sse2, x86_64 x86, ADJEQ_CPU_X86_SSE2, 10, "qemu-x86_64 qemu-i386 simde")                            \
    X(AVX2, avx2, x86_64 x86, ADJEQ_NEEDS_AVX2, 20, "qemu-x86_64 qemu-i386 simde")                            \
    X(AVX512BW, avx512bw, x86_64 x86, ADJEQ_NEEDS_AVX512BW, 30, "simde")                                    \
    X(AVX512VBMI, avx512vbmi, x86_64 x86, ADJEQ_NEEDS_AVX512BW | ADJEQ_CPU_X86_AVX512VBMI, 40, "simde")      \
    X(NEON, neon, aarch64 arm, ADJEQ_CPU_ARM_NEON, 10, "qemu-aarch64 qemu-arm simde")                       \
    X(SVE, sve, aarch64, ADJEQ_CPU_ARM_NEON | ADJEQ_CPU_ARM_SVE, 20, "qemu-aarch64")                       \
    X(RVV, rvv, riscv64, ADJEQ_CPU_RISCV_V, 10, "qemu-riscv64")                                            \
    X(VSX, vsx, ppc64le, ADJEQ_CPU_PPC_VSX, 10, "qemu-ppc64le")                                            \
    X(ZVECTOR, zvector, s390x, ADJEQ_CPU_S390_VX, 10, "qemu-s390x")                                        \
    X(SIMD128, simd128, wasm, ADJEQ_CPU_WASM_SIMD128, 10, "node")

/* ADJEQ_REGISTRY_LIMIT: one more than the highest enum adjeq_kernel value
 * listed (the size of a union of arrays of each id + 1 bytes), so tables
 * indexed by the enum hold every kernel even where the enum has gaps (values
 * another build assigns). */
#define ADJEQ_REGISTRY_SIZE(ID, name, arch, needs, priority, emulators) \
    char registry_##ID[ADJEQ_KERNEL_##ID + 1];
union adjeq_registry_ids {
    ADJEQ_KERNEL_REGISTRY(ADJEQ_REGISTRY_SIZE)
};
#undef ADJEQ_REGISTRY_SIZE
#define ADJEQ_REGISTRY_LIMIT ((unsigned)sizeof(union adjeq_registry_ids))

#endif /* ADJEQ_REGISTRY_H */
