"""Fit: how well the end of a chain matches what the person asked for or loves.

A tag counts more when it is rare (few people in the graph share it): meeting someone who also
loves bell-ringing says more than meeting someone who also likes music. Reciprocity counts too:
an end that wants to learn what the person can teach makes the tie two-way from the start.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from graphsvc.chains.index import GROUP, PERSON, SPACE, Index
from graphsvc.chains.words import count_word
from graphsvc.model import Help

#: Kinds of help any unpaid end offers to some degree, by end label (company most of all).
_GENERIC = {
    Help.COMPANY.value: {GROUP: 1.0, PERSON: 0.8, SPACE: 0.6},
}
_GENERIC_OTHER = {GROUP: 0.4, PERSON: 0.5, SPACE: 0.3}
_HELP = frozenset(h.value for h in Help)


@dataclass(frozen=True)
class Fit:
    value: float
    sentences: tuple[str, ...]


def weights(ix: Index, tags: Iterable[str]) -> dict[str, float]:
    """Rarity weight of each tag: ``log(1 + people / (1 + fans))``, at least 0.1."""
    return {t: max(0.1, math.log1p(ix.people / (1 + ix.fans.get(t, 0)))) for t in tags}


def _tag_match(ix: Index, end: str, tag: str, mine: set[str]) -> tuple[float, str | None]:
    label = ix.label(end)
    if tag in _HELP:
        return _GENERIC.get(tag, _GENERIC_OTHER).get(label, 0.3), None
    like_you = ", like you" if tag in mine else ""
    if label == PERSON:
        if tag in ix.interests[end]:
            return 1.0, f"{ix.name(end)} likes {tag}{like_you}."
        return 0.0, None
    if tag in ix.about[end]:
        return 1.0, f"{ix.name(end)} is about {tag}."
    crowd = ix.members[end] if label == GROUP else ix.visitors[end]
    fans = sum(1 for m in crowd if tag in ix.interests[m])
    if not fans:
        return 0.0, None
    n = count_word(fans).capitalize()
    if label == GROUP:
        who = "One of them likes" if fans == 1 else f"{n} of them like"
    else:
        who = "One person who goes there likes" if fans == 1 else f"{n} people who go there like"
    return min(1.0, fans / 2), f"{who} {tag}{like_you}."


def _reciprocity(ix: Index, person: str, end: str) -> tuple[float, str | None]:
    skills = ix.skills[person]
    if not skills:
        return 0.0, None
    if ix.label(end) == PERSON:
        common = sorted(skills & ix.wants[end])
        if common:
            return 1.0, f"{ix.name(end)} wants to learn {common[0]}. You could show them."
        return 0.0, None
    crowd = ix.members[end] if ix.label(end) == GROUP else ix.visitors[end]
    for m in sorted(crowd):
        common = sorted(skills & ix.wants[m])
        if common:
            return 1.0, f"{ix.name(m)} wants to learn {common[0]}. You could show them."
    return 0.0, None


def fit(ix: Index, person: str, end: str, wanted: dict[str, float], *, widen: bool) -> Fit:
    """Fit of ``end`` in [0, 1] and the sentences that explain it.

    ``wanted`` maps tags to rarity weights. When ``widen`` (no need, no interests given) every
    end starts at one half, raised by the person's own interests, so the person's circle can grow
    even where nothing is shared yet.
    """
    total = sum(wanted.values())
    mine = ix.interests[person]
    got = 0.0
    said: list[str] = []
    for tag, w in sorted(wanted.items(), key=lambda kv: -kv[1]):
        m, sentence = _tag_match(ix, end, tag, mine)
        got += w * m
        if sentence and len(said) < 2:
            said.append(sentence)
    value = got / total if total else 0.0
    recip, sentence = _reciprocity(ix, person, end)
    if sentence:
        said.append(sentence)
    value = 1.0 - (1.0 - value) * (1.0 - 0.5 * recip)
    if widen:
        value = 0.5 + 0.5 * value
    return Fit(round(value, 6), tuple(said))
