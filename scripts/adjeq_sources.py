#!/usr/bin/env python3
"""What the CMake build compiles, for the build systems and generators that are
not CMake (meson.build, scripts/amalgamate.py), so it is written in one place:
the adjeq_kernel() lines of cmake/AdjeqKernels.cmake (each kernel's flags and
compile check) and the src/*.c files of adjeq_objects in CMakeLists.txt.

  adjeq_sources.py --meson-kernels   one line per kernel: name|arch|flags|check
                                     (the check's newlines written as \\n)
  adjeq_sources.py --library-sources the src/*.c files, one a line
"""
import os
import re
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
CMAKE = os.path.join(ROOT, "cmake", "AdjeqKernels.cmake")


def kernels(path=CMAKE):
    """[(name, arch, flags, check source)] in file order, one entry per
    architecture of a line (`adjeq_kernel(sse2 "x86_64;x86" ...)` gives two)."""
    with open(path) as f:
        text = f.read()
    found = re.findall(r'^adjeq_kernel\((\w+) ("[^"]*"|\w+) "([^"]*)" \[\[(.*?)\]\]\)',
                       text, re.M | re.S)
    if not found:
        raise RuntimeError(f"no adjeq_kernel() lines in {path}")
    return [(n, arch, f, c.strip("\n")) for n, a, f, c in found
            for arch in a.strip('"').split(";")]


def library_sources(path=os.path.join(ROOT, "CMakeLists.txt")):
    """The src/*.c files of the adjeq_objects library, in order."""
    with open(path) as f:
        block = re.search(r"add_library\(adjeq_objects OBJECT(.*?)\)", f.read(), re.S)
    if not block:
        raise RuntimeError(f"adjeq_objects not found in {path}")
    return re.findall(r"\b(src/\w+\.c)\b", block.group(1))


if __name__ == "__main__":
    if sys.argv[1:] == ["--meson-kernels"]:
        for name, arch, flags, check in kernels():
            print("|".join([name, arch, flags, check.replace("\\", "\\\\").replace("\n", "\\n")]))
    elif sys.argv[1:] == ["--library-sources"]:
        print("\n".join(library_sources()))
    else:
        sys.exit("usage: adjeq_sources.py --meson-kernels | --library-sources")
