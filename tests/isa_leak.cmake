# ISA-leak check (label isa): tests/isa_leak_check.py disassembles the objects
# of adjeq_testing (the library's own objects) with the toolchain's objdump.
# isa.selftest.* prove it rejects objects built to leak. Budget: ~1 s.
find_program(ADJEQ_TEST_PYTHON3 NAMES python3)
# The check parses GNU objdump's output; clang toolchains set llvm-objdump.
set(_adjeq_objdump ${CMAKE_OBJDUMP})
if(_adjeq_objdump MATCHES "llvm-objdump" AND NOT CMAKE_CROSSCOMPILING)
  find_program(ADJEQ_TEST_GNU_OBJDUMP NAMES objdump)
  set(_adjeq_objdump ${ADJEQ_TEST_GNU_OBJDUMP})
endif()
set(_adjeq_isa_arch "")
if(ADJEQ_ARCH MATCHES "^(x86_64|x86|aarch64|arm|ppc64le|s390x|riscv64|wasm)$")
  set(_adjeq_isa_arch ${ADJEQ_ARCH})
endif()
# riscv64: LLVM's objdump, which decodes V in every object when told
# --mattr=+v, whatever the object's own attributes say; WebAssembly: LLVM's
# objdump is the one that reads wasm objects.
if(ADJEQ_ARCH MATCHES "^(riscv64|wasm)$")
  find_program(ADJEQ_TEST_LLVM_OBJDUMP NAMES llvm-objdump-19 llvm-objdump)
  set(_adjeq_objdump ${ADJEQ_TEST_LLVM_OBJDUMP})
endif()

if(NOT _adjeq_isa_arch)
  adjeq_skipped_test(isa.leak isa "no ISA-leak rules for ${CMAKE_SYSTEM_PROCESSOR}")
elseif(ADJEQ_ARCH STREQUAL "wasm" AND "simd128" IN_LIST ADJEQ_COMPILED_KERNELS)
  adjeq_skipped_test(isa.leak isa
    "WebAssembly with -msimd128: every object may use SIMD128 (an engine validates the whole module, and this build runs only on engines with SIMD); the build without -msimd128 is checked")
elseif(NOT ADJEQ_TEST_PYTHON3 OR NOT _adjeq_objdump)
  adjeq_skipped_test(isa.leak isa
    "python3 or GNU objdump not found: install python3 and binutils (apt-get install python3 binutils)")
else()
  set(_adjeq_isa_check ${ADJEQ_TEST_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/isa_leak_check.py
    --objdump ${_adjeq_objdump} --arch ${_adjeq_isa_arch})
  add_test(NAME isa.leak COMMAND ${_adjeq_isa_check} $<TARGET_FILE:adjeq_testing>)
  set_tests_properties(isa.leak PROPERTIES LABELS isa)

  # adjeq_isa_selftest(<name> <role> <define> <flags>)
  function(adjeq_isa_selftest name role define flags)
    set(lib adjeq_isa_bad_${name})
    add_library(${lib} STATIC EXCLUDE_FROM_ALL isa_bad.c)
    target_compile_definitions(${lib} PRIVATE ${define})
    separate_arguments(flag_list UNIX_COMMAND "${flags}")
    target_compile_options(${lib} PRIVATE ${flag_list})
    # Built by the test itself, so a plain build never compiles them; one at
    # a time: two builds at once in one build tree race on its files (these
    # tests were seen failing in pairs under ctest -j2).
    add_test(NAME isa.selftest.${name}.build
      COMMAND ${CMAKE_COMMAND} --build ${PROJECT_BINARY_DIR} --target ${lib})
    set_tests_properties(isa.selftest.${name}.build PROPERTIES
      FIXTURES_SETUP isa_bad_${name} LABELS isa RESOURCE_LOCK adjeq_build_tree)
    add_test(NAME isa.selftest.${name}
      COMMAND ${_adjeq_isa_check} --role ${role} --expect-violation $<TARGET_FILE:${lib}>)
    set_tests_properties(isa.selftest.${name} PROPERTIES
      FIXTURES_REQUIRED isa_bad_${name} LABELS isa)
  endfunction()

  if(ADJEQ_ARCH MATCHES "^(x86_64|x86)$")
    if(ADJEQ_ARCH STREQUAL "x86")
      adjeq_isa_selftest(sse2_in_baseline baseline ISA_BAD_SSE2 "-msse2")
    endif()
    if(ADJEQ_COMPILER_HAS_avx512bw)
      adjeq_isa_selftest(zmm_in_avx2 avx2 ISA_BAD_ZMM "-mavx512f -mavx512bw")
    endif()
    if(ADJEQ_COMPILER_HAS_avx512vbmi)
      adjeq_isa_selftest(vbmi_in_avx512bw avx512bw ISA_BAD_VBMI
        "-mavx512f -mavx512bw -mavx512vbmi")
    endif()
    adjeq_isa_selftest(popcnt_in_baseline baseline ISA_BAD_POPCNT "-mpopcnt")
  elseif(ADJEQ_ARCH STREQUAL "arm")
    adjeq_isa_selftest(neon_in_baseline baseline ISA_BAD_NEON "-mfpu=neon")
  elseif(ADJEQ_ARCH STREQUAL "ppc64le")
    adjeq_isa_selftest(power9_in_vsx vsx ISA_BAD_POWER9 "-mcpu=power9")
  elseif(ADJEQ_ARCH STREQUAL "s390x")
    adjeq_isa_selftest(vx_in_baseline baseline ISA_BAD_S390_VX "-march=z13 -mzvector")
    adjeq_isa_selftest(z14_in_zvector zvector ISA_BAD_Z14 "-march=z14 -mzvector")
  elseif(ADJEQ_ARCH STREQUAL "wasm")
    adjeq_isa_selftest(simd128_in_plain baseline ISA_BAD_SIMD128 "-msimd128")
  elseif(ADJEQ_ARCH STREQUAL "riscv64")
    if(ADJEQ_COMPILER_HAS_rvv)
      adjeq_isa_selftest(rvv_in_baseline baseline ISA_BAD_RVV "-march=rv64gcv")
    endif()
    if(CMAKE_C_COMPILER_ID MATCHES "Clang")
      adjeq_isa_selftest(zbb_in_rvv rvv ISA_BAD_ZBB "-march=rv64gcv_zbb")
    endif()
  else()
    if(ADJEQ_COMPILER_HAS_sve)
      adjeq_isa_selftest(sve_in_neon neon ISA_BAD_SVE "-march=armv8-a+sve")
    endif()
    adjeq_isa_selftest(lse_in_baseline baseline ISA_BAD_LSE "-march=armv8.1-a")
  endif()
endif()
