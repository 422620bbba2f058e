"""Settings, from the environment (or a ``.env`` file), validated once at start-up.

graphsvc's own settings take a ``GRAPHSVC_`` prefix; Neo4j's connection settings use the names
Neo4j's own tools use (``NEO4J_URI``, ``NEO4J_USER``, ``NEO4J_PASSWORD``, ``NEO4J_DATABASE``), so
one ``.env`` serves both docker compose and graphsvc.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

#: `Settings.neo4j_timeout` by default (``GRAPHSVC_NEO4J_TIMEOUT``). The driver's own defaults
#: (30 s to connect, 30 s of retries) kept an API request waiting over a minute for its 503
#: while Neo4j was down (issue 9); a few seconds is enough for a server that is up.
NEO4J_TIMEOUT_S = 2.0


def _env(name: str) -> AliasChoices:
    return AliasChoices(name, f"GRAPHSVC_{name}")


class Settings(BaseSettings):
    """Where the graph lives and how to reach it."""

    model_config = SettingsConfigDict(
        env_prefix="GRAPHSVC_", env_file=".env", extra="ignore", populate_by_name=True
    )

    store: Literal["embedded", "neo4j"] = Field(
        "embedded", description="embedded (a SQLite file, no server) or neo4j"
    )
    db: Path = Field(Path("graphsvc.sqlite"), description="the embedded store's file")
    neo4j_uri: str = Field(
        "bolt://localhost:7687",
        validation_alias=_env("NEO4J_URI"),
        description="bolt://host:port for one server, neo4j://host:port for a cluster",
    )
    neo4j_user: str = Field("neo4j", validation_alias=_env("NEO4J_USER"))
    neo4j_password: SecretStr | None = Field(None, validation_alias=_env("NEO4J_PASSWORD"))
    neo4j_database: str = Field("neo4j", validation_alias=_env("NEO4J_DATABASE"))
    register_db: Path = Field(
        Path("graphsvc-register.sqlite"),
        validation_alias=AliasChoices("GRAPHSVC_REGISTER", "register_db"),
        description="the register of users, keys, caseloads and the audit trail (decision 0004)",
    )
    secret: SecretStr | None = Field(
        None,
        description="keys the anonymous ids of people without consent; set it in production "
        "(a random one per process otherwise)",
    )
    session_https_only: bool = Field(
        False,
        description="send the sign-in cookie over HTTPS only (Secure); turn on behind TLS",
    )
    session_idle_minutes: float = Field(
        30,
        gt=0,
        le=24 * 60,
        description="a page session unused for this many minutes ends (a shared PC left alone)",
    )
    session_max_hours: float = Field(
        12,
        gt=0,
        le=7 * 24,
        description="a page session ends this many hours after signing in, however busy",
    )
    export_key: SecretStr | None = Field(
        None, description="HMAC key of pseudonymised research exports (at least 16 characters)"
    )
    batch_size: int = Field(
        5000, ge=1, le=100_000, description="rows per UNWIND statement when writing to Neo4j"
    )
    neo4j_timeout: float = Field(
        NEO4J_TIMEOUT_S,
        gt=0,
        le=300,
        description="seconds Neo4j is given to connect, and to come back after a transient "
        "failure, before a request is answered 'unavailable' (HTTP 503); the driver retries "
        "after about 1 and 3 s, so 2 gives up after about 3 s, 5 after about 7 s",
    )
    analytics_slots: int = Field(
        2, ge=1, le=64, description="scores (or chains, or pages) computed at once per worker"
    )
    analytics_wait_s: float = Field(
        10.0, ge=0, le=300, description="how long one waits for a slot before a 503 (seconds)"
    )

    @field_validator("secret", "export_key", "neo4j_password", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        """``VAR=`` (as compose writes an unset ``${VAR:-}``) means not set, not an empty key."""
        return None if value == "" else value
