// Every tie, for a whole-graph export: the current versions ($as_of null), or the versions
// valid on $as_of (YYYY-MM-DD), by the one validity rule, compared as strings.
MATCH (a:Entity)-[r]->(b:Entity)
WHERE ($as_of IS NULL AND r.valid_to IS NULL)
   OR ($as_of IS NOT NULL AND (r.valid_from IS NULL OR r.valid_from <= $as_of)
       AND (r.valid_to IS NULL OR $as_of < r.valid_to))
RETURN a.id AS source, type(r) AS type, b.id AS target, properties(r) AS props
