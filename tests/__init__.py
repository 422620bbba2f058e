"""graphsvc test suite (a regular package: some PyPI packages ship a top-level `tests`)."""
