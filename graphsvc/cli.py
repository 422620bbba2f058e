"""The ``graphsvc`` command line.

User mistakes (a bad id, an unreachable server) print one line on stderr and exit non-zero, with
no traceback: 2 for input the user can fix, 3 for a store that failed. ``--store`` and ``--db``
(or ``GRAPHSVC_STORE`` / ``GRAPHSVC_DB`` and the ``NEO4J_*`` variables) choose the store.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Annotated, Literal

import typer
from rich.console import Console
from rich.table import Table

from graphsvc.assets.commands import assets as assets_command
from graphsvc.chains.commands import chains_command
from graphsvc.changes.commands import changes_command, review_command
from graphsvc.config import Settings
from graphsvc.errors import GraphsvcError, InputError
from graphsvc.governance.commands import admin_app
from graphsvc.io.commands import export_command, import_command, template_command
from graphsvc.io.netcanvas.command import netcanvas_command
from graphsvc.io.pseudonymise.command import pseudonymise_command
from graphsvc.proximity.commands import score_command
from graphsvc.store import open_store

app = typer.Typer(
    name="graphsvc",
    help="Map people's relationships and community assets; suggest chains of connection.",
    epilog=(
        "Examples: graphsvc demo | graphsvc --db town.sqlite db stats | "
        "NEO4J_URI=bolt://localhost:7687 graphsvc --store neo4j db init. "
        "Store options go before the command."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="Set up and inspect the store.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(admin_app, name="admin")
app.command("import")(import_command)
app.command("export")(export_command)
app.command("template")(template_command)
app.command("import-netcanvas")(netcanvas_command)
app.command("export-research")(pseudonymise_command)
app.command("score")(score_command)
app.command("chains")(chains_command)
app.command("assets")(assets_command)
app.command("review")(review_command)
app.command("changes")(changes_command)

out = Console()
err = Console(stderr=True)

StoreOpt = Annotated[
    Literal["embedded", "neo4j"] | None,
    typer.Option("--store", help="embedded (default; a SQLite file) or neo4j (NEO4J_URI...)."),
]
DbOpt = Annotated[
    Path | None, typer.Option("--db", help="The embedded store's file (default graphsvc.sqlite).")
]


@app.callback()
def _root(ctx: typer.Context, store: StoreOpt = None, db: DbOpt = None) -> None:
    overrides: dict[str, object] = {}
    if store:
        overrides["store"] = store
    if db:
        overrides["db"] = db
    ctx.obj = Settings(**overrides)  # type: ignore[arg-type]


def _settings(ctx: typer.Context) -> Settings:
    settings = ctx.find_root().obj
    assert isinstance(settings, Settings)
    return settings


def _where(settings: Settings) -> str:
    if settings.store == "neo4j":
        return f"Neo4j at {settings.neo4j_uri} (database {settings.neo4j_database})"
    return f"the embedded store {settings.db}"


@db_app.command("init")
def db_init(ctx: typer.Context) -> None:
    """Create the store (embedded) or apply constraints and indexes (Neo4j). Safe to repeat."""
    settings = _settings(ctx)
    store = open_store(settings)
    try:
        applied = store.init_schema()
    finally:
        store.close()
    out.print(
        f"Ready: {_where(settings)}" + (f" ({len(applied)} schema statements)" if applied else "")
    )


@db_app.command("stats")
def db_stats(ctx: typer.Context) -> None:
    """Count nodes by label and ties by type."""
    settings = _settings(ctx)
    store = open_store(settings)
    try:
        counts = store.counts()
    finally:
        store.close()
    out.print(_counts_table(counts.nodes, counts.ties, title=_where(settings)))


def _counts_table(nodes: dict[str, int], ties: dict[str, int], *, title: str) -> Table:
    table = Table(title=title, show_lines=False)
    table.add_column("nodes")
    table.add_column("count", justify="right")
    table.add_column("ties")
    table.add_column("count", justify="right")
    n, t = list(nodes.items()), list(ties.items())
    for i in range(max(len(n), len(t))):
        a = n[i] if i < len(n) else ("", "")
        b = t[i] if i < len(t) else ("", "")
        table.add_row(
            a[0], f"{a[1]:,}" if a[1] != "" else "", b[0], f"{b[1]:,}" if b[1] != "" else ""
        )
    return table


@app.command()
def demo(
    ctx: typer.Context,
    people: Annotated[int, typer.Option(min=50, max=100_000, help="People to generate.")] = 300,
    seed: Annotated[int, typer.Option(help="Random seed; the same seed gives the same town.")] = 7,
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for the map.")] = Path("demo-out"),
    person: Annotated[str | None, typer.Option(help="Whose map to draw (default: chosen).")] = None,
    replace: Annotated[
        bool, typer.Option(help="Allow replacing a non-empty Neo4j database's contents.")
    ] = False,
) -> None:
    """Load a synthetic neighbourhood and draw one person's connection map (works offline)."""
    from graphsvc.demo import run_demo

    settings = _settings(ctx)
    if settings.store == "embedded" and ctx.find_root().params.get("db") is None:
        settings = settings.model_copy(update={"db": out_dir / "graphsvc-demo.sqlite"})
    started = time.perf_counter()
    store = open_store(settings)
    try:
        result = run_demo(
            store, people=people, seed=seed, out_dir=out_dir, person=person, replace=replace
        )
    finally:
        store.close()
    counts = result.counts
    out.print(_counts_table(counts.nodes, counts.ties, title=f"Loaded into {_where(settings)}"))
    out.print(
        f"[bold]{result.person_name}[/] ({result.person_id}) knows {result.unpaid} people "
        f"unpaid and has {result.paid} paid worker{'s' * (result.paid != 1)}; "
        f"goes to {result.places} place{'s' * (result.places != 1)} and "
        f"{result.groups} group{'s' * (result.groups != 1)}."
    )
    out.print(
        f"Connection map: [link=file://{result.map_path.resolve()}]{result.map_path}[/link]"
        " (open it in a browser; it needs no network)"
    )
    out.print(f"Done in {time.perf_counter() - started:.1f} s.")


@app.command()
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes.")] = 1,
) -> None:
    """Run the HTTP API (docs at /docs); sign in with a key from 'graphsvc admin key'."""
    import uvicorn

    from graphsvc.api import create_app

    settings = _settings(ctx)
    if workers > 1:
        # Each worker process builds its own app (and store) from the environment, not from
        # this process's Settings: hand the --store/--db choices on, or they would be lost.
        os.environ["GRAPHSVC_STORE"] = settings.store
        os.environ["GRAPHSVC_DB"] = str(settings.db)
        uvicorn.run(
            "graphsvc.api.app:create_app", factory=True, host=host, port=port, workers=workers
        )
    else:
        uvicorn.run(create_app(settings), host=host, port=port)


def _exit_code(exc: GraphsvcError) -> int:
    return 2 if isinstance(exc, InputError) else 3


def main() -> None:
    """Entry point: typer reports usage mistakes (exit 2); graphsvc errors become one line."""
    try:
        app()
    except GraphsvcError as exc:
        err.print(f"[red]error:[/] {exc}", highlight=False, soft_wrap=True)
        sys.exit(_exit_code(exc))
