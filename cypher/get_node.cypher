// One node by id. $id: the node's id.
MATCH (n:Entity {id: $id})
RETURN [l IN labels(n) WHERE l <> 'Entity'][0] AS label, properties(n) AS props
