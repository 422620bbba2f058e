"""The API served by a real uvicorn on a loopback port, for tests that drive a real browser.

`TestClient` never opens a socket, so cookies, redirects, frames and scripts loaded from
``/static`` are only half tested there. `serve` runs uvicorn in a thread on ``127.0.0.1`` (a port
the OS picks), waits until it accepts connections, and stops it (and joins the thread) on exit,
so no socket or thread outlives the test. `live_world` serves the API test world
(`tests.api.conftest.world`) plus `tests.api.crowd`, with one key per role.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import uvicorn
from fastapi import FastAPI

from graphsvc.api import create_app
from graphsvc.config import Settings
from graphsvc.governance.sqlite import SqliteRegister
from graphsvc.governance.types import Role
from graphsvc.store.embedded import EmbeddedStore
from tests.api.conftest import ROLES, world
from tests.api.crowd import crowd

STARTUP_S = 20.0


@contextmanager
def serve(app: FastAPI) -> Iterator[str]:
    """Serve ``app`` on ``http://127.0.0.1:<port>`` for the duration of the block."""
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning",
                            access_log=False, lifespan="on")  # fmt: skip
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="uvicorn-for-tests", daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + STARTUP_S
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start; see the log above")
            time.sleep(0.02)
        port = server.servers[0].sockets[0].getsockname()[1]
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=STARTUP_S)


@dataclass(frozen=True)
class Live:
    """A served world: its address, a key per role (and per user), the register and store."""

    url: str
    keys: dict[str, str]
    register: SqliteRegister
    store: EmbeddedStore


@contextmanager
def live_world(folder: Path) -> Iterator[Live]:
    """The API test world and its crowd, served by uvicorn, in ``folder``."""
    store = EmbeddedStore(folder / "graph.sqlite")
    register = SqliteRegister(folder / "register.sqlite")
    try:
        store.upsert(*world())
        store.upsert(*crowd())
        keys = {}
        for uid, role in [("bea", Role.broker), ("bob", Role.broker), ("cat", Role.commissioner),
                          ("rob", Role.researcher), ("ada", Role.admin)]:  # fmt: skip
            register.add_user(uid, uid.title(), role)
            keys[uid] = register.issue_key(uid).token
        keys.update(zip(ROLES, (keys["bea"], keys["cat"], keys["rob"], keys["ada"]), strict=True))
        register.assign("bea", ["pat", "wyn"])  # Wyn withdrew consent: a closed map
        register.assign("bob", ["ola"])
        settings = Settings(store="embedded", db=folder / "unused.sqlite", secret="s" * 32,
                            export_key="ab" * 32)  # fmt: skip
        app = create_app(settings, store_factory=lambda: store, register_factory=lambda: register)
        with serve(app) as url:
            yield Live(url, keys, register, store)
    finally:
        register.close()
        store.close()
