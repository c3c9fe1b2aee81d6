/*
 * The detector and the automatic choice fed fake CPUs: recorded CPUID/XCR0
 * values of real parts, and the OS and VM quirks that crashed other libraries.
 * Pure functions only; nothing here depends on the host CPU.
 */
#include "cpu_features.h"
#include "test_util.h"

/* Every kernel counts as compiled in, so choices for any ISA are testable. */
#define ALL_KERNELS (~UINT32_C(0))

#define ECX1_SSE3 (1u << 0)
#define ECX1_SSSE3 (1u << 9)
#define ECX1_SSE41 (1u << 19)
#define ECX1_SSE42 (1u << 20)
#define ECX1_POPCNT (1u << 23)
#define ECX1_OSXSAVE (1u << 27)
#define ECX1_AVX (1u << 28)
#define EDX1_SSE2 (1u << 26)
#define EBX7_AVX2 (1u << 5)
#define EBX7_AVX512F (1u << 16)
#define EBX7_AVX512BW (1u << 30)
#define EBX7_AVX512VL (1u << 31)
#define ECX7_VBMI (1u << 1)

#define NEHALEM_ECX1 (ECX1_SSE3 | ECX1_SSSE3 | ECX1_SSE41 | ECX1_SSE42 | ECX1_POPCNT)
#define AVX_ECX1 (NEHALEM_ECX1 | ECX1_OSXSAVE | ECX1_AVX)
#define SKX_EBX7 (EBX7_AVX2 | EBX7_AVX512F | EBX7_AVX512BW | EBX7_AVX512VL)

static struct adjeq_cpu_x86_raw x86(const char *vendor, uint32_t max_leaf,
                                    uint32_t eax1, uint32_t ecx1, uint32_t ebx7,
                                    uint32_t ecx7, uint64_t xcr0) {
    struct adjeq_cpu_x86_raw raw;
    memset(&raw, 0, sizeof raw);
    memcpy(raw.vendor, vendor, 12);
    raw.max_leaf = max_leaf;
    raw.leaf1_eax = eax1;
    raw.leaf1_ecx = ecx1;
    raw.leaf1_edx = EDX1_SSE2;
    raw.leaf7_ebx = ebx7;
    raw.leaf7_ecx = ecx7;
    raw.xcr0 = xcr0;
    return raw;
}

/* Every CPUID word exactly as a real or emulated CPU returned it. */
static struct adjeq_cpu_x86_raw recorded(const char *vendor, uint32_t max_leaf,
                                         uint32_t eax1, uint32_t ecx1, uint32_t edx1,
                                         uint32_t ebx7, uint32_t ecx7, uint64_t xcr0) {
    struct adjeq_cpu_x86_raw raw = x86(vendor, max_leaf, eax1, ecx1, ebx7, ecx7, xcr0);
    raw.leaf1_edx = edx1;
    return raw;
}

static void expect_x86(const char *what, struct adjeq_cpu_x86_raw raw,
                       enum adjeq_kernel want) {
    struct adjeq_cpu_info info;
    adjeq_cpu_x86_decode(&raw, &info);
    enum adjeq_kernel got = adjeq_choose_kernel(&info, ALL_KERNELS);
    CHECK(got == want, "%s: chose %s, want %s", what, adjeq_kernel_name(got),
          adjeq_kernel_name(want));
    CHECK((info.usable_features & ~info.cpu_features) == 0,
          "%s: usable is a subset of what the CPU reports", what);
}

static void expect_arm(const char *what, int aarch64, uint64_t hwcap,
                       uint64_t hwcap2, enum adjeq_kernel want) {
    struct adjeq_cpu_info info;
    adjeq_cpu_arm_decode(aarch64, hwcap, hwcap2, &info);
    enum adjeq_kernel got = adjeq_choose_kernel(&info, ALL_KERNELS);
    CHECK(got == want, "%s: chose %s, want %s", what, adjeq_kernel_name(got),
          adjeq_kernel_name(want));
}

static void test_real_x86_parts(void) {
    expect_x86("Nehalem", x86("GenuineIntel", 0xb, 0x106a5, NEHALEM_ECX1, 0, 0, 0),
               ADJEQ_KERNEL_SSE2);
    expect_x86("Sandy Bridge", x86("GenuineIntel", 0xd, 0x206a7, AVX_ECX1, 0, 0, 0x7),
               ADJEQ_KERNEL_SSE2);
    expect_x86("Haswell", x86("GenuineIntel", 0xd, 0x306c3, AVX_ECX1, EBX7_AVX2, 0, 0x7),
               ADJEQ_KERNEL_AVX2);
    expect_x86("Skylake-X (downclocks: keep 256-bit)",
               x86("GenuineIntel", 0x16, 0x50654, AVX_ECX1, SKX_EBX7, 0, 0xe7),
               ADJEQ_KERNEL_AVX2);
    expect_x86("Cascade Lake (downclocks: keep 256-bit)",
               x86("GenuineIntel", 0x16, 0x50657, AVX_ECX1, SKX_EBX7, 0, 0xe7),
               ADJEQ_KERNEL_AVX2);
    expect_x86("Ice Lake server",
               x86("GenuineIntel", 0x1b, 0x606a6, AVX_ECX1, SKX_EBX7, ECX7_VBMI, 0xe7),
               ADJEQ_KERNEL_AVX512VBMI);
    expect_x86("Sapphire Rapids",
               x86("GenuineIntel", 0x20, 0x806f8, AVX_ECX1, SKX_EBX7, ECX7_VBMI, 0x602e7),
               ADJEQ_KERNEL_AVX512VBMI);
    expect_x86("Zen 3", x86("AuthenticAMD", 0x10, 0xa00f11, AVX_ECX1, EBX7_AVX2, 0, 0x7),
               ADJEQ_KERNEL_AVX2);
    expect_x86("Zen 4",
               x86("AuthenticAMD", 0x10, 0xa10f11, AVX_ECX1, SKX_EBX7, ECX7_VBMI, 0xe7),
               ADJEQ_KERNEL_AVX512VBMI);
    expect_x86("Ice Lake client",
               x86("GenuineIntel", 0x1b, 0x706e5, AVX_ECX1, SKX_EBX7, ECX7_VBMI, 0xe7),
               ADJEQ_KERNEL_AVX512VBMI);
    expect_x86("Sandy Bridge, OS without AVX support (XCR0 = x87|SSE)",
               x86("GenuineIntel", 0xd, 0x206a7, AVX_ECX1, 0, 0, 0x3), ADJEQ_KERNEL_SSE2);

    /* Recorded words: what the project's tests really ran on. */
    expect_x86("recorded: AMD EPYC Zen 4 under KVM (CI host)",
               recorded("AuthenticAMD", 0x1c, 0xa10f11, 0xfffa3203, 0x178bfbff, 0xf1bf07ab,
                        0x405fc6, 0xe7),
               ADJEQ_KERNEL_AVX512VBMI);
    expect_x86("recorded: qemu-x86_64 -cpu Nehalem (no OSXSAVE)",
               recorded("GenuineIntel", 0xb, 0x106a3, 0x80982201, 0x78bfbfd, 0, 0, 0),
               ADJEQ_KERNEL_SSE2);
    expect_x86("recorded: qemu-x86_64 -cpu Haswell",
               recorded("GenuineIntel", 0xd, 0x306c4, 0xfed83203, 0x78bfbfd, 0x3a9, 0, 0x7),
               ADJEQ_KERNEL_AVX2);
    /* An AMD part with Intel's family/model numbers is not Skylake-X. */
    expect_x86("AMD with model 0x55",
               x86("AuthenticAMD", 0x16, 0x50654, AVX_ECX1, SKX_EBX7, 0, 0xe7),
               ADJEQ_KERNEL_AVX512BW);
}

/* Tuning from the signature (pure decoder): which kernels' one_shuffle_port
 * tables dispatch uses. */
static void expect_one_shuffle_port(const char *what, struct adjeq_cpu_x86_raw raw, int want) {
    struct adjeq_cpu_info info;
    adjeq_cpu_x86_decode(&raw, &info);
    CHECK(info.one_shuffle_port == want, "%s: one_shuffle_port %d, want %d", what,
          info.one_shuffle_port, want);
}

static void test_tuning(void) {
    expect_one_shuffle_port("recorded: Sapphire Rapids-class Xeon under KVM (CI host)",
                            recorded("GenuineIntel", 0x24, 0xa0671, 0xfffa3203, 0x1f8bfbff,
                                     0xf1bf2ffb, 0x1a415f46, 0x600e7),
                            1);
    expect_one_shuffle_port("Ice Lake server",
                            x86("GenuineIntel", 0x1b, 0x606a6, AVX_ECX1, SKX_EBX7, ECX7_VBMI, 0xe7),
                            1);
    expect_one_shuffle_port("recorded: AMD EPYC Zen 4 under KVM (CI host)",
                            recorded("AuthenticAMD", 0x1c, 0xa10f11, 0xfffa3203, 0x178bfbff,
                                     0xf1bf07ab, 0x405fc6, 0xe7),
                            0);
    expect_one_shuffle_port("Zen 3", x86("AuthenticAMD", 0x10, 0xa00f11, AVX_ECX1, EBX7_AVX2, 0, 0x7),
                            0);
    struct adjeq_cpu_info info;
    adjeq_cpu_arm_decode(1, UINT64_C(1) << 22, 0, &info);
    CHECK(info.one_shuffle_port == 0, "AArch64: no x86 tuning");
    /* The tuning never changes the choice: the recorded Xeon still gets the
     * VBMI kernel (its tuned table). */
    expect_x86("recorded: Sapphire Rapids-class Xeon under KVM (CI host)",
               recorded("GenuineIntel", 0x24, 0xa0671, 0xfffa3203, 0x1f8bfbff, 0xf1bf2ffb,
                        0x1a415f46, 0x600e7),
               ADJEQ_KERNEL_AVX512VBMI);
}

/* macOS: Darwin enables AVX-512 state lazily (XCR0 shows no ZMM before a
 * thread's first use) and lost opmask registers before macOS 12.2. */
static struct adjeq_cpu_x86_raw darwin(uint64_t xcr0, uint32_t flags, uint32_t release) {
    struct adjeq_cpu_x86_raw raw =
        x86("GenuineIntel", 0x1b, 0x606a6, AVX_ECX1, SKX_EBX7, ECX7_VBMI, xcr0);
    raw.darwin = 1;
    raw.darwin_avx512 = flags;
    raw.darwin_release = release;
    return raw;
}

static void test_darwin(void) {
    const uint32_t all = ADJEQ_DARWIN_AVX512F | ADJEQ_DARWIN_AVX512BW | ADJEQ_DARWIN_AVX512VBMI;
    expect_x86("macOS 13 (Darwin 22.1), AVX-512 state not yet enabled (XCR0 = 0x7)",
               darwin(0x7, all, 2201), ADJEQ_KERNEL_AVX512VBMI);
    expect_x86("macOS 12.2 (Darwin 21.3): the first fixed release", darwin(0x7, all, 2103),
               ADJEQ_KERNEL_AVX512VBMI);
    expect_x86("macOS 12.1 (Darwin 21.2): opmask bug, even with ZMM in XCR0",
               darwin(0xe7, all, 2102), ADJEQ_KERNEL_AVX2);
    expect_x86("macOS, sysctl reports no AVX-512", darwin(0xe7, 0, 2201), ADJEQ_KERNEL_AVX2);
    expect_x86("macOS, AVX-512F/BW but no VBMI from sysctl",
               darwin(0x7, ADJEQ_DARWIN_AVX512F | ADJEQ_DARWIN_AVX512BW, 2201),
               ADJEQ_KERNEL_AVX512BW);
    expect_x86("macOS, OS does not save YMM", darwin(0x3, all, 2201), ADJEQ_KERNEL_SSE2);
    /* The same words off Darwin: XCR0 decides, as everywhere else. */
    struct adjeq_cpu_x86_raw linux_lazy = darwin(0x7, all, 2201);
    linux_lazy.darwin = 0;
    expect_x86("not Darwin, XCR0 = 0x7", linux_lazy, ADJEQ_KERNEL_AVX2);
}

static void test_os_and_vm_quirks(void) {
    /* OSXSAVE clear: XCR0 is meaningless (and XGETBV would fault). */
    expect_x86("OSXSAVE clear",
               x86("GenuineIntel", 0xd, 0x306c3, AVX_ECX1 & ~ECX1_OSXSAVE, EBX7_AVX2, 0, 0xe7),
               ADJEQ_KERNEL_SSE2);
    expect_x86("OS does not save YMM",
               x86("GenuineIntel", 0xd, 0x306c3, AVX_ECX1, EBX7_AVX2, 0, 0x3),
               ADJEQ_KERNEL_SSE2);
    expect_x86("AVX-512 CPU, OS saves YMM only",
               x86("AuthenticAMD", 0x10, 0xa10f11, AVX_ECX1, SKX_EBX7, ECX7_VBMI, 0x7),
               ADJEQ_KERNEL_AVX2);
    expect_x86("AVX-512 CPU, OS saves ZMM but not opmask",
               x86("AuthenticAMD", 0x10, 0xa10f11, AVX_ECX1, SKX_EBX7, ECX7_VBMI, 0xc7),
               ADJEQ_KERNEL_AVX2);
    expect_x86("max leaf below 7: leaf 7 values are stale",
               x86("GenuineIntel", 0x5, 0x306c3, AVX_ECX1, SKX_EBX7, ECX7_VBMI, 0xe7),
               ADJEQ_KERNEL_SSE2);
    expect_x86("hypervisor hides AVX but not AVX2",
               x86("GenuineIntel", 0xd, 0x306c3, AVX_ECX1 & ~ECX1_AVX, EBX7_AVX2, 0, 0x7),
               ADJEQ_KERNEL_SSE2);
    expect_x86("VBMI without AVX-512BW",
               x86("GenuineIntel", 0xd, 0x306c3, AVX_ECX1, EBX7_AVX2 | EBX7_AVX512F, ECX7_VBMI, 0xe7),
               ADJEQ_KERNEL_AVX2);
    expect_x86("hypervisor hides AVX, still reports AVX-512",
               x86("GenuineIntel", 0x16, 0x50654, AVX_ECX1 & ~ECX1_AVX, SKX_EBX7, ECX7_VBMI, 0xe7),
               ADJEQ_KERNEL_SSE2);
    expect_x86("OS saves ZMM and opmask but not YMM (impossible XCR0 0xe3)",
               x86("GenuineIntel", 0x1b, 0x606a6, AVX_ECX1, SKX_EBX7, ECX7_VBMI, 0xe3),
               ADJEQ_KERNEL_SSE2);
    expect_x86("max leaf 0: leaf 1 is not there either",
               x86("GenuineIntel", 0, 0x306c3, AVX_ECX1, EBX7_AVX2, 0, 0x7), ADJEQ_KERNEL_SCALAR);
    expect_x86("all zero", x86("\0\0\0\0\0\0\0\0\0\0\0\0", 0, 0, 0, 0, 0, 0),
               ADJEQ_KERNEL_SCALAR);

    /* Only compiled kernels may be chosen. */
    struct adjeq_cpu_x86_raw zen4 =
        x86("AuthenticAMD", 0x10, 0xa10f11, AVX_ECX1, SKX_EBX7, ECX7_VBMI, 0xe7);
    struct adjeq_cpu_info info;
    adjeq_cpu_x86_decode(&zen4, &info);
    CHECK(adjeq_choose_kernel(&info, 1u << ADJEQ_KERNEL_SCALAR | 1u << ADJEQ_KERNEL_AVX2) ==
              ADJEQ_KERNEL_AVX2,
          "AVX-512 kernels not compiled in");
    CHECK(adjeq_choose_kernel(&info, 1u << ADJEQ_KERNEL_SCALAR) == ADJEQ_KERNEL_SCALAR,
          "only scalar compiled in");
}

#define HWCAP_SVE (1u << 22)
#define HWCAP2_SVE2 (1u << 1)

static void test_arm(void) {
    expect_arm("Cortex-A53 (no SVE)", 1, 0xff, 0, ADJEQ_KERNEL_NEON);
    expect_arm("Raspberry Pi 3 Cortex-A53 (fp asimd evtstrm crc32 cpuid)", 1, 0x887, 0,
               ADJEQ_KERNEL_NEON);
    expect_arm("Neoverse V1 / Graviton3 (SVE 256-bit, no SVE2)", 1, 0xdfffffff, 0x1f201,
               ADJEQ_KERNEL_SVE);
    expect_arm("Neoverse V2 / Graviton4 (SVE2 128-bit)", 1, 0xdfffffff, 0x1f203,
               ADJEQ_KERNEL_SVE);
    /* Recorded from qemu-aarch64 (getauxval under each -cpu model). */
    expect_arm("recorded: qemu-aarch64 -cpu cortex-a53", 1, 0x8fb, 0, ADJEQ_KERNEL_NEON);
    expect_arm("recorded: qemu-aarch64 -cpu neoverse-n1", 1, 0x119ffb, 0, ADJEQ_KERNEL_NEON);
    expect_arm("recorded: qemu-aarch64 -cpu a64fx", 1, 0x415ffb, 0, ADJEQ_KERNEL_SVE);
    expect_arm("recorded: qemu-aarch64 -cpu max", 1, 0xecfffffb, 0x7f877fff, ADJEQ_KERNEL_SVE);
    /* Quirks. */
    expect_arm("AArch64 with getauxval() == 0", 1, 0, 0, ADJEQ_KERNEL_NEON);
    expect_arm("SVE2 reported without SVE", 1, 0xff, HWCAP2_SVE2, ADJEQ_KERNEL_NEON);
    expect_arm("ARMv7: bit 22 is not SVE there", 0, (1u << 12) | HWCAP_SVE, 0,
               ADJEQ_KERNEL_NEON);

    struct adjeq_cpu_info info;
    adjeq_cpu_arm_decode(1, HWCAP_SVE, 0, &info);
    CHECK(adjeq_choose_kernel(&info, 1u << ADJEQ_KERNEL_SCALAR | 1u << ADJEQ_KERNEL_NEON) ==
              ADJEQ_KERNEL_NEON,
          "SVE CPU, SVE kernel not compiled in");
    expect_arm("ARMv7 with NEON", 0, 1u << 12, 0, ADJEQ_KERNEL_NEON);
    expect_arm("ARMv7 without NEON", 0, 0, 0, ADJEQ_KERNEL_SCALAR);
    expect_arm("recorded: qemu-arm -cpu cortex-a7", 0, 0x1fb8d7, 0, ADJEQ_KERNEL_NEON);
    expect_arm("recorded: qemu-arm -cpu cortex-r5f (VFPv3, no NEON)", 0, 0x6e0d7, 0,
               ADJEQ_KERNEL_SCALAR);
}

static void expect_linux(const char *what, enum adjeq_cpu_arch arch, uint64_t hwcap,
                         uint64_t hwcap2, enum adjeq_kernel want) {
    struct adjeq_cpu_raw raw;
    struct adjeq_cpu_info info;
    memset(&raw, 0, sizeof raw);
    raw.arch = arch;
    raw.hwcap = hwcap;
    raw.hwcap2 = hwcap2;
    adjeq_cpu_decode(&raw, &info);
    enum adjeq_kernel got = adjeq_choose_kernel(&info, ALL_KERNELS);
    CHECK(got == want, "%s: chose %s, want %s", what, adjeq_kernel_name(got),
          adjeq_kernel_name(want));
    CHECK(info.cpu_features == info.usable_features, "%s: Linux reports only what it enables",
          what);
}

#define HWCAP_S390_VXRS (1u << 11)

static void test_power_and_z(void) {
    /* Recorded from qemu-ppc64le 7.2 (getauxval under each -cpu model):
     * AT_HWCAP2 adds ARCH_3_00 (0x00800000) on POWER9, ARCH_3_1
     * (0x00040000) on POWER10; VSX is the baseline on all three. */
    expect_linux("recorded: qemu-ppc64le -cpu power8", ADJEQ_ARCH_PPC64LE, 0x58000580,
                 0x8e000000, ADJEQ_KERNEL_VSX);
    expect_linux("recorded: qemu-ppc64le -cpu power9", ADJEQ_ARCH_PPC64LE, 0x58000580,
                 0x8ee00000, ADJEQ_KERNEL_VSX);
    expect_linux("recorded: qemu-ppc64le -cpu power10", ADJEQ_ARCH_PPC64LE, 0x58000580,
                 0x8ee60000, ADJEQ_KERNEL_VSX);
    expect_linux("ppc64le with getauxval() == 0", ADJEQ_ARCH_PPC64LE, 0, 0, ADJEQ_KERNEL_VSX);
    expect_linux("ppc64le: bit 11 is not the s390 vector facility", ADJEQ_ARCH_PPC64LE,
                 HWCAP_S390_VXRS, 0, ADJEQ_KERNEL_VSX);
    /* Recorded from qemu-s390x 7.2: -cpu max has the vector facility, z900
     * (the first z/Architecture machine) has none. */
    expect_linux("recorded: qemu-s390x -cpu max", ADJEQ_ARCH_S390X, 0x2b3f, 0,
                 ADJEQ_KERNEL_ZVECTOR);
    expect_linux("recorded: qemu-s390x -cpu z900", ADJEQ_ARCH_S390X, 0x203, 0,
                 ADJEQ_KERNEL_SCALAR);
    /* Not recorded (no such machine here): a z15 as Linux describes it,
     * the bits asm/hwcap.h defines for its facilities (esan3 .. dflt, sie). */
    expect_linux("constructed: z15 (vx, vxe, vxe2, ...)", ADJEQ_ARCH_S390X, 0x47ffff, 0,
                 ADJEQ_KERNEL_ZVECTOR);
    /* A z13 under a kernel that does not save the vector registers (before
     * Linux 4.0, or booted with novx): Linux clears the bit, and a vector
     * instruction would fault, so the CPU alone must not count. */
    expect_linux("z13 facilities, kernel without vector support", ADJEQ_ARCH_S390X,
                 0x2b3f & ~HWCAP_S390_VXRS, 0, ADJEQ_KERNEL_SCALAR);
    expect_linux("s390x with getauxval() == 0", ADJEQ_ARCH_S390X, 0, 0, ADJEQ_KERNEL_SCALAR);
    expect_linux("other architecture: nothing", ADJEQ_ARCH_OTHER, ~UINT64_C(0), ~UINT64_C(0),
                 ADJEQ_KERNEL_SCALAR);

    struct adjeq_cpu_info info;
    adjeq_cpu_s390x_decode(HWCAP_S390_VXRS, &info);
    CHECK(info.usable_features == ADJEQ_CPU_S390_VX, "s390x: the vector facility alone");
    CHECK(adjeq_choose_kernel(&info, 1u << ADJEQ_KERNEL_SCALAR) == ADJEQ_KERNEL_SCALAR,
          "s390x: zvector not compiled in");
    uint32_t missing;
    adjeq_cpu_s390x_decode(0x203, &info);
    CHECK(adjeq_kernel_reason_for(&info, ALL_KERNELS, ADJEQ_KERNEL_ZVECTOR, &missing) ==
                  ADJEQ_REASON_CPU_LACKS_FEATURE && missing == ADJEQ_CPU_S390_VX,
          "z900: zvector lacks vx");
    adjeq_cpu_ppc64le_decode(0, 0, &info);
    CHECK(adjeq_kernel_reason_for(&info, ALL_KERNELS, ADJEQ_KERNEL_ZVECTOR, &missing) ==
              ADJEQ_REASON_CPU_LACKS_FEATURE,
          "ppc64le: no zvector");
}

/* RISC-V Linux hwcaps: one bit per single-letter extension, bit 21 = 'V'. */
#define RV_IMAFDC UINT64_C(0x112d)
#define RV_V (UINT64_C(1) << 21)

static void expect_riscv(const char *what, uint64_t hwcap, const char *release,
                         enum adjeq_kernel want) {
    struct adjeq_cpu_info info;
    adjeq_cpu_riscv_decode(hwcap, adjeq_linux_release(release), &info);
    enum adjeq_kernel got = adjeq_choose_kernel(&info, ALL_KERNELS);
    CHECK(got == want, "%s (Linux %s): chose %s, want %s", what, release,
          adjeq_kernel_name(got), adjeq_kernel_name(want));
    CHECK((info.usable_features & ~info.cpu_features) == 0,
          "%s: usable is a subset of what the CPU reports", what);
}

static void test_riscv(void) {
    /* Recorded: getauxval(AT_HWCAP) under qemu-riscv64 7.2. */
    expect_riscv("recorded: qemu-riscv64 -cpu rv64 (no V)", 0x112d, "6.18.44", ADJEQ_KERNEL_SCALAR);
    expect_riscv("recorded: qemu-riscv64 -cpu sifive-u54", 0x112d, "6.18.44", ADJEQ_KERNEL_SCALAR);
    expect_riscv("recorded: qemu-riscv64 -cpu rv64,v=true,vext_spec=v1.0", 0x20112d,
                 "6.18.44-fc-v1045", ADJEQ_KERNEL_RVV);
    /* SpacemiT K1 (rv64imafdcv, RVV 1.0 at VLEN 256) on its vendor 6.6 kernel:
     * the hwcap of those single letters (not recorded on a board: none here). */
    expect_riscv("SpacemiT K1", RV_IMAFDC | RV_V, "6.6.36", ADJEQ_KERNEL_RVV);
    expect_riscv("V on Linux 6.5.0-rc1, the first release that saves V state", RV_IMAFDC | RV_V,
                 "6.5.0-rc1", ADJEQ_KERNEL_RVV);
    /* The kernel reports V but does not save vector registers: never use it. */
    expect_riscv("V reported by Linux 6.4", RV_IMAFDC | RV_V, "6.4.16", ADJEQ_KERNEL_SCALAR);
    expect_riscv("V reported by a 5.10 vendor kernel", RV_IMAFDC | RV_V, "5.10.113-th1520",
                 ADJEQ_KERNEL_SCALAR);
    expect_riscv("V with an unreadable release", RV_IMAFDC | RV_V, "", ADJEQ_KERNEL_SCALAR);
    expect_riscv("getauxval() == 0", 0, "6.8.0", ADJEQ_KERNEL_SCALAR);

    struct adjeq_cpu_info info;
    uint32_t missing;
    adjeq_cpu_riscv_decode(RV_IMAFDC | RV_V, adjeq_linux_release("6.4.0"), &info);
    CHECK(adjeq_kernel_reason_for(&info, ALL_KERNELS, ADJEQ_KERNEL_RVV, &missing) ==
                  ADJEQ_REASON_OS_LACKS_STATE && missing == ADJEQ_CPU_RISCV_V,
          "V on Linux 6.4: the OS, not the CPU, lacks it");
    adjeq_cpu_riscv_decode(RV_IMAFDC | RV_V, adjeq_linux_release("6.5"), &info);
    CHECK(adjeq_choose_kernel(&info, 1u << ADJEQ_KERNEL_SCALAR) == ADJEQ_KERNEL_SCALAR,
          "V CPU, rvv not compiled in");
    /* The bit is 'V' only on RISC-V: bit 21 elsewhere is something else. */
    adjeq_cpu_arm_decode(1, RV_V, 0, &info);
    CHECK(!(info.usable_features & ADJEQ_CPU_RISCV_V), "AArch64 hwcap bit 21 is not V");

    CHECK(adjeq_linux_release("6.5.0-rc1") == 6005, "release 6.5.0-rc1");
    CHECK(adjeq_linux_release("6.18.44-fc-v1045") == 6018, "release 6.18");
    CHECK(adjeq_linux_release("10.0") == 10000, "release 10.0");
    CHECK(adjeq_linux_release("6") == 0 && adjeq_linux_release("6.") == 0 &&
              adjeq_linux_release("x6.5") == 0 && adjeq_linux_release("") == 0,
          "malformed releases are 0");
}

static void test_wasm(void) {
    struct adjeq_cpu_info info;
    adjeq_cpu_wasm_decode(1, &info);
    CHECK(adjeq_choose_kernel(&info, ALL_KERNELS) == ADJEQ_KERNEL_SIMD128, "-msimd128 build");
    adjeq_cpu_wasm_decode(0, &info);
    CHECK(adjeq_choose_kernel(&info, ALL_KERNELS) == ADJEQ_KERNEL_SCALAR, "plain wasm build");
}

static void test_needs(void) {
    /* Every kernel's needs are a superset of the weaker kernels it builds on. */
    CHECK(adjeq_kernel_needs(ADJEQ_KERNEL_SCALAR) == 0, "scalar needs nothing");
    for (unsigned k = 0; k < adjeq_kernel_count(); k++)
        CHECK((adjeq_kernel_needs((enum adjeq_kernel)k) != ~UINT32_C(0)) ==
                  (adjeq_kernel_name((enum adjeq_kernel)k) != NULL),
              "kernel %u has needs iff it has a name", k);
    CHECK((adjeq_kernel_needs(ADJEQ_KERNEL_AVX512VBMI) &
           adjeq_kernel_needs(ADJEQ_KERNEL_AVX512BW)) ==
              adjeq_kernel_needs(ADJEQ_KERNEL_AVX512BW),
          "vbmi needs what avx512bw needs");
    CHECK((adjeq_kernel_needs(ADJEQ_KERNEL_SVE) & adjeq_kernel_needs(ADJEQ_KERNEL_NEON)) ==
              adjeq_kernel_needs(ADJEQ_KERNEL_NEON),
          "sve needs what neon needs");
    CHECK((adjeq_kernel_needs(ADJEQ_KERNEL_AVX512BW) & adjeq_kernel_needs(ADJEQ_KERNEL_AVX2)) ==
              adjeq_kernel_needs(ADJEQ_KERNEL_AVX2),
          "avx512bw needs what avx2 needs");
}

static void expect_reason(const char *what, struct adjeq_cpu_x86_raw raw,
                          uint32_t compiled, enum adjeq_kernel kernel,
                          enum adjeq_kernel_reason want, const char *want_missing) {
    struct adjeq_cpu_info info;
    uint32_t missing;
    char names[96];
    adjeq_cpu_x86_decode(&raw, &info);
    enum adjeq_kernel_reason got = adjeq_kernel_reason_for(&info, compiled, kernel, &missing);
    adjeq_cpu_feature_list(missing, names, sizeof names);
    CHECK(got == want, "%s: %s: reason %s, want %s", what, adjeq_kernel_name(kernel),
          adjeq_kernel_reason_name(got), adjeq_kernel_reason_name(want));
    CHECK(strcmp(names, want_missing) == 0, "%s: %s: missing '%s', want '%s'", what,
          adjeq_kernel_name(kernel), names, want_missing);
}

static void test_reasons(void) {
    struct adjeq_cpu_x86_raw skx =
        x86("GenuineIntel", 0x16, 0x50654, AVX_ECX1, SKX_EBX7, 0, 0xe7);
    expect_reason("Skylake-X", skx, ALL_KERNELS, ADJEQ_KERNEL_AVX2, ADJEQ_REASON_CHOSEN, "");
    expect_reason("Skylake-X", skx, ALL_KERNELS, ADJEQ_KERNEL_AVX512BW,
                  ADJEQ_REASON_POLICY_512BIT_DOWNCLOCK, "");
    expect_reason("Skylake-X", skx, ALL_KERNELS, ADJEQ_KERNEL_AVX512VBMI,
                  ADJEQ_REASON_CPU_LACKS_FEATURE, "avx512vbmi");
    expect_reason("Skylake-X", skx, ALL_KERNELS, ADJEQ_KERNEL_SSE2,
                  ADJEQ_REASON_POLICY_FASTER_KERNEL, "");
    expect_reason("Skylake-X", skx, ALL_KERNELS, ADJEQ_KERNEL_SCALAR,
                  ADJEQ_REASON_POLICY_FASTER_KERNEL, "");
    expect_reason("Skylake-X", skx, ALL_KERNELS, ADJEQ_KERNEL_NEON,
                  ADJEQ_REASON_CPU_LACKS_FEATURE, "neon");
    expect_reason("Skylake-X, avx512bw left out", skx,
                  ALL_KERNELS & ~(1u << ADJEQ_KERNEL_AVX512BW), ADJEQ_KERNEL_AVX512BW,
                  ADJEQ_REASON_NOT_COMPILED, "");

    /* The OS, not the CPU: XCR0 without the state the kernel needs. */
    struct adjeq_cpu_x86_raw zen4_ymm_only =
        x86("AuthenticAMD", 0x10, 0xa10f11, AVX_ECX1, SKX_EBX7, ECX7_VBMI, 0x7);
    expect_reason("Zen 4, OS saves YMM only", zen4_ymm_only, ALL_KERNELS,
                  ADJEQ_KERNEL_AVX512VBMI, ADJEQ_REASON_OS_LACKS_STATE,
                  "avx512bw avx512vbmi");
    expect_reason("Zen 4, OS saves YMM only", zen4_ymm_only, ALL_KERNELS,
                  ADJEQ_KERNEL_AVX2, ADJEQ_REASON_CHOSEN, "");
    struct adjeq_cpu_x86_raw haswell_no_ymm =
        x86("GenuineIntel", 0xd, 0x306c3, AVX_ECX1, EBX7_AVX2, 0, 0x3);
    expect_reason("Haswell, OS does not save YMM", haswell_no_ymm, ALL_KERNELS,
                  ADJEQ_KERNEL_AVX2, ADJEQ_REASON_OS_LACKS_STATE, "avx2");
    /* Lacking in the CPU outranks the OS: Haswell has no AVX-512 at all. */
    expect_reason("Haswell, OS does not save YMM", haswell_no_ymm, ALL_KERNELS,
                  ADJEQ_KERNEL_AVX512BW, ADJEQ_REASON_CPU_LACKS_FEATURE, "avx512bw");
    expect_reason("Haswell, OS does not save YMM", haswell_no_ymm, ALL_KERNELS,
                  ADJEQ_KERNEL_SSE2, ADJEQ_REASON_CHOSEN, "");
    struct adjeq_cpu_x86_raw zen4 =
        x86("AuthenticAMD", 0x10, 0xa10f11, AVX_ECX1, SKX_EBX7, ECX7_VBMI, 0xe7);
    expect_reason("Zen 4", zen4, ALL_KERNELS, ADJEQ_KERNEL_AVX512BW,
                  ADJEQ_REASON_POLICY_FASTER_KERNEL, "");

    /* The reasons agree with the choice for every kernel and CPU above:
     * exactly one kernel is CHOSEN, and it is the one chosen. */
    struct adjeq_cpu_x86_raw cpus[] = {skx, zen4_ymm_only, haswell_no_ymm, zen4};
    for (size_t c = 0; c < sizeof cpus / sizeof cpus[0]; c++) {
        struct adjeq_cpu_info info;
        adjeq_cpu_x86_decode(&cpus[c], &info);
        int chosen = 0;
        for (unsigned k = 0; k < adjeq_kernel_count(); k++) {
            uint32_t missing;
            if (adjeq_kernel_reason_for(&info, ALL_KERNELS, (enum adjeq_kernel)k,
                                        &missing) == ADJEQ_REASON_CHOSEN) {
                chosen++;
                CHECK(adjeq_choose_kernel(&info, ALL_KERNELS) == (enum adjeq_kernel)k,
                      "cpu %zu: CHOSEN is the choice", c);
            }
        }
        CHECK(chosen == 1, "cpu %zu: %d kernels CHOSEN", c, chosen);
    }

    /* AArch64 never reports an OS reason: Linux lists only enabled features. */
    struct adjeq_cpu_info arm;
    uint32_t missing;
    adjeq_cpu_arm_decode(1, 0, 0, &arm);
    CHECK(adjeq_kernel_reason_for(&arm, ALL_KERNELS, ADJEQ_KERNEL_NEON, &missing) ==
              ADJEQ_REASON_CHOSEN, "aarch64 neon chosen");
    CHECK(adjeq_kernel_reason_for(&arm, ALL_KERNELS, ADJEQ_KERNEL_AVX2, &missing) ==
              ADJEQ_REASON_CPU_LACKS_FEATURE &&
              missing == (ADJEQ_CPU_X86_SSE2 | ADJEQ_CPU_X86_POPCNT | ADJEQ_CPU_X86_AVX2),
          "aarch64: avx2 lacks every x86 feature it needs");
}

static void test_report_helpers(void) {
    unsigned family, model, stepping;
    adjeq_cpu_x86_signature(0x806f8, &family, &model, &stepping);
    CHECK(family == 6 && model == 0x8f && stepping == 8, "Sapphire Rapids: %u/0x%x/%u",
          family, model, stepping);
    adjeq_cpu_x86_signature(0xa10f11, &family, &model, &stepping);
    CHECK(family == 0x19 && model == 0x11 && stepping == 1, "Zen 4: 0x%x/0x%x/%u",
          family, model, stepping);
    adjeq_cpu_x86_signature(0x50654, &family, &model, &stepping);
    CHECK(family == 6 && model == 0x55 && stepping == 4, "Skylake-X: %u/0x%x/%u",
          family, model, stepping);
    /* Extended model does not apply to family 5 (Pentium, Quark). */
    adjeq_cpu_x86_signature(0x10590, &family, &model, &stepping);
    CHECK(family == 5 && model == 9, "family 5 ignores extended model: %u/0x%x", family,
          model);

    char buf[64];
    adjeq_cpu_feature_list(ADJEQ_CPU_X86_SSE2 | ADJEQ_CPU_X86_AVX2 | ADJEQ_CPU_X86_POPCNT,
                           buf, sizeof buf);
    CHECK(strcmp(buf, "sse2 avx2 popcnt") == 0, "feature list '%s'", buf);
    adjeq_cpu_feature_list(0, buf, sizeof buf);
    CHECK(strcmp(buf, "") == 0, "empty feature list '%s'", buf);
    adjeq_cpu_feature_list(ADJEQ_CPU_X86_SSE2 | ADJEQ_CPU_X86_AVX2, buf, 8);
    CHECK(strcmp(buf, "sse2") == 0, "truncated at a name boundary: '%s'", buf);
    const uint32_t assigned = ADJEQ_CPU_FEATURES_ASSIGNED;
    for (unsigned bit = 0; bit < ADJEQ_CPU_FEATURE_COUNT; bit++)
        CHECK((adjeq_cpu_feature_name(1u << bit) != NULL) == ((assigned >> bit) & 1),
              "feature bit %u has a name iff it is assigned", bit);
    adjeq_cpu_feature_list(ADJEQ_CPU_PPC_VSX | ADJEQ_CPU_S390_VX, buf, sizeof buf);
    CHECK(strcmp(buf, "vsx vx") == 0, "feature list '%s'", buf);
    uint32_t unassigned = ~assigned & ((1u << ADJEQ_CPU_FEATURE_COUNT) - 1);
    if (unassigned) {
        adjeq_cpu_feature_list(ADJEQ_CPU_X86_SSE2 | unassigned, buf, sizeof buf);
        CHECK(strcmp(buf, "sse2") == 0, "unassigned bits are left out: '%s'", buf);
    }
    CHECK(adjeq_cpu_feature_name(3) == NULL, "two bits are not a feature");
    CHECK(adjeq_cpu_feature_xcr0(ADJEQ_CPU_X86_AVX2) == 0x6, "AVX2 needs YMM");
    CHECK(adjeq_cpu_feature_xcr0(ADJEQ_CPU_X86_AVX512BW) == 0xe6, "AVX-512 needs ZMM");

    /* adjeq_cpu_decode dispatches on the architecture the raw values came from. */
    struct adjeq_cpu_raw raw;
    struct adjeq_cpu_info info;
    memset(&raw, 0, sizeof raw);
    raw.arch = ADJEQ_ARCH_X86_64;
    raw.x86 = x86("GenuineIntel", 0xd, 0x306c3, AVX_ECX1, EBX7_AVX2, 0, 0x7);
    adjeq_cpu_decode(&raw, &info);
    CHECK(adjeq_choose_kernel(&info, ALL_KERNELS) == ADJEQ_KERNEL_AVX2, "decode x86");
    memset(&raw, 0, sizeof raw);
    raw.arch = ADJEQ_ARCH_AARCH64;
    adjeq_cpu_decode(&raw, &info);
    CHECK(adjeq_choose_kernel(&info, ALL_KERNELS) == ADJEQ_KERNEL_NEON, "decode aarch64");
    raw.arch = ADJEQ_ARCH_RISCV64;
    raw.hwcap = RV_IMAFDC | RV_V;
    raw.os_release = 6005;
    adjeq_cpu_decode(&raw, &info);
    CHECK(adjeq_choose_kernel(&info, ALL_KERNELS) == ADJEQ_KERNEL_RVV, "decode riscv64");
    memset(&raw, 0, sizeof raw);
    raw.arch = ADJEQ_ARCH_WASM;
    raw.wasm_simd128 = 1;
    adjeq_cpu_decode(&raw, &info);
    CHECK(adjeq_choose_kernel(&info, ALL_KERNELS) == ADJEQ_KERNEL_SIMD128, "decode wasm");
    memset(&raw, 0, sizeof raw);
    raw.arch = ADJEQ_ARCH_OTHER;
    adjeq_cpu_decode(&raw, &info);
    CHECK(info.usable_features == 0, "decode other");
}

int main(void) {
    test_real_x86_parts();
    test_tuning();
    test_darwin();
    test_os_and_vm_quirks();
    test_arm();
    test_power_and_z();
    test_riscv();
    test_wasm();
    test_needs();
    test_reasons();
    test_report_helpers();
    printf("cpu detection: %s (%d failures)\n", test_failures ? "FAILED" : "ok",
           test_failures);
    return test_failures ? 1 : 0;
}
