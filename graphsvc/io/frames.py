"""A graph as two pandas tables, for notebooks: one row per node, one row per tie.

Researchers mostly want to filter, group and plot, which pandas does better than walking a
graph. Columns follow the schema's order (ids and label or type first, then the properties
present in the graph); unknown values are missing (``NaN`` / ``<NA>``), never 0. Whole-number
properties (``birth_year``) use pandas' nullable ``Int64`` so a missing year does not turn the
others into floats; lists stay Python lists (``df.explode("contexts")`` spreads them out).

Examples
--------
>>> from graphsvc.synth import generate
>>> nodes, ties = to_pandas(generate(60, seed=1).graph())
>>> list(nodes.columns[:3]), list(ties.columns[:3])
(['id', 'label', 'name'], ['source', 'target', 'type'])
>>> nodes["birth_year"].dtype
Int64Dtype()
>>> int((ties["type"] == "KNOWS").sum()) == len([t for t in generate(60, seed=1).ties if t.type == "KNOWS"])
True
"""  # noqa: E501

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import networkx as nx
import pandas as pd

from graphsvc.io.schema import KINDS, PROPERTY_TYPES


def to_pandas(G: nx.MultiDiGraph) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(nodes, ties)``: columns ``id, label, ...`` and ``source, target, type, ...``."""
    node_rows = [{"id": n, **d} for n, d in G.nodes(data=True)]
    tie_rows = [{"source": u, "target": v, **d} for u, v, d in G.edges(data=True)]
    nodes = _frame(node_rows, ["id", "label"], node=True)
    ties = _frame(tie_rows, ["source", "target", "type"], node=False)
    return nodes, ties


def _frame(rows: list[dict[str, Any]], first: list[str], *, node: bool) -> pd.DataFrame:
    present = {k for r in rows for k in r}
    columns = first + [c for c in _schema_order(node) if c in present and c not in first]
    columns += sorted(present - set(columns))
    df = pd.DataFrame.from_records(rows, columns=columns)
    for name in columns:
        typ = PROPERTY_TYPES.get(name)
        if typ is int:
            df[name] = df[name].astype("Int64")
        elif typ is float:
            df[name] = df[name].astype("float64")
    return df


def _schema_order(node: bool) -> Iterable[str]:
    seen: dict[str, None] = {}
    for kind in KINDS.values():
        if kind.is_node == node:
            seen.update(dict.fromkeys(c.name for c in kind.columns))
    return seen
