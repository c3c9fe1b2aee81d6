"""adjeq.dask on dask's local (synchronous) scheduler: files in byte ranges
and chunked arrays against the one-machine count. The same graphs on a real
distributed cluster: test_dask_cluster.py.
"""
import random

import pytest

import adjeq

np = pytest.importorskip("numpy")
da = pytest.importorskip("dask.array")
import adjeq.dask  # noqa: E402 (after the skip: it needs dask)

from test_summary import random_utf8  # noqa: E402


def compute(delayed):
    return delayed.compute(scheduler="sync")


def test_file_in_any_block_size(tmp_path):
    r = random.Random(7)
    for trial in range(8):
        data = random_utf8(r, r.randint(0, 300))
        path = tmp_path / f"data{trial}"
        path.write_bytes(data)
        for blocksize in sorted({1, 3, 7, r.randint(1, 64), max(1, len(data))}):
            split_every = r.choice([2, 8])
            got_bytes = compute(adjeq.dask.count_file_doubles(
                str(path), "bytes", blocksize=blocksize, split_every=split_every))
            got_utf8 = compute(adjeq.dask.count_file_doubles(
                str(path), mode="utf8", blocksize=blocksize, split_every=split_every))
            assert got_bytes == adjeq.count_doubles(data), (data, blocksize)
            assert got_utf8 == adjeq.count_doubles_utf8(data), (data, blocksize)


def test_file_errors(tmp_path):
    path = tmp_path / "f"
    path.write_bytes(b"aa")
    with pytest.raises(ValueError, match="mode"):
        adjeq.dask.count_file_doubles(str(path), mode="utf16")
    with pytest.raises(ValueError, match="split_every"):
        adjeq.dask.count_file_doubles(str(path), split_every=1)
    (tmp_path / "g").write_bytes(b"bb")
    with pytest.raises(ValueError, match="2 files"):
        adjeq.dask.count_file_doubles(str(tmp_path / "*"))


@pytest.mark.parametrize("dtype", ["u1", "i8", "f2", "f8", "c16", "?", "M8[ns]", ">f4"])
def test_array_in_any_chunks(dtype):
    from test_numpy import random_values
    a = random_values(dtype, (997,))
    r = random.Random(8)
    for _ in range(6):
        chunks, left = [], len(a)
        while left:
            chunks.append(min(left, r.choice([1, 2, 3, 50, 400])))
            left -= chunks[-1]
        x = da.from_array(a, chunks=(tuple(chunks),))
        assert compute(adjeq.dask.count_doubles(x, split_every=r.choice([2, 3, 8]))) == \
            adjeq.count_doubles(a)
    assert compute(adjeq.dask.count_doubles(da.from_array(a[:0]))) == 0


def test_array_errors():
    with pytest.raises(ValueError, match="1-D"):
        adjeq.dask.count_doubles(da.zeros((4, 4), chunks=2))
