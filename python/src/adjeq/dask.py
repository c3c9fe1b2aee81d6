"""Counts over Dask collections: each block is summarized where it lives
(adjeq.summary) and the summaries are added up in a tree, so the answer is
the one-machine count for any chunking or block size.

    import adjeq.dask
    adjeq.dask.count_doubles(x).compute()               # 1-D dask.array
    adjeq.dask.count_file_doubles(path, "utf8").compute()

Both return a dask Delayed; compute() runs it on the current scheduler (a
distributed Client, if one is active).
"""
from functools import reduce
import operator

import dask
from dask.bytes import read_bytes

from .summary import ElementSummary, Utf8Summary

__all__ = ["count_doubles", "count_file_doubles"]


def _merge(summaries):
    return reduce(operator.add, summaries)


def _result(summary):
    return summary.result()


def _tree_total(parts, identity, split_every):
    """A Delayed of the count: the summaries merged split_every at a time, in order."""
    if split_every < 2:
        raise ValueError(f"split_every must be 2 or more, not {split_every!r}")
    level = list(parts) or [dask.delayed(identity)]
    while len(level) > 1:
        level = [dask.delayed(_merge, pure=True)(level[i:i + split_every])
                 for i in range(0, len(level), split_every)]
    return dask.delayed(_result, pure=True)(level[0])


def count_doubles(x, split_every=8):
    """Delayed count of doubles in the 1-D dask array x, as
    adjeq.count_doubles(x.compute()) counts them (numpy's ==: NaN and NaT
    equal nothing), whatever the chunks."""
    if x.ndim != 1:
        raise ValueError(f"adjeq.dask.count_doubles() takes a 1-D dask array, not {x.ndim}-D")
    parts = [dask.delayed(ElementSummary.of, pure=True)(block)
             for block in x.to_delayed().ravel()]
    return _tree_total(parts, ElementSummary(), split_every)


_MODES = {"bytes": ElementSummary, "utf8": Utf8Summary}


def count_file_doubles(urlpath, mode="bytes", blocksize=64 * 2**20, split_every=8,
                       **storage_options):
    """Delayed count of doubles in one file read in byte ranges of blocksize
    (dask.bytes.read_bytes: local paths, or any fsspec URL every worker can
    read). mode "bytes": adjacent equal bytes (adjeq.count_doubles on the
    whole file). mode "utf8": code points (adjeq.count_doubles_utf8 on the
    whole file): a character split between ranges counts once, and invalid
    bytes count as one unit each exactly as on one machine."""
    try:
        summarize = _MODES[mode].of
    except KeyError:
        raise ValueError(f"mode must be 'bytes' or 'utf8', not {mode!r}") from None
    _, blocks = read_bytes(urlpath, delimiter=None, blocksize=blocksize, sample=False,
                           **storage_options)
    if len(blocks) != 1:
        raise ValueError(f"{urlpath!r} names {len(blocks)} files; count one at a time")
    parts = [dask.delayed(summarize, pure=True)(block) for block in blocks[0]]
    return _tree_total(parts, _MODES[mode](), split_every)
