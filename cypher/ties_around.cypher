// The ties of $types touching these nodes, either direction. $ids: node ids; $types: tie types.
// $as_of: null for current versions, or YYYY-MM-DD for the versions valid that day.
UNWIND $ids AS id
MATCH (a:Entity {id: id})-[r]-(:Entity)
WHERE type(r) IN $types
  AND (($as_of IS NULL AND r.valid_to IS NULL)
    OR ($as_of IS NOT NULL AND (r.valid_from IS NULL OR r.valid_from <= $as_of)
        AND (r.valid_to IS NULL OR $as_of < r.valid_to)))
RETURN DISTINCT startNode(r).id AS source, type(r) AS type, endNode(r).id AS target,
       properties(r) AS props
