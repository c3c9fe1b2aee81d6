from typing import Any, Literal

from dask.delayed import Delayed

__all__ = ["count_doubles", "count_file_doubles"]

def count_doubles(x: Any, split_every: int = 8) -> Delayed: ...
def count_file_doubles(urlpath: str, mode: Literal["bytes", "utf8"] = "bytes",
                       blocksize: int | str = 67108864, split_every: int = 8,
                       **storage_options: Any) -> Delayed: ...
