"""The mapping: how Network Canvas node types, edge types and variables become graphsvc
records (`NetCanvasMapping` and its sections), and which tie joins two labels.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, model_validator

from graphsvc.errors import InvalidRecord
from graphsvc.io.netcanvas.format import type_key
from graphsvc.model import ENDPOINTS, NODE_TYPES, TIE_TYPES, Label, RelType, parse_tie

AlterLabel = Literal["Person", "Space", "Group", "PaidWorker"]
Relation = Literal["interested_in", "skilled_in", "wants_to_learn", "about"]
FixedValue = str | int | float | list[str]
_Rule = TypeVar("_Rule", bound=BaseModel)

#: Tie types an edge (or the link between ego and alter) can become: those between alters.
ALTER_TIES: tuple[RelType, ...] = (
    RelType.KNOWS,
    RelType.SUPPORTS,
    RelType.VISITS,
    RelType.MEMBER_OF,
    RelType.MEETS_AT,
)
INTEREST_RELATIONS: dict[str, RelType] = {
    "interested_in": RelType.INTERESTED_IN,
    "skilled_in": RelType.SKILLED_IN,
    "wants_to_learn": RelType.WANTS_TO_LEARN,
    "about": RelType.ABOUT,
}


def node_fields(label: Label) -> list[str]:
    """The fields a mapping can fill on a node labelled ``label`` (all but id and label)."""
    return [f for f in NODE_TYPES[label].model_fields if f not in ("id", "label")]


def tie_fields(rel_type: RelType) -> list[str]:
    """The fields a mapping can fill on a tie of ``rel_type`` (all but type and its ends)."""
    return [f for f in TIE_TYPES[rel_type].model_fields if f not in ("type", "source", "target")]


def fitting_tie(rel_type: RelType | None, a: Label, b: Label) -> tuple[RelType, bool] | None:
    """The tie type joining a node labelled ``a`` to one labelled ``b``, and whether to swap.

    Network Canvas edges have no direction (its GraphML says ``edgedefault="undirected"``),
    while every graphsvc tie does (a person VISITS a place, never the other way). So an edge is
    turned round when only the other direction fits. With ``rel_type`` None, the one type in
    `ALTER_TIES` that fits either way is chosen; None if there is none.

    >>> fitting_tie(None, Label.SPACE, Label.PERSON)
    (<RelType.VISITS: 'VISITS'>, True)
    >>> fitting_tie(RelType.KNOWS, Label.PERSON, Label.SPACE) is None
    True
    """
    for candidate in (rel_type,) if rel_type is not None else ALTER_TIES:
        sources, targets = ENDPOINTS[candidate]
        if a in sources and b in targets:
            return candidate, False
        if b in sources and a in targets:
            return candidate, True
    return None


def _rel_type(name: str) -> RelType:
    try:
        return RelType(name.strip().upper())
    except ValueError:
        raise ValueError(
            f"unknown tie type {name!r}; use one of {', '.join(t.value for t in ALTER_TIES)}"
        ) from None


class _Section(BaseModel):
    """Mapping sections refuse unknown keys, so a typo in a mapping file is an error."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def rule_key(name: str) -> str:
    """The key a type name is matched by (`type_key`); ``"*"``, the rule for the rest, as is."""
    return type_key(name) if name != "*" else "*"


def _rule_for(rules: Mapping[str, _Rule], name: str) -> _Rule | None:
    """The rule given for type ``name`` (matched by `type_key`), else the ``"*"`` rule, or None."""
    key = type_key(name)
    for given, rule in rules.items():
        if given != "*" and type_key(given) == key:
            return rule
    return rules.get("*")


def _check_fields(fields: Mapping[str, str], known: set[str], what: str) -> None:
    for variable, name in fields.items():
        if name not in known:
            raise ValueError(
                f"fields.{variable}: {what} has no field {name!r}; "
                f"fields: {', '.join(sorted(known))}"
            )


def _check_values(values: Mapping[str, Mapping[str, str]], known: set[str], where: str) -> None:
    for name in values:
        if name not in known:
            raise ValueError(
                f"values.{name}: {where} has no field {name!r}; fields: {', '.join(sorted(known))}"
            )


class EgoMapping(_Section):
    """What the ego's answers become. Keys are Network Canvas variable names.

    ``fields`` maps a variable to a Person field; ``interests`` maps a variable to a relation
    (each value, or each ticked option, becomes an interest); ``values`` rewrites answers for a
    field (``{"kind": {"sibling": "family"}}``); ``ignore`` lists variables (glob patterns) not
    to report as unmapped.
    """

    fields: dict[str, str] = Field(default_factory=dict)
    interests: dict[str, Relation] = Field(default_factory=dict)
    values: dict[str, dict[str, str]] = Field(default_factory=dict)
    ignore: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _known(self) -> EgoMapping:
        known = set(node_fields(Label.PERSON))
        _check_fields(self.fields, known, "a Person")
        for variable, relation in self.interests.items():
            if relation == "about":
                raise ValueError(f"interests.{variable}: 'about' is for places and groups")
        _check_values(self.values, known, "a Person")
        return self


class NodeTypeMapping(_Section):
    """What the alters of one Network Canvas node type become.

    ``label`` is the graphsvc label (required unless ``skip``). ``ego_tie`` is the tie between
    the ego and each alter: ``auto`` (KNOWS, VISITS, MEMBER_OF or SUPPORTS by label), a tie
    type, or ``none``. ``fields`` maps variables to fields of the node, ``tie`` to fields of
    the tie to the ego (what the ego said *about* the alter: how often they meet...).
    ``interests``, ``values`` and ``ignore`` as for the ego.
    """

    label: AlterLabel | None = None
    skip: bool = False
    ego_tie: str = "auto"
    fields: dict[str, str] = Field(default_factory=dict)
    tie: dict[str, str] = Field(default_factory=dict)
    interests: dict[str, Relation] = Field(default_factory=dict)
    values: dict[str, dict[str, str]] = Field(default_factory=dict)
    ignore: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> NodeTypeMapping:
        if self.skip:
            return self
        if self.label is None:
            raise ValueError("label is required (Person, Space, Group or PaidWorker) unless skip")
        label = Label(self.label)
        known = set(node_fields(label))
        _check_fields(self.fields, known, f"a {label.value}")
        tie = self.ego_tie_type()
        tie_known = set(tie_fields(tie)) if tie is not None else set()
        for variable, name in self.tie.items():
            if tie is None:
                raise ValueError(f"tie.{variable}: ego_tie is none, so there is no tie to fill")
            if name not in tie_known:
                raise ValueError(
                    f"tie.{variable}: a {tie.value} tie has no field {name!r}; "
                    f"fields: {', '.join(sorted(tie_known)) or '(none)'}"
                )
        allowed = {"about"} if label in (Label.SPACE, Label.GROUP) else set()
        if label == Label.PERSON:
            allowed = {"interested_in", "skilled_in", "wants_to_learn"}
        for variable, relation in self.interests.items():
            if relation not in allowed:
                raise ValueError(
                    f"interests.{variable}: a {label.value} cannot be {relation}; "
                    + (f"use {' or '.join(sorted(allowed))}" if allowed else "it has no interests")
                )
        _check_values(self.values, known | tie_known, f"a {label.value} or its tie")
        return self

    def ego_tie_type(self) -> RelType | None:
        """The tie type between ego and alter; None for ``none`` (checked against the label)."""
        if self.label is None or self.ego_tie.strip().lower() == "none":
            return None
        label = Label(self.label)
        wanted = None if self.ego_tie.strip().lower() == "auto" else _rel_type(self.ego_tie)
        fit = fitting_tie(wanted, Label.PERSON, label)
        if fit is None:
            raise ValueError(
                f"ego_tie: a {wanted.value if wanted else 'tie'} cannot join the ego (a Person) "
                f"and a {label.value}"
            )
        return fit[0]


class EdgeTypeMapping(_Section):
    """What the edges of one Network Canvas edge type become.

    ``type`` is ``auto`` (the one tie type that fits the two ends: KNOWS between people,
    VISITS between a person and a place, MEMBER_OF, MEETS_AT, SUPPORTS) or a tie type.
    ``fields`` maps edge variables to tie fields; ``fixed`` sets fields on every tie of this
    type (``{kind = "family"}`` for a protocol's "family" edges); ``both_ways`` writes a KNOWS
    in each direction (by default one, from the edge's first end to its second, as exported).
    """

    skip: bool = False
    type: str = "auto"
    fields: dict[str, str] = Field(default_factory=dict)
    fixed: dict[str, FixedValue] = Field(default_factory=dict)
    values: dict[str, dict[str, str]] = Field(default_factory=dict)
    ignore: list[str] = Field(default_factory=list)
    both_ways: bool = False

    @model_validator(mode="after")
    def _consistent(self) -> EdgeTypeMapping:
        if self.skip:
            return self
        chosen = self.tie_type()
        candidates = (chosen,) if chosen is not None else ALTER_TIES
        known = {f for t in candidates for f in tie_fields(t)}
        for where, names in (("fields", self.fields.values()), ("fixed", self.fixed)):
            for name in names:
                if name not in known:
                    what = f"a {chosen.value} tie has no" if chosen else "no tie has a"
                    raise ValueError(
                        f"{where}: {what} field {name!r}; fields: {', '.join(sorted(known))}"
                    )
        _check_values(self.values, known, "the tie")
        if self.both_ways and chosen not in (None, RelType.KNOWS):
            raise ValueError("both_ways is only for KNOWS ties")
        if chosen is not None and self.fixed:
            try:  # a typo in a fixed value would otherwise be reported on every edge
                parse_tie({"type": chosen.value, "source": "a", "target": "b", **self.fixed})
            except InvalidRecord as exc:
                raise ValueError(f"fixed: {exc}") from None
        return self

    def tie_type(self) -> RelType | None:
        """The tie type asked for; None for ``auto``."""
        return None if self.type.strip().lower() == "auto" else _rel_type(self.type)


class NetCanvasMapping(_Section):
    """How Network Canvas node types, edge types and variables become graphsvc records.

    Keys of ``nodes`` and ``edges`` are type names, matched ignoring case, spaces and
    punctuation (see `type_key`); the key ``"*"`` is the rule for types not listed. With
    ``auto_fields``, a variable named like a field of the record it would fill (``name``,
    ``birth_year``, ``frequency``...) fills it without being listed. ``id_template`` makes
    alter ids; it must use ``{uuid}`` and may use ``{session}`` and ``{case}``.
    """

    id_template: str = "nc:{session}:{uuid}"
    auto_fields: bool = True
    include_defaults: bool = True
    ego: EgoMapping = Field(default_factory=EgoMapping)
    nodes: dict[str, NodeTypeMapping] = Field(default_factory=dict)
    edges: dict[str, EdgeTypeMapping] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _keys(self) -> NetCanvasMapping:
        try:
            sample = self.id_template.format(session="s" * 36, uuid="u" * 36, case="c" * 20)
        except (KeyError, IndexError, ValueError) as exc:
            raise ValueError(
                f"id_template: {exc}; use {{uuid}}, {{session}} and {{case}} only"
            ) from None
        if "{uuid}" not in self.id_template:
            raise ValueError("id_template must contain {uuid}: alters need distinct ids")
        if len(sample) > 200:
            raise ValueError("id_template makes ids longer than 200 characters")
        for section, types in (("nodes", self.nodes), ("edges", self.edges)):
            seen: dict[str, str] = {}
            for name in types:
                key = rule_key(name)
                if key in seen:
                    raise ValueError(f"{section}: {seen[key]!r} and {name!r} name the same type")
                seen[key] = name
        return self

    def node_type(self, name: str) -> NodeTypeMapping | None:
        """The rule for a node type (or the ``"*"`` rule); None when there is none."""
        return _rule_for(self.nodes, name)

    def edge_type(self, name: str) -> EdgeTypeMapping:
        """The rule for an edge type: its own, the ``"*"`` rule, or ``auto``."""
        return _rule_for(self.edges, name) or EdgeTypeMapping()
