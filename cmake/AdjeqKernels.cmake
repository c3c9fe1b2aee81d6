# Decides which kernels this compiler and target can build, and gives each
# kernel file its own ISA flags (and only that file: the dispatcher and the
# rest of the library stay at the baseline ISA).
#
# Sets ADJEQ_KERNEL_SOURCES, ADJEQ_KERNEL_DEFINES (ADJEQ_HAVE_<ISA>) and
# ADJEQ_COMPILED_KERNELS (names, for tests).
include(CheckCSourceCompiles)

set(ADJEQ_KERNEL_SOURCES "")
set(ADJEQ_KERNEL_DEFINES "")
set(ADJEQ_COMPILED_KERNELS scalar)

string(TOLOWER "${CMAKE_SYSTEM_PROCESSOR}" _adjeq_cpu)
if(_adjeq_cpu MATCHES "^(x86_64|amd64|x64)$")
  set(ADJEQ_ARCH x86_64)
elseif(_adjeq_cpu MATCHES "^(aarch64|arm64)$")
  set(ADJEQ_ARCH aarch64)
elseif(_adjeq_cpu MATCHES "^(arm|armv7.*|armhf)$")
  set(ADJEQ_ARCH arm)
else()
  set(ADJEQ_ARCH other)
endif()

# adjeq_kernel(<name> <option> <flags> <test source>)
function(adjeq_kernel name option flags source)
  if(NOT ${option})
    message(STATUS "adjeq: ${name} kernel disabled by ${option}")
    return()
  endif()
  set(CMAKE_REQUIRED_FLAGS "${flags}")
  set(CMAKE_REQUIRED_QUIET ON)
  check_c_source_compiles("${source}" ADJEQ_COMPILER_HAS_${name})
  if(NOT ADJEQ_COMPILER_HAS_${name})
    message(STATUS "adjeq: ${name} kernel left out: the compiler cannot build it with '${flags}'")
    return()
  endif()
  string(TOUPPER ${name} upper)
  set(file ${PROJECT_SOURCE_DIR}/kernels/${name}.c)
  if(flags)
    separate_arguments(flag_list UNIX_COMMAND "${flags}")
    set_source_files_properties(${file} PROPERTIES COMPILE_OPTIONS "${flag_list}")
  endif()
  set(ADJEQ_KERNEL_SOURCES ${ADJEQ_KERNEL_SOURCES} ${file} PARENT_SCOPE)
  set(ADJEQ_KERNEL_DEFINES ${ADJEQ_KERNEL_DEFINES} ADJEQ_HAVE_${upper} PARENT_SCOPE)
  set(ADJEQ_COMPILED_KERNELS ${ADJEQ_COMPILED_KERNELS} ${name} PARENT_SCOPE)
endfunction()

if(ADJEQ_ARCH STREQUAL "x86_64")
  adjeq_kernel(sse2 ADJEQ_ENABLE_SSE2 "-msse2" [[
#include <emmintrin.h>
int main(void) { __m128i v = _mm_setzero_si128(); return _mm_movemask_epi8(_mm_cmpeq_epi8(v, v)) == 0; }]])
  adjeq_kernel(avx2 ADJEQ_ENABLE_AVX2 "-mavx2 -mpopcnt" [[
#include <immintrin.h>
int main(void) { __m256i v = _mm256_setzero_si256(); return _mm256_movemask_epi8(_mm256_cmpeq_epi8(v, v)) == 0; }]])
  adjeq_kernel(avx512bw ADJEQ_ENABLE_AVX512BW "-mavx512f -mavx512bw -mpopcnt" [[
#include <immintrin.h>
int main(void) { __m512i v = _mm512_setzero_si512(); return (int)_mm512_cmpeq_epi8_mask(_mm512_alignr_epi8(v, v, 1), v); }]])
  adjeq_kernel(avx512vbmi ADJEQ_ENABLE_AVX512VBMI "-mavx512f -mavx512bw -mavx512vbmi -mpopcnt" [[
#include <immintrin.h>
int main(void) { __m512i v = _mm512_setzero_si512(); return (int)_mm512_cmpeq_epi8_mask(_mm512_permutex2var_epi8(v, v, v), v); }]])
elseif(ADJEQ_ARCH STREQUAL "aarch64")
  adjeq_kernel(neon ADJEQ_ENABLE_NEON "" [[
#include <arm_neon.h>
int main(void) { uint8x16_t v = vdupq_n_u8(1); return (int)vaddlvq_u8(vceqq_u8(v, vextq_u8(v, v, 1))); }]])
  adjeq_kernel(sve ADJEQ_ENABLE_SVE "-march=armv8-a+sve" [[
#include <arm_sve.h>
int main(void) { svbool_t pg = svwhilelt_b8_u64(0, 3); svuint8_t v = svdup_n_u8(1); return (int)svcntp_b8(pg, svcmpeq_u8(pg, v, v)); }]])
elseif(ADJEQ_ARCH STREQUAL "arm")
  # ARMv7: NEON is optional (dispatch checks HWCAP_NEON), so only this file
  # gets -mfpu=neon; the rest stays at the target's baseline FPU.
  adjeq_kernel(neon ADJEQ_ENABLE_NEON "-mfpu=neon" [[
#include <arm_neon.h>
int main(void) { uint8x16_t v = vdupq_n_u8(1); return (int)vgetq_lane_u64(vpaddlq_u32(vpaddlq_u16(vpaddlq_u8(vceqq_u8(v, vextq_u8(v, v, 1))))), 0); }]])
endif()
message(STATUS "adjeq: kernels: ${ADJEQ_COMPILED_KERNELS}")
