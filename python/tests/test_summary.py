"""adjeq.summary: the mergeable summaries behind adjeq.dask (and Spark, Ray),
without a cluster. Each summary type is a monoid (associative, with an
identity), and summing the summaries of any partition of an input gives the
one-machine count, invalid UTF-8 included.
"""
import pickle
import random

import pytest

import adjeq
from adjeq.summary import ElementSummary, Utf8Summary, total

# Bytes that make UTF-8 hard at a cut: ASCII, the pieces of 2-, 3- and 4-byte
# characters, leads that Table 3-7 restricts (E0, ED, F0, F4), never-valid
# bytes (C0, F5, FF), surrogates (ED A0 80) and characters in full.
PIECES = [b"a", b"b", b"\x80", b"\xbf", b"\xa0", b"\x90", b"\x8f", b"\xc3", b"\xe0",
          b"\xe2", b"\xed", b"\xf0", b"\xf4", b"\xc0", b"\xf5", b"\xff",
          "é".encode(), "€".encode(), "😀".encode(), b"\xed\xa0\x80", b"\xf4\x90\x80\x80",
          b"\xe2\x82", b"\xf0\x9f\x98"]


def random_utf8(r, n):
    return b"".join(r.choice(PIECES) for _ in range(n))


def random_cuts(r, length, parts):
    cuts = sorted(r.randint(0, length) for _ in range(parts - 1))
    return [0] + cuts + [length]


def split(data, cuts):
    return [data[a:b] for a, b in zip(cuts, cuts[1:])]


def test_count_doubles_utf8_is_the_oracle():
    r = random.Random(0)
    for n in range(200):
        data = random_utf8(r, n)
        assert adjeq.count_doubles_utf8(data) == \
            adjeq.count_doubles(data.decode("utf-8", "surrogateescape"))


def test_utf8_any_partition_gives_the_whole_count():
    r = random.Random(1)
    for trial in range(1500):
        data = random_utf8(r, r.randint(0, 60))
        parts = split(data, random_cuts(r, len(data), r.randint(1, 12)))
        whole = adjeq.count_doubles(data.decode("utf-8", "surrogateescape"))
        assert total(Utf8Summary.of(p) for p in parts) == whole, (data, parts)


def test_utf8_summary_of_a_concatenation_is_the_sum():
    # Each byte string has one summary: summary(x) + summary(y) == summary(x + y)
    # for all x, y, which makes + associative.
    r = random.Random(2)
    for _ in range(3000):
        x, y = random_utf8(r, r.randint(0, 12)), random_utf8(r, r.randint(0, 12))
        assert Utf8Summary.of(x) + Utf8Summary.of(y) == Utf8Summary.of(x + y), (x, y)


def test_utf8_monoid_laws():
    r = random.Random(3)
    e = Utf8Summary()
    for _ in range(2000):
        a, b, c = (Utf8Summary.of(random_utf8(r, r.randint(0, 9))) for _ in range(3))
        assert (a + b) + c == a + (b + c)
        assert e + a == a == a + e
    assert e.result() == 0 and e == Utf8Summary.of(b"")


def test_utf8_long_parts_and_large_counts():
    # Parts longer than the edges, so the middle goes to the C kernel.
    r = random.Random(4)
    data = random_utf8(r, 20_000) + "ééé".encode() * 1000 + b"\xff" * 5000
    for parts in (2, 3, 17, 200):
        pieces = split(data, random_cuts(r, len(data), parts))
        assert total(Utf8Summary.of(memoryview(p)) for p in pieces) == \
            adjeq.count_doubles_utf8(data)


def element_inputs(r):
    np = pytest.importorskip("numpy")
    n = r.randint(0, 40)
    floats = np.array([r.choice([0.0, -0.0, 1.0, float("nan")]) for _ in range(n)])
    dates = np.array([r.choice(["NaT", "2020-01-01", "2021-01-01"]) for _ in range(n)],
                     dtype="M8[s]")
    text = "".join(r.choice("ab\u0100") for _ in range(n))
    return [floats, floats.astype(np.float16), dates, text, text.encode(),
            np.array([r.choice([True, False]) for _ in range(n)])]


def test_elements_any_partition_gives_the_whole_count():
    r = random.Random(5)
    for _ in range(300):
        for whole in element_inputs(r):
            parts = split(whole, random_cuts(r, len(whole), r.randint(1, 8)))
            assert total(ElementSummary.of(p) for p in parts) == adjeq.count_doubles(whole)


def test_element_monoid_laws():
    r = random.Random(6)
    e = ElementSummary()
    for _ in range(300):
        for whole in element_inputs(r):
            a, b, c = (ElementSummary.of(p) for p in split(whole, random_cuts(r, len(whole), 3)))
            assert (a + b) + c == a + (b + c)
            assert e + a == a == a + e
            assert a + b + c == ElementSummary.of(whole)
    assert e.result() == 0 and total([]) == 0


def test_summaries_pickle_and_pin_nothing():
    np = pytest.importorskip("numpy")
    block = np.arange(1000.0)
    s = ElementSummary.of(block)
    assert s.first.base is None and s.last.base is None  # copies, not views
    assert pickle.loads(pickle.dumps(s)) == s
    u = Utf8Summary.of("aé€😀".encode() * 10)
    assert pickle.loads(pickle.dumps(u)) == u
    assert pickle.loads(pickle.dumps(Utf8Summary.of(b"\xe2"))) == Utf8Summary.of(b"\xe2")
