# Cross build for s390x Linux (big-endian) with Debian's gcc-s390x-linux-gnu and its
# libc6-dev-*-cross; tests run under qemu-s390x. Only the scalar kernel builds
# here today. Executables are static (no sysroot needed at run time).
#   cmake -S . -B build/s390x \
#     -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/s390x-linux-gnu.cmake
set(ADJEQ_CROSS_PROCESSOR s390x)
set(ADJEQ_CROSS_TRIPLE s390x-linux-gnu)
set(ADJEQ_CROSS_QEMU qemu-s390x)
include(${CMAKE_CURRENT_LIST_DIR}/linux-cross.cmake)
