// Current ties by type (ended versions are history, not part of today's map).
MATCH (:Entity)-[r]->(:Entity)
WHERE r.valid_to IS NULL
RETURN type(r) AS type, count(*) AS n
