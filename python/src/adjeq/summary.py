"""Mergeable summaries of a count of doubles, for counting one input in parts.

Split an input anywhere (byte ranges of a file, chunks of an array), make a
summary of each part where the part lives, and add the summaries up in input
order: ``(a + b).result()`` is the count of the concatenation, ``+`` is
associative and the empty summary is its identity, so any grouping of the
additions (a tree reduction, a fold per worker) gives the one-machine count.
A summary holds a count and the few edge elements that pairs across a cut
need; it is small and picklable. Needs no numpy, except for numpy parts.

ElementSummary: elements as count_doubles() compares them (str, bytes-like,
1-D numpy arrays). Utf8Summary: code points of UTF-8 bytes, as
count_doubles_utf8() counts them, with characters split between parts.
"""
from functools import reduce
import operator

from ._adjeq import count_doubles, count_doubles_utf8

__all__ = ["ElementSummary", "Utf8Summary", "total"]


def _edge(part, index):
    """A copy of part[index] (a slice of one element) that pins nothing."""
    edge = part[index]
    if isinstance(edge, (bytes, str)):
        return edge
    if isinstance(edge, (bytearray, memoryview)) and getattr(edge, "format", "B") == "B":
        return bytes(edge)
    if hasattr(edge, "copy"):  # numpy: a view would keep the whole part alive
        return edge.copy()
    import numpy
    return numpy.array(edge)


def _edge_key(edge):
    if isinstance(edge, (bytes, str)) or edge is None:
        return edge
    return (edge.dtype.str, edge.tobytes())


class ElementSummary:
    """count, first element, last element of a part; ElementSummary() is the identity."""

    __slots__ = ("count", "first", "last")

    def __init__(self, count=0, first=None, last=None):
        self.count = count
        self.first = first  # part[:1] (None for the empty part)
        self.last = last    # part[-1:]

    @classmethod
    def of(cls, part):
        if len(part) == 0:
            return cls()
        return cls(count_doubles(part), _edge(part, slice(0, 1)), _edge(part, slice(-1, None)))

    def __add__(self, other):
        if not isinstance(other, ElementSummary):
            return NotImplemented
        if self.first is None:
            return other
        if other.first is None:
            return self
        if isinstance(self.last, (bytes, str)) and type(self.last) is type(other.first):
            pair = self.last + other.first
        else:
            import numpy
            pair = numpy.concatenate((self.last, other.first))
        # The pair is counted as count_doubles() counts: NaN, NaT, -0.0 alike.
        return ElementSummary(self.count + other.count + count_doubles(pair),
                              self.first, other.last)

    def result(self):
        return self.count

    def __eq__(self, other):
        if not isinstance(other, ElementSummary):
            return NotImplemented
        return (self.count, _edge_key(self.first), _edge_key(self.last)) == \
            (other.count, _edge_key(other.first), _edge_key(other.last))

    def __reduce__(self):
        return (ElementSummary, (self.count, self.first, self.last))

    def __repr__(self):
        return f"ElementSummary({self.count!r}, {self.first!r}, {self.last!r})"


# UTF-8 as adjeq_count_utf8 cuts it: each unit is a well-formed character
# (Unicode Table 3-7) or else a single byte; units are equal iff their bytes
# are. Every byte that is not a continuation byte starts a unit, and so does
# the fourth of four continuation bytes (no character has more than three):
# so a part's units are known from its first few bytes on, whatever precedes
# it, and only its last three bytes can depend on what follows.

_SECOND_BYTE = {0xE0: (0xA0, 0xBF), 0xED: (0x80, 0x9F), 0xF0: (0x90, 0xBF), 0xF4: (0x80, 0x8F)}


def _unit_at(data, p):
    """(length, complete) of the unit at data[p]. complete is False when
    data ends inside what is so far a well-formed character: then the unit
    depends on the bytes that follow (at the end of the text it is one stray
    byte, and so is its length here)."""
    b = data[p]
    if b < 0x80:
        return 1, True
    if 0xC2 <= b <= 0xDF:
        k = 2
    elif 0xE0 <= b <= 0xEF:
        k = 3
    elif 0xF0 <= b <= 0xF4:
        k = 4
    else:
        return 1, True  # a continuation byte or a byte never valid: stray
    lo, hi = _SECOND_BYTE.get(b, (0x80, 0xBF))
    for i in range(1, k):
        if p + i >= len(data):
            return 1, False
        c = data[p + i]
        if not (lo <= c <= hi if i == 1 else 0x80 <= c <= 0xBF):
            return 1, True
    return k, True


def _units(data):
    """The units of data as a text of its own."""
    out, p = [], 0
    while p < len(data):
        k, _ = _unit_at(data, p)
        out.append(bytes(data[p:p + k]))
        p += k
    return out


def _pairs(units):
    return sum(a == b for a, b in zip(units, units[1:]))


def _is_continuation(b):
    return 0x80 <= b <= 0xBF


def _sync(data, p, limit=None):
    """The first position from p that starts a unit in every context."""
    end = min(p + 3, len(data) if limit is None else limit)
    while p < end and _is_continuation(data[p]):
        p += 1
    return p


class Utf8Summary:
    """A part of UTF-8 bytes: head (up to 3 continuation bytes a character
    from the part before may absorb), first and last unit the part decides
    on its own and the doubles between them, tail (up to 3 bytes a character
    may still grow from). A part too short to decide any unit is kept as raw
    bytes (at most 6). Utf8Summary() is the identity. Each part has exactly
    one summary, so summaries compare with ==."""

    __slots__ = ("raw", "head", "first", "count", "last", "tail")

    def __init__(self, raw=b"", head=b"", first=b"", count=0, last=b"", tail=b""):
        self.raw = raw  # None once the part decides a unit
        self.head, self.first, self.count = head, first, count
        self.last, self.tail = last, tail

    @classmethod
    def of(cls, data):
        data = memoryview(data).cast("B")  # any bytes-like, no copy
        n = len(data)
        q = _sync(data, 0)
        if q + 4 > n:
            return cls(raw=bytes(data))
        # Units from q on are the same in every context; those starting
        # before n - 3 end inside the part. Parse only the last few.
        p = q if q >= n - 11 else _sync(data, n - 11)
        last = None
        while p <= n - 4:
            k, _ = _unit_at(data, p)
            last = bytes(data[p:p + k])
            p += k
        k, _ = _unit_at(data, q)
        return cls(None, bytes(data[:q]), bytes(data[q:q + k]),
                   count_doubles_utf8(data[q:p]), last, bytes(data[p:]))

    def __add__(self, other):
        if not isinstance(other, Utf8Summary):
            return NotImplemented
        a, b = self, other
        if a.raw is not None and b.raw is not None:
            return Utf8Summary.of(a.raw + b.raw)
        if a.raw is not None:
            # The raw bytes and b's head end where b's first unit starts,
            # which starts a unit in every context.
            joined = a.raw + b.head
            q = _sync(joined, 0, len(joined))
            seq = _units(joined[q:]) + [b.first]
            return Utf8Summary(None, joined[:q], seq[0], b.count + _pairs(seq), b.last, b.tail)
        if b.raw is not None:
            joined = a.tail + b.raw
            seq, p = [a.last], 0
            while p <= len(joined) - 4:
                k, _ = _unit_at(joined, p)
                seq.append(joined[p:p + k])
                p += k
            return Utf8Summary(None, a.head, a.first, a.count + _pairs(seq), seq[-1], joined[p:])
        # a's tail starts a unit and b's first unit starts one: the bytes
        # between them parse on their own.
        seq = [a.last] + _units(a.tail + b.head) + [b.first]
        return Utf8Summary(None, a.head, a.first, a.count + b.count + _pairs(seq), b.last, b.tail)

    def result(self):
        """The count of the part as a whole text."""
        if self.raw is not None:
            return count_doubles_utf8(self.raw)
        return (self.count + _pairs(_units(self.head) + [self.first])
                + _pairs([self.last] + _units(self.tail)))

    def __eq__(self, other):
        if not isinstance(other, Utf8Summary):
            return NotImplemented
        return all(getattr(self, f) == getattr(other, f) for f in self.__slots__)

    def __reduce__(self):
        return (Utf8Summary, tuple(getattr(self, f) for f in self.__slots__))

    def __repr__(self):
        fields = ", ".join(f"{f}={getattr(self, f)!r}" for f in self.__slots__)
        return f"Utf8Summary({fields})"


def total(summaries, identity=None):
    """The count of the concatenated parts, from their summaries in order."""
    summaries = list(summaries)
    if identity is None:
        identity = type(summaries[0])() if summaries else ElementSummary()
    return reduce(operator.add, summaries, identity).result()
