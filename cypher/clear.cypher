// Remove everything, in chunks so a large store does not need one huge transaction.
MATCH (n:Entity)
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS
