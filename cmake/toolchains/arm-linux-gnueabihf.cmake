# Cross build for 32-bit ARMv7 Linux (hard float) with Debian's
# gcc-arm-linux-gnueabihf and libc6-dev-armhf-cross; tests run under qemu-arm.
# NEON is optional on ARMv7: only kernels/neon.c gets -mfpu=neon and dispatch
# checks HWCAP_NEON. Executables are static (no sysroot needed at run time).
#   cmake -S . -B build/armhf \
#     -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/arm-linux-gnueabihf.cmake
set(ADJEQ_CROSS_PROCESSOR armv7l)
set(ADJEQ_CROSS_TRIPLE arm-linux-gnueabihf)
set(ADJEQ_CROSS_QEMU qemu-arm)
include(${CMAKE_CURRENT_LIST_DIR}/linux-cross.cmake)
