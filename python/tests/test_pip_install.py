"""`pip install --no-build-isolation --target` of ./python works offline and
gives the package adjeq that imports and counts, with its stubs in it.

Uses the interpreter running pytest (its own pip, setuptools and wheel). Takes
one CMake build of the library (about 30 s on 2 cores). CTest points
ADJEQ_TEST_PIP_WORKDIR into its build tree; by hand it uses a temporary dir:
    /usr/bin/python3 -m pytest python/tests/test_pip_install.py
"""
import os
import shutil
import subprocess
import sys
from pathlib import Path

PYTHON_DIR = Path(__file__).resolve().parents[1]


def test_pip_install_target(tmp_path):
    work = Path(os.environ.get("ADJEQ_TEST_PIP_WORKDIR", tmp_path))
    shutil.rmtree(work, ignore_errors=True)
    target = work / "site"
    env = dict(os.environ, ADJEQ_PYTHON_BUILD_DIR=str(work / "build"),
               PIP_NO_INPUT="1", PIP_DISABLE_PIP_VERSION_CHECK="1")
    env.pop("PYTHONPATH", None)
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-build-isolation",
         "--no-index", "--no-deps", "--target", str(target), str(PYTHON_DIR)],
        env=env, check=True)

    package = target / "adjeq"
    installed = list(package.glob("_adjeq*.so")) + list(package.glob("_adjeq*.pyd"))
    assert len(installed) == 1, list(package.iterdir())
    # The pure-Python modules, the stubs and the PEP 561 marker, as in the source.
    source = PYTHON_DIR / "src" / "adjeq"
    for name in ("__init__.py", "summary.py", "dask.py", "__init__.pyi", "_adjeq.pyi",
                 "summary.pyi", "dask.pyi", "py.typed"):
        assert (package / name).read_bytes() == (source / name).read_bytes(), name

    check = (
        "import adjeq, sys\n"
        "assert adjeq.__file__.startswith(sys.argv[1]), adjeq.__file__\n"
        "assert adjeq.count_doubles('abCCdeFFghiJJklmnopqRRstuVVxyZZ') == 6\n"
        "assert adjeq.count_doubles('\\u0100\\u0100\\U00010000\\U00010000') == 2\n"
        "assert adjeq.count_doubles(b'aab') == 1\n"
        "assert adjeq.count_doubles_many(['aa', b'bbb']).tolist() == [1, 2]\n"
        "from adjeq.summary import Utf8Summary\n"
        "assert (Utf8Summary.of(b'\\xc3') + Utf8Summary.of(b'\\xa9\\xc3\\xa9')).result() == 1\n"
        "print(adjeq.__version__, adjeq.kernel())\n"
    )
    env = dict(os.environ, PYTHONPATH=str(target))
    # Run from `work`: `python -c` puts the working directory on sys.path.
    out = subprocess.run([sys.executable, "-c", check, str(target)], env=env,
                         cwd=work, check=True, capture_output=True, text=True).stdout
    print(out)
    # setuptools' metadata went to the build dir, not the source tree.
    assert not list(PYTHON_DIR.glob("*.egg-info"))
    assert not list((PYTHON_DIR / "src").glob("*.egg-info"))
