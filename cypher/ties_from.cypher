// Every tie leaving these nodes; the caller keeps those whose target it wants. $ids: node ids.
// $as_of: null for current versions, or YYYY-MM-DD for the versions valid that day.
UNWIND $ids AS id
MATCH (a:Entity {id: id})-[r]->(b:Entity)
WHERE ($as_of IS NULL AND r.valid_to IS NULL)
   OR ($as_of IS NOT NULL AND (r.valid_from IS NULL OR r.valid_from <= $as_of)
       AND (r.valid_to IS NULL OR $as_of < r.valid_to))
RETURN a.id AS source, type(r) AS type, b.id AS target, properties(r) AS props
