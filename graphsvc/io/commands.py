"""The ``import``, ``export`` and ``template`` commands, as typer command functions.

They are registered on the main app in `graphsvc.cli`::

    from graphsvc.io.commands import export_command, import_command, template_command

    app.command("import")(import_command)
    app.command("export")(export_command)
    app.command("template")(template_command)

The store comes from the root callback's `Settings` (``--store``, ``--db``, ``GRAPHSVC_*``,
``NEO4J_*``), or from the environment when the commands run on an app without that callback
(tests). Mistakes in arguments raise graphsvc errors, which `graphsvc.cli.main` prints as one
line with exit code 2; bad rows in the files are not an error but a report, printed in full,
with exit code 2 as well so scripts can tell.
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Literal, TypeVar

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)

from graphsvc.commandline import opened_store
from graphsvc.io.export import export_graph
from graphsvc.io.importer import Importer
from graphsvc.io.read import sources
from graphsvc.io.report import ImportReport
from graphsvc.io.schema import resolve_kind
from graphsvc.io.templates import WORKBOOK_NAME, write_csv_templates, write_xlsx_template

EXIT_BAD_ROWS = 2
F = TypeVar("F", bound=Callable[..., None])


def reflowed(command: F) -> F:
    """Join each paragraph of the docstring into one line for typer's help.

    typer's rich help keeps every line break, so a docstring wrapped at 100 columns for the
    source would print ragged; indented lines (the examples) are kept as they are.
    """
    paragraphs = inspect.cleandoc(command.__doc__ or "").split("\n\n")
    command.__doc__ = "\n\n".join(
        p if p.startswith("  ") else " ".join(p.split("\n")) for p in paragraphs
    )
    return command


@reflowed
def import_command(
    ctx: typer.Context,
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="CSV files, .xlsx workbooks, or folders holding them.", show_default=False
        ),
    ],
    kind: Annotated[
        str | None,
        typer.Option(help="What the files hold, when their names do not say: people, knows..."),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check everything and report; write nothing.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    report: Annotated[
        Path | None,
        typer.Option(help="Write every problem found to this CSV file (opens in Excel)."),
    ] = None,
    show: Annotated[
        int, typer.Option(min=0, help="How many problems to list on screen; the rest are counted.")
    ] = 20,
) -> None:
    """Import people, places, groups and their ties from CSV files or Excel workbooks.

    Each CSV file holds one kind of record, named by the file (people.csv, knows.csv); each
    sheet of a workbook likewise by its name. Every row is checked first; if any row is wrong,
    nothing is written and each problem is listed with its file, row, column and what to fix
    (exit code 2). Importing the same files again changes nothing.

    Examples:

      graphsvc template all --out forms           # blank forms; examples in forms/examples
      graphsvc import forms/examples --dry-run    # check only
      graphsvc import people.csv knows.csv
      graphsvc import town.xlsx --report problems.csv
      graphsvc import crm_export.csv --kind people
    """
    chosen_kind = None if kind is None else resolve_kind(kind)
    tables = sources(paths, kind=chosen_kind)
    err = Console(stderr=True)
    with opened_store(ctx) as store:
        importer = Importer(store, dry_run=dry_run)
        with _progress(err, enabled=not as_json) as progress:
            for table in tables:
                task = progress.add_task(table.name, total=table.estimate_rows())
                rows = 0
                for rows in importer.read(table):
                    progress.update(task, completed=rows)
                progress.update(task, total=rows, completed=rows)
            what = "Checking" if dry_run else "Checking and writing"
            progress.add_task(f"{what} {importer.record_count:,} records", total=None)
            result = importer.finish()
    _show(result, as_json=as_json, show=show, report=report, err=err)
    if not result.ok:
        raise typer.Exit(EXIT_BAD_ROWS)


def _show(
    result: ImportReport, *, as_json: bool, show: int, report: Path | None, err: Console
) -> None:
    if report is not None:
        result.write_problems_csv(report)
    if as_json:
        sys.stdout.write(result.to_json() + "\n")
        return
    Console().print(result.render(max_problems=show))
    if report is not None and result.problems:
        err.print(f"All {result.problem_count:,} problems are in {report}.", highlight=False)


@contextmanager
def _progress(console: Console, *, enabled: bool) -> Iterator[Progress]:
    """A progress bar on stderr, only when stderr is a terminal (logs stay clean)."""
    progress = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not (enabled and console.is_terminal),
    )
    with progress:
        yield progress


Format = Literal["graphml", "gexf", "csv", "json"]


@reflowed
def export_command(
    ctx: typer.Context,
    format: Annotated[
        Format,
        typer.Argument(
            help="graphml or gexf (Gephi, yEd, Cytoscape), csv (a folder of the import "
            "templates, filled in), or json (node-link).",
            show_default=False,
        ),
    ],
    path: Annotated[
        Path, typer.Argument(help="The file to write (a folder for csv).", show_default=False)
    ],
    force: Annotated[bool, typer.Option(help="Replace files that already exist.")] = False,
) -> None:
    """Export the whole graph for Gephi, spreadsheets or code.

    Lists (slots, contexts...) become text separated by ; in GraphML and GEXF, which have no
    list type. A CSV export is the import templates filled in, so it imports again unchanged.
    The files hold personal data: keep them as safe as the store.

    Examples:

      graphsvc export gexf town.gexf       # in Gephi: File > Open
      graphsvc export csv backup/          # people.csv, knows.csv, ...
      graphsvc export graphml town.graphml --force
    """
    with opened_store(ctx) as store:
        G = store.to_networkx()
    written = export_graph(G, format, path, overwrite=force)
    where = path if format == "csv" else written[0]
    Console().print(
        f"Wrote {G.number_of_nodes():,} nodes and {G.number_of_edges():,} ties to {where}",
        highlight=False,
    )


@reflowed
def template_command(
    kind: Annotated[
        str,
        typer.Argument(help="Which template: a kind (people, knows, ...) or all."),
    ] = "all",
    xlsx: Annotated[
        bool,
        typer.Option("--xlsx", help=f"Write one Excel workbook ({WORKBOOK_NAME}) instead of CSVs."),
    ] = False,
    out: Annotated[Path, typer.Option(help="The folder to write into.")] = Path("templates"),
    force: Annotated[bool, typer.Option(help="Replace files that already exist.")] = False,
) -> None:
    """Write blank import templates to fill in, with a worked example.

    CSV: one header-only file per kind, and the same files filled with a small example in
    OUT/examples/ (importing OUT never reads examples/). Excel: one workbook with a README
    sheet explaining every column, then one blank sheet per kind.

    Examples:

      graphsvc template all --out forms
      graphsvc template people --out forms
      graphsvc template all --xlsx --out forms
    """
    if xlsx:
        path = write_xlsx_template(out / WORKBOOK_NAME, kind, overwrite=force)
        Console().print(f"Wrote {path}", highlight=False)
        return
    paths = write_csv_templates(out, kind, overwrite=force)
    Console().print(
        f"Wrote {len(paths) // 2} template{'s' * (len(paths) > 2)} to {out} "
        f"and examples to {out / 'examples'}",
        highlight=False,
    )
