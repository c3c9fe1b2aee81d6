#!/usr/bin/env bash
# The README's test command: installs what is missing, then builds and runs
# every test stage. Each stage prints its own CTest summary.
#   scripts/test.sh            all stages
#   ADJEQ_TEST_STAGES="gcc"    only the named stages
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
build=${ADJEQ_BUILD_ROOT:-$root/build/test}
jobs=$(nproc)

scripts/install-deps.sh

stage_enabled() {
  [ -z "${ADJEQ_TEST_STAGES:-}" ] || [[ " $ADJEQ_TEST_STAGES " == *" $1 "* ]]
}

# configure_build_test NAME CTEST_ARGS -- CMAKE_ARGS...
configure_build_test() {
  local name=$1 ctest_args=$2
  shift 3
  echo "=== stage $name ==="
  cmake -S "$root" -B "$build/$name" -G Ninja -DADJEQ_WERROR=ON "$@"
  cmake --build "$build/$name" -j "$jobs"
  (cd "$build/$name" && ctest --output-on-failure -j "$jobs" $ctest_args)
}

# gcc: the full suite, static and shared. The full suite includes huge.bytes
# (label huge, >4 GiB input, ~10-20 s, 5 GiB of memory; ADJEQ_SKIP_HUGE=1 or a
# machine short of memory skips it).
if stage_enabled gcc; then
  configure_build_test gcc "${ADJEQ_SKIP_HUGE:+-LE huge}" -- -DCMAKE_C_COMPILER=gcc \
    -DCMAKE_CXX_COMPILER=g++
fi
if stage_enabled gcc-shared; then
  configure_build_test gcc-shared "-L quick|consumer" -- -DCMAKE_C_COMPILER=gcc \
    -DCMAKE_CXX_COMPILER=g++ -DBUILD_SHARED_LIBS=ON -DADJEQ_BUILD_BENCHMARKS=OFF
fi
# clang: warnings as errors and the quick tier.
if stage_enabled clang; then
  configure_build_test clang "-L quick" -- -DCMAKE_C_COMPILER=clang \
    -DCMAKE_CXX_COMPILER=clang++ -DADJEQ_BUILD_BENCHMARKS=OFF
fi
# --- reliability (issue 9). Budgets: measured on 2 cores, with slack. ---
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
# valgrind (budget 1 min): memcheck over the quick tier, automatic choice and
# each non-AVX-512 kernel forced; see scripts/valgrind.sh.
if stage_enabled valgrind; then
  echo "=== stage valgrind ==="
  ADJEQ_JOBS=$jobs scripts/valgrind.sh "$build/valgrind"
fi
echo "=== all test stages passed ==="
