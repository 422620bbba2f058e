"""What every ``graphsvc`` command takes from the command line's root: settings and a store.

The root callback (`graphsvc.cli`) puts the `Settings` chosen by ``--store``/``--db`` and the
environment on the context; commands open the store through `opened_store`, so each closes it
the same way whatever happens inside.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer

from graphsvc.config import Settings
from graphsvc.store import GraphStore, open_store

__all__ = ["opened_store", "settings_of"]


def settings_of(ctx: typer.Context) -> Settings:
    """The root's settings; from the environment when a command runs without the root."""
    found = ctx.find_root().obj
    return found if isinstance(found, Settings) else Settings()


@contextmanager
def opened_store(ctx: typer.Context) -> Iterator[GraphStore]:
    """The store the settings name, closed on the way out."""
    store = open_store(settings_of(ctx))
    try:
        yield store
    finally:
        store.close()
