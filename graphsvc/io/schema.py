"""The import/export templates: one kind of file per kind of record, and what each column means.

A *kind* is what one CSV file (or one sheet of a workbook) holds: ``people``, ``knows``... Its
columns are the model's fields, in the model's order, so a template, an import and a CSV export
all agree, and a spreadsheet exported from graphsvc imports again unchanged.

Which columns hold lists, numbers, dates or fixed choices is read from the model itself
(`graphsvc.model`), never restated here, so a field added to the model reaches the templates,
the readers and the GraphML/GEXF types at once. Only the plain-English help is written here.

One decision worth knowing: ``person_interests`` is one template with a ``relation`` column
(``interested_in``, ``skilled_in`` or ``wants_to_learn``) rather than three files, because the
community treasure chest exercise collects passions, skills and wishes on one sheet.

Examples
--------
>>> KINDS["knows"].types, KINDS["knows"].column_names[:4]
((<RelType.KNOWS: 'KNOWS'>,), ['source', 'target', 'kind', 'since'])
>>> KINDS["people"].column("free_slots").value
<Value.LIST: 'list'>
>>> kind_for_name("Paid Workers"), kind_for_name("MEMBER_OF"), kind_for_name("peeple")
('paid_workers', 'memberships', None)
"""

from __future__ import annotations

import difflib
import types
import typing
from dataclasses import dataclass
from enum import Enum, StrEnum
from typing import Annotated, Any, get_args, get_origin

from graphsvc.errors import BadRequest
from graphsvc.model import (
    NODE_TYPES,
    TIE_TYPES,
    Label,
    PartialDate,
    RelType,
)

_DATE_VALIDATOR = get_args(PartialDate)[1]


class Value(StrEnum):
    """What a column holds, as far as reading and writing cells is concerned."""

    TEXT = "text"
    DATE = "date"
    INT = "int"
    FLOAT = "float"
    CHOICE = "choice"
    LIST = "list"
    CHOICE_LIST = "choice_list"


@dataclass(frozen=True)
class Column:
    """One column of a template: the model field it fills and how to fill it in."""

    name: str
    value: Value
    help: str
    example: str = ""
    choices: tuple[str, ...] = ()

    @property
    def is_list(self) -> bool:
        return self.value in (Value.LIST, Value.CHOICE_LIST)


@dataclass(frozen=True)
class Kind:
    """What one file or sheet holds: nodes of one label, or ties of one (or, once, three) types.

    ``required`` lists groups of columns of which at least one must be present in the header
    (an interest needs an ``id`` *or* a ``name``).
    """

    name: str
    title: str
    about: str
    columns: tuple[Column, ...]
    required: tuple[tuple[str, ...], ...]
    label: Label | None = None
    types: tuple[RelType, ...] = ()

    @property
    def is_node(self) -> bool:
        return self.label is not None

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


# --- reading the model ----------------------------------------------------------------------


def _unwrap(annotation: Any) -> tuple[Any, list[Any]]:
    """The bare type of a field and the metadata of any ``Annotated`` layers around it."""
    meta: list[Any] = []
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation, *more = get_args(annotation)
            meta += more
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in get_args(annotation) if a is not type(None)]
            annotation = args[0]
        else:
            return annotation, meta


def value_of(annotation: Any) -> tuple[Value, tuple[str, ...]]:
    """How a model field's type reads from a cell, and its allowed choices if it has any."""
    bare, meta = _unwrap(annotation)
    if get_origin(bare) is list:
        item, _ = _unwrap(get_args(bare)[0])
        if isinstance(item, type) and issubclass(item, Enum):
            return Value.CHOICE_LIST, tuple(str(m.value) for m in item)
        return Value.LIST, ()
    if isinstance(bare, type) and issubclass(bare, Enum):
        return Value.CHOICE, tuple(str(m.value) for m in bare)
    if bare is int:
        return Value.INT, ()
    if bare is float:
        return Value.FLOAT, ()
    if _DATE_VALIDATOR in meta:
        return Value.DATE, ()
    return Value.TEXT, ()


def _model_columns(model: type[Any], skip: set[str]) -> list[tuple[str, Value, tuple[str, ...]]]:
    return [
        (name, *value_of(field.annotation))
        for name, field in model.model_fields.items()
        if name not in skip
    ]


# --- plain-English help, per field; per kind where a field means something else there ------

_DATE = "a date: YYYY-MM-DD, or YYYY-MM, or just YYYY when only the year is known"
_FREQ = (
    "how many times a month, as a number (daily 30, weekly 4.3, monthly 1); the words daily, "
    "weekly, fortnightly, monthly and yearly are understood too"
)
_SLOTS = "day and 24-hour times, several separated by ; (Mon-Fri 09:00-17:00; Sat 10:00-12:00)"

_HELP: dict[str, str] = {
    "id": "a short code that names this record in every file, unique across all files (p1, ann)",
    "name": "what they are called",
    "consent": "whether they agreed to be on the map",
    "consent_date": f"when consent was given or withdrawn; {_DATE}",
    "birth_year": "year of birth, such as 1958",
    "household": "the same code for people who live together (h1)",
    "free_slots": f"when they are usually free each week: {_SLOTS}",
    "notes": "anything else worth knowing, in plain words",
    "organisation": "who employs them: an agency, the council, a GP practice",
    "lat": "latitude, such as 53.79 (optional)",
    "lon": "longitude, such as -1.55 (optional)",
    "slots": f"when, each week: {_SLOTS}",
    "purpose": "what the group is for",
    "code": "an official code if there is one (ward or LSOA code)",
    "what": "the need in the person's own words",
    "tags": "a few words to match on, separated by ; (company; shopping)",
    "since": f"since when; {_DATE}",
    "last_contact": f"when they last were in touch; {_DATE}",
    "frequency": _FREQ,
    "mode": "how they mostly keep in touch",
    "contexts": "where or how they know each other, separated by ; (neighbours; quiz team)",
    "gives": "the help the first person gives the other, separated by ;",
    "receives": "the help the first person gets from the other, separated by ;",
    "hours_per_week": "paid hours each week, such as 10.5",
    "hourly_cost": "cost per hour in pounds, such as 22.50 (an estimate)",
    "ends": f"when a fixed-term arrangement ends; {_DATE}",
    "employer": "who employs the worker: the person (a direct payment) or a provider",
    "turnover_per_year": "how many times a year a different worker comes, such as 4",
    "tasks": "what the worker does, separated by ; (meals; shopping)",
    "valid_from": (
        f"for history: the date from which this row was true; {_DATE}. Leave empty for "
        "'as far as we know, always'"
    ),
    "valid_to": (
        f"for history: the date from which this row was no longer true; {_DATE}. Leave empty "
        "when it still holds (the row is the tie as it is now)"
    ),
}
_VALIDITY = ("valid_from", "valid_to")
_KIND_HELP: dict[tuple[str, str], str] = {
    ("paid_workers", "role"): "their job",
    ("spaces", "kind"): "what sort of place: café, pub, library, park, school gate...",
    ("groups", "kind"): "what sort of group: quiz team, choir, faith group, circle of support...",
    ("interests", "id"): "leave empty: made from the name (Rugby Union -> rugby union)",
    ("interests", "name"): "the interest, skill or passion in words (Rugby union)",
    ("needs", "slots"): f"when help or company is wanted: {_SLOTS}",
    ("knows", "kind"): "what the first person calls the other",
    ("supports", "role"): "the worker's job in this arrangement",
    ("visits", "slots"): f"when they usually go: {_SLOTS}",
    ("memberships", "role"): "their role in the group, if any (captain, treasurer)",
    ("memberships", "frequency"): f"how often they go along: {_FREQ}",
    ("met_by", "hours_per_week"): "how many of the worker's hours each week go to this need",
    ("person_interests", "relation"): (
        "interested_in (a passion), skilled_in (something they are good at and could share) "
        "or wants_to_learn"
    ),
}

_ENDS: dict[str, tuple[str, str]] = {
    "knows": ("id of the person who told us (from people)", "id of the person they know"),
    "supports": ("id of the paid worker (from paid_workers)", "id of the person supported"),
    "visits": ("id of the person (from people)", "id of the place they go to (from spaces)"),
    "memberships": ("id of the person (from people)", "id of the group (from groups)"),
    "meets_at": ("id of the group (from groups)", "id of the place it meets (from spaces)"),
    "lives_in": (
        "id of a person, a place or a group",
        "id of the neighbourhood it is in (from neighbourhoods)",
    ),
    "person_interests": (
        "id of the person (from people)",
        "the interest in words (rugby union); interests not listed yet are added",
    ),
    "about": (
        "id of the group or place",
        "the interest in words (rugby union); interests not listed yet are added",
    ),
    "has_need": ("id of the person (from people)", "id of the need (from needs)"),
    "met_by": ("id of the need (from needs)", "id of the paid worker (from paid_workers)"),
}

# --- the kinds --------------------------------------------------------------------------------

_NODE_KINDS: list[tuple[str, Label, str, str]] = [
    ("people", Label.PERSON, "People", "one row per person: the person at the centre and anyone"
     " in their network"),
    ("paid_workers", Label.PAID_WORKER, "Paid workers", "one row per paid worker: personal"
     " assistant, care worker, social worker, GP, nurse"),
    ("spaces", Label.SPACE, "Places", "one row per place where people run into each other"),
    ("groups", Label.GROUP, "Groups", "one row per club, team, faith community or circle"),
    ("neighbourhoods", Label.NEIGHBOURHOOD, "Neighbourhoods", "one row per neighbourhood"),
    ("interests", Label.INTEREST, "Interests", "one row per interest, skill or passion"),
    ("needs", Label.NEED, "Needs", "one row per need a person has told us about"),
]  # fmt: skip
_TIE_KINDS: list[tuple[str, tuple[RelType, ...], str, str]] = [
    ("knows", (RelType.KNOWS,), "Who knows whom",
     "one row per relationship, as one person tells it; add a second row for the other's view"),
    ("supports", (RelType.SUPPORTS,), "Paid support", "one row per worker supporting a person"),
    ("visits", (RelType.VISITS,), "Places people go", "one row per person and place"),
    ("memberships", (RelType.MEMBER_OF,), "Group members", "one row per person and group"),
    ("meets_at", (RelType.MEETS_AT,), "Where groups meet", "one row per group and place"),
    ("lives_in", (RelType.IN,), "Neighbourhoods of people, places and groups",
     "one row per person, place or group and the neighbourhood it is in"),
    ("person_interests", (RelType.INTERESTED_IN, RelType.SKILLED_IN, RelType.WANTS_TO_LEARN),
     "Passions, skills and wishes", "one row per person and interest, saying which of the three"),
    ("about", (RelType.ABOUT,), "What groups and places are about",
     "one row per group or place and an interest"),
    ("has_need", (RelType.HAS_NEED,), "Whose needs", "one row per person and need"),
    ("met_by", (RelType.MET_BY,), "Needs met by paid workers",
     "one row per need and a paid worker who meets it today"),
]  # fmt: skip

RELATIONS: dict[str, RelType] = {t.value.lower(): t for t in _TIE_KINDS[6][1]}


def _help(kind: str, field: str) -> str:
    return _KIND_HELP.get((kind, field)) or _HELP.get(field) or field.replace("_", " ")


def _build() -> dict[str, Kind]:
    kinds: dict[str, Kind] = {}
    for name, label, title, about in _NODE_KINDS:
        cols = _model_columns(NODE_TYPES[label], {"label"})
        kinds[name] = Kind(
            name=name,
            title=title,
            about=about,
            columns=tuple(Column(f, v, _help(name, f), choices=c) for f, v, c in cols),
            required=(("id", "name"),) if label == Label.INTEREST else (("id",),),
            label=label,
        )
    for name, rel_types, title, about in _TIE_KINDS:
        cols = _model_columns(TIE_TYPES[rel_types[0]], {"type"})
        # when the tie held goes last: most rows leave it empty (the tie holds now)
        cols.sort(key=lambda col: col[0] in _VALIDITY)
        source_help, target_help = _ENDS[name]
        helps = {"source": source_help, "target": target_help}
        columns = [Column(f, v, helps.get(f) or _help(name, f), choices=c) for f, v, c in cols]
        required: tuple[tuple[str, ...], ...] = (("source",), ("target",))
        if len(rel_types) > 1:
            relation = Column(
                "relation", Value.CHOICE, _help(name, "relation"), choices=tuple(RELATIONS)
            )
            columns.insert(2, relation)
            required += (("relation",),)
        kinds[name] = Kind(
            name=name,
            title=title,
            about=about,
            columns=tuple(columns),
            required=required,
            types=rel_types,
        )
    return kinds


KINDS: dict[str, Kind] = _build()
NODE_KINDS: dict[Label, Kind] = {k.label: k for k in KINDS.values() if k.label is not None}
TIE_KINDS: dict[RelType, Kind] = {t: k for k in KINDS.values() for t in k.types}


def _plain(name: str) -> str:
    return "_".join(name.strip().lower().replace("-", " ").split())


_ALIASES: dict[str, str] = {
    **{_plain(k.label.value): k.name for k in NODE_KINDS.values()},
    "paidworker": "paid_workers",
    "person": "people",
    "persons": "people",
    **{_plain(t.value): k.name for t, k in TIE_KINDS.items() if len(k.types) == 1},
}


def kind_for_name(name: str) -> str | None:
    """The kind a file stem or sheet name stands for (``"Paid Workers"`` -> ``paid_workers``).

    Kind names, node labels and tie types are recognised, in any case, with spaces, hyphens or
    underscores; anything else gives None (see `suggest_kind`).
    """
    plain = _plain(name)
    if plain in KINDS:
        return plain
    return _ALIASES.get(plain)


def suggest_kind(name: str) -> str | None:
    """The kind a mistyped file or sheet name most likely meant, if any is close."""
    close = difflib.get_close_matches(_plain(name), [*KINDS, *_ALIASES], n=1, cutoff=0.6)
    return kind_for_name(close[0]) if close else None


def resolve_kind(kind: str) -> str:
    """A kind given by a person (``--kind People``) as a kind name; `BadRequest` if unknown."""
    found = kind_for_name(kind)
    if found is None:
        guess = suggest_kind(kind)
        raise BadRequest(
            f"unknown kind {kind!r}"
            + (f"; did you mean {guess!r}?" if guess else "")
            + f" Kinds: {', '.join(KINDS)}"
        )
    return found


def column_name(header: str) -> str:
    """A header cell as a column name: ``"Birth year"`` reads as ``birth_year``."""
    return _plain(header)


#: Every list-valued property in the model, nodes and ties: what GraphML/GEXF must join and
#: what readers must split again.
LIST_FIELDS: frozenset[str] = frozenset(
    c.name for k in KINDS.values() for c in k.columns if c.is_list
)


_STORED: dict[Value, type] = {
    Value.TEXT: str,
    Value.DATE: str,
    Value.CHOICE: str,
    Value.INT: int,
    Value.FLOAT: float,
    Value.LIST: list,
    Value.CHOICE_LIST: list,
}


def _property_types() -> dict[str, type]:
    """Each stored property's Python type, across all labels and types (one type per name)."""
    found: dict[str, type] = {}
    for kind in KINDS.values():
        for column in kind.columns:
            if column.name in ("id", "source", "target", "relation"):
                continue
            stored = _STORED[column.value]
            if found.setdefault(column.name, stored) is not stored:  # pragma: no cover
                raise TypeError(
                    f"property {column.name!r} is stored as {found[column.name].__name__} in one "
                    f"place and {stored.__name__} in another; GraphML needs one type per name"
                )
    return found


#: The stored type of every property (``str``, ``int``, ``float`` or ``list``): GraphML and GEXF
#: attribute types come from here, not from whatever values happen to be present.
PROPERTY_TYPES: dict[str, type] = _property_types()
