"""An offline, accessible HTML map of one person's connections.

The map belongs to the person: they, their family or their broker open it on a laptop in a
kitchen, a library or a day centre, often with no internet. So the page is one self-contained
file (vis-network's script and style are inlined from the copy pyvis ships, no CDN, no
Bootstrap) and a Content-Security-Policy forbids it to load anything at all.

People with learning disabilities may look at their own map, and some of them use screen
readers or do not see colours well, so:

- every kind of thing has its own colour *and* its own shape, and a key in HTML explains both;
- paid ties (``SUPPORTS``, ``MET_BY``) are dashed and labelled "paid", not just coloured;
- the same information is written out as plain lists ("People you know", "Groups", ...),
  unpaid connections first because the map starts from strengths, not from services;
- names come from user data and are never trusted: the page text is autoescaped, the data is
  JSON with ``<``, ``>`` and ``&`` escaped, tooltips are set with ``textContent``, and only the
  two scripts whose hashes are in the page's CSP may run.

pyvis builds the vis-network node, edge and option records; the page around them is
``templates/map.html`` with ``static/map.css`` and ``static/map.js``.

Examples
--------
>>> from graphsvc.graph import build_graph
>>> from graphsvc.model import Knows, Person
>>> G = build_graph([Person(id="p1", name="Sam"), Person(id="p2")],
...                 [Knows(source="p1", target="p2", kind="neighbour")])
>>> html = render_map(G, "p1")
>>> "<h1>Sam&#39;s connections</h1>" in html, "a neighbour" in html, 'src="http' in html
(True, True, False)
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import re
from collections import defaultdict, deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import networkx as nx
from markupsafe import Markup
from pyvis.network import Network

from graphsvc.errors import BadRequest, NotFound
from graphsvc.model import Employer, KnowsKind, Label, Mode, RelType, WorkerRole

__all__ = ["STYLES", "LabelStyle", "contrast_ratio", "node_words", "render_map", "write_map"]


# --- how each kind of thing looks -----------------------------------------------------------


@dataclass(frozen=True)
class LabelStyle:
    """How one label is drawn: never by colour alone, always a shape and a word as well.

    ``colour`` is at least 3:1 against the white page (WCAG 1.4.11, non-text contrast);
    ``shape`` is a vis-network shape name and ``word`` is what the key calls it.
    """

    colour: str
    shape: str
    word: str
    size: int = 18


#: One colour (Okabe-Ito based, darkened for contrast) and one shape per label.
STYLES: Mapping[Label, LabelStyle] = {
    Label.PERSON: LabelStyle("#0072B2", "dot", "Person", 18),
    Label.PAID_WORKER: LabelStyle("#D55E00", "square", "Paid worker", 17),
    Label.SPACE: LabelStyle("#007A5E", "triangle", "Place", 19),
    Label.GROUP: LabelStyle("#A2457E", "diamond", "Group", 19),
    Label.INTEREST: LabelStyle("#A67600", "star", "Interest or skill", 21),
    Label.NEED: LabelStyle("#5B4DA8", "ellipse", "Something to help with", 18),
    Label.NEIGHBOURHOOD: LabelStyle("#5F6B73", "hexagon", "Neighbourhood", 19),
}
#: Text on the page and on the canvas: 17:1 against white.
TEXT_COLOUR = "#1a1a1a"
#: Unpaid ties: solid grey (5.3:1); paid ties: dashed, in the paid-worker colour.
UNPAID_EDGE_COLOUR = "#6b6b6b"
PAID_EDGE_COLOUR = STYLES[Label.PAID_WORKER].colour
CENTRE_BORDER = TEXT_COLOUR
PAID_TYPES = frozenset({RelType.SUPPORTS, RelType.MET_BY})

#: Height of the picture in CSS pixels; it takes the page's width beside the key.
CANVAS_HEIGHT = 640
#: Rings are drawn as ellipses this much wider than tall, to fill a landscape screen.
ASPECT = 1.25
#: Linked neighbours on a ring are pushed at least this far apart, so an edge's label
#: ("paid") has room between the two node labels.
MIN_EDGE_LENGTH = 170.0
#: Work the layout may spend trying ring orders (orders tried x links weighed): about a
#: second at most, and enough to settle any ego network small enough for a person to read.
LAYOUT_BUDGET = 1_000_000
VIS_VERSION = "9.1.2"


def _luminance(colour: str) -> float:
    rgb = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two ``#rrggbb`` colours, so the palette can be tested.

    >>> round(contrast_ratio("#000000", "#ffffff"), 1)
    21.0
    """
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


# --- plain words ----------------------------------------------------------------------------

_KIND_WORDS = {
    KnowsKind.FAMILY: "a family member",
    KnowsKind.FRIEND: "a friend",
    KnowsKind.NEIGHBOUR: "a neighbour",
    KnowsKind.COLLEAGUE: "a colleague",
    KnowsKind.ACQUAINTANCE: "someone you know",
    KnowsKind.OTHER: "someone you know",
}
_KIND_SHORT = {
    KnowsKind.FAMILY: "family",
    KnowsKind.FRIEND: "friend",
    KnowsKind.NEIGHBOUR: "neighbour",
    KnowsKind.COLLEAGUE: "colleague",
    KnowsKind.ACQUAINTANCE: "someone you know",
    KnowsKind.OTHER: "someone you know",
}
_ROLE_WORDS = {
    WorkerRole.PERSONAL_ASSISTANT: "personal assistant",
    WorkerRole.CARE_WORKER: "care worker",
    WorkerRole.SUPPORT_WORKER: "support worker",
    WorkerRole.SOCIAL_WORKER: "social worker",
    WorkerRole.GP: "GP",
    WorkerRole.NURSE: "nurse",
    WorkerRole.THERAPIST: "therapist",
    WorkerRole.OTHER: "paid worker",
}
_MODE_WORDS = {
    Mode.IN_PERSON: "face to face",
    Mode.VIDEO: "by video call",
    Mode.PHONE: "by phone",
    Mode.MESSAGE: "by message",
    Mode.LETTER: "by letter",
    Mode.VIA_SOMEONE: "through someone else",
}
_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def _article(noun: str) -> str:
    """``"pub"`` -> ``"a pub"``; role words read better than ids when a name is missing."""
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


def _enum(enum: type[Any], value: object) -> Any:
    try:
        return enum(value)
    except ValueError:
        return None


def _how_often(per_month: object) -> str | None:
    """Frequency per month in words; unknown stays unsaid rather than guessed."""
    if not isinstance(per_month, int | float) or per_month <= 0:
        return None
    for floor, words in (
        (20, "almost every day"),
        (8, "a few times a week"),
        (3.5, "about once a week"),
        (1.5, "a couple of times a month"),
        (0.8, "about once a month"),
    ):
        if per_month >= floor:
            return words
    return "now and then"


def _when(partial: object) -> str | None:
    """``2019`` / ``2019-05`` / ``2019-05-14`` in words, keeping only the precision given."""
    if not isinstance(partial, str) or not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", partial):
        return None
    parts = [int(p) for p in partial.split("-")]
    if len(parts) == 1:
        return str(parts[0])
    month = _MONTHS[parts[1] - 1] if 1 <= parts[1] <= 12 else None
    if month is None:
        return str(parts[0])
    return f"{parts[2]} {month} {parts[0]}" if len(parts) == 3 else f"{month} {parts[0]}"


def _closeness(score: float) -> str:
    """Scores are rough: say them in four words rather than pretend two decimals of precision."""
    if score >= 0.75:
        return "very close"
    if score >= 0.5:
        return "close"
    if score >= 0.25:
        return "not so close"
    return "distant"


def _hours(value: object) -> str | None:
    if not isinstance(value, int | float) or value <= 0:
        return None
    shown = f"{value:g}"
    return f"{shown} hour{'' if value == 1 else 's'} a week"


# --- the map's contents, worked out once ----------------------------------------------------


@dataclass
class _Tie:
    """One tie of ``G``: its type, ends and properties."""

    type: RelType
    source: str
    target: str
    data: dict[str, Any]


class _MapModel:
    """Everything the picture and the lists need, derived from ``G`` in one place.

    The picture and the text alternative read the same names, words and ties, so a screen
    reader user is told exactly what a sighted user sees.
    """

    def __init__(
        self,
        G: nx.MultiDiGraph,
        centre: str,
        scores: Mapping[tuple[str, str], float] | None,
    ) -> None:
        if centre not in G or G.nodes[centre].get("label") != Label.PERSON:
            raise NotFound(f"no Person with id {centre!r} in the graph to map")
        self.G = G
        self.centre = centre
        self.scores = _check_scores(scores)
        self.ties = [
            _Tie(RelType(key), u, v, dict(data))
            for u, v, key, data in G.edges(keys=True, data=True)
            if key in RelType.__members__.values()
        ]
        self.names = {n: self._display_name(n) for n in G.nodes}

    # names --------------------------------------------------------------------------------

    def label(self, node: str) -> Label | None:
        return _enum(Label, self.G.nodes[node].get("label"))

    def _knows_kind(self, node: str) -> KnowsKind | None:
        """What the centre calls this person (or what they call the centre)."""
        for a, b in ((self.centre, node), (node, self.centre)):
            data = self.G.get_edge_data(a, b, RelType.KNOWS)
            if data and data.get("kind"):
                return _enum(KnowsKind, data["kind"])
        return None

    def _worker_role(self, node: str) -> WorkerRole | None:
        role = self.G.nodes[node].get("role")
        if role is None:
            for _, _, key, data in self.G.out_edges(node, keys=True, data=True):
                if key == RelType.SUPPORTS and data.get("role"):
                    role = data["role"]
                    break
        return _enum(WorkerRole, role) if role else None

    def _display_name(self, node: str) -> str:
        """The name; else a role word ("a neighbour", "a care worker"); else the id."""
        attrs = self.G.nodes[node]
        label = self.label(node)
        name = attrs.get("name") or (attrs.get("what") if label == Label.NEED else None)
        if isinstance(name, str) and name.strip():
            return name.strip()
        if node == self.centre:
            return "You"
        word: str | None = None
        if label == Label.PERSON:
            kind = self._knows_kind(node)
            word = _KIND_WORDS.get(kind) if kind else None
        elif label == Label.PAID_WORKER:
            role = self._worker_role(node)
            word = _article(_ROLE_WORDS[role]) if role else "a paid worker"
        elif label in (Label.SPACE, Label.GROUP) and attrs.get("kind"):
            word = _article(str(attrs["kind"]).strip())
        elif label == Label.NEIGHBOURHOOD and attrs.get("code"):
            word = str(attrs["code"])
        return word or str(node)

    def kind_word(self, node: str) -> str:
        """A short description of what the node is, for tooltips."""
        label = self.label(node)
        attrs = self.G.nodes[node]
        if node == self.centre:
            return "At the centre of this map"
        if label == Label.PERSON:
            kind = self._knows_kind(node)
            return _KIND_SHORT[kind].capitalize() if kind else "Person"
        if label == Label.PAID_WORKER:
            role = self._worker_role(node)
            org = attrs.get("organisation")
            word = f"Paid worker: {_ROLE_WORDS[role]}" if role else "Paid worker"
            return f"{word}, {org}" if org else word
        if label in (Label.SPACE, Label.GROUP) and attrs.get("kind"):
            return f"{STYLES[label].word}: {attrs['kind']}"
        return STYLES[label].word if label else "Something on the map"

    # ties in words ------------------------------------------------------------------------

    def score(self, a: str, b: str) -> float | None:
        if not self.scores:
            return None
        found = [s for k in ((a, b), (b, a)) if (s := self.scores.get(k)) is not None]
        return max(found) if found else None

    def describe(self, tie: _Tie) -> str:
        """One tie as a plain sentence with names, for tooltips and the "other links" list."""
        s, t, d = self.names[tie.source], self.names[tie.target], tie.data
        if tie.type == RelType.KNOWS:
            kind = _enum(KnowsKind, d.get("kind"))
            shown = kind and _KIND_WORDS[kind] not in (s, t)
            return f"{s} knows {t}" + (f" ({_KIND_SHORT[kind]})" if shown and kind else "")
        if tie.type == RelType.SUPPORTS:
            return f"{s} is paid to support {t}"
        if tie.type == RelType.MET_BY:
            return f"{t} is paid to help with: {s}"
        phrase = {
            RelType.VISITS: "goes to",
            RelType.MEMBER_OF: "is in",
            RelType.MEETS_AT: "meets at",
            RelType.IN: "is in",
            RelType.INTERESTED_IN: "likes",
            RelType.SKILLED_IN: "is good at",
            RelType.WANTS_TO_LEARN: "wants to learn",
            RelType.ABOUT: "is about",
            RelType.HAS_NEED: "would like help with:",
        }[tie.type]
        return f"{s} {phrase} {t}"

    def _details(self, tie: _Tie) -> list[str]:
        """How a tie of the centre's works, in words ("face to face, about once a week")."""
        d = tie.data
        out: list[str] = []
        mode = _enum(Mode, d.get("mode"))
        how = ", ".join(
            w
            for w in (_MODE_WORDS.get(mode) if mode else None, _how_often(d.get("frequency")))
            if w
        )
        if how:
            out.append(f"you meet {how}" if tie.type == RelType.KNOWS else how)
        if tie.type == RelType.SUPPORTS:
            employer = _enum(Employer, d.get("employer"))
            org = self.G.nodes[tie.source].get("organisation")
            if employer == Employer.PERSON:
                out.append("you employ them")
            elif employer == Employer.PROVIDER or org:
                out.append(f"employed by {org}" if org else "employed by an agency")
            if hrs := _hours(d.get("hours_per_week")):
                out.append(hrs)
            if ends := _when(d.get("ends")):
                out.append(f"until {ends}")
        if since := _when(d.get("since")):
            out.append(f"since {since}")
        often = _how_often(d.get("frequency"))
        if tie.type in (RelType.VISITS, RelType.MEMBER_OF) and often and not how:
            out.append(often)
        if tie.type == RelType.MEMBER_OF and d.get("role"):
            out.append(str(d["role"]))
        return out

    # sections of the text alternative -----------------------------------------------------

    def sections(self) -> list[tuple[str, list[str]]]:
        """The centre's connections grouped by kind, unpaid first (strengths before services)."""
        groups: dict[str, dict[str, list[str]]] = defaultdict(dict)
        order = [
            "People you know",
            "Groups",
            "Places you go",
            "Things you love",
            "Things you are good at",
            "Things you want to learn",
            "Where you live",
            "Paid support",
            "Things you would like help with",
        ]
        heading_for = {
            RelType.KNOWS: "People you know",
            RelType.MEMBER_OF: "Groups",
            RelType.VISITS: "Places you go",
            RelType.INTERESTED_IN: "Things you love",
            RelType.SKILLED_IN: "Things you are good at",
            RelType.WANTS_TO_LEARN: "Things you want to learn",
            RelType.IN: "Where you live",
            RelType.SUPPORTS: "Paid support",
            RelType.HAS_NEED: "Things you would like help with",
        }
        for tie in self.ties:
            if self.centre not in (tie.source, tie.target) or tie.type not in heading_for:
                continue
            other = tie.target if tie.source == self.centre else tie.source
            if (
                tie.type == RelType.KNOWS
                and tie.source != self.centre
                and self.G.has_edge(self.centre, other, RelType.KNOWS)
            ):
                continue  # the person's own account is the one told; both views: proximity
            heading = heading_for[tie.type]
            details = groups[heading].setdefault(other, [])
            if tie.type == RelType.KNOWS:
                kind = _enum(KnowsKind, tie.data.get("kind"))
                said = kind and (
                    _KIND_SHORT[kind] in details or self.names[other] == _KIND_WORDS[kind]
                )
                if kind and not said:
                    details.insert(0, _KIND_SHORT[kind])
            if tie.type == RelType.SUPPORTS:
                role = _enum(WorkerRole, tie.data.get("role")) or self._worker_role(other)
                named = role and self.names[other] != _article(_ROLE_WORDS[role])
                paid = f"{_ROLE_WORDS[role]}, paid" if named and role else "paid"
                if paid not in details:
                    details.insert(0, paid)
            if tie.type == RelType.HAS_NEED:
                for _, w, key in self.G.out_edges(other, keys=True):
                    if key == RelType.MET_BY:
                        details.append(f"paid help today from {self.names[w]}")
            for item in self._details(tie):
                if item not in details:
                    details.append(item)
            if (score := self.score(self.centre, other)) is not None:
                closeness = f"how close: {_closeness(score)}"
                if closeness not in details:
                    details.append(closeness)
        out: list[tuple[str, list[str]]] = []
        for heading in order:
            items = groups.get(heading)
            if not items:
                continue
            lines = []
            for node in sorted(items, key=lambda n: (self.names[n].lower(), n)):
                extra = items[node]
                lines.append(
                    f"{self.names[node]}: {', '.join(extra)}" if extra else self.names[node]
                )
            out.append((heading, lines))
        # Everything else in the picture: ties between other people, where groups meet...
        others: list[str] = []
        seen_pairs: set[tuple[str, str, str]] = set()
        for tie in self.ties:
            if self.centre in (tie.source, tie.target) and tie.type in heading_for:
                continue
            if tie.type == RelType.MET_BY and self.G.has_edge(
                self.centre, tie.source, RelType.HAS_NEED
            ):
                continue  # already said under "Things you would like help with"
            low, high = sorted((tie.source, tie.target))
            if (low, high, tie.type) in seen_pairs:
                continue
            seen_pairs.add((low, high, tie.type))
            back = self.G.has_edge(tie.target, tie.source, tie.type)
            if tie.type == RelType.KNOWS and back:
                others.append(
                    f"{self.names[tie.source]} and {self.names[tie.target]} know each other"
                )
            else:
                others.append(self.describe(tie))
        linked = {n for t in self.ties for n in (t.source, t.target)}
        for node in self.G.nodes:
            if node != self.centre and node not in linked:
                others.append(f"{self.names[node]} ({self.kind_word(node).lower()})")
        if others:
            out.append(("Other links on the map", sorted(others, key=str.lower)))
        return out


def _check_scores(
    scores: Mapping[tuple[str, str], float] | None,
) -> dict[tuple[str, str], float] | None:
    """Scores must be proximities in 0..1; anything else is a caller's bug, said plainly."""
    if scores is None:
        return None
    out: dict[tuple[str, str], float] = {}
    for key, value in scores.items():
        if not (isinstance(key, tuple) and len(key) == 2):
            raise BadRequest(f"scores are keyed by (source, target) pairs, got {key!r}")
        if not isinstance(value, int | float) or math.isnan(value) or not 0 <= value <= 1:
            raise BadRequest(f"score for tie {key!r} must be a number from 0 to 1, got {value!r}")
        out[(str(key[0]), str(key[1]))] = float(value)
    return out


# --- layout ---------------------------------------------------------------------------------

#: Around the centre, each kind gets its own side so the map reads as regions, not a hairball.
_SECTOR_ORDER = (
    Label.PERSON,
    Label.GROUP,
    Label.SPACE,
    Label.NEIGHBOURHOOD,
    Label.INTEREST,
    Label.NEED,
    Label.PAID_WORKER,
)


def _hops(G: nx.MultiDiGraph, centre: str) -> dict[str, int]:
    seen = {centre: 0}
    queue = deque([centre])
    while queue:
        u = queue.popleft()
        for w in sorted({*G.successors(u), *G.predecessors(u)}):
            if w not in seen:
                seen[w] = seen[u] + 1
                queue.append(w)
    return seen


def _circular_mean(angles: Iterable[float]) -> float:
    values = list(angles)
    return math.atan2(sum(map(math.sin, values)), sum(map(math.cos, values)))


def _wrap(angle: float) -> float:
    """An angle difference brought into [-pi, pi)."""
    return (angle + math.pi) % (2 * math.pi) - math.pi


def _initial_positions(model: _MapModel) -> dict[str, tuple[float, float]]:
    """Rings by distance from the centre, ordered so linked things sit side by side.

    The first ring starts grouped by kind (people, groups, places, ...) and is then reordered
    a few times, each node drawn towards the things it is linked to and towards its own kind,
    so that a friend sits next to the quiz team they share and lines rarely cross. Further
    rings sit behind the things they hang off. Physics then only tidies overlaps, so the
    picture is the same every time the person opens it.
    """
    G, centre = model.G, model.centre
    hops = _hops(G, centre)
    rank = {label: i for i, label in enumerate(_SECTOR_ORDER)}
    links = {n: ({*G.successors(n), *G.predecessors(n)} - {n, centre}) for n in G.nodes}

    def sort_key(n: str) -> tuple[int, str, str]:
        label = model.label(n)
        return (rank.get(label, len(rank)) if label else len(rank), model.names[n].lower(), n)

    order = sorted((n for n, h in hops.items() if h == 1), key=sort_key)
    far = sorted((n for n, h in hops.items() if h >= 2), key=lambda n: (hops[n], *sort_key(n)))
    step = 2 * math.pi / max(len(order), 1)

    def gaps(ring: list[str]) -> list[float]:
        """Gap after each node of the ring, in steps: wider between linked neighbours."""
        if len(ring) < 2:
            return [1.0] * len(ring)
        return [
            1.7 if ring[(i + 1) % len(ring)] in links[ring[i]] else 1.0 for i in range(len(ring))
        ]

    def spaced(ring: list[str], start: float = -math.pi / 2) -> dict[str, float]:
        """Angles around the ring; linked neighbours get a wider gap for the edge's label."""
        widths = gaps(ring)
        unit = 2 * math.pi / (sum(widths) or 1)
        out, a = {}, start
        for n, gap in zip(ring, widths, strict=True):
            out[n] = a
            a += gap * unit
        return out

    parents = {n: [p for p in sorted(links[n]) if hops.get(p, -1) == hops[n] - 1] for n in far}

    def with_far(angle: dict[str, float]) -> dict[str, float]:
        """Each node further out sits at the mean angle of the nodes it hangs off."""
        out = dict(angle)
        for n in far:
            out[n] = _circular_mean(out[p] for p in parents[n]) if parents[n] else 0.0
        return out

    pairs = sorted({(a, b) for a in order + far for b in links[a] if a < b and b in hops})

    def cost(ring: list[str]) -> float:
        """Total angle spanned by links, plus a step for every boundary between two kinds."""
        full = with_far(spaced(ring))
        spans = sum(abs(_wrap(full[a] - full[b])) for a, b in pairs)
        borders = sum(model.label(ring[i]) != model.label(ring[i - 1]) for i in range(len(ring)))
        return spans + 0.5 * step * borders

    # Local search, moving a run of nodes elsewhere in the ring while that lowers the cost.
    # Deterministic; a budget of cost evaluations keeps big networks to about a second, where
    # the picture is busy anyway and the list under it matters more.
    best = cost(order)
    reach = len(order) if len(order) <= 24 else 6
    budget = LAYOUT_BUDGET // (1 + len(pairs) + len(far))
    while budget > 0:
        improved = False
        for size in (1, 2, 3):  # runs of up to three, so linked pairs travel together
            for i in range(len(order) - size + 1):
                block, rest = order[i : i + size], order[:i] + order[i + size :]
                for j in range(max(0, i - reach), min(len(rest), i + reach) + 1):
                    if j == i or budget <= 0:
                        continue
                    trial = rest[:j] + block + rest[j:]
                    budget -= 1
                    if (c := cost(trial)) < best - 1e-9:
                        order, best, improved = trial, c, True
                        break
        if not improved:
            break
    # Turn the rings so the outer ones lie left and right, where a landscape screen has room.
    full = with_far(spaced(order))
    outer = [full[n] for n in far]
    turn = 0.0
    if outer:
        mean = _circular_mean(outer)
        turn = min((_wrap(side - mean) for side in (0.0, math.pi)), key=abs)
    full = with_far(spaced(order, -math.pi / 2 + turn))
    # About 110 units of arc per step (wider across, where the ellipse stretches it).
    r1 = max(230.0, 110 * sum(gaps(order)) / (2 * math.pi))
    ring_gap = 160.0
    pos: dict[str, tuple[float, float]] = {centre: (0.0, 0.0)}
    for n in order:
        pos[n] = (ASPECT * r1 * math.cos(full[n]), r1 * math.sin(full[n]))
    for depth in sorted({hops[n] for n in far}):
        ring = sorted((n for n in far if hops[n] == depth), key=lambda n: (full[n], n))
        r = r1 + ring_gap * (depth - 1)
        gap = min(130 / r, 2 * math.pi / len(ring))
        placed: list[float] = []
        for n in ring:  # nodes behind the same parent fan out at least `gap` apart
            placed.append(full[n] if not placed else max(full[n], placed[-1] + gap))
        shift = (sum(placed) - sum(full[n] for n in ring)) / len(ring)
        for n, a in zip(ring, placed, strict=True):
            pos[n] = (ASPECT * r * math.cos(a - shift), r * math.sin(a - shift))
    # Nodes not connected to the centre at all sit on an outer ring.
    loose = sorted((n for n in G.nodes if n not in pos), key=sort_key)
    r_out = r1 + ring_gap * (max(hops.values()) + 0.5)
    for i, n in enumerate(loose):
        a = 2 * math.pi * i / len(loose)
        pos[n] = (ASPECT * r_out * math.cos(a), r_out * math.sin(a))
    return pos


# --- vis-network records, built with pyvis --------------------------------------------------


def _shorten(text: str, limit: int = 32) -> str:
    """Long names would sprawl over the picture; the tooltip and the list keep them whole."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _tooltip(lines: Iterable[str], limit: int = 6) -> str:
    """Plain text; the page sets it with ``textContent`` so user data can never become HTML."""
    lines = list(dict.fromkeys(lines))
    if len(lines) > limit:
        lines = [*lines[: limit - 1], f"and {len(lines) - limit + 1} more"]
    return "\n".join(lines)


def _network(model: _MapModel, *, seed: int | None, physics: bool) -> Network:
    """The pyvis network: one vis node per graph node, one vis edge per linked pair."""
    net = Network(directed=False, cdn_resources="in_line")
    pos = _initial_positions(model)
    by_node: dict[str, list[str]] = defaultdict(list)
    for tie in model.ties:
        text = model.describe(tie)
        by_node[tie.source].append(text)
        by_node[tie.target].append(text)
    label_font = {
        "color": TEXT_COLOUR,
        "size": 22,
        "face": "Arial, Helvetica, sans-serif",
        "strokeWidth": 4,
        "strokeColor": "#ffffff",
    }
    for node in sorted(model.G.nodes, key=str):
        label = model.label(node)
        style = STYLES.get(label) if label else None
        style = style or LabelStyle("#5F6B73", "dot", "Something on the map")
        opts: dict[str, Any] = {
            "title": _tooltip([model.names[node], model.kind_word(node), *by_node[node]]),
            "size": style.size,
            "x": round(pos[node][0], 1),
            "y": round(pos[node][1], 1),
            "borderWidth": 2,
            "font": dict(label_font),
        }
        if style.shape == "ellipse":
            # Label inside the shape: white on the fill (6.8:1), no halo, wrap long needs.
            opts["font"] = {**label_font, "color": "#ffffff", "strokeWidth": 0}
            opts["widthConstraint"] = {"maximum": 170}
        if node == model.centre:
            opts.update(size=36, borderWidth=6, mass=3)
            opts["font"] = {**label_font, "size": 28}
            opts["fixed"] = {"x": True, "y": True}
        color = {
            "background": style.colour,
            "border": CENTRE_BORDER if node == model.centre else style.colour,
            "highlight": {"background": style.colour, "border": TEXT_COLOUR},
            "hover": {"background": style.colour, "border": TEXT_COLOUR},
        }
        label_text = _shorten(model.names[node])
        net.add_node(node, label=label_text, shape=style.shape, color=color, **opts)

    pairs: dict[frozenset[str], list[_Tie]] = defaultdict(list)
    for tie in model.ties:
        pairs[frozenset((tie.source, tie.target))].append(tie)
    for i, (pair, ties) in enumerate(sorted(pairs.items(), key=lambda kv: sorted(kv[0]))):
        a, b = sorted(pair)
        paid = any(t.type in PAID_TYPES for t in ties)
        edge: dict[str, Any] = {
            "id": f"e{i}",
            "title": _tooltip(model.describe(t) for t in ties),
            "color": {
                "color": PAID_EDGE_COLOUR if paid else UNPAID_EDGE_COLOUR,
                "highlight": TEXT_COLOUR,
                "hover": TEXT_COLOUR,
            },
            "dashes": [8, 6] if paid else False,
            "width": 2.5 if paid else 2,
            "font": {
                "color": TEXT_COLOUR,
                "size": 18,
                "face": label_font["face"],
                "strokeWidth": 4,
                "strokeColor": "#ffffff",
                "align": "horizontal",
            },
        }
        if paid:
            edge["label"] = "paid"
        elif model.centre in pair:
            knows = [t for t in ties if t.type == RelType.KNOWS and t.data.get("kind")]
            kind = _enum(KnowsKind, knows[0].data["kind"]) if knows else None
            if kind and kind not in (KnowsKind.OTHER, KnowsKind.ACQUAINTANCE):
                edge["label"] = _KIND_SHORT[kind]
        score = model.score(a, b)
        if score is not None:
            edge["width"] = round(1 + 7 * score, 2)
            edge["title"] += f"\nHow close: {_closeness(score)}"
        # Springs rest at the computed layout, so physics only pushes apart what overlaps.
        edge["length"] = round(max(math.dist(pos[a], pos[b]), MIN_EDGE_LENGTH), 1)
        net.add_edge(a, b, **edge)

    layout: dict[str, Any] = {"improvedLayout": False}
    if seed is not None:
        layout["randomSeed"] = seed
    net.options = {
        "autoResize": True,
        "layout": layout,
        "physics": {
            "enabled": physics,
            "solver": "barnesHut",
            "barnesHut": {
                "gravitationalConstant": -2500,
                "centralGravity": 0.0,
                "springLength": 200,
                "springConstant": 0.04,
                "damping": 0.5,
                "avoidOverlap": 1,
            },
            "stabilization": {"enabled": True, "iterations": 400, "fit": True},
        },
        "edges": {"smooth": False, "selectionWidth": 1, "hoverWidth": 1},
        "nodes": {"labelHighlightBold": False},
        "interaction": {
            "hover": True,
            "tooltipDelay": 150,
            "zoomView": False,
            "dragView": True,
            "dragNodes": True,
            "keyboard": False,
        },
    }
    return net


# --- the page -------------------------------------------------------------------------------


@cache
def _vis_assets() -> tuple[str, str]:
    """vis-network's script and style from inside the installed pyvis, ready to inline.

    pyvis 0.3.2 ships them twice, in ``pyvis/templates/lib/vis-9.1.2/`` (what its own template
    includes) and ``pyvis/lib/vis-9.1.2/``; either will do. The ``sourceMappingURL`` comment
    is dropped so that opening developer tools cannot make the page fetch a ``.map`` file.
    """
    root = resources.files("pyvis")
    for folder in (f"templates/lib/vis-{VIS_VERSION}", f"lib/vis-{VIS_VERSION}"):
        js, css = root / folder / "vis-network.min.js", root / folder / "vis-network.css"
        if js.is_file() and css.is_file():
            script = re.sub(r"^//# sourceMappingURL=.*$", "", js.read_text("utf-8"), flags=re.M)
            style = re.sub(r"/\*# sourceMappingURL=.*?\*/", "", css.read_text("utf-8"))
            if re.search(r"</script", script, re.I) or re.search(r"</style", style, re.I):
                raise RuntimeError("vis-network's files cannot be inlined safely in this pyvis")
            if re.search(r"url\(\s*(?!['\"]?data:)", style):
                raise RuntimeError("vis-network's stylesheet refers to an external file")
            return script.strip(), style.strip()
    raise RuntimeError(f"pyvis does not ship vis-network {VIS_VERSION}; is pyvis 0.3.2 installed?")


@cache
def _static(name: str) -> str:
    return (resources.files("graphsvc") / "static" / name).read_text("utf-8")


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("graphsvc", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _csp_hash(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def _legend(model: _MapModel, *, scored: bool) -> list[dict[str, str]]:
    present = {model.label(n) for n in model.G.nodes}
    name = model.names[model.centre]
    middle = "You, in the middle" if name == "You" else f"{name}, in the middle"
    items = [{"shape": "centre", "colour": STYLES[Label.PERSON].colour, "word": middle}]
    for label in STYLES:
        if label in present:
            s = STYLES[label]
            items.append({"shape": s.shape, "colour": s.colour, "word": s.word})
    types = {t.type for t in model.ties}
    if types - PAID_TYPES:
        items.append({"shape": "line", "colour": UNPAID_EDGE_COLOUR, "word": "Unpaid link"})
    if types & PAID_TYPES:
        items.append(
            {"shape": "dashed", "colour": PAID_EDGE_COLOUR, "word": "Paid support (dashed)"}
        )
    if scored:
        items.append(
            {"shape": "thick", "colour": UNPAID_EDGE_COLOUR, "word": "Thicker line: closer"}
        )
    return items


def node_words(G: nx.MultiDiGraph, centre: str) -> dict[str, tuple[str, str]]:
    """Each node's name and what it is (``("a neighbour", "Neighbour")``), as the map says them.

    For pages that show the same network beside the map (the person page of the web app), so
    a person is called the same thing in the picture, its key and every list around it.

    >>> from graphsvc.graph import build_graph
    >>> from graphsvc.model import Knows, Person
    >>> G = build_graph([Person(id="p1", name="Sam"), Person(id="p2")],
    ...                 [Knows(source="p1", target="p2", kind="neighbour")])
    >>> node_words(G, "p1")["p2"]
    ('a neighbour', 'Neighbour')
    """
    model = _MapModel(G, centre, None)
    return {n: (model.names[n], model.kind_word(n)) for n in G.nodes}


def render_map(
    G: nx.MultiDiGraph,
    centre: str,
    *,
    title: str | None = None,
    scores: Mapping[tuple[str, str], float] | None = None,
    seed: int | None = 1,
    physics: bool = True,
) -> str:
    """One self-contained, offline HTML page showing ``centre``'s connections in ``G``.

    ``G`` has the standard shape (`graphsvc.graph`), usually an ego network. ``scores`` gives
    the proximity (0 to 1) of ties by ``(source, target)`` in either direction; when given,
    thicker lines mean closer ties. ``seed`` fixes vis-network's random seed, and the start
    positions are computed here, so the same graph gives the same picture every time
    (``seed=None`` lets vis choose). ``physics=False`` keeps the computed rings as they are.

    Raises `NotFound` if ``centre`` is not a Person in ``G`` and `BadRequest` for a score
    outside 0..1.
    """
    model = _MapModel(G, centre, scores)
    net = _network(model, seed=seed, physics=physics)
    nodes, edges, _heading, _height, _width, options = net.get_network_data()
    name = model.names[centre]
    heading = title or ("Your connections" if name == "You" else f"{name}'s connections")
    whose = "your" if name == "You" else f"{name}'s"
    vis_js, vis_css = _vis_assets()
    app_js, app_css = _static("map.js"), _static("map.css")
    data = {
        "nodes": nodes,
        "edges": edges,
        "options": options if isinstance(options, dict) else json.loads(options),
        "centre": centre,
    }
    csp = "; ".join(
        [
            "default-src 'none'",
            f"script-src {_csp_hash(vis_js)} {_csp_hash(app_js)}",
            "style-src 'unsafe-inline'",
            "img-src data:",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )
    return (
        _environment()
        .get_template("map.html")
        .render(
            title=heading,
            intro=(
                f"This map shows the people, groups and places in {whose} life. "
                f"{'You are' if name == 'You' else name + ' is'} in the middle. "
                "The list under the map says the same in words."
            ),
            map_label=f"Picture: {heading}. The same information is in the list under the map.",
            list_title="Connections in words",
            data=data,
            sections=model.sections(),
            legend=_legend(model, scored=bool(model.scores)),
            csp=csp,
            vis_js=Markup(vis_js),
            vis_css=Markup(vis_css),
            app_js=Markup(app_js),
            app_css=Markup(app_css),
            canvas_height=CANVAS_HEIGHT,
            text_colour=TEXT_COLOUR,
        )
    )


def write_map(G: nx.MultiDiGraph, centre: str, path: str | Path, **kw: Any) -> Path:
    """Write `render_map`'s page to ``path`` (UTF-8) and return the path.

    The file works on its own: it can be emailed, put on a USB stick or opened with no network.
    """
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_map(G, centre, **kw), encoding="utf-8")
    return out
