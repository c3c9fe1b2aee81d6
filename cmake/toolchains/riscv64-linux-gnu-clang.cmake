# Cross build for riscv64 Linux with clang-19 (the rvv kernel's compiler:
# Debian 12's GCC 12 has no <riscv_vector.h>), against the sysroot and
# binutils of Debian's gcc-riscv64-linux-gnu and libc6-dev-riscv64-cross.
# The library and the dispatcher build for rv64gc; only kernels/rvv.c gets
# -march=rv64gcv (cmake/AdjeqKernels.cmake). Tests run under qemu-riscv64.
#   cmake -S . -B build/riscv64-clang \
#     -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/riscv64-linux-gnu-clang.cmake
set(ADJEQ_CROSS_PROCESSOR riscv64)
set(ADJEQ_CROSS_TRIPLE riscv64-linux-gnu)
set(ADJEQ_CROSS_QEMU qemu-riscv64)
include(${CMAKE_CURRENT_LIST_DIR}/linux-cross.cmake)

find_program(ADJEQ_CROSS_CLANG NAMES clang-19 clang REQUIRED)
set(CMAKE_C_COMPILER ${ADJEQ_CROSS_CLANG})
set(CMAKE_C_COMPILER_TARGET ${ADJEQ_CROSS_TRIPLE})
find_program(ADJEQ_CROSS_CLANGXX NAMES clang++-19 clang++)
if(ADJEQ_CROSS_CLANGXX)
  set(CMAKE_CXX_COMPILER ${ADJEQ_CROSS_CLANGXX})
  set(CMAKE_CXX_COMPILER_TARGET ${ADJEQ_CROSS_TRIPLE})
  set(CMAKE_CXX_FLAGS_INIT "-march=rv64gc")
endif()
set(CMAKE_C_FLAGS_INIT "-march=rv64gc")
