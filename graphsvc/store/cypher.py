"""Named Cypher queries, read from the ``cypher/`` folder at the top of the repository.

Every query the Neo4j store runs is a file there, so analysts can open the same text in Neo4j
Browser. Values always travel as ``$parameters``; label and type names only ever come from the
schema's enums (`graphsvc.model.Label`, `RelType`), checked before a query is sent.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_COMMENT = re.compile(r"//[^\n]*")


def cypher_dir() -> Traversable:
    """The folder of ``.cypher`` files: the repository's in a checkout, else the installed copy."""
    repo = Path(__file__).resolve().parents[2] / "cypher"
    if repo.is_dir():
        return repo
    return resources.files("graphsvc.cypher")


@cache
def query(name: str) -> str:
    """The text of ``cypher/<name>.cypher``; `KeyError` names the file if it does not exist."""
    path = cypher_dir() / f"{name}.cypher"
    if not path.is_file():
        raise KeyError(f"no Cypher query named {name!r} (looked for {path})")
    return path.read_text(encoding="utf-8")


def specialised(name: str, placeholder: str, value: str) -> str:
    """A query with a dynamic label or type (``$(row.type)``) replaced by a static one.

    The files use Neo4j 5.26's dynamic labels and types, so they run as they are in Neo4j
    Browser. Neo4j cannot use its per-type storage of dense nodes for a dynamic type (measured:
    writing ties into a neighbourhood with thousands of members was 5-10x slower), so the store
    writes one type at a time with the name in the text. ``value`` must be a whitelisted name
    (`Label` or `RelType`); this function refuses anything else.
    """
    from graphsvc.model import Label, RelType

    if value not in {*Label, *RelType}:
        raise ValueError(f"{value!r} is not a label or relationship type of the schema")
    text = query(name)
    if placeholder not in text:
        raise KeyError(f"query {name!r} has no {placeholder}")
    return text.replace(placeholder, value)


def statements(name: str) -> list[str]:
    """The statements of a multi-statement file (such as the schema), split on ``;``."""
    text = _COMMENT.sub("", query(name))
    return [s.strip() for s in text.split(";") if s.strip()]


def parameters(name: str) -> set[str]:
    """The ``$parameters`` a query uses, so a test can check the store passes exactly those."""
    return set(_PARAM.findall(_COMMENT.sub("", query(name))))


def names() -> list[str]:
    """Every query name in the folder."""
    return sorted(
        p.name.removesuffix(".cypher") for p in cypher_dir().iterdir() if p.name.endswith(".cypher")
    )
