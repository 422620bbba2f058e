"""Stories: each chain told in short plain sentences, first link first.

Short sentences, everyday words, numbers as words and times as people say them ("Thursdays at
8pm"), so that a person with a learning disability can read their own suggestions.
"""

from __future__ import annotations

from graphsvc.chains.index import Index
from graphsvc.chains.results import Link
from graphsvc.chains.words import count_word, how_often, sentence, when_phrase
from graphsvc.model import Label, RelType


def _who(ix: Index, node: str, person: str) -> str:
    return "You" if node == person else ix.name(node)


def _knows(ix: Index, a: str, b: str) -> dict[str, object]:
    G = ix.G
    for u, v in ((a, b), (b, a)):
        if G.has_edge(u, v, RelType.KNOWS):
            return dict(G.edges[u, v, RelType.KNOWS])
    return {}


_KINDS = {
    "family": "{b} is family.",
    "neighbour": "{b} is your neighbour.",
    "neighbours": "{b} is your neighbour.",
    "friend": "{b} is your friend.",
    "colleague": "You work together.",
    "work": "You work together.",
}


def _how_known(b: str, context: str) -> str:
    """ "Dave is your neighbour." or "You know each other from the bus."."""
    if context in _KINDS:
        return _KINDS[context].format(b=b)
    return f"You know each other from {context}."


def _listed(names: list[str], most: int = 3) -> str:
    """``Ann``, ``Ann and Bo``, ``Ann, Bo and Cy``, ``Ann, Bo, Cy and two others``."""
    if len(names) > most:
        rest = len(names) - most
        names = [*names[:most], f"{count_word(rest)} other{'s' * (rest != 1)}"]
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


def _sentence(ix: Index, link: Link, person: str) -> list[str]:
    a, b = link.source, link.target
    G = ix.G
    if link.type == RelType.KNOWS:
        if a != person:
            return [f"{ix.name(a)} knows {ix.name(b)}."]
        data = _knows(ix, a, b)
        often = how_often(data.get("frequency"))
        out = [f"You see {ix.name(b)} {often}." if often else f"You know {ix.name(b)}."]
        contexts = data.get("contexts") or ([data["kind"]] if data.get("kind") else [])
        if isinstance(contexts, list) and contexts:
            out.append(_how_known(ix.name(b), str(contexts[0])))
        return out
    if link.type == RelType.VISITS:
        visitor, space = (a, b) if ix.label(a) == Label.PERSON else (b, a)
        data = (
            G.edges[visitor, space, RelType.VISITS] if G.has_edge(visitor, space, "VISITS") else {}
        )
        when = when_phrase(data.get("slots"))
        when = f" {when}" if when else ""
        if visitor == person:
            return [f"You go to {ix.name(space)}{when}."]
        if ix.label(a) == Label.SPACE:
            return [f"{ix.name(visitor)} goes there too{when}."]
        return [f"{ix.name(visitor)} goes to {ix.name(space)}{when}."]
    if link.type == RelType.MEMBER_OF:
        member, group = (a, b) if ix.label(a) == Label.PERSON else (b, a)
        if member == person:
            return [f"You are in {ix.name(group)}."]
        too = " too" if ix.label(a) == Label.GROUP else ""
        return [f"{ix.name(member)} is in {ix.name(group)}{too}."]
    if link.type == RelType.MEETS_AT:
        group, space = (a, b) if ix.label(a) == Label.GROUP else (b, a)
        data = (
            G.edges[group, space, RelType.MEETS_AT] if G.has_edge(group, space, "MEETS_AT") else {}
        )
        when = when_phrase(data.get("slots") or G.nodes[group].get("slots"))
        when = f" {when}" if when else ""
        if ix.label(a) == Label.SPACE:
            return [f"{ix.name(group)} meets there{when}."]
        return [f"{ix.name(group)} meets at {ix.name(space)}{when}."]
    if link.type == RelType.SUPPORTS:
        worker, client = (a, b) if ix.label(a) == Label.PAID_WORKER else (b, a)
        whom = "you" if client == person else ix.name(client)
        return [f"{ix.name(worker)} is paid to support {whom}. {ix.name(worker)} could help."]
    return [f"{_who(ix, a, person)} is linked to {ix.name(b)}."]


def tell(
    ix: Index,
    person: str,
    path: tuple[str, ...],
    links: tuple[Link, ...],
    fit: tuple[str, ...],
    ways: tuple[str, ...] = (),
) -> tuple[str, ...]:
    """The story of one chain: its links in order, what fits, and a first step to take.

    When several people the person knows know the end, the story says so ("Ann and Bo know
    Kim too."): any of them could introduce them, which is why the chain ranks where it does.
    """
    out: list[str] = []
    for link in links:
        out += _sentence(ix, link, person)
    others = [ix.name(w) for w in ways[1:]]
    if others:
        verb = "knows" if len(others) == 1 else "know"
        out.append(f"{_listed(others)} {verb} {ix.name(path[-1])} too.")
    end = path[-1]
    if ix.label(end) == Label.GROUP and links[-1].type != RelType.MEETS_AT:
        when = when_phrase(ix.G.nodes[end].get("slots"))
        if when:
            out.append(f"{ix.name(end)} meets {when}.")
    out += fit
    out = [sentence(s) for s in out]
    first = path[1]
    if ix.label(first) == Label.PERSON and len(path) > 2:
        out.append(f"You could ask {ix.name(first)} to introduce you.")
    elif ix.label(first) == Label.PAID_WORKER:
        out.append(f"You could ask {ix.name(first)} to introduce you. This starts with paid help.")
    return tuple(out)
