"""Expensive requests are bounded per worker: the rest wait, then get 503 + Retry-After, and
maps keep flowing meanwhile."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx2
import pytest

from graphsvc.store.base import GraphStore
from tests.api.conftest import Api, build_api


class SlowScores:
    """The test's store, except that while `hold` is set, counting interests (which only the
    scores path does) waits until `release`: a scores request that keeps its slot busy."""

    def __init__(self, store: GraphStore) -> None:
        self._store = store
        self.hold = threading.Event()
        self.entered = threading.Event()
        self.release = threading.Event()

    def interest_counts(self, *args: Any, **kwargs: Any) -> Any:
        if self.hold.is_set():  # only the scores path counts interests
            self.entered.set()
            self.release.wait(timeout=30)
        return self._store.interest_counts(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)


@pytest.fixture
def slow(embedded_store: GraphStore, tmp_path: Path) -> Iterator[tuple[Api, SlowScores]]:
    store = SlowScores(embedded_store)
    for api in build_api(store, tmp_path, analytics_slots=1, analytics_wait_s=0.5):  # type: ignore[arg-type]
        yield api, store


def test_a_second_request_of_a_busy_kind_waits_then_gets_503_and_others_still_answer(
    slow: tuple[Api, SlowScores],
) -> None:
    api, store = slow
    store.hold.set()
    first: list[httpx2.Response] = []
    thread = threading.Thread(target=lambda: first.append(api.get("bea", "/people/pat/scores")))
    thread.start()
    try:
        assert store.entered.wait(timeout=30), "the first scores request never started"
        store.hold.clear()  # later requests would not be held, but the one slot is taken

        second = api.get("bea", "/people/pat/scores")
        assert second.status_code == 503
        assert second.headers["content-type"] == "application/problem+json"
        assert int(second.headers["retry-after"]) > 0
        assert "try again" in second.json()["detail"].lower()

        assert api.get("bea", "/people/pat/map").status_code == 200  # maps are not held up
        # nor is another kind of expensive request: each kind has slots of its own
        assert api.get("bea", "/people/pat/chains").status_code in (200, 404)
    finally:
        store.release.set()
        thread.join(timeout=30)
    assert first[0].status_code == 200
    assert api.get("bea", "/people/pat/scores").status_code == 200  # the slot is free again
