// Write tie versions (decision 0005). $rows: [{type, source, target, props}], props holding
// valid_from / valid_to when set; endpoints and type are checked before this runs.
// A version replaces any version of its tie with the same valid_from (none: ''); a current
// version (no valid_to) also replaces the tie's current version, whatever its valid_from.
// MERGE cannot say "the one whose valid_to is null", so: find those, keep the first, set it,
// delete any other, and create one when there is none. The store sends historical versions
// first, then current ones, in separate statements; one statement never holds two rows for
// the same version.
UNWIND $rows AS row
MATCH (a:Entity {id: row.source})
MATCH (b:Entity {id: row.target})
CALL (a, b, row) {
  OPTIONAL MATCH (a)-[old:$(row.type)]->(b)
  WHERE coalesce(old.valid_from, '') = coalesce(row.props.valid_from, '')
     OR (row.props.valid_to IS NULL AND old.valid_to IS NULL)
  WITH collect(old) AS olds
  FOREACH (x IN olds[1..] | DELETE x)
  FOREACH (x IN olds[..1] | SET x = row.props)
  FOREACH (_ IN CASE WHEN size(olds) = 0 THEN [1] ELSE [] END |
    CREATE (a)-[r:$(row.type)]->(b)
    SET r = row.props)
}
RETURN count(*) AS written
