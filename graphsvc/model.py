"""The domain model: what can be in the graph, and what each property means.

Seven node labels and twelve relationship types, each a pydantic model. The labels and types
are a closed whitelist (`Label`, `RelType`): the stores only ever put these names into a query.
Every property except ids is optional, and a missing value means *unknown*, never zero: the
analytics say when a score rests on missing data instead of pretending.

Ids are strings and global across labels: ``"p1"`` names one node, whatever its label. An
interest's id is its normalised name (``"Rugby union "`` becomes ``"rugby union"``), so the same
passion recorded by two people is one node.

Records are immutable once validated. `parse_node` and `parse_tie` turn plain mappings (a CSV
row, a JSON body) into records and raise `InvalidRecord` naming the record, the field and the
fix. `Node.properties()` gives the storable form (dates as ISO strings, enums as their values,
unknowns left out), which both stores keep and `to_networkx()` returns.

Examples
--------
>>> p = parse_node({"label": "Person", "id": "p1", "name": "Sam", "free_slots": ["Mon-Tue 10:00-12:00"]})
>>> p.properties()
{'name': 'Sam', 'free_slots': ['Mon 10:00-12:00', 'Tue 10:00-12:00']}
>>> t = parse_tie({"type": "KNOWS", "source": "p1", "target": "p2", "mode": "in_person", "frequency": 4.3})
>>> t.key, t.properties()
(('KNOWS', 'p1', 'p2'), {'frequency': 4.3, 'mode': 'in_person'})
"""  # noqa: E501

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from enum import Enum, StrEnum
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from graphsvc.errors import InvalidRecord, Problem
from graphsvc.slots import expand_slots


class Label(StrEnum):
    """Node labels. The only label names any query will ever contain."""

    PERSON = "Person"
    PAID_WORKER = "PaidWorker"
    SPACE = "Space"
    GROUP = "Group"
    NEIGHBOURHOOD = "Neighbourhood"
    INTEREST = "Interest"
    NEED = "Need"


class RelType(StrEnum):
    """Relationship types. The only type names any query will ever contain."""

    KNOWS = "KNOWS"
    SUPPORTS = "SUPPORTS"
    VISITS = "VISITS"
    MEMBER_OF = "MEMBER_OF"
    MEETS_AT = "MEETS_AT"
    IN = "IN"
    INTERESTED_IN = "INTERESTED_IN"
    SKILLED_IN = "SKILLED_IN"
    WANTS_TO_LEARN = "WANTS_TO_LEARN"
    ABOUT = "ABOUT"
    HAS_NEED = "HAS_NEED"
    MET_BY = "MET_BY"


L = Label
#: Which labels each relationship type may join, source side then target side.
ENDPOINTS: dict[RelType, tuple[frozenset[Label], frozenset[Label]]] = {
    RelType.KNOWS: (frozenset({L.PERSON}), frozenset({L.PERSON})),
    RelType.SUPPORTS: (frozenset({L.PAID_WORKER}), frozenset({L.PERSON})),
    RelType.VISITS: (frozenset({L.PERSON}), frozenset({L.SPACE})),
    RelType.MEMBER_OF: (frozenset({L.PERSON}), frozenset({L.GROUP})),
    RelType.MEETS_AT: (frozenset({L.GROUP}), frozenset({L.SPACE})),
    RelType.IN: (frozenset({L.PERSON, L.SPACE, L.GROUP}), frozenset({L.NEIGHBOURHOOD})),
    RelType.INTERESTED_IN: (frozenset({L.PERSON}), frozenset({L.INTEREST})),
    RelType.SKILLED_IN: (frozenset({L.PERSON}), frozenset({L.INTEREST})),
    RelType.WANTS_TO_LEARN: (frozenset({L.PERSON}), frozenset({L.INTEREST})),
    RelType.ABOUT: (frozenset({L.GROUP, L.SPACE}), frozenset({L.INTEREST})),
    RelType.HAS_NEED: (frozenset({L.PERSON}), frozenset({L.NEED})),
    RelType.MET_BY: (frozenset({L.NEED}), frozenset({L.PAID_WORKER})),
}
del L


class Mode(StrEnum):
    """How two people mostly keep in touch, most direct first."""

    IN_PERSON = "in_person"
    VIDEO = "video"
    PHONE = "phone"
    MESSAGE = "message"
    LETTER = "letter"
    VIA_SOMEONE = "via_someone"


class Help(StrEnum):
    """Kinds of help that flow along a tie (``gives`` / ``receives``)."""

    PRACTICAL = "practical"
    EMOTIONAL = "emotional"
    COMPANY = "company"
    INFORMATION = "information"
    CARE = "care"
    MONEY = "money"


class Employer(StrEnum):
    """Who employs a paid worker: the person (say, through a direct payment) or a provider."""

    PERSON = "person"
    PROVIDER = "provider"


class Consent(StrEnum):
    """Whether a person agreed to be on the map."""

    GIVEN = "given"
    WITHDRAWN = "withdrawn"
    NOT_ASKED = "not_asked"


class WorkerRole(StrEnum):
    """Paid roles. Social workers and GPs can hold power over budgets and referrals."""

    PERSONAL_ASSISTANT = "personal_assistant"
    CARE_WORKER = "care_worker"
    SUPPORT_WORKER = "support_worker"
    SOCIAL_WORKER = "social_worker"
    GP = "gp"
    NURSE = "nurse"
    THERAPIST = "therapist"
    OTHER = "other"


class KnowsKind(StrEnum):
    """What a person calls the other person."""

    FAMILY = "family"
    FRIEND = "friend"
    NEIGHBOUR = "neighbour"
    COLLEAGUE = "colleague"
    ACQUAINTANCE = "acquaintance"
    OTHER = "other"


# --- property types -------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _check_id(value: str) -> str:
    if _CONTROL.search(value):
        raise ValueError("ids may not contain control characters such as tabs or newlines")
    return value


def normalise_tag(text: str) -> str:
    """The canonical form of an interest, tag or context: trimmed, lower case, single spaces."""
    return " ".join(text.split()).lower()


def _tags(values: Iterable[str]) -> list[str]:
    out = dict.fromkeys(normalise_tag(v) for v in values if normalise_tag(v))
    return list(out)


_PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _partial_date(value: object) -> str:
    """Dates keep the precision they were given: ``2019``, ``2019-05`` or ``2019-05-14``.

    Sources often know only the year a friendship began; storing it as 1 January would pretend a
    precision nobody had.
    """
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int) and 1000 <= value <= 9999:
        return str(value)
    if not isinstance(value, str) or not _PARTIAL_DATE.match(value.strip()):
        raise ValueError(
            "write a date as YYYY-MM-DD (or YYYY-MM, or YYYY when only the year is known)"
        )
    text = value.strip()
    parts = [int(p) for p in text.split("-")]
    try:
        date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        raise ValueError(f"{text} is not a real date") from None
    return text


def period_start(partial: str) -> date:
    """The first day of the period a partial date names: ``2019-05`` is 1 May 2019.

    >>> period_start("2019"), period_start("2019-05"), period_start("2019-05-14")
    (datetime.date(2019, 1, 1), datetime.date(2019, 5, 1), datetime.date(2019, 5, 14))
    """
    parts = [int(p) for p in partial.split("-")]
    return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def valid_on(valid_from: str | None, valid_to: str | None, day: str) -> bool:
    """Whether a tie version with these bounds holds on ``day`` (a full ``YYYY-MM-DD``).

    The one rule every store uses, in Python, SQL and Cypher alike: plain *string*
    comparisons, ``(valid_from is None or valid_from <= day) and (valid_to is None or
    day < valid_to)``. ISO strings sort like the dates they name, and a partial date compares
    with a full one exactly as its period's first day does (``"2019-05" <= "2019-05-01"``;
    ``"2026-03-01" < "2026-03"`` is false), so no query needs to parse a date. A test checks
    this against `period_start` for every kind of partial date.

    >>> valid_on("2019-05", "2026-03", "2019-05-01"), valid_on("2019-05", "2026-03", "2026-03-01")
    (True, False)
    >>> valid_on(None, None, "1900-01-01")
    True
    """
    return (valid_from is None or valid_from <= day) and (valid_to is None or day < valid_to)


NodeId = Annotated[str, Field(min_length=1, max_length=200), AfterValidator(_check_id)]
Text = Annotated[str, Field(min_length=1, max_length=500)]
LongText = Annotated[str, Field(max_length=5000)]
PartialDate = Annotated[str, BeforeValidator(_partial_date)]
Slots = Annotated[list[str], AfterValidator(expand_slots)]
Tags = Annotated[list[str], AfterValidator(_tags)]
PerMonth = Annotated[float, Field(ge=0, le=24 * 31)]


class Record(BaseModel):
    """Shared settings: unknown fields are refused (catches typos), strings are trimmed."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, validate_default=False
    )

    def properties(self) -> dict[str, Any]:
        """The storable properties: JSON-ready values, unknowns (``None``) left out.

        Equal to ``model_dump(mode="json", exclude=identity, exclude_none=True)`` (a test
        checks), written out because every record written to a store passes through here:
        validated values are already JSON-ready but for enums, and this is 5x faster.
        """
        out: dict[str, Any] = {}
        skip = self._identity_fields
        for key, value in self.__dict__.items():
            if value is None or key in skip:
                continue
            if isinstance(value, Enum):
                value = value.value
            elif isinstance(value, list):
                value = [v.value if isinstance(v, Enum) else v for v in value]
            out[key] = value
        return out

    _identity_fields: ClassVar[set[str]] = set()


# --- nodes ----------------------------------------------------------------------------------


class NodeRecord(Record):
    """A node: an id that is unique across all labels, plus properties."""

    _identity_fields: ClassVar[set[str]] = {"id", "label"}
    id: NodeId

    @property
    def node_label(self) -> Label:
        return Label(self.label)  # type: ignore[attr-defined]

    def describe(self) -> str:
        return f"{self.node_label.value} {self.id!r}"


class Person(NodeRecord):
    """Someone at the centre of a plan, or anyone in their network."""

    label: Literal["Person"] = "Person"
    name: Text | None = None
    consent: Consent | None = None
    consent_date: PartialDate | None = None
    birth_year: Annotated[int, Field(ge=1900, le=2100)] | None = None
    household: Text | None = None
    free_slots: Slots | None = None
    notes: LongText | None = None


class PaidWorker(NodeRecord):
    """A personal assistant, care worker, social worker, GP...; ``organisation`` employs them."""

    label: Literal["PaidWorker"] = "PaidWorker"
    name: Text | None = None
    role: WorkerRole | None = None
    organisation: Text | None = None


class Space(NodeRecord):
    """A bumping space: somewhere people regularly run into each other."""

    label: Literal["Space"] = "Space"
    name: Text | None = None
    kind: Text | None = None
    lat: Annotated[float, Field(ge=-90, le=90)] | None = None
    lon: Annotated[float, Field(ge=-180, le=180)] | None = None
    slots: Slots | None = None


class Group(NodeRecord):
    """A club, team, faith community, circle of support..."""

    label: Literal["Group"] = "Group"
    name: Text | None = None
    kind: Text | None = None
    purpose: Text | None = None
    slots: Slots | None = None


class Neighbourhood(NodeRecord):
    """The geographic unit commissioners reason about; ``code`` is an official code if any."""

    label: Literal["Neighbourhood"] = "Neighbourhood"
    name: Text | None = None
    code: Text | None = None


class Interest(NodeRecord):
    """A passion, skill area or topic. Its id is its normalised name; give either."""

    label: Literal["Interest"] = "Interest"
    name: Text | None = None

    @model_validator(mode="before")
    @classmethod
    def _id_from_name(cls, data: Any) -> Any:
        if isinstance(data, Mapping) and data.get("name") and not data.get("id"):
            data = {**data, "id": data["name"]}
        if isinstance(data, Mapping) and isinstance(data.get("id"), str):
            data = {**data, "id": normalise_tag(data["id"])}
        return data


class Need(NodeRecord):
    """Something a person wants help or company with, in their words, with tags to match on."""

    label: Literal["Need"] = "Need"
    what: Text | None = None
    slots: Slots | None = None
    tags: Tags | None = None


Node = Annotated[
    Person | PaidWorker | Space | Group | Neighbourhood | Interest | Need,
    Field(discriminator="label"),
]
NODE_TYPES: dict[Label, type[NodeRecord]] = {
    Label(cls.model_fields["label"].default): cls
    for cls in (Person, PaidWorker, Space, Group, Neighbourhood, Interest, Need)
}


# --- ties -----------------------------------------------------------------------------------


class TieRecord(Record):
    """A relationship from ``source`` to ``target``; one per (type, source, target) on any date.

    ``valid_from`` / ``valid_to`` say when this *version* of the tie held (decision 0005): from
    ``valid_from`` (unknown: since always) up to, not including, ``valid_to`` (unknown: still
    holds; such a version is the *current* one). A review that changes a tie ends its current
    version and starts a new one, so a map can be shown as it was on any date.
    """

    _identity_fields: ClassVar[set[str]] = {"type", "source", "target"}
    source: NodeId
    target: NodeId
    valid_from: PartialDate | None = None
    valid_to: PartialDate | None = None

    @field_validator("valid_to")
    @classmethod
    def _ends_after_it_begins(cls, valid_to: str | None, info: ValidationInfo) -> str | None:
        """Compared as periods' first days: ``2019`` to ``2019-01`` is allowed (both begin on
        1 January 2019, an empty interval), ``2019-05`` to ``2019`` is not."""
        valid_from = info.data.get("valid_from")
        if (
            valid_to is not None
            and valid_from
            and period_start(valid_to) < period_start(valid_from)
        ):
            raise ValueError(
                f"the tie cannot end ({valid_to}) before it begins (valid_from {valid_from})"
            )
        return valid_to

    @model_validator(mode="after")
    def _no_self_ties(self) -> TieRecord:
        if self.source == self.target:
            raise ValueError("a tie cannot join a node to itself")
        return self

    @property
    def rel_type(self) -> RelType:
        return RelType(self.type)  # type: ignore[attr-defined]

    @property
    def key(self) -> tuple[str, str, str]:
        """Which tie this is: (type, source, target), the same for all its versions."""
        return (self.rel_type.value, self.source, self.target)

    @property
    def version(self) -> str | None:
        """Which version of the tie a write replaces: None for the current one, else the
        historical version's ``valid_from`` (``""`` when it has none)."""
        return None if self.valid_to is None else (self.valid_from or "")

    def describe(self) -> str:
        return f"{self.rel_type.value} tie {self.source!r} -> {self.target!r}"


class Knows(TieRecord):
    """One person's account of knowing another; both directions present = both views known."""

    type: Literal["KNOWS"] = "KNOWS"
    kind: KnowsKind | None = None
    since: PartialDate | None = None
    last_contact: PartialDate | None = None
    frequency: PerMonth | None = None
    mode: Mode | None = None
    contexts: Tags | None = None
    gives: list[Help] | None = None
    receives: list[Help] | None = None


class Supports(TieRecord):
    """Paid support from a worker to a person; ``ends`` marks a fixed-term arrangement."""

    type: Literal["SUPPORTS"] = "SUPPORTS"
    role: WorkerRole | None = None
    hours_per_week: Annotated[float, Field(ge=0, le=168)] | None = None
    hourly_cost: Annotated[float, Field(ge=0)] | None = None
    since: PartialDate | None = None
    ends: PartialDate | None = None
    frequency: PerMonth | None = None
    mode: Mode | None = None
    employer: Employer | None = None
    turnover_per_year: Annotated[float, Field(ge=0)] | None = None
    tasks: Tags | None = None


class Visits(TieRecord):
    type: Literal["VISITS"] = "VISITS"
    frequency: PerMonth | None = None
    slots: Slots | None = None
    since: PartialDate | None = None


class MemberOf(TieRecord):
    type: Literal["MEMBER_OF"] = "MEMBER_OF"
    since: PartialDate | None = None
    role: Text | None = None
    frequency: PerMonth | None = None


class MeetsAt(TieRecord):
    type: Literal["MEETS_AT"] = "MEETS_AT"
    slots: Slots | None = None


class In(TieRecord):
    type: Literal["IN"] = "IN"


class InterestedIn(TieRecord):
    type: Literal["INTERESTED_IN"] = "INTERESTED_IN"


class SkilledIn(TieRecord):
    type: Literal["SKILLED_IN"] = "SKILLED_IN"


class WantsToLearn(TieRecord):
    type: Literal["WANTS_TO_LEARN"] = "WANTS_TO_LEARN"


class About(TieRecord):
    type: Literal["ABOUT"] = "ABOUT"


class HasNeed(TieRecord):
    type: Literal["HAS_NEED"] = "HAS_NEED"


class MetBy(TieRecord):
    """Paid support meets this need today; ``hours_per_week`` of the worker's time go to it."""

    type: Literal["MET_BY"] = "MET_BY"
    hours_per_week: Annotated[float, Field(ge=0, le=168)] | None = None


Tie = Annotated[
    Knows
    | Supports
    | Visits
    | MemberOf
    | MeetsAt
    | In
    | InterestedIn
    | SkilledIn
    | WantsToLearn
    | About
    | HasNeed
    | MetBy,
    Field(discriminator="type"),
]
TIE_TYPES: dict[RelType, type[TieRecord]] = {
    RelType(cls.model_fields["type"].default): cls
    for cls in (
        Knows,
        Supports,
        Visits,
        MemberOf,
        MeetsAt,
        In,
        InterestedIn,
        SkilledIn,
        WantsToLearn,
        About,
        HasNeed,
        MetBy,
    )
}

# Interest targets are named, not id'd, in most data: normalise them the same way.
_INTEREST_TYPES = {RelType.INTERESTED_IN, RelType.SKILLED_IN, RelType.WANTS_TO_LEARN, RelType.ABOUT}


# --- parsing with errors a person can act on ------------------------------------------------

_NODE_ADAPTER: TypeAdapter[Node] = TypeAdapter(Node)
_TIE_ADAPTER: TypeAdapter[Tie] = TypeAdapter(Tie)


def _name_record(data: Mapping[str, Any], kind: str) -> str:
    if kind == "node":
        return f"{data.get('label', 'node')} {data.get('id', '(no id)')!r}"
    return (
        f"{data.get('type', 'tie')} tie {data.get('source', '?')!r} -> {data.get('target', '?')!r}"
    )


def _problems(exc: ValidationError, data: Mapping[str, Any], record: str) -> list[Problem]:
    problems = []
    for err in exc.errors(include_url=False):
        loc = [str(p) for p in err["loc"]]
        if loc and loc[0] in {*Label, *RelType}:
            loc = loc[1:]  # the discriminator tag pydantic puts first
        field = loc[0] if loc else ""
        message = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            cls = NODE_TYPES.get(data.get("label")) or TIE_TYPES.get(data.get("type"))  # type: ignore[arg-type]
            known = sorted(set(cls.model_fields) - {"label", "type"}) if cls else []
            message = "unknown field" + (f"; known fields are {', '.join(known)}" if known else "")
        elif err["type"] == "union_tag_invalid":
            field = "label" if "label" in err["msg"] or "label" in data else "type"
            allowed = ", ".join(Label) if field == "label" else ", ".join(RelType)
            message = f"unknown {field}; use one of {allowed}"
        elif err["type"] == "union_tag_not_found":
            field = "label" if "label" in str(err["ctx"]) else "type"
            message = "missing; say what kind of record this is"
        elif err["type"] == "missing":
            message = "required but missing"
        value = err.get("input") if err["type"] not in ("missing", "union_tag_not_found") else None
        if isinstance(value, Mapping):
            value = None
        problems.append(
            Problem(
                record=record,
                field=".".join([field, *loc[1:]]).strip("."),
                message=message,
                value=value,
            )
        )
    return problems


def parse_node(data: Mapping[str, Any], *, where: str | None = None) -> Node:
    """Validate one node given as a mapping with a ``label``; raise `InvalidRecord` if wrong.

    ``where`` names the record in messages (``"people.csv row 7"``) when the caller knows better.
    """
    try:
        return _NODE_ADAPTER.validate_python(data)
    except ValidationError as exc:
        raise InvalidRecord(_problems(exc, data, where or _name_record(data, "node"))) from None


def parse_tie(data: Mapping[str, Any], *, where: str | None = None) -> Tie:
    """Validate one tie given as a mapping with a ``type``; raise `InvalidRecord` if wrong."""
    kind = data.get("type")  # may be anything a caller sent: a list is refused below, not hashed
    if isinstance(kind, str) and kind in _INTEREST_TYPES and isinstance(data.get("target"), str):
        data = {**data, "target": normalise_tag(data["target"])}
    try:
        return _TIE_ADAPTER.validate_python(data)
    except ValidationError as exc:
        raise InvalidRecord(_problems(exc, data, where or _name_record(data, "tie"))) from None


def node_from_properties(label: str, node_id: str, props: Mapping[str, Any]) -> Node:
    """Rebuild a node from what a store kept; the inverse of `NodeRecord.properties`."""
    return parse_node({**props, "label": label, "id": node_id})


def tie_from_properties(rel_type: str, source: str, target: str, props: Mapping[str, Any]) -> Tie:
    """Rebuild a tie from what a store kept; the inverse of `TieRecord.properties`."""
    return parse_tie({**props, "type": rel_type, "source": source, "target": target})
