"""Count adjacent-equal elements ("doubles") at memory speed.

count_doubles(x) gives the number of positions i with x[i] == x[i + 1] in a
str (code points, read from the string's own storage), a bytes-like object or
a numpy array (numpy's ==, optionally per lane along an axis), using the
fastest SIMD kernel this CPU supports (see kernel()). count_doubles_many()
counts many strings in one call; adjeq.summary and adjeq.dask split one count
over many machines.
"""
from ._adjeq import (
    __version__,
    count_doubles,
    count_doubles_many,
    count_doubles_utf8,
    kernel,
    kernels,
    reset_kernel,
    set_kernel,
)

__all__ = [
    "count_doubles",
    "count_doubles_many",
    "count_doubles_utf8",
    "kernel",
    "kernels",
    "reset_kernel",
    "set_kernel",
]
