"""An entity's answers, taken variable by variable so that what is left can be reported."""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Sequence
from typing import NamedTuple

from graphsvc.io.netcanvas.format import ENCRYPTED, FALSE, TRUE, Entity
from graphsvc.io.schema import column_name


class Answer(NamedTuple):
    """An answer: its text (or the options ticked), the column(s) it is in, its variable."""

    value: str | list[str]
    column: str
    variable: str


class Answers:
    """One entity's variables, taken one by one so that what is left can be reported."""

    def __init__(self, entity: Entity) -> None:
        self.entity = entity
        self.used: set[str] = set()

    def take(self, variable: str) -> Answer | None:
        """The answer to ``variable``, or None if the entity has none.

        A categorical variable is exported as one true/false column per option
        (``kind_family``, ``kind_friend``); it is recognised by that shape, and its answer is
        the list of options ticked, found in the columns of those options.
        """
        attrs = self.entity.attributes
        wanted = column_name(variable)
        for name in attrs:
            if name not in self.used and (name == variable or column_name(name) == wanted):
                if attrs[name] == ENCRYPTED:
                    return None  # not an answer: left to be reported as not imported
                self.used.add(name)
                return Answer(attrs[name], name, name)
        prefix = wanted + "_"
        group = [
            name for name in attrs if name not in self.used and column_name(name).startswith(prefix)
        ]
        if group and all(attrs[n].lower() in (TRUE, FALSE) for n in group):
            self.used.update(group)
            columns = [n for n in group if attrs[n].lower() == TRUE]
            ticked = [
                n[len(variable) + 1 :]
                if n.startswith(variable + "_")
                else column_name(n)[len(prefix) :]
                for n in columns
            ]
            return Answer(ticked, ", ".join(columns) or f"{variable}_*", variable)
        return None

    def unused(self, ignore: Sequence[str]) -> list[str]:
        """Variables not taken (and not ignored); encrypted ones say so."""
        attrs = self.entity.attributes
        return [
            name + (" (encrypted in the export)" if attrs[name] == ENCRYPTED else "")
            for name in attrs
            if name not in self.used and not any(fnmatch.fnmatchcase(name, p) for p in ignore)
        ]


def split_items(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[;,]", text) if part.strip()]
