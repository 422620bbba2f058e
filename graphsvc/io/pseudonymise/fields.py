"""What the export does with each field: `FIELD_RULES`, and the treatments it names.

One decision per field of `graphsvc.model` (a field the whitelist does not know is dropped);
`shared_values` finds the categorical values at least k people hold, and `FieldTreatments`
applies the rules to one export's nodes and ties, counting everything it drops, generalises to
`OTHER` or makes coarser.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import networkx as nx

from graphsvc.model import Label, RelType, normalise_tag

#: What a categorical value shared by fewer than k people becomes.
OTHER = "other"
#: A tie as the export works on it: source, target, type, the original's properties.
Tie = tuple[Hashable, Hashable, str, dict[str, Any]]

_YEAR = re.compile(r"^(\d{4})(-\d{2}){0,2}$")
#: Ties through which a person uses a place or group, holds an interest or has a need: the
#: people who "hold" the kind of that place, the name of that interest, the tags of that need.
_PERSON_FACING = frozenset(
    {
        RelType.VISITS,
        RelType.MEMBER_OF,
        RelType.INTERESTED_IN,
        RelType.SKILLED_IN,
        RelType.WANTS_TO_LEARN,
        RelType.HAS_NEED,
    }
)
_PEOPLE = frozenset({Label.PERSON, Label.PAID_WORKER})


class Treatment(StrEnum):
    """What the export does with one field."""

    KEEP = "kept"
    CATEGORY = "kept if at least k people share the value, else other"
    YEAR = "year only"
    POUNDS = "whole pounds"
    AGE_BAND = "age band (quasi-identifier)"
    HOUSEHOLD = "shares_household (quasi-identifier)"
    QUASI = "kept (quasi-identifier)"
    DROP = "dropped"


@dataclass(frozen=True)
class FieldRule:
    """The decision for one field of the model, and the reason a reader can argue with."""

    treatment: Treatment
    why: str


_T = Treatment
_FREE = "free text: it can hold anything, names included"
_WHEN = "weekly times form a near-unique pattern, and identify places"
_YEARS = "how long, to the year; a full date is an event in someone's life"
#: One decision per field of `graphsvc.model`, keyed by (label or tie type, field). A test checks
#: that this covers exactly the model's fields, so a new field cannot slip into an export, and
#: that ``docs/research-export.md`` lists the same decisions.
FIELD_RULES: dict[tuple[str, str], FieldRule] = {
    ("Person", "name"): FieldRule(_T.DROP, "identifies the person directly"),
    ("Person", "consent"): FieldRule(_T.QUASI, "the basis of each record (never withdrawn)"),
    ("Person", "consent_date"): FieldRule(_T.DROP, "a dated event in one person's life"),
    ("Person", "birth_year"): FieldRule(
        _T.AGE_BAND, "an exact year and a neighbourhood single people out"
    ),
    ("Person", "household"): FieldRule(
        _T.HOUSEHOLD, "who lives with whom is a fingerprint; living with someone is what matters"
    ),
    ("Person", "free_slots"): FieldRule(_T.DROP, _WHEN),
    ("Person", "notes"): FieldRule(_T.DROP, _FREE),
    ("PaidWorker", "name"): FieldRule(_T.DROP, "identifies the worker directly"),
    ("PaidWorker", "role"): FieldRule(_T.CATEGORY, "which kind of paid support"),
    ("PaidWorker", "organisation"): FieldRule(
        _T.DROP, "free text naming an employer; a small agency identifies its workers"
    ),
    ("Space", "name"): FieldRule(_T.DROP, "names the place, and so its regulars"),
    ("Space", "kind"): FieldRule(_T.CATEGORY, "what sort of place"),
    ("Space", "lat"): FieldRule(_T.DROP, "geography is given at neighbourhood level only"),
    ("Space", "lon"): FieldRule(_T.DROP, "geography is given at neighbourhood level only"),
    ("Space", "slots"): FieldRule(_T.DROP, _WHEN),
    ("Group", "name"): FieldRule(_T.DROP, "names the group; a circle of support names a person"),
    ("Group", "kind"): FieldRule(_T.CATEGORY, "what sort of group"),
    ("Group", "purpose"): FieldRule(_T.DROP, _FREE),
    ("Group", "slots"): FieldRule(_T.DROP, _WHEN),
    ("Neighbourhood", "name"): FieldRule(_T.DROP, "the neighbourhood is a pseudonymous node"),
    ("Neighbourhood", "code"): FieldRule(
        _T.DROP, "an official code links to census and other published data"
    ),
    ("Interest", "name"): FieldRule(_T.CATEGORY, "shared interests: commonality"),
    ("Need", "what"): FieldRule(_T.DROP, "the person's own words: " + _FREE),
    ("Need", "slots"): FieldRule(_T.DROP, _WHEN),
    ("Need", "tags"): FieldRule(_T.CATEGORY, "what kind of need"),
    ("KNOWS", "kind"): FieldRule(_T.CATEGORY, "family, friend, neighbour..."),
    ("KNOWS", "since"): FieldRule(_T.YEAR, _YEARS),
    ("KNOWS", "last_contact"): FieldRule(_T.YEAR, _YEARS),
    ("KNOWS", "frequency"): FieldRule(_T.KEEP, "contacts per month: continuity"),
    ("KNOWS", "mode"): FieldRule(_T.CATEGORY, "directness"),
    ("KNOWS", "contexts"): FieldRule(_T.CATEGORY, "multiplexity; typed by hand, so rare ones go"),
    ("KNOWS", "gives"): FieldRule(_T.CATEGORY, "parity"),
    ("KNOWS", "receives"): FieldRule(_T.CATEGORY, "parity"),
    ("SUPPORTS", "role"): FieldRule(_T.CATEGORY, "counted with PaidWorker.role"),
    ("SUPPORTS", "hours_per_week"): FieldRule(_T.KEEP, "how much paid support"),
    ("SUPPORTS", "hourly_cost"): FieldRule(_T.POUNDS, "costs; exact rates point to a provider"),
    ("SUPPORTS", "since"): FieldRule(_T.YEAR, _YEARS),
    ("SUPPORTS", "ends"): FieldRule(_T.YEAR, "fixed-term support, to the year"),
    ("SUPPORTS", "frequency"): FieldRule(_T.KEEP, "contacts per month"),
    ("SUPPORTS", "mode"): FieldRule(_T.CATEGORY, "directness"),
    ("SUPPORTS", "employer"): FieldRule(_T.CATEGORY, "person or provider: parity"),
    ("SUPPORTS", "turnover_per_year"): FieldRule(_T.KEEP, "staff turnover breaks continuity"),
    ("SUPPORTS", "tasks"): FieldRule(_T.DROP, "short phrases typed by hand: " + _FREE),
    ("VISITS", "frequency"): FieldRule(_T.KEEP, "how often"),
    ("VISITS", "slots"): FieldRule(_T.DROP, _WHEN),
    ("VISITS", "since"): FieldRule(_T.YEAR, _YEARS),
    ("MEMBER_OF", "since"): FieldRule(_T.YEAR, _YEARS),
    ("MEMBER_OF", "role"): FieldRule(_T.CATEGORY, "typed by hand, so only common roles stay"),
    ("MEMBER_OF", "frequency"): FieldRule(_T.KEEP, "how often"),
    ("MEETS_AT", "slots"): FieldRule(_T.DROP, _WHEN),
    ("MET_BY", "hours_per_week"): FieldRule(_T.KEEP, "paid hours a need takes"),
    **{
        (str(t), name): FieldRule(_T.YEAR, "when this version of the tie held, to the year")
        for t in RelType
        for name in ("valid_from", "valid_to")
    },
}
del _T
#: Fields whose values are counted in one vocabulary though they live in two places.
_VOCABULARY = {("SUPPORTS", "role"): ("PaidWorker", "role")}


def interest_name(n: Hashable, data: Mapping[str, Any]) -> str:
    """An interest's category: its normalised name (what its id is made from)."""
    return normalise_tag(str(data.get("name") or n))


# --- categories shared by fewer than k people -----------------------------------------------------


def shared_values(
    G: nx.MultiDiGraph,
    label: Mapping[Hashable, str],
    people: set[Hashable],
    nodes: set[Hashable],
    ties: list[Tie],
    k: int,
) -> dict[tuple[str, str], set[str]]:
    """For each categorical field, the values at least k distinct people hold.

    A person's or worker's own value is held by them; the kind of a place, group, interest
    or need is held by the exported people who use it (`_PERSON_FACING` ties); a tie's
    value is held by the people at its ends.
    """
    users: dict[Hashable, set[Hashable]] = defaultdict(set)
    holders: dict[tuple[str, str], dict[str, set[Hashable]]] = defaultdict(lambda: defaultdict(set))
    for u, v, t, data in ties:
        if t in _PERSON_FACING and u in people:
            users[v].add(u)
        ends = {x for x in (u, v) if label[x] in _PEOPLE}
        for name, value in data.items():
            _hold(holders, t, name, value, ends)
    for n in nodes:
        lab = label[n]
        who = {n} if lab in _PEOPLE else users.get(n, set())
        data = dict(G.nodes[n])
        if lab == Label.INTEREST:
            data["name"] = interest_name(n, data)
        for name, value in data.items():
            _hold(holders, lab, name, value, who)
    return {
        field: {value for value, who in values.items() if len(who) >= k}
        for field, values in holders.items()
    }


def _hold(
    holders: dict[tuple[str, str], dict[str, set[Hashable]]],
    owner: str,
    name: str,
    value: Any,
    who: set[Hashable],
) -> None:
    rule = FIELD_RULES.get((owner, name))
    if rule is None or rule.treatment is not Treatment.CATEGORY or not who:
        return
    vocabulary = holders[_VOCABULARY.get((owner, name), (owner, name))]
    for item in value if isinstance(value, list | tuple) else [value]:
        vocabulary[str(item)] |= who


# --- the treatments -------------------------------------------------------------------------------


class FieldTreatments:
    """`FIELD_RULES` applied in one export, counting what is generalised, dropped or coarsened.

    ``kept_values`` are the categorical values that stay (`shared_values`); the counters are
    the report's ``generalised``, ``dropped_values`` and ``coarsened_values``.
    """

    def __init__(self, kept_values: dict[tuple[str, str], set[str]]) -> None:
        self.kept_values = kept_values
        self.generalised: Counter[str] = Counter()
        self.dropped_values: Counter[str] = Counter()
        self.coarsened_values: Counter[str] = Counter()

    def attributes(self, owner: str, data: Mapping[str, Any]) -> dict[str, Any]:
        """The fields `FIELD_RULES` lets through, treated; everything else counted and dropped."""
        out: dict[str, Any] = {}
        for name, value in data.items():
            if name == "type" or value is None:
                continue
            rule = FIELD_RULES.get((owner, name))
            where = f"{owner}.{name}"
            if rule is None:
                self.dropped_values[f"{where} (not in the model)"] += 1
                continue
            treated = self._treat(rule.treatment, where, value, (owner, name))
            if treated is not None:
                out[name] = treated
        return out

    def _treat(
        self, treatment: Treatment, where: str, value: Any, field_key: tuple[str, str]
    ) -> Any:
        if treatment is Treatment.KEEP:
            return self._number(where, value)
        if treatment is Treatment.CATEGORY:
            kept = self.kept_values.get(_VOCABULARY.get(field_key, field_key), set())
            if isinstance(value, list | tuple):
                items = [str(v) if str(v) in kept else OTHER for v in value]
                if OTHER in items:
                    self.generalised[where] += sum(str(v) not in kept for v in value)
                return list(dict.fromkeys(items))
            if str(value) not in kept:
                self.generalised[where] += 1
                return OTHER
            return str(value)
        if treatment is Treatment.YEAR:
            match = _YEAR.match(str(value))
            if match is None:
                self.dropped_values[f"{where} (not a date)"] += 1
                return None
            if match.group(1) != str(value):
                self.coarsened_values[f"{where} to the year"] += 1
            return match.group(1)
        if treatment is Treatment.POUNDS:
            number = self._number(where, value)
            if number is None:
                return None
            pounds = float(math.floor(number + 0.5))
            if pounds != number:
                self.coarsened_values[f"{where} to whole pounds"] += 1
            return pounds
        self.dropped_values[where] += 1  # DROP (a person's quasi-identifiers never get here)
        return None

    def _number(self, where: str, value: Any) -> int | float | None:
        """``value`` if it is a number (not a bool), else None, counted as dropped."""
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.dropped_values[f"{where} (not a number)"] += 1
            return None
        return value
