"""Cell conventions and the template schema: what people type, and what the model says."""

from __future__ import annotations

from datetime import date, datetime

from hypothesis import given
from hypothesis import strategies as st

from graphsvc.io.cells import guard, join_list, read_cell, split_list, unguard, write_cell
from graphsvc.io.schema import KINDS, LIST_FIELDS, PROPERTY_TYPES, kind_for_name
from graphsvc.model import NODE_TYPES, TIE_TYPES, Label, RelType

_items = st.text(st.characters(exclude_categories=["Cs"]), min_size=1).filter(
    lambda s: s == s.strip()
)


@given(st.lists(_items, max_size=6))
def test_any_list_survives_join_then_split(items: list[str]) -> None:
    assert split_list(join_list(items)) == items


@given(st.text(st.characters(exclude_categories=["Cs"])))
def test_guarded_text_reads_back_unchanged_and_never_starts_a_formula(text: str) -> None:
    guarded = guard(text)
    assert unguard(guarded) == text
    assert not guarded.startswith(("=", "+", "-", "@"))


def test_what_people_type_and_what_excel_stores() -> None:
    people, knows = KINDS["people"], KINDS["knows"]
    assert read_cell(people.column("id"), 123) == "123"
    assert read_cell(people.column("id"), 123.0) == "123"
    assert read_cell(people.column("id"), 12.5) == "12.5"
    assert read_cell(people.column("id"), "  ") is None
    assert read_cell(people.column("birth_year"), 1958.0) == 1958.0  # the model takes whole floats
    assert read_cell(people.column("consent_date"), datetime(2020, 12, 31)) == "2020-12-31"
    assert read_cell(people.column("consent_date"), date(2020, 1, 2)) == "2020-01-02"
    assert read_cell(people.column("free_slots"), "none") == []
    assert read_cell(knows.column("gives"), "Practical;  EMOTIONAL ;") == ["practical", "emotional"]
    assert read_cell(knows.column("mode"), "Via someone") == "via_someone"
    assert read_cell(knows.column("frequency"), "Fortnightly") == 2.15
    assert read_cell(knows.column("contexts"), "'=quiz; pub") == ["=quiz", "pub"]
    assert write_cell(knows.column("frequency"), 30.0) == "30"
    assert write_cell(knows.column("frequency"), 4.3) == "4.3"
    assert write_cell(knows.column("gives"), []) == "none"
    assert write_cell(people.column("name"), "=HYPERLINK()") == "'=HYPERLINK()"


def test_the_templates_cover_the_whole_model() -> None:
    assert {k.label for k in KINDS.values() if k.label} == set(Label)
    assert {t for k in KINDS.values() for t in k.types} == set(RelType)
    for kind in KINDS.values():
        model = NODE_TYPES[kind.label] if kind.label else TIE_TYPES[kind.types[0]]
        fields = set(model.model_fields) - {"label", "type"}
        assert set(kind.column_names) - {"relation"} == fields, kind.name
        assert all(c.help and c.help != c.name for c in kind.columns), kind.name
    assert {"slots", "free_slots", "contexts", "gives", "receives", "tags", "tasks"} == LIST_FIELDS
    assert PROPERTY_TYPES["birth_year"] is int and PROPERTY_TYPES["lat"] is float


def test_file_and_sheet_names_people_use() -> None:
    assert kind_for_name("People") == "people"
    assert kind_for_name("paid workers") == "paid_workers"
    assert kind_for_name("PaidWorker") == "paid_workers"
    assert kind_for_name("member_of") == "memberships"
    assert kind_for_name("IN") == "lives_in"
    assert kind_for_name("interested_in") is None  # use person_interests with a relation
