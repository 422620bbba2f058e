"""Seeded synthetic neighbourhoods: believable test data that belongs to nobody.

graphsvc holds personal data about people who may be vulnerable, so demos, benchmarks, contract
tests and notebooks run on invented people instead. `generate` builds a world of neighbourhoods
whose shape follows what the domain says matters: households who know each other as family,
neighbours along the same streets, friendships that form mostly around shared interests, groups
that meet at bumping spaces at set times, and a minority of people (about 7%) whose lives are
full of paid support and nearly empty of unpaid ties: the people graphsvc exists for.

The output is deterministic: the same arguments and seed give equal records in the same order,
whatever the machine, because every random step draws from one ``random.Random(seed)`` in a
fixed order, no set or dict order of strings decides anything, and no clock is read (the
synthetic "today" is `TODAY`). Records are made with the model classes and validated as imported
data would be, except the two most numerous kinds, KNOWS and VISITS: those are constructed from
values already in the model's normal form (a third faster), and the tests re-validate them.

Some values are deliberately missing (a friendship's start, a visit's frequency): missing means
unknown in graphsvc, and the analytics must cope with it, so the test data must contain it.

Sizes: about 10.8 ties per person of all kinds, half of them KNOWS (measured 10.5 to 10.9
between 50 and 100,000 people), so 100,000 people give about 1.08 million ties; nodes are about
1.5 per person. On a shared 2-core machine 100,000 people take about 20 seconds (see
``benchmarks/synth.py``).

Examples
--------
>>> world = generate(60, seed=1)
>>> world.summary()["Person"], world.summary()["Neighbourhood"]
(60, 1)
>>> world == generate(60, seed=1)
True
>>> G = world.graph()
>>> G.nodes["p000001"]["label"], G.number_of_edges() == len(world.ties)
('Person', True)
"""

from __future__ import annotations

import gc
import math
from dataclasses import dataclass

import networkx as nx

from graphsvc.errors import BadRequest
from graphsvc.graph import build_graph
from graphsvc.model import Label, Node, RelType, Tie
from graphsvc.synth.vocabulary import (
    MAX_PEOPLE,
    MIN_NEIGHBOURHOOD_SIZE,
    MIN_PEOPLE,
    MISSING,
    PEOPLE_PER_NEIGHBOURHOOD,
    TODAY,
)
from graphsvc.synth.world import _World

__all__ = [
    "MAX_PEOPLE",
    "MIN_PEOPLE",
    "MISSING",
    "PEOPLE_PER_NEIGHBOURHOOD",
    "TODAY",
    "Synthetic",
    "generate",
]


@dataclass(frozen=True)
class Synthetic:
    """A generated world: validated records, in a stable order, and the seed that made them.

    Equal arguments and seed give an equal `Synthetic` (records compare by value), which is
    what makes benchmark and test runs comparable across machines.
    """

    nodes: list[Node]
    ties: list[Tie]
    seed: int

    def summary(self) -> dict[str, int]:
        """Counts of nodes by label and of ties by type (every label and type, zeros included).

        Labels (``"Person"``) and tie types (``"KNOWS"``) never share a name, so one flat
        mapping reads well in a table or a benchmark's JSON.
        """
        counts = {label.value: 0 for label in Label} | {rel.value: 0 for rel in RelType}
        for node in self.nodes:
            counts[node.label] += 1
        for tie in self.ties:
            counts[tie.type] += 1
        return counts

    def graph(self) -> nx.MultiDiGraph:
        """The world as the standard NetworkX shape the analytics take (see `build_graph`)."""
        return build_graph(self.nodes, self.ties)


# --- generation -----------------------------------------------------------------------------


def generate(people: int = 50, *, seed: int = 0, neighbourhoods: int | None = None) -> Synthetic:
    """Generate a believable synthetic world of ``people`` people, deterministically.

    Parameters
    ----------
    people
        How many people to invent, from `MIN_PEOPLE` (50) to `MAX_PEOPLE` (100,000). Paid
        workers, spaces, groups, needs and interests are added in proportion.
    seed
        Seeds the one random stream every choice is drawn from; the same seed gives the same
        world, so a benchmark or a failing test can be reproduced exactly.
    neighbourhoods
        How many neighbourhoods to spread people over; by default one per 2,000 people
        (`PEOPLE_PER_NEIGHBOURHOOD`), at least one. Each holds at least 25 people.

    Returns
    -------
    Synthetic
        Validated records: every tie joins existing nodes of the labels `ENDPOINTS` allows, no
        tie joins a node to itself and no (type, source, target) appears twice.

    Raises
    ------
    BadRequest
        If ``people`` or ``neighbourhoods`` is out of range or not a whole number.

    Notes
    -----
    See the module docstring for the measured ties per person. Around 7% of people are
    support-dominated: three or more paid workers SUPPORT them and at most one person KNOWS
    them or is known by them. Money figures are illustrative only, never real rates.

    Examples
    --------
    >>> world = generate(50, seed=7)
    >>> [n.id for n in world.nodes if n.label == "Neighbourhood"]
    ['n01']
    """
    if isinstance(people, bool) or not isinstance(people, int):
        raise BadRequest(f"people must be a whole number, got {people!r}")
    if not MIN_PEOPLE <= people <= MAX_PEOPLE:
        raise BadRequest(f"people must be between {MIN_PEOPLE} and {MAX_PEOPLE}, got {people}")
    most = people // MIN_NEIGHBOURHOOD_SIZE
    if neighbourhoods is None:
        neighbourhoods = max(1, math.ceil(people / PEOPLE_PER_NEIGHBOURHOOD))
    elif isinstance(neighbourhoods, bool) or not isinstance(neighbourhoods, int):
        raise BadRequest(f"neighbourhoods must be a whole number, got {neighbourhoods!r}")
    if not 1 <= neighbourhoods <= most:
        raise BadRequest(
            f"neighbourhoods must be between 1 and {most} for {people} people "
            f"(each needs at least {MIN_NEIGHBOURHOOD_SIZE}), got {neighbourhoods}"
        )
    # Generation makes millions of small objects and no garbage; the cyclic collector would
    # scan them all again and again for nothing (a third of the run time at 100,000 people).
    collecting = gc.isenabled()
    gc.disable()
    try:
        nodes, ties = _World(people, neighbourhoods, seed).build()
        return Synthetic(nodes=nodes, ties=ties, seed=seed)
    finally:
        if collecting:
            gc.enable()
