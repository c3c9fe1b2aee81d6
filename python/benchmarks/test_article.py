"""The seed article's benchmark ("Speed up your Python using Rust", Bruno
Rocha, 2017), reproduced with adjeq beside the article's Python functions.

The workload and every function but adjeq's are the article's, verbatim (its
Rust and C/SWIG extensions are not rebuilt here). Run it with
    scripts/bench-python.sh
which builds the module and runs this file with pytest-benchmark. Every
benchmark also checks its answer, so `--benchmark-disable` is a quick test.
"""
import itertools
import random
import re
import string

import numpy as np
import pytest

import adjeq


# Python ZIP version
def count_doubles(val):
    total = 0
    # there is an improved version later on this post
    for c1, c2 in zip(val, val[1:]):
        if c1 == c2:
            total += 1
    return total


# Python REGEXP version
double_re = re.compile(r'(?=(.)\1)')

def count_doubles_regex(val):
    return len(double_re.findall(val))


def count_doubles_once(val):
    total = 0
    chars = iter(val)
    c1 = next(chars)
    for c2 in chars:
        if c1 == c2:
            total += 1
        c1 = c2
    return total


def count_doubles_itertools(val):
    c1s, c2s = itertools.tee(val)
    next(c2s, None)
    total = 0
    for c1, c2 in zip(c1s, c2s):
        if c1 == c2:
            total += 1
    return total


def count_double_numpy(val):
    ng=np.fromstring(val,dtype=np.byte)
    return np.sum(ng[:-1]==ng[1:])


def count_doubles_comprehension(val):
    return sum(1 for c1, c2 in zip(val, val[1:]) if c1 == c2)


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
