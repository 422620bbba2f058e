"""Importing one interview into a person's map: all of it, or nothing."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import networkx as nx

from graphsvc.errors import BadRequest, NotFound
from graphsvc.io.importer import Importer
from graphsvc.io.netcanvas.format import SESSION_ID
from graphsvc.io.netcanvas.interview import read_interview
from graphsvc.io.netcanvas.mapping import NetCanvasMapping
from graphsvc.io.netcanvas.mapping_files import default_mapping, load_mapping
from graphsvc.io.netcanvas.planner import Planner
from graphsvc.io.netcanvas.report import NetCanvasReport, translate_report
from graphsvc.io.netcanvas.tables import plan_tables
from graphsvc.io.schema import NODE_KINDS
from graphsvc.model import Label, Node
from graphsvc.store.base import GraphStore


def _mapping(mapping: NetCanvasMapping | str | Path | None) -> NetCanvasMapping:
    if mapping is None:
        return default_mapping()
    if isinstance(mapping, NetCanvasMapping):
        return mapping
    return load_mapping(mapping)


def _stored(
    store: GraphStore, ids: Sequence[str], ego_id: str
) -> tuple[dict[str, Node], nx.MultiDiGraph]:
    """The nodes of ``ids`` the store has, and the ties around the ego it has."""
    nodes: dict[str, Node] = {}
    for node_id in ids:
        try:
            nodes[node_id] = store.get(node_id)
        except NotFound:
            continue
    ego = nodes.get(ego_id)
    ties = store.ego(ego_id, hops=1) if ego is not None else nx.MultiDiGraph()
    return nodes, ties


def import_netcanvas(
    store: GraphStore,
    path: str | Path,
    ego_id: str,
    mapping: NetCanvasMapping | str | Path | None = None,
    dry_run: bool = False,
    *,
    create_ego: bool = False,
) -> NetCanvasReport:
    """Import one Network Canvas interview into ``ego_id``'s map: all of it, or nothing.

    Parameters
    ----------
    store
        Where the map goes (and what its ids are checked against).
    path
        The interview: a folder or ``.zip`` of its CSV export, or its ``.graphml`` file.
    ego_id
        The graphsvc id of the person interviewed. They must be in the store already, so that a
        mistyped id cannot start a second map of the same person, unless ``create_ego``.
    mapping
        A `NetCanvasMapping`, or the path of a mapping file (TOML); the default when None.
    dry_run
        Check everything, including against the store, and report; write nothing.
    create_ego
        Add the ego as a new person when ``ego_id`` is not in the store.

    Returns
    -------
    NetCanvasReport
        The importer's report, in the export's files, rows and columns, plus the answers
        graphsvc has no place for. ``report.ok`` is False, and nothing was written, if anything
        was wrong.

    Raises
    ------
    BadRequest
        If ``path`` holds no interview or several, the mapping file is wrong, or the ego is not
        a person in the store (and ``create_ego`` is not set).
    """
    rules = _mapping(mapping)
    try:
        ego = store.get(ego_id)
    except NotFound:
        if not create_ego:
            raise BadRequest(
                f"no person with id {ego_id!r} in the store; give the id of the person "
                "interviewed, or add them as a new person (--create-ego)"
            ) from None
    else:
        if ego.label != Label.PERSON.value:
            raise BadRequest(f"{ego_id!r} is a {ego.label} in the store, not a person")
    interview = read_interview(path)
    if interview.ego is not None and not interview.session_id and "{session}" in rules.id_template:
        interview.problem(
            interview.files[0] if interview.files else str(path),
            None,
            SESSION_ID,
            None,
            "the export does not say which session it is, and alter ids are made from it; "
            "export the interview again from Network Canvas",
        )
    planner = Planner(interview, rules, ego_id, {}, nx.MultiDiGraph())
    planner.ego()
    planner.nodes()
    planner.edges()
    node_ids = [
        key[0] for kind in NODE_KINDS.values() for key in planner.plan.rows.get(kind.name, {})
    ]
    planner.stored_nodes, planner.stored_ties = _stored(store, node_ids, ego_id)
    planner.keep_stored()
    plan = planner.plan
    tables, where = plan_tables(plan)
    refused = bool(interview.problems or plan.problems)
    importer = Importer(store, dry_run=dry_run or refused)
    for table in tables:
        importer.add(table)
    report = importer.finish()
    return translate_report(report, plan, interview, where, dry_run=dry_run, ego_id=ego_id)
