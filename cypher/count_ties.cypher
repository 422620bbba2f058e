// Ties by type.
MATCH (:Entity)-[r]->(:Entity)
RETURN type(r) AS type, count(*) AS n
