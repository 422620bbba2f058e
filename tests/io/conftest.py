"""Helpers for the import/export tests: writing small spreadsheets by hand, as a person would."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import networkx as nx
import typer

from graphsvc.config import Settings
from tests.store.test_contract import same_graph, small_world

__all__ = ["same_graph", "small_world", "write_table"]


def write_table(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> Path:
    """A CSV as Excel saves one ("CSV UTF-8"): byte-order mark, CRLF line ends."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8-sig") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def graphs_equal(a: nx.MultiDiGraph, b: nx.MultiDiGraph) -> bool:
    try:
        same_graph(a, b)
    except AssertionError:
        return False
    return True


def cli_app(db: Path, **commands: Callable[..., None]) -> typer.Typer:
    """A typer app of ``commands`` on ``db`` (keyword ``import_netcanvas``: import-netcanvas)."""
    app = typer.Typer(no_args_is_help=True, add_completion=False)

    @app.callback()
    def _root(ctx: typer.Context) -> None:
        ctx.obj = Settings(db=db)

    for name, command in commands.items():
        app.command(name.rstrip("_").replace("_", "-"))(command)
    return app
