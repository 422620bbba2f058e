"""GraphML and GEXF, written with typed attributes and read back into graphsvc's graph shape.

Both formats are XML with declared attribute types, which Gephi, Cytoscape, yEd, igraph and
NetworkX all read. Neither has a list type, so list properties (``slots``, ``contexts``...) are
written as one string, items separated by ``;`` with ``none`` for the empty list (the same
convention as the CSV templates, see `graphsvc.io.cells`). Which properties are lists is
recorded in the file (GraphML: the graph attribute ``graphsvc_list_fields``; GEXF: the
``keywords`` of its ``meta``) and is known to the schema anyway, so `read_graphml` and
`read_gexf` give lists back. Integers are written as ``long``, decimals as ``double``, booleans
as ``boolean``: the attribute types come from the schema (`PROPERTY_TYPES`), so a property has
one type in the whole file whatever values happen to be in it.

GraphML keeps graphsvc's shape exactly: node attribute ``label`` (``Person``...), edge
attribute ``type`` (``KNOWS``...). GEXF is shaped for Gephi: a node's GEXF label (what Gephi
draws) is its name, or its id when it has none, its graphsvc label is the attribute
``category``, and an edge's GEXF label is its type, which Gephi 0.9+ uses to keep parallel ties
of different types apart. XML cannot hold most control characters; any in the text are written
as U+FFFD.

Examples
--------
>>> import tempfile, pathlib
>>> from graphsvc.graph import build_graph
>>> from graphsvc.model import Person, Knows
>>> G = build_graph([Person(id="a", birth_year=1950, free_slots=["Mon 10:00-12:00"]),
...                  Person(id="b")], [Knows(source="a", target="b", frequency=4.3, gives=[])])
>>> path = pathlib.Path(tempfile.mkdtemp()) / "town.graphml"
>>> write_graphml(G, path)
>>> H = read_graphml(path)
>>> dict(H.nodes["a"]), dict(H.edges["a", "b", "KNOWS"])
({'label': 'Person', 'birth_year': 1950, 'free_slots': ['Mon 10:00-12:00']}, {'type': 'KNOWS', 'frequency': 4.3, 'gives': []})
"""  # noqa: E501

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import escape, quoteattr

import networkx as nx

from graphsvc.errors import BadRequest
from graphsvc.io.cells import join_list, split_list
from graphsvc.io.schema import LIST_FIELDS, PROPERTY_TYPES

GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
GEXF_NS = "http://www.gexf.net/1.2draft"
LIST_FIELDS_ATTR = "graphsvc_list_fields"
GEXF_CATEGORY = "category"

_XML_TYPES = {str: "string", int: "long", float: "double", bool: "boolean", list: "string"}
_PY_TYPES: dict[str, type] = {
    "string": str,
    "long": int,
    "int": int,
    "integer": int,
    "double": float,
    "float": float,
    "boolean": bool,
}
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_KNOWN = {**PROPERTY_TYPES, "label": str, "type": str}


# --- attribute types ----------------------------------------------------------------------------


def attribute_types(items: Iterable[dict[str, Any]]) -> dict[str, type]:
    """One Python type per attribute name: the schema's, else what the values hold.

    Attributes outside the schema (a researcher's own ``score``) get the type of their values;
    ints mixed with floats become floats, any other mixture becomes text.
    """
    found: dict[str, type] = {}
    for data in items:
        for name, value in data.items():
            if name in _KNOWN:
                found.setdefault(name, _KNOWN[name])
                continue
            seen = list if isinstance(value, list | tuple) else type(value)
            seen = seen if seen in _XML_TYPES else str
            earlier = found.setdefault(name, seen)
            if earlier is not seen:
                found[name] = float if {earlier, seen} == {int, float} else str
    return found


def _value_text(value: Any, typ: type) -> str:
    if isinstance(value, list | tuple):
        return join_list(value)
    if typ is bool:
        return "true" if value else "false"
    if typ is float:
        return repr(float(value))
    if typ is int:
        return str(int(value))
    return _NOT_XML.sub("\ufffd", str(value))


def _parse_value(text: str | None, xml_type: str, name: str, lists: frozenset[str]) -> Any:
    text = text or ""
    if name in lists:
        return split_list(text)
    typ = _PY_TYPES.get(xml_type, str)
    if typ is bool:
        return text.strip().lower() in ("true", "1")
    return typ(text) if typ is not str else text


def _lists_in(types: dict[str, type]) -> list[str]:
    return sorted({n for n, t in types.items() if t is list} | (LIST_FIELDS & set(types)))


def _text(value: str) -> str:
    return escape(_NOT_XML.sub("\ufffd", value), {"\r": "&#13;"})


def _attr(value: str) -> str:
    return quoteattr(_NOT_XML.sub("\ufffd", value))


# --- GraphML ------------------------------------------------------------------------------------


def write_graphml(G: nx.MultiDiGraph, path: str | Path) -> None:
    """Write ``G`` as GraphML (UTF-8), attributes typed from the schema; lists ``;``-joined."""
    node_types = attribute_types(d for _, d in G.nodes(data=True))
    edge_types = attribute_types(d for *_, d in G.edges(keys=True, data=True))
    lists = _lists_in({**node_types, **edge_types})
    with Path(path).open("w", encoding="utf-8", newline="\n") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        f.write(
            f'<graphml xmlns="{GRAPHML_NS}" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            f'xsi:schemaLocation="{GRAPHML_NS} {GRAPHML_NS}/1.0/graphml.xsd">\n'
        )
        f.write(f'  <key id="g0" for="graph" attr.name="{LIST_FIELDS_ATTR}" attr.type="string"/>\n')
        node_keys = _graphml_keys(f, "node", "n", node_types)
        edge_keys = _graphml_keys(f, "edge", "e", edge_types)
        f.write('  <graph id="graphsvc" edgedefault="directed">\n')
        f.write(f'    <data key="g0">{_text(";".join(lists))}</data>\n')
        for node, data in G.nodes(data=True):
            f.write(f"    <node id={_attr(str(node))}>")
            f.writelines(_graphml_data(data, node_keys, node_types))
            f.write("</node>\n")
        for i, (u, v, _, data) in enumerate(G.edges(keys=True, data=True)):
            f.write(f'    <edge id="e{i}" source={_attr(str(u))} target={_attr(str(v))}>')
            f.writelines(_graphml_data(data, edge_keys, edge_types))
            f.write("</edge>\n")
        f.write("  </graph>\n</graphml>\n")


def _graphml_keys(f: IO[str], domain: str, prefix: str, types: dict[str, type]) -> dict[str, str]:
    keys = {}
    for i, (name, typ) in enumerate(types.items()):
        keys[name] = f"{prefix}{i}"
        f.write(
            f'  <key id="{prefix}{i}" for="{domain}" attr.name={_attr(name)} '
            f'attr.type="{_XML_TYPES[typ]}"/>\n'
        )
    return keys


def _graphml_data(
    data: dict[str, Any], keys: dict[str, str], types: dict[str, type]
) -> Iterator[str]:
    for name, value in data.items():
        if value is not None:
            yield f'<data key="{keys[name]}">{_text(_value_text(value, types[name]))}</data>'


def read_graphml(path: str | Path) -> nx.MultiDiGraph:
    """Read a GraphML file into graphsvc's graph shape: typed attributes, lists restored.

    Edges are keyed by their ``type`` attribute (as `graphsvc.graph` requires). Files from
    other tools read too; their list-like strings stay strings unless named in the schema.
    """
    root = _parse(path)
    ns = {"g": GRAPHML_NS}
    keys = {
        k.get("id", ""): (k.get("attr.name", ""), k.get("attr.type", "string"))
        for k in root.iterfind("g:key", ns)
    }
    graph = root.find("g:graph", ns)
    if graph is None:
        raise BadRequest(f"{path} holds no <graph>: is it GraphML?")
    declared = {
        keys.get(d.get("key", ""), ("", ""))[0]: d.text for d in graph.iterfind("g:data", ns)
    }
    named = (declared.get(LIST_FIELDS_ATTR) or "").split(";")
    lists = LIST_FIELDS | frozenset(filter(None, named))

    def attrs(element: ET.Element) -> dict[str, Any]:
        out = {}
        for d in element.iterfind("g:data", ns):
            name, xml_type = keys[d.get("key", "")]
            out[name] = _parse_value(d.text, xml_type, name, lists)
        return out

    G = nx.MultiDiGraph()
    for node in graph.iterfind("g:node", ns):
        G.add_node(node.get("id"), **attrs(node))
    for edge in graph.iterfind("g:edge", ns):
        data = attrs(edge)
        G.add_edge(edge.get("source"), edge.get("target"), key=data.get("type"), **data)
    return G


# --- GEXF ---------------------------------------------------------------------------------------


def write_gexf(G: nx.MultiDiGraph, path: str | Path) -> None:
    """Write ``G`` as GEXF 1.2 for Gephi: names as node labels, types as edge labels."""
    nodes = [(n, {GEXF_CATEGORY if k == "label" else k: v for k, v in d.items()})
             for n, d in G.nodes(data=True)]  # fmt: skip
    node_types = attribute_types(d for _, d in nodes)
    edge_types = attribute_types(
        {k: v for k, v in d.items() if k != "type"} for *_, d in G.edges(keys=True, data=True)
    )
    lists = _lists_in({**node_types, **edge_types})
    with Path(path).open("w", encoding="utf-8", newline="\n") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        f.write(f'<gexf xmlns="{GEXF_NS}" version="1.2">\n')
        f.write(
            "  <meta><creator>graphsvc</creator>"
            f"<keywords>{LIST_FIELDS_ATTR}={_text(','.join(lists))}</keywords>"
            "<description>Lists are ;-separated text (none = an empty list). Node category is "
            "the graphsvc label; edge label is the tie type.</description></meta>\n"
        )
        f.write('  <graph defaultedgetype="directed" mode="static">\n')
        node_ids = _gexf_attributes(f, "node", node_types)
        edge_ids = _gexf_attributes(f, "edge", edge_types)
        f.write("    <nodes>\n")
        for node, data in nodes:
            shown = str(data.get("name") or node)
            f.write(f"      <node id={_attr(str(node))} label={_attr(shown)}>")
            f.write(_gexf_values(data, node_ids, node_types))
            f.write("</node>\n")
        f.write("    </nodes>\n    <edges>\n")
        for i, (u, v, key, data) in enumerate(G.edges(keys=True, data=True)):
            props = {k: val for k, val in data.items() if k != "type"}
            label = str(data.get("type", key))
            f.write(
                f'      <edge id="{i}" source={_attr(str(u))} target={_attr(str(v))} '
                f"label={_attr(label)}>"
            )
            f.write(_gexf_values(props, edge_ids, edge_types))
            f.write("</edge>\n")
        f.write("    </edges>\n  </graph>\n</gexf>\n")


def _gexf_attributes(f: IO[str], domain: str, types: dict[str, type]) -> dict[str, str]:
    ids = {}
    f.write(f'    <attributes class="{domain}" mode="static">\n')
    for i, (name, typ) in enumerate(types.items()):
        ids[name] = str(i)
        f.write(f'      <attribute id="{i}" title={_attr(name)} type="{_XML_TYPES[typ]}"/>\n')
    f.write("    </attributes>\n")
    return ids


def _gexf_values(data: dict[str, Any], ids: dict[str, str], types: dict[str, type]) -> str:
    values = [
        f'<attvalue for="{ids[name]}" value={_attr(_value_text(value, types[name]))}/>'
        for name, value in data.items()
        if value is not None
    ]
    return f"<attvalues>{''.join(values)}</attvalues>" if values else ""


def read_gexf(path: str | Path) -> nx.MultiDiGraph:
    """Read a GEXF file written by `write_gexf` back into graphsvc's graph shape."""
    root = _parse(path)
    ns_uri = root.tag[1:].split("}")[0] if root.tag.startswith("{") else GEXF_NS
    ns = {"x": ns_uri}
    graph = root.find("x:graph", ns)
    if graph is None:
        raise BadRequest(f"{path} holds no <graph>: is it GEXF?")
    keywords = root.findtext("x:meta/x:keywords", default="", namespaces=ns)
    declared = keywords.partition(f"{LIST_FIELDS_ATTR}=")[2]
    lists = LIST_FIELDS | frozenset(filter(None, declared.split(",")))
    attributes: dict[str, dict[str, tuple[str, str]]] = {"node": {}, "edge": {}}
    for block in graph.iterfind("x:attributes", ns):
        for a in block.iterfind("x:attribute", ns):
            attributes[block.get("class", "node")][a.get("id", "")] = (
                a.get("title", ""),
                a.get("type", "string"),
            )

    def attrs(element: ET.Element, domain: str) -> dict[str, Any]:
        out = {}
        for v in element.iterfind("x:attvalues/x:attvalue", ns):
            name, xml_type = attributes[domain][v.get("for", "")]
            out[name] = _parse_value(v.get("value"), xml_type, name, lists)
        return out

    G = nx.MultiDiGraph()
    for node in graph.iterfind("x:nodes/x:node", ns):
        data = attrs(node, "node")
        label = data.pop(GEXF_CATEGORY, None)
        G.add_node(node.get("id"), **({"label": label} if label is not None else {}), **data)
    for edge in graph.iterfind("x:edges/x:edge", ns):
        rel_type = edge.get("label")
        G.add_edge(
            edge.get("source"), edge.get("target"), key=rel_type, type=rel_type,
            **attrs(edge, "edge"),
        )  # fmt: skip
    return G


def _parse(path: str | Path) -> ET.Element:
    try:
        return ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise BadRequest(f"{path} is not well-formed XML: {exc}") from exc


__all__ = [
    "attribute_types",
    "read_gexf",
    "read_graphml",
    "write_gexf",
    "write_graphml",
]
