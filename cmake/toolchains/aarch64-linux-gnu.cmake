# Cross build for AArch64 Linux with Debian's gcc-aarch64-linux-gnu, tests run
# under QEMU user mode (qemu-user):
#   cmake -S . -B build/aarch64 \
#     -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/aarch64-linux-gnu.cmake
#   ctest --test-dir build/aarch64 -L "quick|cross"
set(ADJEQ_CROSS_PROCESSOR aarch64)
set(ADJEQ_CROSS_TRIPLE aarch64-linux-gnu)
set(ADJEQ_CROSS_QEMU qemu-aarch64)
include(${CMAKE_CURRENT_LIST_DIR}/linux-cross.cmake)
