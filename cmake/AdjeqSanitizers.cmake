# Sanitizer and fuzzing builds. Applies to every target in the
# build, library included: a sanitizer only sees the code it instrumented, and
# an over-read happens inside a kernel, not in the test calling it.
#
#   ADJEQ_SANITIZE=address,undefined   ASan + UBSan (any UB aborts the test)
#   ADJEQ_SANITIZE=thread              TSan
#   ADJEQ_FUZZ=ON                      libFuzzer targets (clang only); implies
#                                      address,undefined unless ADJEQ_SANITIZE
#                                      says otherwise
set(ADJEQ_SANITIZE "" CACHE STRING
  "Comma-separated -fsanitize= list for the whole build (e.g. address,undefined or thread)")
option(ADJEQ_FUZZ "Build the libFuzzer targets in tests/fuzz (clang only)" OFF)

if(ADJEQ_FUZZ AND NOT CMAKE_C_COMPILER_ID MATCHES "Clang")
  message(STATUS "adjeq: ADJEQ_FUZZ needs clang (libFuzzer); fuzz targets skipped")
  set(ADJEQ_FUZZ OFF)
endif()
if(ADJEQ_FUZZ AND NOT ADJEQ_SANITIZE)
  set(ADJEQ_SANITIZE address,undefined)
endif()

if(ADJEQ_SANITIZE)
  if(NOT CMAKE_C_COMPILER_ID MATCHES "GNU|Clang")
    message(FATAL_ERROR "adjeq: ADJEQ_SANITIZE needs gcc or clang")
  endif()
  # No recovery: a UBSan report must fail the test, not scroll past.
  set(_adjeq_san_flags -fsanitize=${ADJEQ_SANITIZE} -fno-sanitize-recover=all
      -fno-omit-frame-pointer -g)
  add_compile_options(${_adjeq_san_flags})
  add_link_options(-fsanitize=${ADJEQ_SANITIZE})
  message(STATUS "adjeq: sanitizers: ${ADJEQ_SANITIZE}")
endif()
if(ADJEQ_FUZZ)
  # Coverage feedback from the kernels too; only the fuzz target links the
  # libFuzzer main (-fsanitize=fuzzer), everything else keeps its own main().
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
