#!/usr/bin/env bash
# The README's benchmark command: installs what is missing, builds adjeq_bench
# in Release, runs it pinned to one core, then prints a summary table and
# writes a plot (bench/report.py). A second, unpinned run times the
# multi-core count.
#   scripts/bench.sh                 the full comparison (a few minutes)
#   scripts/bench.sh --smoke         a seconds-long run for CI (also ADJEQ_BENCH_SMOKE=1);
#                                    its numbers are not measurements
#   scripts/bench.sh ARGS...         other arguments go to adjeq_bench, e.g.
#                                    --benchmark_repetitions=5 --benchmark_filter=avx2
#   scripts/bench.sh --best --benchmark_repetitions=5 --benchmark_min_time=0.1 \
#     --benchmark_enable_random_interleaving=true
#                                    on a noisy host: interleaved repetitions, each
#                                    cell its fastest (bench/report.py --best)
# Environment: ADJEQ_BENCH_BUILD (build directory, default build/bench),
#              ADJEQ_BENCH_CPU (core to pin to, default 1, or 0 on a 1-CPU machine).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
build=${ADJEQ_BENCH_BUILD:-$root/build/bench}
smoke=${ADJEQ_BENCH_SMOKE:-0}
[ "$smoke" = 0 ] && smoke=""
bench_args=()
report_args=()
for arg in "$@"; do
  case $arg in
    --smoke) smoke=1 ;;
    --best) report_args+=(--best) ;;
    *) bench_args+=("$arg") ;;
  esac
done
if [ -n "$smoke" ]; then
  bench_args=(--adjeq_smoke --benchmark_min_time=0.01 "${bench_args[@]}")
fi

scripts/install-deps.sh

mkdir -p "$build"
log=$build/configure.log
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DADJEQ_BUILD_BENCHMARKS=ON -DADJEQ_BUILD_TESTS=OFF -DADJEQ_BUILD_TOOLS=OFF \
  -DADJEQ_PYTHON=OFF >"$log" 2>&1 || { cat "$log"; exit 1; }
grep '^-- adjeq' "$log" || true
cmake --build "$build" --target adjeq_bench -j "$(nproc)"
if [ ! -x "$build/bench/adjeq_bench" ]; then
  echo "bench.sh: adjeq_bench was not built (see $log)" >&2
  exit 1
fi

# One pinned core: the numbers are single-thread speeds, and a core that is
# not migrated keeps its caches warm as the size sweep assumes.
pin=()
cpu=${ADJEQ_BENCH_CPU:-$(( $(nproc) > 1 ? 1 : 0 ))}
if command -v taskset >/dev/null && taskset -c "$cpu" true 2>/dev/null; then
  pin=(taskset -c "$cpu")
  echo "bench.sh: pinned to CPU $cpu"
else
  echo "bench.sh: taskset not usable: running unpinned"
fi

json=$build/adjeq-bench.json
png=$build/adjeq-bench.png
"${pin[@]}" "$build/bench/adjeq_bench" --benchmark_out="$json" \
  --benchmark_out_format=json "${bench_args[@]}"
# The multi-core workload (1 GiB; adjeq_count_parallel against one- and
# two-thread reads) runs unpinned, on every CPU the process may use.
par_json=$build/adjeq-bench-parallel.json
echo
echo "bench.sh: multi-core run (unpinned)"
"$build/bench/adjeq_bench" --adjeq_parallel --benchmark_out="$par_json" \
  --benchmark_out_format=json "${bench_args[@]}"
echo
echo "results: $json $par_json"
# Debian's python3 has matplotlib; a python3 earlier on PATH may not.
/usr/bin/python3 "$root/bench/report.py" "$json" "$par_json" --plot "$png" "${report_args[@]}"
