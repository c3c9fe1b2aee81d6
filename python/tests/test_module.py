"""The adjeq module against the seed article's pure-Python count_doubles.

Run from CTest (label `python`), or by hand with the built module on the path:
    PYTHONPATH=<build>/python /usr/bin/python3 -m pytest python/tests/test_module.py
"""
import array
import os
import random
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import adjeq
# The article's "Python ZIP version", verbatim: the reference every answer is
# checked against (it compares code points for str and ints for bytes).
from seed_article import count_doubles

try:
    import numpy as np
except ImportError:  # numpy is optional for the module, not for CI
    np = None

needs_numpy = pytest.mark.skipif(np is None, reason="numpy not installed")


def test_imports_the_module_under_test():
    expected = os.environ.get("ADJEQ_TEST_MODULE")
    if expected:
        assert Path(adjeq._adjeq.__file__).resolve() == Path(expected).resolve()


# Code point ranges that give each PEP 393 storage kind. Small alphabets make
# long runs of doubles, wide ones make doubles rare.
RANGES = {
    "ascii": (0x00, 0x7F),
    "latin1": (0x80, 0xFF),          # 1-byte kind, high bit set
    "bmp": (0x100, 0xFFFF),          # 2-byte kind, lone surrogates included
    "astral": (0x10000, 0x10FFFF),   # 4-byte kind
}
LENGTHS = list(range(0, 140)) + [255, 256, 257, 1000, 4095, 4097,
                                   16383, 16385, 70001, 262147]


def random_string(rng, kind, length, alphabet_size):
    lo, hi = RANGES[kind]
    alphabet = [chr(rng.randint(lo, hi)) for _ in range(alphabet_size)]
    return "".join(rng.choices(alphabet, k=length))


def make_cases():
    rng = random.Random(8)
    cases = []
    for kind in RANGES:
        for length in LENGTHS:
            for alphabet_size in (1, 2, 7, 500):
                if length > 5000 and alphabet_size == 7:
                    continue  # keep the pure-Python reference quick
                cases.append(random_string(rng, kind, length, alphabet_size))
    # The article's workload: 1,000,000 random ASCII letters.
    letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    cases.append("".join(rng.choice(letters) for _ in range(1_000_000)))
    return [(s, count_doubles(s)) for s in cases]


CASES = make_cases()


@pytest.fixture(params=adjeq.kernels())
def each_kernel(request):
    adjeq.set_kernel(request.param)
    assert adjeq.kernel() == request.param
    yield request.param
    adjeq.reset_kernel()


def test_strings_match_the_article(each_kernel):
    for s, expected in CASES:
        assert adjeq.count_doubles(s) == expected, (each_kernel, len(s))


def test_bytes_match_the_article(each_kernel):
    for s, _ in CASES[::7]:
        data = s.encode("utf-8", "surrogatepass")
        assert adjeq.count_doubles(data) == count_doubles(data), each_kernel


def test_every_offset_of_one_buffer(each_kernel):
    # Strings and buffers that start and end anywhere inside a longer run.
    rng = random.Random(1)
    for kind in RANGES:
        s = random_string(rng, kind, 700, 3)
        for start in range(0, 70):
            for end in (start, start + 1, start + 2, 600 + start % 9, 700):
                sub = s[start:end]
                assert adjeq.count_doubles(sub) == count_doubles(sub), (kind, start, end)
    data = bytes(rng.choice(b"ab") for _ in range(700))
    view = memoryview(data)
    for start in range(0, 70):
        for end in (start, start + 1, 600 + start % 9, 700):
            assert adjeq.count_doubles(view[start:end]) == count_doubles(data[start:end])


def test_code_points_not_storage_bytes():
    # U+4141 is stored as bytes 41 41 and U+10101 as 01 01 01 00: byte
    # counting would find doubles inside one code point.
    assert adjeq.count_doubles("\u4141") == 0
    assert adjeq.count_doubles("\u4141\u4141") == 1
    assert adjeq.count_doubles("\U00010101") == 0
    assert adjeq.count_doubles("\U00010101\U00010101x") == 1
    # The article's example, and a non-ASCII one UTF-8 bytes get wrong.
    assert adjeq.count_doubles("abCCdeFFghiJJklmnopqRRstuVVxyZZ") == 6
    assert adjeq.count_doubles("éé") == 1
    assert adjeq.count_doubles("éé".encode()) == 0
    # Astral characters are one code point each (no surrogate pairs).
    assert adjeq.count_doubles("😀😀😀") == 2
    assert adjeq.count_doubles("\ud83d\ude00\ud83d\ude00") == 0


def test_small_inputs():
    for empty in ("", b"", bytearray(), memoryview(b"")):
        assert adjeq.count_doubles(empty) == 0
    assert adjeq.count_doubles("a") == 0
    assert adjeq.count_doubles(b"\0\0") == 1
    assert adjeq.count_doubles("\0\0\0") == 2


def test_str_subclass():
    class Text(str):
        pass
    assert adjeq.count_doubles(Text("aabb")) == 2


def test_buffer_types():
    data = bytes(random.Random(3).choice(b"xyz") for _ in range(100_003))
    expected = count_doubles(data)
    assert adjeq.count_doubles(data) == expected
    assert adjeq.count_doubles(bytearray(data)) == expected
    assert adjeq.count_doubles(memoryview(data)) == expected
    assert adjeq.count_doubles(memoryview(bytearray(data)).toreadonly()) == expected
    assert adjeq.count_doubles(array.array("B", data)) == expected
    assert adjeq.count_doubles(array.array("b", data)) == expected
    assert adjeq.count_doubles(memoryview(data).cast("c")) == expected
    # A 2-D C-contiguous buffer counts in memory order.
    assert adjeq.count_doubles(memoryview(data[:100_000]).cast("B", (100, 1000))) == \
        count_doubles(data[:100_000])


def test_wide_integer_buffers():
    rng = random.Random(4)
    for code in "hHiIlLqQ":
        a = array.array(code, [rng.choice((0, 1, 65535 if code.isupper() else -1))
                               for _ in range(20_001)])
        assert adjeq.count_doubles(a) == count_doubles(a.tolist()), code
    # 0x0101 next to 0x0101 is one double; 0x0101 alone has equal bytes but
    # is one item.
    assert adjeq.count_doubles(array.array("H", [0x0101])) == 0
    assert adjeq.count_doubles(array.array("H", [0x0101, 0x0101])) == 1


@needs_numpy
def test_numpy_arrays(each_kernel):
    rng = np.random.default_rng(5)
    a = rng.integers(0, 3, size=7 * 42_859, dtype=np.uint8)
    expected = int(np.count_nonzero(a[:-1] == a[1:]))
    assert adjeq.count_doubles(a) == expected
    assert adjeq.count_doubles(a[1:]) == int(np.count_nonzero(a[1:-1] == a[2:]))
    assert adjeq.count_doubles(a.view(np.int8)) == expected
    assert adjeq.count_doubles(a.reshape(7, -1)) == expected
    for dtype in (np.uint16, np.int16, np.uint32, np.int32):
        b = a.astype(dtype)
        assert adjeq.count_doubles(b) == expected, dtype
    # Equal items have equal bytes in either byte order.
    for dtype in (">u2", "<u2", ">i4", "<u4"):
        assert adjeq.count_doubles(a.astype(dtype)) == expected, dtype
    # 0x0100 and 0x0001 share a zero byte; as uint16 items they differ.
    assert adjeq.count_doubles(np.array([0x0100, 0x0001], dtype=np.uint16)) == 0
    # Misaligned items are counted in place, like aligned ones.
    for dtype, size in ((np.uint16, 2), (np.uint32, 4)):
        items = np.array([7, 7, 1, 7, 7, 7, 0x0100, 0x0001] * 40, dtype=dtype)
        raw = bytearray(items.nbytes + size)
        for offset in range(1, size):
            raw[offset:offset + items.nbytes] = items.tobytes()
            view = np.frombuffer(raw, dtype=dtype, offset=offset, count=items.size)
            assert view.ctypes.data % size != 0
            assert adjeq.count_doubles(view) == np.count_nonzero(items[1:] == items[:-1])


@needs_numpy
def test_numpy_errors():
    # Records and objects have no numpy == that adjeq could mirror.
    for a in (np.zeros(3, dtype="i4,i4"), np.array([1, "a"], dtype=object),
              np.zeros(3, dtype="V4"), np.zeros(3, dtype="S2")):
        with pytest.raises(TypeError, match="format"):
            adjeq.count_doubles(a)
    with pytest.raises(ValueError, match="out of bounds"):
        adjeq.count_doubles(np.zeros((2, 3)), axis=2)
    with pytest.raises(ValueError, match="out of bounds"):
        adjeq.count_doubles(np.zeros((2, 3)), axis=-3)
    with pytest.raises(ValueError, match="out of bounds"):
        adjeq.count_doubles(np.float64(1.0), axis=0)
    with pytest.raises(TypeError):
        adjeq.count_doubles(np.zeros(3), axis=0.0)


def test_strided_buffers_count_in_place():
    # A strided buffer counts like its copy (memoryview(b)[::2] has no bytes()).
    assert adjeq.count_doubles(memoryview(b"aabbcc")[::2]) == 0
    assert adjeq.count_doubles(memoryview(b"aaaabb")[::2]) == 1
    assert adjeq.count_doubles(memoryview(b"abab" * 30_000)[::2]) == 59_999
    assert adjeq.count_doubles(memoryview(b"abcd")[::-1]) == 0


def test_other_types_are_type_errors():
    for obj in (None, 1, 1.5, ["a", "a"], ("a",), {"a": 1}, iter("aa"), object()):
        with pytest.raises(TypeError, match="str or a bytes-like"):
            adjeq.count_doubles(obj)
    with pytest.raises(TypeError):
        adjeq.count_doubles()
    with pytest.raises(TypeError):
        adjeq.count_doubles("aa", "bb")
    with pytest.raises(TypeError):
        adjeq.count_doubles("aa", 0, 1)
    with pytest.raises(TypeError, match="unexpected keyword"):
        adjeq.count_doubles("aa", axes=0)
    with pytest.raises(TypeError, match="format"):
        adjeq.count_doubles(array.array("u", "aa"))
    assert adjeq.count_doubles(array.array("d", [1.0, 1.0])) == 1


def test_buffers_are_released():
    # A buffer still exported would block both of these.
    data = bytearray(b"aabb" * 50_000)
    assert adjeq.count_doubles(data) == 100_000
    data.extend(b"bb")
    mv = memoryview(array.array("u", "ab"))
    with pytest.raises(TypeError):
        adjeq.count_doubles(mv)
    mv.release()
    strided = memoryview(bytearray(b"abcd"))
    assert adjeq.count_doubles(strided[::2]) == 0
    strided.release()


def test_threads_count_in_parallel():
    texts = [random_string(random.Random(i), kind, 300_000, 3)
             for i, kind in enumerate(RANGES)]
    expected = [count_doubles(t) for t in texts]
    results = {}

    def work(i):
        results[i] = [adjeq.count_doubles(texts[i]) for _ in range(20)]

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(texts))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for i, counts in results.items():
        assert counts == [expected[i]] * 20


def test_gil_is_released_for_large_inputs():
    # With a huge switch interval the worker never hands the GIL over on its
    # own, so this thread runs again only when the worker releases it: inside
    # count_doubles (marked by a profile hook) if the module drops the GIL,
    # or only after the worker has finished otherwise.
    data = bytes(16 << 20)
    inside = [False]
    observed = threading.Event()

    def hook(frame, event, arg):
        if arg is adjeq.count_doubles:
            inside[0] = event == "c_call"

    def worker():
        sys.setprofile(hook)
        try:
            for _ in range(100):
                adjeq.count_doubles(data)
                if observed.is_set():
                    break
        finally:
            sys.setprofile(None)

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1000.0)
    try:
        thread = threading.Thread(target=worker)
        thread.start()
        while thread.is_alive() and not observed.is_set():
            if inside[0]:
                observed.set()
        thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert observed.is_set()


def test_kernel_functions():
    names = adjeq.kernels()
    assert isinstance(names, tuple) and "scalar" in names
    assert adjeq.kernel() in names
    for name in names:
        adjeq.set_kernel(name)
        assert adjeq.kernel() == name
    adjeq.reset_kernel()
    assert adjeq.kernel() in names


def test_set_kernel_errors():
    before = adjeq.kernel()
    with pytest.raises(ValueError, match="is not an adjeq kernel.*scalar"):
        adjeq.set_kernel("no-such-kernel")
    with pytest.raises(ValueError, match="not an adjeq kernel"):
        adjeq.set_kernel("SCALAR")
    # A kernel adjeq knows but this host cannot run.
    foreign = "sse2" if "neon" in adjeq.kernels() else "neon"
    with pytest.raises(ValueError, match="cannot run on this CPU"):
        adjeq.set_kernel(foreign)
    with pytest.raises(TypeError):
        adjeq.set_kernel(None)
    with pytest.raises(TypeError):
        adjeq.set_kernel(b"scalar")
    # A NUL would end the C string early; a lone surrogate has no UTF-8.
    with pytest.raises(ValueError, match="not an adjeq kernel"):
        adjeq.set_kernel("scalar\x00junk")
    with pytest.raises(ValueError, match="not an adjeq kernel"):
        adjeq.set_kernel("\udc80")
    assert adjeq.kernel() == before


def test_bools_count_by_truth_value():
    # 0x01 and 0x02 are both True: one double, as a list of bools has.
    raw = bytes([1, 2, 0, 0, 5])
    assert adjeq.count_doubles(memoryview(raw).cast("?")) == 2
    assert adjeq.count_doubles(raw) == 1
    # Past the 64 KiB GIL threshold and the normalising chunk edges.
    big = bytes((i // 3) % 2 * (1 + i % 7) for i in range(200003))
    want = sum((a != 0) == (b != 0) for a, b in zip(big, big[1:]))
    assert adjeq.count_doubles(memoryview(big).cast("?")) == want
    np = pytest.importorskip("numpy")
    arr = np.frombuffer(big, dtype=np.uint8).view(np.bool_)
    assert adjeq.count_doubles(arr) == want
    assert adjeq.count_doubles(np.array([True, True, False])) == 1


def test_environment_variable_forces_a_kernel():
    code = "import adjeq; print(adjeq.kernel(), adjeq.count_doubles('aa\u0100\u0100'))"
    env = dict(os.environ, ADJEQ_KERNEL="scalar")
    out = subprocess.run([sys.executable, "-c", code], env=env, check=True,
                         capture_output=True, text=True).stdout.split()
    assert out == ["scalar", "2"]


def test_version_and_docs():
    assert isinstance(adjeq.__version__, str)
    assert adjeq.__version__.count(".") == 2
    for name in adjeq.__all__:
        assert getattr(adjeq, name).__doc__, name
    assert adjeq.__doc__


def test_stubs_match_the_module():
    import ast
    import inspect
    stub = Path(adjeq._adjeq.__file__).with_name("_adjeq.pyi")
    tree = ast.parse(stub.read_text(encoding="utf-8"))
    stub_functions = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
    public = {n for n in dir(adjeq._adjeq) if not n.startswith("_")}
    assert set(stub_functions) == public == set(adjeq.__all__)
    for name, node in stub_functions.items():
        runtime = [p.name for p in inspect.signature(getattr(adjeq._adjeq, name)).parameters.values()]
        # "__obj" is the older spelling of a positional-only obj.
        stubbed = [a.arg[2:] if a.arg.startswith("__") else a.arg
                   for a in node.args.posonlyargs + node.args.args]
        assert runtime == stubbed, name
    assert any(isinstance(n, ast.AnnAssign) and n.target.id == "__version__"
               for n in tree.body)


def test_stubtest(tmp_path):
    # mypy's stubtest compares the stubs with the runtime modules (signatures
    # from the docstrings' __text_signature__, names, kinds): the extension,
    # the package, adjeq.summary and adjeq.dask (stubtest checks a package's
    # submodules too; adjeq.dask needs dask at run time).
    pytest.importorskip("mypy.stubtest")
    pytest.importorskip("dask")
    module_dir = str(Path(adjeq.__file__).parents[1])
    env = dict(os.environ, MYPYPATH=module_dir, PYTHONPATH=module_dir,
               MYPY_CACHE_DIR=str(tmp_path / "mypy-cache"))
    # dask and numpy ship no stubs: analysing their sources takes mypy about
    # 30 s, and their types only appear as return annotations.
    config = tmp_path / "mypy.ini"
    config.write_text("[mypy]\n[mypy-dask.*]\nfollow_imports = skip\n"
                      "[mypy-numpy.*]\nfollow_imports = skip\n")
    result = subprocess.run([sys.executable, "-m", "mypy.stubtest",
                             "--mypy-config-file", str(config), "adjeq"],
                            env=env, cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
