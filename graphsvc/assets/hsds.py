"""Open Referral UK (HSDS) data packages: import spaces and groups, and export ours.

Open Referral UK is the UK profile of the Human Services Data Specification. A data package is
a folder of CSV files, one per table, described by ``datapackage.json``. graphsvc reads and
writes these tables (names as in the UK profile; fields as in HSDS 1.1 / the UK profile, which
HSDS 2.0 keeps for these tables):

=====================  =====================================================================
table                  fields used
=====================  =====================================================================
``organization``       id, name, description
``service``            id, organization_id, name, description, status
``location``           id, name, description, latitude, longitude
``service_at_location`` id, service_id, location_id
``physical_address``   id, location_id, address_1, city, postal_code, country (read, not kept)
``regular_schedule``   id, service_id, location_id, service_at_location_id, byday, opens_at,
                       closes_at, freq, interval (also ``weekday`` when ``byday`` is empty)
``taxonomy``           id, name, parent_id, vocabulary
``service_taxonomy``   id, service_id, taxonomy_id
``link_taxonomy``      id, link_type, link_id, taxonomy_id (UK profile: terms for locations)
=====================  =====================================================================

How our graph maps to it:

- a ``Space`` is a ``location`` (coordinates as latitude/longitude); its opening hours are
  ``regular_schedule`` rows with its ``location_id``; its kind and the interests it is about
  are ``taxonomy`` terms linked by ``link_taxonomy`` (``link_type`` ``location``);
- a ``Group`` is a ``service`` run by an ``organization`` of its own (``org-<id>``), named after
  it, ``description`` its purpose; where it meets is ``service_at_location``; when it meets,
  ``regular_schedule`` rows with its ``service_id`` (and, for times given on the meeting tie,
  the ``service_at_location_id``); kind and interests by ``service_taxonomy``;
- our taxonomy terms use two vocabularies, ``graphsvc-kind`` and ``graphsvc-interest``; read
  from elsewhere, the first term of another vocabulary gives the kind, and only
  ``graphsvc-interest`` terms (or terms named like an interest we know) become ``ABOUT`` ties;
- a weekly slot ``Thu 19:00-23:00`` is one row ``byday=TH, opens_at=19:00, closes_at=23:00,
  freq=WEEKLY``; ``byday`` may list several days (``MO,TU``); a ``closes_at`` at or before
  ``opens_at`` runs past midnight, as in our slots. Times may carry seconds or a UTC offset
  (``09:00:00Z``): the clock time is kept, the offset dropped (the data are UK local times).
  Monthly schedules (``freq=MONTHLY`` or an ordinal such as ``2MO``) are not weekly slots and
  are skipped, with a note. ``weekday`` numbers follow ISO 8601 (1 = Monday).

Circles of support (and any kind in ``exclude_kinds``) are never exported: a directory is public
and a circle exists for one person. Addresses are read (and counted in the notes) but not kept:
the graph has no address field. Assumptions about columns are documented in ``docs/assets.md``.

Examples
--------
>>> rows = slots_to_schedules(["Thu 19:00-23:00", "Fri 22:00-02:00"])
>>> [(r["byday"], r["opens_at"], r["closes_at"]) for r in rows]
[('TH', '19:00', '23:00'), ('FR', '22:00', '02:00')]
>>> schedules_to_slots([{"byday": "MO,WE", "opens_at": "09:30:00Z", "closes_at": "12:00"}])
(['Mon 09:30-12:00', 'Wed 09:30-12:00'], [])
"""

from __future__ import annotations

import csv
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from graphsvc.errors import BadRequest
from graphsvc.model import (
    About,
    Group,
    In,
    Interest,
    Label,
    MeetsAt,
    Node,
    RelType,
    Space,
    Tie,
    normalise_tag,
    parse_node,
)
from graphsvc.slots import DAYS, parse_slots

__all__ = [
    "TABLES",
    "HsdsImport",
    "read_hsds",
    "schedules_to_slots",
    "slots_to_schedules",
    "write_hsds",
]

#: Each table's file name and the columns written (in order).
TABLES: dict[str, tuple[str, ...]] = {
    "organization": ("id", "name", "description"),
    "service": ("id", "organization_id", "name", "description", "status"),
    "location": ("id", "name", "description", "latitude", "longitude"),
    "service_at_location": ("id", "service_id", "location_id"),
    "physical_address": ("id", "location_id", "address_1", "city", "postal_code", "country"),
    "regular_schedule": (
        "id", "service_id", "location_id", "service_at_location_id", "byday", "opens_at",
        "closes_at", "freq", "interval",
    ),
    "taxonomy": ("id", "name", "parent_id", "vocabulary"),
    "service_taxonomy": ("id", "service_id", "taxonomy_id"),
    "link_taxonomy": ("id", "link_type", "link_id", "taxonomy_id"),
}  # fmt: skip
#: File names other publishers use for the same tables (the HSDS template's plurals).
_ALIASES = {
    "organization": ("organizations.csv",),
    "service": ("services.csv",),
    "location": ("locations.csv",),
    "service_at_location": ("services_at_location.csv", "services_at_locations.csv"),
    "physical_address": ("physical_addresses.csv",),
    "regular_schedule": ("regular_schedules.csv",),
    "taxonomy": ("taxonomies.csv",),
    "service_taxonomy": ("services_taxonomy.csv", "service_taxonomies.csv"),
    "link_taxonomy": ("link_taxonomies.csv",),
}
KIND = "graphsvc-kind"
INTEREST = "graphsvc-interest"
_BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_TIME = re.compile(r"^\s*(\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?\s*$")


# --- slots <-> regular_schedule -------------------------------------------------------------


def slots_to_schedules(slots: Iterable[str]) -> list[dict[str, str]]:
    """One ``regular_schedule`` row (without ids) per weekly slot."""
    rows = []
    for text in slots:
        for s in parse_slots(text):
            start, end = s.start % 1440, s.end % 1440
            rows.append(
                {
                    "byday": _BYDAY[s.day],
                    "opens_at": f"{start // 60:02d}:{start % 60:02d}",
                    "closes_at": f"{end // 60:02d}:{end % 60:02d}",
                    "freq": "WEEKLY",
                    "interval": "1",
                }
            )
    return rows


def _clock(value: str) -> str | None:
    m = _TIME.match(value or "")
    if not m or int(m[1]) > 24 or int(m[2]) > 59:
        return None
    return f"{int(m[1]):02d}:{m[2]}"


def schedules_to_slots(rows: Iterable[Mapping[str, str]]) -> tuple[list[str], list[str]]:
    """Weekly slots from ``regular_schedule`` rows, and a note for each row that was skipped."""
    slots: dict[str, None] = {}
    notes = []
    for r in rows:
        rid = r.get("id") or "(no id)"
        if (r.get("freq") or "WEEKLY").strip().upper() != "WEEKLY":
            notes.append(f"regular_schedule {rid}: not weekly ({r.get('freq')}), skipped")
            continue
        days = _days(r)
        opens, closes = _clock(r.get("opens_at", "")), _clock(r.get("closes_at", ""))
        if days is None or opens is None or closes is None:
            notes.append(f"regular_schedule {rid}: no weekly day or time we can read, skipped")
            continue
        for d in days:
            for s in parse_slots(f"{DAYS[d]} {opens}-{closes}"):
                slots[str(s)] = None
    return list(slots), notes


def _days(r: Mapping[str, str]) -> list[int] | None:
    byday = (r.get("byday") or "").strip().upper()
    if byday:
        codes = [c.strip() for c in byday.split(",") if c.strip()]
        if any(c not in _BYDAY for c in codes):
            return None  # ordinals such as 2MO belong to monthly schedules
        return [_BYDAY.index(c) for c in codes]
    weekday = (r.get("weekday") or "").strip()
    if weekday.isdigit() and 1 <= int(weekday) <= 7:
        return [int(weekday) - 1]
    names = {d.lower(): i for i, d in enumerate(DAYS)}
    return [names[weekday[:3].lower()]] if weekday[:3].lower() in names else None


# --- export -------------------------------------------------------------------------------


def write_hsds(
    G: nx.MultiDiGraph,
    directory: str | Path,
    *,
    exclude_kinds: Sequence[str] = ("circle of support",),
    title: str = "graphsvc community assets",
) -> dict[str, int]:
    """Write the spaces and groups of ``G`` as an Open Referral UK data package.

    Returns the number of rows written per table. ``G`` is any graph of the standard shape
    (a store's ``to_networkx()`` or ``neighbourhood(...)``); people are never written.
    """
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    tables: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    terms: dict[str, dict[str, str]] = {}

    def term(vocabulary: str, name: str) -> str:
        tid = f"{vocabulary}:{name}"
        terms.setdefault(tid, {"id": tid, "name": name, "parent_id": "", "vocabulary": vocabulary})
        return tid

    def kept(n: str) -> bool:
        return G.nodes[n].get("kind") not in set(exclude_kinds)

    spaces = sorted(n for n, d in G.nodes(data=True) if d.get("label") == Label.SPACE and kept(n))
    groups = sorted(n for n, d in G.nodes(data=True) if d.get("label") == Label.GROUP and kept(n))
    for s in spaces:
        d = G.nodes[s]
        tables["location"].append(
            {"id": s, "name": d.get("name", s), "description": d.get("kind", ""),
             "latitude": d.get("lat", ""), "longitude": d.get("lon", "")}
        )  # fmt: skip
        _schedule(tables, d.get("slots"), location_id=s)
        for tid in _terms(G, s, term):
            tables["link_taxonomy"].append(
                {"id": f"{s}~{tid}", "link_type": "location", "link_id": s, "taxonomy_id": tid}
            )
    for g in groups:
        d = G.nodes[g]
        tables["organization"].append(
            {"id": f"org-{g}", "name": d.get("name", g), "description": d.get("purpose", "")}
        )
        tables["service"].append(
            {"id": g, "organization_id": f"org-{g}", "name": d.get("name", g),
             "description": d.get("purpose", ""), "status": "active"}
        )  # fmt: skip
        _schedule(tables, d.get("slots"), service_id=g)
        for _, s, key, tie in sorted(G.out_edges(g, keys=True, data=True), key=lambda e: e[1]):
            if key == RelType.MEETS_AT and s in spaces:
                sal = f"{g}@{s}"
                tables["service_at_location"].append({"id": sal, "service_id": g, "location_id": s})
                _schedule(tables, tie.get("slots"), service_id=g, service_at_location_id=sal)
        for tid in _terms(G, g, term):
            tables["service_taxonomy"].append(
                {"id": f"{g}~{tid}", "service_id": g, "taxonomy_id": tid}
            )
    tables["taxonomy"] = sorted(terms.values(), key=lambda r: r["id"])
    for name, rows in tables.items():
        with (out / f"{name}.csv").open("w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=TABLES[name], lineterminator="\n")
            w.writeheader()
            w.writerows({k: "" if v is None else v for k, v in r.items()} for r in rows)
    (out / "datapackage.json").write_text(json.dumps(_descriptor(title), indent=2) + "\n")
    return {name: len(rows) for name, rows in tables.items()}


def _schedule(tables: dict[str, list[dict[str, Any]]], slots: Any, **owner: str) -> None:
    if not slots:
        return
    who = next(iter(owner.values())) if len(owner) == 1 else owner["service_at_location_id"]
    for k, row in enumerate(slots_to_schedules(slots)):
        base = {"service_id": "", "location_id": "", "service_at_location_id": ""}
        tables["regular_schedule"].append({"id": f"{who}#{k + 1}", **base, **owner, **row})


def _terms(G: nx.MultiDiGraph, n: str, term: Any) -> list[str]:
    kind = G.nodes[n].get("kind")
    ids = [term(KIND, kind)] if kind else []
    ids += [
        term(INTEREST, i)
        for _, i, key in sorted(G.out_edges(n, keys=True), key=lambda e: e[1])
        if key == RelType.ABOUT
    ]
    return ids


def _descriptor(title: str) -> dict[str, Any]:
    return {
        "name": "graphsvc-community-assets",
        "title": title,
        "profile": "tabular-data-package",
        "description": "Spaces and groups exported by graphsvc in the Open Referral UK tables.",
        "resources": [
            {
                "name": name,
                "path": f"{name}.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "schema": {"fields": [{"name": c, "type": "string"} for c in columns]},
            }
            for name, columns in TABLES.items()
        ],
    }


# --- import -------------------------------------------------------------------------------


@dataclass(frozen=True)
class HsdsImport:
    """Records read from a data package, ready for `GraphStore.upsert`, and what was skipped."""

    nodes: list[Node]
    ties: list[Tie]
    notes: list[str] = field(default_factory=list)


def read_hsds(
    directory: str | Path,
    *,
    neighbourhood: str | None = None,
    interests: Iterable[str] = (),
) -> HsdsImport:
    """Read an Open Referral UK data package into spaces, groups and their ties.

    Parameters
    ----------
    directory
        The folder holding ``datapackage.json`` and the CSV files (files are found by the
        descriptor's ``path``, else by the table name or the HSDS template's plural name).
    neighbourhood
        If given, every space and group gets an ``IN`` tie to this neighbourhood id (which
        must exist in the store, or be upserted with them).
    interests
        Interest names already known: a taxonomy term of another vocabulary named like one
        of these also becomes an ``ABOUT`` tie.

    Returns
    -------
    HsdsImport

    Raises
    ------
    BadRequest
        If the folder has neither locations nor services, or a record breaks the model.
    """
    tables = _read_tables(Path(directory))
    if not tables.get("location") and not tables.get("service"):
        raise BadRequest(f"{directory} holds no location or service table to import")
    notes: list[str] = []
    terms = {t["id"]: t for t in tables.get("taxonomy", [])}
    known = {normalise_tag(i) for i in interests}
    links: dict[str, list[str]] = defaultdict(list)
    for r in tables.get("link_taxonomy", []):
        if (r.get("link_type") or "location").strip().lower() == "location":
            links[r["link_id"]].append(r["taxonomy_id"])
    for r in tables.get("service_taxonomy", []):
        links[r["service_id"]].append(r["taxonomy_id"])
    schedules: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for r in tables.get("regular_schedule", []):
        if r.get("service_at_location_id"):
            schedules["sal", r["service_at_location_id"]].append(r)
        elif r.get("service_id"):
            schedules["service", r["service_id"]].append(r)
        elif r.get("location_id"):
            schedules["location", r["location_id"]].append(r)
    nodes: list[Node] = []
    ties: list[Tie] = []
    about: set[str] = set()

    def slots_of(key: tuple[str, str]) -> list[str] | None:
        found, skipped = schedules_to_slots(schedules.get(key, []))
        notes.extend(skipped)
        return found or None

    def classify(owner: str) -> tuple[str | None, list[str]]:
        """The kind (our vocabulary first, else another's first term) and the interests."""
        ours, others, topics = [], [], []
        for tid in links.get(owner, []):
            t = terms.get(tid)
            if t is None:
                notes.append(f"{owner}: taxonomy term {tid!r} is not in the taxonomy table")
                continue
            name = " ".join((t.get("name") or "").split())
            vocabulary = (t.get("vocabulary") or "").strip()
            if not name:
                continue
            if vocabulary == KIND:
                ours.append(name)  # kinds keep their words as written ("GP waiting room")
            elif vocabulary == INTEREST or normalise_tag(name) in known:
                topics.append(normalise_tag(name))
            else:
                others.append(name)
        return ([*ours, *others] or [None])[0], topics

    for r in tables.get("location", []):
        kind, topics = classify(r["id"])
        record = {"label": "Space", "id": r["id"], "name": r.get("name") or None, "kind": kind,
                  "lat": _number(r.get("latitude")), "lon": _number(r.get("longitude")),
                  "slots": slots_of(("location", r["id"]))}  # fmt: skip
        nodes.append(parse_node({k: v for k, v in record.items() if v is not None},
                                where=f"location {r['id']!r}"))  # fmt: skip
        ties.extend(About(source=r["id"], target=i) for i in topics)
        about.update(topics)
    located = {r["id"] for r in tables.get("location", [])}
    for r in tables.get("service", []):
        kind, topics = classify(r["id"])
        record = {"label": "Group", "id": r["id"], "name": r.get("name") or None, "kind": kind,
                  "purpose": r.get("description") or None,
                  "slots": slots_of(("service", r["id"]))}  # fmt: skip
        nodes.append(parse_node({k: v for k, v in record.items() if v is not None},
                                where=f"service {r['id']!r}"))  # fmt: skip
        ties.extend(About(source=r["id"], target=i) for i in topics)
        about.update(topics)
    for r in tables.get("service_at_location", []):
        if r.get("location_id") not in located:
            notes.append(f"service_at_location {r.get('id')}: location not in the package")
            continue
        ties.append(MeetsAt(source=r["service_id"], target=r["location_id"],
                            slots=slots_of(("sal", r.get("id", "")))))  # fmt: skip
    nodes.extend(Interest(name=i) for i in sorted(about))
    if neighbourhood is not None:
        ties.extend(
            In(source=n.id, target=neighbourhood) for n in nodes if isinstance(n, Space | Group)
        )
    addresses = len(tables.get("physical_address", []))
    if addresses:
        notes.append(f"{addresses} physical addresses read but not kept (the graph has none)")
    return HsdsImport(nodes, ties, notes)


def _number(value: str | None) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None


def _read_tables(folder: Path) -> dict[str, list[dict[str, str]]]:
    paths: dict[str, Path] = {}
    descriptor = folder / "datapackage.json"
    if descriptor.is_file():
        try:
            for res in json.loads(descriptor.read_text(encoding="utf-8")).get("resources", []):
                if res.get("name") in TABLES and res.get("path"):
                    paths[res["name"]] = folder / res["path"]
        except (json.JSONDecodeError, AttributeError) as exc:
            raise BadRequest(f"{descriptor} is not a readable data package: {exc}") from None
    for name, aliases in _ALIASES.items():
        if name not in paths or not paths[name].is_file():
            for candidate in (f"{name}.csv", *aliases):
                if (folder / candidate).is_file():
                    paths[name] = folder / candidate
                    break
    out = {}
    for name, path in paths.items():
        if path.is_file():
            with path.open(newline="", encoding="utf-8-sig") as f:
                out[name] = [
                    {k.strip(): (v or "").strip() for k, v in row.items() if k}
                    for row in csv.DictReader(f)
                ]
    return out
