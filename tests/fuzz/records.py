"""Records for fuzzing, built from the model itself so they follow it as it changes.

Which fields of each record kind take free text is found by asking the model (a field takes
text if a plain sentence goes in and comes back out), not listed by hand, so a field added to
`graphsvc.model` is fuzzed without anyone editing these tests.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from graphsvc.errors import InvalidRecord
from graphsvc.model import (
    ENDPOINTS,
    NODE_TYPES,
    TIE_TYPES,
    Label,
    Node,
    RelType,
    Tie,
    parse_node,
    parse_tie,
)

__all__ = ["Built", "build_world", "text_fields"]

_PROBE = "plain words"
_SKIP = {"id", "label", "type", "source", "target"}


def _parse(kind: Label | RelType, data: Mapping[str, Any]) -> Node | Tie:
    if isinstance(kind, Label):
        return parse_node({"label": kind.value, **data})
    return parse_tie({"type": kind.value, **data})


def _base(kind: Label | RelType) -> dict[str, Any]:
    return {"id": "probe"} if isinstance(kind, Label) else {"source": "a", "target": "b"}


@cache
def text_fields(kind: Label | RelType) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(fields taking one text, fields taking a list of texts) of a record kind."""
    cls = NODE_TYPES[kind] if isinstance(kind, Label) else TIE_TYPES[kind]  # type: ignore[index]
    one, many = [], []
    for name in cls.model_fields:
        if name in _SKIP:
            continue
        for value, bucket in ((_PROBE, one), ([_PROBE], many)):
            try:
                record = _parse(kind, {**_base(kind), name: value})
            except InvalidRecord:
                continue
            if record.properties().get(name) == value:
                bucket.append(name)
                break
    return tuple(one), tuple(many)


@dataclass
class Built:
    """The records made for one injected string, and what the model refused (by field)."""

    nodes: list[Node] = field(default_factory=list)
    ties: list[Tie] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (record kind, field)


def _fill(kind: Label | RelType, base: dict[str, Any], value: str, built: Built) -> dict[str, Any]:
    """``base`` plus ``value`` in every text field the model accepts it in.

    A refusal must be an `InvalidRecord` naming that very field; it is recorded, not an error.
    """
    data = dict(base)
    one, many = text_fields(kind)
    for name, given in [*((n, value) for n in one), *((n, [value]) for n in many)]:
        try:
            _parse(kind, {**data, name: given})
        except InvalidRecord as exc:
            assert exc.problems, exc
            assert all(p.field.split(".")[0] == name for p in exc.problems), (name, exc.problems)
            assert all(p.record for p in exc.problems), exc.problems
            built.refused.append((kind.value, name))
            continue
        data[name] = given
    return data


def build_world(value: str, tag: str) -> Built:
    """One node of every label and one tie of every type, ``value`` in every text field.

    The first person's id is ``value`` itself when the model takes it as an id (else
    ``<tag>-p``); every other id is ``<tag>-<label>``, so each injected string has its own ids.
    """
    built = Built()
    person_id = f"{tag}-p"
    try:
        parse_node({"label": "Person", "id": value})
        person_id = parse_node({"label": "Person", "id": value}).id
    except InvalidRecord as exc:
        assert [p.field for p in exc.problems] == ["id"], exc.problems
        built.refused.append(("Person", "id"))
    ids: dict[Label, str] = {label: f"{tag}-{label.value.lower()}" for label in Label}
    ids[Label.PERSON] = person_id
    ids[Label.INTEREST] = f"{tag} interest"  # interests' ids are normalised names
    for label in Label:
        data = _fill(label, {"id": ids[label]}, value, built)
        built.nodes.append(parse_node({"label": label.value, **data}))  # type: ignore[arg-type]
    second = parse_node({"label": "Person", "id": f"{tag}-p2", "name": "Second"})
    built.nodes.append(second)
    for rel_type in RelType:
        sources, targets = ENDPOINTS[rel_type]
        source = ids[min(sources)]
        target = second.id if rel_type == RelType.KNOWS else ids[min(targets)]
        data = _fill(rel_type, {"source": source, "target": target}, value, built)
        built.ties.append(parse_tie({"type": rel_type.value, **data}))  # type: ignore[arg-type]
    return built
