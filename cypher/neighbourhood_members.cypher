// A neighbourhood's members (IN it) and the nodes attached to them that have no neighbourhood of
// their own. $id: the neighbourhood's id; $attached: the attached labels.
MATCH (h:Entity {id: $id})
WHERE h:Neighbourhood
OPTIONAL MATCH (m:Entity)-[:IN]->(h)
OPTIONAL MATCH (m)--(x:Entity)
WHERE any(l IN labels(x) WHERE l IN $attached)
RETURN h.id AS id, collect(DISTINCT m.id) AS members, collect(DISTINCT x.id) AS attached
