"""Contexts: the ones people declared, and the ones the graph shows.

Declared contexts come from each account's ``contexts`` and from what one calls the other
(``kind``: family, neighbour and colleague are contexts; a friend is not a place). The graph
shows more, found with integer joins (`joins`): both members of a group, both visiting a space
at overlapping times (slots compared with `graphsvc.slots`), one household, one neighbourhood;
and, for commonality, shared interests weighted by rarity and shared groups with a purpose.

A context shown by the graph is not counted again when someone already named it (a shared
group or space whose name or kind was declared; one household when "home" was said; one
neighbourhood when "neighbour" was, or when they share a household), and a space is not counted
again when a group both belong to meets there: quiz night at the Red Lion is one context, not
two. "Family" does not cancel living together: relatives who live apart do not share a home.
`single` applies the same rules to one tie with sets; a test holds the two equal.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from graphsvc.model import normalise_tag
from graphsvc.proximity.config import ProximityConfig
from graphsvc.proximity.dimensions import idf
from graphsvc.proximity.extract import LABELS, GraphArrays
from graphsvc.proximity.joins import csr, expand, group_labels, member, shared, take
from graphsvc.proximity.values import KINDS
from graphsvc.slots import overlap_minutes

__all__ = [
    "HOUSEHOLD_WORDS",
    "NEIGHBOUR_WORDS",
    "Declared",
    "Derived",
    "declared_contexts",
    "match_key",
    "slot_overlap",
]

#: Declared contexts that already say what sharing a household shows ("family" does not:
#: relatives who live apart do not share a home, so living together is a context of its own).
HOUSEHOLD_WORDS = ("home", "household", "living together")
#: Declared contexts that already say what sharing a neighbourhood shows.
NEIGHBOUR_WORDS = ("neighbour", "neighbours", "neighbourhood")


def match_key(label: str) -> str:
    """How contexts are compared: normalised, without a leading "the" ("The Pub" = "pub")."""
    return normalise_tag(label).removeprefix("the ")


@lru_cache(maxsize=65536)
def slot_overlap(a: tuple[str, ...], b: tuple[str, ...]) -> int:
    """Minutes a week two visits' slots share (`graphsvc.slots.overlap_minutes`), cached."""
    return overlap_minutes(a, b)


#: Order of declared contexts: a's list, then b's, then what a and b call each other.
_SIDE = 1 << 32


@dataclass
class Declared:
    """Distinct declared contexts per row, and their match codes for de-duplication."""

    count: np.ndarray  # float: distinct declared contexts (paid: the paid context and tasks)
    known: np.ndarray  # bool
    keys: np.ndarray  # sorted int64 row * V + match code, for "was this declared?"
    vocab: dict[str, int]
    disjoint: np.ndarray  # bool: both accounts named contexts, none in common

    def code(self, word: object) -> int:
        """The match code of a word, -1 if nobody declared anything that matches it."""
        return self.vocab.get(match_key(word), -1) if isinstance(word, str) and word else -1

    def has(self, rows: np.ndarray, codes: np.ndarray | int) -> np.ndarray:
        """Whether each row declared the context with match code ``codes`` (per row, or one)."""
        codes = np.broadcast_to(np.asarray(codes, dtype=np.int64), rows.shape)
        return (codes >= 0) & member(self.keys, rows * max(len(self.vocab), 1) + codes)


def declared_contexts(
    k: dict[str, Any], a: np.ndarray, b: np.ndarray, n_rows: int, cfg: ProximityConfig,
    words: dict[str, list[Any]] | None,
) -> Declared:  # fmt: skip
    """Contexts named in either account (and by what one calls the other), de-duplicated.

    ``k`` holds the KNOWS columns, ``a`` and ``b`` each pair's accounts (edge indices, -1 for
    none); rows past the pairs (paid support) declare nothing here. Each distinct list of
    contexts is exploded once, then repeated per account with integer indexing, so no Python
    runs per tie.
    """
    vocab: dict[str, int] = {}
    labels: list[str] = []
    lists: list[tuple[str, ...]] = k["contexts"]
    flat_code, flat_pos, indptr = [], [], [0]
    for tags in lists:
        for pos, tag in enumerate(tags):
            flat_code.append(vocab.setdefault(match_key(tag), len(vocab)))
            labels.append(tag)
            flat_pos.append(pos)
        indptr.append(len(flat_code))
    ptr = np.array(indptr, dtype=np.int64)
    codes, pos_arr = np.array(flat_code, dtype=np.int64), np.array(flat_pos, dtype=np.int64)
    label_idx = np.arange(len(codes))
    rows_l, code_l, seq_l, lab_l = [], [], [], []
    for side, edge in ((0, a), (1, b)):
        rows = np.flatnonzero(edge >= 0)
        list_code = k["context_codes"][edge[rows]]
        rows, list_code = rows[list_code >= 0], list_code[list_code >= 0]
        r, j = expand(list_code, ptr, label_idx)
        rows_l.append(rows[r])
        code_l.append(codes[j])
        seq_l.append(side * _SIDE + pos_arr[j])
        lab_l.append(j)
    kind_label = [cfg.multiplexity.kind_contexts.get(kind) for kind in KINDS]
    for side, edge in ((0, a), (1, b)):
        kind = take(k["kind"], edge, -1)
        for kc, word in enumerate(kind_label):
            if not word:
                continue
            rows = np.flatnonzero(kind == kc)
            labels.append(word)
            code_l.append(np.full(len(rows), vocab.setdefault(match_key(word), len(vocab))))
            rows_l.append(rows)
            seq_l.append(np.full(len(rows), 2 * _SIDE + side))
            lab_l.append(np.full(len(rows), len(labels) - 1))
    for word in (*HOUSEHOLD_WORDS, *NEIGHBOUR_WORDS):
        vocab.setdefault(match_key(word), len(vocab))
    rows, code = np.concatenate(rows_l), np.concatenate(code_l)
    seq, lab = np.concatenate(seq_l), np.concatenate(lab_l)
    v = max(len(vocab), 1)
    order = _by_row_code_seq(rows, code, seq, v)
    key = rows[order] * v + code[order]
    first = np.r_[True, key[1:] != key[:-1]] if len(key) else np.zeros(0, bool)
    kept = order[first]
    count = np.bincount(rows[kept], minlength=n_rows).astype(float)
    known = count > 0
    if words is not None:
        kept = kept[np.lexsort((seq[kept], rows[kept]))]
        words["declared"] = group_labels(
            rows[kept], [labels[i] for i in lab[kept].tolist()], n_rows
        )
    return Declared(
        count=count, known=known, keys=np.sort(key[first]), vocab=vocab,
        disjoint=_disjoint(rows, code, seq, v, n_rows),
    )  # fmt: skip


def _by_row_code_seq(rows: np.ndarray, code: np.ndarray, seq: np.ndarray, v: int) -> np.ndarray:
    """``np.lexsort((seq, code, rows))``, as one sort of one integer key when it fits.

    The triples are distinct (a row names each list position once), so any sort gives the same
    order; one int64 key sorts several times faster than three. ``seq`` is first made dense
    (its values keep their order).
    """
    if not len(rows):
        return np.zeros(0, dtype=np.int64)
    pos = seq % _SIDE
    width = int(pos.max()) + 1
    dense = seq // _SIDE * width + pos  # side * width + pos; what a and b call each other last
    span = 3 * width
    if (int(rows.max()) + 1) * v * span >= 1 << 62:  # would overflow: sort the three keys
        return np.lexsort((seq, code, rows))
    return np.argsort((rows * v + code) * span + dense)


def _disjoint(rows: np.ndarray, code: np.ndarray, seq: np.ndarray, v: int, n: int) -> np.ndarray:
    """Rows where both accounts named contexts and no context is named by both."""
    named = seq < 2 * _SIDE  # the accounts' own lists, not what one calls the other
    rows, side = rows[named], seq[named] // _SIDE
    has = np.zeros((n, 2), bool)
    has[rows, side] = True
    keys = np.sort((rows * v + code[named]) * 2 + side)
    pairs = keys[np.r_[True, keys[1:] != keys[:-1]]] // 2 if len(keys) else keys
    both = pairs[1:][pairs[1:] == pairs[:-1]]
    shared = np.zeros(n, bool)
    shared[both // v] = True
    return has[:, 0] & has[:, 1] & ~shared


class Derived:
    """Contexts and commonality inputs found by joins: home, groups, spaces, area, interests."""

    def __init__(
        self, g: GraphArrays, x: np.ndarray, y: np.ndarray, declared: Declared,
        cfg: ProximityConfig, words: dict[str, list[Any]] | None,
    ) -> None:  # fmt: skip
        self.g, self.x, self.y, self.n = g, x, y, len(g.ids)
        self.declared, self.cfg, self.words = declared, cfg, words
        self.rows = len(x)
        self.rank = _rank(g.ids) if words is not None else None
        self._code_cache: dict[str, np.ndarray] = {}
        self._household()
        self._groups()
        self._spaces()
        self._neighbourhood()
        self._interests()

    def _household(self) -> None:
        hh = self.g.household
        same = (hh[self.x] >= 0) & (hh[self.x] == hh[self.y])
        self.household = same
        rows = np.flatnonzero(same)
        counted = np.zeros(self.rows, bool)
        counted[rows] = ~self._declared_any(rows, HOUSEHOLD_WORDS)
        self.certain = self.cfg.multiplexity.household * counted.astype(float)
        self.possible = np.zeros(self.rows)
        if self.words is not None:
            self.words["household"] = counted.tolist()

    def _declared_any(self, rows: np.ndarray, words: Sequence[str]) -> np.ndarray:
        hit = np.zeros(len(rows), bool)
        for w in words:
            hit |= self.declared.has(rows, self.declared.code(w))
        return hit

    def _names_declared(self, rows: np.ndarray, nodes: np.ndarray) -> np.ndarray:
        """Whether each row declared the node's name or kind as a context."""
        hit = np.zeros(len(rows), bool)
        for field in ("name", "kind"):
            hit |= self.declared.has(rows, self._codes(field)[nodes])
        return hit

    def _codes(self, field: str) -> np.ndarray:
        """Match codes of one attribute of every group and space (-1 elsewhere), cached."""
        cached = self._code_cache.get(field)
        if cached is None:
            cached = np.full(self.n, -1, dtype=np.int64)
            wanted = np.flatnonzero(
                np.isin(self.g.label, [LABELS.index("Group"), LABELS.index("Space")])
            )
            for i in wanted.tolist():
                cached[i] = self.declared.code(self.g.attrs[i].get(field))
            self._code_cache[field] = cached
        return cached

    def _groups(self) -> None:
        g, mx = self.g, self.cfg.multiplexity
        member = g.edges["MEMBER_OF"]
        rows, ex, _ = shared(self.x, self.y, member, self.n)
        groups = member.target[ex]
        self.group_rows, self.group_nodes = rows, groups
        fresh = ~self._names_declared(rows, groups)
        self.certain += mx.group * np.bincount(rows[fresh], minlength=self.rows)
        purpose = np.array([bool(g.attrs[i].get("purpose")) for i in groups.tolist()], dtype=bool)
        self.purpose = np.bincount(rows[purpose], minlength=self.rows)
        if self.words is not None:
            self.words["groups"] = self._labels(rows[fresh], groups[fresh])
            self.words["purpose_groups"] = self._labels(rows[purpose], groups[purpose])

    def _spaces(self) -> None:
        g, mx = self.g, self.cfg.multiplexity
        visits = g.edges["VISITS"]
        rows, ex, ey = shared(self.x, self.y, visits, self.n)
        spaces = visits.target[ex]
        meets = g.edges["MEETS_AT"]
        # a space where a group both belong to meets is that group's context, not another
        gi, gm = expand(self.group_nodes, *csr(meets.source, self.n))
        met = np.sort(self.group_rows[gi] * self.n + meets.target[gm])
        fresh = ~member(met, rows * self.n + spaces) & ~self._names_declared(rows, spaces)
        rows, ex, ey, spaces = rows[fresh], ex[fresh], ey[fresh], spaces[fresh]
        overlap = np.array(
            [_visit_overlap(visits.data[i].get("slots"), visits.data[j].get("slots"))
             for i, j in zip(ex.tolist(), ey.tolist(), strict=True)], dtype=float,
        )  # fmt: skip
        certain = overlap >= mx.min_overlap_minutes
        possible = np.isnan(overlap)
        self.certain += mx.space * np.bincount(rows[certain], minlength=self.rows)
        self.possible += mx.space_possible * np.bincount(rows[possible], minlength=self.rows)
        if self.words is not None:
            self.words["spaces"] = self._labels(rows[certain], spaces[certain])
            self.words["maybe_spaces"] = self._labels(rows[possible], spaces[possible])

    def _neighbourhood(self) -> None:
        g, mx = self.g, self.cfg.multiplexity
        inn = g.edges["IN"]
        rows, ex, _ = shared(self.x, self.y, inn, self.n)
        hoods = inn.target[ex]
        if self.rank is not None:  # the first in id order names it
            order = np.lexsort((self.rank[hoods], rows))
        else:
            order = np.argsort(rows, kind="stable")
        rows, hoods = rows[order], hoods[order]
        first = np.r_[True, rows[1:] != rows[:-1]] if len(rows) else np.zeros(0, bool)
        rows, hoods = rows[first], hoods[first]
        fresh = ~self.household[rows] & ~self._declared_any(rows, NEIGHBOUR_WORDS)
        counted = np.zeros(self.rows, bool)
        counted[rows[fresh]] = True
        self.possible += mx.neighbourhood * counted
        if self.words is not None:
            names: list[str | None] = [None] * self.rows
            for r, h in zip(rows[fresh].tolist(), hoods[fresh].tolist(), strict=True):
                names[r] = _node_name(g, h)
            self.words["neighbourhood"] = names

    def _interests(self) -> None:
        g = self.g
        interested = g.edges["INTERESTED_IN"]
        has = np.bincount(interested.source, minlength=self.n) > 0
        people = int(has.sum())
        counts = np.bincount(interested.target, minlength=self.n)
        weight = idf(people, counts)
        rows, ex, _ = shared(self.x, self.y, interested, self.n)
        interests = interested.target[ex]
        self.idf_sum = np.bincount(rows, weights=weight[interests], minlength=self.rows)
        self.interests_known = has[self.x] & has[self.y]
        if self.words is not None and self.rank is not None:
            order = np.lexsort((self.rank[interests], -weight[interests], rows))
            rows, interests = rows[order], interests[order]
            self.words["interests"] = group_labels(
                rows, [_node_name(g, i) for i in interests.tolist()], self.rows
            )
            share = counts / max(people, 1)
            rarest = np.full(self.rows, np.nan)
            np.fmin.at(rarest, rows, share[interests])
            self.words["rarest_share"] = rarest.tolist()

    def _labels(self, rows: np.ndarray, nodes: np.ndarray) -> list[tuple[str, ...]]:
        assert self.rank is not None
        order = np.lexsort((self.rank[nodes], rows))
        rows, nodes = rows[order], nodes[order]
        return group_labels(rows, [_node_name(self.g, i) for i in nodes.tolist()], self.rows)


def _visit_overlap(a: object, b: object) -> float:
    """Minutes two visits' slots share a week; NaN when either's slots are unknown."""
    if not a or not b:
        return math.nan
    return float(slot_overlap(tuple(a), tuple(b)))  # type: ignore[arg-type]


def _node_name(g: GraphArrays, i: int) -> str:
    name = g.attrs[i].get("name")
    return name if isinstance(name, str) and name.strip() else str(g.ids[i])


def _rank(ids: list[Any]) -> np.ndarray:
    """Each node's position in the order of its id as text (how lists of names are ordered)."""
    order = sorted(range(len(ids)), key=lambda i: str(ids[i]))
    rank = np.empty(len(ids), dtype=np.int64)
    rank[order] = np.arange(len(ids))
    return rank
