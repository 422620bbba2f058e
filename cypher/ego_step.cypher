// One breadth-first step of an ego network, ignoring tie direction.
// $frontier: ids reached last step; $types / $labels: allowed tie types / node labels, or null.
// $as_of: null to walk current ties, or YYYY-MM-DD to walk the ties valid that day.
UNWIND $frontier AS fid
MATCH (a:Entity {id: fid})-[r]-(b:Entity)
WHERE ($types IS NULL OR type(r) IN $types)
  AND ($labels IS NULL OR any(l IN labels(b) WHERE l IN $labels))
  AND (($as_of IS NULL AND r.valid_to IS NULL)
    OR ($as_of IS NOT NULL AND (r.valid_from IS NULL OR r.valid_from <= $as_of)
        AND (r.valid_to IS NULL OR $as_of < r.valid_to)))
RETURN DISTINCT b.id AS id
