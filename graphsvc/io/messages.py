"""The model's complaints about a cell, reworded for the person who typed it, with a fix.

`graphsvc.model` already names the field and says what it wants; a spreadsheet user also needs
to hear what to type instead. The commonest mistakes get a specific suggestion: a UK date
(``31/12/2020``), a decimal comma (``4,3``), a time of day in words (``Thursday evening``), a
near miss of a fixed choice (``freind``).

Examples
--------
>>> from graphsvc.io.schema import KINDS
>>> since = KINDS["knows"].column("since")
>>> plain(since, "write a date as YYYY-MM-DD (or YYYY-MM, or YYYY)", "31/12/2020")
'write a date as YYYY-MM-DD (or YYYY-MM, or YYYY); if you mean 31 December 2020, write 2020-12-31'
>>> kind = KINDS["knows"].column("kind")
>>> plain(kind, "Input should be 'family', 'friend' or 'other'", "freind")
"use one of: family, friend, neighbour, colleague, acquaintance, other; did you mean 'friend'?"
"""

from __future__ import annotations

import difflib
import re
from datetime import date

from graphsvc.io.cells import FREQUENCY_WORDS, choice, split_list
from graphsvc.io.schema import Column, Value

_UK_DATE = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})\s*$")
_QUOTED_SLOT = re.compile(r"^cannot read slot '(.*?)'")
_BOUND = re.compile(r"^Input should be (greater|less) than (or equal to )?(\S+)$")
_DAY_WORDS = {
    "mon": "Mon", "tue": "Tue", "wed": "Wed", "thu": "Thu", "fri": "Fri", "sat": "Sat",
    "sun": "Sun",
}  # fmt: skip
_FULL_DAYS = {
    "Mon": "Monday", "Tue": "Tuesday", "Wed": "Wednesday", "Thu": "Thursday", "Fri": "Friday",
    "Sat": "Saturday", "Sun": "Sunday",
}  # fmt: skip
_PARTS_OF_DAY = {
    "morning": "09:00-12:00",
    "lunch": "12:00-14:00",
    "afternoon": "13:00-17:00",
    "evening": "18:00-22:00",
    "night": "20:00-23:00",
}


def plain(column: Column | None, message: str, raw: str | None, item: int | None = None) -> str:
    """``message`` about the cell ``raw`` of ``column``, reworded to say what to type instead.

    ``item`` is the 0-based position of the faulty item in a list cell, when that is known.
    """
    text = _reword(column, message, raw if item is None else _item(raw, item))
    if item is not None and column is not None and column.is_list:
        shown = _item(raw, item)
        text = f"item {item + 1}" + (f" ({shown!r})" if shown else "") + f": {text}"
    return text


def _item(raw: str | None, item: int) -> str | None:
    items = split_list(raw) if raw else []
    return items[item] if 0 <= item < len(items) else None


def _reword(column: Column | None, message: str, raw: str | None) -> str:
    value = (raw or "").strip()
    if message == "required but missing":
        return _missing(column)
    if column is not None and column.value is Value.DATE and (hint := _date_hint(value)):
        return f"{message}; {hint}"
    quoted = _QUOTED_SLOT.match(message)  # the one slot at fault, not the whole cell
    if quoted and (hint := _slot_hint(quoted[1])):
        return f"{message}; {hint}"
    if message.startswith("Input should be a valid number"):
        return _number_hint(column, value)
    if message.startswith("Input should be a valid integer"):
        return "write a whole number, such as 1958, without words or decimals"
    if column is not None and column.choices and message.startswith("Input should be"):
        return _choice_hint(column, value)
    if m := _BOUND.match(message):
        more = "more" if m[1] == "greater" else "less"
        return f"must be {m[3]} or {more}" if m[2] else f"must be {more} than {m[3]}"
    if message.startswith("String should have at most"):
        return "too long: " + message.replace("String should have", "write")
    if message.startswith("String should have at least 1"):
        return "empty: " + _missing(column)
    return message


def _missing(column: Column | None) -> str:
    if column is None:
        return "required but missing"
    if column.name == "id":
        return "fill in the id: every row needs one, unique across all files"
    return f"fill in the {column.name}: every row needs one"


def _date_hint(value: str) -> str | None:
    m = _UK_DATE.match(value)
    if not m:
        return None
    d, mo, y = int(m[1]), int(m[2]), int(m[3])
    if len(m[3]) == 2:
        y += 2000 if y <= date.today().year % 100 else 1900
    try:
        as_uk = date(y, mo, d)
    except ValueError:
        as_uk = None
    try:
        as_us = date(y, d, mo) if d != mo else None
    except ValueError:
        as_us = None
    if as_uk and as_us:
        return (
            f"if you mean {as_uk:%-d %B %Y}, write {as_uk.isoformat()} "
            f"(or {as_us.isoformat()} for {as_us:%-d %B %Y})"
        )
    found = as_uk or as_us
    if found:
        return f"if you mean {found:%-d %B %Y}, write {found.isoformat()}"
    return None


def _slot_hint(value: str) -> str | None:
    lowered = value.lower()
    part = next((p for p in _PARTS_OF_DAY if p in lowered), None)
    if part is None:
        return None
    day = next((v for k, v in _DAY_WORDS.items() if k in lowered), None)
    example = f"{day or 'Thu'} {_PARTS_OF_DAY[part]}"
    when = (
        f"a {_FULL_DAYS[day]} {part}"
        if day
        else f"an {part}"
        if part[0] in "aeiou"
        else f"a {part}"
    )
    return f"say the hours instead, such as {example!r} for {when}"


def _number_hint(column: Column | None, value: str) -> str:
    comma = value.replace(",", ".", 1)
    try:
        float(comma)
    except ValueError:
        pass
    else:
        if "," in value:
            return f"use a dot for decimals: write {comma}"
    words = ""
    if column is not None and column.name == "frequency":
        words = f", or one of the words {', '.join(FREQUENCY_WORDS)}"
    return f"write a number, such as 4.3, without units{words}"


def _choice_hint(column: Column, value: str) -> str:
    text = "use one of: " + ", ".join(column.choices)
    wanted = choice(value) if value else ""
    close = difflib.get_close_matches(wanted, column.choices, n=1, cutoff=0.6)
    return text + (f"; did you mean {close[0]!r}?" if close else "")
