"""Argument checks shared by the stores, so both refuse the same calls with the same words."""

from __future__ import annotations

import gc
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from typing import TypeVar

from graphsvc.errors import BadRequest, StoreCorrupt, StoreUnavailable
from graphsvc.model import Label, RelType
from graphsvc.store.base import MAX_PAGE

E = TypeVar("E", Label, RelType)


def check_hops(hops: int, max_hops: int) -> None:
    """Ego networks stop at ``max_hops``: past three steps a network is most of a town."""
    if not isinstance(hops, int) or not 1 <= hops <= max_hops:
        raise BadRequest(f"hops must be a whole number from 1 to {max_hops} (got {hops!r})")


def check_filters(
    labels: Sequence[object] | None, types: Sequence[object] | None
) -> tuple[list[Label] | None, list[RelType] | None]:
    """Ego filters as whitelisted names, or `BadRequest` naming the bad one (both stores alike).

    A typo ("person") must not quietly give an empty map on one store and an error on another.
    """
    return _names(labels, Label, "label"), _names(types, RelType, "tie type")


def _names(values: Sequence[object] | None, enum: type[E], what: str) -> list[E] | None:
    if values is None:
        return None
    out: list[E] = []
    for value in values:
        try:
            out.append(enum(value))
        except (ValueError, TypeError):
            allowed = ", ".join(e.value for e in enum)
            raise BadRequest(f"unknown {what} {value!r}; use one of: {allowed}") from None
    return out


def check_limit(limit: int) -> None:
    """Pages are bounded so one request cannot pull a whole store through the API."""
    if not isinstance(limit, int) or not 1 <= limit <= MAX_PAGE:
        raise BadRequest(f"limit must be a whole number from 1 to {MAX_PAGE} (got {limit!r})")


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cycle collector during a bulk write, then restore it.

    A write allocates a dict or two per row; with a large graph in memory every collection of
    the oldest generation walks all of it (measured: a quarter of the time of a 100k-tie
    upsert). The rows form no reference cycles, so nothing is lost by collecting afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def as_of_text(as_of: date | None) -> str | None:
    """``as_of`` as the ``YYYY-MM-DD`` string the validity rule compares with (None stays None).

    A ``datetime`` counts as its day: its ISO text has a time part that would compare wrongly.
    """
    if as_of is None:
        return None
    if isinstance(as_of, datetime):
        as_of = as_of.date()
    if not isinstance(as_of, date):
        raise BadRequest(f"as_of must be a date such as 2024-06-30 (got {as_of!r})")
    return as_of.isoformat()


@contextmanager
def sqlite_errors(path: str, *, noun: str, setting: str) -> Iterator[None]:
    """Turn sqlite3's errors into graphsvc's, with a message that says what to do.

    Shared by the embedded store (``noun="store"``) and the governance register, whose files
    fail in the same ways. ``setting`` is the variable that points at another file.
    """
    try:
        yield
    except sqlite3.OperationalError as exc:
        text = str(exc)
        if "locked" in text or "busy" in text:
            raise StoreUnavailable(
                f"the {noun} file {path} is locked by another program; try again when it is done"
            ) from exc
        if "unable to open" in text:
            raise StoreUnavailable(f"cannot open the {noun} file {path}: {text}") from exc
        raise StoreCorrupt(f"the {noun} file {path} cannot be used: {text}") from exc
    except sqlite3.DatabaseError as exc:
        raise StoreCorrupt(
            f"{path} is not a graphsvc {noun} or is damaged ({exc}); restore it from a backup "
            f"or point {setting} at another file"
        ) from exc
