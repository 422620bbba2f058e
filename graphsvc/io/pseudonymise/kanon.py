"""Groups of at least k: age bands, bands of people known, and what each person withholds.

Pure helpers, tested on their own: `age_band`, `merge_bands` (with `band_name` and `band_of`)
and `k_anonymise`, the step that withholds quasi-identifiers until every published combination
is shared by at least ``k`` people.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Mapping

from graphsvc.assets.config import AgeBand

#: The quasi-identifiers of a person, in the order they are withheld (least useful first).
QUASI_IDENTIFIERS: tuple[str, ...] = ("shares_household", "consent", "age_band", "neighbourhood")


def age_band(birth_year: object, bands: Iterable[AgeBand], as_of: int) -> str | None:
    """The name of the band holding the age reached in ``as_of`` (None if unknown or none)."""
    if isinstance(birth_year, bool) or not isinstance(birth_year, int):
        return None
    age = as_of - birth_year
    for b in bands:
        if age >= b.low and (b.high is None or age <= b.high):
            return b.name
    return None


def band_name(band: tuple[int, int | None]) -> str:
    """``(3, 5)`` -> ``"3-5"``, ``(0, 0)`` -> ``"0"``, ``(21, None)`` -> ``"21+"``."""
    low, high = band
    if high is None:
        return f"{low}+"
    return str(low) if low == high else f"{low}-{high}"


def merge_bands(
    lows: Iterable[int], values: Iterable[int], k: int
) -> tuple[tuple[int, int | None], ...]:
    """Bands from their lower ends, neighbours joined until none holds 1 to k-1 of ``values``.

    The band someone falls in is part of every group of k (it cannot be withheld: it is read off
    the ties), so each band must itself hold at least k people, as the asset maps join small age
    bands. A small band joins its smaller non-empty neighbour.
    """
    starts = sorted(lows)
    bands: list[tuple[int, int | None]] = [
        (lo, (starts[i + 1] - 1) if i + 1 < len(starts) else None) for i, lo in enumerate(starts)
    ]
    values = list(values)
    while len(bands) > 1:
        sizes = [sum(1 for x in values if _in_band(x, b)) for b in bands]
        small = [i for i, s in enumerate(sizes) if 0 < s < k]
        if not small:
            break
        i = small[0]
        left = sizes[i - 1] if i > 0 else None
        right = sizes[i + 1] if i + 1 < len(bands) else None
        if right is None or (left is not None and (right == 0 or 0 < left <= right)):
            j = i - 1
        else:
            j = i + 1
        a, b = sorted((i, j))
        bands[a : b + 1] = [(bands[a][0], bands[b][1])]
    return tuple(bands)


def band_of(x: int, bands: tuple[tuple[int, int | None], ...]) -> str:
    """The name of the band of ``bands`` (from `merge_bands`) that holds ``x``."""
    return next(band_name(b) for b in bands if _in_band(x, b))


def _in_band(x: int, band: tuple[int, int | None]) -> bool:
    return x >= band[0] and (band[1] is None or x <= band[1])


def k_anonymise(
    qis: Mapping[Hashable, tuple[Hashable, ...]],
    band: Mapping[Hashable, Hashable],
    k: int,
    *,
    order: Callable[[Hashable], str],
) -> dict[Hashable, frozenset[int]]:
    """Which quasi-identifiers (positions in the tuple) to withhold for each person.

    A person's published combination is their ``band`` (always visible: it is read off the
    ties) and their quasi-identifiers, some withheld (shown as ``None``, like an unknown value).
    Everyone in a combination shared by fewer than ``k`` people withholds one more, front of
    the tuple first, until every combination is shared by at least ``k`` or fully withheld. A
    quasi-identifier that is the same for everyone is never withheld: it tells nothing. People
    fully withheld in a band may still be fewer than ``k``; then more people of that band are
    fully withheld, those already withholding most first, ties broken in ``order`` (the keyed
    pseudonym, so that nobody without the key can replay the choice).

    Withholding only grows and a combination shared by ``k`` or more never loses a member, so
    this ends; when every band holds at least ``k`` people (see `merge_bands`), it ends with
    every published combination shared by at least ``k`` people.
    """
    width = len(next(iter(qis.values()), ()))
    useful = [i for i in range(width) if len({qis[p][i] for p in qis}) > 1]
    level = dict.fromkeys(qis, 0)  # how many of `useful` are withheld, front first
    top = len(useful)

    def shown(p: Hashable) -> tuple[Hashable, ...]:
        hidden = useful[: level[p]]
        return (band[p], *(None if i in hidden else v for i, v in enumerate(qis[p])))

    def fully_withheld(p: Hashable) -> bool:
        return all(v is None for i, v in enumerate(shown(p)[1:]) if i in useful)

    while True:
        while True:
            sizes = Counter(shown(p) for p in qis)
            rising = [p for p in qis if level[p] < top and sizes[shown(p)] < k]
            if not rising:
                break
            for p in rising:
                level[p] += 1
        full = Counter(band[p] for p in qis if fully_withheld(p))
        pulled = False
        for b, size in sorted(full.items(), key=lambda item: str(item[0])):
            if size >= k:
                continue
            pool = sorted(
                (p for p in qis if band[p] == b and not fully_withheld(p)),
                key=lambda p: (-level[p], order(p)),
            )
            for p in pool[: k - size]:
                level[p] = top
                pulled = True
        if not pulled:
            return {p: frozenset(useful[: level[p]]) for p in qis}
