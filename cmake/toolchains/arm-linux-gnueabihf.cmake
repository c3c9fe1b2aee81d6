# Cross build for 32-bit ARMv7 Linux (hard float) with Debian's
# gcc-arm-linux-gnueabihf and libc6-dev-armhf-cross; tests run under qemu-arm.
# NEON is optional on ARMv7: only kernels/neon.c gets -mfpu=neon and dispatch
# checks HWCAP_NEON. Executables are static (no sysroot needed at run time).
#   cmake -S . -B build/armhf \
#     -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/arm-linux-gnueabihf.cmake
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR armv7l)

set(ADJEQ_CROSS_PREFIX arm-linux-gnueabihf- CACHE STRING "Cross tool prefix")
set(CMAKE_C_COMPILER ${ADJEQ_CROSS_PREFIX}gcc)
find_program(ADJEQ_CROSS_CXX ${ADJEQ_CROSS_PREFIX}g++)
if(ADJEQ_CROSS_CXX)
  set(CMAKE_CXX_COMPILER ${ADJEQ_CROSS_CXX})
endif()

set(CMAKE_FIND_ROOT_PATH /usr/arm-linux-gnueabihf)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

set(CMAKE_EXE_LINKER_FLAGS_INIT -static)

find_program(ADJEQ_QEMU_ARM qemu-arm)
if(ADJEQ_QEMU_ARM)
  set(CMAKE_CROSSCOMPILING_EMULATOR ${ADJEQ_QEMU_ARM})
endif()
