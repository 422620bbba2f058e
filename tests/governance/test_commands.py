"""``graphsvc admin ...`` as an administrator uses it, on `admin_app` with a throwaway register."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from graphsvc.errors import Conflict, NotFound
from graphsvc.governance.commands import admin_app
from graphsvc.governance.sqlite import SqliteRegister
from tests.governance.conftest import Run, raw_sql


def test_first_admin_and_a_key(run: Run, register_path: Path) -> None:
    result = run("add-user", "root@example.org", "--name", "Rosa Admin", "--role", "admin")
    assert result.exit_code == 0, result.output
    assert "Added root@example.org (Rosa Admin) as admin" in result.stdout

    result = run("key", "root@example.org")
    assert result.exit_code == 0, result.output
    token = result.stdout.strip()
    assert token.startswith("gsk_") and "\n" not in token  # the token alone, for $(...)
    assert "only its hash" in result.stderr and "cannot show it again" in result.stderr
    with SqliteRegister(register_path) as register:
        user = register.authenticate(token)
        assert user is not None and user.id == "root@example.org"


def test_revoke_and_deactivate_stop_keys(run: Run, register_path: Path) -> None:
    run("add-user", "ann", "--name", "Ann", "--role", "broker")
    first = run("key", "ann")
    key_id = next(w for w in first.stderr.split() if w.startswith("key_"))
    second = run("key", "ann").stdout.strip()

    assert run("revoke", key_id).exit_code == 0
    assert run("deactivate", "ann").exit_code == 0
    with SqliteRegister(register_path) as register:
        assert register.authenticate(first.stdout.strip()) is None
        assert register.authenticate(second) is None
        assert not register.get_user("ann").active


def test_users_lists_roles_and_caseloads(run: Run) -> None:
    run("add-user", "ann", "--name", "Ann Lee", "--role", "broker")
    run("add-user", "cara", "--name", "Cara", "--role", "commissioner")
    run("assign", "ann", "p1", "p2")
    result = run("users")
    assert result.exit_code == 0, result.output
    ann = next(line for line in result.stdout.splitlines() if "Ann Lee" in line)
    assert "broker" in ann and "yes" in ann and " 2 " in ann
    assert "commissioner" in result.stdout


def test_assign_and_unassign(run: Run, register_path: Path) -> None:
    run("add-user", "ann", "--name", "Ann", "--role", "broker")
    result = run("assign", "ann", "p1", "p2", "p2")
    assert result.exit_code == 0 and "ann's caseload: 2 people." in result.stdout
    assert run("assign", "ann", "p2").exit_code == 0  # again: no change, no error
    result = run("unassign", "ann", "p2", "p9")
    assert result.exit_code == 0 and "ann's caseload: 1 person." in result.stdout
    with SqliteRegister(register_path) as register:
        assert register.caseload("ann") == {"p1"}


def test_every_command_is_on_the_record(run: Run, register_path: Path) -> None:
    run("add-user", "ann", "--name", "Ann", "--role", "broker")
    run("key", "ann")
    run("assign", "ann", "p1")
    run("users")
    result = run("audit", "--person", "p1")
    assert result.exit_code == 0, result.output
    assert "assign_caseload" in result.stdout and "add_user" not in result.stdout
    with SqliteRegister(register_path) as register:
        entries = register.audit_log()
    assert [e.action for e in entries] == [
        "add_user",
        "issue_key",
        "assign_caseload",
        "list_users",
        "read_audit",
    ]
    assert {e.user_id for e in entries} == {"cli"}
    assert entries[2].person_id == "p1"


def test_audit_pages(run: Run) -> None:
    for i in range(3):
        run("add-user", f"u{i}", "--name", f"User {i}", "--role", "researcher")
    result = run("audit", "--limit", "2")
    assert result.exit_code == 0 and "More may follow: --after 2" in result.stdout
    result = run("audit", "--after", "2", "--user", "cli", "--since", "2000-01-01")
    assert result.exit_code == 0 and "add_user" in result.stdout
    assert "More may follow" not in result.stdout


def test_verify_audit_intact_and_broken(run: Run, register_path: Path) -> None:
    assert "empty" in run("verify-audit").stdout  # nothing recorded before the first check
    run("add-user", "ann", "--name", "Ann", "--role", "broker")
    run("add-user", "bea", "--name", "Bea", "--role", "broker")
    result = run("verify-audit")
    assert result.exit_code == 0, result.output
    assert "intact: 3 entries" in result.stdout

    raw_sql(register_path, "UPDATE audit SET outcome = 'refused' WHERE seq = 2", drop_triggers=True)
    result = run("verify-audit")
    assert result.exit_code == 3
    assert "audit trail" in result.stderr and "broken at entry 2" in result.stderr
    assert "Traceback" not in result.output


def test_mistakes_raise_graphsvc_errors(run: Run) -> None:
    """cli.main() turns these into one line and exit 2; here the exception itself is checked."""
    run("add-user", "ann", "--name", "Ann", "--role", "broker")
    assert isinstance(run("add-user", "ann", "--name", "A", "--role", "admin").exception, Conflict)
    assert isinstance(run("key", "nobody").exception, NotFound)
    assert isinstance(run("revoke", "key_000000000000").exception, NotFound)
    bad_role = run("add-user", "bo", "--name", "Bo", "--role", "boss")
    assert bad_role.exit_code == 2 and "boss" in bad_role.output  # typer's own usage error


def test_the_register_comes_from_the_environment_without_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GRAPHSVC_REGISTER", str(tmp_path / "from-env.sqlite"))
    result = CliRunner().invoke(admin_app, ["add-user", "ann", "--name", "Ann", "--role", "admin"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "from-env.sqlite").is_file()


def test_the_register_comes_from_the_settings(tmp_path: Path) -> None:
    from graphsvc.config import Settings

    if "register_db" not in Settings.model_fields:
        pytest.skip("Settings has no register_db field yet")
    settings = Settings(register_db=tmp_path / "from-settings.sqlite")
    result = CliRunner().invoke(
        admin_app, ["add-user", "ann", "--name", "Ann", "--role", "admin"], obj=settings
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "from-settings.sqlite").is_file()
