# Cross build for 64-bit Windows with Debian's mingw-w64 (gcc-mingw-w64-x86-64,
# g++-mingw-w64-x86-64); tests run under Wine (package wine64). Executables
# are linked statically (libgcc, winpthreads), so Wine needs no MinGW DLLs.
#   cmake -S . -B build/mingw \
#     -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/x86_64-w64-mingw32.cmake
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)

set(ADJEQ_CROSS_PREFIX x86_64-w64-mingw32- CACHE STRING "Cross tool prefix")
set(CMAKE_C_COMPILER ${ADJEQ_CROSS_PREFIX}gcc)
find_program(ADJEQ_CROSS_CXX ${ADJEQ_CROSS_PREFIX}g++)
if(ADJEQ_CROSS_CXX)
  set(CMAKE_CXX_COMPILER ${ADJEQ_CROSS_CXX})
endif()
set(CMAKE_RC_COMPILER ${ADJEQ_CROSS_PREFIX}windres)

set(CMAKE_FIND_ROOT_PATH /usr/x86_64-w64-mingw32)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

set(CMAKE_EXE_LINKER_FLAGS_INIT -static)
# The DLL too: libgcc and winpthreads linked in, nothing else to ship.
set(CMAKE_SHARED_LINKER_FLAGS_INIT -static)

# Debian's wine64 package installs the loader outside PATH.
find_program(ADJEQ_WINE NAMES wine64 wine PATHS /usr/lib/wine)
if(ADJEQ_WINE)
  set(CMAKE_CROSSCOMPILING_EMULATOR ${ADJEQ_WINE})
endif()
