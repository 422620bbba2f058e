// Create or replace nodes. $rows: [{id, label, props}]; label is checked against the schema's
// whitelist before it gets here. Replacing means properties not in props are removed.
UNWIND $rows AS row
MERGE (n:Entity {id: row.id})
SET n = row.props, n.id = row.id
SET n:$(row.label)
RETURN count(n) AS written
