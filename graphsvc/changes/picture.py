"""The change report as a picture: a small, self-contained slope chart in SVG.

Two upright axes, *then* on the left and *now* on the right, each from 0 (not close) at the
bottom to 1 (close) at the top. A tie present on both dates is a line from its overall score
then to its score now; a new tie is a dot on the right only, an ended one a hollow dot on the
left only. Colour is never the only cue: closer ties are solid lines, less close ones dashed,
about the same dotted, and every label says the change in words. The SVG carries a title and
a description holding the report's table (`ChangeReport.table`) as its text alternative, and
needs nothing else: no script, no fonts, no network.
"""

from __future__ import annotations

import hashlib
import math
from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from graphsvc.changes.report import ChangeReport, TieChange

from graphsvc.changes.report import CHANGE_WORDS, day_words

WIDTH = 640
TOP, PLOT = 56, 300
X_THEN, X_NOW = 230, 410
GAP = 14  # least vertical distance between two labels on one side
#: Line style per change: colour, dash pattern (None: solid), width.
STYLES: dict[str, tuple[str, str | None, float]] = {
    "stronger": ("#1a7a3a", None, 3.0),
    "weaker": ("#b3261e", "8 5", 3.0),
    "same": ("#555555", "2 4", 2.0),
    "new": ("#1a5fb4", None, 2.0),
    "ended": ("#555555", None, 2.0),
}


def _y(value: float) -> float:
    return TOP + (1.0 - value) * PLOT


def _spread(wanted: list[tuple[float, str]]) -> list[tuple[float, float, str]]:
    """Labels at their points' heights, pushed apart to at least `GAP`: (point, label, text)."""
    placed: list[tuple[float, float, str]] = []
    for y, text in sorted(wanted):
        at = max(y, placed[-1][1] + GAP) if placed else y
        placed.append((y, at, text))
    overflow = (placed[-1][1] - (TOP + PLOT + 8)) if placed else 0
    if overflow > 0:  # pushed past the bottom: shift the lowest labels back up
        top = TOP - 8
        shifted = []
        for y, at, text in reversed(placed):
            at = min(at - overflow, shifted[-1][1] - GAP) if shifted else at - overflow
            shifted.append((y, max(at, top), text))
        placed = list(reversed(shifted))
    return placed


def _label(t: TieChange) -> str:
    return f"{t.name}: {CHANGE_WORDS[t.change]}"


def slope_chart(report: ChangeReport) -> str:
    """The report's picture as SVG text (UTF-8, standalone)."""
    drawn = [t for t in report.ties if _drawable(t)]
    hidden = len(report.ties) - len(drawn)
    height = TOP + PLOT + 110
    key = f"{report.person}|{report.then}|{report.now}".encode()
    uid = f"changes-{hashlib.sha256(key).hexdigest()[:8]}"  # unique ids if pages hold several
    then_head = f"Then: {day_words(report.then)}" if report.then else "Then"
    now_head = f"Now: {day_words(report.now)}" if report.now else "Now"
    title = f"How close {report.name}'s relationships are, then and now"
    desc = "; ".join(
        ", ".join(f"{h}: {v}" for h, v in zip(report.table()[0], row, strict=True) if v)
        for row in report.table()[1:]
    )
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="{uid}-t {uid}-d" '
        'font-family="sans-serif" font-size="12">',
        f'<title id="{uid}-t">{escape(title)}</title>',
        f'<desc id="{uid}-d">{escape(desc or "No relationships to compare.")}</desc>',
        '<rect width="100%" height="100%" fill="#ffffff"/>',
        f'<text x="{WIDTH / 2}" y="22" text-anchor="middle" font-size="15" '
        f'font-weight="bold">{escape(title)}</text>',
        f'<text x="{X_THEN}" y="{TOP - 16}" text-anchor="middle" font-weight="bold">'
        f"{escape(then_head)}</text>",
        f'<text x="{X_NOW}" y="{TOP - 16}" text-anchor="middle" font-weight="bold">'
        f"{escape(now_head)}</text>",
    ]
    for x in (X_THEN, X_NOW):
        out.append(
            f'<line x1="{x}" y1="{TOP}" x2="{x}" y2="{TOP + PLOT}" stroke="#999999" '
            'stroke-width="1"/>'
        )
    for value, word in ((1.0, "close"), (0.5, ""), (0.0, "not close")):
        y = _y(value)
        out.append(
            f'<text x="{(X_THEN + X_NOW) / 2}" y="{y + 4:.1f}" text-anchor="middle" '
            f'fill="#666666">{value:.1f}{" " + word if word else ""}</text>'
        )
    left: list[tuple[float, str]] = []
    right: list[tuple[float, str]] = []
    for t in drawn:
        colour, dash, width = STYLES[t.change]
        y0, y1 = t.then["overall"], t.now["overall"]
        if t.change == "new":
            out.append(_dot(X_NOW, _y(y1), colour, filled=True))
            right.append((_y(y1), _label(t)))
        elif t.change == "ended":
            out.append(_dot(X_THEN, _y(y0), colour, filled=False))
            left.append((_y(y0), _label(t)))
        else:
            pattern = f' stroke-dasharray="{dash}"' if dash else ""
            out.append(
                f'<line x1="{X_THEN}" y1="{_y(y0):.1f}" x2="{X_NOW}" y2="{_y(y1):.1f}" '
                f'stroke="{colour}" stroke-width="{width}"{pattern}/>'
            )
            out.append(_dot(X_THEN, _y(y0), colour, filled=True))
            out.append(_dot(X_NOW, _y(y1), colour, filled=True))
            right.append((_y(y1), _label(t)))
    for point, at, text in _spread(right):
        out.append(_leader(X_NOW + 6, point, X_NOW + 22, at))
        out.append(f'<text x="{X_NOW + 26}" y="{at + 4:.1f}">{escape(text)}</text>')
    for point, at, text in _spread(left):
        out.append(_leader(X_THEN - 6, point, X_THEN - 22, at))
        out.append(
            f'<text x="{X_THEN - 26}" y="{at + 4:.1f}" text-anchor="end">{escape(text)}</text>'
        )
    out += _legend(TOP + PLOT + 36)
    if hidden:
        out.append(
            f'<text x="16" y="{height - 12}" fill="#333333">{hidden} relationship'
            f"{'s' * (hidden != 1)} not drawn: too little is recorded to score "
            f"{'them' if hidden != 1 else 'it'} (see the table).</text>"
        )
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _drawable(t: TieChange) -> bool:
    needed = {"new": ("now",), "ended": ("then",)}.get(t.change, ("then", "now"))
    return all(not math.isnan(getattr(t, side)["overall"]) for side in needed)


def _dot(x: float, y: float, colour: str, *, filled: bool) -> str:
    fill = colour if filled else "#ffffff"
    return (
        f'<circle cx="{x}" cy="{y:.1f}" r="4.5" fill="{fill}" stroke="{colour}" stroke-width="2"/>'
    )


def _leader(x1: float, y1: float, x2: float, y2: float) -> str:
    return (
        f'<line x1="{x1}" y1="{y1:.1f}" x2="{x2}" y2="{y2:.1f}" stroke="#bbbbbb" stroke-width="1"/>'
    )


def _legend(y: float) -> list[str]:
    """Each line style with its meaning in words, so the styles need no colour to be read."""
    out = []
    items = [
        ("stronger", "closer"),
        ("weaker", "less close"),
        ("same", "about the same"),
        ("new", "new (right only)"),
        ("ended", "ended (left only)"),
    ]
    x = 16.0
    for change, words in items:
        colour, dash, width = STYLES[change]
        if change in ("new", "ended"):
            out.append(_dot(x + 12, y, colour, filled=change == "new"))
        else:
            pattern = f' stroke-dasharray="{dash}"' if dash else ""
            out.append(
                f'<line x1="{x}" y1="{y}" x2="{x + 24}" y2="{y}" stroke="{colour}" '
                f'stroke-width="{width}"{pattern}/>'
            )
        out.append(f'<text x="{x + 30}" y="{y + 4}">{escape(words)}</text>')
        x += 34 + 7 * len(words)
    return out
