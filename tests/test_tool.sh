#!/usr/bin/env bash
# End-to-end tests of the adjeq tool: output and exit status for each case.
#   test_tool.sh ADJEQ TOOL_GEN WORKDIR CASE
# ADJEQ_TOOL_EMULATOR (e.g. qemu-i386, wine) runs both target programs in
# cross builds; ADJEQ_TOOL_ARCH is the build's architecture (CMake's
# ADJEQ_ARCH), which `uname -m` does not give there; ADJEQ_TOOL_WINDOWS=1 for
# a Windows build, whose text-mode output ends lines with CR LF.
# Expected counts come from tool_gen (a naive loop) or are obvious by
# construction; JSON is checked with Python's json module.
set -uo pipefail
# shellcheck disable=SC2206 # the emulator may be a command with arguments
emulator=(${ADJEQ_TOOL_EMULATOR:-})
adjeq_path=$1 work=$3/$4 case=$4
adjeq=("${emulator[@]}" "$1") gen=("${emulator[@]}" "$2")
arch=${ADJEQ_TOOL_ARCH:-$(uname -m)}
windows=${ADJEQ_TOOL_WINDOWS:-0}
scripts=$(cd "$(dirname "$0")/../scripts" && pwd)
rm -rf "$work" && mkdir -p "$work" && cd "$work" || exit 1
python=/usr/bin/python3
[ -x "$python" ] || python=python3

failures=0
fail() { echo "FAIL [$case]: $*" >&2; failures=$((failures + 1)); }

# text ARGS... : runs ARGS; a Windows program's CR LF line ends become LF.
text() {
  if [ "$windows" = 1 ]; then "$@" | tr -d '\r'; else "$@"; fi
}

# run ARGS... : runs adjeq with stdin from $stdin (default /dev/null), sets
# $out, $err and $rc.
stdin=/dev/null
run() {
  "${adjeq[@]}" "$@" <"$stdin" >out.txt 2>err.txt
  rc=$?
  if [ "$windows" = 1 ]; then
    out=$(tr -d '\r' <out.txt) err=$(tr -d '\r' <err.txt)
  else
    out=$(cat out.txt) err=$(cat err.txt)
  fi
}
expect_rc() { [ "$rc" = "$1" ] || fail "exit status $rc, want $1 (stderr: $err)"; }
expect_out() { [ "$out" = "$1" ] || fail "stdout '$out', want '$1'"; }
expect_err_has() { [[ "$err" == *"$1"* ]] || fail "stderr '$err' lacks '$1'"; }
expect_no_err() { [ -z "$err" ] || fail "unexpected stderr '$err'"; }
# json_get EXPR : evaluates a Python expression on the parsed stdout (j).
json_get() { "$python" -c "import json,sys; j=json.load(open('out.txt')); print($1)"; }

# Kernels this build can run here, from the tool's own JSON listing.
usable_kernels() {
  "${adjeq[@]}" --list-kernels --json |
    "$python" -c "import json,sys; print(' '.join(k['name'] for k in json.load(sys.stdin)['kernels'] if k['supported']))"
}

case $case in
empty)
  : >empty
  run empty; expect_rc 0; expect_out "0 empty"; expect_no_err
  stdin=empty; run; expect_rc 0; expect_out "0"
  ;;
one_byte)
  printf 'a' >one
  run one; expect_rc 0; expect_out "0 one"; expect_no_err
  printf 'aa' >two
  run two; expect_rc 0; expect_out "1 two"
  ;;
small)
  printf 'aabbbc' >small
  run small; expect_rc 0; expect_out "3 small"; expect_no_err
  run --threads 7 small; expect_rc 0; expect_out "3 small"
  ;;
non_ascii)
  # UTF-8 text counts bytes: 'ää' is c3 a4 c3 a4 (no doubles); then ff ff
  # (one) and 80 80 80 (two). The file name is not ASCII either.
  name='dätä ✓.bin'
  printf '\xc3\xa4\xc3\xa4\xff\xff\x80\x80\x80' >"$name"
  run "$name"; expect_rc 0; expect_out "3 $name"; expect_no_err
  run --json "$name"; expect_rc 0
  [ "$(json_get "j['files'][0]['name']")" = "$name" ] || fail "JSON name"
  # A name that is not UTF-8 still gives valid JSON (Windows names are
  # UTF-16: there is no such name to give).
  [ "$windows" = 1 ] && exit 0
  bad=$(printf 'x\xffy')
  printf 'zz' >"$bad"
  run --json "$bad"; expect_rc 0
  [ "$(json_get "j['files'][0]['name'] == 'x\ufffdy'")" = True ] || fail "non-UTF-8 name: $out"
  ;;
large)
  # 40 MiB of random bytes over 3 symbols: above the parallel threshold, so
  # split points land everywhere; every usable kernel and several thread counts.
  want=$(text "${gen[@]}" large.bin 41943043 3 1) || fail "tool_gen"
  for threads in 0 1 2 3 5; do
    run --threads "$threads" large.bin; expect_rc 0; expect_out "$want large.bin"
  done
  for kernel in $(usable_kernels); do
    run --kernel "$kernel" --threads 2 large.bin; expect_rc 0; expect_out "$want large.bin"
  done
  # All equal: every split point and every stream chunk edge is a double.
  head -c 33554433 /dev/zero | tr '\0' 'x' >same.bin
  run same.bin; expect_out "33554432 same.bin"
  ;;
stdin)
  want=$(text "${gen[@]}" in.bin 5000003 2 7) || fail "tool_gen"
  stdin=in.bin; run; expect_rc 0; expect_out "$want"; expect_no_err
  run -; expect_out "$want -"
  # A pipe is read in chunks; carried bytes join pairs across chunk edges.
  out=$(cat in.bin | text "${adjeq[@]}"); [ "$out" = "$want" ] || fail "pipe: '$out', want '$want'"
  out=$(head -c 3000001 /dev/zero | text "${adjeq[@]}"); [ "$out" = 3000000 ] || fail "pipe of zeros: '$out'"
  # Standard input partly consumed by another program counts from there.
  printf 'aaaabb' >part
  out=$( { head -c 2 >/dev/null; text "${adjeq[@]}"; } <part ); [ "$out" = 2 ] || fail "partly read stdin: '$out'"
  ;;
several)
  printf 'aabbbc' >a; printf 'xxyy' >b; : >c
  run a b c; expect_rc 0; expect_no_err
  expect_out "$(printf '3 a\n2 b\n0 c\n5 total')"
  stdin=b; run a - a; expect_out "$(printf '3 a\n2 -\n3 a\n8 total')"
  run --json a b; expect_rc 0
  [ "$(json_get "[(f['name'], f['bytes'], f['count']) for f in j['files']], j['total']")" = \
    "[('a', 6, 3), ('b', 4, 2)] {'bytes': 10, 'count': 5}" ] || fail "JSON: $out"
  ;;
missing)
  printf 'aabbbc' >a
  run a no-such-file a; expect_rc 1
  expect_out "$(printf '3 a\n3 a\n6 total')"
  expect_err_has "adjeq: no-such-file: No such file or directory"
  run --json no-such-file; expect_rc 1
  [ "$(json_get "j['files'][0]['error']")" = "No such file or directory" ] || fail "JSON error: $out"
  ;;
directory)
  mkdir -p dir; printf 'aa' >a
  run dir a; expect_rc 1; expect_out "$(printf '1 a\n1 total')"
  expect_err_has "adjeq: dir: Is a directory"
  ;;
unreadable)
  if [ "$windows" = 1 ]; then
    echo "Wine maps no Unix permission bits to Windows access rights: skipped"; exit 77
  fi
  printf 'aa' >secret; chmod 000 secret
  if [ "$(id -u)" = 0 ]; then
    # Root reads anything: drop to nobody when the work directory allows.
    chmod 755 . && chmod o+rx "$adjeq_path" 2>/dev/null
    if command -v setpriv >/dev/null &&
       setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$adjeq_path" 2>/dev/null; then
      setpriv --reuid=65534 --regid=65534 --clear-groups "${adjeq[@]}" secret >out.txt 2>err.txt
      rc=$? out=$(cat out.txt) err=$(cat err.txt)
    else
      echo "running as root and cannot drop privileges here: skipped"; exit 77
    fi
  else
    run secret
  fi
  expect_rc 1; expect_out ""; expect_err_has "adjeq: secret: Permission denied"
  ;;
bad_option)
  printf 'aa' >a
  run --no-such-option a; expect_rc 2; expect_out ""
  expect_err_has "adjeq: unknown option '--no-such-option'"; expect_err_has "Usage: adjeq"
  run -Z a; expect_rc 2; expect_err_has "unknown option '-Z'"
  run a --threads; expect_rc 2; expect_err_has "option '--threads' needs an argument"
  run --threads many a; expect_rc 2; expect_err_has "invalid thread count 'many'"
  run --threads -3 a; expect_rc 2; expect_err_has "invalid thread count"
  run --threads 4097 a; expect_rc 2; expect_err_has "invalid thread count '4097'"
  run --threads 4096 a; expect_rc 0; expect_out "1 a"
  # An argument to an option that takes none names the option.
  for opt in utf8 json list-kernels progress version help; do
    run --$opt=x a; expect_rc 2; expect_out ""
    expect_err_has "adjeq: option '--$opt' does not take an argument"
  done
  run --no-such=1 a; expect_rc 2; expect_err_has "unknown option '--no-such'"
  ;;
output_error)
  # --help and --version whose output is lost fail, and say so.
  if [ -w /dev/full ]; then
    for opt in --help --version; do
      "${adjeq[@]}" $opt >/dev/full 2>err.txt; rc=$? err=$(cat err.txt)
      expect_rc 1; expect_err_has "adjeq: write error"
    done
    printf 'aa' >a
    "${adjeq[@]}" a >/dev/full 2>err.txt; rc=$? err=$(cat err.txt)
    expect_rc 1; expect_err_has "adjeq: write error"
  else
    echo "SKIPPED: no /dev/full here"; exit 77
  fi
  ;;
unknown_kernel)
  printf 'aa' >a
  run --kernel no-such-kernel a; expect_rc 2; expect_out ""
  expect_err_has "adjeq: unknown kernel 'no-such-kernel'; kernels: scalar"
  expect_err_has "Usage: adjeq"
  ;;
unsupported_kernel)
  printf 'aa' >a
  unsupported=$("${adjeq[@]}" --list-kernels --json |
    "$python" -c "import json,sys; print(next(k['name'] for k in json.load(sys.stdin)['kernels'] if not k['supported']))")
  [ -n "$unsupported" ] || fail "no unsupported kernel found"
  run --kernel "$unsupported" a; expect_rc 2; expect_out ""
  expect_err_has "adjeq: kernel '$unsupported' cannot run here: "
  expect_err_has "Usage: adjeq"
  ;;
list_kernels)
  run --list-kernels; expect_rc 0; expect_no_err
  active=$(printf '%s\n' "$out" | sed -n 's/^\* \([a-z0-9]*\) .*/\1/p')
  [ -n "$active" ] || fail "no active kernel marked: $out"
  [[ "$out" == *"scalar"*"yes"*"yes"* ]] || fail "scalar row: $out"
  run --list-kernels --json; expect_rc 0
  [ "$(json_get "j['active']")" = "$active" ] || fail "JSON active differs from text"
  [ "$(json_get "sum(k['active'] for k in j['kernels']), sum(k['reason'] == 'chosen' for k in j['kernels'])")" = "1 1" ] ||
    fail "one active, one chosen: $out"
  [ "$(json_get "all(k['detail'] for k in j['kernels']) and all(bool(k['missing']) == (k['reason'] in ('cpu-lacks-feature', 'os-lacks-state')) for k in j['kernels'])")" = True ] ||
    fail "reasons and missing features: $out"
  [ "$(json_get "j['cpu']['arch'] in ('x86_64', 'x86', 'aarch64', 'arm', 'ppc64le', 's390x', 'riscv64', 'wasm', 'other') and isinstance(j['cpu']['features'], list)")" = True ] ||
    fail "cpu report: $out"
  # Every kernel of kernels/registry.h is listed, compiled in or not, once.
  registry=$(cd "$scripts" && "$python" -c "import adjeq_registry; print(' '.join(k['name'] for k in adjeq_registry.kernels()))")
  [ "$(json_get "' '.join(k['name'] for k in j['kernels'])")" = "$registry" ] ||
    fail "kernels listed: $(json_get "[k['name'] for k in j['kernels']]"), registry: $registry"
  if [ -n "${ADJEQ_TOOL_ARCH:-}" ]; then
    [ "$(json_get "j['cpu']['arch']")" = "$ADJEQ_TOOL_ARCH" ] || fail "arch: $out"
  fi
  case $arch in
    x86_64) [ "$(json_get "'xcr0' in j['cpu'] and 'sse2' in j['cpu']['usable_features'] and len(j['cpu']['vendor']) == 12")" = True ] || fail "x86 report: $out" ;;
    # SSE2 is not baseline on 32-bit x86.
    x86) [ "$(json_get "'xcr0' in j['cpu'] and len(j['cpu']['vendor']) == 12")" = True ] || fail "x86 report: $out" ;;
    arm|aarch64) [ "$(json_get "'hwcap' in j['cpu'] and 'sve_vector_bits' in j['cpu']")" = True ] || fail "aarch64 report: $out" ;;
    # VSX is the POWER8 baseline: every ppc64le CPU runs the kernel.
    ppc64le) [ "$(json_get "'hwcap2' in j['cpu'] and [(k['name'], k['supported']) for k in j['kernels'] if k['name'] == 'vsx'] == [('vsx', 'vsx' in j['cpu']['usable_features'])] and 'vsx' in j['cpu']['usable_features']")" = True ] || fail "ppc64le report: $out" ;;
    # zvector is supported exactly where Linux reports the vector facility.
    s390x) [ "$(json_get "[k['supported'] for k in j['kernels'] if k['name'] == 'zvector'] == [int(j['cpu']['hwcap'], 16) & 2048 != 0]")" = True ] || fail "s390x report: $out" ;;
    riscv64) [ "$(json_get "'hwcap' in j['cpu'] and 'os_release' in j['cpu']")" = True ] || fail "riscv64 report: $out" ;;
  esac
  # Forcing a kernel shows up as active, and the automatic choice stays.
  run --kernel scalar --list-kernels --json; expect_rc 0
  [ "$(json_get "j['active'], j['best'] == '$active'")" = "scalar True" ] || fail "forced scalar: $out"
  ;;
json)
  printf 'aabbbc' >a
  run --json a; expect_rc 0; expect_no_err
  [ "$(json_get "j['files'], j['total']")" = \
    "[{'name': 'a', 'bytes': 6, 'count': 3}] {'bytes': 6, 'count': 3}" ] || fail "JSON: $out"
  run --json --kernel scalar a
  [ "$(json_get "j['kernel']")" = scalar ] || fail "JSON kernel: $out"
  ;;
version_help)
  run --version; expect_rc 0
  [[ "$out" =~ ^adjeq\ [0-9]+\.[0-9]+\.[0-9]+\ \(library\ [0-9]+\.[0-9]+\.[0-9]+\)$ ]] || fail "version: $out"
  run --help; expect_rc 0; expect_no_err
  for word in --utf8 --kernel --list-kernels --threads --json --progress --version "Exit status"; do
    [[ "$out" == *"$word"* ]] || fail "help lacks $word"
  done
  ;;
huge_pipe)
  # 5 GiB of zeros through a pipe: 5368709119 doubles, past 2^32 even where
  # size_t is 32 bits (the stream's 64-bit total, end to end).
  head -c 5368709120 /dev/zero | "${adjeq[@]}" --json >out.txt 2>err.txt
  rc=$? out=$(cat out.txt) err=$(cat err.txt)
  expect_rc 0; expect_no_err
  [ "$(json_get "j['total']")" = "{'bytes': 5368709120, 'count': 5368709119}" ] || fail "5 GiB pipe: $out"
  ;;
huge_file)
  # A 3 GiB sparse file (no disk used): past 2 GiB (64-bit off_t) and past
  # what a 32-bit process can map at once (mapped in windows).
  truncate -s 3221225472 sparse || { echo "SKIPPED: cannot create a sparse file here"; exit 77; }
  run sparse; expect_rc 0; expect_out "3221225471 sparse"; expect_no_err
  rm -f sparse
  ;;
progress)
  # Not a terminal: nothing on stderr.
  head -c 1000 /dev/zero >z
  run --progress z; expect_rc 0; expect_out "999 z"; expect_no_err
  # A terminal (script(1) gives one): a stream that stalls past 0.25 s gets
  # a progress line, erased before the count is printed.
  if [ "$windows" = 1 ]; then
    echo "Wine's console on a pseudo-terminal is not a Windows console: the terminal half is skipped"; exit 77
  fi
  if ! command -v script >/dev/null || ! script -qec true /dev/null >/dev/null 2>&1 </dev/null; then
    echo "no script(1) or no pseudo-terminals here: the terminal half is skipped"; exit 77
  fi
  script -qec "{ head -c 1048576 /dev/zero; sleep 0.6; head -c 1048576 /dev/zero; } | ${emulator[*]} '$adjeq_path' --progress" /dev/null >tty.txt </dev/null
  grep -q 'adjeq: standard input: 0.00 GB, [0-9.]* GB/s' tty.txt || fail "no progress line: $(cat -v tty.txt)"
  grep -q '2097151' tty.txt || fail "no count: $(cat -v tty.txt)"
  ;;
utf8_file | utf8_pipe | utf8_invalid)
  # Expected counts from Python, independently of the library: code points of
  # s.decode("utf-8", "surrogateescape") (a byte outside a valid character
  # is a unit of its own, equal only to the same byte).
  py_count() {
    "$python" -c 'import sys; s = open(sys.argv[1], "rb").read().decode("utf-8", "surrogateescape"); print(sum(a == b for a, b in zip(s, s[1:])))' "$1"
  }
  case $case in
  utf8_file)
    # Doubles of 1- to 4-byte characters, and pairs equal as bytes only.
    printf 'aa\xc3\xa9\xc3\xa9\xe2\x9c\x93\xe2\x9c\x93\xe2\x9c\x93\xf0\x9f\x98\x80\xf0\x9f\x98\x80xy\xc3\xa4\xc3\xa4' >text
    # Random text over a few characters of each length, above the parallel
    # threshold of byte mode (UTF-8 is one thread; the file is one piece).
    "$python" -c 'import random; r = random.Random(7); open("big", "wb").write("".join(r.choice("aa\u00e9\u00e9\u2713\U0001f600") for _ in range(3000000)).encode())'
    for f in text big; do
      want=$(py_count "$f")
      run --utf8 "$f"; expect_rc 0; expect_out "$want $f"; expect_no_err
      for kernel in $(usable_kernels); do
        run --utf8 --kernel "$kernel" "$f"; expect_out "$want $f"
      done
    done
    [ "$(py_count text)" = 6 ] || fail "the text's own count: $(py_count text)"
    run text; expect_out "1 text" # as bytes, only 'aa' is a double
    run --utf8 --json text; expect_rc 0
    [ "$(json_get "j['mode'], j['files'][0]['bytes'], j['files'][0]['count']")" = "utf8 29 6" ] || fail "JSON: $out"
    ;;
  utf8_pipe)
    # A pipe written one byte at a time: the tool reads chunks of a byte or a
    # few, so characters are split across chunks (the streaming API joins
    # them). The writer sleeps now and then so reads do return short.
    printf '\xe2\x9c\x93\xe2\x9c\x93\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xc3\xa9\xc3\xa9a\xf0\x9f\x98\x80' >split
    want=$(py_count split)
    [ "$want" = 3 ] || fail "the file's own count: $want"
    out=$(
      "$python" -c '
import os, sys, time
data = open("split", "rb").read()
for i in range(len(data)):
    os.write(1, data[i:i + 1])
    time.sleep(0.01)
' | text "${adjeq[@]}" --utf8)
    [ "$out" = "$want" ] || fail "byte-by-byte pipe: '$out', want '$want'"
    out=$(dd if=split bs=1 status=none | text "${adjeq[@]}" --utf8); [ "$out" = "$want" ] || fail "dd bs=1: '$out'"
    # Larger text through a pipe (1 MiB chunks, split wherever they fall).
    "$python" -c 'import random; r = random.Random(3); open("big", "wb").write("".join(r.choice("b\u00e9\u2713\U0001f600") for _ in range(1500000)).encode())'
    want=$(py_count big)
    out=$(cat big | text "${adjeq[@]}" --utf8); [ "$out" = "$want" ] || fail "pipe: '$out', want '$want'"
    stdin=big; run --utf8; expect_out "$want"
    ;;
  utf8_invalid)
    # Stray bytes equal only themselves, never a character: ff ff (1),
    # stray c3 then U+00E9 (0), 80 80 (1), an overlong c0 af twice and a
    # surrogate's encoding ed a0 80 twice (each byte its own unit: 0), a
    # U+2713 cut short by the next one (0), and U+1F600 cut off by the end.
    printf '\xff\xff\xc3\xc3\xa9\x80\x80\xc0\xaf\xc0\xaf\xed\xa0\x80\xed\xa0\x80\xe2\x9c\xe2\x9c\x93\xf0\x9f\x98' >bad
    # Random bytes: mostly invalid, every kind of malformation.
    "${gen[@]}" random.bin 2000003 256 5 >/dev/null || fail "tool_gen"
    [ "$(py_count bad)" = 2 ] || fail "the file's own count: $(py_count bad)"
    for f in bad random.bin; do
      want=$(py_count "$f")
      for kernel in $(usable_kernels); do
        run --utf8 --kernel "$kernel" "$f"; expect_rc 0; expect_out "$want $f"; expect_no_err
      done
      out=$(dd if="$f" bs=4096 status=none | text "${adjeq[@]}" --utf8)
      [ "$out" = "$want" ] || fail "$f through a pipe: '$out', want '$want'"
    done
    out=$(dd if=bad bs=1 status=none | text "${adjeq[@]}" --utf8); [ "$out" = "$(py_count bad)" ] || fail "bad, dd bs=1: '$out'"
    ;;
  esac
  ;;
*)
  echo "unknown case $case" >&2; exit 2 ;;
esac

[ "$failures" = 0 ] && echo "tool.$case: ok"
exit $((failures > 0))
