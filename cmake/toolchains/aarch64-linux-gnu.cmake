# Cross build for AArch64 Linux with Debian's gcc-aarch64-linux-gnu, tests run
# under QEMU user mode (qemu-user):
#   cmake -S . -B build/aarch64 \
#     -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/aarch64-linux-gnu.cmake
#   ctest --test-dir build/aarch64 -L "quick|cross"
# Executables are linked statically, so QEMU needs no AArch64 sysroot at run
# time (no QEMU_LD_PREFIX) and dispatch is proved without a dynamic loader.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)

set(ADJEQ_CROSS_PREFIX aarch64-linux-gnu- CACHE STRING "Cross tool prefix")
set(CMAKE_C_COMPILER ${ADJEQ_CROSS_PREFIX}gcc)
# g++-aarch64-linux-gnu is optional (only the C++ consumer test uses it).
find_program(ADJEQ_CROSS_CXX ${ADJEQ_CROSS_PREFIX}g++)
if(ADJEQ_CROSS_CXX)
  set(CMAKE_CXX_COMPILER ${ADJEQ_CROSS_CXX})
endif()

set(CMAKE_FIND_ROOT_PATH /usr/aarch64-linux-gnu)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

set(CMAKE_EXE_LINKER_FLAGS_INIT -static)

find_program(ADJEQ_QEMU_AARCH64 qemu-aarch64)
if(ADJEQ_QEMU_AARCH64)
  set(CMAKE_CROSSCOMPILING_EMULATOR ${ADJEQ_QEMU_AARCH64})
endif()
