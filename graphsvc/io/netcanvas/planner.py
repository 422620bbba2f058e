"""Planning: one `Interview` turned into a `Plan` of graphsvc rows, following a mapping."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import networkx as nx

from graphsvc.io.cells import join_list, write_cell
from graphsvc.io.netcanvas.answers import Answer, Answers, split_items
from graphsvc.io.netcanvas.format import (
    EGO_UUID,
    NODE_ID,
    SOURCE_UUID,
    TARGET_UUID,
    TYPE,
    UUID,
    Entity,
    Interview,
)
from graphsvc.io.netcanvas.mapping import (
    INTEREST_RELATIONS,
    EdgeTypeMapping,
    NetCanvasMapping,
    NodeTypeMapping,
    fitting_tie,
    node_fields,
    tie_fields,
)
from graphsvc.io.netcanvas.plan import Plan, PlannedRow
from graphsvc.io.schema import KINDS, NODE_KINDS, TIE_KINDS, Kind
from graphsvc.model import Label, Node, RelType, normalise_tag


class Planner:
    """Turns one `Interview` into rows of graphsvc kinds, following a `NetCanvasMapping`."""

    def __init__(
        self,
        interview: Interview,
        mapping: NetCanvasMapping,
        ego_id: str,
        stored_nodes: Mapping[str, Node],
        stored_ties: nx.MultiDiGraph,
    ) -> None:
        self.interview = interview
        self.mapping = mapping
        self.ego_id = ego_id
        self.stored_nodes = stored_nodes
        self.stored_ties = stored_ties
        self.plan = Plan()
        self.ids: dict[str, str] = {}  # uuid -> graphsvc id of alters placed
        self.labels: dict[str, Label] = {ego_id: Label.PERSON}
        self.seen: set[str] = set()  # uuids of every node, placed or not
        self.reported: set[tuple[str, RelType, str]] = set()
        self.ego_uuid = interview.ego.uuid if interview.ego else None

    # - the ego -

    def ego(self) -> None:
        ego = self.interview.ego
        file, number = (ego.file, ego.row) if ego else (self._first_file(), 1)
        row = self.plan.row("people", (self.ego_id,), file, number)
        row.put("id", self.ego_id, (file, number, ""))
        if ego is None:
            return
        answers = Answers(ego)
        rules = self.mapping.ego
        self._fields(
            answers, row, NODE_KINDS[Label.PERSON], rules.fields, node_fields(Label.PERSON),
            rules.values,
        )  # fmt: skip
        self._interests(answers, self.ego_id, Label.PERSON, rules.interests)
        self._unmapped(answers, rules.ignore, f"{ego.file} (ego)" if self._graphml else ego.file)

    # - alters -

    def nodes(self) -> None:
        unknown: dict[str, Entity] = {}
        skipped: dict[tuple[str, str], int] = {}
        for node in self.interview.nodes:
            if node.uuid:
                self.seen.add(node.uuid)
            if not node.type:
                continue  # reported when read: without a type it cannot be placed
            rule = self.mapping.node_type(node.type)
            if rule is None:
                unknown.setdefault(node.type, node)
                continue
            if rule.skip:
                skipped[(node.type, node.file)] = skipped.get((node.type, node.file), 0) + 1
                continue
            self._node(node, rule)
        for type_name, node in unknown.items():
            self.plan.problem(
                node.file,
                None if not self._graphml else node.row,
                TYPE if self._graphml else "",
                type_name,
                f"graphsvc does not know what a {type_name!r} node is; say it in a mapping "
                f'file: [nodes.{_toml_key(type_name)}] label = "Person" (or "Space", "Group", '
                '"PaidWorker"), or skip = true to leave these out',
            )
        self.plan.skipped += [
            f"{n} {t} node{'s' * (n != 1)} in {f} (skipped by the mapping)"
            for (t, f), n in skipped.items()
        ]

    def _node(self, node: Entity, rule: NodeTypeMapping) -> None:
        if not node.uuid:
            self.plan.problem(
                node.file, node.row, UUID, None, "this node has no networkCanvasUUID; "
                "export the interview again from Network Canvas",
            )  # fmt: skip
            return
        own = node.meta.get(EGO_UUID)
        if own and self.ego_uuid and own != self.ego_uuid:
            self.plan.problem(
                node.file, node.row, EGO_UUID, own, "this node belongs to another interview "
                f"(ego {own}, not {self.ego_uuid}); export each interview on its own",
            )  # fmt: skip
            return
        if node.uuid in self.ids:
            self.plan.problem(
                node.file, node.row, UUID, node.uuid,
                "this networkCanvasUUID is on another node too; export the interview again",
            )  # fmt: skip
            return
        label = Label(rule.label or "Person")
        node_id = self._id(node.uuid)
        self.ids[node.uuid] = node_id
        self.labels[node_id] = label
        self.plan.uuid_of[node_id] = node.uuid
        kind = NODE_KINDS[label]
        row = self.plan.row(kind.name, (node_id,), node.file, node.row)
        row.put("id", node_id, (node.file, node.row, UUID))
        answers = Answers(node)
        self._fields(answers, row, kind, rule.fields, node_fields(label), rule.values)
        tie_type = rule.ego_tie_type()
        if tie_type is not None:
            fit = fitting_tie(tie_type, Label.PERSON, label)
            assert fit is not None  # checked when the mapping was made
            ends = (node_id, self.ego_id) if fit[1] else (self.ego_id, node_id)
            tie_kind = TIE_KINDS[tie_type]
            tie = self.plan.row(tie_kind.name, (tie_type.value, *ends), node.file, node.row)
            tie.put("source", ends[0], (node.file, node.row, UUID))
            tie.put("target", ends[1], (node.file, node.row, UUID))
            self._fields(answers, tie, tie_kind, rule.tie, tie_fields(tie_type), rule.values)
        self._interests(answers, node_id, label, rule.interests)
        where = f"{node.file} ({node.type} nodes)" if self._graphml else node.file
        self._unmapped(answers, rule.ignore, where)

    # - edges -

    def edges(self) -> None:
        by_node_id = {
            e.meta[NODE_ID]: e.uuid for e in self.interview.nodes if e.meta.get(NODE_ID) and e.uuid
        }
        for edge in self.interview.edges:
            rule = self.mapping.edge_type(edge.type)
            if rule.skip or not edge.type:
                continue
            ends = []
            for column, fallback in ((SOURCE_UUID, "from"), (TARGET_UUID, "to")):
                uuid = edge.meta.get(column) or by_node_id.get(edge.meta.get(fallback, ""))
                ends.append(self._end(edge, column, uuid))
            if None in ends:
                continue
            source, target = ends[0], ends[1]
            assert source is not None and target is not None
            if source == "" or target == "":
                continue  # an end the mapping left out (a skipped or unknown node type)
            self._edge(edge, rule, source, target)

    def _end(self, edge: Entity, column: str, uuid: str | None) -> str | None:
        """The graphsvc id an edge's end stands for; "" for a node left out; None if missing."""
        if not uuid:
            self.plan.problem(
                edge.file, edge.row, column, None, "this edge does not say which node it "
                "joins; export the interview again from Network Canvas",
            )  # fmt: skip
            return None
        if uuid == self.ego_uuid:
            return self.ego_id
        if uuid in self.ids:
            return self.ids[uuid]
        if uuid in self.seen:
            return ""
        self.plan.problem(
            edge.file, edge.row, column, uuid,
            "this edge points to a node that is not in the interview (no node has this "
            "networkCanvasUUID); the export is incomplete: export the interview again, with "
            "every node type's attribute list",
        )  # fmt: skip
        return None

    def _edge(self, edge: Entity, rule: EdgeTypeMapping, source: str, target: str) -> None:
        a, b = self.labels[source], self.labels[target]
        fit = fitting_tie(rule.tie_type(), a, b)
        if fit is None:
            wanted = rule.tie_type()
            self.plan.problem(
                edge.file, edge.row, "", edge.type,
                f"a {edge.type!r} edge joins a {a.value} and a {b.value}, and "
                + (f"a {wanted.value} tie cannot" if wanted else "no graphsvc tie can")
                + f"; change [edges.{_toml_key(edge.type)}] in the mapping file (type, or "
                "skip = true)",
            )  # fmt: skip
            return
        rel_type, swap = fit
        if swap:
            source, target = target, source
        kind = TIE_KINDS[rel_type]
        answers = Answers(edge)
        directions = [(source, target)]
        if rule.both_ways and rel_type == RelType.KNOWS:
            directions.append((target, source))
        for s, t in directions:
            row = self.plan.row(kind.name, (rel_type.value, s, t), edge.file, edge.row)
            row.put("source", s, (edge.file, edge.row, SOURCE_UUID))
            row.put("target", t, (edge.file, edge.row, TARGET_UUID))
            for name, value in rule.fixed.items():
                if name in row.cells:
                    continue  # another edge filled this tie first
                text = join_list(value) if isinstance(value, list) else str(value)
                row.put(name, text, (edge.file, edge.row, f"{name} (set by the mapping)"))
            answers.used.clear()
            unknown = [f for f in rule.fields.values() if f not in tie_fields(rel_type)]
            for name in unknown:
                if (edge.type, rel_type, name) in self.reported:
                    continue
                self.reported.add((edge.type, rel_type, name))
                self.plan.problem(
                    edge.file, None, "", edge.type,
                    f"the mapping sends a variable of {edge.type!r} edges to {name!r}, which a "
                    f"{rel_type.value} tie does not have; fields: "
                    f"{', '.join(tie_fields(rel_type))}",
                )  # fmt: skip
            fields = {v: f for v, f in rule.fields.items() if f not in unknown}
            self._fields(answers, row, kind, fields, tie_fields(rel_type), rule.values)
        where = f"{edge.file} ({edge.type} edges)" if self._graphml else edge.file
        self._unmapped(answers, rule.ignore, where)

    # - answers to fields -

    def _fields(
        self,
        answers: Answers,
        row: PlannedRow,
        kind: Kind,
        explicit: Mapping[str, str],
        names: Sequence[str],
        values: Mapping[str, Mapping[str, str]],
    ) -> None:
        """Fill ``row`` from the answers: variables the mapping names, then same-named ones."""
        claimed = set(row.cells)
        wanted = list(explicit.items())
        if self.mapping.auto_fields:
            wanted += [(name, name) for name in names]
        for variable, name in wanted:
            if name in claimed:
                continue
            found = answers.take(variable)
            if found is not None:
                claimed.add(name)
                self._put(answers.entity, row, kind, name, found, values)

    def _put(
        self,
        entity: Entity,
        row: PlannedRow,
        kind: Kind,
        name: str,
        found: Answer,
        values: Mapping[str, Mapping[str, str]],
    ) -> None:
        answer, column, variable = found
        rewrite = {k.strip().lower(): v for k, v in values.get(name, {}).items()}
        items = answer if isinstance(answer, list) else [answer]
        items = [rewrite.get(i.strip().lower(), i) for i in items]
        origin = (entity.file, entity.row, column)
        if isinstance(answer, list) and not items:
            return  # nothing ticked: not known (Network Canvas exports all false then too)
        if kind.column(name).is_list:
            text = join_list(items) if isinstance(answer, list) else items[0]
        elif len(items) > 1:
            self.plan.problem(
                entity.file, entity.row, column, "; ".join(items),
                f"several options of {variable!r} are ticked, and {name} takes one; in a "
                f"mapping file, send {variable!r} to a list field instead (such as contexts), "
                "or rewrite its options with [values]",
            )  # fmt: skip
            return
        else:
            text = items[0]
        row.put(name, text, origin)

    def _interests(
        self, answers: Answers, node_id: str, label: Label, rules: Mapping[str, str]
    ) -> None:
        for variable, relation in rules.items():
            found = answers.take(variable)
            if found is None:
                continue
            answer, column, _ = found
            items = answer if isinstance(answer, list) else split_items(answer)
            rel_type = INTEREST_RELATIONS[relation]
            kind = TIE_KINDS[rel_type]
            entity = answers.entity
            for item in items:
                key = (rel_type.value, node_id, normalise_tag(item))
                row = self.plan.row(kind.name, key, entity.file, entity.row)
                row.put("source", node_id, (entity.file, entity.row, column))
                row.put("target", item, (entity.file, entity.row, column))
                if kind.name == "person_interests":
                    row.put("relation", relation, (entity.file, entity.row, column))

    def _unmapped(self, answers: Answers, ignore: Sequence[str], where: str) -> None:
        left = answers.unused(ignore)
        if left:
            known = self.plan.unmapped.setdefault(where, [])
            known += [name for name in left if name not in known]

    # - what graphsvc already knows -

    def keep_stored(self) -> None:
        """Keep what the store has and the interview does not say (consent, notes...).

        A row replaces a whole record, so without this an interview that never asked about
        consent would erase the consent a broker recorded in graphsvc.
        """
        for kind_name, table in self.plan.rows.items():
            kind = KINDS[kind_name]
            for key, row in table.items():
                if kind.label is not None:
                    stored = self.stored_nodes.get(key[0])
                    if stored is None or stored.label != kind.label.value:
                        continue
                    props = stored.properties()
                else:
                    rel_type, s, t = key
                    if not self.stored_ties.has_edge(s, t, rel_type):
                        continue
                    props = dict(self.stored_ties.edges[s, t, rel_type])
                for column in kind.columns:
                    if column.name not in row.cells and column.name in props:
                        text = write_cell(column, props[column.name])
                        origin = (row.file, row.row, f"{column.name} (kept from graphsvc)")
                        row.put(column.name, text, origin)

    # - helpers -

    @property
    def _graphml(self) -> bool:
        return self.interview.format == "graphml"

    def _first_file(self) -> str:
        return self.interview.files[0] if self.interview.files else "(the export)"

    def _id(self, uuid: str) -> str:
        return self.mapping.id_template.format(
            uuid=uuid, session=self.interview.session_id or "", case=self.interview.case_id or ""
        )


def _toml_key(name: str) -> str:
    return name if re.fullmatch(r"[A-Za-z0-9_-]+", name) else f'"{name}"'
