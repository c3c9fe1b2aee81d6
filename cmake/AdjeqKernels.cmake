# Decides which kernels this compiler and target can build, and gives each
# kernel file its own ISA flags (and only that file: the dispatcher and the
# rest of the library stay at the baseline ISA). One adjeq_kernel() line per
# kernel of kernels/registry.h that needs a build decision; the scalar kernel
# is always built.
#
# Sets ADJEQ_ARCH, ADJEQ_KERNEL_SOURCES, ADJEQ_KERNEL_DEFINES
# (ADJEQ_HAVE_<NAME>), ADJEQ_COMPILED_KERNELS (names, for tests) and
# ADJEQ_GENERATED_INCLUDE_DIR, which holds adjeq_build_kernels.h: the list of
# compiled kernels dispatch.c builds its table from.
include(CheckCSourceCompiles)

set(ADJEQ_KERNEL_SOURCES ${PROJECT_SOURCE_DIR}/kernels/scalar.c)
set(ADJEQ_KERNEL_DEFINES "")
set(ADJEQ_COMPILED_KERNELS scalar)

string(TOLOWER "${CMAKE_SYSTEM_PROCESSOR}" _adjeq_cpu)
if(EMSCRIPTEN OR CMAKE_SYSTEM_NAME STREQUAL "WASI")
  # First: Emscripten's toolchain file calls the processor x86 (and its
  # headers would even build the SSE2 kernel, through emulation).
  set(ADJEQ_ARCH wasm)
elseif(_adjeq_cpu MATCHES "^(x86_64|amd64|x64)$")
  set(ADJEQ_ARCH x86_64)
elseif(_adjeq_cpu MATCHES "^(i[3-6]86|x86|i86pc)$")
  # 32-bit x86: the same kernels; SSE2 is not baseline there, so dispatch
  # checks it like any other feature.
  set(ADJEQ_ARCH x86)
elseif(_adjeq_cpu MATCHES "^(aarch64|arm64)$")
  set(ADJEQ_ARCH aarch64)
elseif(_adjeq_cpu MATCHES "^(arm|armv7.*|armhf)$")
  set(ADJEQ_ARCH arm)
elseif(_adjeq_cpu MATCHES "^(ppc64le|powerpc64le)$")
  set(ADJEQ_ARCH ppc64le)
elseif(_adjeq_cpu MATCHES "^s390x$")
  set(ADJEQ_ARCH s390x)
elseif(_adjeq_cpu MATCHES "^riscv64$")
  set(ADJEQ_ARCH riscv64)

else()
  set(ADJEQ_ARCH other)
endif()

# adjeq_kernel(<name> "<arch>[;<arch>...]" "<flags>" <test source>)
#   Builds kernels/<name>.c with the flags on those architectures if the
#   compiler accepts the test source with them; option ADJEQ_ENABLE_<NAME>
#   (default ON) turns it off. (Positional arguments: the test source holds
#   semicolons, which a parsed argument list would split.)
function(adjeq_kernel name arch K_FLAGS K_CHECK)
  if(NOT ADJEQ_ARCH IN_LIST arch)
    return()
  endif()
  string(TOUPPER ${name} upper)
  option(ADJEQ_ENABLE_${upper} "Compile the ${name} kernel" ON)
  if(NOT ADJEQ_ENABLE_${upper})
    message(STATUS "adjeq: ${name} kernel disabled by ADJEQ_ENABLE_${upper}")
    return()
  endif()
  # MSVC spells ISA flags per level and has no per-feature switches; its
  # intrinsics need no flag at all, /arch only lets the compiler use the ISA
  # on its own. (Not built by this project's CI: no MSVC there.)
  if(MSVC AND NOT CMAKE_C_COMPILER_ID MATCHES "Clang")
    if(K_FLAGS MATCHES "-mavx512")
      set(K_FLAGS "/arch:AVX512")
    elseif(K_FLAGS MATCHES "-mavx2")
      set(K_FLAGS "/arch:AVX2")
    elseif(K_FLAGS MATCHES "-msse2" AND ADJEQ_ARCH STREQUAL "x86")
      set(K_FLAGS "/arch:SSE2")
    elseif(K_FLAGS MATCHES "sve")
      message(STATUS "adjeq: ${name} kernel left out: MSVC has no SVE")
      return()
    else()
      set(K_FLAGS "") # SSE2 on x64 and NEON on ARM64 are baseline
    endif()
  endif()
  set(CMAKE_REQUIRED_FLAGS "${K_FLAGS}")
  set(CMAKE_REQUIRED_QUIET ON)
  check_c_source_compiles("${K_CHECK}" ADJEQ_COMPILER_HAS_${name})
  if(NOT ADJEQ_COMPILER_HAS_${name})
    message(STATUS "adjeq: ${name} kernel left out: the compiler cannot build it with '${K_FLAGS}'")
    return()
  endif()
  set(file ${PROJECT_SOURCE_DIR}/kernels/${name}.c)
  if(K_FLAGS)
    separate_arguments(flag_list UNIX_COMMAND "${K_FLAGS}")
    set_source_files_properties(${file} PROPERTIES COMPILE_OPTIONS "${flag_list}")
  endif()
  set(ADJEQ_KERNEL_SOURCES ${ADJEQ_KERNEL_SOURCES} ${file} PARENT_SCOPE)
  set(ADJEQ_KERNEL_DEFINES ${ADJEQ_KERNEL_DEFINES} ADJEQ_HAVE_${upper} PARENT_SCOPE)
  set(ADJEQ_COMPILED_KERNELS ${ADJEQ_COMPILED_KERNELS} ${name} PARENT_SCOPE)
endfunction()

adjeq_kernel(sse2 "x86_64;x86" "-msse2" [[
#include <emmintrin.h>
int main(void) { __m128i v = _mm_setzero_si128(); return _mm_movemask_epi8(_mm_cmpeq_epi8(v, v)) == 0; }]])
adjeq_kernel(avx2 "x86_64;x86" "-mavx2 -mpopcnt" [[
#include <immintrin.h>
int main(void) { __m256i v = _mm256_setzero_si256(); return _mm256_movemask_epi8(_mm256_cmpeq_epi8(v, v)) == 0; }]])
adjeq_kernel(avx512bw "x86_64;x86" "-mavx512f -mavx512bw -mpopcnt" [[
#include <immintrin.h>
int main(void) { __m512i v = _mm512_setzero_si512(); return (int)_mm512_cmpeq_epi8_mask(_mm512_alignr_epi8(v, v, 1), v); }]])
adjeq_kernel(avx512vbmi "x86_64;x86" "-mavx512f -mavx512bw -mavx512vbmi -mpopcnt" [[
#include <immintrin.h>
int main(void) { __m512i v = _mm512_setzero_si512(); return (int)_mm512_cmpeq_epi8_mask(_mm512_permutex2var_epi8(v, v, v), v); }]])
# NEON is baseline on AArch64; on ARMv7 it is optional (dispatch checks
# HWCAP_NEON), so only this file gets -mfpu=neon there.
adjeq_kernel(neon aarch64 "" [[
#include <arm_neon.h>
int main(void) { uint8x16_t v = vdupq_n_u8(1); return (int)vaddlvq_u8(vceqq_u8(v, vextq_u8(v, v, 1))); }]])
adjeq_kernel(neon arm "-mfpu=neon" [[
#include <arm_neon.h>
int main(void) { uint8x16_t v = vdupq_n_u8(1); return (int)vgetq_lane_u64(vpaddlq_u32(vpaddlq_u16(vpaddlq_u8(vceqq_u8(v, vextq_u8(v, v, 1))))), 0); }]])
adjeq_kernel(sve aarch64 "-march=armv8-a+sve" [[
#include <arm_sve.h>
int main(void) { svbool_t pg = svwhilelt_b8_u64(0, 3); svuint8_t v = svdup_n_u8(1); return (int)svcntp_b8(pg, svcmpeq_u8(pg, v, v)); }]])
# VSX is baseline on ppc64le (POWER8); the library stays at the compiler's
# default -mcpu, so the kernel gets no flag of its own.
adjeq_kernel(vsx ppc64le "" [[
#include <altivec.h>
int main(void) { __vector unsigned char v = vec_splats((unsigned char)1); return (int)vec_extract((__vector unsigned long long)vec_vbpermq((__vector unsigned char)vec_cmpeq(v, v), v), 1); }]])
# The vector facility is z13's; Debian's s390x baseline is z196 (arch9), so
# only this file gets it, and dispatch checks HWCAP_S390_VXRS.
adjeq_kernel(zvector s390x "-march=z13 -mzvector" [[
#include <vecintrin.h>
int main(void) { __vector unsigned char v = vec_splats((unsigned char)1); return vec_any_eq(vec_sld(v, v, 1), v); }]])

# RVV 1.0 intrinsics (the __riscv_ names; CI builds with clang 19). Debian
# 12's GCC 12 has no <riscv_vector.h>, so the check leaves rvv out there.
adjeq_kernel(rvv riscv64 "-march=rv64gcv" [[
#include <riscv_vector.h>
int main(void) { unsigned char b[2] = {1, 1}; size_t vl = __riscv_vsetvl_e8m4(1); return (int)__riscv_vcpop_m_b2(__riscv_vmseq_vv_u8m4_b2(__riscv_vle8_v_u8m4(b, vl), __riscv_vle8_v_u8m4(b + 1, vl), vl), vl); }]])
# WebAssembly has no run-time detection (an engine without SIMD rejects the
# whole module), so simd128 is built exactly when the build's own flags say
# -msimd128, and no flag is added here.
adjeq_kernel(simd128 wasm "" [[
#include <wasm_simd128.h>
#if !defined(__wasm_simd128__)
#  error "the build's flags do not enable SIMD128"
#endif
int main(void) { v128_t v = wasm_i8x16_splat(1); return wasm_i8x16_bitmask(wasm_i8x16_eq(v, v)) == 0; }]])

# The AVX2 kernel's loops start on a 32-byte boundary: on Zen 3 its u16 loop
# ran at the same speed with the load-and-shift alternation as without until
# it was aligned, then 1.3x faster; where a loop lands otherwise decides
# (docs/benchmarks.md, Zen 3). A tuning flag, so a compiler without it only
# loses the alignment.
if("avx2" IN_LIST ADJEQ_COMPILED_KERNELS AND NOT MSVC)
  include(CheckCCompilerFlag)
  check_c_compiler_flag(-falign-loops=32 ADJEQ_CC_HAS_ALIGN_LOOPS)
  if(ADJEQ_CC_HAS_ALIGN_LOOPS)
    set_property(SOURCE ${PROJECT_SOURCE_DIR}/kernels/avx2.c APPEND PROPERTY
      COMPILE_OPTIONS -falign-loops=32)
  endif()
endif()

message(STATUS "adjeq: kernels: ${ADJEQ_COMPILED_KERNELS}")

set(ADJEQ_BUILD_KERNELS_LIST "")
foreach(_adjeq_kernel IN LISTS ADJEQ_COMPILED_KERNELS)
  string(TOUPPER ${_adjeq_kernel} _adjeq_upper)
  string(APPEND ADJEQ_BUILD_KERNELS_LIST " X(${_adjeq_upper}, ${_adjeq_kernel})")
endforeach()
set(ADJEQ_GENERATED_INCLUDE_DIR ${PROJECT_BINARY_DIR}/generated)
configure_file(${CMAKE_CURRENT_LIST_DIR}/adjeq_build_kernels.h.in
  ${ADJEQ_GENERATED_INCLUDE_DIR}/adjeq_build_kernels.h @ONLY)
