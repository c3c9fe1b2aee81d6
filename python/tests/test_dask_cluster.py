"""adjeq.dask on a real distributed.LocalCluster (2 worker processes, one
thread each): a 2 GiB file read in byte ranges, as bytes and as UTF-8, and a
chunked array, against adjeq's count of the whole on this machine.

The file repeats a random 1 MiB pattern of ASCII, multi-byte characters and
invalid bytes; the block size is odd, so the cuts fall inside characters.
It is written to ADJEQ_TEST_BIG_DIR (CTest: the build tree) or a temporary
directory, and removed afterwards. About 30 s on 2 cores.
"""
import mmap
import os
import random

import pytest

import adjeq

np = pytest.importorskip("numpy")
da = pytest.importorskip("dask.array")
distributed = pytest.importorskip("distributed")
import adjeq.dask  # noqa: E402

from test_summary import random_utf8  # noqa: E402

PATTERN_BYTES = 1 << 20
FILE_BYTES = 2 << 30


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as c:
        assert len(c.scheduler_info()["workers"]) == 2
        yield c


@pytest.fixture(scope="module")
def big_file(tmp_path_factory):
    directory = os.environ.get("ADJEQ_TEST_BIG_DIR") or tmp_path_factory.mktemp("big")
    path = os.path.join(directory, "adjeq-dask-2GiB.bin")
    pattern = random_utf8(random.Random(9), PATTERN_BYTES)[:PATTERN_BYTES]
    try:
        with open(path, "wb") as f:
            for _ in range(FILE_BYTES // PATTERN_BYTES):
                f.write(pattern)
        yield path
    finally:
        os.unlink(path)


def test_2gib_file_bytes_and_utf8(client, big_file):
    with open(big_file, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as m:
        assert len(m) == FILE_BYTES
        want_bytes = adjeq.count_doubles(m)
        want_utf8 = adjeq.count_doubles_utf8(m)
    blocksize = (64 << 20) + 12345
    got_bytes = adjeq.dask.count_file_doubles(big_file, "bytes", blocksize=blocksize).compute()
    got_utf8 = adjeq.dask.count_file_doubles(big_file, "utf8", blocksize=blocksize).compute()
    assert (got_bytes, got_utf8) == (want_bytes, want_utf8)
    assert want_utf8 > 0 and want_bytes > 0


def test_chunked_array(client):
    from test_numpy import random_values
    a = random_values("f8", (3_000_001,))
    d = random_values("M8[ns]", (1_000_003,))
    for whole, chunks in ((a, 100_003), (d, 77_777), (a.astype(np.float16), 250_000)):
        x = da.from_array(whole, chunks=chunks)
        assert adjeq.dask.count_doubles(x).compute() == adjeq.count_doubles(whole)
