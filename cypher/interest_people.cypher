// How many people hold any interest: the population interest rarity is judged over.
// $as_of: null for current ties, or YYYY-MM-DD for the ties valid that day.
MATCH (p:Entity)-[r:INTERESTED_IN]->(:Entity)
WHERE ($as_of IS NULL AND r.valid_to IS NULL)
   OR ($as_of IS NOT NULL AND (r.valid_from IS NULL OR r.valid_from <= $as_of)
       AND (r.valid_to IS NULL OR $as_of < r.valid_to))
RETURN count(DISTINCT p) AS people
