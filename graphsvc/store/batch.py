"""Checks every store makes on a batch before writing it, written once.

A batch is refused whole when any record cannot be written. The checks need to know the labels
of ids already in the store; each store answers that its own way (a dict lookup, one Cypher
query) and passes a function here, so both stores refuse exactly the same batches with exactly
the same messages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from graphsvc.errors import Conflict, InvalidRecord, Problem
from graphsvc.model import ENDPOINTS, Node, Tie

#: Given ids, return the labels of those that exist already (missing ids are left out).
LabelLookup = Callable[[set[str]], dict[str, str]]


@dataclass(frozen=True)
class Batch:
    """A checked batch: nodes and ties deduplicated (the last record with a key wins).

    A tie's key here is its *version*: (type, source, target) plus `TieRecord.version`, so a
    batch may hold a tie's current version and any number of its historical ones.
    """

    nodes: list[Node]
    ties: list[Tie]


def check_batch(nodes: Iterable[Node], ties: Iterable[Tie], existing: LabelLookup) -> Batch:
    """Deduplicate and check a batch; raise `Conflict` or `InvalidRecord` if any record fails.

    Refused: an id given two labels within the batch or already used by another label; a tie
    whose end does not exist (in the store or the batch) or has a label its type cannot join.
    """
    by_id: dict[str, Node] = {}
    for node in nodes:
        earlier = by_id.get(node.id)
        if earlier is not None and earlier.label != node.label:
            raise Conflict(
                f"id {node.id!r} is given as both {earlier.label} and {node.label} in one batch;"
                " ids must be unique across labels"
            )
        by_id[node.id] = node
    by_key: dict[tuple[str, str, str, str | None], Tie] = {}
    for tie in ties:  # one record per version: the current one, or a historical valid_from
        # = (*tie.key, tie.version) without building a RelType per tie (100k-tie imports)
        by_key[(tie.type, tie.source, tie.target, tie.version)] = tie  # type: ignore[attr-defined]

    wanted = set(by_id) | {t.source for t in by_key.values()} | {t.target for t in by_key.values()}
    stored = existing(wanted)
    clashes = [
        f"{node.id!r} (stored as {stored[node.id]}, given as {node.label})"
        for node in by_id.values()
        if node.id in stored and stored[node.id] != node.label
    ]
    if clashes:
        raise Conflict(
            "ids already used by a node of another label: "
            + ", ".join(clashes[:10])
            + (f" and {len(clashes) - 10} more" if len(clashes) > 10 else "")
            + "; ids must be unique across labels"
        )
    labels = {**stored, **{i: n.label for i, n in by_id.items()}}
    problems = [p for tie in by_key.values() for p in _endpoint_problems(tie, labels)]
    if problems:
        raise InvalidRecord(problems)
    return Batch(list(by_id.values()), list(by_key.values()))


def _endpoint_problems(tie: Tie, labels: dict[str, str]) -> list[Problem]:
    allowed = ENDPOINTS[tie.type]  # type: ignore[index]  # a RelType value is its name
    problems = []
    for end, node_id, ok in (
        ("source", tie.source, allowed[0]),
        ("target", tie.target, allowed[1]),
    ):
        label = labels.get(node_id)
        if label is None:
            problems.append(
                Problem(tie.describe(), end, "no node with this id; add the node first", node_id)
            )
        elif label not in ok:
            kinds = " or ".join(sorted(ok))
            problems.append(
                Problem(tie.describe(), end, f"must be a {kinds}, but {node_id!r} is a {label}")
            )
    return problems
