"""Count adjacent-equal elements ("doubles") at memory speed."""

from _typeshed import ReadableBuffer

__version__: str

def count_doubles(obj: str | ReadableBuffer, /) -> int:
    """Number of positions i with obj[i] == obj[i + 1].

    A str counts code points, read in place from its own storage; a
    C-contiguous buffer of 1-, 2- or 4-byte integers (bytes, bytearray,
    memoryview, array, numpy) counts its items. ValueError for a strided
    buffer, TypeError for anything else.
    """

def kernel() -> str:
    """Name of the kernel count_doubles() uses now."""

def kernels() -> tuple[str, ...]:
    """Names of the kernels this CPU and build can run."""

def set_kernel(name: str, /) -> None:
    """Use the named kernel from now on; ValueError if unknown or unsupported."""

def reset_kernel() -> None:
    """Return to the automatic (best) kernel choice."""
