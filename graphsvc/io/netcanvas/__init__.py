"""Import one interview exported from Network Canvas into a person's map, all of it or nothing.

Network Canvas (Interviewer, Fresco; protocols built in Architect) is where many researchers and
some brokers collect a person's network: the person interviewed is the *ego*, the people and
places they name are *alters* (nodes of protocol-defined types), and lines drawn between alters
are *edges* (of protocol-defined types). It exports each interview as a zip of CSV files (one
ego file, one attribute list per node type, one edge list per edge type) and/or one GraphML
file. See ``docs/network-canvas.md`` for the format as we found it documented, with sources.

This package reads one interview in either form (`read_interview`), maps it onto graphsvc's
records through a small declarative mapping (`NetCanvasMapping`, loadable from TOML; the
default is `DEFAULT_MAPPING_TOML`) and hands the result to the ordinary spreadsheet importer
(`graphsvc.io.importer.Importer`), so an interview is checked, reported and written exactly like
a spreadsheet: every problem named by file, row, column and value with what to fix, and one
``store.upsert`` or nothing.

How the hand-over works, and why: the importer reads *tables* of graphsvc's own kinds
(``people``, ``knows``...), and its checks and plain-English messages are the part worth
reusing. So each interview becomes a few in-memory tables of those kinds (`KindTable`), and
every cell remembers the Network Canvas file, row and column it came from; the importer's report is
then translated back, so a person reads ``..._attributeList_Person.csv row 4, column frequency
('often')`` and never the name of a table that does not exist on their disk.

What an interview becomes (the default mapping; all of it configurable):

- the ego is the graphsvc person whose id you give (``ego_id``): answers that name a Person
  field (``name``, ``birth_year``...) are set on them; what they already have in graphsvc and the
  interview does not say (consent, notes) is kept;
- each alter is a Person, Space, Group or PaidWorker by its node type, with the id
  ``nc:{session}:{uuid}``, so importing the same interview again changes nothing;
- each alter is tied to the ego: KNOWS (ego -> person), VISITS (ego -> place), MEMBER_OF
  (ego -> group), SUPPORTS (worker -> ego); answers about the alter that name a field of that
  tie (``kind``, ``frequency``, ``since``...) go on the tie;
- each edge becomes the one tie type that fits its two ends (KNOWS between two people, VISITS
  between a person and a place...), in the direction graphsvc needs;
- answers graphsvc has no place for are listed in the report as *unmapped*, never dropped
  silently, and never block the import.

The package, in the order an interview goes through it::

    format.py          the export's own names (columns, files, GraphML keys); Entity, Interview
    interview.py       read_interview: the files of a folder, zip or GraphML file, one interview
    csv_export.py      the CSV export read into an Interview
    graphml_export.py  the GraphML export read into an Interview
    mapping.py         NetCanvasMapping and its sections; fitting_tie
    mapping_files.py   DEFAULT_MAPPING_TOML, mapping files (TOML) laid over the default
    answers.py         an entity's answers, taken one by one (categorical options included)
    plan.py            the Plan: rows of graphsvc kinds, each cell with its origin
    planner.py         the Planner: an Interview and a mapping to a Plan
    tables.py          a Plan as the in-memory tables the importer reads
    report.py          NetCanvasReport: the importer's report in the export's terms
    importing.py       import_netcanvas: all of it above, then the importer, all or nothing
    command.py         the ``graphsvc import-netcanvas`` command

Examples
--------
>>> mapping = default_mapping()
>>> mapping.node_type("Person").label, mapping.node_type("venue").label
('Person', 'Space')
>>> mapping.node_type("Pet") is None  # unknown node types are reported, not guessed
True
>>> mapping.node_type("Place").ego_tie_type()
<RelType.VISITS: 'VISITS'>
"""

from __future__ import annotations

from graphsvc.io.netcanvas.format import Entity, Interview, type_key
from graphsvc.io.netcanvas.importing import import_netcanvas
from graphsvc.io.netcanvas.interview import read_interview
from graphsvc.io.netcanvas.mapping import (
    ALTER_TIES,
    EdgeTypeMapping,
    EgoMapping,
    NetCanvasMapping,
    NodeTypeMapping,
    fitting_tie,
)
from graphsvc.io.netcanvas.mapping_files import (
    DEFAULT_MAPPING_TOML,
    default_mapping,
    load_mapping,
    mapping_from_dict,
)
from graphsvc.io.netcanvas.report import NetCanvasReport

# Importable from here as they were from the single module, though not in `__all__`: the
# export's own names and the mapping's value types.
from graphsvc.io.netcanvas.format import (  # isort: skip
    CASE_ID as CASE_ID,
    CSV_RESERVED as CSV_RESERVED,
    EDGE_ID as EDGE_ID,
    EGO_UUID as EGO_UUID,
    ENCRYPTED as ENCRYPTED,
    GRAPHML_RESERVED as GRAPHML_RESERVED,
    NC_NAMESPACE as NC_NAMESPACE,
    NODE_ID as NODE_ID,
    PROTOCOL_NAME as PROTOCOL_NAME,
    SESSION_ID as SESSION_ID,
    SOURCE_UUID as SOURCE_UUID,
    TARGET_UUID as TARGET_UUID,
    TYPE as TYPE,
    UUID as UUID,
    UUID_ALIASES as UUID_ALIASES,
)
from graphsvc.io.netcanvas.mapping import (  # isort: skip
    AlterLabel as AlterLabel,
    FixedValue as FixedValue,
    Relation as Relation,
)
from graphsvc.io.netcanvas.plan import Origin as Origin  # isort: skip

__all__ = [
    "ALTER_TIES",
    "DEFAULT_MAPPING_TOML",
    "EdgeTypeMapping",
    "EgoMapping",
    "Entity",
    "Interview",
    "NetCanvasMapping",
    "NetCanvasReport",
    "NodeTypeMapping",
    "default_mapping",
    "fitting_tie",
    "import_netcanvas",
    "load_mapping",
    "mapping_from_dict",
    "read_interview",
    "type_key",
]
