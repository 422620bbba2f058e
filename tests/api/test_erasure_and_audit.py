"""Erasure leaves nothing behind, on either store; the audit trail records who looked at whom."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

import httpx2
import pytest

from graphsvc.governance.sqlite import SqliteRegister
from graphsvc.governance.types import AuditEntry, AuditEvent
from graphsvc.store.base import GraphStore
from tests.api.conftest import Api, build_api


def test_erasure_removes_everything_and_returns_a_receipt(api_on: Api) -> None:
    api_on.client.put("/people/gil/consent", json={"consent": "given"}, headers=api_on.as_("bea"))
    api_on.register.assign("bea", ["gil"])
    r = api_on.client.delete("/admin/people/gil", headers=api_on.as_("admin"))
    assert r.status_code == 200, r.text
    receipt = r.json()
    assert receipt["nodes_removed"]["Person"] == ["gil"]
    assert receipt["ties_removed"]["KNOWS"] == 2  # Pat -> Gil, Gil -> Nia
    assert receipt["caseload_entries_removed"] == 1
    assert receipt["consent_records_removed"] == 1
    # nothing remains: not in the graph, not in any map, caseload or consent history
    G = api_on.store.to_networkx()
    assert "gil" not in G
    assert not any("gil" in (u, v) for u, v in G.edges())
    assert "gil" not in api_on.register.caseload("bea")
    assert api_on.register.consent_history("gil") == []
    assert "Gil Ross" not in api_on.get("bea", "/people/pat/map?hops=2").text
    assert api_on.get("bea", "/people/gil").status_code == 403


def test_erasure_leaves_no_name_in_the_register_file(api: Api, tmp_path: object) -> None:
    api.client.put("/people/gil/consent", json={"consent": "given"}, headers=api.as_("bea"))
    api.client.delete("/admin/people/gil", headers=api.as_("admin"))
    path = api.register.path if hasattr(api.register, "path") else None
    assert path is not None
    with sqlite3.connect(path) as db:
        dump = "\n".join(db.iterdump())
    db.close()
    assert "Gil Ross" not in dump


def test_reads_and_refusals_are_audited_without_names(api: Api) -> None:
    api.get("bea", "/people/pat/map")
    api.get("bob", "/people/pat/map")  # refused
    log = api.get("admin", "/admin/audit?limit=500").json()["items"]
    mine = [(e["user_id"], e["action"], e["person_id"], e["outcome"]) for e in log]
    assert ("bea", "read_map", "pat", "ok") in mine
    assert ("bob", "read_map", "pat", "refused") in mine
    assert "Pat Lane" not in str(log)
    verify = api.get("admin", "/admin/audit/verify").json()
    assert verify == {"intact": True, "first_broken_seq": None}


def test_the_audit_log_pages_with_next_links(api: Api) -> None:
    for _ in range(5):
        api.get("bea", "/people/pat/map")
    first = api.get("admin", "/admin/audit?limit=2").json()
    assert len(first["items"]) == 2 and first["next"]
    second = api.client.get(first["next"], headers=api.as_("admin")).json()
    assert second["items"][0]["seq"] > first["items"][-1]["seq"]


def test_bad_query_parameters_name_the_field(api: Api) -> None:
    r = api.get("admin", "/admin/audit?limit=0")
    assert r.status_code == 422
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["errors"][0]["field"] == "query.limit"
    r = api.get("bea", "/people/pat/map?hops=9")
    assert r.status_code == 422 and "query.hops" in r.json()["detail"]


class SlowDisk(SqliteRegister):
    """A register whose writes of map reads wait until the test lets them through."""

    release = threading.Event()
    broken = False

    def audit_many(self, events: Sequence[AuditEvent]) -> list[AuditEntry]:
        if any(e.action == "read_map" for e in events):
            if self.broken:
                raise sqlite3.OperationalError("disk I/O error")
            self.release.wait(timeout=30)
        return super().audit_many(events)


@pytest.fixture
def slow_api(embedded_store: GraphStore, tmp_path: Path) -> Iterator[Api]:
    SlowDisk.release.clear()
    SlowDisk.broken = False
    yield from build_api(embedded_store, tmp_path, SlowDisk)


def test_a_map_is_not_answered_before_its_read_is_on_record(slow_api: Api) -> None:
    answered = threading.Event()
    response: list[httpx2.Response] = []

    def fetch() -> None:
        response.append(slow_api.get("bea", "/people/pat/map"))
        answered.set()

    thread = threading.Thread(target=fetch)
    thread.start()
    assert not answered.wait(timeout=1.0), "the map left before its audit entry was written"
    SlowDisk.release.set()
    thread.join(timeout=30)
    assert response[0].status_code == 200
    assert "Gil Ross" in response[0].text
    reads = [e for e in slow_api.register.audit_log() if e.action == "read_map"]
    assert [(e.user_id, e.person_id, e.outcome) for e in reads] == [("bea", "pat", "ok")]


def test_a_map_whose_read_cannot_be_recorded_is_not_shown(slow_api: Api) -> None:
    SlowDisk.broken = True
    r = slow_api.get("bea", "/people/pat/map")
    assert r.status_code == 503
    assert r.headers["content-type"] == "application/problem+json"
    assert r.headers["retry-after"]
    assert "audit" in r.json()["title"]
    assert "Gil" not in r.text and "pat" not in r.text
    SlowDisk.broken = False  # the service carries on once the disk does
    SlowDisk.release.set()
    assert slow_api.get("bea", "/people/pat/map").status_code == 200
