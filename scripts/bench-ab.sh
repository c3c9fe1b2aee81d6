#!/usr/bin/env bash
# A/B speed of a git revision (A) against the working tree (B), in one
# process on one pinned core: both libraries are built in Release as static
# archives, their adjeq_* symbols renamed apart (a_adjeq_*, b_adjeq_*), and
# bench/ab_compare.c times every kernel, mode and size alternately.
#   scripts/bench-ab.sh [REV [ROUNDS]]      default: HEAD, 21 rounds
# Environment: ADJEQ_BENCH_BUILD (default build/bench-ab), ADJEQ_BENCH_CPU
# (default 1), ADJEQ_AB_MODES (modes to time, e.g. utf8,utf8-ascii; default
# all), ADJEQ_AB_KERNELS (kernels, e.g. avx2), ADJEQ_AB_OFFSET (inputs that
# many bytes past a 64-byte boundary), ADJEQ_AB_CFLAGS (C flags for both
# builds: -falign-functions=64 puts code that did not change at the same
# offsets from a 64-byte line in A and B, which B, linked after A, otherwise
# shifts by A's size). Measure on a quiet machine: no build, test or other
# job.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
rev=${1:-HEAD}
rounds=${2:-21}
build=${ADJEQ_BENCH_BUILD:-$root/build/bench-ab}
cc=${CC:-gcc}

rm -rf "$build/a-src"
mkdir -p "$build/a-src"
# -m: files get the extraction time, not the commit's, so the build of a
# different revision in the same directory is never taken as up to date.
git archive "$rev" | tar -x -m -C "$build/a-src"

# build_lib SOURCE_DIR NAME PREFIX: a Release static library with adjeq_*
# renamed to PREFIXadjeq_* (defined and referenced alike).
build_lib() {
  local src=$1 name=$2 prefix=$3
  cmake -S "$src" -B "$build/$name" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_FLAGS="${ADJEQ_AB_CFLAGS:-}" \
    -DCMAKE_C_COMPILER="$cc" -DBUILD_SHARED_LIBS=OFF -DADJEQ_BUILD_TESTS=OFF \
    -DADJEQ_BUILD_BENCHMARKS=OFF -DADJEQ_BUILD_TOOLS=OFF -DADJEQ_PYTHON=OFF >/dev/null
  cmake --build "$build/$name" --target adjeq >/dev/null
  local lib=$build/$name/libadjeq.a
  nm "$lib" | awk '$NF ~ /^adjeq_/ { print $NF, "'"$prefix"'" $NF }' | sort -u >"$build/$name.syms"
  objcopy --redefine-syms="$build/$name.syms" "$lib" "$build/lib$name.a"
}
build_lib "$build/a-src" a a_
build_lib "$root" b b_
"$cc" -std=c11 -O2 -Wall -Wextra -o "$build/ab_compare" "$root/bench/ab_compare.c" \
  "$build/liba.a" "$build/libb.a" -lpthread

cpu=${ADJEQ_BENCH_CPU:-$(( $(nproc) > 1 ? 1 : 0 ))}
echo "A = $rev ($(git rev-parse --short "$rev")), B = working tree; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); pinned to CPU $cpu; best of $rounds rounds"
taskset -c "$cpu" "$build/ab_compare" "$rounds"
