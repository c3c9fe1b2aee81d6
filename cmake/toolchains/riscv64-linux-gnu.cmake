# Cross build for riscv64 Linux (little-endian) with Debian's gcc-riscv64-linux-gnu and its
# libc6-dev-*-cross; tests run under qemu-riscv64. GCC 12 builds only the scalar
# kernel (rvv: riscv64-linux-gnu-clang.cmake). Executables are static (no
# sysroot needed at run time).
#   cmake -S . -B build/riscv64 \
#     -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/riscv64-linux-gnu.cmake
set(ADJEQ_CROSS_PROCESSOR riscv64)
set(ADJEQ_CROSS_TRIPLE riscv64-linux-gnu)
set(ADJEQ_CROSS_QEMU qemu-riscv64)
include(${CMAKE_CURRENT_LIST_DIR}/linux-cross.cmake)
