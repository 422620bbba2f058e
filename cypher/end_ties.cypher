// End the current version of ties (a review): valid_to = the review date. The version stays,
// as history. $rows: [{type, source, target, on}], on as YYYY-MM-DD.
UNWIND $rows AS row
MATCH (a:Entity {id: row.source})
MATCH (b:Entity {id: row.target})
MATCH (a)-[r:$(row.type)]->(b)
WHERE r.valid_to IS NULL
SET r.valid_to = row.on
RETURN count(r) AS written
