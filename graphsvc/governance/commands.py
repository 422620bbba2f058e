"""``graphsvc admin``: users, API keys, caseloads and the audit trail, from the command line.

Registered in ``graphsvc/cli.py`` with one line::

    app.add_typer(admin_app, name="admin")

The register file is ``Settings.register_db`` (``GRAPHSVC_REGISTER``, default
``graphsvc-register.sqlite``). Whoever can run these commands can read and write that file
anyway, so the command line is trusted as an administrator; every command still appends an audit
entry as user ``cli``, so what was done from the command line is on the record like the rest.
Commands that manage a user also name that user in the entry (``subject_user_id``), so the trail
says whose key was revoked or who was deactivated, not only that someone was.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from graphsvc.errors import StoreError
from graphsvc.governance.base import Register
from graphsvc.governance.sqlite import MAX_PAGE, SqliteRegister
from graphsvc.governance.types import AuditEntry, Role

CLI_USER = "cli"
DEFAULT_REGISTER = Path("graphsvc-register.sqlite")

admin_app = typer.Typer(
    help="Users, API keys, brokers' caseloads and the audit trail (the governance register).",
    no_args_is_help=True,
    add_completion=False,
)

out = Console()
err = Console(stderr=True)

UserArg = Annotated[str, typer.Argument(help="The user's id (an email or staff number).")]
BrokerArg = Annotated[str, typer.Argument(help="The broker's user id.")]
PeopleArg = Annotated[list[str], typer.Argument(help="One or more person ids from the graph.")]


def register_path(ctx: typer.Context) -> Path:
    """The register file: ``Settings.register_db``, else ``GRAPHSVC_REGISTER``, else the default.

    Reading the settings by name (not by type) keeps the commands usable with any ``obj`` a test
    or a notebook passes; ``register`` is accepted too, as an older spelling of the field.
    """
    settings = ctx.find_root().obj
    for name in ("register_db", "register"):
        path = getattr(settings, name, None)
        if isinstance(path, str | Path) and str(path):
            return Path(path)
    return Path(os.environ.get("GRAPHSVC_REGISTER") or DEFAULT_REGISTER)


@contextmanager
def _opened(ctx: typer.Context) -> Iterator[Register]:
    register = SqliteRegister(register_path(ctx))
    try:
        yield register
    finally:
        register.close()


@admin_app.command("add-user")
def add_user(
    ctx: typer.Context,
    user_id: UserArg,
    name: Annotated[str, typer.Option("--name", help="Their name, as colleagues know them.")],
    role: Annotated[Role, typer.Option("--role", help="What they may see and do.")],
) -> None:
    """Add a user with one role: broker, commissioner, researcher or admin."""
    with _opened(ctx) as register:
        user = register.add_user(user_id, name, role)
        register.audit(CLI_USER, "add_user", subject_user_id=user.id)
    typer.echo(
        f"Added {user.id} ({user.name}) as {user.role}. Give them a key: admin key {user.id}"
    )


@admin_app.command("users")
def users(ctx: typer.Context) -> None:
    """List every user, their role, whether they are active and their caseload size."""
    table = _table("id", "name", "role", "active", "caseload", "created (UTC)", fold={"id", "name"})
    with _opened(ctx) as register:
        offset = 0
        while page := register.users(offset=offset, limit=MAX_PAGE):
            for user in page:
                size = len(register.caseload(user.id)) if user.role == Role.broker else None
                table.add_row(
                    Text(user.id),
                    Text(user.name),
                    user.role.value,
                    "yes" if user.active else "no",
                    "" if size is None else str(size),
                    _when(user.created),
                )
            offset += len(page)
        register.audit(CLI_USER, "list_users")
    out.print(table)


@admin_app.command("key")
def key(ctx: typer.Context, user_id: UserArg) -> None:
    """Issue a new API key for a user. The key is printed once: it is not stored anywhere."""
    with _opened(ctx) as register:
        issued = register.issue_key(user_id)
        register.audit(CLI_USER, "issue_key", subject_user_id=issued.user_id)
    err.print(
        f"API key {issued.key_id} for {issued.user_id}. Copy the token below now: graphsvc keeps "
        f"only its hash and cannot show it again. Revoke it with: admin revoke {issued.key_id}",
        markup=False,
        highlight=False,
        soft_wrap=True,
    )
    typer.echo(issued.token)  # alone on stdout, so TOKEN=$(graphsvc admin key ann) works


@admin_app.command("revoke")
def revoke(
    ctx: typer.Context,
    key_id: Annotated[str, typer.Argument(help="The key's id (key_...), not the token.")],
) -> None:
    """Revoke an API key at once (safe to repeat)."""
    with _opened(ctx) as register:
        register.revoke_key(key_id)
        register.audit(CLI_USER, "revoke_key", subject_user_id=register.key_owner(key_id))
    typer.echo(f"Revoked {key_id}: it no longer works.")


@admin_app.command("deactivate")
def deactivate(ctx: typer.Context, user_id: UserArg) -> None:
    """Deactivate a user: all their keys and sessions stop at once; the record is kept."""
    with _opened(ctx) as register:
        register.set_active(user_id, False)
        register.audit(CLI_USER, "set_user_active", subject_user_id=user_id)  # the API's word
    typer.echo(f"Deactivated {user_id}: none of their keys or sign-ins work now.")


@admin_app.command("assign")
def assign(ctx: typer.Context, broker_id: BrokerArg, person_ids: PeopleArg) -> None:
    """Put people on a broker's caseload (people already on it stay; safe to repeat)."""
    with _opened(ctx) as register:
        register.assign(broker_id, person_ids)
        for person_id in dict.fromkeys(person_ids):
            register.audit(CLI_USER, "assign_caseload", person_id, subject_user_id=broker_id)
        size = len(register.caseload(broker_id))
    typer.echo(f"{broker_id}'s caseload: {size} {'person' if size == 1 else 'people'}.")


@admin_app.command("unassign")
def unassign(ctx: typer.Context, broker_id: BrokerArg, person_ids: PeopleArg) -> None:
    """Take people off a broker's caseload (people not on it are ignored)."""
    with _opened(ctx) as register:
        register.unassign(broker_id, person_ids)
        for person_id in dict.fromkeys(person_ids):
            register.audit(CLI_USER, "unassign_caseload", person_id, subject_user_id=broker_id)
        size = len(register.caseload(broker_id))
    typer.echo(f"{broker_id}'s caseload: {size} {'person' if size == 1 else 'people'}.")


@admin_app.command("audit")
def audit(
    ctx: typer.Context,
    after: Annotated[int, typer.Option(min=0, help="Show entries after this seq.")] = 0,
    limit: Annotated[int, typer.Option(min=1, max=MAX_PAGE, help="At most this many.")] = 100,
    person: Annotated[str | None, typer.Option(help="Only entries about this person id.")] = None,
    user: Annotated[str | None, typer.Option(help="Only entries by this user id.")] = None,
    on_user: Annotated[
        str | None, typer.Option(help="Only entries done to this user id (keys, caseload...).")
    ] = None,
    since: Annotated[
        datetime | None, typer.Option(help="Only entries at or after this time (UTC).")
    ] = None,
) -> None:
    """Show the audit trail, oldest first; page on with --after the last seq shown."""
    if since is not None and since.tzinfo is None:
        since = since.replace(tzinfo=UTC)
    with _opened(ctx) as register:
        entries = register.audit_log(
            after=after,
            limit=limit,
            person_id=person,
            user_id=user,
            since=since,
            subject_user_id=on_user,
        )
        register.audit(CLI_USER, "read_audit", person)
    out.print(_audit_table(entries))
    if len(entries) == limit:
        typer.echo(f"More may follow: --after {entries[-1].seq}")


@admin_app.command("verify-audit")
def verify_audit(ctx: typer.Context) -> None:
    """Check the audit trail's hash chain; exit 3 if any entry was changed, removed or moved."""
    path = register_path(ctx)
    with _opened(ctx) as register:
        broken = register.verify_audit()
        last = _last_entry(register)
        with suppress(StoreError):  # the check goes on the record, even on a broken chain
            register.audit(CLI_USER, "verify_audit" if broken is None else "verify_audit_failed")
    if broken is not None:
        err.print(
            f"error: the audit trail in {path} is broken at entry {broken}: that entry, or the "
            f"one before it, was changed, removed or reordered after it was written. Entries "
            f"before {broken} verify. Keep a copy of the file as evidence and report it.",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
        raise typer.Exit(3)
    if last is None:
        typer.echo("The audit trail is empty.")
    else:
        typer.echo(
            f"The audit trail is intact: {last.seq} entries; the last hash is {last.hash}. "
            "Keep that hash somewhere else: a later check that does not reach it means "
            "entries were removed from the end."
        )


def _last_entry(register: Register) -> AuditEntry | None:
    last: AuditEntry | None = None
    while page := register.audit_log(after=last.seq if last else 0, limit=MAX_PAGE):
        last = page[-1]
    return last


def _audit_table(entries: list[AuditEntry]) -> Table:
    """Who acted (``user``), on which user (``on user``) and which person, and how it ended.

    Eight columns do not fit 80 at the usual spacing, so this table puts one space between
    columns and lets the time break between date and time of day when short of room, before
    any column that must not be cut (action, outcome, hash) would be.
    """
    table = _table(
        "seq",
        "at (UTC)",
        "user",
        "action",
        "on user",
        "person",
        "outcome",
        "hash",
        fold={"user", "on user", "person"},
        wrap={"at (UTC)": len("2026-01-01")},
        gap=1,
    )
    for e in entries:
        table.add_row(
            str(e.seq),
            _when(e.at),
            Text(e.user_id),
            e.action,
            Text(e.subject_user_id or ""),
            Text(e.person_id or ""),
            e.outcome,
            e.hash[:8],
        )
    return table


def _table(
    *headers: str, fold: set[str], wrap: dict[str, int] | None = None, gap: int = 2
) -> Table:
    """A table for 80 columns: ids and names fold when short of room; the rest never wrap.

    ``wrap``: columns that may break at a space when short of room, each no narrower than
    its number; ``gap``: spaces between columns (the box's blank divider is one of them).
    """
    padding = (0, 1) if gap == 2 else (0, 0, 0, gap - 1)  # (0, 1): as every table had it
    table = Table(
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        collapse_padding=True,
        padding=padding,
    )
    wrap = wrap or {}
    for header in headers:
        if header in fold:
            table.add_column(header, overflow="fold", min_width=8)
        elif header in wrap:
            table.add_column(header, overflow="fold", min_width=wrap[header])
        else:
            table.add_column(header, no_wrap=True)
    return table


def _when(moment: datetime | None) -> str:
    return "" if moment is None else moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
