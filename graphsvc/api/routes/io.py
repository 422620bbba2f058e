"""Import templates to download, and imports of filled-in CSV files and workbooks.

Both reuse the command line's code unchanged (``graphsvc template``, ``graphsvc import``;
`graphsvc.io.templates`, `graphsvc.io.importer`), so a file that imports on the command line
imports here, with the same row-by-row report: every row is checked first and, if any is wrong,
nothing is written and the report (422) lists each problem with its file, row, column and fix.

Uploads are parsed only after the caller is authorised (the handler reads the form itself,
rather than declaring file parameters that FastAPI would parse first), so nobody without an
admin key can make the server spool large uploads to disk.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path, PurePath
from tempfile import TemporaryDirectory
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from graphsvc.api.deps import Caller, Store
from graphsvc.api.problems import PROBLEM_JSON
from graphsvc.errors import BadRequest, GraphsvcError
from graphsvc.io.importer import import_files
from graphsvc.io.read import CSV_SUFFIXES, XLSX_SUFFIXES
from graphsvc.io.report import ImportReport
from graphsvc.io.schema import KINDS, resolve_kind
from graphsvc.io.templates import (
    EXAMPLES_FOLDER,
    WORKBOOK_NAME,
    write_csv_templates,
    write_xlsx_template,
)

__all__ = ["MAX_FILES", "MAX_UPLOAD_BYTES", "router"]

router = APIRouter(tags=["import"])

#: Most files one import may upload.
MAX_FILES = 40
#: Most bytes one import may upload, all files together (about 1M rows of a typical CSV).
MAX_UPLOAD_BYTES = 100 * 1024 * 1024
_CHUNK = 1 << 20
_XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

KindName = Annotated[
    str,
    PathParam(description=f"all, or one kind: {', '.join(KINDS)}.", examples=["people"],
              max_length=100),
]  # fmt: skip


def _zip(folder: Path) -> bytes:
    """Every file under ``folder``, with paths relative to it (so ``examples/`` stays apart)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            zf.write(path, arcname=path.relative_to(folder).as_posix())
    return buffer.getvalue()


def _download(content: bytes, media_type: str, filename: str) -> Response:
    disposition = {"Content-Disposition": f'attachment; filename="{filename}"'}
    return Response(content, media_type=media_type, headers=disposition)


@router.get(
    "/templates/{kind}",
    name="get_template",
    summary="A blank import template (CSV), its worked example, or every template (zip, xlsx)",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}, "application/zip": {}, _XLSX_TYPE: {}},
                     "description": "The template as a download"}},
)  # fmt: skip
def get_template(
    kind: KindName,
    caller: Caller,
    format: Annotated[
        Literal["csv", "xlsx"],
        Query(description="csv: one file (a zip of all with their examples for 'all'); xlsx: "
              "one workbook with a README sheet explaining every column."),
    ] = "csv",
    example: Annotated[
        bool, Query(description="CSV of one kind: the worked example (Ann's map) filled in.")
    ] = False,
) -> Response:  # fmt: skip
    chosen = "all" if kind.strip().lower() == "all" else resolve_kind(kind)
    with TemporaryDirectory(prefix="graphsvc-templates-") as tmp:
        folder = Path(tmp)
        if format == "xlsx":
            path = write_xlsx_template(folder / WORKBOOK_NAME, chosen)
            return _download(path.read_bytes(), _XLSX_TYPE, WORKBOOK_NAME)
        write_csv_templates(folder, chosen)
        if chosen == "all":
            return _download(_zip(folder), "application/zip", "graphsvc-templates.zip")
        filename = KINDS[chosen].filename
        path = folder / EXAMPLES_FOLDER / filename if example else folder / filename
        return _download(path.read_bytes(), "text/csv; charset=utf-8", filename)


_UPLOAD_BODY = {
    "required": True,
    "content": {"multipart/form-data": {"schema": {
        "type": "object",
        "required": ["files"],
        "properties": {"files": {
            "type": "array", "minItems": 1, "maxItems": MAX_FILES,
            "items": {"type": "string", "format": "binary"},
            "description": "CSV files named after their kind (people.csv, knows.csv...) and "
                           ".xlsx workbooks whose sheets are so named.",
        }},
    }}},
}  # fmt: skip


def _problem_report(report: ImportReport) -> JSONResponse:
    """422 problem+json: the usual ``errors`` (field, message) and the whole report beside."""
    errors = [
        {"field": p.source + (f" row {p.row}" if p.row is not None else "")
                  + (f", column {p.column}" if p.column else ""),
         "message": p.message}
        for p in report.problems
    ]  # fmt: skip
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": "Some rows need fixing; nothing was written",
        "status": 422,
        "detail": report.headline(),
        "errors": errors,
        "report": report.model_dump(mode="json"),
    }
    return JSONResponse(body, status_code=422, media_type=PROBLEM_JSON)


def _safe_name(upload: UploadFile, seen: set[str]) -> str:
    """The upload's file name without any folder part; refused if it cannot be imported."""
    name = PurePath((upload.filename or "").replace("\\", "/")).name.strip()
    if not name or name.startswith("."):
        raise BadRequest("every file needs a name that says its kind, such as people.csv")
    if not name.lower().endswith((*CSV_SUFFIXES, *XLSX_SUFFIXES)):
        raise BadRequest(f"{name} is not a CSV file or an .xlsx workbook; save it as CSV UTF-8 "
                         "or .xlsx")  # fmt: skip
    if name.lower() in seen:
        raise BadRequest(f"two files are called {name}; merge them or rename one")
    seen.add(name.lower())
    return name


async def _save(uploads: list[UploadFile], folder: Path) -> None:
    """Copy the uploads into ``folder`` under their own names, stopping at the size limit."""
    seen: set[str] = set()
    total = 0
    for upload in uploads:
        name = _safe_name(upload, seen)
        with (folder / name).open("wb") as out:
            while chunk := await upload.read(_CHUNK):
                total += len(chunk)
                if total > MAX_UPLOAD_BYTES:
                    raise BadRequest(f"the files add up to more than {MAX_UPLOAD_BYTES >> 20} MB; "
                                     "import them in several goes")  # fmt: skip
                out.write(chunk)


@router.post(
    "/imports",
    name="import_records",
    response_model=ImportReport,
    summary="Import CSV files and workbooks: every row checked, then all written or none",
    openapi_extra={"requestBody": _UPLOAD_BODY},
    responses={422: {"description": "Rows need fixing; nothing was written. The report lists "
                                    "each problem (file, row, column, fix).",
                     "content": {PROBLEM_JSON: {}}}},
)  # fmt: skip
async def import_records(
    request: Request,
    caller: Caller,
    store: Store,
    dry_run: Annotated[bool, Query(description="Check everything; write nothing.")] = False,
    kind: Annotated[
        str | None,
        Query(description="What every file holds, when their names do not say (people...).",
              max_length=100),
    ] = None,
) -> Any:  # fmt: skip
    size = request.headers.get("content-length", "")
    if size.isdigit() and int(size) > MAX_UPLOAD_BYTES + _CHUNK:
        raise BadRequest(f"the upload is more than {MAX_UPLOAD_BYTES >> 20} MB; import the files "
                         "in several goes")  # fmt: skip
    chosen = None if kind is None else resolve_kind(kind)
    async with request.form(max_files=MAX_FILES, max_fields=MAX_FILES) as form:
        items = form.multi_items()
        uploads = [v for _, v in items if isinstance(v, UploadFile)]
        if len(uploads) < len(items):  # a part without a file name arrives as text
            raise BadRequest("every part must be a file with its name (people.csv, knows.csv"
                             "...), which says what it holds")  # fmt: skip
        if not uploads:
            raise BadRequest("send the files as multipart/form-data parts named 'files' "
                             "(curl -F files=@people.csv -F files=@knows.csv)")  # fmt: skip
        with TemporaryDirectory(prefix="graphsvc-import-") as tmp:
            folder = Path(tmp)
            await _save(uploads, folder)
            paths = sorted(folder.iterdir())
            try:
                report = await run_in_threadpool(
                    import_files, store, paths, kind=chosen, dry_run=dry_run
                )
            except GraphsvcError as exc:  # say "people.xlsx", never the server's temp folder
                exc.args = tuple(str(a).replace(f"{folder}/", "") for a in exc.args)
                raise
    if not report.ok:
        return _problem_report(report)
    return report
