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

# gcc: the full suite, static and shared. The Python tests (label python, under
# a minute: pytest suite, benchmark smoke run, pip install) need Debian's
# interpreter, which has python3-dev, numpy and pytest.
if stage_enabled gcc; then
  configure_build_test gcc "" -- -DCMAKE_C_COMPILER=gcc -DCMAKE_CXX_COMPILER=g++ \
    -DADJEQ_PYTHON=ON -DADJEQ_PYTHON_REQUIRED=ON -DPython3_EXECUTABLE=/usr/bin/python3
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
# bench-smoke: the README's benchmark command in its seconds-long smoke mode,
# so the harness never rots: it builds, every count is checked, the table
# prints and the plot is written. Budget: under 60 s including the build.
if stage_enabled bench-smoke; then
  echo "=== stage bench-smoke ==="
  ADJEQ_BENCH_BUILD="$build/bench-smoke" scripts/bench.sh --smoke
  test -s "$build/bench-smoke/adjeq-bench.png"
fi
echo "=== all test stages passed ==="
