"""What an export hands over: `Pseudonymised` (the graph) and its `ExportReport`.

The report counts everything that was left out, withheld or generalised, per reason, and says
it in plain words (`ExportReport.sentences`), so that nobody analyses the export without
knowing what they are not seeing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

from graphsvc.io.pseudonymise.fields import OTHER
from graphsvc.io.pseudonymise.kanon import QUASI_IDENTIFIERS, band_name


@dataclass(frozen=True)
class ExportReport:
    """What the researcher is not seeing, counted per reason; `sentences` says it in words.

    ``excluded_people``: people left out entirely, by reason. ``dropped_nodes`` / ``dropped_ties``:
    other nodes and ties left out with them (ties by type). ``withheld``: people whose
    quasi-identifier was withheld because too few shared their combination (by
    quasi-identifier; IN ties removed for ``neighbourhood``). ``generalised``: values replaced
    by ``"other"`` (by field). ``dropped_values`` / ``coarsened_values``: values removed or
    made coarser (by field). ``contact_bands``: the bands of "people known" the groups of k
    were formed within, as (low, high or None).
    """

    k: int
    as_of: int
    include_not_asked: bool
    people_in: int
    people_out: int
    nodes_out: dict[str, int]
    ties_out: dict[str, int]
    excluded_people: dict[str, int]
    dropped_nodes: dict[str, int]
    dropped_ties: dict[str, int]
    withheld: dict[str, int]
    generalised: dict[str, int]
    dropped_values: dict[str, int]
    coarsened_values: dict[str, int]
    contact_bands: tuple[tuple[int, int | None], ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, with the sentences, as written to ``report.json``."""
        return {
            "k": self.k,
            "ages_as_of": self.as_of,
            "include_not_asked": self.include_not_asked,
            "people_in_graph": self.people_in,
            "people_exported": self.people_out,
            "nodes_exported": self.nodes_out,
            "ties_exported": self.ties_out,
            "excluded_people": self.excluded_people,
            "dropped_nodes": self.dropped_nodes,
            "dropped_ties": self.dropped_ties,
            "withheld": self.withheld,
            "generalised_to_other": self.generalised,
            "dropped_values": self.dropped_values,
            "coarsened_values": self.coarsened_values,
            "contact_bands": [band_name(b) for b in self.contact_bands],
            "quasi_identifiers": [*QUASI_IDENTIFIERS, "people known (band)"],
            "sentences": self.sentences(),
        }

    def sentences(self) -> list[str]:
        """The report in plain words, for the command line and the top of ``report.json``."""
        k = self.k
        out = [
            f"Exported {self.people_out:,} of {self.people_in:,} people "
            f"(groups of at least {k}; ages as at {self.as_of})."
        ]
        if self.excluded_people:
            out.append(
                "Left out entirely, with their ties: " + _listing(self.excluded_people) + "."
            )
        if self.dropped_nodes or self.dropped_ties:
            parts = [_listing(self.dropped_nodes)] if self.dropped_nodes else []
            if self.dropped_ties:
                ties = sum(self.dropped_ties.values())
                parts.append(f"{ties:,} ties to or from them ({_listing(self.dropped_ties)})")
            out.append("Also left out: " + "; ".join(parts) + ".")
        if self.withheld:
            out.append(
                f"Withheld where fewer than {k} people shared the combination of "
                "age band, neighbourhood, consent, sharing a household and how many people "
                f"they know: {_listing(self.withheld, 'people')}."
            )
        if self.generalised:
            out.append(
                f'Replaced by "{OTHER}" because fewer than {k} people share the value: '
                + _listing(self.generalised, "values")
                + "."
            )
        if self.dropped_values:
            out.append(
                "Dropped (names, free text, places, times): " + _listing(self.dropped_values) + "."
            )
        if self.coarsened_values:
            out.append("Coarsened: " + _listing(self.coarsened_values) + ".")
        return out


def _listing(counts: Mapping[str, int], unit: str = "") -> str:
    tail = f" {unit}" if unit else ""
    return ", ".join(f"{name} {n:,}{tail}" for name, n in counts.items())


@dataclass(frozen=True)
class Pseudonymised:
    """The graph a researcher may hold, and the report of what it leaves out."""

    graph: nx.MultiDiGraph
    report: ExportReport
