# Cross build for s390x Linux (big-endian) with Debian's gcc-s390x-linux-gnu and its
# libc6-dev-*-cross; tests run under qemu-s390x. Only the scalar kernel builds
# here today. Executables are static (no sysroot needed at run time).
#   cmake -S . -B build/s390x \
#     -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/s390x-linux-gnu.cmake
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR s390x)

set(ADJEQ_CROSS_PREFIX s390x-linux-gnu- CACHE STRING "Cross tool prefix")
set(CMAKE_C_COMPILER ${ADJEQ_CROSS_PREFIX}gcc)
find_program(ADJEQ_CROSS_CXX ${ADJEQ_CROSS_PREFIX}g++)
if(ADJEQ_CROSS_CXX)
  set(CMAKE_CXX_COMPILER ${ADJEQ_CROSS_CXX})
endif()

set(CMAKE_FIND_ROOT_PATH /usr/s390x-linux-gnu)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

set(CMAKE_EXE_LINKER_FLAGS_INIT -static)

find_program(ADJEQ_QEMU_S390X qemu-s390x)
if(ADJEQ_QEMU_S390X)
  set(CMAKE_CROSSCOMPILING_EMULATOR ${ADJEQ_QEMU_S390X})
endif()
