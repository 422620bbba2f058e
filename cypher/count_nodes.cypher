// Nodes by label.
MATCH (n:Entity)
UNWIND labels(n) AS label
WITH label WHERE label <> 'Entity'
RETURN label, count(*) AS n
