"""Every error graphsvc raises on purpose, in one tree.

Callers catch whole groups through the middle classes; the API maps each middle class to one
HTTP status and the CLI prints ``str(error)`` as one line with a non-zero exit::

    GraphsvcError
    ├── InputError                 the caller can fix it (HTTP 4xx, CLI exit 2)
    │   ├── InvalidRecord          a record breaks the model (422); carries every problem found
    │   ├── BadRequest             an argument is out of range or of the wrong kind (400)
    │   ├── NotFound               no such node (404)
    │   └── Conflict               an id is already used by a node of another label (409)
    └── StoreError                 the store failed, not the caller (HTTP 5xx, CLI exit 3)
        ├── StoreUnavailable       cannot reach the store now; worth retrying (503)
        └── StoreCorrupt           the store's files or schema are not what graphsvc wrote

Errors from the libraries underneath (``neo4j``, ``sqlite3``) are translated into this tree at
one boundary per store, never scattered through the code.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


class GraphsvcError(Exception):
    """Base of every error graphsvc raises on purpose."""


class InputError(GraphsvcError):
    """The request or the data is wrong in a way the caller can fix."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one record: where it is and what to do about it.

    ``record`` names the record as a person would find it ("Person 'p1'", "row 7");
    ``field`` is the property at fault (empty when the whole record is at fault).
    """

    record: str
    field: str
    message: str
    value: object = None

    def __str__(self) -> str:
        where = f"{self.record}, field '{self.field}'" if self.field else self.record
        shown = "" if self.value is None else f" (got {self.value!r})"
        return f"{where}: {self.message}{shown}"


class InvalidRecord(InputError):
    """One or more records break the model; nothing was written.

    Carries every problem found, not just the first, so an import can report them all at once.
    """

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems: list[Problem] = list(problems)
        head = str(self.problems[0]) if self.problems else "invalid record"
        more = len(self.problems) - 1
        super().__init__(head + (f" (and {more} more problem{'s' * (more > 1)})" if more else ""))


class BadRequest(InputError):
    """An argument is out of range or of the wrong kind (hops=9, limit=0, an unknown label)."""


class NotFound(InputError):
    """No node with that id (or not of the expected label)."""


class Conflict(InputError):
    """An id is already in use by a node of another label; ids are global across labels."""


class StoreError(GraphsvcError):
    """The store failed in a way the caller cannot fix by changing the request."""


class StoreUnavailable(StoreError):
    """The store cannot be reached right now; retrying later may work."""


class Busy(GraphsvcError):
    """Too many expensive requests at once; retrying shortly will work (503, Retry-After)."""


class StoreCorrupt(StoreError):
    """The store's files or schema are not what graphsvc wrote (or are locked by another)."""
