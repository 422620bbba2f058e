"""Import and export: spreadsheets in; spreadsheets, GraphML, GEXF, JSON and pandas out.

::

    schema.py      the kinds of file (people, knows...), their columns and plain-English help
    cells.py       one cell <-> one value: empty = unknown, lists with ;, Excel's numbers
    read.py        CSV files and workbook sheets, row by row
    messages.py    the model's complaints reworded with a fix (31/12/2020 -> 2020-12-31)
    importer.py    check every row, then write all of it in one transaction, or nothing
    lookup.py      which ids the store already holds (few: one get each; many: page through)
    report.py      ImportReport: counts and problems, as tables, JSON or a CSV of problems
    templates.py   blank CSV / Excel templates and a worked example
    export.py      CSV (the templates, filled), node-link JSON; graphfiles.py: GraphML, GEXF
    frames.py      to_pandas for notebooks
    commands.py    the `graphsvc import / export / template` commands

See ``docs/import-export.md``. Names are imported lazily, so the command line does not pay for
pandas or openpyxl until it needs them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from graphsvc.io.export import export_graph, read_json, write_csv, write_json
    from graphsvc.io.frames import to_pandas
    from graphsvc.io.graphfiles import read_gexf, read_graphml, write_gexf, write_graphml
    from graphsvc.io.importer import Importer, import_files
    from graphsvc.io.report import ImportProblem, ImportReport
    from graphsvc.io.schema import KINDS
    from graphsvc.io.templates import write_csv_templates, write_xlsx_template

_WHERE = {
    "Importer": "importer",
    "import_files": "importer",
    "ImportProblem": "report",
    "ImportReport": "report",
    "KINDS": "schema",
    "export_graph": "export",
    "write_csv": "export",
    "write_json": "export",
    "read_json": "export",
    "write_graphml": "graphfiles",
    "read_graphml": "graphfiles",
    "write_gexf": "graphfiles",
    "read_gexf": "graphfiles",
    "to_pandas": "frames",
    "write_csv_templates": "templates",
    "write_xlsx_template": "templates",
}
__all__ = [
    "KINDS",
    "ImportProblem",
    "ImportReport",
    "Importer",
    "export_graph",
    "import_files",
    "read_gexf",
    "read_graphml",
    "read_json",
    "to_pandas",
    "write_csv",
    "write_csv_templates",
    "write_gexf",
    "write_graphml",
    "write_json",
    "write_xlsx_template",
]


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'graphsvc.io' has no attribute {name!r}")
    return getattr(importlib.import_module(f"graphsvc.io.{_WHERE[name]}"), name)
