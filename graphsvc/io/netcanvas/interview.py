"""Reading one interview: from a folder or zip of its CSV export, or its GraphML file."""

from __future__ import annotations

import functools
import zipfile
from pathlib import Path

from graphsvc.errors import BadRequest
from graphsvc.io.netcanvas.csv_export import read_csv_export
from graphsvc.io.netcanvas.format import (
    EGO_FILE,
    GRAPHML_FILE,
    LIST_FILE,
    SESSION_IN_PREFIX,
    ExportFile,
    Interview,
)
from graphsvc.io.netcanvas.graphml_export import read_graphml_export

_MAX_MEMBER = 200 * 1024 * 1024  # one file of a zip: an interview is kilobytes, not gigabytes


def export_files(path: Path) -> list[ExportFile]:
    """The files of an export: a folder's own files, a zip's members, or one GraphML file."""
    if path.is_dir():
        return [
            ExportFile(p.name, p.read_bytes)
            for p in sorted(path.iterdir())
            if p.is_file() and not p.name.startswith((".", "~$"))
        ]
    if not path.exists():
        raise BadRequest(f"{path} does not exist")
    suffix = path.suffix.lower()
    if suffix == ".graphml":
        return [ExportFile(path.name, path.read_bytes)]
    if suffix == ".zip":
        return _zip_files(path)
    raise BadRequest(
        f"{path} is not a Network Canvas export: give the folder or .zip holding the "
        "interview's CSV files, or its .graphml file"
    )


def _zip_files(path: Path) -> list[ExportFile]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise BadRequest(f"{path} cannot be read as a zip file: {exc}") from None
    found = []
    with archive:
        for info in archive.infolist():
            name = info.filename.rsplit("/", 1)[-1]
            if info.is_dir() or not name or name.startswith(".") or "__MACOSX" in info.filename:
                continue
            if info.file_size > _MAX_MEMBER:
                raise BadRequest(f"{path}: {info.filename} is too large to be an interview")
            found.append(ExportFile(name, functools.partial(_read_member, path, info.filename)))
    return found


def _read_member(path: Path, member: str) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read(member)


def read_interview(path: str | Path) -> Interview:
    """Read one interview: a folder or zip of its CSV export, or its GraphML file.

    Problems with the content (a missing column, an edge to a node that is not there) are
    collected in ``Interview.problems``; a path that holds no interview, or several, raises
    `BadRequest`. When an export holds both CSV files and GraphML (Network Canvas writes both
    by default) the CSV files are read and the GraphML file is listed in ``ignored_files``.
    """
    path = Path(path)
    files = export_files(path)
    csv_groups: dict[str, list[ExportFile]] = {}
    graphml: dict[str, ExportFile] = {}
    others: list[ExportFile] = []
    for f in files:
        m = LIST_FILE.match(f.name) or EGO_FILE.match(f.name)  # a node type may be "ego"
        if m:
            csv_groups.setdefault(m["prefix"], []).append(f)
        elif g := GRAPHML_FILE.match(f.name):
            graphml[g["prefix"]] = f
        else:
            others.append(f)
    interviews = sorted(csv_groups) if csv_groups else sorted(graphml)
    if len(interviews) > 1:
        raise BadRequest(
            f"{path} holds {len(interviews)} interviews ({', '.join(interviews)}); graphsvc "
            "imports one person's interview at a time: give one interview's files"
        )
    if csv_groups:
        interview = read_csv_export(csv_groups[interviews[0]])
        if not interview.session_id and (m := SESSION_IN_PREFIX.search(interviews[0])):
            interview.session_id = m["session"]  # the file names say it too: CASE_SESSION_
        interview.ignored_files += sorted(f.name for f in graphml.values())
    elif graphml:
        interview = read_graphml_export(graphml[interviews[0]])
    else:
        raise BadRequest(
            f"no Network Canvas export in {path}: expected CASE_SESSION_ego.csv with "
            "CASE_SESSION_attributeList_TYPE.csv and CASE_SESSION_edgeList_TYPE.csv files, "
            "or a .graphml file"
        )
    for f in others:
        if f.name.lower().endswith(".csv"):
            interview.files.append(f.name)
            interview.problem(
                f.name,
                None,
                "",
                None,
                "not part of a Network Canvas export (names end _ego.csv, "
                "_attributeList_TYPE.csv or _edgeList_TYPE.csv); move it out of the folder",
            )
        else:
            interview.ignored_files.append(f.name)
    return interview
