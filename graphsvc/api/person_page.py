"""What a person's page shows, worked out from graphs that are already consent-checked.

The page is looked at by a broker *with* the person, who may have a learning disability, so
everything here is words first: closeness as "close" or "not close yet" (never 0.73, which
pretends a precision the inputs do not have), each of the five dimensions as a bar *and* a word,
"we do not know" where data is missing, and the same names the connection map uses
(`graphsvc.maps.node_words`), so "a neighbour" on the map is "a neighbour" in every list.

Pure: the route fetches and redacts the graphs (`graphsvc.api.routes.maps.fetched`), this
module only reads them. Redacted people carry an opaque id such as ``anon-1f2e...``; the
proximity and chain sentences fall back to that id for a name, so `_unmask` puts the map's role
word ("a neighbour", else "someone") in its place before any sentence reaches the page.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import pandas as pd

from graphsvc.api.circle_svg import RING_WORDS, Member, circle_svg
from graphsvc.chains import ESTIMATE_LABEL, Chain, Chains, Complement, NoChainFound, suggest
from graphsvc.maps import node_words
from graphsvc.model import Label, RelType
from graphsvc.proximity import GraphStats, person_ties, profile
from graphsvc.proximity.dimensions import DIMENSIONS

__all__ = ["DIMENSION_WORDS", "PersonView", "person_view"]

#: Each dimension as a plain name and the question it answers.
DIMENSION_WORDS: dict[str, tuple[str, str]] = {
    "directness": ("Keeping in touch", "Do you meet face to face?"),
    "continuity": ("Time together", "How long and how often do you meet?"),
    "multiplexity": ("Parts of life", "In how many parts of life do you meet?"),
    "parity": ("Give and take", "Do you both give and take?"),
    "commonality": ("Things in common", "What do you both like or care about?"),
}
_CONSENT_WORDS = {
    "given": "has said yes to their map being used.",
    "not_asked": "has not been asked yet about their map. Please ask them.",
}
_END_WORDS = {Label.PERSON.value: "a person", Label.GROUP.value: "a group",
              Label.SPACE.value: "a place"}  # fmt: skip
_ANON = re.compile(r"anon-[0-9a-f]{12}", re.IGNORECASE)
CHAINS_SHOWN = 5
#: Each ring of the circle as the list says it (the proximity reasons' own words).
CLOSENESS = {
    "inner": "close",
    "middle": "fairly close",
    "outer": "not close yet",
    "unplaced": "we know too little to say",
}


@dataclass(frozen=True)
class Bar:
    """One dimension of one tie: its plain name, question, value (None: unknown) and word."""

    key: str
    name: str
    question: str
    value: float | None
    words: str

    @property
    def width(self) -> int:
        """The bar's length out of 100 (0 when unknown: the words say so)."""
        return 0 if self.value is None else round(100 * self.value)


@dataclass(frozen=True)
class TieView:
    """One of the person's ties, for the list and the panel the map opens."""

    index: int
    node: str
    name: str
    kind: str
    paid: bool
    closeness: str
    bars: tuple[Bar, ...]
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class RingRow:
    """One line of the circle's table: the same data as the picture."""

    ring: str
    name: str
    kind: str
    paid: bool


@dataclass(frozen=True)
class ChainView:
    """One suggested chain, told as a story, with any estimate labelled as one."""

    title: str
    story: tuple[str, ...]
    reasons: tuple[str, ...]
    estimates: tuple[str, ...]
    flags: tuple[str, ...]


@dataclass(frozen=True)
class PersonView:
    """Everything the person page shows."""

    id: str
    name: str
    consent: str
    notes: tuple[str, ...]
    summary: tuple[str, ...]
    ties: tuple[TieView, ...]
    circle: str
    rings: tuple[RingRow, ...]
    unplaced: tuple[str, ...]
    needs: tuple[tuple[str, str], ...]
    need: str | None
    chains: tuple[ChainView, ...] = ()
    no_chains: tuple[str, ...] = ()
    dropped: tuple[str, ...] = ()
    estimate_label: str = ESTIMATE_LABEL
    caveat: str = field(
        default=(
            "These are rough guides made from what has been written down, not a test of a "
            "relationship. Use them to start a conversation."
        )
    )


def level(value: float | None) -> str:
    """A dimension in a word; unknown stays unknown."""
    if value is None:
        return "not known"
    for floor, words in ((0.75, "high"), (0.5, "medium"), (0.25, "low")):
        if value >= floor:
            return words
    return "very low"


def _capital(text: str) -> str:
    """A role word standing alone as a name starts with a capital: "A neighbour"."""
    return text[:1].upper() + text[1:]


def _num(value: Any) -> float | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else value


def _unmask(text: str, words: Mapping[str, tuple[str, str]]) -> str:
    """Replace redacted people's opaque ids in a sentence by the map's role word."""

    def swap(match: re.Match[str]) -> str:
        word = words.get(match.group(0).lower(), ("someone", ""))[0]
        word = "someone" if _ANON.fullmatch(word) else word
        at_start = match.start() == 0 or text[: match.start()].rstrip().endswith(".")
        return word[:1].upper() + word[1:] if at_start else word

    return _ANON.sub(swap, text)


def _ties(
    G: nx.MultiDiGraph,
    person_id: str,
    words: Mapping[str, tuple[str, str]],
    rings: Mapping[str, str],
    frame: pd.DataFrame,
) -> list[TieView]:
    """The tie rows of the page from ``frame``, the person's `person_ties` (with reasons)."""
    out = []
    for i, row in enumerate(frame.to_dict("records")):
        other = str(row["other"])
        bars = tuple(
            Bar(d, *DIMENSION_WORDS[d], _num(row[d]), level(_num(row[d]))) for d in DIMENSIONS
        )
        name, kind = words.get(other, (other, ""))
        out.append(
            TieView(
                index=i,
                node=other,
                name=_capital(_unmask(name, words)),
                kind=kind,
                paid=bool(row["paid"]),
                closeness=CLOSENESS[rings.get(other, "unplaced")],
                bars=bars,
                reasons=tuple(_unmask(r, words) for r in row["reasons"]),
            )
        )
    return out


def _needs(G: nx.MultiDiGraph, person_id: str) -> tuple[tuple[str, str], ...]:
    return tuple(
        sorted(
            (str(v), str(G.nodes[v].get("what") or "something to help with"))
            for _, v, key in G.out_edges(person_id, keys=True)
            if key == RelType.HAS_NEED
        )
    )


def _estimate(c: Complement, words: Mapping[str, tuple[str, str]]) -> str:
    """One complement in words, with its label: the hours are an estimate, never a plan."""
    amount = "some" if c.hours_per_week is None else f"{c.hours_per_week:g} hours a week"
    worker = _unmask(words.get(c.worker, ("a paid worker", ""))[0], words)
    money = "" if c.weekly_cost is None else f", about £{c.weekly_cost:,.0f} a week"
    return f"Could sit alongside {amount} of paid support from {worker}{money} ({c.label})."


def _chain_view(
    G: nx.MultiDiGraph, chain: Chain, words: Mapping[str, tuple[str, str]]
) -> ChainView:
    attrs = G.nodes[chain.end]
    name = str(attrs.get("name") or words.get(chain.end, ("someone", ""))[0])
    what = _END_WORDS.get(str(chain.end_label))
    title = _unmask(name, words) + (f" ({what})" if what else "")
    return ChainView(
        title=title[:1].upper() + title[1:],
        story=tuple(_unmask(s, words) for s in chain.story),
        reasons=tuple(_unmask(s, words) for s in chain.reasons),
        estimates=tuple(_estimate(c, words) for c in chain.complements),
        flags=chain.flags,
    )


def _chains(
    G: nx.MultiDiGraph, person_id: str, need: str | None, words: Mapping[str, tuple[str, str]]
) -> dict[str, Any]:
    try:
        found: Chains = suggest(G, person_id, need, k=CHAINS_SHOWN)
    except NoChainFound as exc:
        return {"no_chains": tuple(_unmask(m, words) for m in exc.missing)}
    return {
        "chains": tuple(_chain_view(G, c, words) for c in found),
        "dropped": tuple(_unmask(d.reason, words) for d in found.dropped),
    }


def _all_words(*graphs: nx.MultiDiGraph, centre: str) -> dict[str, tuple[str, str]]:
    """The map's words for every node of ``graphs`` (anon ids lower-cased for `_unmask`)."""
    out: dict[str, tuple[str, str]] = {}
    for G in graphs:
        for node, pair in node_words(G, centre).items():
            out.setdefault(node.lower() if _ANON.fullmatch(node) else node, pair)
    return out


def person_view(
    G: nx.MultiDiGraph,
    person_id: str,
    *,
    chains_graph: nx.MultiDiGraph,
    notes: Iterable[str] = (),
    need: str | None = None,
    rarity: GraphStats | None = None,
) -> PersonView:
    """The page's content for ``person_id``.

    ``G`` is their redacted one-hop map and ``rarity`` the store's interest rarity (both from
    `graphsvc.proximity.commands.fetch_for_scores`); ``chains_graph`` the wider redacted graph
    `graphsvc.chains.fetch_for_chains` reads; ``notes`` what the reader must know about
    consent; ``need`` one of the person's needs to aim the chains at (ignored if not theirs).
    """
    words = _all_words(G, chains_graph, centre=person_id)
    name = str(G.nodes[person_id].get("name") or "This person")
    # scored once: the profile takes the ties the page lists rather than scoring them again
    frame = person_ties(G, person_id, views=False, rarity=rarity)
    prof = profile(G, person_id, rarity=rarity, ties=frame)
    ring_of = {str(m.id): ring for ring, members in prof.rings.items() for m in members}
    ties = _ties(G, person_id, words, ring_of, frame)
    kinds = {t.node: t.kind for t in ties}
    placed = [
        (ring, RingRow(RING_WORDS[ring],
                       _capital(_unmask(words.get(str(m.id), (m.name, ""))[0], words)),
                       kinds.get(str(m.id), ""), m.paid))
        for ring, members in prof.rings.items()
        for m in members
    ]  # fmt: skip
    needs = _needs(G, person_id)
    aimed = need if need in {n for n, _ in needs} else None
    consent = _CONSENT_WORDS.get(
        str(G.nodes[person_id].get("consent")), "has no consent recorded. Please ask them."
    )
    return PersonView(
        id=person_id,
        name=name,
        consent=f"{name} {consent}",
        notes=tuple(notes),
        summary=tuple(_unmask(s, words) for s in prof.summary),
        ties=tuple(ties),
        circle=circle_svg(name, [Member(ring, r.name, r.paid) for ring, r in placed]),
        rings=tuple(r for ring, r in placed if ring != "unplaced"),
        unplaced=tuple(r.name for ring, r in placed if ring == "unplaced"),
        needs=needs,
        need=aimed,
        **_chains(chains_graph, person_id, aimed, words),
    )
