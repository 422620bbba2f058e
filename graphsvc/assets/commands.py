"""``graphsvc assets``: a commissioner's asset map on the command line.

Registration, in ``graphsvc/cli.py`` (after ``app`` is made)::

    from graphsvc.assets.commands import assets as assets_command

    app.command("assets")(assets_command)

The store comes from the root callback's `Settings` (``--store``/``--db``), as for every other
command. Errors are graphsvc errors (a refused query is `BadRequest`: exit 2), left to
``graphsvc.cli.main`` to print as one line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from graphsvc.assets.config import AssetConfig
from graphsvc.assets.export import to_csv, to_geojson, to_json
from graphsvc.assets.published import AssetMap, Comparison
from graphsvc.assets.service import map_assets, side_by_side
from graphsvc.assets.svg import map_svg, timetable_svg
from graphsvc.config import Settings
from graphsvc.store import open_store

__all__ = ["assets", "render"]

Format = Literal["table", "json", "csv", "geojson"]


def assets(
    ctx: typer.Context,
    neighbourhoods: Annotated[
        list[str] | None,
        typer.Argument(
            help="Neighbourhood ids: none for all together, one for its map, several side by side."
        ),
    ] = None,
    fmt: Annotated[
        Format, typer.Option("--format", "-f", help="table (screen), json, csv or geojson.")
    ] = "table",
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write to this file instead of the screen.")
    ] = None,
    ages: Annotated[
        str | None,
        typer.Option(help="One age group, e.g. 65-79, or bands that must go together: 65-79,80+."),
    ] = None,
    proximity: Annotated[
        bool,
        typer.Option(
            help="Score relationships to count good unpaid ties and support-dominated networks "
            "(slower: fetches each neighbourhood's graph)."
        ),
    ] = False,
    names: Annotated[
        bool, typer.Option(help="Show the names of spaces and groups (free text; off by default).")
    ] = False,
    pictures: Annotated[
        Path | None,
        typer.Option(help="Folder for the timetable and map pictures (SVG, work offline)."),
    ] = None,
) -> None:
    """Map community assets, isolation and gaps for commissioners, with small numbers hidden."""
    root = ctx.find_root().obj
    settings = root if isinstance(root, Settings) else Settings()
    config = AssetConfig(show_names=names)
    age_bands = [a.strip() for a in ages.split(",") if a.strip()] if ages else None
    store = open_store(settings)
    try:
        result: AssetMap | Comparison
        if neighbourhoods and len(neighbourhoods) > 1:
            result = side_by_side(
                store, neighbourhoods, ages=age_bands, config=config, proximity=proximity
            )
        else:
            hood = neighbourhoods[0] if neighbourhoods else None
            result = map_assets(store, hood, ages=age_bands, config=config, proximity=proximity)
    finally:
        store.close()
    console = Console(record=out is not None and fmt == "table", width=110)
    if fmt == "table":
        render(result, console)
        if out is not None:
            out.write_text(console.export_text(), encoding="utf-8")
    else:
        text = {
            "json": lambda: to_json(result),
            "csv": lambda: to_csv(result),
            "geojson": lambda: to_json_text(to_geojson(result)),
        }[fmt]()
        if out is None:
            typer.echo(text, nl=not text.endswith("\n"))
        else:
            out.write_text(text, encoding="utf-8")
    if pictures is not None:
        _pictures(result, pictures, console)


def to_json_text(data: object) -> str:
    import json

    return json.dumps(data, ensure_ascii=False, indent=2)


def _pictures(result: AssetMap | Comparison, folder: Path, console: Console) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    maps = result.maps if isinstance(result, Comparison) else [result]
    for m in maps:
        stem = "-".join(m.neighbourhoods) if len(m.neighbourhoods) <= 3 else "all"
        (folder / f"timetable-{stem}.svg").write_text(timetable_svg(m), encoding="utf-8")
        (folder / f"map-{stem}.svg").write_text(map_svg(m), encoding="utf-8")
    console.print(f"Pictures written to {folder} (open the .svg files in a browser).")


def render(result: AssetMap | Comparison, console: Console) -> None:
    """Print a map (or a comparison) as tables a person can read on screen."""
    if isinstance(result, Comparison):
        hoods = [m.neighbourhoods[0] for m in result.maps]
        table = Table(title=escape("Neighbourhoods side by side (rounded to 5; <5 and [c] hidden)"))
        table.add_column("")
        for h in [*hoods, "together"]:
            table.add_column(h, justify="right")
        for name, values in result.table.items():
            table.add_row(name, *(escape(str(values.get(h, ""))) for h in [*hoods, "together"]))
        console.print(table)
        return
    m = result
    where = ", ".join(m.neighbourhoods) if len(m.neighbourhoods) <= 4 else "all neighbourhoods"
    console.print(f"[bold]Asset map: {where}[/]" + (f" (age {m.age_group})" if m.age_group else ""))
    people = Table(
        title=escape("People (rounded to 5; <5: fewer than five; [c]: hidden to protect them)")
    )
    people.add_column("measure")
    people.add_column("", justify="left")
    for k, v in m.population.items():
        people.add_row(k, escape(str(v)))
    for name, cats in m.isolation.items():
        shown = "not computed (use --proximity)" if cats is None else _cats(cats)
        people.add_row(name.replace("_", " "), escape(shown))
    console.print(people)
    places = Table(title=f"Spaces and groups ({len(m.assets)}), by reach")
    for col in ("id", "type", "kind", "name", "reach", "support-dominated", "communities"):
        places.add_column(col, justify="right" if col in ("reach", "communities") else "left")
    for a in sorted(m.assets, key=lambda a: -a.reach if isinstance(a.reach, int) else 0):
        cells = (
            a.id, a.type, a.kind or "", a.name or "", str(a.reach),
            "" if a.reach_support_dominated is None else str(a.reach_support_dominated),
            "" if a.communities_joined is None else str(a.communities_joined),
        )  # fmt: skip
        places.add_row(*(escape(c) for c in cells))
    console.print(places)
    paid = Table(title="Paid support received")
    for col in ("role", "people", "hours per week", "people whose hours are unknown"):
        paid.add_column(col, justify="left" if col == "role" else "right")
    for e in m.paid_support:
        cells = (e.role, e.people, e.hours_per_week, e.people_hours_unknown)
        paid.add_row(*(escape("" if c is None else str(c)) for c in cells))
    console.print(paid)
    gaps = m.gaps
    console.print("[bold]Gaps[/]")
    interests = ", ".join(f"{g['interest']} ({g['interested']})" for g in gaps["interests"])
    needs = ", ".join(f"{n.tag} ({n.people})" for n in gaps["needs"])
    console.print(escape("Interests with no space or group (people): " + (interests or "none")))
    console.print(escape("Needs with no space or group (people): " + (needs or "none")))
    console.print("Daytime with no group meeting: " + (", ".join(gaps["nothing_on"]) or "none"))
    console.print(f"Bridging: {m.bridging['description']}")
    for note in m.notes:
        console.print(f"[dim]{escape(note)}[/]")


def _cats(cats: dict[str, object]) -> str:
    return ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in cats.items())
