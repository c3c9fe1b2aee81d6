# Cross build for riscv64 Linux (little-endian) with Debian's gcc-riscv64-linux-gnu and its
# libc6-dev-*-cross; tests run under qemu-riscv64. Only the scalar kernel builds
# here today. Executables are static (no sysroot needed at run time).
#   cmake -S . -B build/riscv64 \
#     -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/riscv64-linux-gnu.cmake
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR riscv64)

set(ADJEQ_CROSS_PREFIX riscv64-linux-gnu- CACHE STRING "Cross tool prefix")
set(CMAKE_C_COMPILER ${ADJEQ_CROSS_PREFIX}gcc)
find_program(ADJEQ_CROSS_CXX ${ADJEQ_CROSS_PREFIX}g++)
if(ADJEQ_CROSS_CXX)
  set(CMAKE_CXX_COMPILER ${ADJEQ_CROSS_CXX})
endif()

set(CMAKE_FIND_ROOT_PATH /usr/riscv64-linux-gnu)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

set(CMAKE_EXE_LINKER_FLAGS_INIT -static)

find_program(ADJEQ_QEMU_RISCV64 qemu-riscv64)
if(ADJEQ_QEMU_RISCV64)
  set(CMAKE_CROSSCOMPILING_EMULATOR ${ADJEQ_QEMU_RISCV64})
endif()
