#!/usr/bin/env bash
# The quick tier under valgrind memcheck (any error fails the test).
#   scripts/valgrind.sh [BUILD_DIR]      default build/valgrind
#
# valgrind executes no AVX-512 and reports its own CPUID (on an AVX-512 host,
# 3.19 reports max leaf 13, AVX2 but no AVX-512F/BW/VBMI, XCR0 = 0x7), so:
#  1. the whole quick tier runs once with the automatic choice: the avx512*
#     kernel tests report themselves skipped (not supported on valgrind's
#     CPU), every other kernel test runs its kernel under memcheck, and on an
#     AVX2 host the automatic choice must be avx2 (never an AVX-512 kernel,
#     which valgrind would stop on as an unhandled instruction);
#  2. then the tests whose counts go through dispatch run again with each
#     non-AVX-512 kernel forced by ADJEQ_KERNEL. The kernel.* and mode.*
#     tests name their kernel and dispatch.env.* and concurrency set their own
#     ADJEQ_KERNEL, so rerunning them would repeat step 1. `parallel` runs
#     once, in step 1: its subject is the split and the threads, not the
#     kernel (each part is a plain adjeq_count, which the kernel.* tests
#     cover), and its thousands of thread starts take ~55 s under memcheck.
# Time on 2 cores: ~2-3 min, most of it step 1 (parallel, mode.utf8.*);
# each forced kernel adds a few seconds.
# The concurrency test is left out: races are TSan's job (the tsan stage),
# and its 24 forked rounds take 20+ s under valgrind. So are the SIMDe builds
# (label simde): their subject is the kernels' source run through SIMDe's
# emulation, which the sanitize stage checks under ASan and UBSan, and under
# memcheck they took 4 minutes of this stage (up to 20 s a test).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/valgrind}
jobs=${ADJEQ_JOBS:-$(nproc)}

memcheck="valgrind;--error-exitcode=99;--leak-check=full;--errors-for-leak-kinds=definite;--track-origins=yes;-q"
cmake -S . -B "$build" -G Ninja -DADJEQ_WERROR=ON -DADJEQ_BUILD_BENCHMARKS=OFF \
  -DADJEQ_BUILD_TOOLS=OFF -DADJEQ_PYTHON=OFF \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CROSSCOMPILING_EMULATOR=$memcheck"
cmake --build "$build" -j "$jobs"
cd "$build"

echo "--- valgrind: quick tier, automatic choice"
env -u ADJEQ_KERNEL ctest --output-on-failure -j "$jobs" -L quick -LE simde -E '^concurrency\.'
if grep -qw avx2 /proc/cpuinfo 2>/dev/null; then
  env -u ADJEQ_KERNEL valgrind --error-exitcode=99 -q tests/test_dispatch expect avx2
fi
for kernel in avx2 sse2 scalar; do
  echo "--- valgrind: ADJEQ_KERNEL=$kernel"
  ADJEQ_KERNEL=$kernel ctest --output-on-failure -j "$jobs" -L quick \
    -E '^((kernel|mode|dispatch\.env|concurrency)\..*|parallel)$'
done
