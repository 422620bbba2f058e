"""Which of some ids are already in a store, and with which label: the one read an import makes.

Ties in a file may point at nodes already stored, and a new node must not reuse an id the store
holds for another label, so an import asks before it writes (a dry run too, so that it reports
everything). The write's own check, inside the transaction, remains the final word.
"""

from __future__ import annotations

import math

from graphsvc.errors import NotFound
from graphsvc.model import Label
from graphsvc.store.base import MAX_PAGE, GraphStore


def stored_labels(store: GraphStore, ids: set[str]) -> dict[str, str]:
    """The labels of those ``ids`` that are already in ``store`` (absent ids are left out).

    The contract has no batched lookup, so this picks the cheaper of two reads: one `get` per
    id when there are few ids, or walking the store's nodes a page (1,000) at a time, label by
    label, when there are many; `store.counts()` says how many pages that would be. An empty
    store costs one `counts()`. A store offering ``labels_of(ids)`` (both stores have one
    privately, for their own checks) is asked directly.
    """
    if not ids:
        return {}
    lookup = getattr(store, "labels_of", None)
    if callable(lookup):
        return dict(lookup(ids))
    counts = {label: n for label, n in store.counts().nodes.items() if n}
    if not counts:
        return {}
    pages = sum(math.ceil(n / MAX_PAGE) for n in counts.values())
    found: dict[str, str] = {}
    if len(ids) <= 3 * pages:
        for node_id in ids:
            try:
                found[node_id] = store.get(node_id).label
            except NotFound:
                continue
        return found
    for label in counts:
        after: str | None = None
        while True:
            page = store.page(Label(label), after=after, limit=MAX_PAGE)
            found.update((n.id, n.label) for n in page.items if n.id in ids)
            if page.next_after is None:
                break
            after = page.next_after
    return found
