"""One pass over a graph into flat arrays: the only place the vectorised path touches NetworkX.

Everything after this works on numpy arrays indexed by *node codes* (a node's position in
``G``'s node order), so joins are integer operations rather than dictionary walks.

Walking a million edges allocates a few million small objects; CPython's cyclic collector would
rescan the whole graph (millions of dicts) many times while that happens, which measured as
most of the run on a 1M-tie graph. `no_gc` pauses it for the duration, as `graphsvc.synth` does:
nothing made here forms a cycle.
"""

from __future__ import annotations

import gc
from array import array
from collections import defaultdict
from collections.abc import Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import count
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from graphsvc.errors import BadRequest
from graphsvc.model import Label, RelType
from graphsvc.proximity.values import Coded, code_slowly

__all__ = ["Edges", "GraphArrays", "check_graph", "extract", "no_gc", "read_knows"]

#: Labels in code order; a node with any other label gets code -1.
LABELS: tuple[str, ...] = tuple(label.value for label in Label)
#: The tie types proximity reads, in code order. Only the first `_WITH_DATA` (KNOWS, SUPPORTS,
#: VISITS) have properties proximity reads, so only theirs are kept.
_WANTED = ("KNOWS", "SUPPORTS", "VISITS", "MEMBER_OF", "MEETS_AT", "IN", "INTERESTED_IN")
_WITH_DATA = 3


@contextmanager
def no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector (restoring its state after)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def check_graph(G: object) -> None:
    """Refuse anything that is not a NetworkX MultiDiGraph of the graphsvc shape."""
    if not isinstance(G, nx.MultiDiGraph):
        raise BadRequest(
            "G must be a networkx MultiDiGraph of the graphsvc shape (see graphsvc.graph), "
            f"not {type(G).__name__}"
        )


@dataclass
class Edges:
    """Ties of one type: source and target codes, the property dicts (not copied) of the types
    that have properties proximity reads and, for ``KNOWS``, those properties as `Coded`
    columns (`KNOWS_FIELDS`)."""

    source: np.ndarray
    target: np.ndarray
    data: list[dict[str, Any]] = field(default_factory=list, repr=False)
    fields: dict[str, Coded] = field(default_factory=dict, repr=False)

    def __len__(self) -> int:
        return len(self.source)


@dataclass
class GraphArrays:
    """Nodes as parallel lists by code, and the ties the proximity model reads, by type."""

    ids: list[Hashable]
    label: np.ndarray  # int8 codes into LABELS
    household: np.ndarray  # int64 codes of the household's name; -1: none
    attrs: list[dict[str, Any]] = field(repr=False)
    edges: dict[str, Edges] = field(repr=False)

    def attr(self, name: str) -> list[Any]:
        """One node attribute for every node (None where absent)."""
        return [d.get(name) for d in self.attrs]

    def describe(self, tie: str, i: int) -> str:
        """How to name tie ``i`` of type ``tie`` in an error message."""
        e = self.edges[tie]
        return f"{tie} tie {self.ids[e.source[i]]!r} -> {self.ids[e.target[i]]!r}"


#: The KNOWS properties proximity reads, in the order of `read_knows`.
KNOWS_FIELDS = (
    "kind", "since", "last_contact", "frequency", "mode", "contexts", "gives", "receives"
)  # fmt: skip
#: The KNOWS properties that are lists (read as tuples, so that they hash).
_LISTS = frozenset({"contexts", "gives", "receives"})


def tie_type(key: object, data: dict[str, Any]) -> object:
    """A tie's type: its key in the graphsvc shape, else (integer keys) its ``type``.

    `graphsvc.graph` keys every edge by its type; a graph built with plain ``add_edge`` has
    integer keys and says the type in the ``type`` attribute.
    """
    return key if key.__class__ is str else data.get("type")


def extract(G: nx.MultiDiGraph) -> GraphArrays:
    """The node table and the ties of the types proximity reads, in one walk over ``G``.

    Reads ``G``'s adjacency dicts directly (as NetworkX's own algorithms do): the public views
    wrap every neighbour in a view object, which costs a third again on a big graph. The walk
    does as little per tie as it can: one integer (target and type packed together; sources
    come from a count per node) and, for the three types whose properties are read, the
    property dict. On a freshly built graph of a million ties, about half its time is waiting
    for memory (the ties' dicts lie scattered in the order they were added), so it touches
    each tie's dicts once and no more.
    """
    node_data = G._node  # the node dict, in node order
    ids = list(node_data)
    index = dict(zip(ids, range(len(ids)), strict=True))
    attrs = list(node_data.values())
    label, household = _node_columns(attrs)
    types = {t: i for i, t in enumerate(_WANTED)}
    packed, ends = array("q"), array("q")  # per tie: target code * 8 + type; per node: ties so far
    add, end, type_code = packed.append, ends.append, types.get
    data: tuple[list[dict[str, Any]], ...] = tuple([] for _ in range(_WITH_DATA))
    add_data = tuple(ds.append for ds in data)
    for nbrs in G._adj.values():
        for v, keydict in nbrs.items():
            for k in keydict:  # keys only: a property dict that is not read is never touched
                t = type_code(k)
                if t is None or k.__class__ is not str:  # `tie_type`: a str key is the type
                    if k.__class__ is str:
                        continue  # a type proximity does not read
                    t = type_code(keydict[k].get("type"))  # integer keys: the type property
                    if t is None:
                        continue
                add(index[v] << 3 | t)
                if t < _WITH_DATA:
                    add_data[t](keydict[k])
        end(len(packed))
    tie = np.array(packed, dtype=np.int64)
    kind, target = tie & 7, tie >> 3
    source = np.repeat(np.arange(len(ids)), np.diff(np.array(ends, dtype=np.int64), prepend=0))
    edges = {}
    for t, name in enumerate(_WANTED):
        mine = kind == t
        edges[name] = Edges(source[mine], target[mine], data[t] if t < _WITH_DATA else [])
    edges["KNOWS"].fields = read_knows(edges["KNOWS"].data)
    arrays = GraphArrays(ids=ids, label=label, household=household, attrs=attrs, edges=edges)
    _check_endpoints(arrays)
    return arrays


def _node_columns(attrs: list[dict[str, Any]]) -> tuple[np.ndarray, np.ndarray]:
    """Every node's label code and household code (-1: none), read in one pass."""
    if not attrs:
        return np.zeros(0, dtype=np.int8), np.zeros(0, dtype=np.int64)
    labels, homes = zip(*[(d.get("label"), d.get("household")) for d in attrs], strict=True)
    code = {label: i for i, label in enumerate(LABELS)}
    label = np.array([code.get(x, -1) for x in labels], dtype=np.int8)
    # a household is a name; anything else (None, NaN from a pandas-built graph) is none
    codes, distinct = pd.factorize(pd.Series(homes, dtype=object), use_na_sentinel=True)
    named = np.array([isinstance(h, str) for h in distinct] + [False], dtype=bool)
    return label, np.where(named[codes], codes, -1)


def read_knows(dicts: list[dict[str, Any]]) -> dict[str, Coded]:
    """`KNOWS_FIELDS` of every KNOWS tie as `Coded` columns, in one pass over the ties.

    Each value is coded the moment it is read, while it is still in the CPU's cache, with a
    dict per field that numbers distinct values as they first appear: the one pass over half a
    million scattered dicts is the cost, and a second pass (to factorise later) would pay it
    again. A value that cannot be hashed (a dict, say) sends the read to `code_slowly`.
    """
    maps: list[defaultdict[Any, int]] = [defaultdict(count().__next__) for _ in KNOWS_FIELDS]
    cols = [array("q") for _ in KNOWS_FIELDS]
    m_kind, m_since, m_last, m_freq, m_mode, m_ctx, m_gives, m_recv = maps
    a_kind, a_since, a_last, a_freq, a_mode, a_ctx, a_gives, a_recv = (c.append for c in cols)
    try:
        for d in dicts:  # d.get, not a bound `get`: CPython 3.11 calls it without a method object
            a_kind(m_kind[d.get("kind")])
            a_since(m_since[d.get("since")])
            a_last(m_last[d.get("last_contact")])
            a_freq(m_freq[d.get("frequency")])
            a_mode(m_mode[d.get("mode")])
            x = d.get("contexts")
            a_ctx(m_ctx[tuple(x) if x.__class__ is list else x])
            x = d.get("gives")
            a_gives(m_gives[tuple(x) if x.__class__ is list else x])
            x = d.get("receives")
            a_recv(m_recv[tuple(x) if x.__class__ is list else x])
    except TypeError:  # a value that does not hash: code each field the slow way
        return {
            name: code_slowly(
                tuple(x) if name in _LISTS and x.__class__ is list else x
                for x in (d.get(name) for d in dicts)
            )
            for name in KNOWS_FIELDS
        }
    return {
        name: Coded(np.array(col, dtype=np.int64), list(m))
        for name, col, m in zip(KNOWS_FIELDS, cols, maps, strict=True)
    }


#: Which labels the ties proximity reads must join (the model's ENDPOINTS, for these types).
_ENDS = {
    RelType.KNOWS: (Label.PERSON, Label.PERSON),
    RelType.SUPPORTS: (Label.PAID_WORKER, Label.PERSON),
}


def _check_endpoints(g: GraphArrays) -> None:
    for rel, (src, dst) in _ENDS.items():
        e = g.edges[rel.value]
        bad = (g.label[e.source] != LABELS.index(src)) | (g.label[e.target] != LABELS.index(dst))
        if bad.any():
            i = int(np.argmax(bad))
            raise BadRequest(
                f"{g.describe(rel.value, i)}: a {rel.value} tie must go from a {src.value} "
                f"to a {dst.value}"
            )
