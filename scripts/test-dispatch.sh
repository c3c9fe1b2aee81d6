#!/usr/bin/env bash
# One command for dispatch testers: builds the tests for this host (x86-64)
# and, cross, for AArch64, ARMv7, ppc64le and s390x, then runs them under every emulated CPU model and
# prints per model the kernel the dispatcher chose, the kernels it reports
# supported, and whether the kernel suite passed for each of them.
#   scripts/test-dispatch.sh                 every model
#   scripts/test-dispatch.sh Nehalem max     only these models
# Exit status 1 if any model chose an unexpected kernel or any kernel failed.
# Takes about a minute (most of it building); needs qemu-user,
# gcc-aarch64-linux-gnu, gcc-arm-linux-gnueabihf + libc6-dev-armhf-cross,
# gcc-powerpc64le-linux-gnu, gcc-s390x-linux-gnu, and clang-19 with
# gcc-riscv64-linux-gnu + libc6-dev-riscv64-cross (scripts/install-deps.sh
# installs them; a missing one skips its models).
set -euo pipefail
cd "$(dirname "$0")/.."
# The table is about the automatic choice; a forced kernel would hide it.
unset ADJEQ_KERNEL
root=$PWD
build=${ADJEQ_BUILD_ROOT:-$root/build/dispatch}
options=(-G Ninja -DADJEQ_BUILD_BENCHMARKS=OFF -DADJEQ_BUILD_TOOLS=OFF -DADJEQ_PYTHON=OFF)

# arch model expected-kernel: QEMU user-mode CPU models, oldest first.
models=(
  "native native -"                 # this machine, no emulation
  "x86_64 core2duo sse2"            # SSSE3, no SSE4.2, no POPCNT
  "x86_64 Nehalem sse2"             # SSE4.2 + POPCNT, no AVX, no OSXSAVE
  "x86_64 SandyBridge sse2"         # AVX without AVX2
  "x86_64 Haswell avx2"
  "x86_64 Skylake-Client avx2"
  "x86_64 Icelake-Server avx2"      # AVX-512 in the model, not in TCG
  "x86_64 EPYC avx2"                # Zen 1
  "arm cortex-r5f scalar"           # ARMv7-R: VFP, no NEON (HWCAP_NEON clear)
  "arm cortex-a9 neon"
  "arm cortex-a15 neon"
  "aarch64 cortex-a53 neon"
  "aarch64 cortex-a72 neon"
  "aarch64 neoverse-n1 neon"
  "aarch64 a64fx sve"               # SVE, 512-bit
  "aarch64 max sve"                 # SVE2, 512-bit by default
  "aarch64 max,sve-default-vector-length=16 sve"
  "aarch64 max,sve-default-vector-length=32 sve"
  "aarch64 max,sve-default-vector-length=256 sve"
  "ppc64le power8 vsx"              # VSX is the ppc64le baseline
  "ppc64le power9 vsx"
  "ppc64le power10 vsx"
  "s390x z900 scalar"               # no vector facility (HWCAP_S390_VXRS clear)
  "s390x max zvector"               # z13 vector facility and later
  "riscv64 rv64 scalar"             # no V
  "riscv64 rv64,v=true,vext_spec=v1.0,vlen=128,elen=64 rvv"
  "riscv64 rv64,v=true,vext_spec=v1.0,vlen=256,elen=64 rvv"
  "riscv64 rv64,v=true,vext_spec=v1.0,vlen=1024,elen=64 rvv"
)

selected=("$@")
wanted() {
  [ ${#selected[@]} -eq 0 ] && return 0
  local m
  for m in "${selected[@]}"; do [ "$m" = "$1" ] && return 0; done
  return 1
}

need() {
  command -v "$1" >/dev/null && return 0
  echo "test-dispatch: $1 not found: install $2 (or run scripts/install-deps.sh)" >&2
  return 1
}

have_x86=0 have_a64=0 have_arm=0 have_ppc64le=0 have_s390x=0 have_rv=0
jobs=${ADJEQ_JOBS:-$(nproc)}
if [ "$(uname -m)" = x86_64 ] && need qemu-x86_64 qemu-user; then
  echo "building x86-64 tests in $build/x86_64 ..."
  cmake -S "$root" -B "$build/x86_64" "${options[@]}" >/dev/null
  cmake --build "$build/x86_64" --target test_kernels test_dispatch -j "$jobs" >/dev/null
  have_x86=1
fi
if need aarch64-linux-gnu-gcc gcc-aarch64-linux-gnu && need qemu-aarch64 qemu-user; then
  echo "building AArch64 tests in $build/aarch64 ..."
  cmake -S "$root" -B "$build/aarch64" "${options[@]}" \
    -DCMAKE_TOOLCHAIN_FILE="$root/cmake/toolchains/aarch64-linux-gnu.cmake" >/dev/null
  cmake --build "$build/aarch64" --target test_kernels test_dispatch -j "$jobs" >/dev/null
  have_a64=1
fi
if need arm-linux-gnueabihf-gcc "gcc-arm-linux-gnueabihf libc6-dev-armhf-cross" &&
   need qemu-arm qemu-user; then
  echo "building ARMv7 tests in $build/arm ..."
  cmake -S "$root" -B "$build/arm" "${options[@]}" \
    -DCMAKE_TOOLCHAIN_FILE="$root/cmake/toolchains/arm-linux-gnueabihf.cmake" >/dev/null
  cmake --build "$build/arm" --target test_kernels test_dispatch -j "$jobs" >/dev/null
  have_arm=1
fi
for cross in ppc64le:powerpc64le-linux-gnu s390x:s390x-linux-gnu; do
  arch=${cross%%:*} triple=${cross#*:}
  if need "$triple-gcc" "gcc-$triple" && need "qemu-$arch" qemu-user; then
    echo "building $arch tests in $build/$arch ..."
    cmake -S "$root" -B "$build/$arch" "${options[@]}" \
      -DCMAKE_TOOLCHAIN_FILE="$root/cmake/toolchains/$triple.cmake" >/dev/null
    cmake --build "$build/$arch" --target test_kernels test_dispatch -j "$jobs" >/dev/null
    eval "have_$arch=1"
  fi
done

if need clang-19 clang-19 && need riscv64-linux-gnu-gcc "gcc-riscv64-linux-gnu libc6-dev-riscv64-cross" &&
   need qemu-riscv64 qemu-user; then
  echo "building riscv64 tests in $build/riscv64 ..."
  cmake -S "$root" -B "$build/riscv64" "${options[@]}" \
    -DCMAKE_TOOLCHAIN_FILE="$root/cmake/toolchains/riscv64-linux-gnu-clang.cmake" >/dev/null
  cmake --build "$build/riscv64" --target test_kernels test_dispatch -j "$jobs" >/dev/null
  have_rv=1
fi

status=0
printf '\n%-44s %-11s %-9s %-38s %s\n' "CPU model" chosen expected supported "kernel suite"
for entry in "${models[@]}"; do
  read -r arch model expected <<<"$entry"
  wanted "$model" || continue
  if [ "$arch" = native ]; then
    [ $have_x86 = 1 ] || continue
    arch=x86_64 run=()
  elif [ "$arch" = x86_64 ]; then
    [ $have_x86 = 1 ] || { printf '%-44s skipped (no x86-64 build or qemu-x86_64)\n' "$model"; continue; }
    run=(qemu-x86_64 -cpu "$model")
  elif [ "$arch" = riscv64 ]; then
    [ $have_rv = 1 ] || { printf '%-44s skipped (no riscv64 build or qemu-riscv64)\n' "$model"; continue; }
    # qemu-user reports the host's release; V is trusted from Linux 6.5.
    run=(qemu-riscv64 -r 6.5.0 -cpu "$model")
  elif [ "$arch" = arm ]; then
    [ $have_arm = 1 ] || { printf '%-44s skipped (no ARMv7 build or qemu-arm)\n' "$model"; continue; }
    run=(qemu-arm -cpu "$model")
  elif [ "$arch" = ppc64le ] || [ "$arch" = s390x ]; then
    have=have_$arch
    [ "${!have}" = 1 ] || { printf '%-44s skipped (no %s build or qemu-%s)\n' "$model" "$arch" "$arch"; continue; }
    run=("qemu-$arch" -cpu "$model")
  else
    [ $have_a64 = 1 ] || { printf '%-44s skipped (no AArch64 build or qemu-aarch64)\n' "$model"; continue; }
    run=(qemu-aarch64 -cpu "$model")
  fi
  tests=$build/$arch/tests
  line=$("${run[@]}" "$tests/test_dispatch" report 2>/dev/null) || line="chosen=CRASHED supported="
  chosen=${line#chosen=}; chosen=${chosen%% *}
  supported=${line#*supported=}
  results=""
  "${run[@]}" "$tests/test_dispatch" api >/dev/null 2>&1 && api=pass || { api=FAIL; status=1; }
  for kernel in ${supported//,/ }; do
    if "${run[@]}" "$tests/test_kernels" bytes "$kernel" >/dev/null 2>&1; then
      results+="$kernel:pass "
    else
      results+="$kernel:FAIL "
      status=1
    fi
  done
  mark=""
  if [ "$expected" != - ] && [ "$chosen" != "$expected" ]; then mark=" <- UNEXPECTED CHOICE"; status=1; fi
  [ "$model" = native ] && label="native (this CPU)" || label="$arch $model"
  printf '%-44s %-11s %-9s %-38s api:%s %s%s\n' "$label" "$chosen" "$expected" \
    "$supported" "$api" "$results" "$mark"
done
exit $status
