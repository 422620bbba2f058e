"""Through the API, each user-management action's audit entry names the user it was done to."""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing

from tests.api.conftest import Api

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def _key_id(api: Api, user_id: str) -> str:
    with closing(sqlite3.connect(api.register.path)) as db:
        row = db.execute("SELECT key_id FROM api_keys WHERE user_id = ?", (user_id,)).fetchone()
    return str(row[0])


def _admin_entries(api: Api) -> list[tuple[str, str | None, str | None, str]]:
    return [(e.action, e.subject_user_id, e.person_id, e.outcome)
            for e in api.register.audit_log(user_id="ada", limit=1000)]  # fmt: skip


def test_each_user_management_call_names_its_target(api: Api) -> None:
    admin = api.as_("admin")
    calls = [
        ("POST", "/admin/users", {"id": "dee", "name": "Dee", "role": "broker"}),
        ("POST", "/admin/users/dee/keys", None),
        ("DELETE", f"/admin/keys/{_key_id(api, 'bob')}", None),
        ("POST", "/admin/caseloads/dee", {"person_ids": ["ola"]}),
        ("DELETE", "/admin/caseloads/dee", {"person_ids": ["ola"]}),
        ("PUT", "/admin/users/dee/active", {"active": False}),
    ]
    for method, url, body in calls:
        r = api.client.request(method, url, json=body, headers=admin)
        assert r.status_code < 300, (url, r.text)
    assert _admin_entries(api) == [
        ("add_user", "dee", None, "ok"),
        ("issue_key", "dee", None, "ok"),
        ("revoke_key", "bob", None, "ok"),  # the key's owner
        ("assign_caseload", "dee", None, "ok"),
        ("unassign_caseload", "dee", None, "ok"),
        ("set_user_active", "dee", None, "ok"),
    ]
    assert api.register.verify_audit() is None


def test_refused_attempts_name_their_target_too(api: Api) -> None:
    r = api.client.post("/admin/users/bob/keys", headers=api.as_("bea"))
    assert r.status_code == 403
    (entry,) = [e for e in api.register.audit_log() if e.action == "issue_key"]
    assert (entry.user_id, entry.subject_user_id, entry.outcome) == ("bea", "bob", "refused")


def test_reads_and_unknown_targets_name_no_one(api: Api) -> None:
    admin = api.as_("admin")
    api.client.get("/people/pat/map", headers=api.as_("bea"))
    api.client.delete("/admin/keys/key_000000000000", headers=admin)  # no such key: 404
    api.client.post("/admin/users", content=b"not json", headers=admin)  # 422
    api.client.put(f"/admin/users/{'x' * 300}/active", json={"active": True}, headers=admin)
    entries = {(e.action, e.subject_user_id) for e in api.register.audit_log()}
    assert ("read_map", None) in entries
    assert ("revoke_key", None) in entries
    assert ("add_user", None) in entries
    assert ("set_user_active", None) in entries  # an id no user could have: not on the record
    assert api.register.verify_audit() is None


def test_the_audit_trail_shows_the_target_in_the_api_and_on_the_page(api: Api) -> None:
    api.client.post("/admin/users/bob/keys", headers=api.as_("admin"))
    items = api.get("admin", "/admin/audit?limit=500").json()["items"]
    issued = next(e for e in items if e["action"] == "issue_key")
    assert issued["subject_user_id"] == "bob" and issued["user_id"] == "ada"
    assert all("subject_user_id" in e for e in items)
    page = api.client.get("/pages/admin/audit", headers={"Accept": BROWSER, **api.as_("admin")})
    assert page.status_code == 200
    assert '<th scope="col">On user</th>' in page.text
    row = next(r for r in re.findall(r"<tr>.*?</tr>", page.text) if "issue_key" in r)
    assert "<td>ada</td><td>issue_key</td><td>bob</td>" in row


def test_the_audit_can_be_asked_what_was_done_to_one_user(api: Api) -> None:
    admin = api.as_("admin")
    api.client.post("/admin/users/bob/keys", headers=admin)
    api.client.post("/admin/users/bea/keys", headers=admin)
    r = api.client.get("/admin/audit", params={"subject_user_id": "bob"}, headers=admin)
    assert r.status_code == 200, r.text
    items = r.json()["items"]
    assert [(i["action"], i["subject_user_id"]) for i in items] == [("issue_key", "bob")]
