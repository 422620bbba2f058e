// Constraints and indexes. Applied by `graphsvc db init` (and on first connection); idempotent.
// Every node carries the label Entity beside its own label, so one uniqueness constraint makes
// ids unique across labels and backs every lookup by id.
CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE;
CREATE INDEX person_name IF NOT EXISTS FOR (n:Person) ON (n.name);
CREATE INDEX space_kind IF NOT EXISTS FOR (n:Space) ON (n.kind);
CREATE INDEX group_kind IF NOT EXISTS FOR (n:Group) ON (n.kind);
