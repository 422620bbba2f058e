"""Argument checks shared by the stores, so both refuse the same calls with the same words."""

from __future__ import annotations

from graphsvc.errors import BadRequest
from graphsvc.store.base import MAX_PAGE


def check_hops(hops: int, max_hops: int) -> None:
    """Ego networks stop at ``max_hops``: past three steps a network is most of a town."""
    if not isinstance(hops, int) or not 1 <= hops <= max_hops:
        raise BadRequest(f"hops must be a whole number from 1 to {max_hops} (got {hops!r})")


def check_limit(limit: int) -> None:
    """Pages are bounded so one request cannot pull a whole store through the API."""
    if not isinstance(limit, int) or not 1 <= limit <= MAX_PAGE:
        raise BadRequest(f"limit must be a whole number from 1 to {MAX_PAGE} (got {limit!r})")
