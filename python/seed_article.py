"""The seed article's pure-Python functions ("Speed up your Python using
Rust", Bruno Rocha, 2017), verbatim: the reference the module's tests check
adjeq against (python/tests/test_module.py) and the baselines the article's
benchmark measures (python/benchmarks/test_article.py). One copy, so the
reference and the baselines cannot drift apart.
"""
import itertools
import re

try:
    import numpy as np
except ImportError:  # only count_double_numpy needs it; the module's tests do not
    np = None


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
