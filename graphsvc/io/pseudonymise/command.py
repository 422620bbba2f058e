"""The ``graphsvc export-research`` command: the pseudonymised research export, from the store.

Registered in ``graphsvc/cli.py`` with one line::

    app.command("export-research")(pseudonymise_command)

The work is `graphsvc.io.pseudonymise`; this module adds the two things a command line needs:
reading the export key from a file (or making one, readable by its owner only), and printing
what the export leaves out. `load_or_make_key` is tested and usable without typer.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from graphsvc.commandline import opened_store
from graphsvc.errors import BadRequest
from graphsvc.io.commands import reflowed
from graphsvc.io.pseudonymise import (
    PseudonymConfig,
    ResearchFormat,
    new_export_key,
    pseudonymise,
    write_pseudonymised,
)

_HEX = re.compile(rb"^[0-9a-fA-F]+$")


def load_or_make_key(path: Path) -> tuple[bytes, bool]:
    """The key in ``path``, and whether it was just made.

    An existing file is read as hex when it holds only hex digits (an even number, surrounding
    whitespace ignored), else as raw bytes. A missing file gets a new key (`new_export_key`),
    written as hex with mode 0600 (created so, never widened afterwards), and the parent
    folder is made if needed. The length is checked by `pseudonymise`, with the fix in its
    message.
    """
    if path.exists():
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise BadRequest(f"cannot read the key file {path}: {exc.strerror}") from None
        text = data.strip()
        if _HEX.match(text) and len(text) % 2 == 0:
            return bytes.fromhex(text.decode("ascii")), False
        return data, False
    key = new_export_key()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write(key.hex() + "\n")
    return key, True


def _others_can_read(path: Path) -> bool:
    return os.name == "posix" and bool(path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO))


@reflowed
def pseudonymise_command(
    ctx: typer.Context,
    out_folder: Annotated[
        Path,
        typer.Argument(help="The folder to write the export into.", show_default=False),
    ],
    key_file: Annotated[
        Path,
        typer.Option(
            "--key-file",
            help="The export key: raw bytes or hex. If the file does not exist, a new key is "
            "made and written there, readable by you only. Never give it to researchers.",
            show_default=False,
        ),
    ],
    format: Annotated[
        ResearchFormat,
        typer.Option("--format", help="graphml (one file) or csv (nodes.csv and ties.csv)."),
    ] = "graphml",
    include_not_asked: Annotated[
        bool,
        typer.Option(
            "--include-not-asked",
            help="Also export people never asked for consent: only with another lawful basis "
            "for research, decided by the data controller.",
        ),
    ] = False,
    force: Annotated[bool, typer.Option(help="Replace files that already exist.")] = False,
) -> None:
    """Write the pseudonymised research export: the only form researchers ever get.

    Ids become keyed hashes; names, free text, coordinates and weekly times are dropped;
    dates become years and birth years age bands; people who withdrew consent are left out
    with their ties; small groups are withheld or shown as other. A report.json beside the
    data says what was left out. Use a new key for each release so releases cannot be linked;
    keep the key with the data controller. See docs/research-export.md.
    """
    key_path = key_file.expanduser()
    folder = out_folder.expanduser()
    if key_path.resolve().is_relative_to(folder.resolve()):
        raise BadRequest(
            f"the key file {key_file} is inside the export folder {out_folder}: whoever receives "
            "the export would get the key too; keep it somewhere else"
        )
    key, made = load_or_make_key(key_path)
    console = Console(highlight=False)
    if made:
        console.print(
            f"Made a new export key and wrote it to {key_path} (readable by you only). Keep it "
            "with the data controller, away from the export; a new key for each release keeps "
            "releases unlinkable."
        )
    elif _others_can_read(key_path):
        Console(stderr=True, highlight=False).print(
            f"warning: {key_path} can be read by other users; chmod 600 it"
        )
    config = PseudonymConfig(include_not_asked=include_not_asked)
    with opened_store(ctx) as store:
        G = store.to_networkx()
    result = pseudonymise(G, key, config)
    paths = write_pseudonymised(result, folder, format, overwrite=force)
    H = result.graph
    console.print(
        f"Wrote {H.number_of_nodes():,} nodes and {H.number_of_edges():,} ties to {folder} "
        f"({', '.join(p.name for p in paths)})."
    )
    for sentence in result.report.sentences():
        console.print(sentence, soft_wrap=True)
