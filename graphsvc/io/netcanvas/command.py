"""The ``import-netcanvas`` command, as a typer command function.

Registered on the main app in `graphsvc.cli` like the other import commands::

    from graphsvc.io.netcanvas.command import netcanvas_command

    app.command("import-netcanvas")(netcanvas_command)

It shares the ``import`` command's conventions (see `graphsvc.io.commands`): the store comes
from the root callback's `Settings`; mistakes in arguments raise graphsvc errors, which
`graphsvc.cli.main` prints as one line with exit code 2; problems in the interview are a
report, printed in full, with exit code 2 as well so that scripts can tell.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from graphsvc.commandline import opened_store
from graphsvc.io.commands import EXIT_BAD_ROWS, _show, reflowed
from graphsvc.io.netcanvas import import_netcanvas, load_mapping


@reflowed
def netcanvas_command(
    ctx: typer.Context,
    path: Annotated[
        Path,
        typer.Argument(
            help="The interview: a folder or .zip of its Network Canvas CSV export, or its "
            ".graphml file.",
            show_default=False,
        ),
    ],
    ego: Annotated[
        str,
        typer.Option(
            "--ego", help="The graphsvc id of the person interviewed.", show_default=False
        ),
    ],
    mapping: Annotated[
        Path | None,
        typer.Option(
            help="A TOML file saying what node types, edge types and answers become "
            "(docs/network-canvas.md); the default mapping when left out."
        ),
    ] = None,
    create_ego: Annotated[
        bool,
        typer.Option(
            "--create-ego", help="Add the person as new when --ego is not in the store yet."
        ),
    ] = False,
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
    """Import one Network Canvas interview into a person's map.

    The interview's people, places and groups join the map of the person given by --ego, tied
    to them, with the ties the interview drew between them. Every answer is checked first; if
    anything is wrong, nothing is written and each problem is listed with its file, row, column
    and what to fix (exit code 2). Importing the same interview again changes nothing. Answers
    graphsvc has no place for are listed, not imported.

    Examples:

      graphsvc import-netcanvas interview.zip --ego ann --dry-run
      graphsvc import-netcanvas export/ --ego ann --mapping my-protocol.toml
      graphsvc import-netcanvas ann_3f2c.graphml --ego ann --report problems.csv
    """
    rules = load_mapping(mapping) if mapping is not None else None  # a bad file fails first
    err = Console(stderr=True)
    with opened_store(ctx) as store:
        result = import_netcanvas(
            store, path, ego, mapping=rules, dry_run=dry_run, create_ego=create_ego
        )
    _show(result, as_json=as_json, show=show, report=report, err=err)
    if not result.ok:
        raise typer.Exit(EXIT_BAD_ROWS)
