# The body every Linux cross toolchain file here shares. The including file
# sets, before including this:
#   ADJEQ_CROSS_PROCESSOR  CMAKE_SYSTEM_PROCESSOR (what AdjeqKernels.cmake
#                          maps to ADJEQ_ARCH)
#   ADJEQ_CROSS_TRIPLE     Debian's gcc-<triple>; its libc6-dev-*-cross lives
#                          in /usr/<triple>
#   ADJEQ_CROSS_QEMU       the qemu-user binary the tests run under
# Executables are linked statically, so QEMU needs no sysroot at run time (no
# QEMU_LD_PREFIX) and dispatch is proved without a dynamic loader.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR ${ADJEQ_CROSS_PROCESSOR})

set(ADJEQ_CROSS_PREFIX ${ADJEQ_CROSS_TRIPLE}- CACHE STRING "Cross tool prefix")
set(CMAKE_C_COMPILER ${ADJEQ_CROSS_PREFIX}gcc)
find_program(ADJEQ_CROSS_CXX ${ADJEQ_CROSS_PREFIX}g++)
if(ADJEQ_CROSS_CXX)
  set(CMAKE_CXX_COMPILER ${ADJEQ_CROSS_CXX})
endif()

set(CMAKE_FIND_ROOT_PATH /usr/${ADJEQ_CROSS_TRIPLE})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

set(CMAKE_EXE_LINKER_FLAGS_INIT -static)

find_program(ADJEQ_CROSS_EMULATOR ${ADJEQ_CROSS_QEMU})
if(ADJEQ_CROSS_EMULATOR)
  set(CMAKE_CROSSCOMPILING_EMULATOR ${ADJEQ_CROSS_EMULATOR})
endif()
