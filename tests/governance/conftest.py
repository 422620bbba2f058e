"""A fresh register file per test, the admin CLI on it, a way to tamper with it behind the
register's back, a clock."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import Result
from typer.testing import CliRunner

from graphsvc.governance.commands import admin_app
from graphsvc.governance.sqlite import SqliteRegister


@pytest.fixture
def register_path(tmp_path: Path) -> Path:
    return tmp_path / "register.sqlite"


@pytest.fixture
def register(register_path: Path) -> Iterator[SqliteRegister]:
    with SqliteRegister(register_path) as reg:
        yield reg


def raw_sql(path: Path, *statements: str, drop_triggers: bool = False) -> None:
    """Run SQL on the file through a plain sqlite3 connection, as someone tampering would."""
    with closing(sqlite3.connect(path, isolation_level=None)) as db:
        if drop_triggers:
            db.execute("DROP TRIGGER audit_no_update")
            db.execute("DROP TRIGGER audit_no_delete")
        for statement in statements:
            db.execute(statement)


def file_bytes(path: Path) -> bytes:
    """Every byte SQLite keeps for this database: the file, its WAL and its shared memory."""
    parts = [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]
    return b"".join(p.read_bytes() for p in parts if p.exists())


class Clock:
    """Now, as the register sees it; `move` it on instead of sleeping."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def move(self, **delta: float) -> None:
        self.now += timedelta(**delta)


Run = Callable[..., Result]


@pytest.fixture
def run(register_path: Path) -> Run:
    """Invoke ``admin ...`` with settings whose ``register`` is the test's file."""
    runner, settings = CliRunner(), SimpleNamespace(register=register_path)

    def invoke(*args: str) -> Result:
        return runner.invoke(admin_app, list(args), obj=settings)

    return invoke
