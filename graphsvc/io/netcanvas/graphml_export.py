"""Reading the GraphML export: one file, the ego's answers on the graph, with line numbers."""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.parsers import expat

from graphsvc.io.netcanvas.format import (
    GRAPHML_RESERVED,
    NC_NAMESPACE,
    NODE_ID,
    TYPE,
    UUID,
    Entity,
    ExportFile,
    Interview,
)


@dataclass
class _Element:
    """An XML element with the line it starts on, so problems can point into the file."""

    tag: str
    attrs: dict[str, str]
    line: int
    children: list[_Element] = field(default_factory=list)
    text: list[str] = field(default_factory=list)

    def kids(self, tag: str) -> list[_Element]:
        return [c for c in self.children if c.tag == tag]


class _NotGraphML(Exception):
    """The file is XML graphsvc will not read as GraphML (empty, or with a DOCTYPE)."""


def _parse_xml(data: bytes) -> _Element:
    """A small element tree with line numbers (ElementTree keeps none), safely.

    Documents with a DOCTYPE are refused: GraphML needs none, and refusing it rules out entity
    expansion and external entities in a file that came from elsewhere.
    """
    parser = expat.ParserCreate(namespace_separator=" ")
    stack: list[_Element] = []
    root: list[_Element] = []

    def name(raw: str) -> str:
        ns, _, local = raw.rpartition(" ")
        return f"nc:{local}" if ns == NC_NAMESPACE else local

    def start(tag: str, attrs: dict[str, str]) -> None:
        element = _Element(
            name(tag), {name(k): v for k, v in attrs.items()}, parser.CurrentLineNumber
        )
        (stack[-1].children if stack else root).append(element)
        stack.append(element)

    def end(tag: str) -> None:
        stack.pop()

    def text(data: str) -> None:
        if stack:
            stack[-1].text.append(data)

    def refuse(*args: object) -> None:
        raise _NotGraphML("the file has a DOCTYPE, which GraphML does not use")

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.Parse(data, True)
    if not root:
        raise _NotGraphML("the file is empty")
    return root[0]


def read_graphml_export(f: ExportFile) -> Interview:
    interview = Interview(format="graphml", files=[f.name])
    try:
        root = _parse_xml(f.read())
    except (expat.ExpatError, _NotGraphML) as exc:
        line = getattr(exc, "lineno", None)
        interview.problem(f.name, line, "", None, f"the file cannot be read as GraphML: {exc}")
        return interview
    graphs = root.kids("graph") if root.tag == "graphml" else []
    if not graphs:
        interview.problem(f.name, None, "", None, "this is not GraphML: it has no <graph>")
        return interview
    if len(graphs) > 1:
        interview.problem(
            f.name,
            graphs[1].line,
            "",
            None,
            "a second interview in the same file; export each interview on its own",
        )
    graph = graphs[0]
    names = {
        k.attrs.get("id", ""): k.attrs.get("attr.name") or k.attrs.get("id", "")
        for k in root.kids("key")
    }
    interview.case_id = graph.attrs.get("nc:caseId")
    interview.session_id = graph.attrs.get("nc:sessionUUID")
    interview.protocol_name = graph.attrs.get("nc:protocolName")

    def entity(element: _Element, kind: str) -> Entity:
        attributes: dict[str, str] = {}
        meta: dict[str, str] = {}
        for data in element.kids("data"):
            key = data.attrs.get("key", "")
            value = "".join(data.text).strip()
            if not value:
                continue
            if key in GRAPHML_RESERVED:
                meta[key] = value
            else:
                attributes[names.get(key, key)] = value
        if kind == "node":
            meta[NODE_ID] = element.attrs.get("id", "")
        elif kind == "edge":
            meta["from"], meta["to"] = (
                element.attrs.get("source", ""),
                element.attrs.get("target", ""),
            )
        type_name = meta.get(TYPE) or meta.get("type") or ""
        return Entity(f.name, element.line, type_name, meta.get(UUID), attributes, meta)

    interview.ego = entity(graph, "ego")
    interview.nodes = [entity(e, "node") for e in graph.kids("node")]
    interview.edges = [entity(e, "edge") for e in graph.kids("edge")]
    interview.rows_read[f.name] = 1 + len(interview.nodes) + len(interview.edges)
    for e in (*interview.nodes, *interview.edges):
        if not e.type:
            interview.problem(
                f.name, e.row, TYPE, None, "no networkCanvasType: graphsvc cannot tell what it is"
            )
    return interview
