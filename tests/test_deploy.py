"""Deployment files: docker compose runs the same Neo4j the tests run, and the service."""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.neo4j_server import NEO4J_VERSION, pom_version

ROOT = Path(__file__).resolve().parents[1]


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_runs_the_tested_neo4j_version() -> None:
    image = compose()["services"]["neo4j"]["image"]
    assert image == f"neo4j:{NEO4J_VERSION}-community"
    assert pom_version() == NEO4J_VERSION


def test_compose_service_waits_for_a_healthy_neo4j_and_uses_it() -> None:
    services = compose()["services"]
    assert "healthcheck" in services["neo4j"]
    app = services["graphsvc"]
    assert app["depends_on"]["neo4j"]["condition"] == "service_healthy"
    assert app["environment"]["GRAPHSVC_STORE"] == "neo4j"
    assert app["environment"]["NEO4J_URI"] == "bolt://neo4j:7687"
    assert (ROOT / app["build"] / "Dockerfile").is_file()


def test_compose_takes_the_password_from_the_environment_not_the_file() -> None:
    env = compose()["services"]["neo4j"]["environment"]
    assert env["NEO4J_AUTH"].startswith("neo4j/${NEO4J_PASSWORD")


def test_ci_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "make test" in readme
    assert "exec make test" in (ROOT / ".ci" / "run").read_text()


def test_every_package_ships_in_the_wheel() -> None:
    """pyproject lists packages by hand (cypher/ is mapped in); a new one must not be missed."""
    import tomllib

    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    found = {
        ".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "graphsvc").rglob("__init__.py")
    }
    assert found <= listed, f"add to [tool.setuptools] packages: {sorted(found - listed)}"
