"""Reading stored values column-wise gives exactly what reading them one at a time gives.

The vectorised path codes each distinct value once and parses most dates with numpy
(`values.coded_dates`); these tests hold that to `decimal_year`, float for float and error for
error, and check the slow routes taken for values that cannot be hashed.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import Any

import networkx as nx
import pytest

from graphsvc.errors import BadRequest
from graphsvc.proximity import score_tie, score_ties
from graphsvc.proximity.extract import KNOWS_FIELDS, read_knows
from graphsvc.proximity.values import code_slowly, code_values, coded_dates, decimal_year
from tests.proximity.cases import CFG, pair


def _where(i: int) -> str:
    return f"row {i}"


def _one_by_one(values: list[Any]) -> list[float | str]:
    """`decimal_year` of each value, or the message it refuses it with."""
    out: list[float | str] = []
    for v in values:
        try:
            out.append(decimal_year(v))
        except ValueError as exc:
            out.append(str(exc))
    return out


def _column(values: list[Any]) -> list[float | str]:
    """`coded_dates` of each value alone (so an error names that value), like `_one_by_one`."""
    out: list[float | str] = []
    for v in values:
        try:
            out.append(float(coded_dates(code_values([v]), field="since", where=_where)[0]))
        except BadRequest as exc:
            out.append(str(exc).split(": ", 1)[1].rsplit(" (got ", 1)[0])
    return out


def test_dates_read_column_wise_equal_decimal_year_exactly() -> None:
    days = [date(1999, 12, 25) + timedelta(days=i) for i in range(800)]  # 2000 is a leap year
    values: list[Any] = [d.isoformat() for d in days]
    values += [d.isoformat()[:7] for d in days[::20]] + ["1900", "2000", "2023", "2100", "0001"]
    values += ["1900-02-29", "2000-02-29", "2100-02-29", "2019-02-30", "2019-13", "2019-00"]
    values += ["0000", "9999", "9998-12-31", " 2019", "2019 ", "2019-1", "19-01-01", "abcd"]
    values += ["２０１９", "2019-06-31", "2019/06/01", date(2019, 5, 4), 2015, "2024-12-31"]
    expected = _one_by_one(values)
    for v, got, want in zip(values, _column(values), expected, strict=True):
        assert got == want, v
    valid = [v for v, want in zip(values, expected, strict=True) if isinstance(want, float)]
    column = coded_dates(code_values(valid), field="since", where=_where)
    assert column.tolist() == _one_by_one(valid)  # bit for bit, not approximately


def test_the_first_bad_date_is_named() -> None:
    with pytest.raises(BadRequest, match=r"row 2, field 'since': 2019-02-30 is not a real date"):
        coded_dates(code_values(["2019", None, "2019-02-30", "2019-02-30"]), field="since",
                    where=_where)  # fmt: skip


def test_missing_values_are_unknown_however_written() -> None:
    nan = float("nan")
    years = coded_dates(code_values([None, nan, "2015", None]), field="since", where=_where)
    assert math.isnan(years[0]) and math.isnan(years[1]) and years[2] == 2015.5


def test_unhashable_values_are_coded_slowly_and_alike() -> None:
    dicts = [{"mode": "phone", "contexts": ["pub"]}, {"mode": {"x": 1}}, {"mode": "phone"}]
    fields = read_knows(dicts)
    assert set(fields) == set(KNOWS_FIELDS)
    assert fields["mode"].codes.tolist() == [0, 1, 0]
    assert fields["mode"].values == ["phone", {"x": 1}]
    assert fields["contexts"].values == [("pub",), None]
    fast = read_knows([{"mode": "phone"}, {"mode": "video"}, {"mode": "phone"}])
    slow = code_slowly(["phone", "video", "phone"])
    assert fast["mode"].codes.tolist() == slow.codes.tolist()
    assert fast["mode"].values == slow.values


@pytest.mark.parametrize(
    ("props", "words"),
    [
        ({"mode": ["phone"]}, "KNOWS tie 'a' -> 'b', field 'mode': use one of in_person"),
        ({"kind": {"friend": True}}, "field 'kind': use one of"),
        ({"since": ["2019"]}, "field 'since': write dates as YYYY-MM-DD"),
        ({"frequency": [4.3]}, "field 'frequency': give a number"),
    ],
)
def test_values_that_cannot_be_hashed_are_refused_in_both_paths(
    props: dict[str, Any], words: str
) -> None:
    G: nx.MultiDiGraph = pair(frequency=4.3)
    G.edges["a", "b", "KNOWS"].update(props)
    with pytest.raises(BadRequest, match=words):
        score_ties(G, CFG)
    with pytest.raises(BadRequest, match=words):
        score_tie(G, "a", "b", CFG)
