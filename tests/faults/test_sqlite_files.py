"""Locked and corrupt SQLite files: one clear line and a non-zero exit, never a traceback.

Two SQLite files are in play: the embedded graph store (``GRAPHSVC_DB``) and the governance
register (``GRAPHSVC_REGISTER``, decision 0004). For each, another connection holding the lock
(as a backup tool or a second service would) and garbage bytes (a truncated copy, a disk fault)
must come out of the command line as ``error: ...`` naming the file and what to do, exit code
3 (the store failed, not the caller); through the API, a locked store is a 503 with
``Retry-After`` that clears by itself when the lock goes.

The locked commands wait for SQLite's busy timeout (5 s) before giving up, so they run side by
side rather than one after another.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx2
import pytest

from graphsvc.api import create_app
from graphsvc.config import Settings
from graphsvc.governance.sqlite import SqliteRegister
from graphsvc.governance.types import Role
from graphsvc.io.export import write_csv
from graphsvc.store.embedded import EmbeddedStore
from graphsvc.synth import generate
from tests.api.conftest import world
from tests.api.live import serve
from tests.faults.helpers import CLI, cli_env, one_line_error


@pytest.fixture(scope="module")
def good_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real store file with a town of 300 people in it (about 800 KB)."""
    path = tmp_path_factory.mktemp("good") / "graph.sqlite"
    store = EmbeddedStore(path)
    town = generate(300, seed=2)
    store.upsert(town.nodes, town.ties)
    store.close()  # checkpoints the WAL into the file: one file to copy and damage
    return path


def _damaged(good: Path, dest: Path, *, at: float) -> Path:
    """A copy of ``good`` with 8 KiB of random bytes written at fraction ``at`` of its length."""
    shutil.copy(good, dest)
    size = dest.stat().st_size
    with dest.open("r+b") as f:
        f.seek(max(100, int(size * at)))  # past the 100-byte header: the file still says SQLite
        f.write(random.Random(at).randbytes(8192))
    return dest


@contextmanager
def _locked(path: Path, *, exclusive: bool) -> Iterator[None]:
    """Another connection holding ``path``: every lock (``exclusive``) or the write lock."""
    db = sqlite3.connect(path, isolation_level=None)
    try:
        if exclusive:  # even readers are shut out (locking_mode=EXCLUSIVE, then a write)
            db.execute("PRAGMA locking_mode=EXCLUSIVE")
            db.execute("BEGIN EXCLUSIVE")
            db.execute("CREATE TABLE IF NOT EXISTS someone_elses (x)")
        else:  # readers carry on; writers wait
            db.execute("BEGIN IMMEDIATE")
        yield
    finally:
        if db.in_transaction:
            db.execute("ROLLBACK")
        db.close()


def _run_side_by_side(
    commands: dict[str, tuple[list[str], dict[str, str]]], cwd: Path
) -> dict[str, tuple[int, str]]:
    """Run each named command as its own process, all at once; (exit code, stderr) of each."""
    running = {
        name: subprocess.Popen(
            [*CLI, *args],
            env=env,
            cwd=cwd,
            text=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for name, (args, env) in commands.items()
    }
    out = {}
    for name, proc in running.items():
        _, err = proc.communicate(timeout=180)
        out[name] = (proc.returncode, err)
    return out


def test_corrupt_files_are_one_line_and_exit_3(good_store: Path, tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(random.Random(0).randbytes(20_000))
    commands: dict[str, tuple[list[str], dict[str, str]]] = {}
    for where, at in (("header", 0.0), ("middle", 0.5), ("end", 0.9)):
        bad = _damaged(good_store, tmp_path / f"bad-{where}.sqlite", at=at)
        env = cli_env("embedded", db=bad)
        commands[f"stats, {where}"] = (["db", "stats"], env)
        if where == "middle":
            commands["export"] = (["export", "json", "out.json"], env)
            commands["score"] = (["score", "p000002"], env)
    commands["garbage store"] = (["db", "stats"], cli_env("embedded", db=garbage))
    commands["garbage register"] = (
        ["admin", "users"], cli_env("embedded") | {"GRAPHSVC_REGISTER": str(garbage)}
    )  # fmt: skip
    for name, (code, err) in _run_side_by_side(commands, tmp_path).items():
        assert code == 3, (name, err)
        line = one_line_error(err)
        assert ".sqlite" in line and "backup" in line, (name, line)
        if name.startswith("garbage"):
            assert f"not a graphsvc {name.split()[1]}" in line, line
        else:
            assert "damaged" in line, line


def test_locked_files_are_one_line_and_exit_3(good_store: Path, tmp_path: Path) -> None:
    store = tmp_path / "store.sqlite"
    shutil.copy(good_store, store)
    shut = tmp_path / "shut.sqlite"
    shutil.copy(good_store, shut)
    register = tmp_path / "register.sqlite"
    with SqliteRegister(register) as reg:
        reg.add_user("ada", "Ada", Role.admin)
    csv = tmp_path / "csv"
    write_csv(generate(60, seed=4).graph(), csv)
    before = EmbeddedStore(store).counts()
    commands: dict[str, tuple[list[str], dict[str, str]]] = {
        # a file nobody else may even read: the store cannot be opened at all
        "stats": (["db", "stats"], cli_env("embedded", db=shut)),
        # readers fine, the write lock taken: the import reads and checks, then cannot write
        "import": (["import", str(csv)], cli_env("embedded", db=store)),
        "add-user": (
            ["admin", "add-user", "bob", "--name", "Bob", "--role", "broker"],
            cli_env("embedded", db=store) | {"GRAPHSVC_REGISTER": str(register)},
        ),
    }
    with (
        _locked(shut, exclusive=True),
        _locked(store, exclusive=False),
        _locked(register, exclusive=False),
    ):
        done = _run_side_by_side(commands, tmp_path)
    for name, (code, err) in done.items():
        assert code == 3, (name, err)
        line = one_line_error(err)
        assert "locked by another program" in line and "try again" in line, (name, line)
    after = EmbeddedStore(store)
    assert after.counts() == before  # the import wrote nothing
    after.close()
    with SqliteRegister(register) as reg:
        assert [u.id for u in reg.users()] == ["ada"]


def test_the_api_answers_503_while_the_store_file_is_locked_and_recovers(
    tmp_path: Path,
) -> None:
    store = EmbeddedStore(tmp_path / "graph.sqlite", busy_timeout_s=0.2)
    store.upsert(*world())
    register = SqliteRegister(tmp_path / "register.sqlite")
    register.add_user("bea", "Bea", Role.broker)
    key = register.issue_key("bea").token
    register.assign("bea", ["pat"])
    settings = Settings(store="embedded", db=tmp_path / "unused.sqlite", secret="s" * 32)
    app = create_app(settings, store_factory=lambda: store, register_factory=lambda: register)
    headers = {"Authorization": f"Bearer {key}"}
    try:
        with serve(app) as url, httpx2.Client(base_url=url, headers=headers, timeout=30) as http:
            with _locked(tmp_path / "graph.sqlite", exclusive=False):
                put = http.put("/people/pat/consent", json={"consent": "withdrawn"})
                assert put.status_code == 503, put.text
                assert put.headers["Retry-After"].isdigit()
                assert "locked" in put.json()["detail"]
            again = http.put("/people/pat/consent", json={"consent": "withdrawn"})
            assert again.status_code == 200, again.text
            assert http.get("/people/pat/consent").json()["consent"] == "withdrawn"
    finally:
        register.close()
        store.close()
