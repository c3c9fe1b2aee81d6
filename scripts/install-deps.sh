#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages adjeq's tests and benchmark use, if any
# are missing. Runs apt-get only when needed (as root, or through sudo).
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config clang
  libbenchmark-dev libhwy-dev
  python3-dev python3-numpy python3-pytest python3-matplotlib
  python3-pytest-benchmark python3-pip python3-setuptools python3-wheel python3-venv
  python3-mypy
  # emulation and ISA tests
  qemu-user gcc-aarch64-linux-gnu libc6-dev-arm64-cross gcc-arm-linux-gnueabihf
  libc6-dev-armhf-cross gcc-i686-linux-gnu libc6-dev-i386-cross
  gcc-powerpc64le-linux-gnu libc6-dev-ppc64el-cross gcc-s390x-linux-gnu
  libc6-dev-s390x-cross gcc-riscv64-linux-gnu libc6-dev-riscv64-cross
  gcc-mingw-w64-x86-64 g++-mingw-w64-x86-64 wine64
  libsimde-dev musl-tools binutils
  libclang-rt-dev valgrind binutils
  # packaging: Debian packages, lintian, Meson, FetchContent (git)
  debhelper dh-python devscripts lintian fakeroot dpkg-dev meson git
  # RISC-V vector kernel (clang-19 + lld), WebAssembly (emscripten, node), Dask
  clang-19 lld-19 llvm-19 emscripten nodejs python3-dask python3-distributed
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}"
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
