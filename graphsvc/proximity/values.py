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
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
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


@dataclass
class Coded:
    """A column of stored values as codes into its distinct values.

    ``values[codes[i]]`` is row ``i``'s value as stored (lists as tuples, so that they hash);
    each distinct value is listed once, in order of first appearance, so a parser runs once per
    distinct value and an error can name the first row holding the bad one.
    """

    codes: np.ndarray  # int64 positions in values
    values: list[Any]

    def first(self, j: int) -> int:
        """The first row holding ``values[j]``."""
        return int(np.argmax(self.codes == j))

    def column(self) -> list[Any]:
        """Every row's value, in row order (for the slow paths that check value by value)."""
        values = self.values
        return [values[c] for c in self.codes.tolist()]


def code_values(values: Sequence[Any]) -> Coded:
    """A column as `Coded`: hashed in C, or in Python when some value cannot be hashed."""
    try:
        codes, uniques = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=True)
    except TypeError:
        return code_slowly(values)
    return Coded(np.where(codes < 0, len(uniques), codes), [*uniques, None])


def code_slowly(values: Iterable[Any]) -> Coded:
    """`code_values` one value at a time; each value that cannot be hashed is its own."""
    seen: dict[Any, int] = {}
    distinct: list[Any] = []
    codes: list[int] = []
    for x in values:
        try:
            c = seen.get(x)
            if c is None:
                c = seen[x] = len(distinct)
                distinct.append(x)
        except TypeError:
            c = len(distinct)
            distinct.append(x)
        codes.append(c)
    return Coded(np.array(codes, dtype=np.int64), distinct)


def _na(value: object) -> bool:
    """What pandas counts as missing (None, NaN, NA, NaT): read as "not known"."""
    return value is None or (
        value.__class__ is not str and pd.api.types.is_scalar(value) and bool(pd.isna(value))
    )


def _parse_each(
    coded: Coded,
    parse: Callable[[Any], Any],
    missing: Any,
    dtype: type,
    *,
    field: str,
    where: Callable[[int], str],
    done: np.ndarray | None = None,
    parsed: np.ndarray | None = None,
) -> np.ndarray:
    """``parse`` of every distinct value (missing ones: ``missing``), spread over the rows.

    ``done`` marks distinct values already parsed (into ``parsed``) by a faster route.
    """
    values = coded.values
    mapped = np.empty(len(values), dtype=dtype) if parsed is None else parsed
    for j, u in enumerate(values):
        if done is not None and done[j]:
            continue
        if _na(u):
            mapped[j] = missing
            continue
        try:
            mapped[j] = parse(u)
        except ValueError:
            checked(parse, u, where(coded.first(j)), field)  # raises, naming the first row
    return mapped[coded.codes]


def coded_codes(
    coded: Coded, vocabulary: Sequence[str], *, field: str, where: Callable[[int], str]
) -> np.ndarray:
    """Vocabulary codes of a `Coded` column of strings (missing: -1)."""
    return _parse_each(
        coded, lambda x: code_of(x, vocabulary), -1, np.int64, field=field, where=where
    )


def codes_column(
    values: Sequence[Any], vocabulary: Sequence[str], *, field: str, where: Callable[[int], str]
) -> np.ndarray:
    """Vocabulary codes of a column of strings (None: -1), each distinct value checked once."""
    return coded_codes(code_values(values), vocabulary, field=field, where=where)


#: Days before each month, in a common year.
_MONTH_START = np.array([0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365])


def _fast_dates(values: list[Any]) -> tuple[np.ndarray, np.ndarray]:
    """`decimal_year` of the plain ``YYYY``, ``YYYY-MM`` and ``YYYY-MM-DD`` strings, with numpy.

    Returns the years and which values they are for. The same arithmetic as `decimal_year`, in
    the same order, so the floats are identical; anything else (a `date`, spaces, other digits,
    a day or month that does not exist) is left to `decimal_year`, which reads it or says why
    not. A town has tens of thousands of distinct dates, and one regex and three `date` objects
    each cost more than the rest of reading them.
    """
    n = len(values)
    years, done = np.full(n, np.nan), np.zeros(n, dtype=bool)
    strings = [j for j, v in enumerate(values) if v.__class__ is str and len(v) in (4, 7, 10)]
    if not strings:
        return years, done
    pos = np.array(strings, dtype=np.int64)
    chars = (
        np.array([values[j] for j in strings], dtype="U10").view(np.uint32).reshape(len(pos), 10)
    )  # fmt: skip
    size = np.array([len(values[j]) for j in strings], dtype=np.int64)
    digit = (chars >= ord("0")) & (chars <= ord("9"))
    num = np.where(digit, chars.astype(np.int64) - ord("0"), 0)
    dash = chars == ord("-")
    ok = digit[:, :4].all(axis=1)
    ok &= (size == 4) | (dash[:, 4] & digit[:, 5:7].all(axis=1))
    ok &= (size != 10) | (dash[:, 7] & digit[:, 8:10].all(axis=1))
    year = num[:, 0] * 1000 + num[:, 1] * 100 + num[:, 2] * 10 + num[:, 3]
    month = num[:, 5] * 10 + num[:, 6]
    day = num[:, 8] * 10 + num[:, 9]
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    days = 365 + leap
    has_month = size >= 7
    ok &= (year >= 1) & (year <= 9998)  # `date` covers years 1 to 9999, and the next year too
    ok &= ~has_month | ((month >= 1) & (month <= 12))
    m = np.clip(month, 1, 12)
    first = _MONTH_START[m - 1] + (leap & (m > 2))  # day of the year the month starts on
    length = _MONTH_START[m] - _MONTH_START[m - 1] + (leap & (m == 2))
    ok &= (size != 10) | ((day >= 1) & (day <= length))
    by_year = year + 0.5
    by_month = year + (first + length / 2) / days
    by_day = year + (first + day - 1 + 0.5) / days  # day - 1: days since the year began
    value = np.select([size == 4, size == 7], [by_year, by_month], by_day)
    years[pos[ok]] = value[ok]
    done[pos[ok]] = True
    return years, done


def coded_dates(coded: Coded, *, field: str, where: Callable[[int], str]) -> np.ndarray:
    """Decimal years of a `Coded` column of partial dates (missing: NaN)."""
    years, done = _fast_dates(coded.values)
    return _parse_each(
        coded, decimal_year, np.nan, np.float64, field=field, where=where, done=done, parsed=years
    )


def dates_column(values: Sequence[Any], *, field: str, where: Callable[[int], str]) -> np.ndarray:
    """Decimal years of a column of partial dates (None: NaN), each distinct date parsed once."""
    return coded_dates(code_values(values), field=field, where=where)


def coded_numbers(
    coded: Coded, *, field: str, where: Callable[[int], str], upper: float = math.inf
) -> np.ndarray:
    """`numbers_column` of a `Coded` column: each distinct value converted once."""
    try:
        distinct = np.array(coded.values, dtype=np.float64)
    except (TypeError, ValueError):
        distinct = None
    if distinct is not None and distinct.ndim == 1:
        known = distinct[~np.isnan(distinct)]
        if bool(np.all((known >= 0) & (known <= upper))):
            return distinct[coded.codes]
    return _numbers_slowly(coded.column(), field=field, where=where, upper=upper)


def numbers_column(
    values: Sequence[Any], *, field: str, where: Callable[[int], str], upper: float = math.inf
) -> np.ndarray:
    """Non-negative floats (None: NaN): one C-level conversion, checked cell by cell on failure."""
    try:
        arr = np.array(values, dtype=np.float64)
    except (TypeError, ValueError):
        arr = None
    if arr is not None and arr.ndim == 1:
        known = arr[~np.isnan(arr)]
        if bool(np.all((known >= 0) & (known <= upper))):
            return arr
    return _numbers_slowly(values, field=field, where=where, upper=upper)


def _numbers_slowly(
    values: Sequence[Any], *, field: str, where: Callable[[int], str], upper: float
) -> np.ndarray:
    """Each value checked in turn, so the error names the first tie holding a bad one."""

    def parse(x: object) -> float:
        return number(x, upper=upper)

    return np.array(
        [checked(parse, v, where(i), field) for i, v in enumerate(values)], dtype=np.float64
    )


def coded_factors(
    coded: Coded, parse: Callable[[Any], T | None], *, field: str, where: Callable[[int], str]
) -> tuple[np.ndarray, list[T]]:
    """Codes of the distinct *parsed* values of a `Coded` column (-1: missing), and the values.

    Values that parse to None (missing) get code -1, as in `factor_column`.
    """
    parsed: list[T] = []
    remap = np.full(len(coded.values), -1, dtype=np.int64)
    for j, u in enumerate(coded.values):
        if _na(u):
            continue
        try:
            value = parse(u)
        except ValueError:
            checked(parse, u, where(coded.first(j)), field)  # raises, naming the first row
            raise  # pragma: no cover - checked always raises here
        if value is not None:
            remap[j] = len(parsed)
            parsed.append(value)
    return remap[coded.codes], parsed


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
