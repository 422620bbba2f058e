"""Blank templates to fill in, and a small worked example, as CSV files or one Excel workbook.

Templates hold a header row and nothing else, so nothing in them is ever imported by accident.
The example rows live apart: in an ``examples/`` folder next to the CSV templates (importing a
folder never reads its subfolders), and on the workbook's README sheet, which imports skip. The
examples are one small, consistent map (Ann's), so ``graphsvc import examples/`` works as a
first try, and a test checks that it does.

The workbook has a README sheet first: how to fill the sheets in, then for each sheet what a
row means and, for each column, what to write, the allowed choices and an example. Each
sheet's header cells carry the same help as a comment, and columns are formatted as text
except numbers, so Excel does not turn ``2019-05`` into a date or an id ``007`` into 7.

Examples
--------
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> [p.name for p in write_csv_templates(folder, ["people", "knows"])]
['people.csv', 'knows.csv', 'people.csv', 'knows.csv']
>>> (folder / "people.csv").read_text(encoding="utf-8-sig")
'id,name,consent,consent_date,birth_year,household,free_slots,notes\\n'
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from graphsvc.errors import BadRequest
from graphsvc.io.export import refuse_existing
from graphsvc.io.schema import KINDS, Column, Kind, Value, resolve_kind

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

WORKBOOK_NAME = "graphsvc-templates.xlsx"
EXAMPLES_FOLDER = "examples"

#: Ann's map: one consistent example for every kind (it imports cleanly as a whole).
EXAMPLES: dict[str, list[dict[str, str]]] = {
    "people": [
        {"id": "ann", "name": "Ann Smith", "consent": "given", "consent_date": "2024-03-01",
         "birth_year": "1958", "household": "h1", "free_slots": "Mon-Fri 10:00-16:00",
         "notes": "Loves a quiz night"},
        {"id": "bob", "name": "Bob Smith", "household": "h1"},
        {"id": "cat", "name": "Cat Jones"},
    ],
    "paid_workers": [
        {"id": "w1", "name": "Wendy", "role": "care_worker", "organisation": "CareCo"},
    ],
    "spaces": [
        {"id": "crown", "name": "The Crown", "kind": "pub", "lat": "53.79", "lon": "-1.55",
         "slots": "Thu 19:00-23:00; Sat 12:00-23:00"},
    ],
    "groups": [
        {"id": "quiz", "name": "Crown quiz team", "kind": "quiz team",
         "purpose": "fun and friendship", "slots": "Thu 20:00-22:00"},
    ],
    "neighbourhoods": [{"id": "n1", "name": "Holbeck"}],
    "interests": [{"name": "Rugby union"}, {"name": "Gardening"}],
    "needs": [
        {"id": "need1", "what": "company at the weekend", "slots": "Sat 10:00-16:00",
         "tags": "company; outings"},
    ],
    "knows": [
        {"source": "ann", "target": "bob", "kind": "family", "since": "1980",
         "frequency": "daily", "mode": "in_person", "contexts": "family",
         "gives": "care; company", "receives": "practical"},
        {"source": "bob", "target": "ann", "kind": "family", "frequency": "30"},
        {"source": "ann", "target": "cat", "kind": "neighbour", "since": "2015-06",
         "frequency": "weekly", "mode": "in_person", "contexts": "neighbours; quiz team",
         "gives": "none"},
    ],
    "supports": [
        {"source": "w1", "target": "ann", "role": "care_worker", "hours_per_week": "10.5",
         "hourly_cost": "22.50", "since": "2023-01", "frequency": "30", "mode": "in_person",
         "employer": "provider", "turnover_per_year": "4", "tasks": "meals; shopping"},
    ],
    "visits": [
        {"source": "ann", "target": "crown", "frequency": "4.3", "slots": "Thu 19:00-22:00",
         "since": "2019"},
    ],
    "memberships": [{"source": "ann", "target": "quiz", "since": "2019-05", "frequency": "4.3"}],
    "meets_at": [{"source": "quiz", "target": "crown", "slots": "Thu 20:00-22:00"}],
    "lives_in": [
        {"source": "ann", "target": "n1"},
        {"source": "bob", "target": "n1"},
        {"source": "crown", "target": "n1"},
    ],
    "person_interests": [
        {"source": "ann", "target": "Rugby union", "relation": "interested_in"},
        {"source": "cat", "target": "Gardening", "relation": "skilled_in"},
        {"source": "ann", "target": "Gardening", "relation": "wants_to_learn"},
    ],
    "about": [{"source": "crown", "target": "Rugby union"}],
    "has_need": [{"source": "ann", "target": "need1"}],
    "met_by": [{"source": "need1", "target": "w1", "hours_per_week": "3"}],
}  # fmt: skip


def resolve_kinds(kinds: Sequence[str] | str | None) -> list[Kind]:
    """Kinds by name (``"all"`` or None for every kind), in template order."""
    if kinds is None or kinds == "all" or (not isinstance(kinds, str) and "all" in kinds):
        return list(KINDS.values())
    names = [kinds] if isinstance(kinds, str) else list(kinds)
    wanted = {resolve_kind(n) for n in names}
    return [k for k in KINDS.values() if k.name in wanted]


def write_csv_templates(
    folder: str | Path, kinds: Sequence[str] | str | None = None, *, overwrite: bool = False
) -> list[Path]:
    """Write a header-only CSV per kind, and the example rows under ``examples/``; return paths.

    Refuses to replace existing files (someone's filled-in ``people.csv``) unless ``overwrite``.
    """
    folder = Path(folder)
    chosen = resolve_kinds(kinds)
    blank = [folder / k.filename for k in chosen]
    examples = [folder / EXAMPLES_FOLDER / k.filename for k in chosen]
    refuse_existing(blank + examples, overwrite=overwrite)
    (folder / EXAMPLES_FOLDER).mkdir(parents=True, exist_ok=True)
    for kind, path, example in zip(chosen, blank, examples, strict=True):
        _write(path, kind, [])
        _write(example, kind, EXAMPLES[kind.name])
    return blank + examples


def _write(path: Path, kind: Kind, rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8-sig") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(kind.column_names)
        writer.writerows([row.get(c, "") for c in kind.column_names] for row in rows)


def write_xlsx_template(
    path: str | Path, kinds: Sequence[str] | str | None = None, *, overwrite: bool = False
) -> Path:
    """Write a workbook: a README sheet, then one blank sheet per kind (header row only)."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise BadRequest(f"{path}: a workbook's name must end in .xlsx")
    refuse_existing([path], overwrite=overwrite)
    chosen = resolve_kinds(kinds)
    wb = Workbook()
    readme = wb.active
    assert readme is not None  # a new workbook always has one sheet
    readme.title = "README"
    _fill_readme(readme, chosen)
    bold = Font(bold=True)
    for kind in chosen:
        ws = wb.create_sheet(kind.name)
        ws.append(kind.column_names)
        for i, column in enumerate(kind.columns, start=1):
            cell = ws.cell(row=1, column=i)
            cell.font = bold
            cell.comment = Comment(_column_note(column), "graphsvc", width=300, height=120)
            letter = get_column_letter(i)
            ws.column_dimensions[letter].width = max(14, len(column.name) + 4)
            if column.value not in (Value.INT, Value.FLOAT):
                ws.column_dimensions[letter].number_format = "@"
        ws.freeze_panes = "A2"
    for row in readme.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def _column_note(column: Column) -> str:
    note = column.help
    if column.choices:
        note += ". One of: " + ", ".join(column.choices)
    return note


_GUIDE = [
    "How to fill in these sheets",
    "Each sheet holds one kind of record; its name says which. Row 1 names the columns: keep it.",
    "Every person, worker, place, group, neighbourhood and need has an id: a short code you "
    "choose (ann, p12). Ids must be unique across all sheets. Ties use the ids to say who or "
    "what they join.",
    "Leave a cell empty when you do not know. Empty means unknown, never zero or none.",
    "Lists go in one cell, separated by ; (Mon 10:00-12:00; Sat 09:00-17:00). Write none for an "
    "empty list (gives nothing), which is not the same as an empty cell (not known).",
    "Dates: YYYY-MM-DD, or YYYY-MM, or just YYYY when only the year is known (2015).",
    "Times in a week: a day and 24-hour times, such as Thu 19:00-23:00, Mon-Fri 09:00-17:00 "
    "or daily 10:00-12:00.",
    "Nothing is imported unless every row is right: the import lists each problem with its "
    "sheet, row and column. Importing the same workbook again changes nothing.",
    "This README sheet is never imported.",
]


def _fill_readme(ws: Worksheet, kinds: list[Kind]) -> None:
    from openpyxl.styles import Font

    title, heading = Font(bold=True, size=14), Font(bold=True)
    ws.append([_GUIDE[0]])
    ws.cell(row=ws.max_row, column=1).font = title
    for line in _GUIDE[1:]:
        ws.append([line])
    for kind in kinds:
        ws.append([])
        ws.append([f"Sheet {kind.name}: {kind.title}", kind.about])
        ws.cell(row=ws.max_row, column=1).font = title
        ws.append(["column", "what to write", "choices", "example"])
        for i in range(1, 5):
            ws.cell(row=ws.max_row, column=i).font = heading
        example = EXAMPLES[kind.name][0]
        for column in kind.columns:
            ws.append([column.name, column.help, ", ".join(column.choices),
                       example.get(column.name, "")])  # fmt: skip
    for letter, width in zip("ABCD", (34, 70, 36, 30), strict=True):
        ws.column_dimensions[letter].width = width
