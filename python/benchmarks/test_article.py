"""The seed article's benchmark ("Speed up your Python using Rust", Bruno
Rocha, 2017), reproduced with adjeq beside the article's Python functions.

The workload and every function but adjeq's are the article's, verbatim (its
Rust and C/SWIG extensions are not rebuilt here); the functions live in
python/seed_article.py, shared with the module's tests. Run it with
    scripts/bench-python.sh
which builds the module and runs this file with pytest-benchmark. Every
benchmark also checks its answer, so `--benchmark-disable` is a quick test.

The "many strings" group is not the article's: 1,000,000 strings of 5 to 50
letters, each counted by adjeq.count_doubles in a list comprehension, or all
at once by adjeq.count_doubles_many; pytest-benchmark prints their ratio.
"""
import random
import string

import pytest

import adjeq
from seed_article import (count_double_numpy, count_doubles, count_doubles_comprehension,
                          count_doubles_itertools, count_doubles_once, count_doubles_regex)


# generate 1M of random letters to test it (seeded here, so every run and
# machine measures the same string)
random.seed(2017)
val = ''.join(random.choice(string.ascii_letters) for i in range(1000000))
val_bytes = val.encode()
EXPECTED = count_doubles(val)


@pytest.fixture(autouse=True)
def record_kernel(benchmark):
    benchmark.extra_info["adjeq_kernel"] = adjeq.kernel()


def test_pure_python(benchmark):
    assert benchmark(count_doubles, val) == EXPECTED


def test_pure_python_once(benchmark):
    assert benchmark(count_doubles_once, val) == EXPECTED


def test_itertools(benchmark):
    assert benchmark(count_doubles_itertools, val) == EXPECTED


def test_python_comprehension(benchmark):
    assert benchmark(count_doubles_comprehension, val) == EXPECTED


def test_regex(benchmark):
    assert benchmark(count_doubles_regex, val) == EXPECTED


# numpy deprecated fromstring's binary mode after the article; it still works.
@pytest.mark.filterwarnings("ignore:The binary mode of fromstring:DeprecationWarning")
def test_numpy(benchmark):
    assert benchmark(count_double_numpy, val) == EXPECTED


def test_adjeq_str(benchmark):
    assert benchmark(adjeq.count_doubles, val) == EXPECTED


def test_adjeq_bytes(benchmark):
    assert benchmark(adjeq.count_doubles, val_bytes) == EXPECTED


# Many short strings: slices of the article's string, 5 to 50 letters each.
_rng = random.Random(2026)
many = [val[o:o + n] for o, n in
        ((_rng.randrange(len(val) - 50), _rng.randint(5, 50)) for _ in range(1_000_000))]
MANY_EXPECTED = [adjeq.count_doubles(s) for s in many]
assert MANY_EXPECTED[:1000] == [count_doubles(s) for s in many[:1000]]


def count_many_comprehension(items):
    return [adjeq.count_doubles(s) for s in items]


@pytest.mark.benchmark(group="many strings")
def test_many_list_comprehension(benchmark):
    assert benchmark(count_many_comprehension, many) == MANY_EXPECTED


@pytest.mark.benchmark(group="many strings")
def test_many_adjeq_count_doubles_many(benchmark):
    assert benchmark(adjeq.count_doubles_many, many).tolist() == MANY_EXPECTED
