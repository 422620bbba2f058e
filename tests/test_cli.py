"""The command line as a user meets it: help, the demo, db commands, and one-line errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from graphsvc.config import Settings

CLI = [sys.executable, "-c", "from graphsvc.cli import main; main()"]


def run(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run graphsvc as a separate process, as a user would, with a clean environment."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("GRAPHSVC_", "NEO4J_"))}
    return subprocess.run(
        [*CLI, *args], cwd=cwd, env={**base, **(env or {})}, capture_output=True, text=True,
        timeout=300,
    )  # fmt: skip


def test_help_lists_the_commands(tmp_path: Path) -> None:
    result = run("--help", cwd=tmp_path)
    assert result.returncode == 0
    for command in ("demo", "db", "serve", "--store"):
        assert command in result.stdout


def test_demo_loads_a_town_and_writes_a_map(tmp_path: Path) -> None:
    result = run("demo", "--people", "120", "--seed", "3", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Person" in result.stdout and "120" in result.stdout
    maps = list((tmp_path / "demo-out").glob("map-*.html"))
    assert len(maps) == 1
    assert (tmp_path / "demo-out" / "graphsvc-demo.sqlite").is_file()
    # running it again refills the demo store rather than refusing or doubling it
    again = run("demo", "--people", "120", "--seed", "3", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    stats = run("--db", "demo-out/graphsvc-demo.sqlite", "db", "stats", cwd=tmp_path)
    assert stats.returncode == 0
    assert " 120 " in stats.stdout


def test_db_init_and_stats_on_an_empty_store(tmp_path: Path) -> None:
    init = run("--db", "my.sqlite", "db", "init", cwd=tmp_path)
    assert init.returncode == 0, init.stderr
    assert (tmp_path / "my.sqlite").is_file()
    stats = run("db", "stats", cwd=tmp_path, env={"GRAPHSVC_DB": "my.sqlite"})
    assert stats.returncode == 0 and "Person" in stats.stdout


def test_demo_never_wipes_a_store_that_holds_other_data(tmp_path: Path) -> None:
    assert run("--db", "real.sqlite", "demo", "--people", "60", cwd=tmp_path).returncode == 0
    # the file now holds data and is not the demo's own file: a second demo must refuse
    result = run("--db", "real.sqlite", "demo", "--people", "50", cwd=tmp_path)
    assert result.returncode == 2
    assert "not empty" in result.stderr and "Traceback" not in result.stderr


def test_a_corrupt_store_file_is_one_clear_line(tmp_path: Path) -> None:
    (tmp_path / "bad.sqlite").write_bytes(b"this is not a database" * 100)
    result = run("--db", "bad.sqlite", "db", "stats", cwd=tmp_path)
    assert result.returncode == 3
    assert "bad.sqlite is not a graphsvc store or is damaged" in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) <= 3


def test_an_unreachable_neo4j_is_one_clear_line(tmp_path: Path) -> None:
    env = {"NEO4J_URI": "bolt://127.0.0.1:9"}  # nothing listens on the discard port
    result = run("--store", "neo4j", "db", "stats", cwd=tmp_path, env=env)
    assert result.returncode == 3
    assert "cannot reach Neo4j at bolt://127.0.0.1:9" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_bad_neo4j_uri_is_one_clear_line(tmp_path: Path) -> None:
    result = run("--store", "neo4j", "db", "stats", cwd=tmp_path, env={"NEO4J_URI": "http://x"})
    assert result.returncode == 3
    assert "http://x" in result.stderr and "Traceback" not in result.stderr


def test_usage_mistakes_exit_2_with_the_reason(tmp_path: Path) -> None:
    result = run("--store", "oracle", "db", "stats", cwd=tmp_path)
    assert result.returncode == 2 and "oracle" in result.stderr
    result = run("demo", "--people", "5", cwd=tmp_path)
    assert result.returncode == 2 and "--people" in result.stderr


@pytest.mark.neo4j
def test_db_init_and_demo_on_neo4j(tmp_path: Path, neo4j_store, neo4j_settings: Settings) -> None:
    env = {"NEO4J_URI": neo4j_settings.neo4j_uri, "NEO4J_DATABASE": neo4j_settings.neo4j_database}
    if neo4j_settings.neo4j_password:
        env["NEO4J_PASSWORD"] = neo4j_settings.neo4j_password.get_secret_value()
        env["NEO4J_USER"] = neo4j_settings.neo4j_user
    init = run("--store", "neo4j", "db", "init", cwd=tmp_path, env=env)
    assert init.returncode == 0, init.stderr
    assert "schema statements" in init.stdout
    demo = run("--store", "neo4j", "demo", "--people", "80", cwd=tmp_path, env=env)
    assert demo.returncode == 0, demo.stderr
    assert neo4j_store.counts().nodes["Person"] == 80
    refused = run("--store", "neo4j", "demo", "--people", "80", cwd=tmp_path, env=env)
    assert refused.returncode == 2 and "--replace" in refused.stderr
    replaced = run("--store", "neo4j", "demo", "--people", "60", "--replace", cwd=tmp_path,
                   env=env)  # fmt: skip
    assert replaced.returncode == 0 and neo4j_store.counts().nodes["Person"] == 60
