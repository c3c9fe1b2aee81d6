"""`pip install --no-build-isolation --target` of ./python works offline and
gives a module that imports and counts, with its stubs beside it.

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

    installed = list(target.glob("adjeq*.so")) + list(target.glob("adjeq*.pyd"))
    assert len(installed) == 1, list(target.iterdir())
    stub = (PYTHON_DIR / "adjeq.pyi").read_bytes()
    assert (target / "adjeq.pyi").read_bytes() == stub
    assert (target / "adjeq-stubs" / "__init__.pyi").read_bytes() == stub

    check = (
        "import adjeq, sys\n"
        "assert adjeq.__file__.startswith(sys.argv[1]), adjeq.__file__\n"
        "assert adjeq.count_doubles('abCCdeFFghiJJklmnopqRRstuVVxyZZ') == 6\n"
        "assert adjeq.count_doubles('\\u0100\\u0100\\U00010000\\U00010000') == 2\n"
        "assert adjeq.count_doubles(b'aab') == 1\n"
        "print(adjeq.__version__, adjeq.kernel())\n"
    )
    env = dict(os.environ, PYTHONPATH=str(target))
    # Run from `work`: `python -c` puts the working directory on sys.path.
    out = subprocess.run([sys.executable, "-c", check, str(target)], env=env,
                         cwd=work, check=True, capture_output=True, text=True).stdout
    print(out)
    # setuptools' metadata went to the build dir, not the source tree.
    assert not list(PYTHON_DIR.glob("*.egg-info"))
