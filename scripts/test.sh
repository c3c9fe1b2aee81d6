#!/usr/bin/env bash
# The README's test command: installs what is missing, then builds and runs
# every test stage. Each stage prints its own CTest summary.
#   scripts/test.sh            all stages
#   ADJEQ_TEST_STAGES="gcc"    only the named stages
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
build=${ADJEQ_BUILD_ROOT:-$root/build/test}
jobs=${ADJEQ_JOBS:-$(nproc)}

scripts/install-deps.sh

# Evidence for the kernel-coverage gate is per run: drop the last run's.
rm -rf "$build"/*/kernel-coverage

# Each stage's header, and the wall time of the one before it, so a run shows
# which stage outgrew the budget written beside it below.
stage_name="" stage_start=0
stage_header() {
  stage_done
  stage_name=$1 stage_start=$SECONDS
  echo "=== stage $1 ==="
}
stage_done() {
  [ -z "$stage_name" ] || echo "=== stage $stage_name: $((SECONDS - stage_start)) s ==="
  stage_name=""
}

stage_enabled() {
  [ -z "${ADJEQ_TEST_STAGES:-}" ] || [[ " $ADJEQ_TEST_STAGES " == *" $1 "* ]]
}

# configure_build_test NAME CTEST_ARGS -- CMAKE_ARGS...
configure_build_test() {
  local name=$1 ctest_args=$2
  shift 3
  stage_header $name
  cmake -S "$root" -B "$build/$name" -G Ninja -DADJEQ_WERROR=ON "$@"
  cmake --build "$build/$name" -j "$jobs"
  (cd "$build/$name" && ctest --output-on-failure -j "$jobs" $ctest_args)
}

# gcc: the full suite, static and shared. The Python tests (label python,
# 50 to 73 s on 2 shared cores: pytest suites, Dask on a LocalCluster over
# a 2 GiB file written to the build tree, benchmark smoke run, pip install)
# need Debian's interpreter, which has python3-dev, numpy, pytest and Dask.
# The suite includes
# huge.bytes (label huge, >4 GiB input, ~30 s, 5 GiB of memory;
# ADJEQ_SKIP_HUGE=1 or a machine short of memory skips it).
if stage_enabled gcc; then
  configure_build_test gcc "${ADJEQ_SKIP_HUGE:+-LE huge}" -- -DCMAKE_C_COMPILER=gcc \
    -DCMAKE_CXX_COMPILER=g++ \
    -DADJEQ_PYTHON=ON -DADJEQ_PYTHON_REQUIRED=ON -DPython3_EXECUTABLE=/usr/bin/python3
fi
if stage_enabled gcc-shared; then
  configure_build_test gcc-shared "-L quick|consumer" -- -DCMAKE_C_COMPILER=gcc \
    -DCMAKE_CXX_COMPILER=g++ -DBUILD_SHARED_LIBS=ON -DADJEQ_BUILD_BENCHMARKS=OFF
fi
# clang: warnings as errors and the quick tier.
if stage_enabled clang; then
  configure_build_test clang "-L quick|isa" -- -DCMAKE_C_COMPILER=clang \
    -DCMAKE_CXX_COMPILER=clang++ -DADJEQ_BUILD_BENCHMARKS=OFF
fi
# --- reliability. Budgets: measured on 2 cores, with slack. ---
# sanitize (budget 1.5 min): clang ASan + UBSan (any UB aborts) over the whole
# build, library included: the quick tier, the fuzz seed corpus, and
# ADJEQ_FUZZ_SECONDS (45 s) of libFuzzer exploration. CMakePresets.json.
if stage_enabled sanitize; then
  configure_build_test sanitize "-L quick|fuzz" -- --preset fuzz
fi
# tsan (budget 30 s): ThreadSanitizer, quick tier incl. concurrency.first_call.
if stage_enabled tsan; then
  configure_build_test tsan "-L quick" -- --preset tsan
fi
# valgrind (budget 2.5 min): memcheck over the quick tier, automatic choice and
# each non-AVX-512 kernel forced; see scripts/valgrind.sh.
if stage_enabled valgrind; then
  stage_header valgrind
  ADJEQ_JOBS=$jobs scripts/valgrind.sh "$build/valgrind"
fi
# bench-smoke: the README's benchmark command in its seconds-long smoke mode,
# so the harness never rots: it builds, every count is checked, the table
# prints and the plot is written. Budget: under 60 s including the build.
if stage_enabled bench-smoke; then
  stage_header bench-smoke
  ADJEQ_BENCH_BUILD="$build/bench-smoke" scripts/bench.sh --smoke
  test -s "$build/bench-smoke/adjeq-bench.png"
fi
# Emulation stages, about 1 minute together on 2 cores.
# cross-aarch64: static AArch64 build run under qemu-aarch64 CPU models
# (cortex-a53, neoverse-n1, a64fx, max at SVE lengths 16..256 bytes).
if stage_enabled cross-aarch64; then
  if command -v aarch64-linux-gnu-gcc >/dev/null; then
    configure_build_test cross-aarch64 "-L quick|cross|isa|consumer" -- \
      -DCMAKE_TOOLCHAIN_FILE="$root/cmake/toolchains/aarch64-linux-gnu.cmake" \
      -DADJEQ_BUILD_BENCHMARKS=OFF -DADJEQ_BUILD_TOOLS=OFF -DADJEQ_PYTHON=OFF
  else
    echo "=== stage cross-aarch64 SKIPPED: install gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user ==="
  fi
fi
# cross-armhf: 32-bit ARMv7 under qemu-arm, where NEON is optional (hwcap),
# and the 32-bit tool: exact counts past 2^32 from a 5 GiB pipe, a 3 GiB
# file mapped in windows. Not tool.large (40 MiB per usable kernel and
# thread count: a minute under qemu-arm; cross-i686 and the native stages
# run it). Budget: 1 min 30 s on 2 cores (measured while other builds shared
# the cores: the tool's cases 35 s, the huge ones 24 s of them).
if stage_enabled cross-armhf; then
  if command -v arm-linux-gnueabihf-gcc >/dev/null; then
    configure_build_test cross-armhf "-L quick|cross|isa|tool|consumer -E ^tool\.large$" -- \
      -DCMAKE_TOOLCHAIN_FILE="$root/cmake/toolchains/arm-linux-gnueabihf.cmake" \
      -DADJEQ_BUILD_BENCHMARKS=OFF -DADJEQ_PYTHON=OFF
  else
    echo "=== stage cross-armhf SKIPPED: install gcc-arm-linux-gnueabihf libc6-dev-armhf-cross qemu-user ==="
  fi
fi
# cross-i686: static 32-bit x86 build under qemu-i386 CPU models (pentium3:
# no SSE2, so scalar; Nehalem: sse2; Haswell: avx2), the AVX-512 kernels
# through SIMDe and natively (an x86-64 host runs i386 binaries), and the
# ISA-leak check on the i686 objects; the tool under qemu-i386, including
# the 32-bit stage's huge tests (a 5 GiB pipe, a 3 GiB sparse file: 50 s of
# the budget; ADJEQ_SKIP_HUGE=1 leaves them out). Budget: 1 min 45 s on 2
# cores (measured from scratch: 1 min 42 s, of which 8 s build, 31 s
# quick/cross/isa, 14 s tool, 50 s huge).
if stage_enabled cross-i686; then
  if command -v i686-linux-gnu-gcc >/dev/null; then
    configure_build_test cross-i686 "-L quick|cross|isa|tool|consumer ${ADJEQ_SKIP_HUGE:+-LE huge}" -- \
      -DCMAKE_TOOLCHAIN_FILE="$root/cmake/toolchains/i686-linux-gnu.cmake" \
      -DADJEQ_BUILD_BENCHMARKS=OFF -DADJEQ_PYTHON=OFF
  else
    echo "=== stage cross-i686 SKIPPED: install gcc-i686-linux-gnu libc6-dev-i386-cross qemu-user ==="
  fi
fi
# cross-ppc64le: static build under qemu-ppc64le -cpu power8 (vsx, every
# mode), power9 and power10 (each asserting vsx); the Python oracles, the
# ISA-leak check and the tool under the emulator.
# cross-s390x (big-endian): static build under qemu-s390x -cpu max (zvector,
# every mode) and z900 (no vector facility: scalar, zvector refused), likewise.
# Budget: 1 min 15 s each on 2 cores. Measured from scratch, build included,
# on a shared machine (load average 2-4), each against the stage before these
# kernels in the same session: ppc64le 41 s (before: 22 s), s390x 39 s
# (before: 37 s).
for arch in ppc64le:powerpc64le-linux-gnu s390x:s390x-linux-gnu; do
  name=cross-${arch%%:*} triple=${arch#*:}
  stage_enabled "$name" || continue
  if command -v "$triple-gcc" >/dev/null; then
    configure_build_test "$name" "-L quick|cross|isa|tool|consumer -LE huge" -- \
      -DCMAKE_TOOLCHAIN_FILE="$root/cmake/toolchains/$triple.cmake" \
      -DADJEQ_BUILD_BENCHMARKS=OFF -DADJEQ_PYTHON=OFF
  else
    echo "=== stage $name SKIPPED: install gcc-$triple and its libc6-dev-*-cross, qemu-user ==="
  fi
done
# cross-riscv64: built with clang-19 (cmake/toolchains/riscv64-linux-gnu-clang.cmake;
# GCC 12 has no RVV intrinsics) against the GCC cross sysroot, static, under
# qemu-riscv64: the rvv kernel at VLEN 128/256/512/1024, plain rv64 (scalar),
# V on Linux 6.4 (scalar), the Python oracles, the ISA-leak check, the tool.
# Budget: 2 min 40 s on 2 cores, measured from scratch on this machine shared
# with other builds: 2 min 20 s (2 min 7 s of CPU); the GCC, scalar-only
# stage it replaces took 1 min 55 s (51 s of CPU) in the same hour (38 s in
# its own, earlier measurement).
for arch in riscv64:riscv64-linux-gnu-clang; do
  name=cross-${arch%%:*} toolchain=${arch#*:} triple=${arch#*:}
  triple=${triple%-clang}
  stage_enabled "$name" || continue
  if command -v "$triple-gcc" >/dev/null && { [ "$toolchain" = "$triple" ] || command -v clang-19 >/dev/null; }; then
    configure_build_test "$name" "-L quick|cross|isa|tool|consumer -LE huge" -- \
      -DCMAKE_TOOLCHAIN_FILE="$root/cmake/toolchains/$toolchain.cmake" \
      -DADJEQ_BUILD_BENCHMARKS=OFF -DADJEQ_PYTHON=OFF
  else
    echo "=== stage $name SKIPPED: install gcc-$triple and its libc6-dev-*-cross, qemu-user (riscv64: and clang-19) ==="
  fi
done
# mingw, mingw-shared: Windows x86-64 (MinGW-w64), the static library and
# the DLL, the quick tier, the ISA-leak check and the tool under Wine, which
# runs the code on this CPU (the dispatcher must choose what it chooses
# natively). No fork-based tests (reported skipped), no SIMDe builds (the
# Linux builds run those). One persistent wineserver serves the whole stage:
# a server that exits between two test programs and is restarted by the
# next one can reset a third one's connection ("wine client error: recvmsg").
# Budget: 3 min on 2 cores for both (measured from scratch while other
# builds shared the cores: 2 min 45 s, of which mingw's tests 91 s, the
# tool's huge cases 14 s of them, and mingw-shared's 36 s).
if stage_enabled mingw || stage_enabled mingw-shared; then
  wine=$(command -v wine64 || command -v wine || echo /usr/lib/wine/wine64)
  wineserver=$(command -v wineserver || echo /usr/lib/wine/wineserver64)
  if command -v x86_64-w64-mingw32-gcc >/dev/null && [ -x "$wine" ] && [ -x "$wineserver" ]; then
    export WINEPREFIX="$build/wineprefix" WINEDEBUG=-all
    mkdir -p "$build"
    [ -f "$WINEPREFIX/system.reg" ] || "$wine" wineboot -i >/dev/null 2>&1
    "$wineserver" -k 2>/dev/null || true
    "$wineserver" -p
    # Wine's services (services.exe, winedevice.exe, ...) start with the
    # first program and live as long as the server: started here, they hold
    # no test's output pipe open (CTest waits for EOF on it).
    "$wine" wineboot >/dev/null 2>&1 </dev/null
    stop_wineserver() { "$wineserver" -k 2>/dev/null || true; }
    trap stop_wineserver EXIT
    mingw_args=(-DCMAKE_TOOLCHAIN_FILE="$root/cmake/toolchains/x86_64-w64-mingw32.cmake"
                -DADJEQ_BUILD_BENCHMARKS=OFF -DADJEQ_PYTHON=OFF)
    if stage_enabled mingw; then
      # --repeat until-pass:2: once in a few hundred tool runs Wine loses a
      # program's standard output (exit 0, nothing printed; seen in
      # tool.utf8_file, whose other calls in the same case counted right).
      # A test failing twice is a failure.
      configure_build_test mingw "-L quick|isa|tool|consumer --repeat until-pass:2" -- "${mingw_args[@]}"
    fi
    if stage_enabled mingw-shared; then
      # The test programs find libadjeq.dll through WINEPATH.
      WINEPATH="$build/mingw-shared" configure_build_test mingw-shared "-L quick|isa -LE huge" -- \
        "${mingw_args[@]}" -DBUILD_SHARED_LIBS=ON -DADJEQ_BUILD_TOOLS=OFF
    fi
    stop_wineserver
    trap - EXIT
    unset WINEPREFIX WINEDEBUG
  else
    echo "=== stage mingw SKIPPED: install gcc-mingw-w64-x86-64 g++-mingw-w64-x86-64 wine64 ==="
  fi
fi
# wasm, wasm-plain: WebAssembly with Debian's emscripten, the quick tier under
# node (NODE_PATH: Debian's emscripten finds its node modules there; no
# network: node's fetch is off). wasm has -msimd128 for the whole build, so
# the simd128 kernel is compiled and must be the one dispatched; wasm-plain
# has none: scalar, and the ISA-leak check that no object holds SIMD128.
# Links at -O1: clang has compiled every object at -O3, and binaryen's -O3
# at link time costs ~9 s per test program here. fork(), guard pages and
# stderr capture report themselves skipped. No tool (POSIX files and
# threads), no Python. Budget: 2 min on 2 cores for both; measured from
# scratch on this shared machine: 1 min 13 s (56 s of CPU) for both.
if stage_enabled wasm || stage_enabled wasm-plain; then
  if command -v em-config >/dev/null && command -v node >/dev/null; then
    export NODE_PATH=${NODE_PATH:-/usr/share/nodejs}
    wasm_args=(-DCMAKE_TOOLCHAIN_FILE="$(em-config EMSCRIPTEN_ROOT)/cmake/Modules/Platform/Emscripten.cmake"
               "-DCMAKE_CROSSCOMPILING_EMULATOR=$(command -v node);--no-experimental-fetch"
               "-DCMAKE_EXE_LINKER_FLAGS=-sALLOW_MEMORY_GROWTH=1 -sNODERAWFS=1 -O1"
               -DADJEQ_BUILD_BENCHMARKS=OFF -DADJEQ_BUILD_TOOLS=OFF -DADJEQ_PYTHON=OFF)
    if stage_enabled wasm; then
      configure_build_test wasm "-L quick|isa" -- "${wasm_args[@]}" -DCMAKE_C_FLAGS=-msimd128
    fi
    if stage_enabled wasm-plain; then
      configure_build_test wasm-plain "-L quick|isa" -- "${wasm_args[@]}"
    fi
  else
    echo "=== stage wasm SKIPPED: install emscripten and nodejs ==="
  fi
fi
# musl: static musl binaries (no glibc, no ifunc, no constructors), natively
# and under the QEMU x86 CPU models.
if stage_enabled musl; then
  if command -v musl-gcc >/dev/null; then
    configure_build_test musl "-L quick|qemu|isa" -- -DCMAKE_C_COMPILER=musl-gcc \
      -DCMAKE_EXE_LINKER_FLAGS=-static "-DADJEQ_TEST_BUILD_TAG=musl static" \
      -DADJEQ_BUILD_BENCHMARKS=OFF -DADJEQ_BUILD_TOOLS=OFF -DADJEQ_PYTHON=OFF
  else
    echo "=== stage musl SKIPPED: install musl-tools ==="
  fi
fi
# --- ways in for embedders (docs/packaging.md). Budgets measured on 2 cores. ---
# single-file (budget 90 s; measured 53 s with the ppc64le and s390x objects
# against 41 s without them, and 66 s with the riscv64 and wasm objects
# against 54 s without them, each in a session with other builds running;
# 36 s idle without any of them): scripts/amalgamate.py's adjeq.c
# built with a bare `cc -O2 -c` (gcc and clang), the kernel suite on every
# kernel and mode, the ISA-leak check and its two self-tests; the AArch64
# object (bare cross compile, ISA-leak check, suite under qemu-aarch64 -cpu
# max), the ARMv7 object (bare cross compile, ISA-leak check), the ppc64le
# object (ISA-leak check, vsx suite under qemu-ppc64le -cpu power8), the
# s390x objects (without and with -march=z13 -mzvector; zvector suite under
# qemu-s390x -cpu max), the riscv64 objects (clang-19: rv64gc and rv64gcv,
# suite under qemu-riscv64 with V) and the emscripten objects (with and
# without -msimd128, suite under node).
if stage_enabled single-file; then
  stage_header single-file
  scripts/test-single-file.sh "$root" "$build/single-file"
fi
# meson (budget 15 s; measured 4 s): tests/consumers/meson with adjeq as its
# subproject, warnings as errors.
if stage_enabled meson; then
  stage_header meson
  scripts/test-meson.sh "$root" "$build/meson"
fi
# release_tree DIR: scripts/release.sh's archive of HEAD, unpacked in DIR;
# prints the unpacked tree.
release_tree() {
  rm -rf "$1" && mkdir -p "$1"
  local tarball
  tarball=$(scripts/release.sh "$1")
  tar -xzf "$tarball" -C "$1"
  echo "${tarball%.tar.gz}"
}
# release (budget 90 s; measured 57 s at load average 3 with the ppc64le and
# s390x single-file objects; the riscv64 and wasm ones add about 12 s; 31 s
# idle without any of them): the release archive of HEAD, and the
# single-file pair generated, built and checked from the unpacked archive.
if stage_enabled release; then
  stage_header release
  tree=$(release_tree "$build/release")
  test -f "$tree/CHANGELOG.md"
  scripts/test-single-file.sh "$tree" "$build/release/single-file"
fi
# debian (budget 75 s; measured 39 s): dpkg-buildpackage -us -uc -b from the
# unpacked release archive (warnings as errors; the quick tier runs at build
# time), lintian with no errors or warnings, the packages installed, the
# autopkgtests in debian/tests run against them, and the packages purged.
if stage_enabled debian; then
  stage_header debian
  debs=(libadjeq0 libadjeq-dev adjeq python3-adjeq)
  for p in "${debs[@]}"; do
    if dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
      echo "stage debian: $p is already installed; remove it first (the stage purges what it installs)"
      exit 1
    fi
  done
  tree=$(release_tree "$build/debian")
  (cd "$tree" && ADJEQ_WERROR=ON DEB_BUILD_OPTIONS=parallel=2 dpkg-buildpackage -us -uc -b)
  lintian --fail-on error,warning "$build"/debian/adjeq_*.changes
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  purge_debs() { DEBIAN_FRONTEND=noninteractive $sudo apt-get purge -y -q "${debs[@]}" >/dev/null; }
  trap purge_debs EXIT
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends \
    "$build"/debian/libadjeq0_*.deb "$build"/debian/libadjeq-dev_*.deb \
    "$build"/debian/adjeq_*.deb "$build"/debian/python3-adjeq_*.deb
  for t in consumer tool-and-python; do
    AUTOPKGTEST_TMP=$(mktemp -d) sh "$tree/debian/tests/$t"
  done
  purge_debs
  trap - EXIT
fi
# Every compiled kernel ran somewhere this machine can run it (natively, via
# SIMDe or under QEMU), or nothing here can run it.
if stage_enabled coverage; then
  /usr/bin/python3 scripts/kernel_coverage.py "$build"
fi
stage_done
echo "=== all test stages passed in $SECONDS s ==="
