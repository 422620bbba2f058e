// Asset map: residents of each neighbourhood (consent not withdrawn; current IN ties) by birth
// year, unfiltered; the disclosure checks refuse queries that could be differenced into a
// small count.
// $ids: neighbourhood ids, or null for every neighbourhood. A neighbourhood with nobody gives
// one row with n = 0; one that does not exist gives none.
CALL () {
  UNWIND $ids AS hid
  MATCH (h:Entity {id: hid})
  WHERE h:Neighbourhood
  RETURN h
  UNION
  MATCH (h:Neighbourhood)
  WHERE $ids IS NULL
  RETURN h
}
OPTIONAL MATCH (p:Person)-[i:IN]->(h)
WHERE i.valid_to IS NULL AND (p.consent IS NULL OR p.consent <> 'withdrawn')
RETURN h.id AS hood, p.birth_year AS year, count(p) AS n
