"""Import spreadsheets into a store: every row checked, then all of it written, or none of it.

An import has two steps. `Importer.read` goes through one table row by row (a CSV file or a
sheet; see `graphsvc.io.read`), turns each row into a model record with `parse_node` /
`parse_tie`, and keeps the record and where it came from; nothing is written. `Importer.finish`
then checks what only the whole set can show (ids given two labels, ties whose ends are neither
in the files nor in the store, ends of the wrong kind), and, if nothing is wrong and this is not
a dry run, writes every record in **one** `store.upsert`: one transaction, so a refused import
leaves the store exactly as it was.

Every problem is reported where a person can find it: file or sheet, row (the header is row 1,
as spreadsheets count), column, the value found and what to type instead. All problems are
collected, not just the first, so one round of corrections fixes the lot.

Re-importing the same files changes nothing: nodes are upserted by id and ties by (type,
source, target), and a row replaces the whole record (an empty cell makes that property unknown
again; see ``docs/decisions/0001``). Two rows with the same id: the later one wins. Rows with a
``valid_to`` are history (decision 0005): each is keyed by its ``valid_from`` as well, so one
file can hold a tie's past versions and its current one.

Interests are the one kind of node a tie can create: a ``person_interests`` or ``about`` row
naming an interest that is in no file and not in the store adds it, because passions are
collected as words, not ids.

The core takes no callbacks: `Importer.read` is a generator that yields the running count of
rows, which the CLI turns into a progress bar and the API can ignore (`import_files`).

Examples
--------
>>> import tempfile, pathlib
>>> from graphsvc.store.embedded import EmbeddedStore
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "people.csv").write_text("id,name\\nann,Ann\\nbob,Bob\\n")
>>> _ = (folder / "knows.csv").write_text("source,target,since\\nann,bob,31/12/2020\\n")
>>> store = EmbeddedStore(":memory:")
>>> report = import_files(store, [folder])
>>> print(report.problems[0])
knows.csv row 2, column since ('31/12/2020'): write a date as YYYY-MM-DD (or YYYY-MM, or YYYY when only the year is known); if you mean 31 December 2020, write 2020-12-31
>>> store.counts().nodes["Person"]
0
>>> _ = (folder / "knows.csv").write_text("source,target,since\\nann,bob,2020-12-31\\n")
>>> report = import_files(store, [folder])
>>> report.nodes, report.ties, report.written
({'Person': 2}, {'KNOWS': 1}, True)
"""  # noqa: E501

from __future__ import annotations

import csv
import difflib
import math
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import NamedTuple

from graphsvc.errors import BadRequest, Conflict, InvalidRecord, Problem
from graphsvc.io.cells import Reader, cell_text, reader
from graphsvc.io.lookup import stored_labels
from graphsvc.io.messages import plain
from graphsvc.io.read import Source, sources
from graphsvc.io.report import ImportProblem, ImportReport
from graphsvc.io.schema import (
    KINDS,
    NODE_KINDS,
    RELATIONS,
    Column,
    Kind,
    column_name,
    resolve_kind,
    suggest_kind,
)
from graphsvc.model import (
    ENDPOINTS,
    Label,
    Node,
    RelType,
    Tie,
    normalise_tag,
    parse_node,
    parse_tie,
)
from graphsvc.store.base import GraphStore

#: Where a record came from: (index of its source, spreadsheet row number).
Loc = tuple[int, int]
#: A tie version as the import keys it: type, source, target and `TieRecord.version`.
_TieVersion = tuple[str, str, str, str | None]


class _Col(NamedTuple):
    """One column found in a header: its position, its meaning, and how to read its cells."""

    index: int
    column: Column
    read: Reader


Header = list[_Col]

_INTEREST_TIES = frozenset(
    t.value
    for t in (RelType.INTERESTED_IN, RelType.SKILLED_IN, RelType.WANTS_TO_LEARN, RelType.ABOUT)
)
_SUGGEST_FOR = 50  # "did you mean" for the first few unknown ids only: it is a linear search


class Importer:
    """Collects checked records from any number of tables, then writes them in one transaction.

    Parameters
    ----------
    store
        Where the records go; also asked which ids already exist (see `stored_labels`).
    dry_run
        Check everything, including against the store, but write nothing.
    max_problems
        Problems kept in the report; beyond this many only a count is kept, so a file that is
        wrong on every one of a million rows does not exhaust memory.
    """

    def __init__(
        self, store: GraphStore, *, dry_run: bool = False, max_problems: int = 100_000
    ) -> None:
        self.store = store
        self.dry_run = dry_run
        self.max_problems = max_problems
        self._sources: list[str] = []
        self._rows: dict[str, int] = {}
        self._nodes: dict[str, Node] = {}
        self._node_at: dict[str, Loc] = {}
        self._ties: dict[_TieVersion, Tie] = {}
        self._tie_at: dict[_TieVersion, Loc] = {}
        self._interest_names: dict[str, str] = {}
        self._refused_ids: set[str] = set()  # ids of node rows with problems of their own
        self._problems: list[tuple[int, ImportProblem]] = []
        self._not_listed = 0
        self._finished = False

    @property
    def record_count(self) -> int:
        """Distinct records read so far (a later row with the same id or key replaces one)."""
        return len(self._nodes) + len(self._ties)

    def records(self) -> tuple[list[Node], list[Tie]]:
        """The checked records read so far, deduplicated (interests named only in ties, which
        `finish` adds, are not among them): for previews and for measuring the store alone."""
        return list(self._nodes.values()), list(self._ties.values())

    # --- reading ----------------------------------------------------------------------------

    def add(self, source: Source) -> int:
        """Read and check one table; return the number of rows read."""
        return max(self.read(source), default=0)

    def read(self, source: Source, *, every: int = 1000) -> Iterator[int]:
        """Read and check one table, yielding the running count of rows every ``every`` rows.

        Iterate it to the end (or call `add`): the table is only fully read once the generator
        is exhausted. Blank rows are skipped and not counted.
        """
        index = len(self._sources)
        self._sources.append(source.name)
        self._rows[source.name] = 0
        if source.kind is None:
            self._unknown_kind(index, source)
            yield 0
            return
        kind = KINDS[source.kind]
        rows = source.rows()
        header: Header | None = None
        unnamed: list[int] = []
        width, count, number, stray_reported = 0, 0, 0, False
        try:
            for number, cells in rows:
                if _blank(cells):
                    continue
                if header is None:
                    header = self._header(index, kind, number, cells)
                    if header is None:
                        break  # the rows cannot be read without their columns
                    width = len(cells)
                    unnamed = [i for i, c in enumerate(cells) if cell_text(c) is None]
                    continue
                count += 1
                if (
                    (unnamed or len(cells) > width)
                    and not stray_reported
                    and _stray(cells, width, unnamed)
                ):
                    stray_reported = True
                    self._problem(index, number, "", None, _STRAY)
                self._row(index, kind, number, cells, header)
                if count % every == 0:
                    self._rows[source.name] = count
                    yield count
        except UnicodeDecodeError:
            self._problem(index, number + 1, "", None, _NOT_UTF8)
        except csv.Error as exc:
            self._problem(index, number + 1, "", None, f"the file cannot be read as CSV: {exc}")
        finally:
            rows.close()
            self._rows[source.name] = count
        yield count

    def _header(
        self, index: int, kind: Kind, number: int, cells: Sequence[object]
    ) -> Header | None:
        known = {c.name: c for c in kind.columns}
        header: Header = []
        seen: set[str] = set()
        for i, cell in enumerate(cells):
            text = cell_text(cell)
            if text is None:
                continue
            name = column_name(text)
            if name in seen:
                self._problem(index, number, text, None, "this column appears twice; keep one")
                continue
            seen.add(name)
            if name in known:
                header.append(_Col(i, known[name], reader(known[name])))
                continue
            close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
            self._problem(
                index,
                number,
                text,
                None,
                "unknown column"
                + (f"; did you mean {close[0]!r}?" if close else "")
                + f" The columns of {kind.filename} are: {', '.join(known)}",
            )
        present = {c.column.name for c in header}
        missing = [group for group in kind.required if not present.intersection(group)]
        for group in missing:
            names = " or ".join(group)
            self._problem(
                index, number, names, None, f"this table needs a column {names}; add it to row 1"
            )
        return None if missing else header

    def _row(
        self, index: int, kind: Kind, number: int, cells: Sequence[object], header: Header
    ) -> None:
        data: dict[str, object] = {}
        size = len(cells)
        for i, column, read in header:
            if i < size:
                value = read(cells[i])
                if value is not None:
                    data[column.name] = value
        where = f"{self._sources[index]} row {number}"
        try:
            if kind.label is not None:
                data["label"] = kind.label.value
                self._add_node(index, number, parse_node(data, where=where))
            else:
                rel_type, known = self._tie_type(index, kind, number, data, cells, header)
                data["type"] = rel_type
                tie = parse_tie(data, where=where)
                if known:
                    self._add_tie(index, number, tie, data)
        except InvalidRecord as exc:
            for p in exc.problems:
                self._model_problem(index, kind, number, cells, header, p)
            if kind.label is not None:
                self._refused_ids.add(_node_id(kind.label, data))

    def _tie_type(
        self,
        index: int,
        kind: Kind,
        number: int,
        data: dict[str, object],
        cells: Sequence[object],
        header: Header,
    ) -> tuple[str, bool]:
        """The row's tie type, and whether it is known (person_interests: its relation)."""
        if len(kind.types) == 1:
            return kind.types[0].value, True
        relation = data.pop("relation", None)
        if isinstance(relation, str) and relation in RELATIONS:
            return RELATIONS[relation].value, True
        column = kind.column("relation")
        raw = _raw(cells, header, "relation")
        message = "fill in the relation" if relation is None else "not a relation graphsvc knows"
        self._problem(
            index, number, "relation", raw, f"{message}; use one of: {', '.join(column.choices)}"
        )
        return kind.types[0].value, False  # check the rest of the row all the same

    def _add_node(self, index: int, number: int, node: Node) -> None:
        earlier = self._nodes.get(node.id)
        if earlier is not None and earlier.label != node.label:
            self._problem(
                index,
                number,
                "id",
                node.id,
                f"already the id of a {earlier.label} ({self._where(self._node_at[node.id])}); "
                "ids must be unique across all files: give one of them another id",
            )
            return
        self._nodes[node.id] = node
        self._node_at[node.id] = (index, number)

    def _add_tie(self, index: int, number: int, tie: Tie, data: dict[str, object]) -> None:
        # = (*tie.key, tie.version), without building the enum: a tie's current version and
        # each historical one (by valid_from) are records of their own
        key = (tie.type, tie.source, tie.target, tie.version)
        self._ties[key] = tie
        self._tie_at[key] = (index, number)
        if tie.type in _INTEREST_TIES and isinstance(data.get("target"), str):
            self._interest_names.setdefault(tie.target, str(data["target"]))

    # --- checking the whole set and writing --------------------------------------------------

    def finish(self) -> ImportReport:
        """Check ids across all tables and against the store; write everything, or nothing.

        Returns the report; never raises for bad data (that is what the report is for). Errors
        of the store itself (`StoreUnavailable`...) are raised as usual.
        """
        if self._finished:
            raise BadRequest("this import has finished already; start a new Importer")
        self._finished = True
        wanted = set(self._nodes) | {
            end for key in self._ties for end in key[1:3] if end not in self._nodes
        }
        stored = stored_labels(self.store, wanted)
        self._check_clashes(stored)
        labels = {**stored, **{i: n.label for i, n in self._nodes.items()}}
        new_interests = self._check_ends(labels)
        nodes = [*self._nodes.values(), *new_interests]
        ties = list(self._ties.values())
        written = False
        if not self._problems and not self._not_listed and not self.dry_run:
            try:
                self.store.upsert(nodes, ties)
                written = True
            except InvalidRecord as exc:
                self._refused(exc.problems)
            except Conflict as exc:
                self._problem(-1, None, "id", None, f"the store refused the import: {exc}")
        return ImportReport(
            dry_run=self.dry_run,
            written=written,
            rows_read=dict(self._rows),
            nodes=_tally(n.label for n in nodes),
            ties=_tally(t.type for t in ties),
            problems=[p for _, p in sorted(self._problems, key=_order)],
            problems_not_listed=self._not_listed,
        )

    def _check_clashes(self, stored: dict[str, str]) -> None:
        for node_id, node in self._nodes.items():
            label = stored.get(node_id)
            if label is not None and label != node.label:
                self._problem(
                    *self._node_at[node_id],
                    "id",
                    node_id,
                    f"already the id of a {label} in the store; ids must be unique across all "
                    f"kinds of record: give this {node.label} another id",
                )

    def _check_ends(self, labels: dict[str, str]) -> list[Node]:
        new: dict[str, Node] = {}
        suggested = 0
        for key, tie in self._ties.items():
            allowed = ENDPOINTS[tie.rel_type]
            for end, node_id, ok in (
                ("source", tie.source, allowed[0]),
                ("target", tie.target, allowed[1]),
            ):
                label = labels.get(node_id)
                if label is None and end == "target" and tie.type in _INTEREST_TIES:
                    name = self._interest_names.get(node_id, node_id)
                    new[node_id] = parse_node({"label": "Interest", "id": node_id, "name": name})
                    labels[node_id] = Label.INTEREST.value
                elif label is None and node_id in self._refused_ids:
                    continue  # its own row has problems, already reported: fixing it fixes this
                elif label is None:
                    hint = ""
                    if suggested < _SUGGEST_FOR:
                        suggested += 1
                        hint = self._did_you_mean(node_id, ok)
                    self._problem(*self._tie_at[key], end, node_id, _unknown_end(ok) + hint)
                elif label not in ok:
                    kinds = " or ".join(sorted(ok))
                    self._problem(
                        *self._tie_at[key], end, node_id, f"this is a {label}; it must be a {kinds}"
                    )
        return list(new.values())

    def _did_you_mean(self, node_id: str, ok: frozenset[Label]) -> str:
        candidates = [i for i, n in self._nodes.items() if n.label in ok]
        close = difflib.get_close_matches(node_id, candidates, n=1, cutoff=0.7)
        return f"; did you mean {close[0]!r}?" if close else ""

    def _refused(self, problems: Sequence[Problem]) -> None:
        """Map the store's own refusal (a node deleted meanwhile, say) back to file rows."""
        by_record = {tie.describe(): key for key, tie in self._ties.items()}
        for p in problems:
            key = by_record.get(p.record)
            index, row = self._tie_at[key] if key is not None else (-1, None)
            value = p.value if isinstance(p.value, str) else None
            self._problem(index, row, p.field, value, f"the store refused it: {p.message}")

    # --- problems ---------------------------------------------------------------------------

    def _model_problem(
        self,
        index: int,
        kind: Kind,
        number: int,
        cells: Sequence[object],
        header: Header,
        problem: Problem,
    ) -> None:
        name, _, rest = problem.field.partition(".")
        item = int(rest.split(".")[0]) if rest[:1].isdigit() else None
        column = next((c.column for c in header if c.column.name == name), None)
        raw = _raw(cells, header, name)
        if kind.label == Label.INTEREST and name == "id" and raw is None:
            message = "fill in the name of the interest"
        else:
            message = plain(column, problem.message, raw, item)
        self._problem(index, number, name, raw, message)

    def _problem(
        self, index: int, row: int | None, column: str, value: str | None, message: str
    ) -> None:
        if len(self._problems) >= self.max_problems:
            self._not_listed += 1
            return
        source = self._sources[index] if index >= 0 else "(the store)"
        problem = ImportProblem(source=source, row=row, column=column, value=value, message=message)
        self._problems.append((index, problem))

    def _where(self, loc: Loc) -> str:
        return f"{self._sources[loc[0]]} row {loc[1]}"

    def _unknown_kind(self, index: int, source: Source) -> None:
        guess = suggest_kind(source.stem)
        what = "file" if source.sheet is None else "sheet"
        self._problem(
            index,
            None,
            "",
            source.stem,
            f"cannot tell what this {what} holds from its name"
            + (f"; did you mean {guess!r}?" if guess else "")
            + f" Name it after a kind ({', '.join(KINDS)})"
            + (" or pass --kind" if source.sheet is None else ""),
        )


_NOT_UTF8 = (
    "the file is not UTF-8 text; in Excel use Save As > 'CSV UTF-8 (Comma delimited)', "
    "or save it as .xlsx"
)
_STRAY = "there are values in a column with no name in row 1; name the column or delete them"


def _unknown_end(ok: frozenset[Label]) -> str:
    kinds = " or ".join(sorted(ok))
    files = " or ".join(NODE_KINDS[label].filename for label in sorted(ok))
    return f"no {kinds} with this id in these files or in the store; add it to {files} first"


def _node_id(label: Label, data: dict[str, object]) -> str:
    """The id a refused node row would have had, as ties will spell it."""
    raw = data.get("id") or (data.get("name") if label == Label.INTEREST else None)
    text = str(raw or "")
    return normalise_tag(text) if label == Label.INTEREST else text


def _blank(cells: Sequence[object]) -> bool:
    for c in cells:  # stops at the first value, usually the first cell
        if c.__class__ is str:
            if c and not c.isspace():  # type: ignore[attr-defined]
                return False
        elif c is not None:
            return False
    return True


def _stray(cells: Sequence[object], width: int, unnamed: list[int]) -> bool:
    """Whether a row has a value under no column name (beyond the header, or under a blank)."""
    others = [cells[i] for i in unnamed if i < len(cells)] + list(cells[width:])
    return not _blank(others)


def _raw(cells: Sequence[object], header: Header, name: str) -> str | None:
    for i, column, _ in header:
        if column.name == name:
            return cell_text(cells[i]) if i < len(cells) else None
    return None


def _tally(values: Iterator[str] | Sequence[str]) -> dict[str, int]:
    return dict(sorted(Counter(values).items()))


def _order(item: tuple[int, ImportProblem]) -> tuple[float, int]:
    """Problems in file order, then row order; within a row, in the order they were found."""
    index, p = item
    return (index if index >= 0 else math.inf, p.row or 0)


def import_files(
    store: GraphStore,
    paths: Sequence[str | Path],
    *,
    kind: str | None = None,
    dry_run: bool = False,
    max_problems: int = 100_000,
) -> ImportReport:
    """Import CSV files, workbooks and folders of them into ``store``: all of it, or none.

    Parameters
    ----------
    store
        The store to write to (and to check ids against).
    paths
        CSV files (kind from the file name: ``people.csv``), ``.xlsx`` workbooks (kind from
        each sheet's name), or folders holding them.
    kind
        The kind of every table given, when names do not say (``"people"``).
    dry_run
        Check everything and report, but write nothing.
    max_problems
        Problems listed in the report; more are only counted.

    Returns
    -------
    ImportReport
        What was (or would be) written, and every problem found; ``report.ok`` is False and
        nothing was written if there was any.

    Raises
    ------
    BadRequest
        If a path does not exist or is not a CSV file, workbook or folder, or ``kind`` is
        unknown.
    """
    importer = Importer(store, dry_run=dry_run, max_problems=max_problems)
    for source in sources(paths, kind=None if kind is None else resolve_kind(kind)):
        importer.add(source)
    return importer.finish()
