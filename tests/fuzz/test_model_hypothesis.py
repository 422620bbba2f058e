"""Hypothesis on the model: any mapping is either a record or an `InvalidRecord` naming where.

`parse_node` and `parse_tie` are the one door into the graph for CSV rows, JSON bodies and
notebooks, so whatever comes through it (wrong types, out-of-range numbers, nonsense dates and
slots, unknown fields, nested lists and maps, NaN) must end in one of two ways:

- a valid record, which survives the trip a store gives it (``properties()``, then
  ``node_from_properties`` / ``tie_from_properties``) unchanged and is JSON-ready;
- `InvalidRecord`, whose every problem names the record and the field at fault (or no field,
  for a problem with the record as a whole), with a message.

Never another exception. Field names come from the model, so new fields are fuzzed too.
"""

from __future__ import annotations

import json
import math
import os
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from graphsvc.errors import InvalidRecord
from graphsvc.model import (
    NODE_TYPES,
    TIE_TYPES,
    Label,
    RelType,
    node_from_properties,
    parse_node,
    parse_tie,
    tie_from_properties,
)

#: Examples per test: a bounded run in the suite; the benchmark runner's ``fuzz`` step raises it.
EXAMPLES = int(os.environ.get("GRAPHSVC_FUZZ_EXAMPLES", "300"))
FUZZ = settings(
    max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.too_slow],
)  # fmt: skip

_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**12), max_value=10**12)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=40)
)
_json = st.recursive(
    _scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)  # fmt: skip
# values that are nearly right for some field: dates, slots, enum words, numbers in range
NEARLY: tuple[Any, ...] = (
    "2019", "2019-05", "2019-05-14", "2019-02-30", "2019-13", "19-05-14", 2019, 1850, 2101,
    "Mon 10:00-12:00", ["Mon-Fri 09:00-17:00", "Sat 10:00-12:00"], ["Mon 25:00-26:00"],
    ["Sun 23:00-01:00"], "given", "withdrawn", "in_person", "phone", "friend", "neighbour",
    "company", ["company", "lifts"], "care_worker", "provider", 0, -1, 4.3, 168, 169, 744, 745,
    53.8, -181, "", " ", "p1", "plain words", ["a", "b"], ["", "  "], ["plain words"],
)  # fmt: skip


def _mostly(good: st.SearchStrategy[Any], bad: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """``good`` nine times in ten, ``bad`` otherwise (``one_of`` weighs branches unevenly)."""
    return st.sampled_from([True] * 9 + [False]).flatmap(lambda ok: good if ok else bad)


def _accepted(kind: Label | RelType, name: str) -> list[Any]:
    """The values of `NEARLY` the model takes for field ``name`` of ``kind``."""
    base: dict[str, Any] = (
        {"label": kind.value, "id": "p1"}
        if isinstance(kind, Label)
        else {"type": kind.value, "source": "p1", "target": "p2"}
    )
    good = []
    for value in NEARLY:
        try:
            (parse_node if isinstance(kind, Label) else parse_tie)({**base, name: value})
        except InvalidRecord:
            continue
        good.append(value)
    return good


def _record_data(kind: Label | RelType) -> st.SearchStrategy[dict[str, Any]]:
    """Some of ``kind``'s fields (and now and then one it does not have), each filled with a
    value the model takes for it nine times in ten, anything at all otherwise."""
    cls = NODE_TYPES[kind] if isinstance(kind, Label) else TIE_TYPES[kind]  # type: ignore[index]
    names = sorted(set(cls.model_fields) - {"id", "label", "type", "source", "target"})
    per_field = {}
    for name in names:
        good = _accepted(kind, name)
        ok = st.sampled_from(good) if good else st.nothing()
        per_field[name] = _mostly(ok, _json)
    known = st.fixed_dictionaries({}, optional=per_field)  # type: ignore[arg-type]
    stray = _mostly(st.just({}), st.dictionaries(st.sampled_from(["zz", "Name", "labels"]), _json))
    return st.tuples(known, stray).map(lambda kv: {**kv[0], **kv[1]})


_good_ids = st.sampled_from(["p1", "p2", "p3", "x y", "é", "x" * 200])
_ids = st.one_of(
    *[_good_ids] * 6, st.sampled_from(["", " ", "a\tb", "x" * 201]), st.text(max_size=12)
)
_labels = st.sampled_from(list(Label))
_types = st.sampled_from(list(RelType))


def _check_refusal(exc: InvalidRecord, data: dict[str, Any], record_fields: set[str]) -> None:
    assert exc.problems, "an InvalidRecord without problems"
    for p in exc.problems:
        assert p.record, p
        assert p.message, p
        head = p.field.split(".")[0]
        assert head == "" or head in data or head in record_fields, (p, data)
    assert str(exc)


def _json_ready(props: dict[str, Any]) -> None:
    text = json.dumps(props, allow_nan=False)  # no NaN or inf stored
    assert json.loads(text) == props


@FUZZ
@given(data=st.data(), node_id=_ids, kind=_labels, junk=st.none() | st.text(max_size=10))
def test_any_mapping_is_a_node_or_a_named_refusal(
    data: st.DataObject, node_id: str, kind: Label, junk: str | None
) -> None:
    fields = data.draw(_record_data(kind))
    label = data.draw(st.sampled_from([kind.value] * 9 + [junk]))
    given_data = {**fields, "label": label, "id": node_id}
    try:
        node = parse_node(given_data)
    except InvalidRecord as exc:
        _check_refusal(exc, given_data, {"label", "id"})
        event("refused")
        return
    event("valid")
    props = node.properties()
    _json_ready(props)
    assert node_from_properties(node.label, node.id, props) == node


@FUZZ
@given(
    data=st.data(),
    ends=_mostly(
        st.sampled_from([("p1", "p2"), ("x y", "é"), ("p3", "x" * 200)]), st.tuples(_ids, _ids)
    ),
    kind=_types,
    junk=st.none() | st.text(max_size=10),
)
def test_any_mapping_is_a_tie_or_a_named_refusal(
    data: st.DataObject, ends: tuple[str, str], kind: RelType, junk: str | None
) -> None:
    fields = data.draw(_record_data(kind))
    rel_type = data.draw(st.sampled_from([kind.value] * 9 + [junk]))
    given_data = {**fields, "type": rel_type, "source": ends[0], "target": ends[1]}
    try:
        tie = parse_tie(given_data)
    except InvalidRecord as exc:
        _check_refusal(exc, given_data, {"type", "source", "target"})
        event("refused")
        return
    event("valid")
    props = tie.properties()
    _json_ready(props)
    assert tie_from_properties(tie.type, tie.source, tie.target, props) == tie
    for key in ("frequency", "hours_per_week"):
        if key in props:
            assert math.isfinite(props[key]) and props[key] >= 0


@pytest.mark.parametrize("rel_type", [["KNOWS"], {"t": "KNOWS"}])
def test_a_tie_type_that_is_a_list_or_a_map_is_a_named_refusal(rel_type: object) -> None:
    with pytest.raises(InvalidRecord) as info:
        parse_tie({"type": rel_type, "source": "a", "target": "b"})
    assert info.value.problems[0].field == "type"
