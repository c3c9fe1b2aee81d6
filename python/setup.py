"""Builds the `adjeq` package (python/src/adjeq) and its extension module
adjeq._adjeq, which the project's CMake build compiles.

CMake compiles each kernel file with its own ISA flags only (never one flag
for every file), so the module pip builds is the module CMake builds.

    python3 -m pip install --no-build-isolation ./python

Environment: CMAKE (the cmake to run), ADJEQ_CMAKE_ARGS (extra configure
arguments, e.g. -DADJEQ_ENABLE_AVX512BW=OFF), ADJEQ_PYTHON_BUILD_DIR (where
setuptools and CMake build; default python/build), CMAKE_BUILD_PARALLEL_LEVEL.
"""
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BUILD_BASE = os.environ.get("ADJEQ_PYTHON_BUILD_DIR", "build")
# egg_info insists that its directory exists.
os.makedirs(BUILD_BASE, exist_ok=True)


def library_version():
    header_path = ROOT / "include" / "adjeq.h"
    if not header_path.is_file():
        # pip copies nothing for a local directory (it builds in place), but
        # an sdist of python/ alone would lack the library.
        sys.exit(f"adjeq: {header_path} not found: build from python/ inside "
                 "a checkout of the adjeq repository")
    header = header_path.read_text(encoding="utf-8")
    return re.search(r'#define ADJEQ_VERSION_STRING "([^"]+)"', header).group(1)


class CMakeBuildExt(build_ext):
    def build_extension(self, ext):
        cmake = os.environ.get("CMAKE", "cmake")
        build_dir = Path(self.build_temp).resolve() / "cmake"
        configure = [
            cmake, "-S", str(ROOT), "-B", str(build_dir),
            "-DCMAKE_BUILD_TYPE=Release",
            f"-DPython3_EXECUTABLE={sys.executable}",
            "-DADJEQ_PYTHON=ON", "-DADJEQ_BUILD_TESTS=OFF",
            "-DADJEQ_BUILD_BENCHMARKS=OFF", "-DADJEQ_BUILD_TOOLS=OFF",
            "-DADJEQ_INSTALL=OFF",
        ] + shlex.split(os.environ.get("ADJEQ_CMAKE_ARGS", ""))
        build = [cmake, "--build", str(build_dir), "--config", "Release",
                 "--target", "adjeq_python"]
        if "CMAKE_BUILD_PARALLEL_LEVEL" not in os.environ:
            build += ["--parallel", str(self.parallel or os.cpu_count() or 1)]
        subprocess.run(configure, check=True)
        subprocess.run(build, check=True)

        module_path = build_dir / "python" / "adjeq_module_path.txt"
        if not module_path.is_file():
            sys.exit("adjeq: CMake did not configure the Python module "
                     f"for {sys.executable} (see the configure output above)")
        built = Path(module_path.read_text(encoding="utf-8").strip())
        target = Path(self.get_ext_fullpath(ext.name))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(built, target)


setup(
    name="adjeq",
    version=library_version(),
    description="Count adjacent-equal elements (doubles) at memory speed",
    python_requires=">=3.8",
    # numpy (array results) and dask (adjeq.dask) are optional.
    extras_require={"numpy": ["numpy"], "dask": ["dask[array]", "numpy"]},
    packages=["adjeq"],
    package_dir={"": "src"},
    # The stubs and the PEP 561 marker travel with the package, where mypy,
    # pyright and stubtest look for them.
    package_data={"adjeq": ["*.pyi", "py.typed"]},
    ext_modules=[Extension("adjeq._adjeq", sources=[])],
    cmdclass={"build_ext": CMakeBuildExt},
    options={
        "build": {"build_base": BUILD_BASE},
        "egg_info": {"egg_base": BUILD_BASE},
    },
    zip_safe=False,
)
