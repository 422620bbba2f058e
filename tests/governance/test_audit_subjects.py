"""The user a user-management action was done to is on the record, and old entries still verify.

A register written before ``subject_user_id`` existed (schema 1) is built here as that version
of graphsvc wrote it, entries hashed over the six original fields, then opened by this one.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import re
import sqlite3
from contextlib import closing
from pathlib import Path

from graphsvc.governance import sqlite as register_module
from graphsvc.governance.sqlite import GENESIS_HASH, SqliteRegister, chain_hash
from tests.governance.conftest import Run, raw_sql

DOCS = Path(__file__).parents[2] / "docs" / "governance.md"
_V1_APPLICATION_ID = 0x67737672


def _old_hash(prev: str, seq: int, at: str, user: str, action: str, person: str | None) -> str:
    """How graphsvc hashed an entry before it named a subject: six fields, nothing more."""
    fields = {"seq": seq, "at": at, "user_id": user, "action": action,
              "person_id": person, "outcome": "ok"}  # fmt: skip
    canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256((prev + canonical).encode()).hexdigest()


def _old_register(path: Path) -> None:
    """A schema-1 register with one user and three audit entries, as the older release left it."""
    with closing(sqlite3.connect(path, isolation_level=None)) as db:
        for statement in register_module._MIGRATIONS[0]:  # a released step: never edited
            db.execute(statement)
        db.execute(f"PRAGMA application_id = {_V1_APPLICATION_ID}")
        db.execute("PRAGMA user_version = 1")
        db.execute("INSERT INTO users VALUES ('ann', 'Ann', 'broker', 1, "
                   "'2026-01-01T09:00:00.000000+00:00')")  # fmt: skip
        prev = GENESIS_HASH
        for seq, (action, person) in enumerate(
            [("add_user", None), ("issue_key", None), ("read_map", "p1")], start=1
        ):
            at = f"2026-01-01T09:00:0{seq}.000000+00:00"
            digest = _old_hash(prev, seq, at, "cli", action, person)
            db.execute(
                "INSERT INTO audit VALUES (?, ?, 'cli', ?, ?, 'ok', ?, ?)",
                (seq, at, action, person, prev, digest),
            )
            prev = digest


def test_an_entry_without_a_subject_hashes_as_before() -> None:
    at = "2026-01-01T00:00:00.000000+00:00"
    old = _old_hash(GENESIS_HASH, 1, at, "cli", "add_user", None)
    assert chain_hash(GENESIS_HASH, 1, at, "cli", "add_user", None, "ok") == old
    assert chain_hash(GENESIS_HASH, 1, at, "cli", "add_user", None, "ok", "ann") != old


def test_a_register_from_before_is_brought_forward_and_its_chain_runs_on(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    _old_register(path)
    with SqliteRegister(path) as register:
        assert register.verify_audit() is None  # the old entries verify as they were written
        assert [e.subject_user_id for e in register.audit_log()] == [None, None, None]
        new = register.audit("cli", "revoke_key", subject_user_id="ann")
        register.audit("ann", "read_map", "p1")
        assert new.seq == 4 and new.prev_hash == register.audit_log()[2].hash
        assert register.verify_audit() is None
        assert register.authenticate("gsk_nothing") is None  # the rest of the file still works
        assert register.get_user("ann").name == "Ann"
    with closing(sqlite3.connect(path)) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == register_module.SCHEMA_VERSION


def test_a_subject_added_to_or_taken_from_an_entry_is_found(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    _old_register(path)
    with SqliteRegister(path) as register:
        register.audit("cli", "set_user_active", subject_user_id="ann")
    raw_sql(path, "UPDATE audit SET subject_user_id = 'bob' WHERE seq = 2", drop_triggers=True)
    with SqliteRegister(path) as register:
        assert register.verify_audit() == 2
    raw_sql(path, "UPDATE audit SET subject_user_id = NULL WHERE seq = 2",
            "UPDATE audit SET subject_user_id = NULL WHERE seq = 4")  # fmt: skip
    with SqliteRegister(path) as register:
        assert register.verify_audit() == 4


def test_the_recipe_in_the_docs_verifies_old_and_new_entries(tmp_path: Path) -> None:
    """docs/governance.md shows how to check the chain with the standard library alone."""
    path = tmp_path / "old.sqlite"
    _old_register(path)
    with SqliteRegister(path) as register:
        register.audit("cli", "add_user", subject_user_id="bob")
    text = DOCS.read_text(encoding="utf-8")
    recipe = re.search(r"standard library:\n\n```python\n(.*?)```", text, re.S)
    assert recipe is not None, "the recipe moved: update this test"
    code = recipe.group(1).replace('"graphsvc-register.sqlite"', repr(str(path)))
    for expected, tamper in [("intact", None), ("broken at 4", "seq = 4")]:
        if tamper:
            raw_sql(path, f"UPDATE audit SET subject_user_id = 'eve' WHERE {tamper}",
                    drop_triggers=True)  # fmt: skip
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            exec(compile(code, str(DOCS), "exec"), {})
        assert printed.getvalue().strip() == expected


# --- every user-management command names its target -----------------------------------------


def test_each_admin_command_names_the_user_it_acts_on(run: Run, register_path: Path) -> None:
    run("add-user", "ann", "--name", "Ann", "--role", "broker")
    key_id = next(w for w in run("key", "ann").stderr.split() if w.startswith("key_"))
    run("revoke", key_id)
    run("assign", "ann", "p1")
    run("unassign", "ann", "p1")
    run("deactivate", "ann")
    run("users")
    with SqliteRegister(register_path) as register:
        entries = register.audit_log()
        assert register.verify_audit() is None
    assert [(e.action, e.subject_user_id, e.person_id) for e in entries] == [
        ("add_user", "ann", None),
        ("issue_key", "ann", None),
        ("revoke_key", "ann", None),
        ("assign_caseload", "ann", "p1"),
        ("unassign_caseload", "ann", "p1"),
        ("set_user_active", "ann", None),
        ("list_users", None, None),  # about no one user
    ]
    assert {e.user_id for e in entries} == {"cli"}


def test_the_audit_listing_shows_whom_an_action_was_on(run: Run) -> None:
    """In 80 columns, with the longest action, nothing that must not be cut is cut."""
    run("add-user", "rosa", "--name", "Rosa", "--role", "broker")
    run("assign", "rosa", "p000123")
    run("unassign", "rosa", "p000123")
    result = run("audit")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert re.search(r"\baction\s+on user\s+person\s+outcome\s+hash\b", lines[0])
    row = next(line for line in lines if "unassign_caseload" in line)
    assert re.search(r"unassign_caseload\s+rosa\s+p000123\s+ok\s+[0-9a-f]{8}$", row), row


def test_the_listing_can_show_only_what_was_done_to_one_user(run: Run) -> None:
    """An admin asked "who touched Rosa's access?" sees Rosa's entries and no one else's."""
    run("add-user", "rosa", "--name", "Rosa", "--role", "broker")
    run("add-user", "sid", "--name", "Sid", "--role", "broker")
    run("assign", "sid", "p1")
    run("assign", "rosa", "p2")
    result = run("audit", "--on-user", "rosa")
    assert result.exit_code == 0, result.output
    rows = [line for line in result.stdout.splitlines() if re.search(r"\bok\b", line)]
    assert len(rows) == 2, result.stdout
    assert "add_user" in rows[0] and "assign_caseload" in rows[1]
    assert all("rosa" in r and "sid" not in r for r in rows)
