// A neighbourhood's members (IN it) and the nodes attached to them that have no neighbourhood of
// their own. $id: the neighbourhood's id; $attached: the attached labels; $as_of: null for
// current ties, or YYYY-MM-DD for the ties valid that day.
MATCH (h:Entity {id: $id})
WHERE h:Neighbourhood
OPTIONAL MATCH (m:Entity)-[i:IN]->(h)
WHERE ($as_of IS NULL AND i.valid_to IS NULL)
   OR ($as_of IS NOT NULL AND (i.valid_from IS NULL OR i.valid_from <= $as_of)
       AND (i.valid_to IS NULL OR $as_of < i.valid_to))
OPTIONAL MATCH (m)-[t]-(x:Entity)
WHERE any(l IN labels(x) WHERE l IN $attached)
  AND (($as_of IS NULL AND t.valid_to IS NULL)
    OR ($as_of IS NOT NULL AND (t.valid_from IS NULL OR t.valid_from <= $as_of)
        AND (t.valid_to IS NULL OR $as_of < t.valid_to)))
RETURN h.id AS id, collect(DISTINCT m.id) AS members, collect(DISTINCT x.id) AS attached
