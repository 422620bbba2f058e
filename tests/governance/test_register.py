"""Users, API keys, caseloads, consent history and erasure, as the API and the CLI rely on them."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
from contextlib import closing
from datetime import UTC, timedelta
from pathlib import Path

import pytest

from graphsvc.errors import BadRequest, Conflict, NotFound, StoreCorrupt
from graphsvc.governance.base import Register
from graphsvc.governance.sqlite import SqliteRegister, open_register
from graphsvc.governance.types import Role
from graphsvc.store.embedded import EmbeddedStore
from tests.governance.conftest import file_bytes, raw_sql


def test_it_implements_the_register_contract(register: SqliteRegister) -> None:
    contract: Register = register  # a type checker checks this line; pytest checks it runs
    assert contract.users() == []


# --- users ----------------------------------------------------------------------------


def test_add_get_and_list_users(register: SqliteRegister) -> None:
    ann = register.add_user("ann@example.org", "Ann Lee", Role.broker)
    register.add_user("zed", "Zed", Role.admin)
    register.add_user("bob", "Bob", "researcher")  # type: ignore[arg-type]  # plain strings too
    assert ann.active and ann.role is Role.broker
    assert register.get_user("ann@example.org") == ann
    assert [u.id for u in register.users()] == ["ann@example.org", "bob", "zed"]
    assert [u.id for u in register.users(offset=1, limit=1)] == ["bob"]


def test_a_user_id_is_taken_once(register: SqliteRegister) -> None:
    register.add_user("ann", "Ann", Role.broker)
    with pytest.raises(Conflict, match="already a user with id 'ann'"):
        register.add_user("ann", "Another Ann", Role.admin)


@pytest.mark.parametrize(
    ("user_id", "name", "role", "message"),
    [
        ("", "Ann", Role.broker, "user id"),
        (" ann", "Ann", Role.broker, "user id"),
        ("ann", "  ", Role.broker, "name"),
        ("ann", "Ann", "superuser", "role must be one of"),
        ("cli", "Command line", Role.admin, "reserved"),
    ],
)
def test_bad_users_are_refused(
    register: SqliteRegister, user_id: str, name: str, role: Role, message: str
) -> None:
    with pytest.raises(BadRequest, match=message):
        register.add_user(user_id, name, role)
    assert register.users() == []


def test_unknown_users_are_not_found(register: SqliteRegister) -> None:
    with pytest.raises(NotFound, match="no user with id 'nobody'"):
        register.get_user("nobody")
    with pytest.raises(NotFound):
        register.set_active("nobody", False)
    with pytest.raises(NotFound):
        register.issue_key("nobody")


def test_timestamps_are_aware_utc(register: SqliteRegister) -> None:
    user = register.add_user("ann", "Ann", Role.broker)
    key = register.issue_key("ann")
    entry = register.audit("ann", "read_map")
    for moment in (user.created, key.created, entry.at):
        assert moment is not None and moment.utcoffset() == timedelta(0)
        assert moment.tzinfo is not None


# --- API keys -------------------------------------------------------------------------


def test_a_key_works_until_it_is_revoked(register: SqliteRegister) -> None:
    register.add_user("ann", "Ann", Role.broker)
    first, second = register.issue_key("ann"), register.issue_key("ann")
    assert first.token.startswith("gsk_") and len(first.token) >= 4 + 43
    assert first.key_id != second.key_id and first.key_id not in first.token
    assert register.authenticate(first.token) == register.get_user("ann")
    register.revoke_key(first.key_id)
    assert register.authenticate(first.token) is None
    assert register.authenticate(second.token) is not None  # only the revoked key stops
    register.revoke_key(first.key_id)  # revoking again is harmless
    with pytest.raises(NotFound, match="no API key"):
        register.revoke_key("key_000000000000")


def test_deactivating_a_user_stops_all_their_keys(register: SqliteRegister) -> None:
    register.add_user("ann", "Ann", Role.broker)
    key = register.issue_key("ann")
    assert not register.set_active("ann", False).active
    assert register.authenticate(key.token) is None
    with pytest.raises(BadRequest, match="deactivated"):
        register.issue_key("ann")
    register.set_active("ann", True)
    assert register.authenticate(key.token) is not None


@pytest.mark.parametrize("token", ["", "gsk_", "gsk_wrong", "not-a-key", "gsk_" + "x" * 500])
def test_unknown_tokens_authenticate_nobody(register: SqliteRegister, token: str) -> None:
    register.add_user("ann", "Ann", Role.broker)
    register.issue_key("ann")
    assert register.authenticate(token) is None


def test_only_the_hash_of_a_key_is_in_the_file(register_path: Path) -> None:
    with open_register(register_path) as register:
        register.add_user("ann", "Ann", Role.broker)
        key = register.issue_key("ann")
        while_open = file_bytes(register_path)  # the WAL holds the write until a checkpoint
    after_close = file_bytes(register_path)
    digest = hashlib.sha256(key.token.encode()).hexdigest().encode()
    secret = key.token.removeprefix("gsk_").encode()
    for raw in (while_open, after_close):
        assert digest in raw  # the search does find what is there
        assert secret not in raw


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_a_new_register_file_is_private_to_its_owner(register_path: Path) -> None:
    SqliteRegister(register_path).close()
    assert stat.S_IMODE(register_path.stat().st_mode) == 0o600


# --- caseloads ------------------------------------------------------------------------


def test_caseloads_add_and_remove_idempotently(register: SqliteRegister) -> None:
    register.add_user("ann", "Ann", Role.broker)
    register.add_user("bea", "Bea", Role.broker)
    register.assign("ann", ["p1", "p2"])
    register.assign("ann", ["p2", "p3", "p3"])
    register.assign("bea", ["p1"])
    assert register.caseload("ann") == {"p1", "p2", "p3"}
    register.unassign("ann", ["p2", "p9"])
    register.unassign("ann", ["p2"])
    assert register.caseload("ann") == {"p1", "p3"}
    assert register.caseload("bea") == {"p1"}  # another broker's caseload is untouched
    register.assign("ann", "p7")  # a lone id is one person, not four characters
    assert "p7" in register.caseload("ann")


def test_only_brokers_have_caseloads(register: SqliteRegister) -> None:
    register.add_user("cara", "Cara", Role.commissioner)
    with pytest.raises(BadRequest, match="commissioner, not a broker"):
        register.assign("cara", ["p1"])
    with pytest.raises(NotFound, match="no user with id 'ghost'"):
        register.assign("ghost", ["p1"])
    with pytest.raises(NotFound):
        register.unassign("ghost", ["p1"])
    assert register.caseload("cara") == frozenset()


def test_a_bad_person_id_assigns_nobody(register: SqliteRegister) -> None:
    register.add_user("ann", "Ann", Role.broker)
    with pytest.raises(BadRequest, match="person id"):
        register.assign("ann", ["p1", ""])
    assert register.caseload("ann") == frozenset()


# --- consent history ------------------------------------------------------------------


def test_consent_history_is_oldest_first(register: SqliteRegister) -> None:
    register.record_consent("p1", "not_asked", "import")
    register.record_consent("p2", "given", "ann")
    register.record_consent("p1", "given", "ann")
    register.record_consent("p1", "withdrawn", "bea")
    history = register.consent_history("p1")
    assert [(r.consent, r.recorded_by) for r in history] == [
        ("not_asked", "import"),
        ("given", "ann"),
        ("withdrawn", "bea"),
    ]
    assert [r.recorded_at for r in history] == sorted(r.recorded_at for r in history)
    assert all(r.recorded_at.tzinfo is UTC or r.recorded_at.utcoffset() == timedelta(0)
               for r in history)  # fmt: skip
    assert register.consent_history("nobody") == []


def test_an_unknown_consent_value_is_refused(register: SqliteRegister) -> None:
    with pytest.raises(BadRequest, match="given, withdrawn, not_asked"):
        register.record_consent("p1", "maybe", "ann")
    assert register.consent_history("p1") == []


# --- erasure --------------------------------------------------------------------------


def test_forget_person_removes_their_caseload_and_consent_rows(
    register: SqliteRegister, register_path: Path
) -> None:
    register.add_user("ann", "Ann", Role.broker)
    register.add_user("bea", "Bea", Role.broker)
    register.assign("ann", ["zq-person-9", "p2"])
    register.assign("bea", ["zq-person-9"])
    register.record_consent("zq-person-9", "given", "ann")
    register.record_consent("zq-person-9", "withdrawn", "ann")
    register.record_consent("p2", "given", "ann")

    assert register.forget_person("zq-person-9") == (2, 2)

    assert register.caseload("ann") == {"p2"} and register.caseload("bea") == frozenset()
    assert register.consent_history("zq-person-9") == []
    assert len(register.consent_history("p2")) == 1  # nobody else is touched
    with closing(sqlite3.connect(register_path)) as db:
        for table in ("caseloads", "consent_log"):
            rows = db.execute(f"SELECT * FROM {table}").fetchall()
            assert not [r for r in rows if "zq-person-9" in map(str, r)], table
    # and no copy is left in the bytes of the file either (zeroed pages, emptied WAL)
    assert b"zq-person-9" not in file_bytes(register_path)
    assert register.forget_person("zq-person-9") == (0, 0)  # forgetting twice is harmless


def test_forget_person_keeps_the_audit_trail(register: SqliteRegister) -> None:
    register.audit("ann", "read_map", "p1")
    register.forget_person("p1")
    register.audit("admin", "erase_person", "p1")
    assert [e.action for e in register.audit_log(person_id="p1")] == ["read_map", "erase_person"]
    assert register.verify_audit() is None


# --- the file -------------------------------------------------------------------------


def test_reopening_keeps_everything(register_path: Path) -> None:
    with SqliteRegister(register_path) as register:
        register.add_user("ann", "Ann", Role.broker)
        token = register.issue_key("ann").token
        register.audit("ann", "read_map", "p1")
    with SqliteRegister(register_path) as register:
        assert register.authenticate(token) is not None
        assert register.audit("ann", "read_map", "p2").seq == 2
        assert register.verify_audit() is None


def test_a_register_from_a_newer_graphsvc_is_refused(register_path: Path) -> None:
    SqliteRegister(register_path).close()
    raw_sql(register_path, "PRAGMA user_version = 99")
    with pytest.raises(StoreCorrupt, match="newer graphsvc"):
        SqliteRegister(register_path)


def test_the_graph_store_file_is_not_a_register(tmp_path: Path) -> None:
    EmbeddedStore(tmp_path / "graphsvc.sqlite").close()
    with pytest.raises(StoreCorrupt, match="not a graphsvc register"):
        SqliteRegister(tmp_path / "graphsvc.sqlite")


def test_a_damaged_file_is_one_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreCorrupt, match="not a graphsvc register or is damaged"):
        SqliteRegister(bad)
