// One breadth-first step of an ego network, ignoring tie direction.
// $frontier: ids reached last step; $types / $labels: allowed tie types / node labels, or null.
UNWIND $frontier AS fid
MATCH (a:Entity {id: fid})-[r]-(b:Entity)
WHERE ($types IS NULL OR type(r) IN $types)
  AND ($labels IS NULL OR any(l IN labels(b) WHERE l IN $labels))
RETURN DISTINCT b.id AS id
