"""Where rows come from: CSV files and the sheets of ``.xlsx`` workbooks, one row at a time.

A `Source` is one table: a CSV file or one sheet. It knows its name as a person would say it in
a report (``knows.csv``, ``town.xlsx, sheet knows``), which kind of records it holds (from the
file or sheet name, or as told), and yields its rows lazily, so a 100,000-row file is never held
in memory as text. Rows are numbered as a spreadsheet numbers them: the header is row 1.

CSV files are read as UTF-8 (with or without the byte-order mark Excel writes), with ``,`` as the
delimiter unless the header uses ``;`` or tabs instead (Excel in some locales saves so).
Workbooks are read with openpyxl in read-only mode, values only (the results of formulas).
"""

from __future__ import annotations

import csv
import warnings
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from graphsvc.errors import BadRequest
from graphsvc.io.schema import kind_for_name

#: Sheets that explain a workbook rather than hold records.
README_SHEETS = frozenset({"readme", "read_me", "read me", "help", "instructions"})
CSV_SUFFIXES = (".csv", ".tsv", ".txt")
XLSX_SUFFIXES = (".xlsx", ".xlsm")

Row = tuple[int, Sequence[object]]


@dataclass(frozen=True)
class Source:
    """One table to import: a CSV file or one sheet of a workbook.

    ``kind`` is the kind of record it holds when known (see `graphsvc.io.schema.kind_for_name`),
    and ``stem`` the file or sheet name it was worked out from.
    """

    path: Path
    kind: str | None
    sheet: str | None = None
    full_path: bool = False

    @property
    def name(self) -> str:
        """How reports name it: the file name, or the path when two files share a name."""
        file = str(self.path) if self.full_path else self.path.name
        return f"{file}, sheet {self.sheet}" if self.sheet else file

    @property
    def stem(self) -> str:
        return self.sheet if self.sheet is not None else self.path.stem

    def rows(self) -> Iterator[Row]:
        """Every row with its spreadsheet row number (header = 1), blank rows included."""
        if self.sheet is None:
            yield from _csv_rows(self.path)
        else:
            yield from _sheet_rows(self.path, self.sheet)

    def estimate_rows(self) -> int | None:
        """About how many rows there are, cheaply (for a progress bar); None if unknown."""
        if self.sheet is None:
            return _count_lines(self.path)
        with _quiet():
            from openpyxl import load_workbook

            wb = load_workbook(self.path, read_only=True, data_only=True)
            try:
                return wb[self.sheet].max_row
            finally:
                wb.close()


def sources(paths: Sequence[str | Path], *, kind: str | None = None) -> list[Source]:
    """The tables in ``paths``: CSV files, every sheet of each workbook, and folders of both.

    A folder contributes the CSV and ``.xlsx`` files directly inside it (not its subfolders, so
    the ``examples/`` folder the template command writes is never imported by accident).
    ``kind`` overrides the kind read from names, for every table given.

    Raises
    ------
    BadRequest
        If a path does not exist or is not a CSV file, a workbook or a folder.
    """
    found: list[Source] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            inside = sorted(
                p for p in path.iterdir() if p.suffix.lower() in (*CSV_SUFFIXES, *XLSX_SUFFIXES)
            )
            found += [s for p in inside if not p.name.startswith("~$") for s in _open(p, kind)]
        elif path.exists():
            found += _open(path, kind)
        else:
            raise BadRequest(f"{path} does not exist")
    names = Counter(s.name for s in found)
    return [replace(s, full_path=True) if names[s.name] > 1 else s for s in found]


def _open(path: Path, kind: str | None) -> list[Source]:
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        return [Source(path, kind or kind_for_name(path.stem))]
    if suffix in XLSX_SUFFIXES:
        return [
            Source(path, kind or kind_for_name(sheet), sheet)
            for sheet in sheet_names(path)
            if sheet.strip().lower() not in README_SHEETS
        ]
    if suffix in (".xls", ".ods", ".numbers"):
        raise BadRequest(f"{path} is not an .xlsx workbook; save it as .xlsx (or as CSV UTF-8)")
    raise BadRequest(f"{path} is not a CSV file or an .xlsx workbook")


def sheet_names(path: Path) -> list[str]:
    """The names of a workbook's sheets, in order."""
    with _quiet():
        from openpyxl import load_workbook

        try:
            wb = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # zipfile.BadZipFile, KeyError, InvalidFileException...
            raise BadRequest(f"{path} cannot be read as an .xlsx workbook: {exc}") from exc
        try:
            return list(wb.sheetnames)
        finally:
            wb.close()


def _delimiter(first_line: str) -> str:
    if "," not in first_line:
        for other in (";", "\t"):
            if other in first_line:
                return other
    return ","


def _csv_rows(path: Path) -> Iterator[Row]:
    with path.open(newline="", encoding="utf-8-sig") as f:
        first = f.readline()
        f.seek(0)
        reader = csv.reader(f, delimiter=_delimiter(first))
        yield from enumerate(reader, start=1)


def _sheet_rows(path: Path, sheet: str) -> Iterator[Row]:
    with _quiet():
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True, data_only=True)
    try:
        ws = wb[sheet]
        yield from enumerate(ws.iter_rows(values_only=True), start=1)
    finally:
        wb.close()


def _count_lines(path: Path) -> int:
    lines = 0
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            lines += chunk.count(b"\n")
    return lines


class _quiet(warnings.catch_warnings):
    """openpyxl warns about workbook features it ignores (data validation, styles): not ours."""

    def __enter__(self) -> None:
        super().__enter__()
        warnings.simplefilter("ignore", UserWarning)
