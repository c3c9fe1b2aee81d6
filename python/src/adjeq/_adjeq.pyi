"""The extension module behind `adjeq` (import adjeq, not this)."""

from collections.abc import Iterable
from typing import Any, SupportsIndex, overload

from _typeshed import ReadableBuffer

__version__: str

# The leading underscores mark obj positional-only in both overloads: mypy
# 1.0's stubtest does not apply "/" to overloads.
@overload
def count_doubles(__obj: str | ReadableBuffer, axis: None = None) -> int:
    """Number of positions i with obj[i] == obj[i + 1] (numpy's == for arrays).

    axis=None counts the input flattened in C order; an integer axis counts
    each lane along it: a numpy int64 array (nested lists without numpy).
    """
@overload
def count_doubles(__obj: str | ReadableBuffer, axis: SupportsIndex) -> Any: ...
def count_doubles_many(items: Iterable[str | ReadableBuffer], /) -> Any:
    """count_doubles(x) for every x in items: a numpy int64 array (a list without numpy)."""

def count_doubles_utf8(data: ReadableBuffer, /) -> int:
    """Doubles among the code points of UTF-8 bytes, invalid bytes one unit each."""

def kernel() -> str:
    """Name of the kernel count_doubles() uses now."""

def kernels() -> tuple[str, ...]:
    """Names of the kernels this CPU and build can run."""

def set_kernel(name: str, /) -> None:
    """Use the named kernel from now on; ValueError if unknown or unsupported."""

def reset_kernel() -> None:
    """Return to the automatic (best) kernel choice."""
