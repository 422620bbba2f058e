"""The relationship circle: a person in the middle, the people in their life on three rings.

Support planning often starts from a "circle of support" drawn on paper: the closest people in
the first ring, then friends and people you see, then people who are paid to be there. This is
that picture drawn from the proximity rings (`graphsvc.proximity.profile`): inner, middle and
outer ring by overall closeness. Ties we know too little about are not placed (the page lists
them): a guess drawn on a ring would look like a fact.

Paid support is drawn with a square *and* labelled "paid"; unpaid people are circles. Colour
repeats that (the connection map's colours) but never carries it alone. Everything is SVG
attributes, no ``style``, so the page's Content-Security-Policy can forbid inline styles; the
page puts a table of the same data next to it for screen readers.

Examples
--------
>>> svg = circle_svg("Sam", [Member("inner", "Jo", False), Member("outer", "Pat", True)])
>>> "Jo" in svg, "Pat (paid)" in svg, "<rect" in svg
(True, True, True)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from graphsvc.maps import STYLES, TEXT_COLOUR
from graphsvc.model import Label

__all__ = ["RING_WORDS", "Member", "circle_svg"]

#: Ring name -> what the page calls it.
RING_WORDS = {
    "inner": "Close",
    "middle": "Fairly close",
    "outer": "Not close yet",
    "unplaced": "We know too little to say",
}
_UNPAID = STYLES[Label.PERSON].colour
_PAID = STYLES[Label.PAID_WORKER].colour
_BANDS = (("inner", 40, 115, "#dbe9f6"), ("middle", 115, 190, "#ebf3fa"),
          ("outer", 190, 265, "#f7fafd"))  # fmt: skip
_FONT = "Arial, Helvetica, sans-serif"
WIDTH, HEIGHT = 760, 580
CX, CY = WIDTH / 2, HEIGHT / 2


@dataclass(frozen=True)
class Member:
    """Someone on the circle: their ring, the name to show, and whether they are paid."""

    ring: str
    name: str
    paid: bool


def _short(name: str, limit: int) -> str:
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"


def _marker(x: float, y: float, paid: bool) -> str:
    if paid:
        return (
            f'<rect x="{x - 8:.1f}" y="{y - 8:.1f}" width="16" height="16" fill="{_PAID}" '
            'stroke="#ffffff" stroke-width="1.5"/>'
        )
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="9" fill="{_UNPAID}" stroke="#ffffff" stroke-width="1.5"/>'  # noqa: E501


def _label(x: float, y: float, angle: float, text: str) -> str:
    right = math.cos(angle) >= -1e-9
    dx = 14 if right else -14
    anchor = "start" if right else "end"
    return (
        f'<text x="{x + dx:.1f}" y="{y + 5:.1f}" text-anchor="{anchor}" font-size="17" '
        f'font-family="{_FONT}" fill="{TEXT_COLOUR}" stroke="#ffffff" stroke-width="4" '
        f'paint-order="stroke" stroke-linejoin="round">{escape(text)}</text>'
    )


def circle_svg(centre: str, members: Sequence[Member], *, title: str | None = None) -> str:
    """The circle as one SVG element, ready to put inline in a page.

    ``centre`` is the person's name (or "You"); ``members`` in any order (unplaced ones are
    left out of the picture). Names are escaped; long names are shortened on the picture only.
    """
    heading = title or f"{centre}'s relationship circle"
    placed = [m for m in members if m.ring in ("inner", "middle", "outer")]
    desc = (
        f"{centre} is in the middle. The closest people are on the inner ring, then the middle "
        "ring, then the outer ring. Paid workers are squares and say paid; other people are "
        "circles. The table after the picture lists the same people."
    )
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-labelledby="circle-title circle-desc" '
        'class="circle" focusable="false">',
        f'<title id="circle-title">{escape(heading)}</title>'
        f'<desc id="circle-desc">{escape(desc)}</desc>',
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
    ]
    for _, _, outer, fill in reversed(_BANDS):
        out.append(
            f'<circle cx="{CX}" cy="{CY}" r="{outer}" fill="{fill}" stroke="#6b6b6b" '
            'stroke-width="1.5"/>'
        )
    for ring, _inner, outer, _ in _BANDS:
        out.append(
            f'<text x="{CX}" y="{CY - outer + 20}" text-anchor="middle" font-size="14" '
            f'font-weight="bold" font-family="{_FONT}" fill="#3d3d3d">{RING_WORDS[ring]}</text>'
        )
    out.append(
        f'<circle cx="{CX}" cy="{CY}" r="30" fill="{_UNPAID}" stroke="{TEXT_COLOUR}" '
        'stroke-width="4"/>'
    )
    out.append(
        f'<text x="{CX}" y="{CY + 52}" text-anchor="middle" font-size="17" font-weight="bold" '
        f'font-family="{_FONT}" fill="{TEXT_COLOUR}" stroke="#ffffff" stroke-width="4" '
        f'paint-order="stroke">{escape(_short(centre, 24))}</text>'
    )
    radius = {ring: (inner + outer) / 2 for ring, inner, outer, _ in _BANDS}
    crowded = len(placed) > 8
    for m, angle in _slots(placed):
        x, y = CX + radius[m.ring] * math.cos(angle), CY + radius[m.ring] * math.sin(angle)
        name = m.name.split()[0] if crowded and m.name[:1].isupper() else m.name
        text = _short(name, 14 if crowded else 22) + (" (paid)" if m.paid else "")
        out.append(_marker(x, y, m.paid))
        out.append(_label(x, y, angle, text))
    out.append(_key())
    out.append("</svg>")
    return "\n".join(out)


def _slots(members: Sequence[Member]) -> list[tuple[Member, float]]:
    """One angle each, all different: every ring spread evenly round the circle, interleaved.

    Rings sharing angles would put an inner name's label on top of a middle one's; so the
    circle is cut into one slot per member, and each slot goes to the ring furthest behind its
    fair share (a Bresenham walk), which spreads each ring evenly and keeps neighbours apart.
    """
    queues = {ring: [m for m in members if m.ring == ring] for ring, *_ in _BANDS}
    total = len(members)
    used = dict.fromkeys(queues, 0)
    out = []
    for k in range(total):
        ring = max(queues, key=lambda r: len(queues[r]) * (k + 1) / total - used[r])
        out.append((queues[ring][used[ring]], -math.pi / 2 + 2 * math.pi * (k + 0.5) / total))
        used[ring] += 1
    return out


def _key() -> str:
    """The picture's own key, bottom left: shape and word together."""
    y = HEIGHT - 44
    return (
        f'<g font-family="{_FONT}" font-size="14" fill="{TEXT_COLOUR}">'
        f"{_marker(24, y, False)}"
        f'<text x="40" y="{y + 5}">Not paid</text>'
        f"{_marker(24, y + 26, True)}"
        f'<text x="40" y="{y + 31}">Paid (square)</text></g>'
    )
