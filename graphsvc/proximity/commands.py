"""The ``graphsvc score`` command: one person's relationships, closest first, and why.

The person's network is fetched through the store contract (`fetch_for_scores`: the one-hop
map, which holds the groups, spaces and interests both people of a tie share, plus interest
rarity counted by the store over everyone). Scoring is the pure `person_ties` and `profile`;
`run_score` returns the text so it is tested without typer.
"""

from __future__ import annotations

import json
import math
from datetime import date
from typing import Annotated, Any

import networkx as nx
import pandas as pd
import typer

from graphsvc.commandline import opened_store
from graphsvc.model import RelType
from graphsvc.proximity.config import ProximityConfig
from graphsvc.proximity.dimensions import DIMENSIONS
from graphsvc.proximity.profile import Profile, profile
from graphsvc.proximity.score import person_ties
from graphsvc.proximity.single import GraphStats
from graphsvc.store.base import GraphStore


def fetch_for_scores(
    store: GraphStore, person_id: str, *, as_of: date | None = None
) -> tuple[nx.MultiDiGraph, GraphStats]:
    """What scoring a person's ties needs: their one-hop map and interest rarity of everyone.

    The one-hop map holds every tie among the people, places, groups and interests around the
    person, so shared contexts are seen from both sides. Two inputs lie beyond it: whether the
    people they know recorded any interest at all (no interests is unknown commonality; some,
    none shared, is 0), fetched as each one's own interests; and how rare a shared interest
    is, which the store counts over the whole graph (`GraphStore.interest_counts`). The scores
    then equal those of the whole graph. Two hops, as before, ran through the person's
    neighbourhood to thousands of residents (0.6 s on a 10k-person town) for those two things.
    """
    G = store.ego(person_id, hops=1, as_of=as_of)
    others = [n for n, label in G.nodes(data="label") if label == "Person" and n != person_id]
    interests = store.ties_around(others, [RelType.INTERESTED_IN], as_of=as_of)
    G.add_nodes_from(n for n in interests.nodes(data=True) if n[0] not in G)
    G.add_edges_from(e for e in interests.edges(keys=True, data=True) if not G.has_edge(*e[:3]))
    counts = store.interest_counts(
        [n for n, label in G.nodes(data="label") if label == "Interest"], as_of=as_of
    )
    return G, GraphStats.from_counts(counts.people, counts.holders)


def run_score(
    store: GraphStore,
    person_id: str,
    *,
    config: ProximityConfig | None = None,
    top: int | None = None,
    as_json: bool = False,
) -> str:
    """Score ``person_id``'s ties from their ego network; errors propagate (NotFound...)."""
    G, rarity = fetch_for_scores(store, person_id)
    ties = person_ties(G, person_id, config, rarity=rarity)
    prof = profile(G, person_id, config, rarity=rarity, ties=ties)  # scored once, not twice
    shown = ties if top is None else ties.head(top)
    if as_json:
        return json.dumps(
            {
                "person": person_id,
                "profile": prof.model_dump(mode="json"),
                "ties": [_json_row(row) for row in shown.to_dict("records")],
                "shown": len(shown),
                "total": len(ties),
            },
            indent=2,
        )
    return "\n".join(_text(prof, shown, len(ties)))


def _json_row(row: dict[str, Any]) -> dict[str, Any]:
    """A tie as JSON: NaN becomes null (unknown), tuples become lists."""
    out: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, float) and math.isnan(value):
            value = None
        elif isinstance(value, tuple):
            value = list(value)
        out[key] = value
    return out


def _number(value: object) -> str:
    return "  ?  " if value is None or pd.isna(value) else f"{float(value):.2f} "  # type: ignore[arg-type]


def _text(prof: Profile, ties: pd.DataFrame, total: int) -> list[str]:
    lines = [*prof.summary, ""]
    if prof.weakest_dimension:
        lines.append(f"Weakest dimension across the network: {prof.weakest_dimension}.")
    lines.append(prof.support_dominated_rule + (" This network is." if prof.support_dominated
                                                else " This network is not."))  # fmt: skip
    lines.append("")
    header = " ".join(f"{d[:7]:>7}" for d in (*DIMENSIONS, "overall"))
    lines.append(f"{'tie':<32}{header}")
    for row in ties.to_dict("records"):
        who = f"{row['name']} ({'paid' if row['paid'] else row['type']})"
        nums = " ".join(f"{_number(row[d]):>7}" for d in (*DIMENSIONS, "overall"))
        lines.append(f"{who[:31]:<32}{nums}")
        lines += [f"    {sentence}" for sentence in row["reasons"]]
    if len(ties) < total:
        lines.append(f"... and {total - len(ties)} more (use --top to show more).")
    lines.append("? = not known from what is recorded; it is never counted as 0.")
    lines.append(
        "These scores are proxies inspired by the Relationships Foundation's relational "
        "proximity, not its Relational Health Audit: a way to start a conversation."
    )
    return lines


def score_command(
    ctx: typer.Context,
    person_id: Annotated[str, typer.Argument(help="The person whose relationships to score.")],
    top: Annotated[
        int | None, typer.Option("--top", min=1, help="Show only the N closest ties.")
    ] = None,
    config: Annotated[
        str | None,
        typer.Option("--config", help="A TOML file of weights and constants (docs/proximity.md)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")] = False,
) -> None:
    """Score a person's relationships on the five dimensions, with reasons and a profile."""
    cfg = ProximityConfig.load(config) if config else None
    with opened_store(ctx) as store:
        typer.echo(run_score(store, person_id, config=cfg, top=top, as_json=as_json))
