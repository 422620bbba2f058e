"""The pseudonymising pass: `pseudonymise`, the steps of the package docstring in their order."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable
from typing import Any

import networkx as nx

from graphsvc.errors import BadRequest
from graphsvc.io.pseudonymise.config import PseudonymConfig
from graphsvc.io.pseudonymise.fields import FieldTreatments, Tie, interest_name, shared_values
from graphsvc.io.pseudonymise.kanon import (
    QUASI_IDENTIFIERS,
    age_band,
    band_of,
    k_anonymise,
    merge_bands,
)
from graphsvc.io.pseudonymise.keys import Pseudonyms, check_key
from graphsvc.io.pseudonymise.report import ExportReport, Pseudonymised
from graphsvc.model import Label, RelType

#: The order of a person's published quasi-identifiers among their attributes.
_PERSON_ORDER = ("consent", "age_band", "shares_household")


def pseudonymise(
    G: nx.MultiDiGraph, key: bytes, config: PseudonymConfig | None = None
) -> Pseudonymised:
    """The research export of ``G`` under ``key``: a new graph and its report; ``G`` is unchanged.

    Parameters
    ----------
    G
        A graph of graphsvc's shape (``store.to_networkx()``, `graphsvc.synth`, `build_graph`).
    key
        At least `MIN_KEY_BYTES` secret random bytes (`new_export_key`); one key per release.
    config
        `PseudonymConfig`; the defaults are the safe choice.

    Returns
    -------
    Pseudonymised
        ``graph``: same shape (node attribute ``label``, ties keyed by type), pseudonymous ids,
        only the fields `FIELD_RULES` keeps, plus ``age_band`` and ``shares_household`` on
        people; ``report``: an `ExportReport`.

    Raises
    ------
    BadRequest
        A key that is not bytes or is shorter than `MIN_KEY_BYTES`; fewer than ``k`` people to
        export (but more than none); two ids with the same pseudonym.
    """
    cfg = config or PseudonymConfig()
    return _Export(G, check_key(key), cfg).run()


class _Export:
    """One export's working state; `run` is the order of the steps in the package docstring."""

    def __init__(self, G: nx.MultiDiGraph, key: bytes, cfg: PseudonymConfig) -> None:
        self.G = G
        self.cfg = cfg
        self.k = cfg.k
        self.ids = Pseudonyms(key, cfg.id_chars)
        self.label: dict[Hashable, str] = {
            n: str(d.get("label", "")) for n, d in G.nodes(data=True)
        }
        self.excluded_people: Counter[str] = Counter()
        self.dropped_nodes: Counter[str] = Counter()
        self.dropped_ties: Counter[str] = Counter()
        self.withheld: Counter[str] = Counter()

    def run(self) -> Pseudonymised:
        people = self._people()
        nodes = self._nodes(people)
        ties = self._ties(nodes)
        self._check_pseudonyms(nodes)
        knows = self._contacts(people, ties)
        bands = merge_bands(self.cfg.contact_bands, [len(c) for c in knows.values()], self.k)
        band = {p: band_of(len(knows[p]), bands) for p in people}
        self._index(people, ties)
        qis = {p: self._quasi_identifiers(p) for p in people}
        withheld = k_anonymise(qis, band, self.k, order=self.ids)
        fields = FieldTreatments(shared_values(self.G, self.label, people, nodes, ties, self.k))
        H = nx.MultiDiGraph()
        for n in sorted(nodes, key=self.ids):
            H.add_node(self.ids(n), **self._node_attributes(n, qis.get(n), withheld.get(n), fields))
        hood = QUASI_IDENTIFIERS.index("neighbourhood")
        hidden_hood = {p for p in people if hood in withheld[p]}
        for u, v, t, data in sorted(ties, key=lambda e: (e[2], self.ids(e[0]), self.ids(e[1]))):
            if t == RelType.IN and u in hidden_hood:
                continue  # the person's neighbourhood is withheld: counted in `withheld`
            attrs = fields.attributes(t, data)
            H.add_edge(self.ids(u), self.ids(v), key=t, type=t, **attrs)
        return Pseudonymised(H, self._report(len(people), H, bands, fields))

    # -- 1. who and what is in ---------------------------------------------------------------

    def _people(self) -> set[Hashable]:
        """Exported people; the others counted by reason (withdrawn is never exported)."""
        out: set[Hashable] = set()
        for n, d in self.G.nodes(data=True):
            if d.get("label") != Label.PERSON:
                continue
            consent = d.get("consent")
            if consent == "given" or (consent != "withdrawn" and self.cfg.include_not_asked):
                out.add(n)
            elif consent == "withdrawn":
                self.excluded_people["consent withdrawn"] += 1
            elif consent == "not_asked":
                self.excluded_people["consent not asked"] += 1
            else:
                self.excluded_people["consent not recorded"] += 1
        if 0 < len(out) < self.k:
            raise BadRequest(
                f"fewer than {self.k} people would be in the export, too few to publish "
                "without risk of identifying someone"
            )
        return out

    def _nodes(self, people: set[Hashable]) -> set[Hashable]:
        """Exported nodes: the people, and what is not theirs alone."""
        G, label = self.G, self.label
        persons = {n for n, lab in label.items() if lab == Label.PERSON}
        gone = persons - people
        known = {lab.value for lab in Label}
        nodes = set(people)
        for n, lab in label.items():
            if lab == Label.PERSON:
                continue
            if lab not in known:
                self.dropped_nodes["nodes of an unknown label"] += 1
            elif lab == Label.NEED and any(u in gone for u in G.predecessors(n)):
                self.dropped_nodes["needs of people left out"] += 1
            else:
                nodes.add(n)
        for n in [n for n in nodes if label[n] == Label.PAID_WORKER]:
            others = {*G.predecessors(n), *G.successors(n)}
            if others and not others & nodes:
                nodes.discard(n)
                self.dropped_nodes["paid workers tied only to what was left out"] += 1
        return nodes

    def _ties(self, nodes: set[Hashable]) -> list[Tie]:
        """Ties between exported nodes; the rest counted by type."""
        known = {t.value for t in RelType}
        out = []
        for u, v, key, data in self.G.edges(keys=True, data=True):
            t = str(data.get("type", key))
            if t not in known:
                self.dropped_ties[f"{t} (unknown type)"] += 1
            elif u in nodes and v in nodes:
                out.append((u, v, t, data))
            else:
                self.dropped_ties[t] += 1
        return out

    def _check_pseudonyms(self, nodes: set[Hashable]) -> None:
        if len({self.ids(n) for n in nodes}) != len(nodes):
            raise BadRequest(
                "two ids have the same pseudonym under this key; use another key, or a larger "
                "id_chars"
            )

    # -- 2. quasi-identifiers and groups of k -------------------------------------------------

    def _contacts(self, people: set[Hashable], ties: list[Tie]) -> dict[Hashable, set[Hashable]]:
        """The exported people each exported person knows (KNOWS either way)."""
        known: dict[Hashable, set[Hashable]] = {p: set() for p in people}
        for u, v, t, _ in ties:
            if t == RelType.KNOWS and u in people and v in people:
                known[u].add(v)
                known[v].add(u)
        return known

    def _index(self, people: set[Hashable], ties: list[Tie]) -> None:
        """How many exported people share each household, and each person's neighbourhoods."""
        self._households: Counter[Any] = Counter(
            h for p in people if (h := self.G.nodes[p].get("household")) is not None
        )
        self._hoods: dict[Hashable, list[Hashable]] = defaultdict(list)
        for u, v, t, _ in ties:
            if t == RelType.IN and u in people and self.label[v] == Label.NEIGHBOURHOOD:
                self._hoods[u].append(v)

    def _quasi_identifiers(self, p: Hashable) -> tuple[Hashable, ...]:
        """`QUASI_IDENTIFIERS` of one person, as they would be published (None: unknown)."""
        d = self.G.nodes[p]
        household = d.get("household")
        shares = None if household is None else self._households[household] > 1
        consent = d.get("consent") if isinstance(d.get("consent"), str) else None
        age = age_band(d.get("birth_year"), self.cfg.age_bands, self.cfg.reference_year())
        hoods = tuple(sorted(self.ids(h) for h in self._hoods.get(p, ()))) or None
        return (shares, consent, age, hoods)

    # -- 3. the exported attributes (the values k people share: `shared_values`) ---------------

    def _node_attributes(
        self,
        n: Hashable,
        qi: tuple[Hashable, ...] | None,
        hidden: frozenset[int] | None,
        fields: FieldTreatments,
    ) -> dict[str, Any]:
        lab = self.label[n]
        data = dict(self.G.nodes[n])
        data.pop("label", None)
        if lab == Label.INTEREST:
            data["name"] = interest_name(n, data)
        out: dict[str, Any] = {"label": lab}
        if qi is not None and hidden is not None:
            shown: dict[str, Any] = {}
            for i, (name, value) in enumerate(zip(QUASI_IDENTIFIERS, qi, strict=True)):
                if value is None:
                    continue
                if i in hidden:
                    self.withheld[name] += 1
                elif name != "neighbourhood":  # published as the IN tie, not an attribute
                    shown[name] = value
            out |= {name: shown[name] for name in _PERSON_ORDER if name in shown}
            for name in ("consent", "birth_year", "household"):
                data.pop(name, None)
        out.update(fields.attributes(lab, data))
        return out

    def _report(
        self,
        people_out: int,
        H: nx.MultiDiGraph,
        bands: tuple[tuple[int, int | None], ...],
        fields: FieldTreatments,
    ) -> ExportReport:
        birth = sum(1 for n, d in H.nodes(data=True) if "age_band" in d)
        if birth:
            fields.coarsened_values["Person.birth_year to an age band"] += birth
        households = sum(1 for _, d in H.nodes(data=True) if "shares_household" in d)
        if households:
            fields.coarsened_values["Person.household to shares_household"] += households
        return ExportReport(
            k=self.k,
            as_of=self.cfg.reference_year(),
            include_not_asked=self.cfg.include_not_asked,
            people_in=sum(1 for lab in self.label.values() if lab == Label.PERSON),
            people_out=people_out,
            nodes_out=dict(sorted(Counter(str(d["label"]) for _, d in H.nodes(data=True)).items())),
            ties_out=dict(sorted(Counter(str(t) for *_, t in H.edges(keys=True)).items())),
            excluded_people=dict(self.excluded_people),
            dropped_nodes=dict(self.dropped_nodes),
            dropped_ties=dict(sorted(self.dropped_ties.items())),
            withheld={q: self.withheld[q] for q in QUASI_IDENTIFIERS if self.withheld[q]},
            generalised=dict(sorted(fields.generalised.items())),
            dropped_values=dict(sorted(fields.dropped_values.items())),
            coarsened_values=dict(sorted(fields.coarsened_values.items())),
            contact_bands=bands,
        )
