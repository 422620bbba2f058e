"""`suggest`: chains of connection from a person to unpaid people, groups and spaces."""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

from graphsvc.chains.complements import complements
from graphsvc.chains.config import ChainConfig, resolve
from graphsvc.chains.feasibility import end_slots, feasibility
from graphsvc.chains.fit import fit, weights
from graphsvc.chains.index import PERSON, Index, build_index, strengths_of
from graphsvc.chains.results import Chain, Chains, Dropped, NoChainFound, Score
from graphsvc.chains.search import Path, best_first, diversify, introductions
from graphsvc.chains.story import tell
from graphsvc.chains.words import count_word
from graphsvc.errors import BadRequest, NotFound
from graphsvc.model import Label, RelType, normalise_tag
from graphsvc.slots import expand_slots

MAX_HOPS = 6
_ENDS = frozenset({Label.PERSON, Label.GROUP, Label.SPACE})


def suggest(
    G: nx.MultiDiGraph,
    person_id: str,
    need: str | None = None,
    *,
    interests: Iterable[str] | None = None,
    k: int = 10,
    max_hops: int = 4,
    when: Iterable[str] | None = None,
    only_unpaid_end: bool = True,
    exclude: Collection[str] = (),
    ends: Collection[str] | None = None,
    config: ChainConfig | Mapping[str, Any] | None = None,
) -> Chains:
    """Suggest up to ``k`` chains of connection from ``person_id``, best first, diversified.

    See the package docstring for the model and an example, and ``docs/chains.md`` for why.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A graph of the standard shape (`graphsvc.graph`); usually `fetch_for_chains`'s answer.
        It is not modified.
    person_id : str
        The person at the centre.
    need : str, optional
        Id of one of the person's ``Need`` nodes: its tags are matched and its slots are when
        the person wants it. None with no ``interests`` means "widen my circle".
    interests : iterable of str, optional
        Extra tags to match (normalised like interests).
    k : int
        How many chains at most.
    max_hops : int
        Longest chain, in links (1 to 6).
    when : iterable of str, optional
        Slots the person is free (``"Sat 10:00-16:00"``); default the need's slots, else the
        person's ``free_slots``.
    only_unpaid_end : bool
        Never end at a paid worker (the default, and the point of chains).
    exclude : collection of str
        Ids never to suggest nor pass through (someone the person does not want to meet).
    ends : collection of str, optional
        Labels a chain may end at (default ``Person``, ``Group`` and ``Space``); for example
        ``["Person"]`` for people only.
    config : ChainConfig or mapping, optional

    Returns
    -------
    Chains
        A list of `Chain`, best first, with ``.dropped`` holding infeasible chains and why.

    Raises
    ------
    NotFound
        No such person or need.
    NoChainFound
        Nothing could be suggested; ``.missing`` says what would make a chain possible.
    BadRequest
        ``k`` or ``max_hops`` out of range, a need that is not the person's, a bad slot.
    """
    cfg = resolve(config)
    _check(G, person_id, need, k, max_hops)
    try:
        free = expand_slots(list(when)) if when is not None else None
    except ValueError as exc:
        raise BadRequest(str(exc)) from None
    ix = build_index(G, strengths_of(G, cfg), cfg)
    need_data = G.nodes[need] if need else {}
    asked = [normalise_tag(t) for t in (*need_data.get("tags", ()), *(interests or ()))]
    asked = [t for t in asked if t]
    widen = not asked
    wanted = weights(ix, sorted(ix.interests[person_id]) if widen else asked)
    free_is_need = free is None and bool(need_data.get("slots"))
    if free is None:
        free = list(need_data.get("slots") or G.nodes[person_id].get("free_slots") or []) or None
    blocked = set(exclude)
    if blocked:
        kept = defaultdict(list)
        for n, steps in ix.steps.items():
            if n not in blocked:
                kept[n] = [s for s in steps if s.node not in blocked]
        ix.steps = kept
    direct = {s.node for s in ix.steps.get(person_id, [])}
    allowed = {str(x) for x in (_ENDS if ends is None else ends)}
    if not allowed <= {str(x) for x in _ENDS}:
        raise BadRequest(f"ends must be among {', '.join(sorted(_ENDS))} (got {sorted(allowed)})")
    end_labels = allowed | (set() if only_unpaid_end else {Label.PAID_WORKER.value})
    found: dict[str, _Found] = {}
    dropped: dict[str, Dropped] = {}

    def is_end(node: str) -> bool:
        label = ix.labels.get(node)
        if node in direct or node in blocked or label not in end_labels:
            return False
        return G.nodes[node].get("consent") != "withdrawn"

    def evaluate(path: Path, floor: float) -> float | None:
        end = path.nodes[-1]
        if end in found:
            return None
        f = fit(ix, person_id, end, wanted, widen=widen)
        nov = _novelty(ix, person_id, end, direct, cfg.novelty)
        if f.value <= 0 or path.strength * f.value * nov <= floor:
            return None
        feas = feasibility(ix, person_id, path.nodes, free, free_is_need, cfg)
        if feas.reason:
            dropped.setdefault(end, Dropped(path.nodes, end, feas.reason))
            return None
        total = path.strength * f.value * feas.value * nov
        found[end] = _Found(path, total, f.value, feas.value, nov, f.sentences, feas.notes)
        return total

    # people two steps away first: their strength combines every way in (see `introductions`);
    # strongest first, so the rest can be skipped once they cannot enter the pool
    pool_size = k * cfg.pool_factor
    seeded: list[float] = []
    intro = introductions(ix, person_id, max_hops=max_hops)
    for end in sorted(intro, key=lambda e: (-intro[e].strength, e)):
        floor = seeded[0] if len(seeded) >= pool_size else 0.0
        if intro[end].strength <= floor:
            break
        if is_end(end) and (score := evaluate(intro[end], floor)) is not None:
            if len(seeded) < pool_size:
                heapq.heappush(seeded, score)
            else:
                heapq.heapreplace(seeded, score)
    best_first(
        ix,
        person_id,
        max_hops=max_hops,
        is_end=is_end,
        evaluate=evaluate,
        pool=k * cfg.pool_factor,
        visits_per_node=cfg.visits_per_node,
        max_expansions=cfg.max_expansions,
        scored=seeded,
    )
    pool = sorted(found, key=lambda e: (-found[e].total, e))[: k * cfg.pool_factor]
    picked = diversify(
        pool,
        k=k,
        score=lambda e: found[e].total,
        route=lambda e: found[e].path.nodes[1:-1],
        ways=lambda e: found[e].path.ways,
        trade_off=cfg.diversity,
        cap=cfg.max_per_first_link,
    )
    for end in picked:
        dropped.pop(end, None)
    chains = [_chain(ix, person_id, need, free, cfg, found[e]) for e in picked]
    if not chains:
        raise NoChainFound(person_id, _missing(ix, person_id, asked), list(dropped.values()))
    return Chains(chains, sorted(dropped.values(), key=lambda d: d.end))


def _check(G: nx.MultiDiGraph, person: str, need: str | None, k: int, max_hops: int) -> None:
    if not isinstance(G, nx.MultiDiGraph):
        raise BadRequest("chains need a networkx MultiDiGraph of graphsvc's shape")
    if person not in G or G.nodes[person].get("label") != Label.PERSON:
        raise NotFound(f"no Person with id {person!r}")
    if need is not None:
        if need not in G or G.nodes[need].get("label") != Label.NEED:
            raise NotFound(f"no Need with id {need!r}")
        if not G.has_edge(person, need, RelType.HAS_NEED):
            raise BadRequest(f"need {need!r} is not one of {person!r}'s needs")
    if not 1 <= k <= 100:
        raise BadRequest(f"k must be between 1 and 100 (got {k})")
    if not 1 <= max_hops <= MAX_HOPS:
        raise BadRequest(f"max_hops must be between 1 and {MAX_HOPS} (got {max_hops})")


@dataclass(frozen=True)
class _Found:
    """A chain found by the search, with the parts of its score, before it is told."""

    path: Path
    total: float
    fit: float
    feasibility: float
    novelty: float
    fit_sentences: tuple[str, ...]
    notes: tuple[str, ...]


def _novelty(ix: Index, person: str, end: str, direct: set[str], weight: float) -> float:
    """One for a group or place of people the person does not know yet, less when they do.

    ``1 - weight x`` the share of its members or regulars the person already knows: a group
    made of your own friends adds less to your circle. A person end is always new (you do
    not know them yet); that they know people you know is what makes an introduction likely,
    so it is not held against them (it was, at first, and ranked new ties worse on the
    evaluation: ``docs/chains.md``).
    """
    if ix.labels.get(end) == PERSON:
        return 1.0
    around = {s.node for s in ix.steps.get(end, []) if ix.labels.get(s.node) == PERSON}
    around.discard(person)
    if not around:
        return 1.0
    return round(1.0 - weight * len(around & direct) / len(around), 6)


def _chain(
    ix: Index,
    person: str,
    need: str | None,
    free: list[str] | None,
    cfg: ChainConfig,
    found: _Found,
) -> Chain:
    path = found.path
    links = path.links
    flags: tuple[str, ...] = ("professional introduction",) if any(li.paid for li in links) else ()
    if ix.label(path.nodes[-1]) == Label.PAID_WORKER:
        flags += ("ends at paid support",)
    weakest = min(links, key=lambda li: li.strength)
    a = "you" if weakest.source == person else ix.name(weakest.source)
    reasons = (f"The weakest link is between {a} and {ix.name(weakest.target)}.",)
    return Chain(
        nodes=path.nodes,
        end=path.nodes[-1],
        end_label=ix.label(path.nodes[-1]),
        links=links,
        score=Score(
            round(found.total, 6),
            round(path.strength, 6),
            found.fit,
            found.feasibility,
            found.novelty,
        ),
        story=tell(ix, person, path.nodes, links, found.fit_sentences, path.ways),
        reasons=(*reasons, *found.notes),
        complements=complements(ix, person, need, end_slots(ix, path.nodes), free, cfg),
        flags=flags,
        ways_in=path.ways,
    )


def _missing(ix: Index, person: str, asked: list[str]) -> list[str]:
    steps = ix.steps.get(person, [])
    unpaid = [s for s in steps if not s.paid]
    paid = sum(1 for _, _, key in ix.G.in_edges(person, keys=True) if key == RelType.SUPPORTS)
    name = ix.name(person)
    if not unpaid:
        text = f"{name} has no unpaid ties, places or groups on the map"
        if paid:
            text += f", only paid support ({count_word(paid)} worker{'s' * (paid != 1)})"
        return [
            text + ".",
            "Add a friend, neighbour or relative, a place they go or a group they belong to.",
        ]
    out = ["No unpaid person, group or place within reach fits and can be reached."]
    if asked:
        out.append(f"Nothing nearby matches: {', '.join(asked)}.")
    return out
