// Create or replace ties, one per (type, source, target). $rows: [{type, source, target, props}];
// endpoints and type are checked before this runs.
UNWIND $rows AS row
MATCH (a:Entity {id: row.source})
MATCH (b:Entity {id: row.target})
MERGE (a)-[r:$(row.type)]->(b)
SET r = row.props
RETURN count(r) AS written
