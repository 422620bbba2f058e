"""The pseudonymised research export: the only form in which researchers get the graph.

The work is `graphsvc.io.pseudonymise` (what ``graphsvc export-research`` does): keyed-hash ids,
a field whitelist, people who withdrew consent (or were never asked) left out, small groups
withheld, and a report of everything left out, which travels with every format because nobody
should analyse the export without knowing what they are not seeing.

The key is the operator's (``GRAPHSVC_EXPORT_KEY``), never the researcher's: with it anyone can
recompute a pseudonym from an id. Without one the route answers 503 and says what to set, since
that is a deployment to finish, not a request to fix.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Annotated, Any, Literal

import networkx as nx
from fastapi import APIRouter, Query
from fastapi.responses import Response

from graphsvc.api.deps import Caller, Conf, Store
from graphsvc.api.problems import problem
from graphsvc.config import Settings
from graphsvc.io.pseudonymise import MIN_KEY_BYTES, pseudonymise, write_pseudonymised

__all__ = ["export_key", "router"]

router = APIRouter(tags=["research"])

_HEX = re.compile(r"^[0-9a-fA-F]+$")
#: Exports are personal data even pseudonymised: no shared cache may keep a copy.
_NO_STORE = {"Cache-Control": "no-store"}


def export_key(settings: Settings) -> bytes | None:
    """The export key as bytes, read as ``graphsvc export-research --key-file`` reads its file.

    Hex digits (an even number of them) are the key written as hex, which is what the command
    writes, so the same key gives the same pseudonyms from the API and the command line; any
    other text is used as its UTF-8 bytes. None when no key is set.
    """
    if settings.export_key is None:
        return None
    text = settings.export_key.get_secret_value().strip()
    if _HEX.match(text) and len(text) % 2 == 0:
        return bytes.fromhex(text)
    return text.encode("utf-8")


def _not_configured(detail: str) -> Response:
    return problem(503, "The research export is not set up", detail)


_JSON_EXAMPLE = {
    "report": {"people_exported": 243, "excluded_people": {"consent not asked": 48},
               "sentences": ["Exported 243 of 300 people (groups of at least 5; ages as at "
                             "2026)."]},
    "graph": {"directed": True, "multigraph": True, "graph": {},
              "nodes": [{"id": "3f9c2a7d1e5b8c04", "label": "Person", "age_band": "65-79"}],
              "edges": [{"source": "3f9c2a7d1e5b8c04", "target": "a1b2c3d4e5f60718",
                         "key": "KNOWS", "type": "KNOWS", "kind": "friend"}]},
}  # fmt: skip


@router.get(
    "/exports/research",
    name="export_research",
    response_model=dict[str, Any],
    summary="The pseudonymised research export: no names, keyed-hash ids, small groups hidden",
    responses={
        200: {"content": {"application/json": {"example": _JSON_EXAMPLE},
                          "application/zip": {}},
              "description": "JSON (node-link and the report), or a zip with report.json"},
        503: {"description": "No export key is configured (GRAPHSVC_EXPORT_KEY)"},
    },
)  # fmt: skip
def export_research(
    caller: Caller,
    store: Store,
    settings: Conf,
    format: Annotated[
        Literal["json", "graphml", "csv"],
        Query(description="json (NetworkX node-link, with the report), graphml or csv (a zip "
              "of research.graphml, or nodes.csv and ties.csv, with report.json)."),
    ] = "json",
) -> Any:  # fmt: skip
    key = export_key(settings)
    if key is None:
        return _not_configured(
            "No export key is configured. Set GRAPHSVC_EXPORT_KEY on the server to a secret of "
            "at least 32 random bytes written as hex (for instance the file `graphsvc "
            "export-research --key-file` makes); keep it from the researchers, and change it "
            "for each release so releases cannot be linked."
        )
    if len(key) < MIN_KEY_BYTES:
        return _not_configured(
            f"GRAPHSVC_EXPORT_KEY is {len(key)} bytes long; it must be at least {MIN_KEY_BYTES} "
            "(32 random bytes written as hex recommended) or pseudonyms could be reversed by "
            "guessing it. Set a longer one on the server."
        )
    result = pseudonymise(store.to_networkx(), key)
    if format == "json":
        graph = nx.node_link_data(result.graph, edges="edges")
        body = json.dumps({"report": result.report.to_dict(), "graph": graph},
                          ensure_ascii=False)  # fmt: skip
        return Response(body, media_type="application/json", headers=_NO_STORE)
    with TemporaryDirectory(prefix="graphsvc-research-") as tmp:
        paths = write_pseudonymised(result, Path(tmp), format)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
            for path in paths:
                zf.write(path, arcname=path.name)
    name = f"research-{format}.zip"
    return Response(buffer.getvalue(), media_type="application/zip",
                    headers={**_NO_STORE,
                             "Content-Disposition": f'attachment; filename="{name}"'})  # fmt: skip
