"""``kill -9`` of ``graphsvc import`` in the middle of writing leaves no partial records.

An import is one ``store.upsert``: one SQLite transaction, or one Neo4j transaction. A process
killed with SIGKILL gets no chance to clean up, so this is the test that the all-or-nothing
promise rests on the stores' transactions and nothing else: the graph must be exactly as it was
before, and running the same import again must complete.

"In the middle" is observed, not guessed with a sleep: the test waits until the importer holds
the write (the SQLite write lock, or an open Neo4j transaction that has started writing ties,
after its nodes) and only then kills it. The data is a 1,500-person synthetic town exported as
the CSV files users import (about 19k rows), on top of a small world already in the store.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from graphsvc.config import Settings
from graphsvc.io.export import write_csv
from graphsvc.store.base import GraphStore
from graphsvc.synth import generate
from tests.api.conftest import world
from tests.faults.helpers import (
    CLI,
    Snapshot,
    cli_env,
    kill_when,
    neo4j_writing_ties,
    run_cli,
    snapshot,
    sqlite_write_held,
)

PEOPLE = 1_500
WAIT_S = 120.0  # generous: a loaded 2-core machine; never reached when things work


@pytest.fixture(scope="module")
def town_csv(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Snapshot]:
    """The town as CSV files, and what it holds (node ids, tie keys)."""
    folder = tmp_path_factory.mktemp("town") / "csv"
    town = generate(PEOPLE, seed=11)
    write_csv(town.graph(), folder)
    ids = frozenset(n.id for n in town.nodes)
    keys = frozenset(t.key for t in town.ties)
    return folder, Snapshot(nodes={}, ties={}, node_ids=ids, tie_keys=keys)


def test_kill_9_mid_import_leaves_no_partial_records_and_a_rerun_completes(
    store: GraphStore,
    tmp_path: Path,
    town_csv: tuple[Path, Snapshot],
    request: pytest.FixtureRequest,
) -> None:
    folder, town = town_csv
    store.upsert(*world())
    before = snapshot(store)
    if getattr(store, "path", None):  # the embedded store: its file
        db = Path(store.path)  # type: ignore[attr-defined]
        env = cli_env("embedded", db=db)
        ready = sqlite_write_held(db)
    else:
        settings: Settings = request.getfixturevalue("neo4j_settings")
        env = cli_env("neo4j", neo4j=settings)
        ready = neo4j_writing_ties(settings)

    proc = subprocess.Popen(
        [*CLI, "import", str(folder)], env=env, cwd=tmp_path, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    kill_when(proc, ready, timeout=WAIT_S)

    assert snapshot(store) == before  # nothing of the killed import is visible

    again = run_cli(["import", str(folder)], env=env, cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    after = snapshot(store)
    assert after.node_ids == before.node_ids | town.node_ids
    assert after.tie_keys == before.tie_keys | town.tie_keys
    assert sum(after.nodes.values()) == len(after.node_ids)
