// How many hold each interest of $ids (0 if nobody does); ids that are not nodes are left out.
// $as_of: null for current ties, or YYYY-MM-DD for the ties valid that day.
UNWIND $ids AS id
MATCH (i:Entity {id: id})
OPTIONAL MATCH (p:Entity)-[r:INTERESTED_IN]->(i)
WHERE ($as_of IS NULL AND r.valid_to IS NULL)
   OR ($as_of IS NOT NULL AND (r.valid_from IS NULL OR r.valid_from <= $as_of)
       AND (r.valid_to IS NULL OR $as_of < r.valid_to))
RETURN id, count(DISTINCT p) AS holders
