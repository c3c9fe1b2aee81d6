#!/usr/bin/env bash
# The single-file build, checked: generates adjeq.c / adjeq.h from a source
# tree (a checkout or an unpacked release archive) with scripts/amalgamate.py,
# compiles adjeq.c with a bare `cc -O2 -c` (and again with warnings as
# errors), checks that it holds every kernel of this architecture, runs the
# kernel suite (tests/test_kernels.c) on every kernel and mode, runs the
# ISA-leak check on the object and proves with two self-tests that a leak in
# it is caught. With clang, the clang object too (bare compile, ISA-leak
# check, suite). With aarch64-linux-gnu-gcc, also the AArch64 object: bare
# compile, ISA-leak check, and the suite under qemu-aarch64 -cpu max.
# With arm-linux-gnueabihf-gcc, the ARMv7 object: bare compile, ISA-leak check.
# With powerpc64le-linux-gnu-gcc, the ppc64le object: compile, ISA-leak
# check, the vsx suite under qemu-ppc64le -cpu power8. With s390x-linux-gnu-gcc,
# the s390x object: with no ISA flag (no zvector: see ARCH_CONDITION in
# amalgamate.py) and with -march=z13 -mzvector (zvector in), the zvector suite
# under qemu-s390x -cpu max. These compile once each, with warnings as errors
# (an object that builds so builds bare), and run only the SIMD kernel's
# suite (the host runs the scalar unit's): 15 s of CPU together.
# With clang-19 and the riscv64 cross sysroot: rv64gc (scalar only: no target
# region gives clang's RVV intrinsics, see BASELINE_ONLY in amalgamate.py;
# ISA-leak check) and rv64gcv (rvv; suite under qemu-riscv64 with V). With
# emscripten: with -msimd128 (simd128; suite under node) and without (scalar;
# ISA-leak check).
#   scripts/test-single-file.sh SOURCE_TREE WORK_DIR
set -euo pipefail
src=$(cd "$1" && pwd)
mkdir -p "$2"
work=$(cd "$2" && pwd)
cc=${CC:-cc}
py=/usr/bin/python3
warn=(-Wall -Wextra -Wshadow -Wstrict-prototypes -Werror)
modes="bytes u16 u32 u64 f32 f64 utf8 utf16 stream"

rm -rf "$work/gen"
$py "$src/scripts/amalgamate.py" "$work/gen"
cd "$work/gen"
if git -C "$src" ls-files --error-unmatch adjeq.c >/dev/null 2>&1; then
  echo "single-file: adjeq.c must not be committed"; exit 1
fi

# kernels_of ARCH: the registry's kernels for one architecture.
kernels_of() {
  $py - "$src" "$1" <<'EOF'
import sys
sys.path.insert(0, sys.argv[1] + "/scripts")
import adjeq_registry
print(" ".join(k["name"] for k in adjeq_registry.kernels()
               if "any" in k["arch"] or sys.argv[2] in k["arch"]))
EOF
}

# check_object OBJ NM ARCH [KERNELS]: the object holds exactly the registry's
# kernels (or KERNELS).
check_object() {
  local have want
  have=$($2 "$1" | sed -n 's/.* [DRdr] adjeq_ops_//p' | sort | tr '\n' ' ')
  want=$(echo "${4:-$(kernels_of "$3")}" | tr ' ' '\n' | sort | tr '\n' ' ')
  if [ "$have" != "$want" ]; then
    echo "single-file: $1 has kernels [$have], expected [$want]"; exit 1
  fi
  echo "single-file: $1: kernels $have"
}

run_suite() { # RUNNER... : every kernel (or $suite_kernels), every mode
  local k m rc
  for k in ${suite_kernels:-$(kernels_of "$arch")}; do
    for m in $modes; do
      rc=0
      "$@" ./test_kernels "$m" "$k" >suite.log 2>&1 || rc=$?
      if [ "$rc" = 77 ]; then
        echo "  $m $k: skipped (not supported here)"
      elif [ "$rc" != 0 ]; then
        cat suite.log; echo "single-file: $m $k FAILED"; exit 1
      fi
    done
  done
}

# --- the host (x86-64 in CI) ---
arch=$(uname -m)
$cc -O2 -c adjeq.c -o adjeq.o
$cc -O2 "${warn[@]}" -c adjeq.c -o adjeq-warn.o
check_object adjeq.o nm "$arch"
$cc -O2 -I. -I"$src/tests" -I"$src/kernels" -c "$src/tests/test_kernels.c" -o test_kernels.o
$cc test_kernels.o adjeq.o -pthread -o test_kernels
run_suite
echo "single-file: kernel suite passed on every kernel and mode"
$py "$src/tests/isa_leak_check.py" --objdump objdump --arch "$arch" adjeq.o
if [ "$arch" = x86_64 ]; then
  # Self-tests: the check must reject (1) the file built with a global ISA
  # flag, which puts AVX2 into the baseline code, and (2) a function in a
  # kernel's namespace using more than that kernel's dispatch condition.
  $cc -O2 -mavx2 -c adjeq.c -o leak-global.o
  $py "$src/tests/isa_leak_check.py" --objdump objdump --arch x86_64 --expect-violation leak-global.o \
    | tail -1
  cat > leak-kernel.c <<'EOF'
#include "adjeq.c"
#include <immintrin.h>
__attribute__((target("avx2"))) size_t adjeq_k_sse2__leak(const void *p);
__attribute__((target("avx2"))) size_t adjeq_k_sse2__leak(const void *p) {
    __m256i v = _mm256_loadu_si256((const __m256i *)p);
    return (size_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, _mm256_setzero_si256()));
}
EOF
  $cc -O2 -c leak-kernel.c -o leak-kernel.o
  $py "$src/tests/isa_leak_check.py" --objdump objdump --arch x86_64 --expect-violation leak-kernel.o \
    | grep -E "adjeq_k_sse2__leak|self-test" | tail -2
fi

# --- clang, if present: bare compile, warnings as errors, ISA-leak check, suite ---
if command -v clang >/dev/null && [ "$arch" = x86_64 ]; then
  clang -O2 -c adjeq.c -o adjeq-clang.o
  clang -O2 "${warn[@]}" -c adjeq.c -o adjeq-clang-warn.o
  check_object adjeq-clang.o nm "$arch"
  $py "$src/tests/isa_leak_check.py" --objdump objdump --arch "$arch" adjeq-clang.o | tail -1
  clang test_kernels.o adjeq-clang.o -pthread -o test_kernels
  run_suite
  echo "single-file: kernel suite passed on the clang object"
fi

# --- AArch64, cross-compiled ---
if command -v aarch64-linux-gnu-gcc >/dev/null; then
  arch=aarch64
  aarch64-linux-gnu-gcc -O2 -c adjeq.c -o adjeq-a64.o
  aarch64-linux-gnu-gcc -O2 "${warn[@]}" -c adjeq.c -o adjeq-a64-warn.o
  check_object adjeq-a64.o aarch64-linux-gnu-nm aarch64
  $py "$src/tests/isa_leak_check.py" --objdump aarch64-linux-gnu-objdump --arch aarch64 adjeq-a64.o
  if command -v qemu-aarch64 >/dev/null; then
    aarch64-linux-gnu-gcc -O2 -I. -I"$src/tests" -I"$src/kernels" -static \
      "$src/tests/test_kernels.c" adjeq-a64.o -pthread -o test_kernels
    modes="bytes u16 utf8"
    run_suite qemu-aarch64 -cpu max
    echo "single-file: AArch64 suite (bytes, u16, utf8) passed under qemu-aarch64 -cpu max"
  fi
fi
# --- 32-bit Arm (ARMv7, hard float), cross-compiled: NEON is optional there ---
if command -v arm-linux-gnueabihf-gcc >/dev/null; then
  arm-linux-gnueabihf-gcc -O2 -c adjeq.c -o adjeq-arm.o
  arm-linux-gnueabihf-gcc -O2 "${warn[@]}" -c adjeq.c -o adjeq-arm-warn.o
  check_object adjeq-arm.o arm-linux-gnueabihf-nm arm
  $py "$src/tests/isa_leak_check.py" --objdump arm-linux-gnueabihf-objdump --arch arm adjeq-arm.o | tail -1
fi
# --- ppc64le, cross-compiled: VSX is baseline there ---
if command -v powerpc64le-linux-gnu-gcc >/dev/null; then
  arch=ppc64le
  powerpc64le-linux-gnu-gcc -O2 "${warn[@]}" -c adjeq.c -o adjeq-ppc.o
  check_object adjeq-ppc.o powerpc64le-linux-gnu-nm ppc64le
  $py "$src/tests/isa_leak_check.py" --objdump powerpc64le-linux-gnu-objdump --arch ppc64le adjeq-ppc.o | tail -1
  if command -v qemu-ppc64le >/dev/null; then
    powerpc64le-linux-gnu-gcc -O2 -I. -I"$src/tests" -I"$src/kernels" -static \
      "$src/tests/test_kernels.c" adjeq-ppc.o -pthread -o test_kernels
    modes="bytes u16 utf8" suite_kernels=vsx
    run_suite qemu-ppc64le -cpu power8
    echo "single-file: ppc64le vsx suite (bytes, u16, utf8) passed under qemu-ppc64le -cpu power8"
  fi
fi
# --- s390x, cross-compiled: the vector facility is dispatched ---
if command -v s390x-linux-gnu-gcc >/dev/null; then
  arch=s390x
  s390x-linux-gnu-gcc -O2 "${warn[@]}" -c adjeq.c -o adjeq-s390.o
  check_object adjeq-s390.o s390x-linux-gnu-nm s390x scalar
  $py "$src/tests/isa_leak_check.py" --objdump s390x-linux-gnu-objdump --arch s390x adjeq-s390.o | tail -1
  # With the vector facility in the baseline the compiler may vectorise any
  # code, so there is no ISA-leak check of this object.
  s390x-linux-gnu-gcc -O2 -march=z13 -mzvector "${warn[@]}" -c adjeq.c -o adjeq-z13.o
  check_object adjeq-z13.o s390x-linux-gnu-nm s390x
  if command -v qemu-s390x >/dev/null; then
    s390x-linux-gnu-gcc -O2 -I. -I"$src/tests" -I"$src/kernels" -static \
      "$src/tests/test_kernels.c" adjeq-z13.o -pthread -o test_kernels
    modes="bytes u16 utf8" suite_kernels=zvector
    run_suite qemu-s390x -cpu max
    echo "single-file: s390x zvector suite (bytes, u16, utf8) passed under qemu-s390x -cpu max"
  fi
fi
# has_kernels OBJECT NM KERNELS...: the object defines exactly those kernels.
has_kernels() {
  local obj=$1 nm=$2 have want
  shift 2
  have=$($nm "$obj" | sed -n 's/.* [DRdr] adjeq_ops_//p' | sort | tr '\n' ' ')
  want=$(printf '%s\n' "$@" | sort | tr '\n' ' ')
  [ "$have" = "$want" ] || { echo "single-file: $obj has kernels [$have], expected [$want]"; exit 1; }
  echo "single-file: $obj: kernels $have"
}
# --- riscv64 with clang-19: rvv only where the whole file is built for V ---
if command -v clang-19 >/dev/null && [ -d /usr/riscv64-linux-gnu ]; then
  rv=(clang-19 --target=riscv64-linux-gnu -O2)
  "${rv[@]}" -march=rv64gc "${warn[@]}" -c adjeq.c -o adjeq-rv64gc.o
  has_kernels adjeq-rv64gc.o llvm-nm-19 scalar
  $py "$src/tests/isa_leak_check.py" --objdump llvm-objdump-19 --arch riscv64 adjeq-rv64gc.o | tail -1
  "${rv[@]}" -march=rv64gcv "${warn[@]}" -c adjeq.c -o adjeq-rv64gcv.o
  has_kernels adjeq-rv64gcv.o llvm-nm-19 scalar rvv
  if command -v qemu-riscv64 >/dev/null; then
    "${rv[@]}" -march=rv64gcv -I. -I"$src/tests" -I"$src/kernels" -static \
      "$src/tests/test_kernels.c" adjeq-rv64gcv.o -pthread -o test_kernels
    arch=riscv64 modes="bytes utf16"
    run_suite qemu-riscv64 -r 6.5.0 -cpu rv64,v=true,vext_spec=v1.0,vlen=256,elen=64
    echo "single-file: riscv64 suite (bytes, utf16) passed under qemu-riscv64 with V"
  fi
fi
# --- WebAssembly with emscripten: simd128 exactly with -msimd128 ---
if command -v emcc >/dev/null && command -v node >/dev/null; then
  export NODE_PATH=${NODE_PATH:-/usr/share/nodejs}
  emcc -O2 "${warn[@]}" -c adjeq.c -o adjeq-wasm.o
  has_kernels adjeq-wasm.o llvm-nm-19 scalar
  $py "$src/tests/isa_leak_check.py" --objdump llvm-objdump-19 --arch wasm adjeq-wasm.o | tail -1
  emcc -O2 -msimd128 "${warn[@]}" -c adjeq.c -o adjeq-simd128.o
  has_kernels adjeq-simd128.o llvm-nm-19 scalar simd128
  emcc -O2 -msimd128 -I. -I"$src/tests" -I"$src/kernels" "$src/tests/test_kernels.c" adjeq-simd128.o \
    -O1 -sALLOW_MEMORY_GROWTH=1 -sNODERAWFS=1 -o test_kernels.js
  arch=wasm modes="bytes u16 utf8"
  ln -sf test_kernels.js test_kernels
  run_suite node --no-experimental-fetch
  echo "single-file: wasm suite (bytes, u16, utf8) passed under node"
fi
echo "single-file: all checks passed"
