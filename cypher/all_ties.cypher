// Every tie, for a whole-graph export.
MATCH (a:Entity)-[r]->(b:Entity)
RETURN a.id AS source, type(r) AS type, b.id AS target, properties(r) AS props
