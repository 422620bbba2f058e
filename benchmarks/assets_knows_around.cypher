// Benchmark only (the "pull" baseline of benchmarks/assets.py): every KNOWS tie of these
// people, either way, so a Python count of unpaid ties sees ties with people elsewhere too.
// $ids: person ids.
UNWIND $ids AS id
MATCH (p:Entity {id: id})-[r:KNOWS]-(:Person)
RETURN DISTINCT startNode(r).id AS source, endNode(r).id AS target, properties(r) AS props
