# Cross build for ppc64le Linux (little-endian) with Debian's gcc-powerpc64le-linux-gnu and its
# libc6-dev-*-cross; tests run under qemu-ppc64le. Only the scalar kernel builds
# here today. Executables are static (no sysroot needed at run time).
#   cmake -S . -B build/ppc64le \
#     -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/powerpc64le-linux-gnu.cmake
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR ppc64le)

set(ADJEQ_CROSS_PREFIX powerpc64le-linux-gnu- CACHE STRING "Cross tool prefix")
set(CMAKE_C_COMPILER ${ADJEQ_CROSS_PREFIX}gcc)
find_program(ADJEQ_CROSS_CXX ${ADJEQ_CROSS_PREFIX}g++)
if(ADJEQ_CROSS_CXX)
  set(CMAKE_CXX_COMPILER ${ADJEQ_CROSS_CXX})
endif()

set(CMAKE_FIND_ROOT_PATH /usr/powerpc64le-linux-gnu)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

set(CMAKE_EXE_LINKER_FLAGS_INIT -static)

find_program(ADJEQ_QEMU_PPC64LE qemu-ppc64le)
if(ADJEQ_QEMU_PPC64LE)
  set(CMAKE_CROSSCOMPILING_EMULATOR ${ADJEQ_QEMU_PPC64LE})
endif()
