"""The scoring entry points: every tie of a graph, one tie, or one person's ties."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict

from graphsvc.errors import NotFound
from graphsvc.proximity.compute import compute
from graphsvc.proximity.config import ProximityConfig, resolve_config
from graphsvc.proximity.dimensions import DIMENSIONS
from graphsvc.proximity.extract import check_graph, extract, no_gc, tie_type
from graphsvc.proximity.features import tie_features
from graphsvc.proximity.reasons import tie_reasons
from graphsvc.proximity.single import GraphStats, find_tie, graph_stats, tie_inputs
from graphsvc.proximity.values import decimal_year
from graphsvc.proximity.views import Views, disagree_mask, side_views

__all__ = ["COLUMNS", "TieScore", "person_ties", "score_tie", "score_ties"]

#: The columns of `score_ties`, in order.
COLUMNS = (
    "source", "target", "type", "paid", *DIMENSIONS, "overall", "confidence", "weakest",
    "unknown", "both_views", "reasons", "views",
)  # fmt: skip
_UNKNOWN = [
    tuple(d for i, d in enumerate(DIMENSIONS) if mask >> i & 1)
    for mask in range(1 << len(DIMENSIONS))
]
_WEAKEST = np.array([*DIMENSIONS, None], dtype=object)  # index -1 gives None
_TYPES = np.array(["KNOWS", "SUPPORTS"], dtype=object)
_UNKNOWN_CELLS = np.empty(len(_UNKNOWN), dtype=object)  # the same tuples, for numpy indexing
for _mask, _names in enumerate(_UNKNOWN):
    _UNKNOWN_CELLS[_mask] = _names


class TieScore(BaseModel):
    """One tie's proximity: the row of `score_ties` as a typed, immutable value.

    Dimensions are floats in [0, 1], NaN when their inputs are missing (and then named in
    ``unknown``). ``views`` is set when both people reported the tie.
    """

    model_config = ConfigDict(frozen=True, ser_json_inf_nan="null")

    source: Hashable
    target: Hashable
    type: str
    paid: bool
    directness: float
    continuity: float
    multiplexity: float
    parity: float
    commonality: float
    overall: float
    confidence: float
    weakest: str | None
    unknown: tuple[str, ...]
    both_views: bool
    reasons: tuple[str, ...]
    views: Views | None


def _frame(
    source: Sequence[Hashable], target: Sequence[Hashable], c: Mapping[str, Any],
    r: Mapping[str, np.ndarray], reasons: list[list[str]] | None, views: list[Any] | None,
) -> pd.DataFrame:  # fmt: skip
    """The result table from the feature columns ``c`` and computed scores ``r``."""
    paid = np.asarray(c["paid"], dtype=bool)
    n = len(paid)
    data: dict[str, Any] = {
        "source": pd.array(list(source), dtype=object)
        if not isinstance(source, np.ndarray)
        else source,
        "target": pd.array(list(target), dtype=object)
        if not isinstance(target, np.ndarray)
        else target,
        "type": _TYPES[paid.astype(np.int8)],  # shared strings, not one new str per row
        "paid": paid,
    }
    scores = np.asarray(r["scores"], dtype=float).reshape(n, len(DIMENSIONS))
    for i, d in enumerate(DIMENSIONS):
        data[d] = scores[:, i]
    data["overall"] = np.asarray(r["overall"], dtype=float).reshape(n)
    data["confidence"] = np.asarray(r["confidence"], dtype=float).reshape(n)
    data["weakest"] = _WEAKEST[np.asarray(r["weakest"]).reshape(n)]
    data["unknown"] = _UNKNOWN_CELLS[np.asarray(r["unknown"]).reshape(n)]
    data["both_views"] = np.asarray(c["two_sided"], dtype=bool).reshape(n)
    none = np.full(n, None, dtype=object)  # an object array: pandas need not inspect a list
    data["reasons"] = reasons if reasons is not None else none
    data["views"] = views if views is not None else none
    return pd.DataFrame(data, columns=list(COLUMNS))


def _as_of(cfg: ProximityConfig) -> float:
    return decimal_year(cfg.reference_date())


def score_ties(
    G: nx.MultiDiGraph,
    config: ProximityConfig | Mapping[str, Any] | None = None,
    *,
    reasons: bool = True,
    views: bool = True,
) -> pd.DataFrame:
    """Relational proximity of every tie in ``G``, in one vectorised pass.

    Parameters
    ----------
    G
        A graph of the graphsvc shape (`graphsvc.graph`): a ``MultiDiGraph`` whose nodes have
        ``label`` and whose edges have ``type``. It is not changed.
    config
        A `ProximityConfig`, a mapping of its fields, or None for the defaults (``as_of``:
        today). Pass a fixed ``as_of`` for reproducible figures.
    reasons, views
        Also write the plain-English ``reasons`` and both people's ``views``. They cost Python
        objects per tie (about half the time on a million-tie graph); without them those
        columns hold None.

    Returns
    -------
    pandas.DataFrame
        One row per unordered pair of people with a ``KNOWS`` tie either way (``source`` is
        who reported it; with both accounts, the one first in ``G``'s node order) and one per
        ``SUPPORTS`` tie (``source`` is the worker), with the columns of `COLUMNS`.

    Raises
    ------
    BadRequest
        ``G`` is not a MultiDiGraph, the config is invalid, a tie joins the wrong kinds of
        node, or a value cannot be read (the message names the tie and the field).

    Notes
    -----
    Inputs are gathered column-wise (`features`): integer joins over node codes find shared
    groups, spaces, neighbourhoods and interests without a Python loop per tie; each distinct
    date, mode or list is parsed once. The cyclic garbage collector is paused while scoring
    (`extract.no_gc`) and restored after. The formulas are those of `dimensions`, shared with the
    per-tie path of `score_tie`; `docs/proximity.md` gives them with their reasons.
    """
    check_graph(G)
    cfg = resolve_config(config)
    with no_gc():  # the working arrays are freed inside, so the collector has little to scan
        return _score_all(G, cfg, reasons=reasons, views=views)


def _score_all(
    G: nx.MultiDiGraph, cfg: ProximityConfig, *, reasons: bool, views: bool
) -> pd.DataFrame:
    g = extract(G)
    f = tie_features(g, cfg, text=reasons or views)
    r = compute(f.cols, cfg, _as_of(cfg))
    r["disagree"] = disagree_mask(f.cols, cfg)
    ids = np.array([*g.ids, None], dtype=object)[:-1]
    cells = None
    if views and f.text is not None:
        cells = _view_cells(f.text["report_a"], f.text["report_b"], r["disagree"])
    sentences = tie_reasons(f.cols, r, f.text, cfg) if reasons and f.text is not None else None
    return _frame(ids[f.source], ids[f.target], f.cols, r, sentences, cells)


def _view_cells(
    report_a: list[dict[str, Any] | None], report_b: list[dict[str, Any] | None], mask: np.ndarray
) -> list[dict[str, Any] | None]:
    """The ``views`` cells: both accounts where both exist, None elsewhere."""
    return [
        side_views(a, b, m) if a is not None and b is not None else None
        for a, b, m in zip(report_a, report_b, np.asarray(mask).reshape(-1).tolist(), strict=True)
    ]


# --- one tie at a time ----------------------------------------------------------------------


def score_one(
    G: nx.MultiDiGraph, u: Hashable, v: Hashable, stats: GraphStats, cfg: ProximityConfig,
    as_of: float, *, reasons: bool = True, views: bool = True,
) -> dict[str, Any]:  # fmt: skip
    """One tie through the per-tie path: inputs, `compute`, reasons; a row of `score_ties`."""
    c, w = tie_inputs(G, u, v, stats, cfg, text=reasons or views)
    r = compute(c, cfg, as_of)
    row: dict[str, Any] = {"source": u, "target": v, "type": "SUPPORTS" if c["paid"] else "KNOWS",
                           "paid": bool(c["paid"])}  # fmt: skip
    scores = np.asarray(r["scores"], dtype=float)
    for i, d in enumerate(DIMENSIONS):
        row[d] = float(scores[i])
    row["overall"], row["confidence"] = float(r["overall"]), float(r["confidence"])
    row["weakest"] = _WEAKEST[int(r["weakest"])]
    row["unknown"] = _UNKNOWN[int(r["unknown"])]
    row["both_views"] = bool(c["two_sided"])
    r["disagree"] = disagree_mask(c, cfg)
    row["reasons"] = row["views"] = None
    if views:
        row["views"] = _view_cells([w["report_a"]], [w["report_b"]], r["disagree"])[0]
    if reasons:
        row["reasons"] = tie_reasons(
            {k: np.asarray([x]) for k, x in c.items()},
            {k: np.asarray([x]) for k, x in r.items() if k not in ("scores", "completeness")},
            {k: [x] for k, x in w.items()},
            cfg,
        )[0]
    return row


def _require(G: nx.MultiDiGraph, node: Hashable, label: str | None = None) -> None:
    if node not in G or (label is not None and G.nodes[node].get("label") != label):
        raise NotFound(f"no {label or 'node'} with id {node!r}")


def score_tie(
    G: nx.MultiDiGraph,
    u: Hashable,
    v: Hashable,
    config: ProximityConfig | Mapping[str, Any] | None = None,
) -> TieScore:
    """The proximity of the tie between ``u`` and ``v``, with reasons and both views.

    Parameters
    ----------
    G
        A graph of the graphsvc shape; not changed.
    u, v
        The two ends. For a ``KNOWS`` pair either person may come first and ``u`` is the
        result's ``source`` (the views follow that order); for paid support the worker is
        always the ``source``, whichever order they are given in.
    config
        As for `score_ties`.

    Returns
    -------
    TieScore
        The row `score_ties` would give for this pair, typed and immutable.

    Raises
    ------
    NotFound
        Either node is missing, or no ``KNOWS`` or ``SUPPORTS`` tie joins them.
    BadRequest
        As for `score_ties`.
    """
    check_graph(G)
    cfg = resolve_config(config)
    _require(G, u)
    _require(G, v)
    if find_tie(G, v, u, "SUPPORTS") is not None:
        u, v = v, u  # paid support is always read from the worker's side
    row = score_one(G, u, v, graph_stats(G), cfg, _as_of(cfg))
    return TieScore(**{**row, "reasons": tuple(row["reasons"]), "views": row["views"]})


def person_ties(
    G: nx.MultiDiGraph,
    person_id: Hashable,
    config: ProximityConfig | Mapping[str, Any] | None = None,
    *,
    reasons: bool = True,
    views: bool = True,
    rarity: GraphStats | None = None,
) -> pd.DataFrame:
    """One person's scored ties, closest first: what a CLI or a page shows.

    Parameters
    ----------
    G
        A graph of the graphsvc shape; not changed.
    person_id
        The ``Person`` whose ties to score.
    config, reasons, views
        As for `score_ties`.
    rarity
        Interest rarity counted over a bigger population than ``G`` (see
        `GraphStats.from_counts`); by default it is judged over the people in ``G``. With
        the store's counts, the person's one-hop map gives the scores of the whole graph.

    Returns
    -------
    pandas.DataFrame
        ``other`` (the other end's id), ``name`` (their name, or id) and the columns of
        `score_ties`, with the person as ``source`` of every ``KNOWS`` row (the worker is the
        source of paid support). Sorted by ``overall``, highest first; unknown last.

    Raises
    ------
    NotFound
        ``person_id`` is not a ``Person`` in ``G``.
    """
    check_graph(G)
    cfg = resolve_config(config)
    _require(G, person_id, "Person")
    stats, as_of = rarity or graph_stats(G), _as_of(cfg)
    pairs: dict[Hashable, tuple[Hashable, Hashable]] = {}
    for _, other, k, d in G.out_edges(person_id, keys=True, data=True):
        if tie_type(k, d) == "KNOWS":
            pairs[other] = (person_id, other)
    for other, _, k, d in G.in_edges(person_id, keys=True, data=True):
        t = tie_type(k, d)
        if t == "KNOWS":
            pairs.setdefault(other, (person_id, other))
        elif t == "SUPPORTS":
            pairs[other] = (other, person_id)
    rows = [
        score_one(G, u, v, stats, cfg, as_of, reasons=reasons, views=views)
        for u, v in pairs.values()
    ]
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    if not rows:  # the dtypes a table with rows would have, so filters still work
        numbers = dict.fromkeys((*DIMENSIONS, "overall", "confidence"), float)
        frame = frame.astype({**numbers, "paid": bool, "both_views": bool})
    frame.insert(0, "other", pd.Series(list(pairs), dtype=object))
    frame.insert(1, "name", pd.Series([_display_name(G, o) for o in pairs], dtype=object))
    frame = frame.sort_values(["overall", "type", "other"], ascending=[False, True, True],
                              na_position="last", key=_sortable, kind="stable")  # fmt: skip
    return frame.reset_index(drop=True)


def _sortable(col: pd.Series) -> pd.Series:
    return col if col.name == "overall" else col.map(str)


def _display_name(G: nx.MultiDiGraph, node: Hashable) -> str:
    name = G.nodes[node].get("name")
    return name if isinstance(name, str) and name.strip() else str(node)
