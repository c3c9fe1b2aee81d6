#!/usr/bin/env bash
# Prints the kernel adjeq's dispatcher should choose on this Linux x86-64
# host, from /proc/cpuinfo (the flags Linux reports are the ones the OS has
# enabled). For builds that run under a translation layer on this host
# (Wine), whose dispatcher must choose what a native build chooses.
set -euo pipefail
flags=" $(grep -m1 '^flags' /proc/cpuinfo | cut -d: -f2) "
vendor=$(grep -m1 '^vendor_id' /proc/cpuinfo | awk '{print $3}')
family=$(grep -m1 '^cpu family' /proc/cpuinfo | awk '{print $4}')
model=$(grep -m1 '^model[[:space:]]' /proc/cpuinfo | awk '{print $3}')
has() { [[ "$flags" == *" $1 "* ]]; }
# The AVX-512 policy: Skylake-SP, Cascade Lake and Cooper Lake keep avx2.
skylake_sp=0
[ "$vendor" = GenuineIntel ] && [ "$family" = 6 ] && [ "$model" = 85 ] && skylake_sp=1
if has avx512f && has avx512bw && has popcnt && has avx2 && [ $skylake_sp = 0 ]; then
  if has avx512vbmi; then echo avx512vbmi; else echo avx512bw; fi
elif has avx2 && has avx && has popcnt; then
  echo avx2
elif has sse2; then
  echo sse2
else
  echo scalar
fi
