# Cross build for ppc64le Linux (little-endian) with Debian's gcc-powerpc64le-linux-gnu and its
# libc6-dev-*-cross; tests run under qemu-ppc64le. Only the scalar kernel builds
# here today. Executables are static (no sysroot needed at run time).
#   cmake -S . -B build/ppc64le \
#     -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/powerpc64le-linux-gnu.cmake
set(ADJEQ_CROSS_PROCESSOR ppc64le)
set(ADJEQ_CROSS_TRIPLE powerpc64le-linux-gnu)
set(ADJEQ_CROSS_QEMU qemu-ppc64le)
include(${CMAKE_CURRENT_LIST_DIR}/linux-cross.cmake)
