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
from collections.abc import Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np

from graphsvc.errors import BadRequest
from graphsvc.model import Label, RelType

__all__ = ["GraphArrays", "check_graph", "extract", "no_gc"]

#: Labels in code order; a node with any other label gets code -1.
LABELS: tuple[str, ...] = tuple(label.value for label in Label)
_WANTED = ("KNOWS", "SUPPORTS", "VISITS", "MEMBER_OF", "MEETS_AT", "IN", "INTERESTED_IN")


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
    """Ties of one type: source and target codes, the property dicts (not copied) and, for
    ``KNOWS``, the properties proximity reads as one tuple per tie (`KNOWS_FIELDS`)."""

    source: np.ndarray
    target: np.ndarray
    data: list[dict[str, Any]] = field(repr=False)
    rows: list[tuple[Any, ...]] = field(default_factory=list, repr=False)

    def __len__(self) -> int:
        return len(self.data)


@dataclass
class GraphArrays:
    """Nodes as parallel lists by code, and the ties the proximity model reads, by type."""

    ids: list[Hashable]
    label: np.ndarray  # int8 codes into LABELS
    attrs: list[dict[str, Any]] = field(repr=False)
    edges: dict[str, Edges] = field(repr=False)

    def attr(self, name: str) -> list[Any]:
        """One node attribute for every node (None where absent)."""
        return [d.get(name) for d in self.attrs]

    def describe(self, tie: str, i: int) -> str:
        """How to name tie ``i`` of type ``tie`` in an error message."""
        e = self.edges[tie]
        return f"{tie} tie {self.ids[e.source[i]]!r} -> {self.ids[e.target[i]]!r}"


#: The KNOWS properties proximity reads, in the order of `knows_row`.
KNOWS_FIELDS = (
    "kind", "since", "last_contact", "frequency", "mode", "contexts", "gives", "receives"
)  # fmt: skip


def knows_row(d: dict[str, Any]) -> tuple[Any, ...]:
    """One KNOWS tie's `KNOWS_FIELDS`, lists made tuples (hashable, so they factorise in C)."""
    get = d.get
    c, g, r = get("contexts"), get("gives"), get("receives")
    return (
        get("kind"), get("since"), get("last_contact"), get("frequency"), get("mode"),
        tuple(c) if type(c) is list else c,
        tuple(g) if type(g) is list else g,
        tuple(r) if type(r) is list else r,
    )  # fmt: skip


def tie_type(key: object, data: dict[str, Any]) -> object:
    """A tie's type: its key in the graphsvc shape, else (integer keys) its ``type``.

    `graphsvc.graph` keys every edge by its type; a graph built with plain ``add_edge`` has
    integer keys and says the type in the ``type`` attribute.
    """
    return key if key.__class__ is str else data.get("type")


def extract(G: nx.MultiDiGraph) -> GraphArrays:
    """The node table and the ties of the types proximity reads, in one walk over ``G``.

    Reads ``G``'s adjacency dicts directly (as NetworkX's own algorithms do): the public views
    wrap every neighbour in a view object, which costs a third again on a big graph.
    """
    node_data = G._node  # the node dict, in node order
    ids = list(node_data)
    index = {n: i for i, n in enumerate(ids)}
    attrs = list(node_data.values())
    code = {label: i for i, label in enumerate(LABELS)}
    label = np.array([code.get(d.get("label"), -1) for d in attrs], dtype=np.int8)
    buckets: dict[str, tuple[list[int], list[int], list[dict[str, Any]]]] = {
        t: ([], [], []) for t in _WANTED
    }
    knows_rows: list[tuple[Any, ...]] = []
    for ui, nbrs in enumerate(G._adj.values()):
        for v, keydict in nbrs.items():
            vi = -1
            for k, d in keydict.items():
                kind = k if k.__class__ is str else d.get("type")  # see `tie_type`
                bucket = buckets.get(kind)
                if bucket is not None:
                    if vi < 0:
                        vi = index[v]
                    bucket[0].append(ui)
                    bucket[1].append(vi)
                    bucket[2].append(d)
                    if kind == "KNOWS":  # read now, while the dict is in the CPU's cache
                        knows_rows.append(knows_row(d))
    edges = {
        t: Edges(np.array(s, dtype=np.int64), np.array(o, dtype=np.int64), ds)
        for t, (s, o, ds) in buckets.items()
    }
    edges["KNOWS"].rows = knows_rows
    arrays = GraphArrays(ids=ids, label=label, attrs=attrs, edges=edges)
    _check_endpoints(arrays)
    return arrays


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
