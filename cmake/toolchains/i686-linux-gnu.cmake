# Cross build for 32-bit x86 Linux with Debian's gcc-i686-linux-gnu and
# libc6-dev-i386-cross; tests run under qemu-i386. Debian's i386 baseline is
# i686 without SSE2, so SSE2 is a dispatched kernel here like AVX2.
# Executables are static (no i386 sysroot or multilib needed at run time).
#   cmake -S . -B build/i686 \
#     -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/i686-linux-gnu.cmake
set(ADJEQ_CROSS_PROCESSOR i686)
set(ADJEQ_CROSS_TRIPLE i686-linux-gnu)
set(ADJEQ_CROSS_QEMU qemu-i386)
include(${CMAKE_CURRENT_LIST_DIR}/linux-cross.cmake)
