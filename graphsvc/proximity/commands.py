"""The ``graphsvc score`` command: one person's relationships, closest first, and why.

The person's network is fetched through the store contract (`GraphStore.ego`, two hops, so the
groups, spaces and interests both people of a tie share are in it, and interest rarity is
judged over the people around them rather than over one tie). Scoring is the pure
`person_ties` and `profile`; `run_score` returns the text so it is tested without typer.
"""

from __future__ import annotations

import json
import math
from typing import Annotated, Any

import pandas as pd
import typer

from graphsvc.commandline import opened_store
from graphsvc.proximity.config import ProximityConfig
from graphsvc.proximity.dimensions import DIMENSIONS
from graphsvc.proximity.profile import Profile, profile
from graphsvc.proximity.score import person_ties
from graphsvc.store.base import GraphStore

#: Hops of the ego network fetched for scoring (see the module docstring).
EGO_HOPS = 2


def run_score(
    store: GraphStore,
    person_id: str,
    *,
    config: ProximityConfig | None = None,
    top: int | None = None,
    as_json: bool = False,
) -> str:
    """Score ``person_id``'s ties from their ego network; errors propagate (NotFound...)."""
    G = store.ego(person_id, hops=EGO_HOPS)
    ties = person_ties(G, person_id, config)
    prof = profile(G, person_id, config)
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
