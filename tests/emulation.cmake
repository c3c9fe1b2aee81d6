# Kernels and dispatch on CPUs this machine is not: QEMU user-mode CPU models
# (label qemu for x86-64, cross for AArch64) and SIMDe (label simde).
#
# Time budget: about 1-2 s of CPU per QEMU run of the kernel suite; the x86
# models add ~15 runs to a host build, the AArch64 models ~35 to a cross build.
#
# A missing tool turns into a test reported as skipped, with what to install.

# --- evidence for the kernel-coverage gate (scripts/kernel_coverage.py) -------
set(ADJEQ_COVERAGE_DIR ${PROJECT_BINARY_DIR}/kernel-coverage)
file(MAKE_DIRECTORY ${ADJEQ_COVERAGE_DIR}/runs)
set(_adjeq_compiled_lines "")
foreach(kernel IN LISTS ADJEQ_COMPILED_KERNELS)
  string(APPEND _adjeq_compiled_lines "${kernel}\t${ADJEQ_ARCH}\n")
endforeach()
file(WRITE ${ADJEQ_COVERAGE_DIR}/compiled.txt "${_adjeq_compiled_lines}")
# Tells apart runs of the same kernel on the same CPU from different builds.
set(ADJEQ_TEST_BUILD_TAG "" CACHE STRING
  "Suffix for where kernel runs happened, e.g. 'musl static' (coverage table)")
if(ADJEQ_TEST_BUILD_TAG)
  set(_adjeq_tag " [${ADJEQ_TEST_BUILD_TAG}]")
else()
  set(_adjeq_tag "")
endif()

if(EMSCRIPTEN AND CMAKE_CROSSCOMPILING_EMULATOR)
  set(_adjeq_native_where "node${_adjeq_tag}")
elseif(CMAKE_CROSSCOMPILING AND CMAKE_CROSSCOMPILING_EMULATOR)
  list(GET CMAKE_CROSSCOMPILING_EMULATOR 0 _adjeq_emulator)
  get_filename_component(_adjeq_emulator ${_adjeq_emulator} NAME)
  set(_adjeq_native_where "${_adjeq_emulator} (default cpu)${_adjeq_tag}")
else()
  set(_adjeq_native_where "native${_adjeq_tag}")
endif()
foreach(kernel IN LISTS ADJEQ_COMPILED_KERNELS)
  set_property(TEST kernel.${kernel} APPEND PROPERTY ENVIRONMENT
    ADJEQ_TEST_RUNS_DIR=${ADJEQ_COVERAGE_DIR}/runs
    "ADJEQ_TEST_WHERE=${_adjeq_native_where}")
endforeach()

# A test that reports itself skipped and says why.
function(adjeq_skipped_test name labels message)
  add_test(NAME ${name} COMMAND ${CMAKE_COMMAND} -E echo "SKIPPED: ${message}")
  set_tests_properties(${name} PROPERTIES
    SKIP_REGULAR_EXPRESSION "SKIPPED:" LABELS "${labels}")
endfunction()

# adjeq_emulated_cpu(<prefix> <labels> <emulator> <cpu> <kernels best first>)
#
# Under `<emulator> -cpu <cpu>`: the dispatcher chooses the best compiled kernel
# of the list, exactly the listed (compiled) kernels are supported, the API
# contract holds, and each supported kernel passes the suite, also when forced
# with ADJEQ_KERNEL. No SKIP_RETURN_CODE here: a kernel the model should run
# but reports unsupported fails.
function(adjeq_emulated_cpu prefix labels emulator cpu)
  set(supported "")
  foreach(kernel IN LISTS ARGN)
    if(kernel IN_LIST ADJEQ_COMPILED_KERNELS)
      list(APPEND supported ${kernel})
    endif()
  endforeach()
  list(GET supported 0 best)
  # _adjeq_emulator_args: options the caller puts before -cpu (qemu -r).
  set(run ${emulator} ${_adjeq_emulator_args} -cpu ${cpu})
  # Test names cannot hold commas or '='.
  string(REGEX REPLACE "[,=]" "_" model "${cpu}")
  set(name ${prefix}.${model})
  get_filename_component(emulator_name ${emulator} NAME)
  set(where "ADJEQ_TEST_WHERE=${emulator_name} -cpu ${cpu}${_adjeq_tag}")
  set(runs "ADJEQ_TEST_RUNS_DIR=${ADJEQ_COVERAGE_DIR}/runs")

  add_test(NAME ${name}.dispatch COMMAND ${run} $<TARGET_FILE:test_dispatch> expect ${best})
  add_test(NAME ${name}.supported
    COMMAND ${run} $<TARGET_FILE:test_dispatch> supported ${supported})
  add_test(NAME ${name}.api COMMAND ${run} $<TARGET_FILE:test_dispatch> api)
  set(tests ${name}.dispatch ${name}.supported ${name}.api)
  foreach(kernel IN LISTS supported)
    add_test(NAME ${name}.kernel.${kernel}
      COMMAND ${run} $<TARGET_FILE:test_kernels> bytes ${kernel})
    set_tests_properties(${name}.kernel.${kernel} PROPERTIES ENVIRONMENT "${runs};${where}")
    add_test(NAME ${name}.env.${kernel}
      COMMAND ${run} $<TARGET_FILE:test_dispatch> env ${kernel})
    set_tests_properties(${name}.env.${kernel} PROPERTIES ENVIRONMENT ADJEQ_KERNEL=${kernel})
    list(APPEND tests ${name}.kernel.${kernel} ${name}.env.${kernel})
  endforeach()
  # The other modes on the model's best kernel: about 5 s of emulated CPU
  # per model, most of it the UTF-8 suite (_adjeq_emulated_modes, if set,
  # names fewer).
  set(modes u16 u32 u64 f32 f64 utf8 utf16 stream)
  if(DEFINED _adjeq_emulated_modes)
    set(modes ${_adjeq_emulated_modes})
  endif()
  foreach(mode IN LISTS modes)
    add_test(NAME ${name}.mode.${mode}.${best}
      COMMAND ${run} $<TARGET_FILE:test_kernels> ${mode} ${best})
    list(APPEND tests ${name}.mode.${mode}.${best})
  endforeach()
  set_tests_properties(${tests} PROPERTIES LABELS "${labels}")
endfunction()

# adjeq_emulated_choice(<prefix> <labels> <emulator> <cpu> <kernels best first>)
#
# The dispatch half of adjeq_emulated_cpu: the choice, the supported set and
# the API contract under the model, and the byte suite on its best kernel;
# for models whose kernel code another model runs through every mode. With
# FORCED_UNSUPPORTED <kernel>, ADJEQ_KERNEL=<kernel> must fall back to the
# automatic choice there (a kernel the model lacks must never run).
function(adjeq_emulated_choice prefix labels emulator cpu)
  cmake_parse_arguments(PARSE_ARGV 4 ARG "" "FORCED_UNSUPPORTED" "")
  set(supported "")
  foreach(kernel IN LISTS ARG_UNPARSED_ARGUMENTS)
    if(kernel IN_LIST ADJEQ_COMPILED_KERNELS)
      list(APPEND supported ${kernel})
    endif()
  endforeach()
  list(GET supported 0 best)
  set(run ${emulator} -cpu ${cpu})
  set(name ${prefix}.${cpu})
  get_filename_component(emulator_name ${emulator} NAME)
  add_test(NAME ${name}.dispatch COMMAND ${run} $<TARGET_FILE:test_dispatch> expect ${best})
  add_test(NAME ${name}.supported
    COMMAND ${run} $<TARGET_FILE:test_dispatch> supported ${supported})
  add_test(NAME ${name}.api COMMAND ${run} $<TARGET_FILE:test_dispatch> api)
  add_test(NAME ${name}.kernel.${best} COMMAND ${run} $<TARGET_FILE:test_kernels> bytes ${best})
  set_tests_properties(${name}.kernel.${best} PROPERTIES ENVIRONMENT
    "ADJEQ_TEST_RUNS_DIR=${ADJEQ_COVERAGE_DIR}/runs;ADJEQ_TEST_WHERE=${emulator_name} -cpu ${cpu}${_adjeq_tag}")
  set(tests ${name}.dispatch ${name}.supported ${name}.api ${name}.kernel.${best})
  if(ARG_FORCED_UNSUPPORTED AND ARG_FORCED_UNSUPPORTED IN_LIST ADJEQ_COMPILED_KERNELS)
    add_test(NAME ${name}.env.${ARG_FORCED_UNSUPPORTED}
      COMMAND ${run} $<TARGET_FILE:test_dispatch> env-bad)
    set_tests_properties(${name}.env.${ARG_FORCED_UNSUPPORTED} PROPERTIES
      ENVIRONMENT ADJEQ_KERNEL=${ARG_FORCED_UNSUPPORTED})
    list(APPEND tests ${name}.env.${ARG_FORCED_UNSUPPORTED})
  endif()
  set_tests_properties(${tests} PROPERTIES LABELS "${labels}")
endfunction()

# adjeq_expect_compiled(<prefix> <kernel>): a kernel that is enabled but not
# compiled in fails a test instead of vanishing from the models' lists (the
# compiler check in AdjeqKernels.cmake decides quietly).
function(adjeq_expect_compiled prefix kernel)
  string(TOUPPER ${kernel} upper)
  if(ADJEQ_ENABLE_${upper} AND NOT kernel IN_LIST ADJEQ_COMPILED_KERNELS)
    add_test(NAME ${prefix}.compiled.${kernel} COMMAND sh -c
      "echo '${kernel} is enabled but AdjeqKernels.cmake left it out (its compile check failed)'; exit 1")
    set_tests_properties(${prefix}.compiled.${kernel} PROPERTIES LABELS cross)
  endif()
endfunction()

# adjeq_emulated_vector_length(<prefix> <labels> <emulator> <bytes>) runs the
# SVE kernel (forced and automatic) under -cpu max at that vector length, after
# checking the process really gets that length.
function(adjeq_emulated_vector_length prefix labels emulator bytes)
  set(cpu max,sve-default-vector-length=${bytes})
  string(REGEX REPLACE "[,=]" "_" model "${cpu}")
  set(name ${prefix}.${model})
  set(run ${emulator} -cpu ${cpu})
  get_filename_component(emulator_name ${emulator} NAME)
  add_test(NAME ${name}.dispatch COMMAND ${run} $<TARGET_FILE:test_dispatch> expect sve)
  add_test(NAME ${name}.length COMMAND ${run} $<TARGET_FILE:test_dispatch> sve-length ${bytes})
  add_test(NAME ${name}.kernel.sve COMMAND ${run} $<TARGET_FILE:test_kernels> bytes sve)
  foreach(mode u16 u32 u64 f32 f64)
    add_test(NAME ${name}.mode.${mode}.sve COMMAND ${run} $<TARGET_FILE:test_kernels> ${mode} sve)
    set_tests_properties(${name}.mode.${mode}.sve PROPERTIES LABELS "${labels}")
  endforeach()
  add_test(NAME ${name}.env.sve COMMAND ${run} $<TARGET_FILE:test_dispatch> env sve)
  set_tests_properties(${name}.kernel.sve PROPERTIES ENVIRONMENT
    "ADJEQ_TEST_RUNS_DIR=${ADJEQ_COVERAGE_DIR}/runs;ADJEQ_TEST_WHERE=${emulator_name} -cpu ${cpu}${_adjeq_tag}")
  set_tests_properties(${name}.env.sve PROPERTIES ENVIRONMENT ADJEQ_KERNEL=sve)
  set_tests_properties(${name}.dispatch ${name}.length ${name}.kernel.sve ${name}.env.sve PROPERTIES
    LABELS "${labels}")
endfunction()

# --- x86-64 CPU models under qemu-x86_64 ---------------------------------------
if(ADJEQ_ARCH STREQUAL "x86_64" AND NOT CMAKE_CROSSCOMPILING)
  find_program(ADJEQ_QEMU_X86_64 qemu-x86_64)
  if(ADJEQ_QEMU_X86_64)
    # Nehalem: SSE4.2 and POPCNT, no AVX, no OSXSAVE (so XGETBV must not run).
    adjeq_emulated_cpu(qemu.x86_64 qemu ${ADJEQ_QEMU_X86_64} Nehalem sse2 scalar)
    # Sandy Bridge: AVX and OSXSAVE with YMM state, but no AVX2.
    adjeq_emulated_cpu(qemu.x86_64 qemu ${ADJEQ_QEMU_X86_64} SandyBridge sse2 scalar)
    # Haswell: AVX2 with YMM state; QEMU has no AVX-512 at all.
    adjeq_emulated_cpu(qemu.x86_64 qemu ${ADJEQ_QEMU_X86_64} Haswell avx2 sse2 scalar)
    # Icelake-Server: the model lists AVX-512, TCG drops it from CPUID.
    adjeq_emulated_cpu(qemu.x86_64 qemu ${ADJEQ_QEMU_X86_64} Icelake-Server avx2 sse2 scalar)
  else()
    adjeq_skipped_test(qemu.x86_64 qemu
      "qemu-x86_64 not found: install qemu-user (apt-get install qemu-user) to test the Nehalem and Haswell CPU models")
  endif()
endif()

# --- 32-bit x86 CPU models (cmake/toolchains/i686-linux-gnu.cmake) ------------
# SSE2 is not baseline on i686: dispatch must read it from CPUID, and the
# kernels must build without 64-bit-only intrinsics. QEMU has no AVX-512, so
# the AVX-512 kernels run through SIMDe below (or natively on such a host).
if(ADJEQ_ARCH STREQUAL "x86" AND CMAKE_CROSSCOMPILING)
  list(GET CMAKE_CROSSCOMPILING_EMULATOR 0 _adjeq_qemu)
  if(_adjeq_qemu)
    # Pentium III: SSE but no SSE2, so only the scalar kernel may run.
    adjeq_emulated_cpu(cross.x86 cross ${_adjeq_qemu} pentium3 scalar)
    # Nehalem: SSE2 and POPCNT, no AVX, no OSXSAVE.
    adjeq_emulated_cpu(cross.x86 cross ${_adjeq_qemu} Nehalem sse2 scalar)
    # Haswell: AVX2 with YMM state.
    adjeq_emulated_cpu(cross.x86 cross ${_adjeq_qemu} Haswell avx2 sse2 scalar)
  else()
    adjeq_skipped_test(cross.x86 cross
      "no CMAKE_CROSSCOMPILING_EMULATOR: install qemu-user (apt-get install qemu-user)")
  endif()
  # An x86-64 Linux host runs static i386 binaries itself (IA32 emulation),
  # which is the one way to run the AVX-512 kernels' 32-bit code here: QEMU
  # has no AVX-512. A kernel this CPU lacks, or a kernel built without IA32
  # support, reports the test skipped.
  if(CMAKE_HOST_SYSTEM_NAME STREQUAL "Linux" AND CMAKE_HOST_SYSTEM_PROCESSOR MATCHES "^(x86_64|amd64)$")
    set(_adjeq_host_run bash -c
      "shopt -s execfail\nexec \"$0\" \"$@\"\necho 'SKIPPED: this host cannot run 32-bit x86 binaries'\nexit 77")
    add_test(NAME cross.x86.native.api COMMAND ${_adjeq_host_run} $<TARGET_FILE:test_dispatch> api)
    set(tests cross.x86.native.api)
    foreach(kernel IN LISTS ADJEQ_COMPILED_KERNELS)
      add_test(NAME cross.x86.native.kernel.${kernel}
        COMMAND ${_adjeq_host_run} $<TARGET_FILE:test_kernels> bytes ${kernel})
      set_tests_properties(cross.x86.native.kernel.${kernel} PROPERTIES ENVIRONMENT
        "ADJEQ_TEST_RUNS_DIR=${ADJEQ_COVERAGE_DIR}/runs;ADJEQ_TEST_WHERE=native (i686 binary on x86-64)${_adjeq_tag}")
      list(APPEND tests cross.x86.native.kernel.${kernel})
      if(kernel MATCHES "^avx512")
        foreach(mode u16 u32 u64 f32 f64 utf8 utf16 stream)
          add_test(NAME cross.x86.native.mode.${mode}.${kernel}
            COMMAND ${_adjeq_host_run} $<TARGET_FILE:test_kernels> ${mode} ${kernel})
          list(APPEND tests cross.x86.native.mode.${mode}.${kernel})
        endforeach()
      endif()
    endforeach()
    set_tests_properties(${tests} PROPERTIES LABELS cross SKIP_RETURN_CODE 77)
  endif()
endif()

# --- Windows x86-64 under Wine (cmake/toolchains/x86_64-w64-mingw32.cmake) -----
# Wine runs the code on this CPU, so the dispatcher must choose what a native
# Linux build chooses here (tests/host_kernel.sh reads /proc/cpuinfo).
if(WIN32 AND CMAKE_CROSSCOMPILING AND CMAKE_CROSSCOMPILING_EMULATOR
   AND CMAKE_HOST_SYSTEM_NAME STREQUAL "Linux" AND ADJEQ_ARCH STREQUAL "x86_64")
  add_test(NAME wine.dispatch_as_native
    COMMAND bash -c "exec \"$0\" \"$1\" expect \"$(bash \"$2\")\""
      ${CMAKE_CROSSCOMPILING_EMULATOR} $<TARGET_FILE:test_dispatch>
      ${CMAKE_CURRENT_SOURCE_DIR}/host_kernel.sh)
  set_tests_properties(wine.dispatch_as_native PROPERTIES LABELS "quick;wine")
endif()

# --- AArch64 CPU models (cross builds, cmake/toolchains/aarch64-linux-gnu.cmake)
if(ADJEQ_ARCH STREQUAL "aarch64" AND CMAKE_CROSSCOMPILING)
  list(GET CMAKE_CROSSCOMPILING_EMULATOR 0 _adjeq_qemu)
  if(_adjeq_qemu)
    adjeq_emulated_cpu(cross.aarch64 cross ${_adjeq_qemu} cortex-a53 neon scalar)
    adjeq_emulated_cpu(cross.aarch64 cross ${_adjeq_qemu} neoverse-n1 neon scalar)
    adjeq_emulated_cpu(cross.aarch64 cross ${_adjeq_qemu} max sve neon scalar)
    adjeq_emulated_cpu(cross.aarch64 cross ${_adjeq_qemu} a64fx sve neon scalar)
    if("sve" IN_LIST ADJEQ_COMPILED_KERNELS)
      # Vector lengths in bytes: 128-bit (as NEON), 256, 512 and the 2048-bit
      # architectural maximum, where one vector is longer than most test inputs.
      foreach(vl 16 32 64 256)
        adjeq_emulated_vector_length(cross.aarch64 cross ${_adjeq_qemu} ${vl})
      endforeach()
    endif()
  else()
    adjeq_skipped_test(cross.aarch64 cross
      "no CMAKE_CROSSCOMPILING_EMULATOR: install qemu-user (apt-get install qemu-user)")
  endif()
endif()

# --- ARMv7 CPU models (cmake/toolchains/arm-linux-gnueabihf.cmake) -------------
# NEON is optional here: dispatch must read it from HWCAP_NEON.
if(ADJEQ_ARCH STREQUAL "arm" AND CMAKE_CROSSCOMPILING)
  list(GET CMAKE_CROSSCOMPILING_EMULATOR 0 _adjeq_qemu)
  if(_adjeq_qemu)
    adjeq_emulated_cpu(cross.arm cross ${_adjeq_qemu} cortex-a7 neon scalar)
    adjeq_emulated_cpu(cross.arm cross ${_adjeq_qemu} cortex-a9 neon scalar)
    adjeq_emulated_cpu(cross.arm cross ${_adjeq_qemu} cortex-a15 neon scalar)
    # ARMv7-R with VFPv3 and no NEON: the binary runs, the NEON kernel must not.
    adjeq_emulated_cpu(cross.arm cross ${_adjeq_qemu} cortex-r5f scalar)
  else()
    adjeq_skipped_test(cross.arm cross
      "no CMAKE_CROSSCOMPILING_EMULATOR: install qemu-user (apt-get install qemu-user)")
  endif()
endif()

# --- riscv64 CPU models with RVV (cmake/toolchains/riscv64-linux-gnu-clang.cmake)
# The rvv kernel at four vector lengths (at 1024 bits one LMUL-4 step is 512
# bytes, longer than most test inputs). qemu-user reports the host's kernel
# release, and detection trusts V only from Linux 6.5 (which saves vector
# state; QEMU itself always does), so the models pin 6.5 with -r: the result
# does not depend on the host. Linux 6.4 with the same CPU must get scalar.
# Budget: QEMU 7.2 emulates RVV element by element, about 100 s of CPU for
# every mode at one length; so every mode runs at VLEN 128 (the most steps
# per input), and at 256, 512 and 1024 the bytes suite and u16, u32 (the
# element loop at 16 and 32 bits), UTF-8 and UTF-16 (the mask builders,
# whose vl is below VLMAX from 256 bits on) and the stream. u64, f32 and
# f64 are that element loop again (64-bit elements, float compares) and
# cost 10-22 s each per length under QEMU, so they run at 128 only.
if(ADJEQ_ARCH STREQUAL "riscv64" AND CMAKE_CROSSCOMPILING AND "rvv" IN_LIST ADJEQ_COMPILED_KERNELS)
  list(GET CMAKE_CROSSCOMPILING_EMULATOR 0 _adjeq_qemu)
  if(_adjeq_qemu)
    set(_adjeq_emulator_args -r 6.5.0)
    foreach(vlen 128 256 512 1024)
      if(NOT vlen EQUAL 128)
        set(_adjeq_emulated_modes u16 u32 utf8 utf16 stream)
      endif()
      adjeq_emulated_cpu(cross.riscv64 cross ${_adjeq_qemu}
        rv64,v=true,vext_spec=v1.0,vlen=${vlen},elen=64 rvv scalar)
    endforeach()
    unset(_adjeq_emulated_modes)
    # No V (QEMU's default rv64): scalar, and never SIGILL.
    adjeq_emulated_cpu(cross.riscv64 cross ${_adjeq_qemu} rv64 scalar)
    set(_adjeq_emulator_args "")
    set(run ${_adjeq_qemu} -r 6.4.16 -cpu rv64,v=true,vext_spec=v1.0,vlen=128,elen=64)
    add_test(NAME cross.riscv64.linux_6.4.dispatch COMMAND ${run} $<TARGET_FILE:test_dispatch> expect scalar)
    add_test(NAME cross.riscv64.linux_6.4.supported
      COMMAND ${run} $<TARGET_FILE:test_dispatch> supported scalar)
    set_tests_properties(cross.riscv64.linux_6.4.dispatch cross.riscv64.linux_6.4.supported
      PROPERTIES LABELS cross)
  else()
    adjeq_skipped_test(cross.riscv64 cross
      "no CMAKE_CROSSCOMPILING_EMULATOR: install qemu-user (apt-get install qemu-user)")
  endif()
endif()

# --- WebAssembly under node (scripts/test.sh, stage wasm) ---------------------
# No run-time detection: the kernel follows the build's -msimd128, and the
# dispatcher must report exactly that one.
if(ADJEQ_ARCH STREQUAL "wasm")
  set(_adjeq_wasm_kernels scalar)
  if("simd128" IN_LIST ADJEQ_COMPILED_KERNELS)
    set(_adjeq_wasm_kernels simd128 scalar)
  endif()
  list(GET _adjeq_wasm_kernels 0 _adjeq_wasm_best)
  add_test(NAME wasm.dispatch COMMAND test_dispatch expect ${_adjeq_wasm_best})
  add_test(NAME wasm.supported COMMAND test_dispatch supported ${_adjeq_wasm_kernels})
  set_tests_properties(wasm.dispatch wasm.supported PROPERTIES LABELS quick)
endif()

# --- ppc64le (cmake/toolchains/powerpc64le-linux-gnu.cmake) --------------------
# VSX is the POWER8 baseline, so every model runs vsx, whose code is
# POWER8's: power8 runs it through every mode; POWER9 and POWER10 report ISA
# 3.0 / 3.1 in AT_HWCAP2, which must change nothing (the quick tier runs
# every mode under QEMU's default model too).
if(ADJEQ_ARCH STREQUAL "ppc64le" AND CMAKE_CROSSCOMPILING)
  list(GET CMAKE_CROSSCOMPILING_EMULATOR 0 _adjeq_qemu)
  if(_adjeq_qemu)
    adjeq_expect_compiled(cross.ppc64le vsx)
    adjeq_emulated_cpu(cross.ppc64le cross ${_adjeq_qemu} power8 vsx scalar)
    foreach(model power9 power10)
      adjeq_emulated_choice(cross.ppc64le cross ${_adjeq_qemu} ${model} vsx scalar)
    endforeach()
  else()
    adjeq_skipped_test(cross.ppc64le cross
      "no CMAKE_CROSSCOMPILING_EMULATOR: install qemu-user (apt-get install qemu-user)")
  endif()
endif()

# --- s390x, big-endian (cmake/toolchains/s390x-linux-gnu.cmake) ----------------
# max has the z13 vector facility (HWCAP_S390_VXRS); z900 has none, and a
# vector instruction traps there (QEMU raises a data exception, SIGFPE), so
# the z900 tests prove the zvector kernel never runs without the facility.
if(ADJEQ_ARCH STREQUAL "s390x" AND CMAKE_CROSSCOMPILING)
  list(GET CMAKE_CROSSCOMPILING_EMULATOR 0 _adjeq_qemu)
  if(_adjeq_qemu)
    adjeq_expect_compiled(cross.s390x zvector)
    adjeq_emulated_cpu(cross.s390x cross ${_adjeq_qemu} max zvector scalar)
    adjeq_emulated_choice(cross.s390x cross ${_adjeq_qemu} z900 scalar
      FORCED_UNSUPPORTED zvector)
  else()
    adjeq_skipped_test(cross.s390x cross
      "no CMAKE_CROSSCOMPILING_EMULATOR: install qemu-user (apt-get install qemu-user)")
  endif()
endif()

# --- riscv64 without rvv (cmake/toolchains/riscv64-linux-gnu.cmake: gcc 12 has
# no RVV intrinsics): each model must run the scalar kernel, and the suites
# prove the scalar code there.
if(ADJEQ_ARCH STREQUAL "riscv64" AND CMAKE_CROSSCOMPILING
   AND NOT "rvv" IN_LIST ADJEQ_COMPILED_KERNELS)
  list(GET CMAKE_CROSSCOMPILING_EMULATOR 0 _adjeq_qemu)
  if(_adjeq_qemu)
    set(_adjeq_models sifive-u54)
    foreach(model IN LISTS _adjeq_models)
      adjeq_emulated_cpu(cross.${ADJEQ_ARCH} cross ${_adjeq_qemu} ${model} scalar)
    endforeach()
  else()
    adjeq_skipped_test(cross.${ADJEQ_ARCH} cross
      "no CMAKE_CROSSCOMPILING_EMULATOR: install qemu-user (apt-get install qemu-user)")
  endif()
endif()

# --- SIMDe: kernels this host may not run ---------------------------------------
# NEON and the AVX-512 kernels on x86 hosts (the AVX-512 ones on 32-bit x86 too) (a host without AVX-512 runs them
# only here: QEMU has no AVX-512); SSE2 and AVX2 on AArch64 (cross builds run
# them under QEMU). Each is the kernel's own source with tests/simde/ standing
# in for its ISA header, through the whole differential suite, one test per
# mode. SIMDe is header-only and architecture-neutral, so a cross build uses
# the host's copy through a directory holding only a link to it (adding the
# host's /usr/include to a cross build would pull in the host's libc headers).
find_path(ADJEQ_SIMDE_INCLUDE_DIR simde/simde-common.h NO_CMAKE_FIND_ROOT_PATH)
if(ADJEQ_ARCH STREQUAL "aarch64")
  set(_adjeq_simde_kernels sse2 avx2)
elseif(ADJEQ_ARCH STREQUAL "x86_64")
  set(_adjeq_simde_kernels neon avx512bw avx512vbmi)
elseif(ADJEQ_ARCH STREQUAL "x86")
  # QEMU has no AVX-512: on 32-bit x86 the AVX-512 kernels' sources run only
  # here (the x86-64 build covers NEON).
  set(_adjeq_simde_kernels avx512bw avx512vbmi)
else()
  set(_adjeq_simde_kernels "")
endif()
if(WIN32)
  # <windows.h> (guard pages) pulls in the compiler's own x86 intrinsic
  # headers, which clash with SIMDe's stand-ins; the Linux x86-64 builds run
  # these kernels' sources through SIMDe instead.
  set(_adjeq_simde_kernels "")
endif()
if(_adjeq_simde_kernels AND ADJEQ_SIMDE_INCLUDE_DIR)
  set(_adjeq_simde_dir ${CMAKE_CURRENT_BINARY_DIR}/simde-include)
  file(MAKE_DIRECTORY ${_adjeq_simde_dir})
  file(CREATE_LINK ${ADJEQ_SIMDE_INCLUDE_DIR}/simde ${_adjeq_simde_dir}/simde SYMBOLIC)
  if(CMAKE_CROSSCOMPILING)
    set(where "simde on ${_adjeq_native_where}")
  else()
    set(where "simde${_adjeq_tag}")
  endif()
  foreach(kernel IN LISTS _adjeq_simde_kernels)
    set(target test_kernel_${kernel}_simde)
    string(TOUPPER ${kernel} upper)
    # Stand-ins for the kernel's ISA header, kept apart from the headers SIMDe
    # itself includes natively (<arm_neon.h> on AArch64, <emmintrin.h> on x86).
    if(kernel STREQUAL "neon")
      set(redirect ${CMAKE_CURRENT_SOURCE_DIR}/simde/neon)
    elseif(kernel MATCHES "^avx512")
      set(redirect ${CMAKE_CURRENT_SOURCE_DIR}/simde/avx512)
    else()
      set(redirect ${CMAKE_CURRENT_SOURCE_DIR}/simde/x86)
    endif()
    add_executable(${target} test_kernel_simde.c)
    # System includes: SIMDe's own headers are not held to this project's -Werror.
    target_include_directories(${target} SYSTEM PRIVATE ${redirect} ${_adjeq_simde_dir})
    target_include_directories(${target} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}
      ${PROJECT_SOURCE_DIR}/kernels)
    # No register pins: SIMDe's vectors are structs no single register holds.
    target_compile_definitions(${target} PRIVATE
      ${ADJEQ_TEST_DEFINES} ADJEQ_SIMDE_${upper} ADJEQ_NO_REGISTER_PIN)
    target_compile_options(${target} PRIVATE ${ADJEQ_WARNING_FLAGS})
    if(kernel MATCHES "^avx512" AND CMAKE_C_COMPILER_ID MATCHES "GNU|Clang")
      # SIMDe passes 64-byte vectors by value without AVX-512 enabled.
      target_compile_options(${target} PRIVATE -Wno-psabi)
    endif()
    add_test(NAME kernel.${kernel}.simde COMMAND ${target} bytes)
    set_tests_properties(kernel.${kernel}.simde PROPERTIES LABELS "simde;quick" ENVIRONMENT
      "ADJEQ_TEST_RUNS_DIR=${ADJEQ_COVERAGE_DIR}/runs;ADJEQ_TEST_WHERE=${where}")
    foreach(mode u16 u32 u64 f32 f64 utf8 utf16)
      add_test(NAME mode.${mode}.${kernel}.simde COMMAND ${target} ${mode})
      set_tests_properties(mode.${mode}.${kernel}.simde PROPERTIES LABELS "simde;quick")
    endforeach()
    if(kernel MATCHES "^avx512")
      # The Intel-tuned table (kernels/avx512.h), bytes and wide units.
      foreach(mode bytes u16 u32)
        add_test(NAME mode.${mode}.${kernel}.tuned.simde COMMAND ${target} ${mode} tuned)
        set_tests_properties(mode.${mode}.${kernel}.tuned.simde PROPERTIES LABELS "simde;quick")
      endforeach()
    endif()
    file(APPEND ${ADJEQ_COVERAGE_DIR}/compiled.txt "${kernel}\tsimde\n")
  endforeach()
elseif(_adjeq_simde_kernels)
  foreach(kernel IN LISTS _adjeq_simde_kernels)
    adjeq_skipped_test(kernel.${kernel}.simde "simde;quick"
      "SIMDe headers not found: install libsimde-dev (apt-get install libsimde-dev) to test the ${kernel} kernel on this host")
  endforeach()
endif()
