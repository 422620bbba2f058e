"""The Network Canvas export format as graphsvc reads it, and what is read from it.

Column names, file names and GraphML keys that Network Canvas itself writes (see
``docs/network-canvas.md`` for the sources), and the shapes an export is read into: each
`ExportFile`, and the `Interview` of `Entity` records (ego, nodes, edges) it holds.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from graphsvc.io.report import ImportProblem

EGO_UUID = "networkCanvasEgoUUID"
UUID = "networkCanvasUUID"
SOURCE_UUID = "networkCanvasSourceUUID"
TARGET_UUID = "networkCanvasTargetUUID"
CASE_ID = "networkCanvasCaseID"
SESSION_ID = "networkCanvasSessionID"
PROTOCOL_NAME = "networkCanvasProtocolName"
TYPE = "networkCanvasType"
NODE_ID = "nodeID"
EDGE_ID = "edgeID"
#: Older exports name an entity's UUID ``_uid`` (the exporter's internal name for it).
UUID_ALIASES = (UUID, "_uid")

#: Columns of the CSV export that Network Canvas itself writes: never protocol variables.
CSV_RESERVED = frozenset(
    {
        EGO_UUID,
        UUID,
        "_uid",
        SOURCE_UUID,
        TARGET_UUID,
        CASE_ID,
        SESSION_ID,
        PROTOCOL_NAME,
        TYPE,
        NODE_ID,
        EDGE_ID,
        "from",
        "to",
        "sessionStart",
        "sessionFinish",
        "sessionExported",
        "APP_VERSION",
        "COMMIT_HASH",
    }
)
#: GraphML ``<key>`` ids Network Canvas uses for its own data (protocol variables' keys are
#: UUIDs, or SHA-1 hashes, so they never collide with these).
GRAPHML_RESERVED = frozenset({UUID, TYPE, SOURCE_UUID, TARGET_UUID, "label", "type"})
NC_NAMESPACE = "http://schema.networkcanvas.com/xmlns"

EGO_FILE = re.compile(r"^(?P<prefix>.+?)_ego\.csv$", re.IGNORECASE)
LIST_FILE = re.compile(
    r"^(?P<prefix>.+?)_(?P<what>attributeList|edgeList|adjacencyMatrix)_(?P<type>\w+)\.csv$",
    re.IGNORECASE,
)
GRAPHML_FILE = re.compile(r"^(?P<prefix>.+)\.graphml$", re.IGNORECASE)
SESSION_IN_PREFIX = re.compile(
    r"_(?P<session>[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12})$"
)
TRUE, FALSE = "true", "false"
#: What Network Canvas exports in place of an encrypted variable's answer.
ENCRYPTED = "ENCRYPTED"


def type_key(name: str) -> str:
    """A node or edge type name as matched: case, spaces and punctuation ignored.

    The CSV export names files after types with every non-word character removed
    (``Close Friend`` -> ``_attributeList_CloseFriend.csv``) while GraphML keeps the name as
    typed, so both must meet on a form that drops them.

    >>> type_key("Close Friend"), type_key("close_friend"), type_key("CloseFriend")
    ('closefriend', 'closefriend', 'closefriend')
    """
    return re.sub(r"[\W_]+", "", name).lower()


class CollectsProblems:
    """Problems found on the way, each naming the file, row, column and value to fix."""

    problems: list[ImportProblem]

    def problem(
        self, file: str, row: int | None, column: str, value: str | None, message: str
    ) -> None:
        self.problems.append(
            ImportProblem(source=file, row=row, column=column, value=value, message=message)
        )


@dataclass
class Entity:
    """The ego, one node or one edge, as the export gives it: where it is and what it says.

    ``row`` is the spreadsheet row (header = 1) in a CSV file, the line of the element in a
    GraphML file. ``attributes`` holds the protocol's variables by name, as text, empty ones
    left out (a categorical variable arrives as one ``<variable>_<option>`` true/false column
    per option, as Network Canvas exports it); ``meta`` holds Network Canvas's own values.
    """

    file: str
    row: int
    type: str
    uuid: str | None
    attributes: dict[str, str] = field(default_factory=dict)
    meta: dict[str, str] = field(default_factory=dict)


@dataclass
class Interview(CollectsProblems):
    """One interview as read from its export, before any mapping."""

    format: Literal["csv", "graphml"]
    files: list[str] = field(default_factory=list)
    rows_read: dict[str, int] = field(default_factory=dict)
    case_id: str | None = None
    session_id: str | None = None
    protocol_name: str | None = None
    ego: Entity | None = None
    nodes: list[Entity] = field(default_factory=list)
    edges: list[Entity] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    ignored_files: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ExportFile:
    """A file of the export, read only when needed (a zip's member, or a file on disk)."""

    name: str
    read: Callable[[], bytes]
