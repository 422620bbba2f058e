"""The domain model: what is accepted, how it is normalised, and what errors say."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graphsvc.errors import InvalidRecord
from graphsvc.model import (
    ENDPOINTS,
    NODE_TYPES,
    TIE_TYPES,
    Interest,
    Knows,
    Label,
    RelType,
    node_from_properties,
    parse_node,
    parse_tie,
)


def problems(data: dict[str, Any], kind: str = "node") -> list[str]:
    with pytest.raises(InvalidRecord) as info:
        (parse_node if kind == "node" else parse_tie)(data)
    return [str(p) for p in info.value.problems]


def test_every_label_and_type_has_a_model_and_endpoints() -> None:
    assert set(NODE_TYPES) == set(Label)
    assert set(TIE_TYPES) == set(RelType) == set(ENDPOINTS)


def test_only_the_id_is_required() -> None:
    for label in Label:
        node = parse_node({"label": label.value, "id": "x1"})
        assert node.properties() == {}


def test_errors_name_record_field_value_and_fix() -> None:
    found = problems({"label": "Person", "id": "p1", "birth_year": "abc", "nmae": "Sam"})
    assert found[0].startswith("Person 'p1', field 'birth_year': ")
    assert "'abc'" in found[0]
    assert found[1].startswith("Person 'p1', field 'nmae': unknown field; known fields are")
    assert "name" in found[1]


def test_unknown_label_lists_the_allowed_ones() -> None:
    (msg,) = problems({"label": "Persn", "id": "p1"})
    assert "unknown label" in msg and "Person" in msg and "PaidWorker" in msg


def test_missing_id_and_label_are_named() -> None:
    assert problems({"label": "Person"}) == ["Person '(no id)', field 'id': required but missing"]
    assert "field 'label': missing" in problems({"id": "p1"})[0]


def test_where_overrides_the_record_name() -> None:
    with pytest.raises(InvalidRecord, match=r"^people.csv row 7, field 'birth_year'"):
        parse_node({"label": "Person", "id": "p1", "birth_year": 1800}, where="people.csv row 7")


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("2019", True),
        ("2019-05", True),
        ("2019-05-31", True),
        (2015, True),
        ("2019-02-30", False),
        ("2019-13", False),
        ("last year", False),
        ("19-05-2019", False),
    ],
)
def test_partial_dates_keep_their_precision(value: object, ok: bool) -> None:
    data = {"type": "KNOWS", "source": "a", "target": "b", "since": value}
    if ok:
        assert parse_tie(data).properties()["since"] == str(value)
    else:
        assert "field 'since'" in problems(data, "tie")[0]


def test_tags_contexts_and_interest_ids_are_normalised() -> None:
    tie = parse_tie(
        {
            "type": "KNOWS",
            "source": "a",
            "target": "b",
            "contexts": [" Quiz  Team", "quiz team", "Rugby"],
        }
    )
    assert tie.contexts == ["quiz team", "rugby"]
    assert Interest(name="  Rugby   Union ").id == "rugby union"
    link = parse_tie({"type": "INTERESTED_IN", "source": "a", "target": "Rugby Union"})
    assert link.target == "rugby union"


def test_self_ties_and_impossible_values_are_refused() -> None:
    assert (
        "cannot join a node to itself"
        in problems({"type": "KNOWS", "source": "a", "target": "a"}, "tie")[0]
    )
    assert (
        "field 'hours_per_week'"
        in problems(
            {"type": "SUPPORTS", "source": "w", "target": "p", "hours_per_week": 200}, "tie"
        )[0]
    )
    assert "field 'lat'" in problems({"label": "Space", "id": "s", "lat": 123})[0]
    assert (
        "field 'mode'"
        in problems({"type": "KNOWS", "source": "a", "target": "b", "mode": "pigeon"}, "tie")[0]
    )


def test_ids_refuse_control_characters_but_keep_unicode() -> None:
    assert parse_node({"label": "Person", "id": "zoë-1"}).id == "zoë-1"
    assert "control characters" in problems({"label": "Person", "id": "a\tb"})[0]


def test_unknown_is_absent_never_zero() -> None:
    tie = Knows(source="a", target="b", frequency=0.0, gives=[])
    assert tie.properties() == {"frequency": 0.0, "gives": []}  # said: zero, nothing
    assert Knows(source="a", target="b").properties() == {}  # not said: absent


people = st.fixed_dictionaries(
    {
        "label": st.just("Person"),
        "id": st.text(min_size=1, max_size=20).filter(
            lambda s: s.strip() and not any(ord(c) < 32 or ord(c) == 127 for c in s)
        ),
    },
    optional={
        "name": st.text(min_size=1, max_size=30).filter(str.strip),
        "birth_year": st.integers(1900, 2100),
        "free_slots": st.lists(st.sampled_from(["Mon 10:00-12:00", "Sat-Sun 09:00-10:00"])),
    },
)


@given(people)
def test_stored_form_round_trips(data: dict[str, Any]) -> None:
    node = parse_node(data)
    assert node_from_properties(node.label, node.id, node.properties()) == node


@given(st.dictionaries(st.text(max_size=10), st.one_of(st.text(), st.integers(), st.none())))
def test_arbitrary_mappings_either_parse_or_raise_invalid_record(data: dict[str, Any]) -> None:
    try:
        parse_node(data)
    except InvalidRecord as exc:
        assert exc.problems and all(str(p) for p in exc.problems)


def test_properties_equal_pydantics_own_json_dump() -> None:
    """`properties()` is hand-written for speed; it must say exactly what pydantic would."""
    from graphsvc.synth import generate

    town = generate(300, seed=5)
    for record in [*town.nodes, *town.ties]:
        expected = record.model_dump(
            mode="json", exclude=record._identity_fields, exclude_none=True
        )
        assert record.properties() == expected
        assert all(type(v) in (str, int, float, bool, list) for v in expected.values())
