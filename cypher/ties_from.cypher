// Every tie leaving these nodes; the caller keeps those whose target it wants. $ids: node ids.
UNWIND $ids AS id
MATCH (a:Entity {id: id})-[r]->(b:Entity)
RETURN a.id AS source, type(r) AS type, b.id AS target, properties(r) AS props
