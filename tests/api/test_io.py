"""Templates to download, imports to upload: what `graphsvc template` and `graphsvc import` do."""

from __future__ import annotations

import io
import zipfile

import httpx2
import pytest

from graphsvc.errors import NotFound
from tests.api.conftest import Api


def test_a_template_is_a_csv_header(api: Api) -> None:
    r = api.get("bea", "/templates/people")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/csv")
    assert 'filename="people.csv"' in r.headers["content-disposition"]
    assert r.content.decode("utf-8-sig").splitlines() == [
        "id,name,consent,consent_date,birth_year,household,free_slots,notes"
    ]
    example = api.get("ada", "/templates/Person?example=true")  # aliases as on the CLI
    assert example.status_code == 200
    assert "Ann Smith" in example.content.decode("utf-8-sig")


def test_all_templates_come_as_a_zip_or_a_workbook(api: Api) -> None:
    r = api.get("bea", "/templates/all")
    assert r.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(r.content)) as zf:
        names = set(zf.namelist())
    assert {"people.csv", "knows.csv", "examples/people.csv"} <= names
    r = api.get("bea", "/templates/all?format=xlsx")
    assert r.status_code == 200 and r.content[:2] == b"PK"
    assert "graphsvc-templates.xlsx" in r.headers["content-disposition"]


def test_an_unknown_kind_suggests_one(api: Api) -> None:
    r = api.get("bea", "/templates/peple")
    assert r.status_code == 400
    assert "did you mean 'people'" in r.json()["detail"]


#: A small map to upload: two people new to the world, a tie, and a place they both go to.
FILES = {
    "people.csv": "id,name,consent,birth_year\nkim,Kim Lowe,given,1961\nlou,Lou Park,given,\n",
    "knows.csv": "source,target,kind,since,frequency\nkim,lou,neighbour,2015-06,weekly\n",
    "spaces.csv": "id,name,kind\npark,Eastfield Park,park\n",
    "visits.csv": "source,target,slots\nkim,park,Sat 10:00-12:00\nlou,park,\n",
}


def _files(**changed: str) -> list[tuple[str, tuple[str, bytes, str]]]:
    return [("files", (n, text.encode(), "text/csv")) for n, text in (FILES | changed).items()]


def _upload(api: Api, files: list, query: str = "", who: str = "ada") -> httpx2.Response:
    return api.client.post("/imports" + query, files=files, headers=api.as_(who))


def test_an_import_writes_everything(api_on: Api) -> None:
    dry = _upload(api_on, _files(), "?dry_run=true")
    assert dry.status_code == 200, dry.text
    assert dry.json()["dry_run"] and not dry.json()["written"]
    with pytest.raises(NotFound):
        api_on.store.get("kim")
    r = _upload(api_on, _files())
    assert r.status_code == 200, r.text
    report = r.json()
    assert report["ok"] and report["written"]
    assert report["nodes"] == {"Person": 2, "Space": 1}
    assert report["ties"] == {"KNOWS": 1, "VISITS": 2}
    assert api_on.store.get("kim").properties()["name"] == "Kim Lowe"
    assert api_on.register.audit_log(user_id="ada")[-1].action == "import_records"


def test_one_bad_row_and_nothing_is_written(api_on: Api) -> None:
    bad = FILES["knows.csv"].replace("2015-06", "31/06/2015")
    r = _upload(api_on, _files(**{"knows.csv": bad}))
    assert r.status_code == 422, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    assert body["errors"][0]["field"] == "knows.csv row 2, column since"
    assert "YYYY-MM-DD" in body["errors"][0]["message"]
    assert body["report"]["written"] is False and body["report"]["rows_read"]["people.csv"] == 2
    for good in ("kim", "park"):  # the other files were fine, but nothing is written
        with pytest.raises(NotFound):
            api_on.store.get(good)


def test_uploads_are_named_by_their_file_name_only(api: Api) -> None:
    people = FILES["people.csv"].encode()
    r = _upload(api, [("files", ("../../etc/people.csv", people, "text/csv"))])
    assert r.status_code == 200, r.text
    assert list(r.json()["rows_read"]) == ["people.csv"]
    for name, words in [("people.pdf", "not a CSV file"), ("", "a file with its name")]:
        r = _upload(api, [("files", (name, people, "text/csv"))])
        assert r.status_code in (400, 422), r.text
        assert words in r.text
    twice = [("files", ("people.csv", people, "text/csv"))] * 2
    assert "two files are called" in _upload(api, twice).json()["detail"]
    assert _upload(api, []).status_code == 400


def test_a_broker_may_not_import(api: Api) -> None:
    r = _upload(api, _files(), who="bea")
    assert r.status_code == 403
    with pytest.raises(NotFound):
        api.store.get("kim")
