"""Per-person isolation indicators from relational proximity, for the store to count.

The asset map reports how many people have no, or only one, unpaid tie of good proximity, and
how many have support-dominated networks (paid support fills most of their network). Both need
the proximity model (`graphsvc.proximity`), which runs in Python on a graph: the store cannot
score ties in Cypher. So the flow is: score the ties of the neighbourhood's graph here, turn the
scores into two per-person numbers, hand those to `GraphStore.asset_counts` (which counts them
over the query's population, next to everything else it counts), and let only the counts out.

The rule is the one `graphsvc.proximity.profile` uses (`ProximityConfig.profile`): an unpaid
tie is *good* when its overall proximity is at least ``good``; a person is *support-dominated*
when at least ``paid_share`` of their ties are paid and at most ``max_good_unpaid`` unpaid ties
are good. A tie with unknown overall proximity is not good. It is computed here from one
`score_ties` frame for everyone at once (``tests/assets/test_indicators.py`` checks it agrees
with `profile` person by person).

Examples
--------
>>> import pandas as pd
>>> scores = pd.DataFrame({
...     "source": ["a", "w", "b"], "target": ["b", "a", "c"], "type": ["KNOWS", "SUPPORTS", "KNOWS"],
...     "paid": [False, True, False], "overall": [0.7, 0.4, 0.2]})
>>> ind = indicators_from_scores(scores, people=["a", "b", "c", "d"])
>>> ind.good_unpaid
{'a': 1, 'b': 1, 'c': 0, 'd': 0}
>>> sorted(ind.support_dominated)
['a']
"""  # noqa: E501

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import networkx as nx
import pandas as pd

from graphsvc.model import Label

__all__ = ["Indicators", "indicators_from_scores", "support_indicators"]


@dataclass(frozen=True)
class Indicators:
    """Per-person inputs for `GraphStore.asset_counts`; never published as they are.

    ``good_unpaid``: person id -> unpaid ties of good proximity. ``support_dominated``: ids of
    people whose networks are support-dominated. ``rule``: the rule in words, for the map's notes.
    """

    good_unpaid: dict[str, int]
    support_dominated: frozenset[str]
    rule: str


def indicators_from_scores(
    scores: pd.DataFrame,
    *,
    people: Iterable[str],
    good: float = 0.5,
    paid_share: float = 0.5,
    max_good_unpaid: int = 1,
) -> Indicators:
    """Indicators for ``people`` from a `graphsvc.proximity.score_ties` frame.

    Parameters
    ----------
    scores
        One row per tie with at least ``source``, ``target``, ``paid`` and ``overall``; a tie
        counts for both its ends (the frame's paid rows run from worker to person).
    people
        Whose indicators to return; someone with no scored tie has 0 good ties and is not
        support-dominated (no ties at all is isolation, which the 0 shows).
    good, paid_share, max_good_unpaid
        The rule, as in `graphsvc.proximity.config.ProfileConfig`.

    Returns
    -------
    Indicators
    """
    wanted = list(dict.fromkeys(people))
    ties: Counter[str] = Counter()
    paid: Counter[str] = Counter()
    good_ties: Counter[str] = Counter()
    if len(scores):
        is_paid = scores["paid"].to_numpy(dtype=bool)
        is_good = ~is_paid & (scores["overall"].to_numpy(dtype=float) >= good)
        for column in ("source", "target"):
            ends = scores[column].to_numpy(dtype=object)
            ties.update(ends.tolist())
            paid.update(ends[is_paid].tolist())
            good_ties.update(ends[is_good].tolist())
    dominated = frozenset(
        p
        for p in wanted
        if ties[p] and paid[p] / ties[p] >= paid_share and good_ties[p] <= max_good_unpaid
    )
    ties_word = "tie" if max_good_unpaid == 1 else "ties"
    rule = (
        f"Support-dominated when at least {paid_share:.0%} of ties are paid and at most "
        f"{max_good_unpaid} unpaid {ties_word} reach overall proximity {good:.2f}."
    )
    return Indicators({p: good_ties[p] for p in wanted}, dominated, rule)


def support_indicators(G: nx.MultiDiGraph, config: Any = None) -> Indicators:
    """Score ``G``'s ties with `graphsvc.proximity` and derive every person's indicators.

    ``config`` is a `graphsvc.proximity.ProximityConfig` (or a mapping, or None for the
    defaults). Ties to people outside ``G`` are not seen: pass the whole graph when a
    neighbourhood's people have many ties elsewhere.
    """
    from graphsvc.proximity import score_ties
    from graphsvc.proximity.config import resolve_config

    cfg = resolve_config(config)
    scores = score_ties(G, cfg, reasons=False, views=False)
    people = [n for n, d in G.nodes(data=True) if d.get("label") == Label.PERSON]
    p = cfg.profile
    return indicators_from_scores(
        scores,
        people=people,
        good=p.good,
        paid_share=p.paid_share,
        max_good_unpaid=p.max_good_unpaid,
    )
