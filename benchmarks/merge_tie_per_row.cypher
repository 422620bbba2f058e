// The per-row baseline for benchmarks/import.py: the same MERGE as cypher/upsert_ties.cypher,
// sent once per tie (one round trip each, in one transaction) as naive code would. Like the
// store, the benchmark puts the (whitelisted) type into the text, so the only difference from
// the UNWIND path is one statement per row.
MATCH (a:Entity {id: $source})
MATCH (b:Entity {id: $target})
MERGE (a)-[r:$($type)]->(b)
SET r = $props
