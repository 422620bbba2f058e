"""The HTTP service (FastAPI). `create_app` builds it; ``graphsvc serve`` runs it."""

from graphsvc.api.app import create_app

__all__ = ["create_app"]
