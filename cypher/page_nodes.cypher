// One page of nodes of a label in id order. $label, $after (id to start after), $limit.
MATCH (n:Entity)
WHERE n.id > $after AND $label IN labels(n)
RETURN n.id AS id, properties(n) AS props
ORDER BY n.id
LIMIT $limit
