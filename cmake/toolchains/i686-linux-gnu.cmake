# Cross build for 32-bit x86 Linux with Debian's gcc-i686-linux-gnu and
# libc6-dev-i386-cross; tests run under qemu-i386. Debian's i386 baseline is
# i686 without SSE2, so SSE2 is a dispatched kernel here like AVX2.
# Executables are static (no i386 sysroot or multilib needed at run time).
#   cmake -S . -B build/i686 \
#     -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/i686-linux-gnu.cmake
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR i686)

set(ADJEQ_CROSS_PREFIX i686-linux-gnu- CACHE STRING "Cross tool prefix")
set(CMAKE_C_COMPILER ${ADJEQ_CROSS_PREFIX}gcc)
find_program(ADJEQ_CROSS_CXX ${ADJEQ_CROSS_PREFIX}g++)
if(ADJEQ_CROSS_CXX)
  set(CMAKE_CXX_COMPILER ${ADJEQ_CROSS_CXX})
endif()

set(CMAKE_FIND_ROOT_PATH /usr/i686-linux-gnu)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

set(CMAKE_EXE_LINKER_FLAGS_INIT -static)

find_program(ADJEQ_QEMU_I386 qemu-i386)
if(ADJEQ_QEMU_I386)
  set(CMAKE_CROSSCOMPILING_EMULATOR ${ADJEQ_QEMU_I386})
endif()
