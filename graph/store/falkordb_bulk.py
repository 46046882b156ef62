"""FalkorDB's bulk insert (`GRAPH.BULK`): new nodes and edges sent as binary tokens, not Cypher.

A first ingest into an empty embedded graph creates every node and edge; through Cypher each edge
is two index lookups (`MATCH (r:Record {id: ...}) MATCH (e:Person {id: ...}) CREATE ...`) and every
value is parsed from the query's text. The bulk command takes the nodes with their properties and
the edges by their endpoints' node ids, which a graph created empty hands out in creation order
(0, 1, 2, ...; `BulkIds` keeps them by key, so an edge is found as Cypher's MATCH would find it).

The token format, as FalkorDB 4.x reads it (src/bulk_insert/bulk_insert.c): a header - the labels
("Record:LibraryItem") or the edge type, NUL-terminated; a 4-byte count of property names and the
names, each NUL-terminated - then one entry per node (its values in the header's order) or per edge
(8-byte source and target node ids, then its values). A value is a type byte and its payload:
0 null (the property is not set, as `SET n = {p: null}` does not set it), 1 bool (one byte),
2 double, 3 string (UTF-8, NUL-terminated), 4 signed 64-bit integer, 5 array (8-byte length, then
its values). A token holds entities whose properties have the same names in the same order, so
every node gets its properties in the order `SET n = row.props` gives them; the engine passes over
its matrices once per token, so a call holds as few as that allows (`by_names`, `EdgeTokens`).
"""

from __future__ import annotations

import struct
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

_LONG = struct.Struct("<q").pack
_DOUBLE = struct.Struct("<d").pack
_ENDS = struct.Struct("<QQ").pack
_COUNT = struct.Struct("<I").pack
TRUE, FALSE, NULL = b"\x01\x01", b"\x01\x00", b"\x00"


class BulkValueError(ValueError):
    """A value the bulk format cannot carry exactly (Cypher would refuse it as a property too)."""


def value(item: Any) -> bytes:
    """One property value in the bulk format."""
    kind = type(item)
    if kind is str:
        data = item.encode()
        if b"\x00" in data:
            raise BulkValueError(f"a text holds a NUL character: {item[:60]!r}")
        return b"\x03" + data + b"\x00"
    if kind is int:
        try:
            return b"\x04" + _LONG(item)
        except struct.error:
            raise BulkValueError(f"an integer beyond 64 bits: {item}") from None
    if kind is float:
        return b"\x02" + _DOUBLE(item)
    if kind is bool:
        return TRUE if item else FALSE
    if item is None:
        return NULL
    if kind is list or kind is tuple:
        if any(v is None or type(v) in (list, tuple) for v in item):  # as Cypher: arrays of primitive values only
            raise BulkValueError(f"an array holding a null or an array ({item!r:.60})")
        return b"\x05" + _LONG(len(item)) + b"".join([value(v) for v in item])
    raise BulkValueError(f"a property value of type {kind.__name__} ({item!r:.60})")


def _header(name: str, keys: tuple[str, ...]) -> bytes:
    return b"".join([name.encode(), b"\x00", _COUNT(len(keys)), *(k.encode() + b"\x00" for k in keys)])


def _values(values: Iterable[Any], parts: list[bytes]) -> int:
    """Append each value's bytes to `parts`; returns how many are set (not null). Texts, the most
    common values, are encoded here without a call per value."""
    count = 0
    append = parts.append
    for item in values:
        if type(item) is str:
            if "\x00" in item:
                raise BulkValueError(f"a text holds a NUL character: {item[:60]!r}")
            append(b"\x03" + item.encode() + b"\x00")
            count += 1
        elif item is None:
            append(NULL)
        else:
            append(value(item))
            count += 1
    return count


def by_names(props: Iterable[dict[str, Any]]) -> dict[tuple[str, ...], list[dict[str, Any]]]:
    """Properties maps grouped by their names in order (one token each); the groups keep the first
    appearance's order, and each group its maps' order."""
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for item in props:
        these = tuple(item)
        group = groups.get(these)
        if group is None:
            groups[these] = [item]
        else:
            group.append(item)
    return groups


def node_tokens(labels: str, groups: dict[tuple[str, ...], list[dict[str, Any]]]) -> tuple[list[bytes], int]:
    """One token per group of `by_names`, creating its nodes in order with `labels` ("A" or "A:B"),
    and how many properties they set (what Cypher's statistics count: the values that are not null)."""
    tokens: list[bytes] = []
    count = 0
    for keys, items in groups.items():
        parts = [_header(labels, keys)]
        for item in items:
            count += _values(item.values(), parts)
        tokens.append(b"".join(parts))
    return tokens, count


class EdgeTokens:
    """Edges gathered for one bulk call, one token per type and property names: how many tokens a
    call holds matters to the engine (each is a pass over its relation matrices), the edges' order
    does not."""

    def __init__(self) -> None:
        self._parts: dict[tuple[str, tuple[str, ...]], list[bytes]] = {}
        self.count = 0
        self.properties = 0
        self.size = 0

    def add(self, edge_type: str, source: int, target: int, props: dict[str, Any] | None) -> None:
        key = (edge_type, tuple(props) if props else ())
        parts = self._parts.get(key)
        if parts is None:
            parts = self._parts[key] = [_header(*key)]
        start = len(parts)
        parts.append(_ENDS(source, target))
        if props:
            self.properties += _values(props.values(), parts)
        self.count += 1
        self.size += sum(len(p) for p in parts[start:])

    def tokens(self) -> list[bytes]:
        return [b"".join(parts) for parts in self._parts.values()]


@dataclass(frozen=True)
class BulkCall:
    """One GRAPH.BULK command: node tokens, edge tokens, how many of each entity and property they create."""

    nodes: list[bytes]
    edges: list[bytes]
    node_count: int
    edge_count: int
    properties: int


class BulkIds:
    """The node ids a bulk load hands out, by label and key: what an edge's MATCH would find.

    Kept compact, since the loader and its aside child each hold all of them (1.55M nodes at 1M
    records; as dicts of key strings, ~130 MB of each process's peak in the write stage): a label's
    keys as sorted 64-bit hashes beside their ids (`_KeyIds`). `hash` is keyed per interpreter,
    and the aside child is forked, so it hashes as its parent does."""

    def __init__(self, first: int = 0) -> None:
        self.next = first
        self._labels: dict[str, _KeyIds] = {}

    def add(self, label: str, keys: list[str]) -> None:
        """Number the nodes about to be created, in creation order (the loader never creates a key
        twice; if it did, edges would go to the first, where a MATCH would find both)."""
        start = self.next
        if keys:
            self._labels.setdefault(label, _KeyIds()).add(keys, start)
        self.next = start + len(keys)

    def lookup(self, label: str, keys: list[str]) -> list[int]:
        """The node id of each key; -1 for a key no node was created with."""
        found = self._labels.get(label)
        return found.lookup(keys) if found is not None else [-1] * len(keys)

    def __len__(self) -> int:
        return sum(len(ids) for ids in self._labels.values())


class _KeyIds:
    """One label's keys -> node ids: segments of (sorted key hashes, ids), merged as they pile up,
    looked up a batch at a time (`numpy.searchsorted`). Two keys with one hash are found as they
    are added; the later key then lives, exactly, in `clashes` (a false hit needs a key that was
    never written whose hash equals a written one's: about one in 10^13 per lookup at 1.55M)."""

    MERGE_AT = 8  # segments before they are merged into one

    def __init__(self) -> None:
        self.segments: list[tuple[np.ndarray, np.ndarray]] = []
        self.clashes: dict[str, int] = {}

    def __len__(self) -> int:
        return sum(len(hashes) for hashes, _ in self.segments) + len(self.clashes)

    def add(self, keys: list[str], start: int) -> None:
        hashes = np.fromiter(map(hash, keys), np.int64, len(keys))
        order = np.argsort(hashes, kind="stable")  # equal hashes stay in creation order
        hashes, ids = hashes[order], order + start
        first = np.ones(len(hashes), bool)  # the first of its hash in this batch
        first[1:] = hashes[1:] != hashes[:-1]
        seen = np.zeros(len(hashes), bool)  # the hash was added before
        for hashes_, _ in self.segments:
            seen |= _found(hashes_, hashes)[0]
        keep = first & ~seen
        if not keep.all():
            for position in np.flatnonzero(~keep).tolist():
                key = keys[order[position]]
                head = keys[order[np.searchsorted(hashes, hashes[position])]]
                # a key repeated in a batch keeps its first id; a hash added in an earlier batch is
                # another key's (the loader never creates a key twice)
                if seen[position] or key != head:
                    self.clashes.setdefault(key, int(ids[position]))
            hashes, ids = hashes[keep], ids[keep]
        if len(hashes):
            self.segments.append((hashes, ids))
        if len(self.segments) >= self.MERGE_AT:
            hashes, ids = np.concatenate([h for h, _ in self.segments]), np.concatenate([i for _, i in self.segments])
            order = np.argsort(hashes)
            self.segments = [(hashes[order], ids[order])]

    def lookup(self, keys: list[str]) -> list[int]:
        hashes = np.fromiter(map(hash, keys), np.int64, len(keys))
        result = np.full(len(keys), -1, np.int64)
        for hashes_, ids in self.segments:
            hit, positions = _found(hashes_, hashes)
            result[hit] = ids[positions[hit]]
        out = result.tolist()
        if self.clashes:
            for index, key in enumerate(keys):
                if key in self.clashes:
                    out[index] = self.clashes[key]
        return out


def _found(sorted_hashes: np.ndarray, hashes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Which of `hashes` are in `sorted_hashes` (not empty), and where."""
    positions = np.searchsorted(sorted_hashes, hashes)
    np.minimum(positions, len(sorted_hashes) - 1, out=positions)
    return sorted_hashes[positions] == hashes, positions
