"""Consent, applied to a graph before anyone sees it. Pure: no store, no I/O.

A person's current consent is a property of their ``Person`` node, so a change is seen by the
very next read, everywhere (there is no cache to forget). Two rules follow from DOMAIN.md:

- **The centre of a map** must not have withdrawn consent: their map is closed
  (`MapClosed`, a 409 that says how to reopen it). "Not asked" opens, with a note to ask.
- **Everyone else** in a map appears by name only if they gave consent. Otherwise they appear
  only as a role, "a neighbour", "a friend": their id is replaced by an opaque one (stable
  within this map, so ties still join up, but useless for looking them up), and every property
  but the label is dropped. The ties the centre reported keep their properties, because they
  are the centre's account of their own life; analytics then run on the redacted graph, so
  maps, scores and chain stories all say "a neighbour" alike.

Paid workers are named in their professional capacity; places, groups, interests and needs are
not people. Neither is redacted.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Collection

import networkx as nx

from graphsvc.errors import Conflict
from graphsvc.model import Consent, Label

__all__ = ["MapClosed", "check_centre", "redact"]

ANON_PREFIX = "anon-"


class MapClosed(Conflict):
    """The person at the centre withdrew consent: their map is closed until it is given again."""


def check_centre(G: nx.MultiDiGraph, centre: str) -> None:
    """Refuse to show the map of someone who withdrew consent."""
    attrs = G.nodes[centre] if centre in G else {}
    if attrs.get("consent") == Consent.WITHDRAWN:
        when = f" on {attrs['consent_date']}" if attrs.get("consent_date") else ""
        raise MapClosed(
            f"Person {centre!r} withdrew consent{when}, so their map is closed. If they give "
            "consent again, record it (PUT /people/{id}/consent) to reopen it."
        )


def anonymous_id(key: bytes, centre: str, node: str) -> str:
    """An id that joins ties within one map but cannot be reversed or linked across maps."""
    digest = hmac.new(key, f"{centre}\x1f{node}".encode(), hashlib.sha256).hexdigest()
    return ANON_PREFIX + digest[:12]


def redact(
    G: nx.MultiDiGraph, centre: str, key: bytes, *, keep: Collection[str] = ()
) -> nx.MultiDiGraph:
    """A copy of ``G`` in which people without consent (other than ``centre``) are roles only.

    ``keep`` names people shown by name whatever their consent (used for nobody today; it
    exists so a person viewing their own map with a broker is never hidden from themselves).
    """
    hidden = {
        n
        for n, a in G.nodes(data=True)
        if a.get("label") == Label.PERSON
        and n != centre
        and n not in keep
        and a.get("consent") != Consent.GIVEN
    }
    if not hidden:
        return G.copy()
    mapping = {n: anonymous_id(key, centre, n) for n in hidden}
    out = nx.relabel_nodes(G, mapping, copy=True)
    for new in mapping.values():
        attrs = out.nodes[new]
        label = attrs.get("label")
        attrs.clear()
        attrs["label"] = label
        attrs["redacted"] = True
    return out
