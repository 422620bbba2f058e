"""Pictures of a published asset map that work offline: self-contained SVG, no tiles, no scripts.

`timetable_svg` draws the week as a heat map (days down, hours across): how many spaces are
open and how many groups meet in each hour, with the daytime hours when nothing is on hatched.
`map_svg` places the spaces with known coordinates on a plain projected plane (no map tiles,
so nothing is fetched and nothing about the viewer leaks to a tile server): circle area shows
reach, colour shows how many communities a place joins, with a scale bar and a legend.

Both take a published `AssetMap` only, so they can show nothing the disclosure rules did not
allow. Colours are ColorBrewer's *Blues* (sequential) and Okabe and Ito's palette (categorical),
both readable with colour-vision deficiencies; every figure is also printed as text, and each
SVG has a ``<title>`` and ``<desc>`` for screen readers.

Examples
--------
>>> from graphsvc.assets.published import AssetMap
>>> grid = [[0] * 24 for _ in range(7)]
>>> m = AssetMap(["n1"], None, {}, {}, [], [], [], {"nothing_on": []},
...              {"days": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
...               "spaces_open": grid, "groups_meeting": grid}, {}, {})
>>> svg = timetable_svg(m)
>>> svg.startswith("<svg") and "<title" in svg
True
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

from graphsvc.assets.published import AssetEntry, AssetMap
from graphsvc.slots import DAYS

__all__ = ["map_svg", "timetable_svg"]

#: ColorBrewer Blues, 9 classes (light to dark).
BLUES = (
    "#f7fbff", "#deebf7", "#c6dbef", "#9ecae1", "#6baed6",
    "#4292c6", "#2171b5", "#08519c", "#08306b",
)  # fmt: skip
#: Okabe-Ito: none / one community / two / three or more.
COMMUNITY_COLOURS = ("#8c8c8c", "#0072B2", "#E69F00", "#D55E00")
_FONT = "font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif"
_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _title(m: AssetMap) -> str:
    where = ", ".join(m.neighbourhoods) if len(m.neighbourhoods) <= 4 else "all neighbourhoods"
    return where + (f" (age {m.age_group})" if m.age_group else "")


def _heading(title: str) -> str:
    style = 'font-size="20" font-weight="700" fill="#1a1a1a"'
    return f'<text x="16" y="30" {style}>{escape(title)}</text>'


def _colour(value: int, top: int) -> str:
    if value <= 0:
        return "#ffffff"
    step = 1 + round((len(BLUES) - 2) * (value - 1) / max(top - 1, 1))
    return BLUES[min(step, len(BLUES) - 1)]


def _ink(fill: str) -> str:
    """Black or white text, whichever reads better on ``fill``."""
    r, g, b = (int(fill[i : i + 2], 16) for i in (1, 3, 5))
    return "#ffffff" if 0.299 * r + 0.587 * g + 0.114 * b < 140 else "#1a1a1a"


def _quiet_cells(slots: Sequence[str]) -> set[tuple[int, int]]:
    cells = set()
    for text in slots:
        day, span = text.split(" ", 1)
        lo, hi = (int(t[:2]) for t in span.split("-"))
        cells.update((DAYS.index(day), h) for h in range(lo, hi))
    return cells


def timetable_svg(m: AssetMap, *, cell: int = 30) -> str:
    """A weekly heat map of spaces open and groups meeting, as one standalone SVG document."""
    t = m.timetable
    panels = [
        ("Spaces open", t["spaces_open"], set()),
        ("Groups meeting", t["groups_meeting"], _quiet_cells(m.gaps.get("nothing_on", []))),
    ]
    left, top, row_h, gap = 104, 112, cell - 4, 76
    width = left + 24 * cell + 30
    panel_h = 7 * row_h
    height = top + 2 * panel_h + gap + 40 + 88
    tops = [max([1, *(v for row in grid for v in row)]) for _, grid, _ in panels]
    title = f"When things are on: {_title(m)}"
    desc = (
        "Heat map of the week, days down and hours across. Top: how many spaces are open in "
        "each hour. Bottom: how many groups meet; hatched daytime hours have no group meeting. "
        "Each panel has its own colour scale; every cell also shows its number."
    )
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="t d" style="{_FONT}">',
        f'<title id="t">{escape(title)}</title><desc id="d">{escape(desc)}</desc>',
        "<defs><pattern id='hatch' width='6' height='6' patternUnits='userSpaceOnUse' "
        "patternTransform='rotate(45)'><rect width='6' height='6' fill='#fff4e0'/>"
        "<line x1='0' y1='0' x2='0' y2='6' stroke='#D55E00' stroke-width='2'/></pattern></defs>",
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        _heading(title),
        '<text x="16" y="52" font-size="13" fill="#444">Number of places open and groups '
        "meeting in each hour (counts of places, not people).</text>",
    ]
    for p, (name, grid, quiet) in enumerate(panels):
        y0 = top + p * (panel_h + gap)
        top_value = tops[p]
        out.append(
            f'<text x="16" y="{y0 - 30}" font-size="15" font-weight="700" fill="#1a1a1a">'
            f"{name}</text>"
        )
        for h in range(0, 24, 2):
            out.append(
                f'<text x="{left + h * cell + cell / 2}" y="{y0 - 8}" font-size="11" '
                f'text-anchor="middle" fill="#444">{h:02d}:00</text>'
            )
        for d, row in enumerate(grid):
            y = y0 + d * row_h
            out.append(
                f'<text x="{left - 10}" y="{y + row_h / 2 + 4}" font-size="13" '
                f'text-anchor="end" fill="#1a1a1a">{_DAY_NAMES[d]}</text>'
            )
            for h, value in enumerate(row):
                x = left + h * cell
                fill = "url(#hatch)" if (d, h) in quiet else _colour(value, top_value)
                out.append(
                    f'<rect x="{x}" y="{y}" width="{cell - 2}" height="{row_h - 2}" rx="2" '
                    f'fill="{fill}" stroke="#d9d9d9" stroke-width="0.5">'
                    f"<title>{_DAY_NAMES[d]} {h:02d}:00: {value}</title></rect>"
                )
                if value:
                    ink = _ink(_colour(value, top_value))
                    out.append(
                        f'<text x="{x + (cell - 2) / 2}" y="{y + row_h / 2 + 3}" font-size="11" '
                        f'text-anchor="middle" fill="{ink}">{value}</text>'
                    )
    y = top + 2 * panel_h + gap + 24
    out.append(f'<text x="16" y="{y + 12}" font-size="12" fill="#1a1a1a">Fewer</text>')
    for i, colour in enumerate(BLUES[1:]):
        out.append(
            f'<rect x="{56 + i * 22}" y="{y}" width="20" height="16" fill="{colour}" '
            'stroke="#d9d9d9" stroke-width="0.5"/>'
        )
    x = 56 + 8 * 22 + 6
    out.append(
        f'<text x="{x}" y="{y + 12}" font-size="12" fill="#1a1a1a">More (darkest: {tops[0]} '
        f"open, {tops[1]} meeting)</text>"
    )
    out.append(
        f'<rect x="56" y="{y + 26}" width="20" height="16" fill="url(#hatch)" stroke="#d9d9d9"/>'
        f'<text x="84" y="{y + 38}" font-size="12" fill="#1a1a1a">Daytime with no group '
        "meeting (a gap)</text>"
    )
    missing = t.get("spaces_without_times", 0) + t.get("groups_without_times", 0)
    if missing:
        out.append(
            f'<text x="16" y="{y + 66}" font-size="12" fill="#444">{missing} places or groups '
            "have no times recorded and are not shown.</text>"
        )
    out.append("</svg>")
    return "\n".join(out)


def _radius(reach: object) -> float:
    return 4.0 + 2.2 * math.sqrt(reach) if isinstance(reach, int) and reach > 0 else 4.0


def _community_colour(a: AssetEntry) -> str:
    n = a.communities_joined or 0
    return COMMUNITY_COLOURS[min(n, 3)]


def _scale_length(metres: float) -> int:
    """A round length near a fifth of the plot's width, for the scale bar."""
    target = metres / 5
    for step in (50, 100, 200, 250, 500, 1000, 2000, 5000, 10000, 20000, 50000):
        if step >= target:
            return step
    return 100000


def map_svg(m: AssetMap, *, width: int = 900, height: int = 640, labels: int = 12) -> str:
    """Spaces with coordinates on a plain plane: size = reach, colour = communities joined."""
    spaces = [a for a in m.assets if a.type == "space" and a.lat is not None and a.lon is not None]
    unlocated = sum(1 for a in m.assets if a.type == "space" and (a.lat is None or a.lon is None))
    plot_w, plot_h, pad, legend_w = width - 260, height - 120, 40, 240
    title = f"Spaces by reach: {_title(m)}"
    desc = (
        f"{len(spaces)} spaces placed by their coordinates (no background map). Circle area shows "
        "how many people use the space; colour shows how many separate communities it joins."
    )
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="t d" style="{_FONT}">',
        f'<title id="t">{escape(title)}</title><desc id="d">{escape(desc)}</desc>',
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        _heading(title),
        '<text x="16" y="52" font-size="13" fill="#444">Circle area: people who use the space '
        "(rounded to 5). Colour: communities it joins. No background map.</text>",
        f'<rect x="16" y="70" width="{plot_w}" height="{plot_h}" fill="#f6f8fa" stroke="#d0d7de"/>',
    ]
    if spaces:
        lats = [float(a.lat or 0.0) for a in spaces]
        lons = [float(a.lon or 0.0) for a in spaces]
        kx = 111_320 * math.cos(math.radians(sum(lats) / len(lats)))
        xs = [lon * kx for lon in lons]  # metres, near enough for a neighbourhood
        ys = [lat * 110_574 for lat in lats]
        span = max(max(xs) - min(xs), max(ys) - min(ys), 200.0)
        scale = min(plot_w - 2 * pad, plot_h - 2 * pad) / span
        cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2

        def at(i: int) -> tuple[float, float]:
            return (16 + plot_w / 2 + (xs[i] - cx) * scale, 70 + plot_h / 2 - (ys[i] - cy) * scale)

        order = sorted(range(len(spaces)), key=lambda i: -_radius(spaces[i].reach))
        for i in order:
            a = spaces[i]
            x, y = at(i)
            shown = a.reach if isinstance(a.reach, int) else str(a.reach)
            tip = escape(f"{a.name or a.kind or a.id}: reach {shown}")
            if isinstance(a.reach, int) and a.reach > 0:
                out.append(
                    f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{_radius(a.reach):.1f}" '
                    f'fill="{_community_colour(a)}" fill-opacity="0.75" stroke="#ffffff" '
                    f'stroke-width="1.2"><title>{tip}</title></circle>'
                )
            else:
                out.append(
                    f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="none" stroke="#555" '
                    f'stroke-dasharray="2 2"><title>{tip}</title></circle>'
                )
        placed: list[tuple[float, float, float, float]] = [
            (16 + plot_w - 48, 76, 16 + plot_w, 124)  # the north arrow
        ]
        for i in order[:labels]:
            a = spaces[i]
            x, y = at(i)
            text = f"{a.name or a.kind or a.id} ({a.reach})"
            spot = _label_spot(
                x, y, _radius(a.reach), text, placed, (16, 70, 16 + plot_w, 70 + plot_h)
            )
            if spot is None:
                continue
            lx, ly, anchor = spot
            out.append(
                f'<text x="{lx:.1f}" y="{ly:.1f}" font-size="12" text-anchor="{anchor}" '
                'fill="#1a1a1a" stroke="#ffffff" stroke-width="3" paint-order="stroke">'
                f"{escape(text)}</text>"
            )
        bar = _scale_length(span)
        bx, by = 36, 70 + plot_h - 24
        out.append(
            f'<rect x="{bx}" y="{by}" width="{bar * scale:.1f}" height="5" fill="#1a1a1a"/>'
            f'<text x="{bx}" y="{by - 6}" font-size="12" fill="#1a1a1a">'
            f"{bar if bar < 1000 else bar / 1000:g} {'m' if bar < 1000 else 'km'}</text>"
        )
        nx0, ny0 = 16 + plot_w - 30, 100
        out.append(
            f'<path d="M{nx0},{ny0 - 18} l7,18 l-7,-5 l-7,5 z" fill="#1a1a1a"/>'
            f'<text x="{nx0}" y="{ny0 + 16}" font-size="12" text-anchor="middle" '
            'fill="#1a1a1a">N</text>'
        )
    else:
        out.append(
            f'<text x="{16 + plot_w / 2}" y="{70 + plot_h / 2}" font-size="15" '
            'text-anchor="middle" fill="#444">No space has coordinates recorded.</text>'
        )
    out.extend(_map_legend(16 + plot_w + 20, 80, legend_w))
    foot = [
        "<5: fewer than five people (dashed circle); [c]: hidden to protect a small number.",
        f"{unlocated} spaces have no coordinates and are not shown." if unlocated else "",
    ]
    for k, line in enumerate(x for x in foot if x):
        out.append(
            f'<text x="16" y="{height - 30 + 16 * k}" font-size="12" fill="#444">'
            f"{escape(line)}</text>"
        )
    out.append("</svg>")
    return "\n".join(out)


def _label_spot(
    x: float,
    y: float,
    r: float,
    text: str,
    placed: list[tuple[float, float, float, float]],
    box: tuple[float, float, float, float],
) -> tuple[float, float, str] | None:
    """Right of the circle, else left, above or below: the first spot that fits and is free."""
    w, h = 6.6 * len(text), 14.0
    for lx, ly, anchor in (
        (x + r + 3, y + 4, "start"),
        (x - r - 3, y + 4, "end"),
        (x, y - r - 4, "middle"),
        (x, y + r + 13, "middle"),
    ):
        left = {"start": lx, "end": lx - w, "middle": lx - w / 2}[anchor]
        rect = (left, ly - h + 3, left + w, ly + 3)
        inside = box[0] <= rect[0] and rect[2] <= box[2] and box[1] <= rect[1] and rect[3] <= box[3]
        free = all(
            rect[2] < q[0] or q[2] < rect[0] or rect[3] < q[1] or q[3] < rect[1] for q in placed
        )
        if inside and free:
            placed.append(rect)
            return lx, ly, anchor
    return None


def _map_legend(x: float, y: float, width: int) -> list[str]:
    out = [f'<text x="{x}" y="{y}" font-size="14" font-weight="700" fill="#1a1a1a">Reach</text>']
    yy = y + 20
    for reach in (10, 50, 150):
        r = _radius(reach)
        out.append(
            f'<circle cx="{x + 30}" cy="{yy + r}" r="{r:.1f}" fill="#cfd8e3" stroke="#8c8c8c"/>'
            f'<text x="{x + 70}" y="{yy + r + 4:.1f}" font-size="12" fill="#1a1a1a">'
            f"{reach} people</text>"
        )
        yy += 2 * r + 10
    yy += 14
    out.append(
        f'<text x="{x}" y="{yy}" font-size="14" font-weight="700" fill="#1a1a1a">'
        "Communities joined</text>"
    )
    for k, (label, colour) in enumerate(
        zip(("none (fewer than 5 people)", "one", "two", "three or more"), COMMUNITY_COLOURS,
            strict=True)
    ):  # fmt: skip
        out.append(
            f'<circle cx="{x + 10}" cy="{yy + 20 + 22 * k}" r="7" fill="{colour}"/>'
            f'<text x="{x + 30}" y="{yy + 24 + 22 * k}" font-size="12" fill="#1a1a1a">'
            f"{label}</text>"
        )
    return out
