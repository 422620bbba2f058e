"""Joins over integer node codes: how the vectorised path avoids a Python loop per tie.

A node's *code* is its position in the graph's node order (`extract`). Ties of one type are
arrays of source and target codes, so "the groups both people belong to" is a CSR expansion of
one person's memberships followed by a binary search for the other's: numpy work, no dicts.

Examples
--------
>>> import numpy as np
>>> from graphsvc.proximity.extract import Edges
>>> member_of = Edges(np.array([0, 0, 1]), np.array([5, 6, 6]), [{}, {}, {}])
>>> rows, mine, theirs = shared(np.array([0]), np.array([1]), member_of, 7)
>>> rows.tolist(), member_of.target[mine].tolist(), theirs.tolist()
([0], [6], [2])
"""

from __future__ import annotations

from typing import Any

import numpy as np

from graphsvc.proximity.extract import Edges

__all__ = ["csr", "expand", "group_labels", "member", "shared", "take"]


def csr(owner: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Edge indices grouped by owner node: ``order[indptr[o]:indptr[o + 1]]``."""
    order = np.argsort(owner, kind="stable")
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(owner, minlength=n), out=indptr[1:])
    return indptr, order


def expand(
    rows_owner: np.ndarray, indptr: np.ndarray, order: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """For each row, every edge of its owner: (row index, edge index) pairs."""
    start = indptr[rows_owner]
    deg = indptr[rows_owner + 1] - start
    rows = np.repeat(np.arange(len(rows_owner)), deg)
    offset = np.arange(int(deg.sum())) - np.repeat(np.cumsum(deg) - deg, deg)
    return rows, order[np.repeat(start, deg) + offset]


def shared(
    x: np.ndarray, y: np.ndarray, edges: Edges, n: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows where both ``x[row]`` and ``y[row]`` have an edge to the same node.

    Returns (row, x's edge, y's edge). Ties are unique per (type, source, target), so each
    shared node appears once per row.
    """
    if not len(edges) or not len(x):
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    indptr, order = csr(edges.source, n)
    rows, ex = expand(x, indptr, order)
    keys = edges.source * n + edges.target
    by_key = np.argsort(keys)
    sorted_keys = keys[by_key]
    probe = y[rows] * n + edges.target[ex]
    pos = np.minimum(np.searchsorted(sorted_keys, probe), len(sorted_keys) - 1)
    hit = sorted_keys[pos] == probe
    return rows[hit], ex[hit], by_key[pos[hit]]


def member(keys: np.ndarray, probe: np.ndarray) -> np.ndarray:
    """Whether each probe is among the *sorted* ``keys`` (a binary search, no hashing)."""
    if not len(keys):
        return np.zeros(len(probe), dtype=bool)
    pos = np.minimum(np.searchsorted(keys, probe), len(keys) - 1)
    return keys[pos] == probe


def take(values: np.ndarray, idx: np.ndarray, missing: Any) -> np.ndarray:
    """``values[idx]``, with ``missing`` where ``idx`` is -1."""
    return np.append(values, np.array([missing], dtype=values.dtype))[idx]


def group_labels(rows: np.ndarray, labels: list[str], n_rows: int) -> list[tuple[str, ...]]:
    """Labels (sorted by row already) as one tuple per row; ``()`` for rows without any."""
    out: list[tuple[str, ...]] = [()] * n_rows
    if not len(rows):
        return out
    starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
    ends = np.r_[starts[1:], len(rows)]
    for r, i, j in zip(rows[starts].tolist(), starts.tolist(), ends.tolist(), strict=True):
        out[r] = tuple(labels[i:j])
    return out
