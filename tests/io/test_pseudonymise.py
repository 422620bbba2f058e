"""The research export, attacked as the issue asks: by names, by free text, by rare combinations.

Each attack is run twice: on a naive export (ids hashed, everything else kept), where it must
succeed, so the attack is known to work and the test can fail; and on `pseudonymise`'s export,
where it must not. The attacker holds the original data, the strongest position there is.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from graphsvc.errors import BadRequest
from graphsvc.graph import build_graph
from graphsvc.io.graphfiles import read_graphml
from graphsvc.io.pseudonymise import (
    FIELD_RULES,
    MIN_KEY_BYTES,
    OTHER,
    PseudonymConfig,
    Pseudonymised,
    Treatment,
    age_band,
    band_name,
    k_anonymise,
    merge_bands,
    new_export_key,
    pseudonym,
    pseudonymise,
    write_pseudonymised,
)
from graphsvc.io.pseudonymise.command import load_or_make_key, pseudonymise_command
from graphsvc.model import NODE_TYPES, TIE_TYPES, Knows, Person
from graphsvc.store.embedded import EmbeddedStore
from graphsvc.synth import generate
from tests.io.conftest import cli_app

KEY = hashlib.sha256(b"graphsvc test key one").digest()
OTHER_KEY = hashlib.sha256(b"graphsvc test key two").digest()
AS_OF = 2026
K = 5

CONFIG = PseudonymConfig(as_of=AS_OF)
ROOT = Path(__file__).resolve().parents[2]

# --- the data: a synthetic town with everything an attacker could hope for ------------------------


def _town() -> nx.MultiDiGraph:
    """600 invented people in 2 neighbourhoods, with names, notes, households, exact birth
    years and coordinates, plus free text planted where the model allows it (contexts, roles,
    tasks, an interest named after someone) and an attribute outside the model."""
    G = generate(600, seed=11, neighbourhoods=2).graph()
    people = sorted(n for n, d in G.nodes(data=True) if d["label"] == "Person")
    for i, p in enumerate(people):
        d = G.nodes[p]
        d.setdefault("name", f"Withdrawn Person{i}")  # the attacker knows everyone's name
        d["notes"] = f"{d['name']} told the broker about secret-{i}"
        d["nhs_number"] = f"943 476 {i:04d}"  # a researcher's own column: not in the model
    spaces = sorted(n for n, d in G.nodes(data=True) if d["label"] == "Space")
    for i, s in enumerate(spaces):  # every place located, each somewhere of its own
        G.nodes[s].setdefault("lat", round(53.1 + i / 997, 5))
        G.nodes[s].setdefault("lon", round(-1.5 - i / 991, 5))
    knows = [(u, v) for u, v, t in G.edges(keys=True) if t == "KNOWS"]
    for i, (u, v) in enumerate(knows[:40]):
        tie = G.edges[u, v, "KNOWS"]
        first = G.nodes[v]["name"].split()[0]
        tie["contexts"] = [*tie.get("contexts", []), f"{first}'s birthday club {i}"]
    members = [(u, v) for u, v, t in G.edges(keys=True) if t == "MEMBER_OF"]
    for i, (u, v) in enumerate(members[:6]):
        G.edges[u, v, "MEMBER_OF"]["role"] = f"keeps {G.nodes[u]['name']}'s keys {i}"
    supports = [(u, v) for u, v, t in G.edges(keys=True) if t == "SUPPORTS"]
    for i, (u, v) in enumerate(supports[:6]):
        G.edges[u, v, "SUPPORTS"]["tasks"] = [f"{G.nodes[v]['name']}'s medication round {i}"]
    fan = people[3]
    G.add_node("the rae clark fan club", label="Interest", name="the Rae Clark fan club")
    G.add_edge(fan, "the rae clark fan club", key="INTERESTED_IN", type="INTERESTED_IN")
    return G


@pytest.fixture(scope="module")
def town() -> nx.MultiDiGraph:
    return _town()


@pytest.fixture(scope="module")
def result(town: nx.MultiDiGraph) -> Pseudonymised:
    return pseudonymise(town, KEY, CONFIG)


def _naive(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """What a careless export does: hash the ids (no key), keep every attribute."""
    ids = {n: hashlib.sha256(str(n).encode()).hexdigest()[:16] for n in G}
    return nx.relabel_nodes(G, ids, copy=True)


def _exported(G: nx.MultiDiGraph) -> set[Hashable]:
    return {
        n for n, d in G.nodes(data=True) if d["label"] == "Person" and d.get("consent") == "given"
    }


def _strings(H: nx.MultiDiGraph) -> Iterator[str]:
    """Every string an export holds: node ids, attribute values, list items, on nodes and ties."""
    for n, d in H.nodes(data=True):
        yield str(n)
        yield from _values(d)
    for u, v, key, d in H.edges(keys=True, data=True):
        yield from (str(u), str(v), str(key))
        yield from _values(d)


def _values(d: dict[str, Any]) -> Iterator[str]:
    for value in d.values():
        for item in value if isinstance(value, list | tuple) else [value]:
            if isinstance(item, str):
                yield item


def _numbers(H: nx.MultiDiGraph) -> set[float]:
    found: set[float] = set()
    for d in [d for _, d in H.nodes(data=True)] + [d for *_, d in H.edges(data=True)]:
        found |= {v for v in d.values() if isinstance(v, int | float) and not isinstance(v, bool)}
    return found


# --- attack (a): joining on names -----------------------------------------------------------------


def _name_join(original: nx.MultiDiGraph, export: nx.MultiDiGraph) -> set[str]:
    """Names of people (and workers) found in the export, whole or as a word in any string."""
    names = {
        str(d["name"])
        for _, d in original.nodes(data=True)
        if d["label"] in ("Person", "PaidWorker") and d.get("name")
    }
    strings = list(_strings(export))
    found = {name for name in names if any(name in s for s in strings)}
    words = {w for name in names for w in name.split() if len(w) >= 3}
    pattern = re.compile(r"\b(" + "|".join(re.escape(w) for w in sorted(words)) + r")\b")
    found |= {m.group(1) for s in strings for m in pattern.finditer(s)}
    return found


def test_attack_a_joining_on_names_finds_nobody(
    town: nx.MultiDiGraph, result: Pseudonymised
) -> None:
    control = _name_join(town, _naive(town))
    assert len(control) > 500  # the attack works: on a naive export it finds (nearly) everyone
    assert _name_join(town, result.graph) == set()


# --- attack (b): searching the original's free text in every string of the export -----------------

_FREE_TEXT_FIELDS = {
    ("Person", "name"),
    ("Person", "notes"),
    ("Person", "household"),
    ("Person", "nhs_number"),
    ("PaidWorker", "name"),
    ("PaidWorker", "organisation"),
    ("Space", "name"),
    ("Group", "name"),
    ("Group", "purpose"),
    ("Neighbourhood", "name"),
    ("Neighbourhood", "code"),
    ("Need", "what"),
}


def _free_text(G: nx.MultiDiGraph) -> set[str]:
    """The original's free text: text fields, planted phrases, and ids (except interests')."""
    texts: set[str] = set()
    for n, d in G.nodes(data=True):
        if d["label"] != "Interest":
            texts.add(str(n))
        texts |= {str(v) for k, v in d.items() if (d["label"], k) in _FREE_TEXT_FIELDS and v}
        if d["label"] == "Interest" and "fan club" in str(n):
            texts.add(str(d["name"]))
    for *_, t, d in G.edges(keys=True, data=True):
        texts |= {c for c in d.get("contexts", []) if "birthday club" in c}
        if t == "MEMBER_OF" and "keys" in str(d.get("role")):
            texts.add(str(d["role"]))
        texts |= {str(x) for x in d.get("tasks", []) if "medication round" in str(x)}
    return texts


def _free_text_found(original: nx.MultiDiGraph, export: nx.MultiDiGraph) -> set[str]:
    """Texts of the original found, ignoring case, inside any string of the export."""
    blob = "\x00".join(_strings(export)).casefold()  # one search per text, none across strings
    return {t for t in _free_text(original) if t.casefold() in blob}


def test_attack_b_no_free_text_of_the_original_is_anywhere_in_the_export(
    town: nx.MultiDiGraph, result: Pseudonymised
) -> None:
    texts = _free_text(town)
    ids = {str(n) for n in town}
    assert len(texts - ids) > 2000 and len(texts & ids) > 900
    # The scan works: a naive export (ids hashed) leaks every text but the ids; the original
    # itself leaks the ids too.
    assert _free_text_found(town, _naive(town)) == texts - ids
    assert _free_text_found(town, town) == texts
    assert _free_text_found(town, result.graph) == set()


def test_attack_b_no_coordinates_birth_years_or_unknown_columns(
    town: nx.MultiDiGraph, result: Pseudonymised
) -> None:
    coordinates = {
        float(d[c])
        for _, d in town.nodes(data=True)
        if d["label"] == "Space"
        for c in ("lat", "lon")
    }
    assert coordinates <= _numbers(_naive(town))  # the control finds them
    assert coordinates.isdisjoint(_numbers(result.graph))
    names = {k for _, d in result.graph.nodes(data=True) for k in d}
    assert names.isdisjoint({"lat", "lon", "birth_year", "household", "notes", "nhs_number"})
    people = [d for _, d in result.graph.nodes(data=True) if d["label"] == "Person"]
    assert {k for d in people for k in d} <= {"label", "consent", "age_band", "shares_household"}
    assert not any(
        isinstance(v, int) for d in people for v in d.values() if not isinstance(v, bool)
    )
    assert result.report.dropped_values["Person.nhs_number (not in the model)"] == len(people)


# --- attack (c): joining on rare combinations of quasi-identifiers --------------------------------


def _contacts(G: nx.MultiDiGraph, people: set[Hashable]) -> dict[Hashable, int]:
    known: dict[Hashable, set[Hashable]] = {p: set() for p in people}
    for u, v, t in G.edges(keys=True):
        if t == "KNOWS" and u in people and v in people:
            known[u].add(v)
            known[v].add(u)
    return {p: len(s) for p, s in known.items()}


def _hoods(G: nx.MultiDiGraph, people: set[Hashable]) -> dict[Hashable, tuple[str, ...] | None]:
    found: dict[Hashable, list[str]] = defaultdict(list)
    for u, v, t in G.edges(keys=True):
        if t == "IN" and u in people:
            found[u].append(str(v))
    return {p: tuple(sorted(found[p])) or None for p in people}


def _shares(G: nx.MultiDiGraph, people: set[Hashable]) -> dict[Hashable, bool | None]:
    households = Counter(G.nodes[p].get("household") for p in people)
    return {
        p: None if (h := G.nodes[p].get("household")) is None else households[h] > 1 for p in people
    }


def _original_profiles(
    G: nx.MultiDiGraph, key: bytes, bands: tuple[tuple[int, int | None], ...]
) -> dict[Hashable, dict[str, Any]]:
    """What the attacker knows of every exported person, coarsened as the export is.

    The attacker is given the neighbourhoods' pseudonyms (they can be matched by size anyway).
    """
    people = _exported(G)
    contacts, hoods, shares = _contacts(G, people), _hoods(G, people), _shares(G, people)
    return {
        p: {
            "age_band": age_band(G.nodes[p].get("birth_year"), CONFIG.age_bands, AS_OF),
            "neighbourhood": None
            if hoods[p] is None
            else tuple(sorted(pseudonym(key, h) for h in hoods[p])),
            "consent": G.nodes[p].get("consent"),
            "shares_household": shares[p],
            "known": _band(contacts[p], bands),
        }
        for p in people
    }


def _band(x: int, bands: tuple[tuple[int, int | None], ...]) -> str:
    return next(band_name(b) for b in bands if x >= b[0] and (b[1] is None or x <= b[1]))


def _published_profiles(
    H: nx.MultiDiGraph, bands: tuple[tuple[int, int | None], ...]
) -> dict[Hashable, dict[str, Any]]:
    """What the export shows of each person: their quasi-identifiers and band of people known."""
    people = {n for n, d in H.nodes(data=True) if d["label"] == "Person"}
    contacts, hoods = _contacts(H, people), _hoods(H, people)
    return {
        p: {
            "age_band": H.nodes[p].get("age_band"),
            "neighbourhood": hoods[p],
            "consent": H.nodes[p].get("consent"),
            "shares_household": H.nodes[p].get("shares_household"),
            "known": _band(contacts[p], bands),
        }
        for p in people
    }


def _candidates(shown: dict[str, Any], originals: dict[Hashable, dict[str, Any]]) -> list[Hashable]:
    """Original people consistent with what the export shows (a missing value matches anything)."""
    return [
        p
        for p, known in originals.items()
        if all(value is None or known[name] == value for name, value in shown.items())
    ]


def test_attack_c_control_rare_combinations_single_people_out_of_a_naive_export(
    town: nx.MultiDiGraph,
) -> None:
    """Exact birth year x neighbourhood x consent x household x number known: mostly unique."""
    people = _exported(town)
    contacts, hoods, shares = _contacts(town, people), _hoods(town, people), _shares(town, people)
    naive = _naive(town)
    hashed = {p: hashlib.sha256(str(p).encode()).hexdigest()[:16] for p in people}

    def profile(G: nx.MultiDiGraph, node: Hashable, p: Hashable) -> tuple[Any, ...]:
        d = G.nodes[node]
        return (d.get("birth_year"), hoods[p], d.get("consent"), shares[p], contacts[p])

    originals = {p: profile(town, p, p) for p in people}
    right = 0
    for p in people:
        shown = profile(naive, hashed[p], p)
        matches = [q for q, known in originals.items() if known == shown]
        right += matches == [p]
    assert right > 0.5 * len(people)  # the attack works: most people are singled out, correctly


def test_attack_c_every_published_combination_is_shared_by_k_people(
    town: nx.MultiDiGraph, result: Pseudonymised
) -> None:
    bands = result.report.contact_bands
    originals = _original_profiles(town, KEY, bands)
    published = _published_profiles(result.graph, bands)
    assert len(published) == len(originals) == result.report.people_out
    truth = {pseudonym(KEY, p): p for p in originals}
    # The literal rule: every combination shown is shared by at least k exported people.
    classes = Counter(tuple(sorted(shown.items(), key=str)) for shown in published.values())
    assert min(classes.values()) >= K
    # The attack: nobody can be narrowed down to fewer than k original people.
    fewest = min(len(_candidates(shown, originals)) for shown in published.values())
    assert fewest >= K
    # ... and the attacker's candidates always include the right person (the join is honest).
    assert all(truth[q] in _candidates(shown, originals) for q, shown in published.items())
    # Most people keep most of their profile: the export is still useful.
    with_age = sum(1 for s in published.values() if s["age_band"] is not None)
    assert with_age > 0.7 * len(published)


def test_attack_c_holds_when_not_asked_people_are_included(town: nx.MultiDiGraph) -> None:
    """With consent varying (given / not_asked), consent becomes a quasi-identifier that counts."""
    out = pseudonymise(town, KEY, PseudonymConfig(as_of=AS_OF, include_not_asked=True))
    bands = out.report.contact_bands
    published = _published_profiles(out.graph, bands)
    classes = Counter(tuple(sorted(shown.items(), key=str)) for shown in published.values())
    assert min(classes.values()) >= K
    consents = Counter(s["consent"] for s in published.values())
    assert consents["not_asked"] >= K and consents["given"] > consents["not_asked"]


def _signatures(G: nx.MultiDiGraph, people: set[Hashable]) -> dict[Hashable, tuple[int, int]]:
    """Read off the ties alone: how many exported people someone knows, how many paid workers."""
    known = _contacts(G, people)
    paid = Counter(v for u, v, t in G.edges(keys=True) if t == "SUPPORTS" and v in people)
    return {p: (known[p], paid[p]) for p in people}


def test_the_pattern_of_ties_can_still_single_people_out(
    town: nx.MultiDiGraph, result: Pseudonymised
) -> None:
    """The limit docs/research-export.md states, measured so that the docs stay honest: joining
    on the exact number of people known and of paid workers, read off the ties, re-identifies
    some people correctly. Attributes are protected; the shape of a network is not.
    """
    H = result.graph
    exported = {n for n, d in H.nodes(data=True) if d["label"] == "Person"}
    shown = _signatures(H, exported)
    known = _signatures(town, _exported(town))
    by_signature: dict[tuple[int, int], list[Hashable]] = defaultdict(list)
    for p, signature in known.items():
        by_signature[signature].append(p)
    truth = {pseudonym(KEY, p): p for p in known}
    right = [q for q, sig in shown.items() if by_signature[sig] == [truth[q]]]
    assert 0 < len(right) < 0.2 * len(exported)


# --- pseudonyms -----------------------------------------------------------------------------------


def test_same_key_same_ids_other_key_no_id_in_common(
    town: nx.MultiDiGraph, result: Pseudonymised
) -> None:
    again = pseudonymise(town, KEY, CONFIG)
    assert set(again.graph) == set(result.graph)
    assert sorted(again.graph.edges(keys=True)) == sorted(result.graph.edges(keys=True))
    other = pseudonymise(town, OTHER_KEY, CONFIG)
    assert len(other.graph) == len(result.graph)
    assert set(other.graph).isdisjoint(result.graph)


def test_ids_are_neither_the_originals_nor_an_unkeyed_hash(
    town: nx.MultiDiGraph, result: Pseudonymised
) -> None:
    ids = set(result.graph)
    assert ids.isdisjoint(town)
    plain = {hashlib.sha256(str(n).encode()).hexdigest() for n in town}
    assert ids.isdisjoint(plain)
    assert ids.isdisjoint({h[:16] for h in plain})
    assert all(re.fullmatch(r"[0-9a-f]{16}", n) for n in ids)  # no label prefix, nothing else
    kinds = Counter(n[0] for n in ids)
    assert len(kinds) > 10  # the first character says nothing about the label


def test_node_order_is_the_pseudonyms_not_the_original_order(result: Pseudonymised) -> None:
    """The original order follows streets and households; the export's must not."""
    assert list(result.graph) == sorted(result.graph)


# --- structure and typed attributes ---------------------------------------------------------------


def test_ties_among_exported_people_are_all_there_with_their_typed_attributes(
    town: nx.MultiDiGraph, result: Pseudonymised
) -> None:
    H = result.graph
    ids = {n: pseudonym(KEY, n) for n in town}
    inside = {n for n in town if ids[n] in H}
    for t in ("KNOWS", "SUPPORTS"):
        original = {
            (ids[u], ids[v]): d
            for u, v, key, d in town.edges(keys=True, data=True)
            if key == t and u in inside and v in inside
        }
        exported = {(u, v): d for u, v, key, d in H.edges(keys=True, data=True) if key == t}
        assert set(exported) == set(original) and len(exported) > 50
        for pair, d in original.items():
            e = exported[pair]
            assert e["type"] == t
            for name in ("frequency", "hours_per_week", "turnover_per_year"):
                assert e.get(name) == d.get(name)
            for name in ("since", "last_contact", "ends"):
                assert e.get(name) == (None if d.get(name) is None else d[name][:4])
            for name in ("kind", "mode", "employer", "role"):
                assert e.get(name) in (d.get(name), OTHER)
            for name in ("gives", "receives"):
                assert (e.get(name) is None) == (d.get(name) is None)
    kinds = Counter(d.get("kind") for *_, key, d in H.edges(keys=True, data=True) if key == "KNOWS")
    assert kinds["family"] > 100 and kinds["friend"] > 100


def test_categories_shared_by_fewer_than_k_people_become_other(result: Pseudonymised) -> None:
    H = result.graph
    contexts = Counter(c for *_, d in H.edges(data=True) for c in d.get("contexts", []))
    assert contexts[OTHER] >= 40 and contexts["family"] > 100  # planted ones generalised
    interests = {d["name"] for _, d in H.nodes(data=True) if d["label"] == "Interest"}
    assert OTHER in interests and "gardening" in interests
    assert result.report.generalised["KNOWS.contexts"] >= 40
    assert result.report.generalised["Interest.name"] >= 1


# --- consent --------------------------------------------------------------------------------------


def test_people_who_withdrew_consent_are_absent_with_their_ties(
    town: nx.MultiDiGraph, result: Pseudonymised
) -> None:
    withdrawn = {n for n, d in town.nodes(data=True) if d.get("consent") == "withdrawn"}
    assert len(withdrawn) >= 5
    their_ties = {(u, v, t) for u, v, t in town.edges(keys=True) if {u, v} & withdrawn}
    assert len(their_ties) > 10
    for config in (CONFIG, PseudonymConfig(as_of=AS_OF, include_not_asked=True)):
        out = pseudonymise(town, KEY, config)
        gone = {pseudonym(KEY, n) for n in withdrawn}
        assert not gone & set(out.graph)
        assert not any({u, v} & gone for u, v in out.graph.edges())
        assert out.report.excluded_people["consent withdrawn"] == len(withdrawn)
        assert sum(out.report.dropped_ties.values()) >= len(their_ties)
    assert result.report.excluded_people["consent not asked"] > 0


def test_not_asked_is_left_out_unless_asked_for(
    town: nx.MultiDiGraph, result: Pseudonymised
) -> None:
    not_asked = {
        pseudonym(KEY, n) for n, d in town.nodes(data=True) if d.get("consent") == "not_asked"
    }
    assert not_asked and not not_asked & set(result.graph)
    included = pseudonymise(town, KEY, PseudonymConfig(as_of=AS_OF, include_not_asked=True))
    assert not_asked <= set(included.graph)
    assert "consent not asked" not in included.report.excluded_people


def test_needs_and_workers_of_people_left_out_go_with_them() -> None:
    people = [Person(id=f"p{i}", consent="given", birth_year=1950) for i in range(5)]
    people.append(Person(id="gone", consent="withdrawn", name="Gone"))
    from graphsvc.model import HasNeed, MetBy, Need, PaidWorker, Supports

    G = build_graph(
        [*people, Need(id="n", what="help"), PaidWorker(id="w", role="gp"), PaidWorker(id="w2")],
        [
            HasNeed(source="gone", target="n"),
            MetBy(source="n", target="w"),
            Supports(source="w", target="gone"),
            Supports(source="w2", target="p0"),
            *[Knows(source="p0", target=f"p{i}") for i in range(1, 5)],
        ],
    )
    out = pseudonymise(G, KEY, CONFIG)
    assert Counter(d["label"] for _, d in out.graph.nodes(data=True)) == {
        "Person": 5,
        "PaidWorker": 1,
    }
    assert out.report.dropped_nodes == {
        "needs of people left out": 1,
        "paid workers tied only to what was left out": 1,
    }
    assert out.report.dropped_ties == {"HAS_NEED": 1, "MET_BY": 1, "SUPPORTS": 1}


# --- keys -----------------------------------------------------------------------------------------


def test_a_short_key_is_refused_with_what_to_do(town: nx.MultiDiGraph) -> None:
    with pytest.raises(BadRequest) as err:
        pseudonymise(town, b"short key", CONFIG)
    message = str(err.value)
    assert "9 bytes" in message and f"at least {MIN_KEY_BYTES}" in message
    assert "new_export_key()" in message and "--key-file" in message
    with pytest.raises(BadRequest, match="bytes, not text"):
        pseudonymise(town, "a text key that is long enough", CONFIG)  # type: ignore[arg-type]
    assert pseudonymise(town, b"x" * MIN_KEY_BYTES, CONFIG).report.people_out > 0
    assert len(new_export_key()) == 32 and new_export_key() != new_export_key()


def test_too_few_people_are_refused() -> None:
    G = build_graph([Person(id=f"p{i}", consent="given") for i in range(K - 1)], [])
    with pytest.raises(BadRequest, match="fewer than 5 people"):
        pseudonymise(G, KEY, CONFIG)


# --- the decisions, as written down ---------------------------------------------------------------


def test_every_field_of_the_model_has_a_decision() -> None:
    fields = {
        (str(label), name)
        for label, cls in NODE_TYPES.items()
        for name in cls.model_fields
        if name not in ("id", "label")
    } | {
        (str(t), name)
        for t, cls in TIE_TYPES.items()
        for name in cls.model_fields
        if name not in ("type", "source", "target")
    }
    assert set(FIELD_RULES) == fields


def test_the_docs_table_lists_the_same_decisions() -> None:
    text = (ROOT / "docs" / "research-export.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `(\w+)` \| `(\w+)` \| ([^|]+) \|", text, flags=re.M)
    documented = {(owner, name): treatment.strip() for owner, name, treatment in rows}
    expected = {
        Treatment.KEEP: "kept",
        Treatment.CATEGORY: "kept; rare values become other",
        Treatment.YEAR: "year only",
        Treatment.POUNDS: "whole pounds",
        Treatment.AGE_BAND: "age band",
        Treatment.HOUSEHOLD: "shares a household (yes/no)",
        Treatment.QUASI: "kept",
        Treatment.DROP: "dropped",
    }
    assert documented == {key: expected[rule.treatment] for key, rule in FIELD_RULES.items()}


# --- the pieces on their own ----------------------------------------------------------------------


def test_merge_bands_joins_small_bands_to_a_neighbour() -> None:
    assert merge_bands((0, 1, 3, 6), [0] * 9 + [1] * 2 + [4] * 9 + [7] * 9, 5) == (
        (0, 2),
        (3, 5),
        (6, None),
    )
    assert merge_bands((0, 1, 3), [0] * 5 + [9] * 5, 5) == ((0, 0), (1, 2), (3, None))
    assert merge_bands((0, 3), [1, 2], 5) == ((0, None),)
    assert [band_name(b) for b in ((0, 0), (1, 2), (3, None))] == ["0", "1-2", "3+"]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from([None, True, False]),
            st.sampled_from(["given", "not_asked"]),
            st.sampled_from([None, "18-34", "35-49", "65-79"]),
            st.sampled_from([("n1",), ("n2",), ("n3",)]),
            st.sampled_from(["0", "1-2", "3+"]),
        ),
        max_size=60,
    ),
    st.integers(2, 6),
)
def test_k_anonymise_leaves_no_published_group_smaller_than_k(
    rows: list[tuple[Any, ...]], k: int
) -> None:
    # As merge_bands guarantees: each band of people known holds at least k people.
    sizes = Counter(r[4] for r in rows)
    rows = [(*r[:4], r[4] if sizes[r[4]] >= k else "small") for r in rows]
    if 0 < Counter(r[4] for r in rows)["small"] < k:
        rows = [(*r[:4], "all") for r in rows]
    assume(not 0 < len(rows) < k)  # such an export is refused before this step
    qis = {i: r[:4] for i, r in enumerate(rows)}
    band = {i: r[4] for i, r in enumerate(rows)}
    hidden = k_anonymise(qis, band, k, order=lambda p: hashlib.sha256(str(p).encode()).hexdigest())
    shown = Counter(
        (band[p], *(None if i in hidden[p] else v for i, v in enumerate(qis[p]))) for p in qis
    )
    assert all(size >= k for size in shown.values())
    constant = [i for i in range(4) if len({q[i] for q in qis.values()}) == 1]
    assert not any(i in hidden[p] for p in qis for i in constant)


def test_config_is_checked() -> None:
    with pytest.raises(BadRequest, match="k: Input should be greater than or equal to 2"):
        PseudonymConfig(k=1)
    with pytest.raises(BadRequest, match="contact_bands must start at 0"):
        PseudonymConfig(contact_bands=(1, 3))


# --- writing --------------------------------------------------------------------------------------


def test_graphml_reads_back_with_the_report_beside_it(
    tmp_path: Path, result: Pseudonymised
) -> None:
    paths = write_pseudonymised(result, tmp_path / "out", "graphml")
    assert [p.name for p in paths] == ["research.graphml", "report.json"]
    H = read_graphml(paths[0])
    assert set(H) == set(result.graph)
    assert sorted(H.edges(keys=True)) == sorted(result.graph.edges(keys=True))
    n = next(n for n, d in result.graph.nodes(data=True) if "shares_household" in d)
    assert dict(H.nodes[n]) == dict(result.graph.nodes[n])
    report = json.loads(paths[1].read_text(encoding="utf-8"))
    assert report["people_exported"] == result.report.people_out
    assert report["excluded_people"]["consent withdrawn"] >= 5
    assert report["sentences"][0].startswith("Exported ")
    with pytest.raises(BadRequest, match="already exist"):
        write_pseudonymised(result, tmp_path / "out", "graphml")


def test_csv_is_two_tables_for_pandas(tmp_path: Path, result: Pseudonymised) -> None:
    import pandas as pd

    paths = write_pseudonymised(result, tmp_path, "csv")
    assert [p.name for p in paths] == ["nodes.csv", "ties.csv", "report.json"]
    nodes, ties = pd.read_csv(paths[0], dtype=str), pd.read_csv(paths[1], dtype=str)
    assert list(nodes.columns[:2]) == ["id", "label"] and "age_band" in nodes.columns
    assert list(ties.columns[:3]) == ["source", "target", "type"]
    assert len(nodes) == result.graph.number_of_nodes()
    assert len(ties) == result.graph.number_of_edges()
    assert set(nodes["id"]) == set(result.graph)


# --- the command ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("store") / "graph.sqlite"
    world = generate(300, seed=5)
    store = EmbeddedStore(db)
    try:
        store.upsert(world.nodes, world.ties)
    finally:
        store.close()
    return db


def test_the_command_makes_a_key_once_and_reuses_it(tmp_path: Path, loaded: Path) -> None:
    app, runner = cli_app(loaded, export_research=pseudonymise_command), CliRunner()
    key_file = tmp_path / "keys" / "release-1.key"

    def run(*args: object) -> Any:
        return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)

    first = run("export-research", tmp_path / "out", "--key-file", key_file)
    assert first.exit_code == 0, first.output
    assert "Made a new export key" in first.output and "Exported " in first.output
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(bytes.fromhex(key_file.read_text())) == 32
    ids = set(read_graphml(tmp_path / "out" / "research.graphml"))
    again = run("export-research", tmp_path / "out", "--key-file", key_file, "--force")
    assert again.exit_code == 0 and "Made a new" not in again.output
    assert set(read_graphml(tmp_path / "out" / "research.graphml")) == ids
    csv = run("export-research", tmp_path / "csv", "--key-file", key_file, "--format", "csv")
    assert csv.exit_code == 0 and (tmp_path / "csv" / "ties.csv").is_file()
    wider = run("export-research", tmp_path / "all", "--key-file", key_file, "--include-not-asked")
    assert wider.exit_code == 0 and "consent not asked" not in wider.output
    assert len(set(read_graphml(tmp_path / "all" / "research.graphml"))) > len(ids)


def test_the_command_refuses_a_key_inside_the_export_and_a_short_key(
    tmp_path: Path, loaded: Path
) -> None:
    app, runner = cli_app(loaded, export_research=pseudonymise_command), CliRunner()
    with pytest.raises(BadRequest, match="inside the export folder"):
        runner.invoke(
            app,
            ["export-research", str(tmp_path), "--key-file", str(tmp_path / "k")],
            catch_exceptions=False,
        )
    short = tmp_path / "short.key"
    short.write_text("00ff00ff\n")
    with pytest.raises(BadRequest, match="at least 16"):
        runner.invoke(
            app,
            ["export-research", str(tmp_path / "o"), "--key-file", str(short)],
            catch_exceptions=False,
        )


def test_key_files_hold_hex_or_raw_bytes(tmp_path: Path) -> None:
    raw = bytes(range(200, 232))
    (tmp_path / "raw").write_bytes(raw)
    (tmp_path / "hex").write_text("  " + raw.hex().upper() + "\n")
    assert load_or_make_key(tmp_path / "raw") == (raw, False)
    assert load_or_make_key(tmp_path / "hex") == (raw, False)
    made, created = load_or_make_key(tmp_path / "new" / "k")
    assert created and load_or_make_key(tmp_path / "new" / "k") == (made, False)
    if os.name == "posix":
        assert stat.S_IMODE((tmp_path / "new" / "k").stat().st_mode) == 0o600
    with pytest.raises(BadRequest, match="cannot read the key file"):
        load_or_make_key(tmp_path / "new")  # a folder
