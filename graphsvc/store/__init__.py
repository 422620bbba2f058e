"""Graph stores: one contract (`GraphStore`), an embedded default and Neo4j.

`open_store` is the one place that chooses between them, from `Settings`.
"""

from __future__ import annotations

from graphsvc.config import Settings
from graphsvc.store.base import (
    Counts,
    DeletionReceipt,
    GraphStore,
    Page,
    Revision,
    WriteSummary,
)

__all__ = [
    "Counts",
    "DeletionReceipt",
    "GraphStore",
    "Page",
    "Revision",
    "WriteSummary",
    "open_store",
]


def open_store(settings: Settings | None = None) -> GraphStore:
    """Open the store the settings name (the embedded file unless ``GRAPHSVC_STORE=neo4j``)."""
    settings = settings or Settings()
    if settings.store == "neo4j":
        from graphsvc.store.neo4j import Neo4jStore

        return Neo4jStore.from_settings(settings)
    from graphsvc.store.embedded import EmbeddedStore

    return EmbeddedStore(settings.db)
