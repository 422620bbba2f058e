"""The ``graphsvc chains`` command: a person's chains of connection, as stories or JSON.

Registered in ``graphsvc/cli.py`` with one line::

    app.command("chains")(chains_command)

`run_chains` does the work on any store and returns the text, so it is tested without typer.
"""

from __future__ import annotations

import json
from typing import Annotated

import typer

from graphsvc.chains.config import ESTIMATE_LABEL
from graphsvc.chains.core import suggest
from graphsvc.chains.fetch import fetch_for_chains
from graphsvc.chains.results import Chain
from graphsvc.commandline import opened_store
from graphsvc.store.base import GraphStore


def run_chains(
    store: GraphStore,
    person_id: str,
    *,
    need: str | None = None,
    interests: list[str] | None = None,
    k: int = 10,
    as_json: bool = False,
) -> str:
    """Fetch through the store contract, suggest, and render; errors propagate (NoChainFound...)."""
    G = fetch_for_chains(store, person_id, 4)
    chains = suggest(G, person_id, need, interests=interests or None, k=k)
    if as_json:
        return json.dumps(
            {
                "person": person_id,
                "need": need,
                "chains": [c.to_dict() for c in chains],
                "dropped": [vars(d) for d in chains.dropped],
            },
            indent=2,
            default=list,
        )
    lines: list[str] = []
    for i, chain in enumerate(chains, 1):
        lines += _render(i, chain, G.nodes[chain.end].get("name") or chain.end)
    if chains.dropped:
        lines.append("Not suggested, because they would not work as things are:")
        lines += [f"  - {d.reason}" for d in chains.dropped]
    return "\n".join(lines)


def _render(i: int, chain: Chain, name: str) -> list[str]:
    s = chain.score
    head = (
        f"{i}. {name} ({chain.end_label} {chain.end}), score {s.total:.2f}"
        f" = strength {s.strength:.2f}"
        f" x fit {s.fit:.2f} x feasibility {s.feasibility:.2f} x novelty {s.novelty:.2f}"
    )
    if chain.flags:
        head += f" [{', '.join(chain.flags)}]"
    out = [head, *(f"   {sentence}" for sentence in chain.story)]
    for c in chain.complements:
        hours = "unknown hours" if c.hours_per_week is None else f"{c.hours_per_week:g} h/week"
        cost = "" if c.weekly_cost is None else f", about GBP {c.weekly_cost:,.0f} a week"
        out.append(f"   Could complement {hours} of paid support{cost} ({ESTIMATE_LABEL}).")
    return out


def chains_command(
    ctx: typer.Context,
    person_id: Annotated[str, typer.Argument(help="The person at the centre.")],
    need: Annotated[
        str | None, typer.Option("--need", help="One of the person's need ids.")
    ] = None,
    interest: Annotated[
        list[str] | None, typer.Option("--interest", help="A tag to match; repeat for more.")
    ] = None,
    k: Annotated[int, typer.Option("--k", min=1, max=100, help="How many chains.")] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of stories.")] = False,
) -> None:
    """Suggest chains of connection for a person: conversation starters, never a plan."""
    with opened_store(ctx) as store:
        typer.echo(
            run_chains(store, person_id, need=need, interests=interest, k=k, as_json=as_json)
        )
