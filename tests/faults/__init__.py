"""Fault tests: a killed importer, an unreachable Neo4j, locked and corrupt SQLite files."""
