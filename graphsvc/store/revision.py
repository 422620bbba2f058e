"""The review (`GraphStore.revise`) decided once, as a pure plan both stores carry out.

A store reads the person's current tie versions, hands them here with the review's ties, and
gets back what to end and what to write; it then does exactly that in one transaction. Both
stores therefore agree on every case (new, changed, ended, unchanged, refused) by construction.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from graphsvc.errors import BadRequest
from graphsvc.model import Tie, tie_from_properties
from graphsvc.store.base import Revision, TieKey

_VALIDITY = ("valid_from", "valid_to")


@dataclass(frozen=True)
class RevisionPlan:
    """What a store must do: end ``end`` (current versions, ``valid_to = on``), then write
    ``write`` as current versions (each with ``valid_from = on``)."""

    revision: Revision
    end: list[TieKey]
    write: list[Tie]


def check_review_ties(person_id: str, ties: Iterable[Tie]) -> list[Tie]:
    """The review's ties, last one per key; `BadRequest` names the first tie that is not the
    person's or that carries dates of its own (the review dates every change itself)."""
    out: dict[TieKey, Tie] = {}
    for tie in ties:
        if person_id not in (tie.source, tie.target):
            raise BadRequest(
                f"{tie.describe()} does not touch {person_id!r}; a review of {person_id!r}'s "
                "map can only confirm, change or add their own ties"
            )
        for name in _VALIDITY:
            if getattr(tie, name) is not None:
                raise BadRequest(
                    f"{tie.describe()} has {name} {getattr(tie, name)}; a review dates its "
                    "changes itself (the review date): leave valid_from and valid_to empty"
                )
        out[tie.key] = tie
    return list(out.values())


def plan_revision(
    ties: list[Tie], current: Mapping[TieKey, Mapping[str, Any]], on: date
) -> RevisionPlan:
    """Compare the review's ``ties`` (from `check_review_ties`) with the ``current`` versions of
    the person's ties (key -> stored properties, ``valid_from`` included when set).

    Properties are compared as the model stores them, validity aside, so a stored ``4.0`` and
    a given ``4`` are the same. `BadRequest` when ``on`` is before the start of a current
    version the review would end: a version cannot end before it began.
    """
    day = on.isoformat()
    new: list[TieKey] = []
    changed: list[TieKey] = []
    unchanged: list[TieKey] = []
    end: list[TieKey] = []
    write: list[Tie] = []
    given = {t.key: t for t in ties}
    for key, tie in given.items():
        stored = current.get(key)
        if stored is None:
            new.append(key)
        elif _same(key, stored, tie):
            unchanged.append(key)
            continue
        else:
            _check_can_end(key, stored, day)
            changed.append(key)
            end.append(key)
        write.append(tie.model_copy(update={"valid_from": day}))
    ended = sorted(k for k in current if k not in given)
    for key in ended:
        _check_can_end(key, current[key], day)
    end += ended
    revision = Revision(
        new=sorted(new), changed=sorted(changed), ended=ended, unchanged=sorted(unchanged)
    )
    return RevisionPlan(revision=revision, end=end, write=write)


def _same(key: TieKey, stored: Mapping[str, Any], tie: Tie) -> bool:
    props = {k: v for k, v in stored.items() if k not in _VALIDITY}
    return tie_from_properties(*key, props).properties() == tie.properties()


def _check_can_end(key: TieKey, stored: Mapping[str, Any], day: str) -> None:
    began = stored.get("valid_from")
    if began is not None and not began <= day:  # the validity rule's comparison
        kind, source, target = key
        raise BadRequest(
            f"the current {kind} tie {source!r} -> {target!r} began on {began}, after the review "
            f"date {day}; a review cannot end it before it began: review on a later date"
        )
