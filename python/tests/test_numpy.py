"""count_doubles on numpy arrays against numpy's own ==: every numeric dtype,
every axis, C order, Fortran order and sliced views, and count_doubles_many.

Run from CTest (label `python`), or by hand with the built package on the path:
    PYTHONPATH=<build>/python /usr/bin/python3 -m pytest python/tests/test_numpy.py
"""
import os
import subprocess
import sys
import threading
import time

import pytest

import adjeq

np = pytest.importorskip("numpy")

rng = np.random.default_rng(2017)


def reference(a, axis=None):
    """numpy's count: np.count_nonzero(a[1:] == a[:-1]) along axis."""
    if axis is None:
        f = a.ravel(order="C")
        return int(np.count_nonzero(f[1:] == f[:-1]))
    a = np.moveaxis(a, axis, -1)
    return np.count_nonzero(a[..., 1:] == a[..., :-1], axis=-1)


def random_values(dtype, shape):
    """Few distinct values (so doubles are common), with NaN, -0.0, +0.0,
    infinities or NaT mixed in where the dtype has them."""
    dtype = np.dtype(dtype)
    size = int(np.prod(shape))
    if dtype.kind == "b":
        return rng.integers(0, 2, size).astype(bool).reshape(shape)
    if dtype.kind in "iu":
        info = np.iinfo(dtype)
        pool = np.array([0, 1, info.min, info.max], dtype=dtype)
    elif dtype.kind in "fc":
        real = [0.0, -0.0, 1.5, np.nan, -np.nan, np.inf, -np.inf]
        if dtype.kind == "c":  # NaN, -0.0 and the rest in either part
            real = [complex(re, im) for re in real for im in real[:4]]
        pool = np.array(real, dtype=dtype)
    else:  # datetime64, timedelta64
        pool = np.array([0, 1, 1 << 40, -(1 << 62), "NaT"], dtype=dtype) \
            if dtype.kind == "m" else \
            np.array(["2020-01-01", "1970-01-01", "NaT", "2262-04-11"], dtype=dtype)
    return pool[rng.integers(0, len(pool), size)].reshape(shape)


DTYPES = ["i1", "u1", "i2", "u2", "i4", "u4", "i8", "u8", "f2", "f4", "f8",
          np.longdouble, "c8", "c16", np.clongdouble, "?", "M8[ns]", "M8[D]",
          "m8[s]", "m8[ns]",
          # the other byte order, where it matters and where it does not
          ">f2", ">f4", ">f8", ">c8", ">c16", ">M8[ns]", ">m8[s]", ">i2", ">u8",
          "<f8", "<i4"]


def layouts(a):
    """a, its Fortran-order copy, and strided views of it."""
    yield "C", a
    yield "F", np.asfortranarray(a)
    if a.ndim >= 2:
        yield "sliced", a[::2, 1::3]
        yield "transposed", a.T
    yield "reversed", a[::-1]
    yield "every 3rd", a[::3]


@pytest.mark.parametrize("dtype", DTYPES, ids=str)
def test_every_dtype_axis_and_layout(dtype):
    for shape in [(0,), (1,), (2,), (37,), (5, 0), (0, 4), (4, 5), (7, 6, 5), (2, 3, 4, 3)]:
        base = random_values(dtype, shape)
        for layout, a in layouts(base):
            where = (np.dtype(dtype).str, shape, layout)
            got = adjeq.count_doubles(a)
            assert type(got) is int and got == reference(a), where
            for axis in list(range(a.ndim)) + list(range(-a.ndim, 0)):
                got = adjeq.count_doubles(a, axis=axis)
                want = reference(a, axis)
                if a.ndim == 1:  # a numpy scalar, as numpy's reductions give
                    assert isinstance(got, np.int64) and got == want, (where, axis)
                else:
                    assert isinstance(got, np.ndarray), (where, axis)
                    assert got.dtype == np.int64 and got.shape == want.shape, (where, axis)
                    assert (got == want).all(), (where, axis)


@pytest.mark.parametrize("dtype", ["u1", "f2", "f8", ">f8", "c16", np.clongdouble, "M8[ns]", "?"], ids=str)
def test_long_strided_lanes(dtype):
    # Lanes longer than the 64 KiB scratch buffer are copied in chunks; the
    # pairs across chunk edges must count once. Large enough to release the GIL.
    base = random_values(dtype, (40_003, 3))
    for a in (base, np.asfortranarray(base), base[::-1, ::2]):
        assert adjeq.count_doubles(a) == reference(a)
        for axis in (0, 1, -1):
            assert (adjeq.count_doubles(a, axis=axis) == reference(a, axis)).all()
    flat = base.ravel()
    for view in (flat[::2], flat[::-3], flat[1::7]):
        assert adjeq.count_doubles(view) == reference(view)


@pytest.mark.parametrize("dtype", ["u1", "f2", "f8", ">f8", "c16", np.clongdouble, "M8[ns]", "?"], ids=str)
def test_per_lane_counts_of_wide_c_arrays(dtype):
    # Lanes along a strided axis whose neighbours along the contiguous last
    # axis are copied together: groups of up to 256 bytes of a row, with a
    # smaller last group, and lanes longer than one scratch chunk.
    for shape in [(600, 700), (300, 75), (2, 400, 9)]:
        base = random_values(dtype, shape)
        for a in (base, base[::2], base[1::3, ...], base[::-1]):
            for axis in range(a.ndim - 1):
                got = adjeq.count_doubles(a, axis=axis)
                assert (got == reference(a, axis)).all(), (shape, axis)


def test_float16_every_bit_pattern():
    # IEEE binary16 equality: every NaN payload unequal to everything (itself
    # included), -0 == +0. Each pattern next to itself, to its neighbours and
    # to random others.
    bits = np.arange(1 << 16, dtype=np.uint16)
    for arr in (np.repeat(bits, 2), bits, rng.permutation(np.repeat(bits, 3))):
        h = arr.view(np.float16)
        assert adjeq.count_doubles(h) == reference(h)
    assert adjeq.count_doubles(np.array([0.0, -0.0, 0.0], dtype=np.float16)) == 2
    assert adjeq.count_doubles(np.array([np.nan] * 4, dtype=np.float16)) == 0
    # Two NaNs with equal bits, at both parities of the normalising chunk.
    for start in (0, 1, 8191, 8192):
        h = np.zeros(9000, dtype=np.float16)
        h[start:start + 2] = np.nan
        assert adjeq.count_doubles(h) == reference(h) == 9000 - 1 - 3 + (start == 0)


def test_datetime_nat_never_equal():
    d = np.array(["NaT", "NaT", "2020-01-01", "2020-01-01", "NaT"], dtype="M8[s]")
    assert adjeq.count_doubles(d) == 1
    assert adjeq.count_doubles(d.astype(">M8[s]")) == 1
    # NaT's bits are INT64_MIN: as plain int64 the same data has 2 doubles.
    assert adjeq.count_doubles(d.view("i8")) == 2
    t = np.array([1, 1, "NaT", "NaT"], dtype="m8[ms]")
    assert adjeq.count_doubles(t) == 1
    assert adjeq.count_doubles(np.full(100_000, "NaT", dtype="M8[ns]")) == 0


def test_complex_parts_compare_separately():
    c = np.array([1 + 2j, 1 + 2j, 1 - 2j, complex(0.0, -0.0), complex(-0.0, 0.0),
                  complex(np.nan, 1), complex(np.nan, 1), complex(1, np.nan)])
    assert adjeq.count_doubles(c) == reference(c) == 2
    assert adjeq.count_doubles(c.astype(np.complex64)) == 2


def test_long_double_in_the_other_byte_order_is_refused():
    # numpy exports no buffer for it (adjeq would raise TypeError for one).
    for dtype in (np.longdouble, np.clongdouble):
        swapped = np.zeros(3, dtype=np.dtype(dtype).newbyteorder())
        with pytest.raises(ValueError, match="non-native byte order"):
            adjeq.count_doubles(swapped)


def test_results_are_numpy_int64_without_copies():
    a = np.ones((3, 4), dtype=np.uint8)
    out = adjeq.count_doubles(a, axis=1)
    assert out.tolist() == [3, 3, 3] and out.flags.c_contiguous and out.flags.writeable
    assert adjeq.count_doubles(a, axis=0).tolist() == [2, 2, 2, 2]
    assert adjeq.count_doubles(a, axis=np.int64(-1)).tolist() == [3, 3, 3]
    assert adjeq.count_doubles(np.float64(2.0)) == 0  # a 0-d buffer
    assert adjeq.count_doubles(b"aab", axis=0) == 1
    assert adjeq.count_doubles("aab", axis=-1) == 1


def test_without_numpy_results_are_lists():
    # numpy is optional: the import fails, the results are nested lists.
    code = (
        "import sys; sys.modules['numpy'] = None\n"
        "import array, adjeq\n"
        "a = memoryview(bytes([1, 1, 2, 2, 2, 3])).cast('B', (2, 3))\n"
        "print(adjeq.count_doubles(a, axis=1), adjeq.count_doubles(a, axis=0),\n"
        "      adjeq.count_doubles(a), adjeq.count_doubles('aa', axis=0),\n"
        "      adjeq.count_doubles_many([]),\n"
        "      adjeq.count_doubles_many(['aa', b'bbb', bytearray(b'c'), array.array('H', [7, 7])]),\n"
        "      sep='|')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                         text=True).stdout.split("|")
    assert out == ["[1, 1]", "[0, 0, 0]", "3", "1", "[]", "[1, 2, 0, 1]\n"]


def random_items(seed, count):
    r = np.random.default_rng(seed)
    alphabets = ["ab", "é\xff", "\u0100\u4141", "\U00010000😀", "abc\udc80"]
    items = []
    for i in range(count):
        letters = alphabets[i % len(alphabets)]
        s = "".join(r.choice(list(letters), int(r.integers(0, 60))))
        items.append(s if i % 3 else s.encode("utf-8", "surrogatepass"))
    return items


def test_count_doubles_many_matches_count_doubles():
    items = random_items(1, 5000)
    items += [bytearray(b"xxy"), memoryview(b"aabb"), np.array([1.0, 1.0, np.nan, np.nan]),
              np.array(["NaT", "NaT"], dtype="M8[s]"), np.arange(12).reshape(3, 4)[:, ::2],
              "", b"", type("Text", (str,), {})("zz")]
    want = [adjeq.count_doubles(x) for x in items]
    got = adjeq.count_doubles_many(items)
    assert isinstance(got, np.ndarray) and got.dtype == np.int64
    assert got.tolist() == want
    # Any iterable, once: a generator, a tuple.
    assert adjeq.count_doubles_many(x for x in items).tolist() == want
    assert adjeq.count_doubles_many(tuple(items)).tolist() == want
    assert adjeq.count_doubles_many([]).tolist() == []


def test_count_doubles_many_errors():
    with pytest.raises(TypeError, match="item 2 is 'int'"):
        adjeq.count_doubles_many(["aa", b"bb", 3])
    with pytest.raises(TypeError):
        adjeq.count_doubles_many(5)
    with pytest.raises(TypeError, match="format"):
        adjeq.count_doubles_many(["aa", np.zeros(2, dtype=object)])


def released_gil_during(func, *args, **kwargs):
    """True if func(*args, **kwargs) lets this thread run while it is inside
    the C function (see test_module.test_gil_is_released_for_large_inputs)."""
    inside = [False]
    observed = threading.Event()

    def hook(frame, event, arg):
        if arg is func:
            inside[0] = event == "c_call"

    def worker():
        sys.setprofile(hook)
        try:
            for _ in range(50):
                func(*args, **kwargs)
                if observed.is_set():
                    break
        finally:
            sys.setprofile(None)

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1000.0)
    try:
        thread = threading.Thread(target=worker)
        thread.start()
        # The deadline turns a GIL that is never handed over into a failure
        # rather than a hang (this thread would keep it for the interval).
        deadline = time.monotonic() + 20
        while thread.is_alive() and not observed.is_set() and time.monotonic() < deadline:
            if inside[0]:
                observed.set()
        thread.join()
    finally:
        sys.setswitchinterval(interval)
    return observed.is_set()


def test_gil_is_released_for_many_items_and_lanes():
    items = ["ab" * 20] * 400_000
    assert released_gil_during(adjeq.count_doubles_many, items)
    a = np.zeros((2000, 2000), dtype=np.float32)
    assert released_gil_during(adjeq.count_doubles, a, axis=0)
    assert released_gil_during(adjeq.count_doubles, a[:, ::2])


def test_count_doubles_utf8():
    cases = [b"", b"a", "éé".encode(), b"\xff\xff", b"\xc3\xc3\xa9", "😀😀".encode(),
             b"\xed\xa0\x80\xed\xa0\x80", b"\xf0\x9f\x98", b"\xf0\x9f\x98\xf0\x9f\x98"]
    r = np.random.default_rng(3)
    cases += [bytes(r.choice([0x41, 0x80, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0xff], n))
              for n in range(0, 300, 7)]
    for data in cases:
        want = adjeq.count_doubles(data.decode("utf-8", "surrogateescape"))
        assert adjeq.count_doubles_utf8(data) == want, data
        assert adjeq.count_doubles_utf8(memoryview(bytearray(data))) == want
    with pytest.raises(TypeError, match="already decoded"):
        adjeq.count_doubles_utf8("aa")
    with pytest.raises(BufferError):
        adjeq.count_doubles_utf8(memoryview(b"aabb")[::2])
