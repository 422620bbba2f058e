r"""One spreadsheet cell to one model value and back: the conventions all readers and writers share.

The conventions, for people filling in spreadsheets:

- **An empty cell means unknown.** It is left out of the record, never read as 0 or "".
- **Lists are separated by ``;``** (``Mon 10:00-12:00; Sat 09:00-17:00``). The word ``none``
  alone means an empty list ("gives nothing"), which is not the same as unknown. Inside one
  item, ``\;`` is a ``;`` and ``\\`` a backslash (exports write them so; people rarely need to).
- **Numbers typed into text columns are text.** Excel turns an id typed as 123 into the number
  123 (or 123.0): it is read back as ``"123"``. Dates Excel recognised are read as dates.
- **Fixed choices forgive case and spaces**: ``In person`` is ``in_person``.
- **Frequencies may be words**: daily, weekly, fortnightly, monthly, yearly (per month: 30,
  4.3, 2.15, 1, 0.08, as `docs/model.md` defines them).
- **Exported text that a spreadsheet would run as a formula** (starting ``=``, ``+``, ``-`` or
  ``@``) is written with a leading ``'``, as OWASP advises for CSV files holding other people's
  words; reading removes it again, so an export re-imports unchanged.

Examples
--------
>>> split_list("Mon 10:00-12:00; Sat 09:00-17:00")
['Mon 10:00-12:00', 'Sat 09:00-17:00']
>>> split_list("none"), split_list(r"fish\; chips; peas")
([], ['fish; chips', 'peas'])
>>> join_list(["fish; chips", "peas"]), join_list([]), join_list(["none"])
('fish\\; chips;peas', 'none', 'none;')
>>> cell_text(123.0), cell_text(" Ann "), cell_text(""), guard("=1+1"), unguard("'=1+1")
('123', 'Ann', None, "'=1+1", '=1+1')
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from datetime import date, datetime, time
from functools import cache

from graphsvc.io.schema import Column, Value

SEPARATOR = ";"
NONE_WORD = "none"
_ESCAPE = "\\"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

#: Contacts per month for the words people write instead of numbers (as in docs/model.md).
FREQUENCY_WORDS: dict[str, float] = {
    "daily": 30.0,
    "weekly": 4.3,
    "fortnightly": 2.15,
    "monthly": 1.0,
    "yearly": 0.08,
    "annually": 0.08,
}


def cell_text(value: object) -> str | None:
    """A cell as trimmed text, or None when empty; numbers that are whole lose their ``.0``."""
    if value is None:
        return None
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, float):
        text = format_number(value)
    elif isinstance(value, datetime):
        text = value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    elif isinstance(value, date):
        text = value.isoformat()
    else:
        text = str(value)
    text = text.strip()
    return text or None


def format_number(value: float | int) -> str:
    """A number as people write it: ``30`` not ``30.0``, ``4.3``, full precision otherwise."""
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return str(int(value))
    return repr(value) if isinstance(value, float) else str(value)


def split_list(text: str) -> list[str]:
    """Split a list cell on ``;``, honouring ``\\;``; ``none`` alone is the empty list."""
    if text.strip().lower() == NONE_WORD:
        return []
    items, current, chars = [], [], iter(text)
    for ch in chars:
        if ch == _ESCAPE:
            nxt = next(chars, "")
            if nxt in (SEPARATOR, _ESCAPE):
                current.append(nxt)
            else:
                current.append(ch + nxt)
        elif ch == SEPARATOR:
            items.append("".join(current))
            current = []
        else:
            current.append(ch)
    items.append("".join(current))
    return [item.strip() for item in items if item.strip()]


def join_list(items: Iterable[object]) -> str:
    """The inverse of `split_list`: items joined by ``;``, an empty list as ``none``."""
    parts = [str(item).replace(_ESCAPE, _ESCAPE * 2).replace(SEPARATOR, _ESCAPE + SEPARATOR)
             for item in items]  # fmt: skip
    if not parts:
        return NONE_WORD
    if len(parts) == 1 and parts[0].strip().lower() == NONE_WORD:
        return parts[0] + SEPARATOR  # the one item "none", not the empty list
    return SEPARATOR.join(parts)


def guard(text: str) -> str:
    """Prefix ``'`` to text a spreadsheet would run as a formula (or that starts with ``'``)."""
    return "'" + text if text.startswith((*_FORMULA_START, "'")) else text


def unguard(text: str) -> str:
    """Remove the ``'`` that `guard` added; other text is left alone."""
    if len(text) > 1 and text[0] == "'" and text[1] in (*_FORMULA_START, "'"):
        return text[1:]
    return text


def choice(text: str) -> str:
    """A fixed choice as the model spells it: ``"In person"`` -> ``"in_person"``."""
    return "_".join(text.strip().lower().replace("-", " ").split())


Reader = Callable[[object], object | None]


def read_cell(column: Column, raw: object) -> object | None:
    """The value to give the model for one cell, or None for an empty (unknown) cell.

    Nothing is refused here: odd values are passed on for the model to judge, so every problem
    is reported in the model's words.
    """
    return reader(column)(raw)


@cache
def reader(column: Column) -> Reader:
    """`read_cell` for one column, with the column's decisions taken once, not per cell.

    An import reads every cell of 100,000-row files through this, so text cells (all of a
    CSV's) take a short path; anything else (Excel's numbers and dates) goes through
    `cell_text` first.
    """
    finish = _FINISH[column.value]
    if column.value is Value.FLOAT and column.name == "frequency":
        finish = _frequency
    numeric = column.value in (Value.INT, Value.FLOAT)

    def read(raw: object) -> object | None:
        if raw.__class__ is str:
            text = raw.strip()  # type: ignore[attr-defined]
            return finish(text) if text else None
        if raw is None:
            return None
        if numeric and isinstance(raw, int | float) and not isinstance(raw, bool):
            return raw
        text = cell_text(raw)
        return None if text is None else finish(text)

    return read


def _frequency(text: str) -> object:
    return FREQUENCY_WORDS.get(text.lower(), text)


def _list(text: str) -> list[str]:
    if "\\" not in text and "'" not in text:  # the usual case: no escapes, no guards
        if text.lower() == NONE_WORD:
            return []
        return [item for item in (part.strip() for part in text.split(SEPARATOR)) if item]
    return [unguard(item) for item in split_list(text)]


_FINISH: dict[Value, Callable[[str], object]] = {
    Value.TEXT: lambda text: unguard(text) if text[0] == "'" else text,
    Value.DATE: lambda text: unguard(text) if text[0] == "'" else text,
    Value.INT: lambda text: text,
    Value.FLOAT: lambda text: text,
    Value.CHOICE: choice,
    Value.LIST: _list,
    Value.CHOICE_LIST: lambda text: [choice(item) for item in _list(text)],
}


def write_cell(column: Column, value: object) -> str:
    """One stored property as CSV cell text (the inverse of `read_cell`); None is empty."""
    if value is None:
        return ""
    if column.is_list:
        items = value if isinstance(value, list) else [value]
        return join_list(guard(str(i)) if column.value is Value.LIST else i for i in items)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return format_number(value)
    return guard(str(value))
