#!/usr/bin/env python3
"""Kernel-coverage gate: the last step of scripts/test.sh.

Reads what every build of this test run compiled (<build>/kernel-coverage/
compiled.txt, written at configure time) and where each kernel suite ran
(<build>/kernel-coverage/runs/*, one file per run, written by test_kernels and
the SIMDe/QEMU tests), prints one table, and fails if a compiled kernel that
this host or one of its emulators could run never passed the suite.

A kernel is excused only when nothing here can run it: the host reported it
unsupported (its native kernel test skipped) and no emulator its descriptor
names (kernels/registry.h) is available here. QEMU has no AVX-512, so on a
host without AVX-512 the AVX-512 kernels must have passed through SIMDe.

  kernel_coverage.py BUILD_ROOT
"""
import glob
import os
import shutil
import sys

import adjeq_registry

# Emulators that can run each kernel, from its descriptor (QEMU user mode;
# SIMDe: the kernel's source built for a host of another ISA).
EMULATORS = {k["name"]: k["emulators"] for k in adjeq_registry.kernels()}


def emulator_available(name):
    if name == "simde":
        return os.path.exists("/usr/include/simde/simde-common.h")
    return shutil.which(name) is not None


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    root = sys.argv[1]
    compiled = {}  # kernel -> set of build names
    runs = {}      # kernel -> list of (where, outcome)
    for path in sorted(glob.glob(os.path.join(root, "*", "kernel-coverage", "compiled.txt"))):
        build = os.path.basename(os.path.dirname(os.path.dirname(path)))
        with open(path) as f:
            for line in f:
                fields = line.rstrip("\n").split("\t")
                if fields and fields[0]:
                    compiled.setdefault(fields[0], set()).add(build)
        for run in sorted(glob.glob(os.path.join(os.path.dirname(path), "runs", "*"))):
            with open(run) as f:
                fields = f.read().rstrip("\n").split("\t")
            if len(fields) == 3:
                runs.setdefault(fields[0], []).append((f"{fields[1]} ({build})", fields[2]))
    if not compiled:
        print(f"kernel coverage: no builds with kernel-coverage/ under {root}")
        return 1

    failed = []
    rows = []
    for kernel in sorted(compiled, key=lambda k: (list(EMULATORS).index(k)
                                                  if k in EMULATORS else 99, k)):
        kernel_runs = runs.get(kernel, [])
        passed = [w for w, o in kernel_runs if o == "passed"]
        bad = [w for w, o in kernel_runs if o == "failed"]
        native_skipped = any(o == "skipped" and w.startswith("native") for w, o in kernel_runs)
        usable = [e for e in EMULATORS.get(kernel, []) if emulator_available(e)]
        if bad:
            status = "FAILED on " + ", ".join(bad)
            failed.append(kernel)
        elif passed:
            status = "ok"
        elif native_skipped and not usable:
            missing = EMULATORS.get(kernel, [])
            status = ("not run: no hardware (this CPU lacks it; no emulator implements it)"
                      if not missing else
                      f"not run: this CPU lacks it; install {'/'.join(missing)} to emulate it")
        else:
            status = "NEVER RAN although " + (
                "this host" if not native_skipped else "an emulator here (" + ", ".join(usable) + ")"
            ) + " can run it"
            failed.append(kernel)
        rows.append((kernel, ", ".join(sorted(compiled[kernel])), passed or ["-"], status))

    print("\n=== kernel coverage (where each compiled kernel passed the suite) ===")
    width = max(len(r[0]) for r in rows)
    for kernel, builds, where, status in rows:
        print(f"{kernel:<{width}}  {status}   [compiled in: {builds}]")
        for w in where:
            print(f"{'':<{width}}    {w}")
    if failed:
        print(f"kernel coverage: FAILED for {', '.join(failed)}")
        return 1
    print("kernel coverage: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
