#!/usr/bin/env python3
"""The adjeq_kernel() lines of cmake/AdjeqKernels.cmake, for the build systems
and generators that are not CMake (meson.build, scripts/amalgamate.py), so
each kernel's flags and compile check are written in one place.

  adjeq_kernels.py --meson   one line per kernel: name|arch|flags|check
                             (the check's newlines written as \\n)
"""
import os
import re
import sys

CMAKE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cmake", "AdjeqKernels.cmake")


def kernels(path=CMAKE):
    """[(name, arch, flags, check source)] in file order."""
    with open(path) as f:
        text = f.read()
    found = re.findall(r'^adjeq_kernel\((\w+) (\w+) "([^"]*)" \[\[(.*?)\]\]\)', text, re.M | re.S)
    if not found:
        raise RuntimeError(f"no adjeq_kernel() lines in {path}")
    return [(n, a, f, c.strip("\n")) for n, a, f, c in found]


if __name__ == "__main__":
    if sys.argv[1:] != ["--meson"]:
        sys.exit("usage: adjeq_kernels.py --meson")
    for name, arch, flags, check in kernels():
        print("|".join([name, arch, flags, check.replace("\\", "\\\\").replace("\n", "\\n")]))
