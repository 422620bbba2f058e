"""The comparison itself: two maps scored, each tie classified, explained and ordered.

Why these choices:

- **One overall threshold** (``ChangeConfig.threshold``, 0.05 by default) decides closer / less
  close / about the same, because scores move a little with every small edit and a broker
  wants the ties that really moved. The same threshold picks the dimensions named in the
  sentences.
- **Unknown stays unknown.** A dimension missing on either date has a NaN difference, never
  0; a tie whose overall score is unknown on either date is ``unclear``, not "the same".
- **Scored ties only**: the ``KNOWS`` and paid ``SUPPORTS`` ties that
  `graphsvc.proximity.person_ties` scores. Places and groups change the scores through
  multiplexity and commonality, and so show up there.
"""

from __future__ import annotations

import math
from collections.abc import Hashable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import networkx as nx
import pandas as pd

from graphsvc.errors import BadRequest
from graphsvc.proximity.config import ProximityConfig, resolve_config
from graphsvc.proximity.dimensions import DIMENSIONS
from graphsvc.proximity.score import person_ties
from graphsvc.proximity.single import GraphStats
from graphsvc.proximity.words import MONTHS, frequency_band, listing, number_words, when

#: The kinds of change, in the order a report lists them.
CHANGES = ("new", "stronger", "weaker", "ended", "same", "unclear")
#: Each kind of change in the words a table shows.
CHANGE_WORDS = {
    "new": "new",
    "stronger": "closer",
    "weaker": "less close",
    "ended": "ended",
    "same": "about the same",
    "unclear": "cannot tell",
}
#: Each kind of change after a count, in the report's summary.
_COUNTED = {
    "new": lambda n: "new tie" + "s" * (n != 1),
    "stronger": lambda n: "closer",
    "weaker": lambda n: "less close",
    "ended": lambda n: "ended",
    "same": lambda n: "about the same",
    "unclear": lambda n: "with too little recorded to compare",
}
#: The scores compared: overall first, then the five dimensions.
SCORES = ("overall", *DIMENSIONS)
_NAN = float("nan")
_ABSENT = dict.fromkeys(SCORES, _NAN)


@dataclass(frozen=True)
class ChangeConfig:
    """``threshold``: how far the overall score (0 to 1) must move to call a tie closer or less
    close, and a dimension to be named as having gone up or down. ``proximity``: the scoring
    config (its ``as_of`` is replaced by each map's date when `changes` is given dates)."""

    threshold: float = 0.05
    proximity: ProximityConfig | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.threshold, int | float) or not 0 <= self.threshold < 1:
            raise BadRequest(f"threshold must be a number from 0 to 1 (got {self.threshold!r})")


@dataclass(frozen=True)
class TieChange:
    """One tie of the person, then and now.

    ``then`` / ``now``: the overall score and the five dimensions (NaN: not known, or the tie
    was not there). ``sentences``: what changed, in plain English, headline first.
    """

    other: str
    name: str
    type: str
    paid: bool
    change: str
    then: dict[str, float] = field(default_factory=lambda: dict(_ABSENT))
    now: dict[str, float] = field(default_factory=lambda: dict(_ABSENT))
    sentences: tuple[str, ...] = ()

    def delta(self, score: str = "overall") -> float:
        """``now - then`` for ``overall`` or a dimension; NaN when either is not known."""
        return self.now[score] - self.then[score]


@dataclass(frozen=True)
class ChangeReport:
    """What changed in ``person``'s map between the dates ``then`` and ``now`` (None: not
    given). ``ties`` are in report order: new, closer, less close, ended, about the same,
    cannot tell; biggest first within each."""

    person: str
    name: str
    then: date | None
    now: date | None
    threshold: float
    ties: tuple[TieChange, ...]

    def count(self, change: str) -> int:
        """How many ties changed this way (one of `CHANGES`)."""
        return sum(t.change == change for t in self.ties)

    def summary(self) -> list[str]:
        """A few plain sentences: which maps, how many ties changed how, and the caveat."""
        span = (
            f"between {day_words(self.then)} and {day_words(self.now)}"
            if self.then and self.now
            else "between the two maps"
        )
        parts = [f"{number_words(n)} {_COUNTED[c](n)}" for c in CHANGES if (n := self.count(c))]
        lines = [f"How {self.name}'s relationships changed {span}."]
        lines.append(
            _capital(listing(parts, most=len(parts))) + "." if parts else "No ties to compare."
        )
        lines.append(
            "Scores are estimates from what is recorded: a way to start a conversation, "
            "never a verdict on a relationship."
        )
        return lines

    def to_frame(self) -> pd.DataFrame:
        """One row per tie: who, the change, each score then / now / difference, sentences."""
        rows = []
        for t in self.ties:
            row: dict[str, Any] = {
                "other": t.other,
                "name": t.name,
                "type": t.type,
                "paid": t.paid,
                "change": t.change,
            }
            for score in SCORES:
                row[f"{score}_then"] = t.then[score]
                row[f"{score}_now"] = t.now[score]
                row[f"{score}_delta"] = t.delta(score)
            row["sentences"] = t.sentences
            rows.append(row)
        numbers = [f"{s}_{w}" for s in SCORES for w in ("then", "now", "delta")]
        columns = ["other", "name", "type", "paid", "change", *numbers, "sentences"]
        return pd.DataFrame(rows, columns=columns).astype(dict.fromkeys(numbers, float))

    def to_json(self) -> dict[str, Any]:
        """JSON-ready: unknown scores are null, never 0."""
        return {
            "person": self.person,
            "name": self.name,
            "then": None if self.then is None else self.then.isoformat(),
            "now": None if self.now is None else self.now.isoformat(),
            "threshold": self.threshold,
            "counts": {c: self.count(c) for c in CHANGES},
            "summary": self.summary(),
            "ties": [
                {
                    "other": t.other,
                    "name": t.name,
                    "type": t.type,
                    "paid": t.paid,
                    "change": t.change,
                    "then": {s: _null(t.then[s]) for s in SCORES},
                    "now": {s: _null(t.now[s]) for s in SCORES},
                    "delta": {s: _null(t.delta(s)) for s in SCORES},
                    "sentences": list(t.sentences),
                }
                for t in self.ties
            ],
        }

    def table(self) -> list[tuple[str, ...]]:
        """The overall scores as a table, header first: the picture's text alternative.

        ``-`` means the tie was not there; ``?`` that it was, but its score is not known.
        """
        head = ("relationship", "change", "then", "now", "difference")
        rows = [head]
        for t in self.ties:
            who = f"{t.name} ({'paid support' if t.paid else 'knows'})"
            rows.append(
                (
                    who,
                    CHANGE_WORDS[t.change],
                    _shown(t.then["overall"], t.change == "new"),
                    _shown(t.now["overall"], t.change == "ended"),
                    "" if t.change in ("new", "ended") else _signed(t.delta()),
                )
            )
        return rows

    def svg(self) -> str:
        """A slope chart of the overall scores then and now (see `graphsvc.changes.picture`)."""
        from graphsvc.changes.picture import slope_chart

        return slope_chart(self)


def changes(
    G_then: nx.MultiDiGraph,
    G_now: nx.MultiDiGraph,
    person_id: Hashable,
    config: ChangeConfig | None = None,
    *,
    then: date | None = None,
    now: date | None = None,
    rarity: tuple[GraphStats | None, GraphStats | None] = (None, None),
) -> ChangeReport:
    """Compare ``person_id``'s ties in two graphs of the graphsvc shape (neither is changed).

    Parameters
    ----------
    G_then, G_now
        The maps to compare, usually from ``fetch_for_scores(store, person, as_of=...)``
        (`graphsvc.proximity.commands`) for two dates, as ``graphsvc score`` fetches them.
    person_id
        The ``Person`` whose ties to compare; `NotFound` if not a Person in both graphs.
    config
        `ChangeConfig`; defaults when None.
    then, now
        The dates of the two maps: each is scored as of its date ("years known" counts to
        it), and the sentences name them. When None, the proximity config's ``as_of``.
    rarity
        Interest rarity on each date (`graphsvc.proximity.person_ties`); by default judged
        over the people in each graph.

    Returns
    -------
    ChangeReport
        Each scored tie as new, stronger, weaker, ended, same or unclear (overall unknown on
        a date), with the differences per dimension and sentences; ordered new, stronger
        (biggest rise first), weaker (biggest fall first), ended (closest first), same,
        unclear, then by name.
    """
    cfg = config or ChangeConfig()
    base = resolve_config(cfg.proximity)
    frames = [
        person_ties(G, person_id, _dated(base, day), views=False, rarity=r)
        for G, day, r in ((G_then, then, rarity[0]), (G_now, now, rarity[1]))
    ]
    before, after = ({str(r["other"]): r for r in f.to_dict("records")} for f in frames)
    items = []
    for other in dict.fromkeys([*after, *before]):
        row = after.get(other) or before[other]
        old = _scores(before.get(other))
        new = _scores(after.get(other))
        if other not in before:
            change = "new"
        elif other not in after:
            change = "ended"
        else:
            delta = new["overall"] - old["overall"]
            if math.isnan(delta):
                change = "unclear"
            elif delta >= cfg.threshold:
                change = "stronger"
            elif delta <= -cfg.threshold:
                change = "weaker"
            else:
                change = "same"
        tie = TieChange(
            other=other,
            name=str(row["name"]),
            type=str(row["type"]),
            paid=bool(row["paid"]),
            change=change,
            then=old,
            now=new,
        )
        words = _sentences(tie, G_then, G_now, str(person_id), cfg.threshold, then, now)
        items.append(TieChange(**{**tie.__dict__, "sentences": words}))
    items.sort(key=_order)
    return ChangeReport(
        person=str(person_id),
        name=_name(G_now, person_id),
        then=then,
        now=now,
        threshold=cfg.threshold,
        ties=tuple(items),
    )


# --- pieces -----------------------------------------------------------------------------------


def _dated(cfg: ProximityConfig, day: date | None) -> ProximityConfig:
    return cfg if day is None else cfg.model_copy(update={"as_of": day})


def _scores(row: dict[str, Any] | None) -> dict[str, float]:
    if row is None:
        return dict(_ABSENT)
    return {s: _NAN if pd.isna(row[s]) else float(row[s]) for s in SCORES}


def _order(t: TieChange) -> tuple[int, bool, float, str, str]:
    if t.change == "new":
        value = -t.now["overall"]
    elif t.change == "stronger":
        value = -t.delta()
    elif t.change == "weaker":
        value = t.delta()
    elif t.change == "ended":
        value = -t.then["overall"]
    elif t.change == "same":
        value = -t.now["overall"]
    else:
        value = 0.0
    unknown = math.isnan(value)
    return (CHANGES.index(t.change), unknown, 0.0 if unknown else value, t.name.lower(), t.other)


def _name(G: nx.MultiDiGraph, node: Hashable) -> str:
    name = G.nodes[node].get("name") if node in G else None
    return str(name or node)


def day_words(day: date | None) -> str:
    """A date as people write it: ``1 March 2024`` (empty for None)."""
    return "" if day is None else f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _sentences(
    t: TieChange,
    G_then: nx.MultiDiGraph,
    G_now: nx.MultiDiGraph,
    person: str,
    threshold: float,
    then: date | None,
    now: date | None,
) -> tuple[str, ...]:
    if t.change == "new":
        when_then = f" on {day_words(then)}" if then else " before"
        return (f"New: {t.name} was not in your map{when_then}.",)
    if t.change == "ended":
        when_now = f" on {day_words(now)}" if now else " now"
        return (f"Ended: {t.name} is not in your map{when_now}.",)
    up = [d for d in DIMENSIONS if t.delta(d) >= threshold]
    down = [d for d in DIMENSIONS if t.delta(d) <= -threshold]
    out: list[str] = []
    if t.change == "stronger":
        out.append(
            f"Closer than before: {listing(up, 5)} went up." if up else "Closer than before."
        )
        if down:
            out.append(f"But {listing(down, 5)} went down.")
    elif t.change == "weaker":
        out.append(
            f"Less close than before: {listing(down, 5)} went down."
            if down
            else "Less close than before."
        )
        if up:
            out.append(f"But {listing(up, 5)} went up.")
    elif t.change == "same":
        out.append("About as close as before.")
        moved = [f"{listing(n, 5)} went {way}" for n, way in ((up, "up"), (down, "down")) if n]
        if moved:
            out.append(_capital("; ".join(moved)) + ".")
    else:
        out.append("We cannot tell if you are closer than before: too little is recorded.")
    out += _contact(t, G_then, G_now, person)
    out += _hours(t, G_then, G_now, person)
    unknown = [
        d
        for d in DIMENSIONS
        if math.isnan(t.delta(d)) and not (math.isnan(t.then[d]) and math.isnan(t.now[d]))
    ]
    if unknown:
        out.append(f"Not compared, as it was not known both times: {listing(unknown, 5)}.")
    return tuple(out)


def _edge(G: nx.MultiDiGraph, person: str, t: TieChange) -> dict[str, Any]:
    """The tie's record as the person's side gave it (paid support: the worker's tie)."""
    if t.paid:
        return dict(G.get_edge_data(t.other, person, "SUPPORTS") or {})
    mine = G.get_edge_data(person, t.other, "KNOWS")
    return dict(mine if mine is not None else G.get_edge_data(t.other, person, "KNOWS") or {})


def _contact(
    t: TieChange, G_then: nx.MultiDiGraph, G_now: nx.MultiDiGraph, person: str
) -> list[str]:
    """``You now meet Jo every week; before it was about once a month.``"""
    old, new = _edge(G_then, person, t), _edge(G_now, person, t)
    f0, f1 = old.get("frequency"), new.get("frequency")
    if f0 is None and f1 is None:
        return []
    b0 = None if f0 is None else int(frequency_band(f0))
    b1 = None if f1 is None else int(frequency_band(f1))
    if b0 == b1:
        return []
    face = (new.get("mode") or old.get("mode")) == "in_person"
    if t.paid:
        now_part = (
            f"{t.name} does not support you at the moment"
            if b1 == 0
            else f"{t.name} now supports you {when(f1)}"
            if f1 is not None
            else f"We do not know how often {t.name} supports you now"
        )
    else:
        verb = "meet" if face else "are in touch with"
        now_part = (
            f"You are not in touch with {t.name} at the moment"
            if b1 == 0
            else (f"You now meet {t.name}" if face else f"You are now in touch with {t.name}")
            + f" {when(f1)}"
            if f1 is not None
            else f"We do not know how often you {verb} {t.name} now"
        )
    before = "before, we did not know how often" if f0 is None else f"before it was {when(f0)}"
    return [f"{now_part}; {before}."]


def _hours(t: TieChange, G_then: nx.MultiDiGraph, G_now: nx.MultiDiGraph, person: str) -> list[str]:
    """Paid hours, which a broker reviews most closely."""
    if not t.paid:
        return []
    h0 = _edge(G_then, person, t).get("hours_per_week")
    h1 = _edge(G_now, person, t).get("hours_per_week")
    if h0 is None or h1 is None or h0 == h1:
        return []
    return [f"Paid support went from {h0:g} to {h1:g} hours a week."]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _null(value: float) -> float | None:
    return None if math.isnan(value) else round(value, 4)


def _shown(value: float, absent: bool) -> str:
    if absent:
        return "-"
    return "?" if math.isnan(value) else f"{value:.2f}"


def _signed(value: float) -> str:
    return "?" if math.isnan(value) else f"{value:+.2f}"
