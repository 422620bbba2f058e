// Labels of the ids that exist already (used to check a batch before writing it).
// $ids: list of node ids.
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN n.id AS id, [l IN labels(n) WHERE l <> 'Entity'][0] AS label
