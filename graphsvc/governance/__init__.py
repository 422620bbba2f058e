"""Governance: who may use graphsvc, whom they look after, consent, and what they did.

- `types`: roles, users, keys, consent records, audit entries.
- `base.Register`: the register contract; `sqlite.SqliteRegister` implements it (decision 0004).
- `consent`: consent applied to a graph before anyone sees it (pure).
- `commands`: ``graphsvc admin ...``.
"""
