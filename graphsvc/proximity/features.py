"""Every scored tie's inputs as columns: the vectorised path from a graph to the formulas.

One row per scored tie: each unordered pair of people with a ``KNOWS`` tie either way (one
row, both accounts side by side as ``_a`` and ``_b`` columns) and each ``SUPPORTS`` tie. The
columns are exactly the inputs `compute.compute` takes, the names the per-tie path (`single`)
fills in one tie at a time; a test checks the two agree on whole towns. Each distinct value (a
date, a mode, a list of help) is parsed once; contexts come from `contexts`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from graphsvc.proximity.config import ProximityConfig
from graphsvc.proximity.contexts import Derived, declared_contexts
from graphsvc.proximity.extract import Edges, GraphArrays
from graphsvc.proximity.joins import take
from graphsvc.proximity.values import (
    EMPLOYERS,
    KINDS,
    MODES,
    ROLES,
    coded_codes,
    coded_dates,
    coded_factors,
    coded_numbers,
    codes_column,
    dates_column,
    factor_column,
    help_mask,
    numbers_column,
    tag_tuple,
)

__all__ = ["MAX_FREQUENCY", "TieFeatures", "first_name", "tie_features"]

#: Contacts a month above which a frequency is refused (one every hour of every day).
MAX_FREQUENCY = 24 * 31


def first_name(name: object) -> str:
    """What sentences call someone: the first word of their name, else "someone".

    Never their id: people with no name on the map (say, after withdrawing consent) are not
    named in a sentence by a code either.
    """
    if isinstance(name, str) and name.split():
        return name.split()[0]
    return "someone"


@dataclass
class TieFeatures:
    """The inputs of every scored tie, column-wise; ``text`` holds words for the reasons."""

    source: np.ndarray  # node codes
    target: np.ndarray
    cols: dict[str, np.ndarray]
    text: dict[str, list[Any]] | None


def _pairs(knows: Edges, n: int) -> tuple[np.ndarray, np.ndarray]:
    """One row per unordered pair: its first account ``a`` and second ``b`` (edge index, -1).

    With both accounts, ``a`` is the one whose source comes first in the graph's node order;
    with one, it is that one, so ``source`` is always someone who reported the tie.
    """
    s, t = knows.source, knows.target
    lo = np.minimum(s, t)
    key = lo * n + np.maximum(s, t)
    order = np.argsort(key, kind="stable")
    ks = key[order]
    starts = np.flatnonzero(np.r_[True, ks[1:] != ks[:-1]]) if len(ks) else np.zeros(0, np.int64)
    two = np.diff(np.r_[starts, len(ks)]) == 2
    e1 = order[starts]
    e2 = np.where(two, order[np.minimum(starts + 1, max(len(ks) - 1, 0))], -1)
    a = np.where(two & (s[e1] != lo[e1]), e2, e1)
    b = np.where(two, np.where(a == e1, e2, e1), -1)
    return a, b


def tie_features(g: GraphArrays, cfg: ProximityConfig, *, text: bool) -> TieFeatures:
    """Every scored tie's inputs, from the arrays of one graph.

    Parameters
    ----------
    g
        From `extract.extract`.
    cfg
        The model's constants (context weights, overlap minutes, kind contexts).
    text
        Also gather the words the reasons and views need (names, contexts, interests); they
        cost Python objects per tie, so they are built only when asked for.
    """
    n = len(g.ids)
    kn, sp = g.edges["KNOWS"], g.edges["SUPPORTS"]
    a, b = _pairs(kn, n)
    k = _knows_columns(g, kn)
    s = _supports_columns(g, sp)
    n_k, n_s = len(a), len(sp)
    source = np.concatenate([kn.source[a], sp.source])
    target = np.concatenate([kn.target[a], sp.target])

    def both(name: str, edge: np.ndarray, missing: Any, paid: Any) -> np.ndarray:
        return np.concatenate([take(k[name], edge, missing), np.broadcast_to(paid, n_s)])

    cols: dict[str, np.ndarray] = {
        "paid": np.r_[np.zeros(n_k, bool), np.ones(n_s, bool)],
        "two_sided": np.r_[b >= 0, np.zeros(n_s, bool)],
        "mode_a": np.r_[k["mode"][a], s["mode"]],
        "mode_b": both("mode", b, -1, -1),
        "kind_a": both("kind", a, -1, -1),
        "kind_b": both("kind", b, -1, -1),
        "freq_a": np.r_[k["frequency"][a], s["frequency"]],
        "freq_b": both("frequency", b, np.nan, np.nan),
        "since_a": np.r_[k["since"][a], s["since"]],
        "since_b": both("since", b, np.nan, np.nan),
        "last_a": both("last_contact", a, np.nan, np.nan),
        "last_b": both("last_contact", b, np.nan, np.nan),
        "gives_a": both("gives", a, -1, -1),
        "receives_a": both("receives", a, -1, -1),
        "gives_b": both("gives", b, -1, -1),
        "receives_b": both("receives", b, -1, -1),
        "role": np.r_[np.full(n_k, -1), s["role"]],
        "employer": np.r_[np.full(n_k, -1), s["employer"]],
        "turnover": np.r_[np.full(n_k, np.nan), s["turnover"]],
        "ends": np.r_[np.full(n_k, np.nan), s["ends"]],
    }
    words: dict[str, list[Any]] | None = {} if text else None
    declared = declared_contexts(k, a, b, n_k + n_s, cfg, words)
    # a paid tie is one context, "paid support", and a little more per distinct task
    tasks = np.array([len(s["tasks"][c]) if c >= 0 else 0 for c in s["task_codes"]], dtype=float)
    declared.count[n_k:] = cfg.multiplexity.paid_support + cfg.multiplexity.task * tasks
    declared.known[n_k:] = True
    derived = Derived(g, source, target, declared, cfg, words)
    cols["contexts_disjoint"] = declared.disjoint
    cols["household"] = derived.household
    cols["declared"] = declared.known
    cols["certain"] = declared.count + derived.certain
    cols["possible"] = derived.possible
    cols["idf_sum"], cols["interests_known"] = derived.idf_sum, derived.interests_known
    cols["purpose"] = derived.purpose
    if words is not None:
        names = [first_name(d.get("name")) for d in g.attrs]
        words["name_a"] = [names[i] for i in source.tolist()]
        words["name_b"] = [names[i] for i in target.tolist()]
        words |= _raw_views(kn, a, b, n_s)
        words["ends_raw"] = [None] * n_k + [d.get("ends") for d in sp.data]
        words["tasks"] = [()] * n_k + [s["tasks"][c] if c >= 0 else () for c in s["task_codes"]]
    return TieFeatures(source=source, target=target, cols=cols, text=words)


# --- reading the ties' properties -----------------------------------------------------------


def _where(g: GraphArrays, tie: str) -> Callable[[int], str]:
    return lambda i: g.describe(tie, i)


def _knows_columns(g: GraphArrays, kn: Edges) -> dict[str, Any]:
    """KNOWS properties as arrays, one per account (edge), each distinct value parsed once."""
    where = _where(g, "KNOWS")
    f = kn.fields
    out: dict[str, Any] = {
        "mode": coded_codes(f["mode"], MODES, field="mode", where=where),
        "kind": coded_codes(f["kind"], KINDS, field="kind", where=where),
        "frequency": coded_numbers(
            f["frequency"], field="frequency", where=where, upper=MAX_FREQUENCY
        ),
        "since": coded_dates(f["since"], field="since", where=where),
        "last_contact": coded_dates(f["last_contact"], field="last_contact", where=where),
    }
    for name in ("gives", "receives"):
        codes, masks = coded_factors(f[name], help_mask, field=name, where=where)
        out[name] = take(np.array(masks, dtype=np.int64), codes, -1)
    out["context_codes"], out["contexts"] = coded_factors(
        f["contexts"], tag_tuple, field="contexts", where=where
    )
    return out


#: The SUPPORTS properties proximity reads, in the order `_supports_columns` reads them.
_SUPPORTS_FIELDS = (
    "mode", "role", "employer", "frequency", "turnover_per_year", "since", "ends", "tasks"
)  # fmt: skip


def _supports_columns(g: GraphArrays, sp: Edges) -> dict[str, Any]:
    """SUPPORTS properties as arrays; a tie without ``role`` takes the worker's own role.

    The ties' dicts are read in one pass (each dict once, while it is in the CPU's cache),
    then parsed column by column.
    """
    where = _where(g, "SUPPORTS")
    rows = [tuple(map(d.get, _SUPPORTS_FIELDS)) for d in sp.data]
    mode, role, employer, frequency, turnover, since, ends, tasks = (
        zip(*rows, strict=True) if rows else [()] * len(_SUPPORTS_FIELDS)
    )
    roles = [r or g.attrs[w].get("role") for r, w in zip(role, sp.source.tolist(), strict=True)]
    out: dict[str, Any] = {
        "mode": codes_column(mode, MODES, field="mode", where=where),
        "role": codes_column(roles, ROLES, field="role", where=where),
        "employer": codes_column(employer, EMPLOYERS, field="employer", where=where),
        "frequency": numbers_column(frequency, field="frequency", where=where, upper=MAX_FREQUENCY),
        "turnover": numbers_column(turnover, field="turnover_per_year", where=where),
        "since": dates_column(since, field="since", where=where),
        "ends": dates_column(ends, field="ends", where=where),
    }
    out["task_codes"], out["tasks"] = factor_column(tasks, tag_tuple, field="tasks", where=where)
    return out


def _raw_views(kn: Edges, a: np.ndarray, b: np.ndarray, n_s: int) -> dict[str, list[Any]]:
    """Each account's own words, as stored, for the two-sided pairs (None elsewhere)."""
    data = kn.data
    side_a = [data[i] for i in a.tolist()] + [None] * n_s
    side_b = [data[i] if i >= 0 else None for i in b.tolist()] + [None] * n_s
    return {"report_a": side_a, "report_b": side_b}
