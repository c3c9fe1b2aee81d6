#!/usr/bin/env bash
# The seed article's Python benchmark, reproduced with adjeq: installs what is
# missing, builds the Python module (Release) for Debian's /usr/bin/python3 and
# runs python/benchmarks/test_article.py with pytest-benchmark, pinned to one
# core. Prints the CPU model and pytest-benchmark's table (times, and each
# row's ratio to the fastest).
#   scripts/bench-python.sh                      the measurement (about a minute)
#   scripts/bench-python.sh --benchmark-disable  each function once, checks only
#   scripts/bench-python.sh ARGS...              other arguments go to pytest, e.g.
#                                                --benchmark-json=out.json -k "numpy or adjeq"
# Environment: ADJEQ_PYTHON_BENCH_BUILD (build directory, default build/python-bench),
#              ADJEQ_BENCH_CPU (core to pin to, default 1, or 0 on a 1-CPU machine),
#              PYTHON (interpreter, default /usr/bin/python3: it has numpy and
#              pytest-benchmark; a python3 earlier on PATH may not).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
build=${ADJEQ_PYTHON_BENCH_BUILD:-$root/build/python-bench}
python=${PYTHON:-/usr/bin/python3}

scripts/install-deps.sh

cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release \
  -DADJEQ_PYTHON=ON -DADJEQ_PYTHON_REQUIRED=ON -DPython3_EXECUTABLE="$python" \
  -DADJEQ_BUILD_TESTS=OFF -DADJEQ_BUILD_BENCHMARKS=OFF -DADJEQ_BUILD_TOOLS=OFF \
  >"$build.configure.log" 2>&1 || { cat "$build.configure.log"; exit 1; }
cmake --build "$build" --target adjeq_python -j "$(nproc)"

# One pinned core: every function is single-threaded, and a process that is
# not migrated keeps its caches warm between rounds.
pin=()
cpu=${ADJEQ_BENCH_CPU:-$(( $(nproc) > 1 ? 1 : 0 ))}
if command -v taskset >/dev/null && taskset -c "$cpu" true 2>/dev/null; then
  pin=(taskset -c "$cpu")
fi
echo "CPU: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)${pin:+ (pinned to CPU $cpu)}"
echo "Python: $("$python" -c 'import sys; print(sys.version.split()[0])'), $python"

PYTHONPATH="$build/python" "${pin[@]}" "$python" -B -m pytest -p no:cacheprovider \
  "$root/python/benchmarks/test_article.py" \
  --benchmark-columns=min,max,mean,rounds --benchmark-sort=mean "$@"
