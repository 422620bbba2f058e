// Erase a person, every version of every tie touching them (history too), and their needs
// (unless another person has ever had one). Returns what went, for the deletion receipt.
// $id: the person's id.
MATCH (p:Entity {id: $id})
WHERE p:Person
OPTIONAL MATCH (p)-[:HAS_NEED]->(need:Need)
WHERE NOT EXISTS { MATCH (other:Person)-[:HAS_NEED]->(need) WHERE other <> p }
WITH p, collect(DISTINCT need) AS needs
WITH [p] + needs AS gone
UNWIND gone AS n
OPTIONAL MATCH (n)-[r]-()
WITH gone, collect(DISTINCT r) AS rels
WITH gone, rels,
     [n IN gone | {id: n.id, label: [l IN labels(n) WHERE l <> 'Entity'][0]}] AS nodes,
     [r IN rels | type(r)] AS types
FOREACH (r IN rels | DELETE r)
FOREACH (n IN gone | DELETE n)
RETURN nodes, types
