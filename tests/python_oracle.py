#!/usr/bin/env python3
"""Checks adjeq_count_utf8 and adjeq_count_utf16 against Python's own
decoders, an oracle written independently of adjeq: the count must equal the
doubles in data.decode("utf-8", "surrogateescape") (or "utf-16" with
"surrogatepass", in the target's byte order), valid and invalid input alike.

usage: python_oracle.py [--byte-order little|big] [EMULATOR...] TEST_MODES
                        oracle|oracle16 KERNEL
--byte-order is the target's (default: this interpreter's, right only for
native builds; a cross build under an emulator may differ, e.g. s390x).
Feeds random inputs (hex, one per line) to `test_modes oracle KERNEL`, which
prints one count per line. Standard library only."""
import random
import subprocess
import sys


BYTE_ORDER = sys.byteorder
if sys.argv[1:2] == ["--byte-order"]:
    BYTE_ORDER = sys.argv[2]
    del sys.argv[1:3]
UTF16 = "utf-16-le" if BYTE_ORDER == "little" else "utf-16-be"


def doubles(data, utf16):
    if utf16:
        s = data.decode(UTF16, "surrogatepass")
    else:
        s = data.decode("utf-8", "surrogateescape")
    return sum(s[i] == s[i + 1] for i in range(len(s) - 1))


def inputs16(rng, count):
    # Elements from the edges of the surrogate ranges, pairs and lone halves.
    edge = [0x61, 0x62, 0x00, 0xD7FF, 0xD800, 0xD83D, 0xDBFF, 0xDC00, 0xDE00,
            0xDE01, 0xDFFF, 0xE000, 0xFFFF]
    for _ in range(count):
        units = [rng.choice(edge) for _ in range(rng.randrange(0, 120))]
        yield b"".join(u.to_bytes(2, BYTE_ORDER) for u in units)


def inputs(rng, count):
    # Bytes the validity rules tell apart, so random strings hit every edge.
    edge = [0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2,
            0xDF, 0xE0, 0xE1, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF]
    pieces = [c.encode() for c in "a\u00e9\u20ac\u0820\U0001F600\U0010FFFF\u07ff\ud7ff\uffff"]
    pieces += [b"\x80", b"\xc3", b"\xe2", b"\xf0", b"\xe2\x82", b"\xed\xa0\x80",
               b"\xf0\x9f\x98", b"\xf4\x90\x80\x80", b"\xff"]
    for trial in range(count):
        n = rng.randrange(0, 200)
        kind = trial % 3
        if kind == 0:
            yield bytes(rng.choice(edge) for _ in range(n))
        elif kind == 1:
            yield bytes(rng.randrange(256) for _ in range(n))
        else:
            yield b"".join(rng.choice(pieces) * rng.choice([1, 1, 2, 3])
                           for _ in range(n // 3))


def main():
    utf16 = sys.argv[-2] == "oracle16"
    rng = random.Random(6)
    cases = list(inputs16(rng, 8000) if utf16 else inputs(rng, 8000))
    proc = subprocess.run(sys.argv[1:], input="".join(c.hex() + "\n" for c in cases),
                          capture_output=True, text=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout + proc.stderr)
        return proc.returncode  # 77: kernel not supported here (skipped)
    got = proc.stdout.split()
    if len(got) != len(cases):
        print(f"expected {len(cases)} counts, got {len(got)}")
        return 1
    bad = [(c, int(g), doubles(c, utf16)) for c, g in zip(cases, got)
           if int(g) != doubles(c, utf16)]
    for c, g, want in bad[:10]:
        print(f"input {c.hex()}: adjeq {g}, Python {want}")
    print(f"{sys.argv[-2]} {sys.argv[-1]}: {len(cases)} inputs, {len(bad)} mismatches")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
