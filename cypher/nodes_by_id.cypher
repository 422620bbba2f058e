// Nodes with these ids, with label and properties. $ids: list of node ids.
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN n.id AS id, [l IN labels(n) WHERE l <> 'Entity'][0] AS label, properties(n) AS props
