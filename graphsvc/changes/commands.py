"""The ``review`` and ``changes`` commands: a broker's review of a map, and what it changed.

A review *carries forward*: ``graphsvc review ann --out ann.csv`` writes Ann's ties as they
are now, one row each, in the import templates' columns (plus ``type``, as one file holds ties
of every kind). The broker and Ann go through it together: keep a row as it is to confirm the
tie, edit it, add rows for new ties, delete the rows of ties that ended. Then
``graphsvc review ann --apply ann.csv --on 2025-01-15`` checks every row with the model (all
problems listed by row; nothing is written unless every row is right) and applies it as one
`GraphStore.revise`: changed ties get a new version from that date, dropped ones end on it,
and nothing is ever deleted. ``graphsvc changes ann --from 2024-01-15 --to 2025-01-15`` then
compares the two maps (`graphsvc.changes.changes`).

They are registered on the main app in `graphsvc.cli`::

    from graphsvc.changes.commands import changes_command, review_command

    app.command("review")(review_command)
    app.command("changes")(changes_command)

The work is in `write_review`, `read_review`, `apply_review` and `run_changes`, which take a
store, so tests run them on both stores without typer.
"""

from __future__ import annotations

import csv
import json
import re
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from graphsvc.changes.report import CHANGE_WORDS, ChangeConfig, ChangeReport, changes
from graphsvc.commandline import opened_store
from graphsvc.errors import BadRequest, InvalidRecord, Problem
from graphsvc.io.cells import cell_text, reader, write_cell
from graphsvc.io.commands import reflowed
from graphsvc.io.export import refuse_existing
from graphsvc.io.messages import plain
from graphsvc.io.schema import KINDS, TIE_KINDS, Column, column_name
from graphsvc.model import RelType, Tie, parse_tie
from graphsvc.proximity.commands import fetch_for_scores
from graphsvc.proximity.config import ProximityConfig
from graphsvc.store import GraphStore
from graphsvc.store.base import Revision

EXIT_BAD_ROWS = 2
#: Template columns a review file leaves out: a review dates its changes itself, and ``type``
#: says what ``relation`` says in the person_interests template.
_LEFT_OUT = ("valid_from", "valid_to", "relation")
_TYPE_ORDER = {t.value: i for i, t in enumerate(RelType)}
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def review_columns() -> list[str]:
    """``type``, then the tie templates' columns in template order, each name once."""
    columns = ["type"]
    for kind in KINDS.values():
        if kind.is_node:
            continue
        columns += [c.name for c in kind.columns if c.name not in (*columns, *_LEFT_OUT)]
    return columns


def write_review(store: GraphStore, person_id: str, path: Path, *, overwrite: bool = False) -> int:
    """Write ``person_id``'s current ties to ``path`` (CSV, UTF-8 with BOM for Excel), one row
    per tie, by type then the other end's id; return how many. `NotFound` if not a Person."""
    refuse_existing([path], overwrite=overwrite)
    G = store.ego(person_id, hops=1)
    ties = sorted(
        ((k, u, v, d) for u, v, k, d in G.edges(keys=True, data=True) if person_id in (u, v)),
        key=lambda t: (_TYPE_ORDER[t[0]], t[2] if t[1] == person_id else t[1], t[1]),
    )
    columns = review_columns()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8-sig") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(columns)
        for rel_type, source, target, attrs in ties:
            known = _columns_of(rel_type)
            values = {**attrs, "type": rel_type, "source": source, "target": target}
            writer.writerow(
                [
                    write_cell(known[c], values.get(c)) if c in known else values.get(c, "")
                    for c in columns
                ]
            )
    return len(ties)


def read_review(path: Path, person_id: str) -> list[Tie]:
    """The ties of a review file, each row checked by the model.

    `InvalidRecord` lists every problem found, each named by file and row (the header is row
    1, as spreadsheets count), so one round of corrections fixes them all.
    """
    return [tie for _, tie in _read_rows(path, person_id)]


def _read_rows(path: Path, person_id: str) -> list[tuple[int, Tie]]:
    """`read_review`, each tie with its row number."""
    problems: list[Problem] = []
    ties: list[tuple[int, Tie]] = []
    seen: dict[tuple[str, str, str], int] = {}
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            rows = list(csv.reader(f))
    except OSError as exc:
        raise BadRequest(f"cannot read {path}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise BadRequest(f"{path} is not UTF-8 text; save it as 'CSV UTF-8'") from None
    if not rows:
        raise BadRequest(f"{path} is empty; start from 'graphsvc review {person_id} --out'")
    header = [column_name(cell_text(h) or "") for h in rows[0]]  # "Last contact" is fine
    expected = review_columns()
    unknown = [h for h in header if h and h not in expected]
    missing = [c for c in ("type", "source", "target") if c not in header]
    if unknown or missing:
        what = [f"unknown column {h!r}" for h in unknown] + [f"no column {m!r}" for m in missing]
        raise BadRequest(
            f"{path.name} row 1: {'; '.join(what)}. The columns are: {', '.join(expected)}"
        )
    for number, cells in enumerate(rows[1:], start=2):
        if all(cell_text(c) is None for c in cells):
            continue
        where = f"{path.name} row {number}"
        found = _row(where, header, cells, person_id, problems)
        if found is None:
            continue
        earlier = seen.get(found.key)
        if earlier is not None:
            problems.append(Problem(where, "", f"the same tie as row {earlier}; keep one of them"))
            continue
        seen[found.key] = number
        ties.append((number, found))
    if problems:
        raise InvalidRecord(problems)
    return ties


def apply_review(store: GraphStore, person_id: str, path: Path, on: date) -> Revision:
    """`read_review`, then one `GraphStore.revise` on ``on``; all of it, or nothing.

    A tie whose other end is not in the store is reported by its row too.
    """
    numbered = _read_rows(path, person_id)
    rows = {t.describe(): f"{path.name} row {i}" for i, t in numbered}
    try:
        return store.revise(person_id, [t for _, t in numbered], on=on)
    except InvalidRecord as exc:
        raise InvalidRecord(
            [
                Problem(rows.get(p.record, p.record), p.field, p.message, p.value)
                for p in exc.problems
            ]
        ) from None


def run_changes(
    store: GraphStore,
    person_id: str,
    *,
    since: date,
    until: date,
    config: ChangeConfig | None = None,
    as_json: bool = False,
    svg: Path | None = None,
) -> str:
    """The person's maps on ``since`` and ``until`` compared; the text (or JSON) to print.

    With ``svg``, the picture is written there too (replacing the file: it is graphsvc's own
    output, made again at will, not a sheet someone filled in).
    """
    if until < since:
        raise BadRequest(f"--to ({until}) is before --from ({since}); swap them")
    G_then, rarity_then = fetch_for_scores(store, person_id, as_of=since)
    G_now, rarity_now = fetch_for_scores(store, person_id, as_of=until)
    report = changes(G_then, G_now, person_id, config, then=since, now=until,
                     rarity=(rarity_then, rarity_now))  # fmt: skip
    if svg is not None:
        svg.parent.mkdir(parents=True, exist_ok=True)
        svg.write_text(report.svg(), encoding="utf-8")
    if as_json:
        return json.dumps(report.to_json(), indent=2, ensure_ascii=False)
    return "\n".join(report_text(report))


def report_text(report: ChangeReport) -> list[str]:
    """The report as lines of text: summary, the table, then each tie's sentences."""
    lines = [*report.summary(), ""]
    table = report.table()
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
    for row in table:
        lines.append("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    for t in report.ties:
        lines += ["", f"{t.name}: {CHANGE_WORDS[t.change]}"]
        lines += [f"    {s}" for s in t.sentences]
    lines += ["", "- = not in the map on that date; ? = not known from what is recorded."]
    return lines


def revision_text(person_id: str, on: date, revision: Revision) -> list[str]:
    """What a review did, in words, tie by tie."""
    counts = ", ".join(
        f"{len(getattr(revision, what))} {what}"
        for what in ("new", "changed", "ended", "unchanged")
    )
    lines = [f"Review of {person_id} on {on.isoformat()}: {counts}."]
    for what in ("new", "changed", "ended"):
        for rel_type, source, target in getattr(revision, what):
            lines.append(f"  {what:<8} {rel_type} {source} -> {target}")
    if revision.changes == 0:
        lines.append("Nothing changed: every tie was confirmed as it was.")
    return lines


# --- the typer commands ---------------------------------------------------------------------


@reflowed
def review_command(
    ctx: typer.Context,
    person_id: Annotated[str, typer.Argument(help="Whose map to review.", show_default=False)],
    out: Annotated[
        Path | None, typer.Option("--out", help="Write the person's ties to this CSV file.")
    ] = None,
    apply: Annotated[
        Path | None, typer.Option("--apply", help="Apply this edited CSV file as the review.")
    ] = None,
    on: Annotated[
        str | None, typer.Option("--on", help="The review's date, YYYY-MM-DD (with --apply).")
    ] = None,
    force: Annotated[bool, typer.Option(help="Replace the --out file if it exists.")] = False,
) -> None:
    """Review a person's map: write their ties to confirm or edit, then apply the file.

    --out writes one row per current tie. Keep a row to confirm the tie, edit it to change it,
    add a row for a new tie, delete the row of a tie that ended. --apply checks every row
    (problems are listed by row and nothing is written unless all are right), then changed
    ties start a new version on the --on date and dropped ties end on it; nothing is deleted,
    so the map of any earlier date stays as it was. Applying the same file twice changes
    nothing the second time.

    Examples:

      graphsvc review ann --out ann-review.csv
      graphsvc review ann --apply ann-review.csv --on 2025-01-15
    """
    if (out is None) == (apply is None):
        raise BadRequest(
            "give --out FILE.csv to start a review, or --apply FILE.csv --on YYYY-MM-DD to "
            "apply one"
        )
    console = Console(highlight=False, markup=False)
    if out is not None:
        if on is not None:
            raise BadRequest("--on goes with --apply: a review is dated when it is applied")
        with opened_store(ctx) as store:
            n = write_review(store, person_id, out, overwrite=force)
        console.print(
            f"Wrote {n} tie{'s' * (n != 1)} of {person_id} to {out}. Go through it together, "
            f"then: graphsvc review {person_id} --apply {out} --on YYYY-MM-DD",
            soft_wrap=True,
        )
        return
    assert apply is not None
    if on is None:
        raise BadRequest("--apply needs --on YYYY-MM-DD: the date the review took place")
    day = parse_day(on, "--on")
    try:
        with opened_store(ctx) as store:
            revision = apply_review(store, person_id, apply, day)
    except InvalidRecord as exc:
        err = Console(stderr=True, highlight=False, markup=False)
        err.print(f"Nothing was written: {len(exc.problems)} problem(s) in {apply}:")
        for p in exc.problems:
            err.print(f"  {p}", soft_wrap=True)
        raise typer.Exit(EXIT_BAD_ROWS) from None
    console.print("\n".join(revision_text(person_id, day, revision)), soft_wrap=True)


@reflowed
def changes_command(
    ctx: typer.Context,
    person_id: Annotated[str, typer.Argument(help="Whose map to compare.", show_default=False)],
    since: Annotated[
        str, typer.Option("--from", help="The earlier date, YYYY-MM-DD.", show_default=False)
    ],
    until: Annotated[
        str | None, typer.Option("--to", help="The later date, YYYY-MM-DD (default: today).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")] = False,
    svg: Annotated[
        Path | None, typer.Option("--svg", help="Also draw the changes into this SVG file.")
    ] = None,
    threshold: Annotated[
        float,
        typer.Option(min=0.0, max=0.99, help="How far a score must move to count as a change."),
    ] = 0.05,
    config: Annotated[
        str | None,
        typer.Option("--config", help="A TOML file of weights and constants (docs/proximity.md)."),
    ] = None,
) -> None:
    """What changed in a person's relationships between two dates: new, ended, closer, less
    close, dimension by dimension, in plain English.

    Each date's map is the ties valid that day (graphsvc review keeps the history). Scores
    are estimates from what is recorded: a way to start a conversation, never a verdict.

    Examples:

      graphsvc changes ann --from 2024-01-15 --to 2025-01-15
      graphsvc changes ann --from 2024-01-15 --json
      graphsvc changes ann --from 2024-01-15 --svg ann-changes.svg
    """
    cfg = ChangeConfig(
        threshold=threshold, proximity=ProximityConfig.load(config) if config else None
    )
    start = parse_day(since, "--from")
    end = date.today() if until is None else parse_day(until, "--to")
    with opened_store(ctx) as store:
        text = run_changes(
            store, person_id, since=start, until=end, config=cfg, as_json=as_json, svg=svg
        )
    typer.echo(text)
    if svg is not None and not as_json:
        typer.echo(f"Picture: {svg}")


def parse_day(text: str, option: str) -> date:
    """A full ``YYYY-MM-DD`` date from an option; `BadRequest` naming the option otherwise."""
    try:
        if not _DAY.match(text.strip()):
            raise ValueError
        return date.fromisoformat(text.strip())
    except ValueError:
        raise BadRequest(f"{option} must be a date written YYYY-MM-DD (got {text!r})") from None


# --- pieces -----------------------------------------------------------------------------------


def _columns_of(rel_type: str) -> dict[str, Column]:
    kind = TIE_KINDS[RelType(rel_type)]
    return {c.name: c for c in kind.columns if c.name not in _LEFT_OUT}


def _row(
    where: str, header: list[str], cells: list[str], person_id: str, problems: list[Problem]
) -> Tie | None:
    """One row as a checked tie, or None after adding its problems to ``problems``."""
    raw = {h: cells[i] for i, h in enumerate(header) if h and i < len(cells)}
    type_text = (cell_text(raw.get("type")) or "").upper().replace(" ", "_")
    if type_text not in _TYPE_ORDER:
        problems.append(
            Problem(where, "type", f"use one of: {', '.join(_TYPE_ORDER)}", raw.get("type"))
        )
        return None
    known = _columns_of(type_text)
    data: dict[str, Any] = {"type": type_text}
    bad = False
    for name, cell in raw.items():
        if name == "type" or cell_text(cell) is None:
            continue
        if name not in known:
            problems.append(
                Problem(where, name, f"not used for {type_text} ties; leave it empty", cell)
            )
            bad = True
            continue
        data[name] = reader(known[name])(cell)
    try:
        tie = parse_tie(data, where=where)
    except InvalidRecord as exc:
        for p in exc.problems:
            name, _, rest = p.field.partition(".")
            item = int(rest.split(".")[0]) if rest[:1].isdigit() else None
            cell = cell_text(raw.get(name))
            problems.append(Problem(where, name, plain(known.get(name), p.message, cell, item)))
        return None
    if person_id not in (tie.source, tie.target):
        problems.append(
            Problem(
                where,
                "source",
                f"neither source nor target is {person_id!r}: a review of {person_id!r} holds "
                "only their own ties",
            )
        )
        return None
    return None if bad else tie
