"""Mapping files: the default mapping as a file would spell it, and reading mapping files
(TOML), each laid over the default type by type.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from graphsvc.errors import BadRequest
from graphsvc.io.netcanvas.mapping import NetCanvasMapping, rule_key

#: The default mapping, as a mapping file would spell it (docs/network-canvas.md shows it).
#: Type names are the ones Network Canvas protocols commonly use; they are our assumption, not
#: part of the export format, so a mapping file can add or override any of them.
DEFAULT_MAPPING_TOML = """\
# Alter ids: stable, so importing the same interview again changes nothing.
id_template = "nc:{session}:{uuid}"
# A variable named like a graphsvc field (name, birth_year, kind, frequency, since...) fills it.
auto_fields = true

# Each ticked option of these variables (or each item of a text answer, split at ; or ,)
# becomes an interest of the ego: variable = "interested_in", "skilled_in" or "wants_to_learn".
[ego.interests]
interests = "interested_in"
skills = "skilled_in"
wants_to_learn = "wants_to_learn"

# Node types. Each alter is also tied to the ego: KNOWS for a Person (ego -> alter), VISITS
# for a Space, MEMBER_OF for a Group, SUPPORTS for a PaidWorker (worker -> ego).
[nodes.Person]
label = "Person"

[nodes.Person.interests]
interests = "interested_in"
skills = "skilled_in"
wants_to_learn = "wants_to_learn"

[nodes.People]
label = "Person"

[nodes.Alter]
label = "Person"

[nodes.Place]
label = "Space"

[nodes.Venue]
label = "Space"

[nodes.Space]
label = "Space"

[nodes.Group]
label = "Group"

[nodes.Organisation]
label = "Group"

[nodes.Organization]
label = "Group"

[nodes.Club]
label = "Group"

[nodes.PaidWorker]
label = "PaidWorker"

[nodes.Professional]
label = "PaidWorker"

# Edge types not listed: the one tie type that fits the two ends (KNOWS between two people,
# VISITS between a person and a place, MEMBER_OF, MEETS_AT, SUPPORTS), one direction.
[edges."*"]
type = "auto"
"""


def _mapping_problems(exc: ValidationError) -> str:
    lines = []
    for err in exc.errors(include_url=False):
        loc = ".".join(str(p) for p in err["loc"])
        lines.append(f"{loc}: {err['msg'].removeprefix('Value error, ')}" if loc else err["msg"])
    return "; ".join(lines)


def mapping_from_dict(data: Mapping[str, Any], *, source: str = "mapping") -> NetCanvasMapping:
    """A mapping from plain data (a parsed TOML file), laid over the default type by type.

    A type named in ``data`` replaces the default rule for that type entirely; types not named
    keep their default rule, unless ``include_defaults = false``. `BadRequest` names every key
    at fault, so a mapping file is fixed in one go.
    """
    merged: dict[str, Any] = dict(data)
    if merged.get("include_defaults", True):
        base = tomllib.loads(DEFAULT_MAPPING_TOML)
        for section in ("nodes", "edges"):
            given = dict(merged.get(section) or {})
            keys = {rule_key(k) for k in given}
            for name, rule in base.get(section, {}).items():
                if rule_key(name) not in keys:
                    given[name] = rule
            merged[section] = given
        merged.setdefault("ego", base["ego"])
    try:
        return NetCanvasMapping.model_validate(merged)
    except ValidationError as exc:
        raise BadRequest(f"{source}: {_mapping_problems(exc)}") from None


def load_mapping(path: str | Path) -> NetCanvasMapping:
    """Read a mapping file (TOML; see docs/network-canvas.md), laid over the default."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise BadRequest(f"cannot read the mapping file {path}: {exc.strerror}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise BadRequest(f"{path} is not a TOML file: {exc}") from None
    return mapping_from_dict(data, source=str(path))


@functools.cache
def default_mapping() -> NetCanvasMapping:
    """The default mapping (`DEFAULT_MAPPING_TOML`), built once."""
    return mapping_from_dict(tomllib.loads(DEFAULT_MAPPING_TOML), source="default mapping")
