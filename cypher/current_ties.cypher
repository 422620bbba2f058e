// The current version of every tie touching one node, either direction (a review starts
// from these). $id: the node's id.
MATCH (p:Entity {id: $id})-[r]-(:Entity)
WHERE r.valid_to IS NULL
RETURN startNode(r).id AS source, type(r) AS type, endNode(r).id AS target,
       properties(r) AS props
