from ._adjeq import (
    __version__ as __version__,
    count_doubles as count_doubles,
    count_doubles_many as count_doubles_many,
    count_doubles_utf8 as count_doubles_utf8,
    kernel as kernel,
    kernels as kernels,
    reset_kernel as reset_kernel,
    set_kernel as set_kernel,
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
