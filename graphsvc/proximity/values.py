"""Reading property values off the graph: one parser per kind of value, shared by both paths.

The vectorised path (`features`) and the per-tie path (`single`) both turn the graph's stored
values into numbers through these functions, so a date, a mode or a list of help means the same
thing in both. Values are refused with `BadRequest` naming the tie, the field and the fix: a
hand-built graph with ``mode="pigeon"`` should fail loudly, not score as "unknown".

Dates keep the precision they were given, so a date stands for the *middle* of the period it
names: ``"2015"`` is mid-2015, ``"2019-05"`` mid-May 2019. Counting from the first day would make
every "since 2015" friendship half a year older than anyone knows it to be.

Examples
--------
>>> decimal_year("2015"), round(decimal_year("2019-05"), 3), round(decimal_year("2024-06-30"), 4)
(2015.5, 2019.371, 2024.4959)
>>> help_mask(["company", "practical"]), help_mask([]), help_mask(None)
(5, 0, -1)
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Hashable, Sequence
from datetime import date
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from graphsvc.errors import BadRequest
from graphsvc.model import Employer, Help, KnowsKind, Mode, WorkerRole, normalise_tag

#: Modes, most direct first; a mode's code is its position here (-1: unknown).
MODES: tuple[str, ...] = tuple(m.value for m in Mode)
KINDS: tuple[str, ...] = tuple(k.value for k in KnowsKind)
#: Kinds of help; help kind ``i`` is bit ``1 << i`` of a help mask.
HELP: tuple[str, ...] = tuple(h.value for h in Help)
ROLES: tuple[str, ...] = tuple(r.value for r in WorkerRole)
EMPLOYERS: tuple[str, ...] = tuple(e.value for e in Employer)
#: Number of kinds of help in each mask 0..63.
POPCOUNT = np.array([bin(m).count("1") for m in range(1 << len(HELP))], dtype=np.int64)

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
T = TypeVar("T")


def decimal_year(value: object) -> float:
    """The middle of the period a (partial) ISO date names, in years: ``2015.5`` for ``"2015"``.

    Accepts ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` strings, a `datetime.date`, or a year as an
    int; raises `ValueError` for anything else.
    """
    if isinstance(value, date):
        value = value.isoformat()[:10]
    elif isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
        value = str(value)
    if not isinstance(value, str) or not (m := _DATE.match(value.strip())):
        raise ValueError("write dates as YYYY-MM-DD, YYYY-MM or YYYY")
    year = int(m[1])
    start = date(year, 1, 1).toordinal()
    days = date(year + 1, 1, 1).toordinal() - start
    if m[2] is None:
        return year + 0.5
    month = int(m[2])
    if not 1 <= month <= 12:
        raise ValueError(f"{value} is not a real date")
    first = date(year, month, 1).toordinal()
    if m[3] is None:
        length = (date(year + month // 12, month % 12 + 1, 1).toordinal()) - first
        return year + (first - start + length / 2) / days
    try:
        day = date(year, month, int(m[3])).toordinal()
    except ValueError:
        raise ValueError(f"{value} is not a real date") from None
    return year + (day - start + 0.5) / days


def missing(value: object) -> bool:
    """None, or a float NaN (what pandas-built graphs use for "not known")."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def date_or_nan(value: object) -> float:
    """`decimal_year`, or NaN when the date is not known."""
    return math.nan if missing(value) else decimal_year(value)


def code_of(value: object, vocabulary: Sequence[str]) -> int:
    """The position of ``value`` in ``vocabulary``; -1 when unknown; `ValueError` if not in it."""
    if missing(value):
        return -1
    try:
        return vocabulary.index(value)  # type: ignore[arg-type]
    except ValueError:
        raise ValueError(f"use one of {', '.join(vocabulary)}") from None


def help_mask(values: object) -> int:
    """Kinds of help as a bit mask: -1 when not known, 0 for an empty list ("none")."""
    if missing(values):
        return -1
    if isinstance(values, str) or not isinstance(values, Sequence | set | frozenset):
        raise ValueError(f"give a list of kinds of help from {', '.join(HELP)}")
    mask = 0
    for v in values:
        mask |= 1 << code_of(v, HELP)
    return mask


def tag_tuple(values: object) -> tuple[str, ...] | None:
    """A list of contexts or tasks as a tuple of normalised, distinct tags; None if unknown."""
    if missing(values):
        return None
    if isinstance(values, str) or not isinstance(values, Sequence | set | frozenset):
        raise ValueError("give a list of short phrases")
    return tuple(dict.fromkeys(t for v in values if (t := normalise_tag(str(v)))))


def number(value: object, *, upper: float = math.inf) -> float:
    """A non-negative number, or NaN when unknown; `ValueError` otherwise."""
    if missing(value):
        return math.nan
    if not isinstance(value, int | float | np.number):
        raise ValueError("give a number")
    x = float(value)
    if not 0.0 <= x <= upper:
        raise ValueError(
            f"give a number from 0 to {upper:g}" if upper < math.inf else "give 0 or more"
        )
    return x


def checked(parse: Callable[[Any], T], value: object, where: str, field: str) -> T:
    """``parse(value)``, with a `ValueError` turned into a `BadRequest` naming tie and field."""
    try:
        return parse(value)
    except ValueError as exc:
        raise BadRequest(f"{where}, field '{field}': {exc} (got {value!r})") from None


def _factorised(
    values: Sequence[Any],
    parse: Callable[[Any], float],
    missing: float,
    dtype: type,
    *,
    field: str,
    where: Callable[[int], str],
) -> np.ndarray:
    codes, uniques = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=True)
    mapped = np.empty(len(uniques) + 1, dtype=dtype)
    mapped[-1] = missing
    for j, u in enumerate(uniques):
        try:
            mapped[j] = parse(u)
        except ValueError:
            first = int(np.argmax(codes == j))
            checked(parse, u, where(first), field)  # raises, naming the first tie holding it
    return mapped[codes]


def codes_column(
    values: Sequence[Any], vocabulary: Sequence[str], *, field: str, where: Callable[[int], str]
) -> np.ndarray:
    """Vocabulary codes of a column of strings (None: -1), each distinct value checked once."""
    return _factorised(
        values, lambda x: code_of(x, vocabulary), -1, np.int64, field=field, where=where
    )


def dates_column(values: Sequence[Any], *, field: str, where: Callable[[int], str]) -> np.ndarray:
    """Decimal years of a column of partial dates (None: NaN), each distinct date parsed once."""
    return _factorised(values, decimal_year, np.nan, np.float64, field=field, where=where)


def numbers_column(
    values: Sequence[Any], *, field: str, where: Callable[[int], str], upper: float = math.inf
) -> np.ndarray:
    """Non-negative floats (None: NaN): one C-level conversion, checked cell by cell on failure."""
    try:
        arr, ok = np.array(values, dtype=np.float64), True
    except (TypeError, ValueError):
        arr, ok = np.empty(0), False
    known = arr[~np.isnan(arr)]
    if not ok or not bool(np.all((known >= 0) & (known <= upper))):
        for i, v in enumerate(values):
            checked(lambda x: number(x, upper=upper), v, where(i), field)
    return arr


def factor_values(
    values: Sequence[Any],
    parse: Callable[[Any], T | None],
    *,
    field: str,
    where: Callable[[int], str],
) -> tuple[np.ndarray, list[T]]:
    """`factor_column` for hashable values (lists already made tuples): hashed in C.

    Falls back to `factor_column` when some value cannot be hashed (it then reports it).
    """
    try:
        codes, uniques = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=True)
    except TypeError:
        return factor_column(values, parse, field=field, where=where)
    parsed: list[T] = []
    remap = np.full(len(uniques) + 1, -1, dtype=np.int64)
    for j, u in enumerate(uniques):
        try:
            value = parse(u)
        except ValueError:
            checked(parse, u, where(int(np.argmax(codes == j))), field)  # raises, naming a tie
            raise  # pragma: no cover - checked always raises here
        if value is not None:
            remap[j] = len(parsed)
            parsed.append(value)
    return remap[codes], parsed


def factor_column(
    values: Sequence[Any],
    parse: Callable[[Any], T | None],
    *,
    field: str,
    where: Callable[[int], str],
) -> tuple[np.ndarray, list[T]]:
    """Codes of the distinct parsed values of a column of lists (or scalars), and the values.

    Code -1 marks a missing value. Lists are compared by content, so a column of half a million
    ``["company"]`` lists is parsed once per distinct list.
    """
    cache: dict[Hashable, int] = {}
    uniques: list[T] = []
    codes: list[int] = []
    append, get = codes.append, cache.get
    for i, v in enumerate(values):
        if v is None:
            append(-1)
            continue
        try:
            k = tuple(v) if type(v) is list else v
            c = get(k)
        except TypeError:  # unhashable: parse it to get the error, or a value to add
            k, c = ("unhashable", i), None
        if c is None:
            parsed = checked(parse, v, where(i), field)
            c = -1 if parsed is None else len(uniques)
            if parsed is not None:
                uniques.append(parsed)
            cache[k] = c
        append(c)
    return np.array(codes, dtype=np.int64), uniques
