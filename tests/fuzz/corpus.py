"""Strings that break queries built by pasting text: for every text field and id graphsvc takes.

graphsvc never pastes a value into Cypher or SQL (values are parameters; the only names in a
query's text are the whitelisted `Label` / `RelType` values), so each of these must come back
exactly as written, or be refused by the model with a message naming the field. The list
covers Cypher (quotes, backticks, comments, a closing map-and-pattern followed by a delete,
Neo4j 5's dynamic ``$(...)`` labels, parameters, procedure calls), SQL, JSON, paths, Unicode
that changes direction or normalises, and lengths at and past the model's limits.
"""

from __future__ import annotations

__all__ = ["INJECTIONS", "LABEL_INJECTIONS", "SHORT_LIST"]

INJECTIONS: tuple[str, ...] = (
    "'",
    '"',
    "`",
    "\\",
    "\\'",
    "' OR 1=1 --",
    '" OR ""="',
    "'}) DETACH DELETE n //",
    "}) DETACH DELETE n //",
    '"}) MATCH (m) DETACH DELETE m //',
    "`}) MATCH (m) DETACH DELETE m //",
    "x'}) WITH 1 AS one MATCH (m) SET m.pwned = true //",
    "a` ) MERGE (z:Pwned {id: 'z'}) //",
    "$(id)",
    "$(row.label)",
    "$($label)",
    "$id",
    "${id}",
    "{id: 'x'}",
    "n.id = 'x' OR true",
    "RETURN 1; MATCH (n) DETACH DELETE n",
    "CALL dbms.killQueries(['x'])",
    "CALL apoc.cypher.runFirstColumnSingle('MATCH (n) DETACH DELETE n', {})",
    "LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l",
    ":Person",
    "Person:Pwned",
    "/* comment */",
    "// comment",
    "Robert'); DROP TABLE nodes;--",
    'x" ; DELETE FROM ties; --',
    '{"a": 1}',
    "[1, 2]",
    "null",
    "NaN",
    "%s%s%n",
    "{0}{1}",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "Ünïcödé ✓ 名前 🙂",
    "\u202eevil\u202c",  # right-to-left override
    "\ufeffbom",
    "e\u0301",  # e + combining acute: not the same string as é
    "\U0001f600" * 50,
    "a\tb",
    "line\nbreak",
    " padded ",
    "x" * 200,  # the longest id
    "x" * 201,  # one past
    "y" * 500,  # the longest short text
    "y" * 501,
    "z" * 5000,  # the longest note
)

#: Strings offered where a label or relationship type name is expected.
LABEL_INJECTIONS: tuple[str, ...] = (
    "Person}) DETACH DELETE n //",
    "Person`) DETACH DELETE n //",
    "$(label)",
    "Person|Pwned",
    "Person:Pwned",
    "KNOWS]->() DETACH DELETE n //",
    "person",
    "",
)

#: The strings aimed at Cypher itself, plus one of each other family: for the slower paths
#: (the API on Neo4j) where the whole list would cost more than it adds.
SHORT_LIST: tuple[str, ...] = (
    "'",
    "`",
    "'}) DETACH DELETE n //",
    '"}) MATCH (m) DETACH DELETE m //',
    "a` ) MERGE (z:Pwned {id: 'z'}) //",
    "$(row.label)",
    "CALL dbms.killQueries(['x'])",
    "Ünïcödé ✓ 名前 🙂",
    "../../etc/passwd",
    "x" * 201,
)
