"""What changed in a person's map between two reviews: new, ended, closer, less close.

Decision 0005 keeps ties as versions with dates, so a store can give a person's map as it was
on any day (``fetch_for_scores(store, person, as_of=day)``: the one-hop map and interest
rarity of that day). `changes` compares two such maps: it
scores the person's ties in both with `graphsvc.proximity.person_ties` and says, tie by tie,
what changed, dimension by dimension, in plain English. It is pure: graphs in, a report out.

The report is for a conversation between a person and their broker, never a verdict on a
relationship: a tie that reads "less close" may simply be a friend who moved away.

Public API
----------
changes(G_then, G_now, person_id, config=None, *, then=None, now=None) -> ChangeReport
    The comparison; ``then`` / ``now`` are the dates the maps are of ("years known" counts to
    them).
ChangeConfig
    ``threshold`` (0.05: how far the overall score must move to count as closer or less
    close) and the ``proximity`` config.
ChangeReport
    ``ties`` (one `TieChange` each, in the order described in `changes`), ``summary()``,
    ``to_frame()``, ``to_json()``, ``table()`` and ``svg()`` (a slope chart; the table is its
    text alternative).

Examples
--------
Sam and Jo met monthly in 2023 and weekly by 2024; Sam stopped seeing Ali.

>>> from datetime import date
>>> from graphsvc.graph import build_graph
>>> from graphsvc.model import Knows, Person
>>> folk = [Person(id="sam", name="Sam"), Person(id="jo", name="Jo"), Person(id="ali")]
>>> then = build_graph(folk, [Knows(source="sam", target="jo", frequency=1, mode="in_person"),
...                           Knows(source="sam", target="ali", frequency=4.3)])
>>> now = build_graph(folk, [Knows(source="sam", target="jo", frequency=4.3, mode="in_person")])
>>> report = changes(then, now, "sam", then=date(2023, 6, 1), now=date(2024, 6, 1))
>>> [(t.name, t.change) for t in report.ties]
[('Jo', 'stronger'), ('ali', 'ended')]
>>> print(report.ties[0].sentences[1])
You now meet Jo every week; before it was about once a month.
"""

from __future__ import annotations

from graphsvc.changes.report import (
    CHANGES,
    ChangeConfig,
    ChangeReport,
    TieChange,
    changes,
)

__all__ = ["CHANGES", "ChangeConfig", "ChangeReport", "TieChange", "changes"]
