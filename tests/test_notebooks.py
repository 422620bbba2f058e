"""The notebooks in ``notebooks/`` run top to bottom, say what they promise, and are stored clean.

Each notebook is executed with nbclient in a fresh Jupyter kernel running *this* interpreter
(the project's virtual environment, so it imports the graphsvc under test), with:

- a deadline of `NOTEBOOK_SECONDS` for the whole notebook, kernel start included (each cell
  gets what is left of it);
- every place Jupyter, IPython and matplotlib would write to (kernelspec, connection files,
  history, font cache) and the kernel's temporary folder (``TMPDIR``, which ``tempfile`` uses)
  pointed into pytest's temporary directory, and the kernel started in an empty folder there,
  so a run leaves nothing behind in the repository or the home folder;
- no network: the notebooks use synthetic data and networks that ship with NetworkX.

Beyond "no cell raised", each notebook's test checks a few facts in what it printed (the
researcher's Spearman correlations lie in [-1, 1] and no name is in the export, the broker's
chains carry the estimate label, the commissioner's table hides small numbers...), and that no
cell printed a warning or a traceback. `test_committed_without_outputs` keeps the committed
files stripped of outputs, so that diffs stay readable and no output (which could hold data) is
ever committed.
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import nbformat
import networkx as nx
import pytest
from jupyter_client.kernelspec import KernelSpecManager
from nbclient import NotebookClient
from nbformat import NotebookNode

from graphsvc.chains import ESTIMATE_LABEL

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
#: The most a notebook may take, from kernel start to its last cell.
NOTEBOOK_SECONDS = 120
#: The name under which the test installs a kernelspec for this interpreter (see `kernel`).
KERNEL_NAME = "graphsvc-tests"


def _notebooks() -> list[Path]:
    return sorted(NOTEBOOKS.glob("*.ipynb"))


@dataclass(frozen=True)
class Run:
    """One executed notebook: the notebook with its outputs, its text, and where it could write."""

    nb: NotebookNode
    seconds: float
    tmp: Path

    @property
    def text(self) -> str:
        """Everything the cells printed or returned as text, in order."""
        parts: list[str] = []
        for cell in self.nb.cells:
            for out in cell.get("outputs", []):
                if out.output_type == "stream":
                    parts.append(out.text)
                elif out.output_type in ("execute_result", "display_data"):
                    parts.append(out.data.get("text/plain", ""))
        return "\n".join(parts)

    def count(self, mime: str) -> int:
        """How many outputs carry ``mime`` (``"image/png"``: matplotlib figures)."""
        return sum(
            mime in out.get("data", {}) for cell in self.nb.cells for out in cell.get("outputs", [])
        )


# --- fixtures -------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def jupyter_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Jupyter data folder holding a kernelspec for this interpreter (shared by all notebooks).

    Written by ipykernel, so its command is ``sys.executable`` whatever kernels the machine or
    the user have installed (a ``python3`` kernel of another Python would not import the
    graphsvc under test), and nothing is written to the virtual environment or the home
    folder. `kernel` puts it first on ``JUPYTER_PATH`` and checks it before use.
    """
    from ipykernel.kernelspec import write_kernel_spec

    home = tmp_path_factory.mktemp("jupyter")
    write_kernel_spec(home / "kernels" / KERNEL_NAME, overrides={"display_name": "graphsvc tests"})
    (home / "matplotlib").mkdir()
    return home


@pytest.fixture
def kernel(jupyter_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The kernel name to run, with Jupyter's, IPython's and the kernel's files kept in tmp.

    Asserts that the kernelspec found under that name runs this interpreter, so the notebooks
    import the graphsvc (and the packages) of the environment under test.
    """
    monkeypatch.setenv("JUPYTER_PATH", str(jupyter_home))
    monkeypatch.setenv("JUPYTER_PLATFORM_DIRS", "1")
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path / "runtime"))
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    monkeypatch.setenv("MPLCONFIGDIR", str(jupyter_home / "matplotlib"))
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    spec = KernelSpecManager().get_kernel_spec(KERNEL_NAME)
    assert Path(spec.argv[0]) == Path(sys.executable), spec.argv
    return KERNEL_NAME


def _execute(path: Path, kernel: str, tmp: Path) -> Run:
    """Run every cell of the notebook at ``path``; raise on the first cell that fails."""
    nb = nbformat.read(path, as_version=4)
    start = time.monotonic()
    deadline = start + NOTEBOOK_SECONDS

    def remaining(_cell: NotebookNode) -> int:
        left = int(deadline - time.monotonic())
        if left <= 0:
            pytest.fail(f"{path.name} took more than {NOTEBOOK_SECONDS} s")
        return left

    cwd = tmp / "cwd"
    cwd.mkdir()
    client = NotebookClient(
        nb,
        kernel_name=kernel,
        timeout_func=remaining,
        startup_timeout=60,
        resources={"metadata": {"path": str(cwd)}},
    )
    client.execute()
    seconds = time.monotonic() - start
    assert seconds < NOTEBOOK_SECONDS, f"{path.name} took {seconds:.0f} s"
    return Run(nb=nb, seconds=seconds, tmp=tmp / "tmp")


# --- what each notebook must show -----------------------------------------------------------


def _written_to(run: Run) -> Path:
    """The folder the notebook said it writes to, which must be inside the kernel's TMPDIR."""
    found = re.search(r"Everything this notebook writes goes in: (.+)", run.text)
    assert found, "the notebook should say where it writes"
    folder = Path(found.group(1).strip())
    assert folder.is_dir() and folder.resolve().is_relative_to(run.tmp.resolve()), folder
    return folder


def _broker(run: Run) -> None:
    """A map written to the temporary folder, reasons in words, chains with the estimate label."""
    folder = _written_to(run)
    maps = re.findall(r"Map (?:with closeness )?written to: (.+\.html)", run.text)
    assert len(maps) == 2
    for name in maps:
        page = Path(name.strip())
        assert page.is_file() and page.is_relative_to(folder)
        assert "<html" in page.read_text(encoding="utf-8")[:500].lower()
    shown = [
        o.data["text/html"]
        for c in run.nb.cells
        for o in c.get("outputs", [])
        if "text/html" in o.get("data", {})
    ]
    assert any("<iframe srcdoc=" in page for page in shown)  # the map, inline
    assert "Overall, you are" in run.text  # reasons, in plain words
    assert "Support-dominated when" in run.text  # the profile's rule, stated
    chains = re.search(r"Chains suggested: (\d+)", run.text)
    assert chains and int(chains.group(1)) >= 1
    assert ESTIMATE_LABEL in run.text


def _commissioner(run: Run) -> None:
    """Small numbers hidden, figures rounded, refusals explained, plots drawn."""
    _written_to(run)
    hidden = re.search(r"Hidden cells in the side-by-side table: <5 x(\d+), \[c\] x(\d+)", run.text)
    assert hidden and int(hidden.group(1)) >= 1 and int(hidden.group(2)) >= 1
    assert "Every published count of people or hours is a multiple of 5: True" in run.text
    assert re.search(r"Ages 0-17: refused: ", run.text)
    assert run.count("image/png") >= 2  # matplotlib figures
    assert run.count("image/svg+xml") >= 1  # the timetable graphsvc draws


def _researcher(run: Run) -> None:
    """Spearman correlations in [-1, 1], and no name in the pseudonymised export (checked here)."""
    folder = _written_to(run)
    rhos = [float(r) for r in re.findall(r"Spearman rho[^:\n]*: ([+-]?\d+\.\d+)", run.text)]
    assert len(rhos) >= 2
    assert all(-1.0 <= r <= 1.0 for r in rhos), rhos
    assert "Names found in the export: 0" in run.text
    # The same check, made independently of the notebook's own code.
    files = [p for p in folder.rglob("*") if p.is_file() and "export" in str(p.relative_to(folder))]
    assert {p.name for p in files} >= {"research.graphml", "report.json", "nodes.csv", "ties.csv"}
    women = nx.davis_southern_women_graph().graph["top"]
    words = set(women) | {part for w in women for part in w.split()}
    for path in files:
        text = path.read_text(encoding="utf-8-sig")
        leaked = [w for w in words if re.search(rf"\b{re.escape(w)}\b", text, re.IGNORECASE)]
        assert not leaked, f"{path.name} holds {leaked}"
    assert "Same Jaccard values for every pair after pseudonymisation: True" in run.text


FACTS: dict[str, Callable[[Run], None]] = {
    "broker-walkthrough.ipynb": _broker,
    "commissioner-asset-maps.ipynb": _commissioner,
    "researcher-public-network.ipynb": _researcher,
}


def _check_clean(run: Run) -> None:
    """No cell printed a warning or a traceback (they land in stderr streams, not exceptions)."""
    for cell in run.nb.cells:
        for out in cell.get("outputs", []):
            if out.output_type == "stream" and out.name == "stderr":
                pytest.fail(f"cell {cell.get('id')} wrote to stderr:\n{out.text}")


# --- tests ----------------------------------------------------------------------------------


def test_the_three_notebooks_are_there() -> None:
    """Issue 8's notebooks exist (any other notebook in the folder is run too, facts or not)."""
    assert set(FACTS) <= {p.name for p in _notebooks()}


@pytest.mark.parametrize("path", _notebooks(), ids=lambda p: p.stem)
def test_committed_without_outputs(path: Path) -> None:
    """Committed notebooks are valid and stripped: no outputs, no execution counts."""
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3"
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{path.name}: cell {cell.get('id')} has outputs"
            assert cell.execution_count is None, f"{path.name}: cell {cell.get('id')} was run"
        assert "attachments" not in cell, f"{path.name}: cell {cell.get('id')} has attachments"
    assert "widgets" not in nb.metadata


@pytest.fixture
def notebooks_folder_unchanged() -> Iterator[None]:
    """The notebooks folder holds the same files after a run as before it."""
    before = sorted(p.name for p in NOTEBOOKS.iterdir())
    yield
    assert sorted(p.name for p in NOTEBOOKS.iterdir()) == before


@pytest.mark.timeout(NOTEBOOK_SECONDS + 60)  # the deadline is enforced inside; this is a backstop
@pytest.mark.usefixtures("notebooks_folder_unchanged")
@pytest.mark.parametrize("path", _notebooks(), ids=lambda p: p.stem)
def test_notebook_runs(path: Path, kernel: str, tmp_path: Path) -> None:
    """The notebook runs top to bottom within the deadline, cleanly, and shows its facts."""
    run = _execute(path, kernel, tmp_path)
    _check_clean(run)
    FACTS.get(path.name, _written_to)(run)
    print(f"{path.name}: {run.seconds:.1f} s")
