"""One benchmark runner: every script at 10k and 100k people, a table, a JSON, the docs page.

    .venv/bin/python -m benchmarks                  # everything (about an hour on 2 cores)
    .venv/bin/python -m benchmarks --quick          # 10k people only; no load, faults, fuzz
    .venv/bin/python -m benchmarks --only api load  # some steps (repeat --only or list them)
    .venv/bin/python -m benchmarks --report         # only rewrite the table and the docs page

Each step (`benchmarks.runner_steps.STEPS`) runs its script as its own process, once per size,
with a time limit; a script that fails or overruns is reported (exit code, the end of its
log) and the runner carries on. The figures each script saves in ``benchmarks/results/`` are
read back, and the runner writes:

- ``benchmarks/results/<date>-<commit>.json``: every step's figures, with the machine, the
  load average before and after each run, how long it took and the command;
- ``docs/performance.md``: the table of published figures, each beside its goal and the ratio.

Runs on the same day add to that day's file (a step run again replaces its earlier figures),
so the long steps can be run one at a time and the page still shows them all. Scripts that
take no size (faults, fuzz) run once. Logs go to ``--logs`` (a temporary folder by default).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks.common import RESULTS, ROOT, commit, machine
from benchmarks.runner_report import print_table, write_docs
from benchmarks.runner_steps import SMALL, STEPS, Step

DOCS = ROOT / "docs" / "performance.md"
BENCH = ROOT / "benchmarks"


def _dirty() -> bool:
    """Whether the checkout has uncommitted changes (figures then describe more than HEAD)."""
    try:
        out = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return False
    return bool(out.strip())


def _today() -> str:
    return f"{datetime.now(UTC):%Y-%m-%d}"


def _runner_files(day: str) -> list[Path]:
    """This day's runner files (``<date>-<commit>.json``), oldest first."""
    return sorted(RESULTS.glob(f"{day}-*.json"), key=lambda p: p.stat().st_mtime)


def load_runs(day: str) -> dict[str, Any]:
    """The runs recorded today so far (the newest file's steps), or a fresh record."""
    files = _runner_files(day)
    if files:
        return json.loads(files[-1].read_text())  # type: ignore[no-any-return]
    return {"runner": "python -m benchmarks", "date": day, "steps": {}}


def _saved_since(result: str, since: float) -> Path | None:
    """The figures file ``result`` saved by a run that started at ``since`` (epoch seconds)."""
    found = [
        p
        for p in RESULTS.glob(f"{result}-*.json")
        if p.stat().st_mtime >= since and not p.name.startswith(f"{result}-validation")
    ]
    return max(found, key=lambda p: p.stat().st_mtime) if found else None


def _tail(path: Path, lines: int = 25) -> str:
    text = path.read_text(errors="replace").splitlines()
    return "\n".join(text[-lines:])


def run_step(step: Step, people: int | None, tmp: Path, logs: Path, echo: bool) -> dict[str, Any]:
    """Run one script at one size; what happened, and its figures if it saved any."""
    args = step.args(people, tmp)
    extra_env = step.env(people or 0)
    cmd = [sys.executable, str(BENCH / step.script), *args]
    log = logs / f"{step.name}-{people or 'once'}.log"
    started, wall = time.time(), time.perf_counter()
    load_before = list(os.getloadavg())
    entry: dict[str, Any] = {
        "script": f"benchmarks/{step.script}",
        "people": people,
        "command": " ".join(
            [
                *(f"{k}={v!r}" for k, v in extra_env.items()),
                "python",
                f"benchmarks/{step.script}",
                *args,
            ]
        ),
        "commit": commit(),
        "started": datetime.fromtimestamp(started, UTC).isoformat(timespec="seconds"),
        "load_before": [round(x, 2) for x in load_before],
        "log": str(log),
    }
    size = f" at {people:,} people" if people else ""
    print(f"-> {step.name}{size}: {entry['command']}", flush=True)
    with log.open("w") as out:
        proc = subprocess.Popen(
            cmd,
            cwd=ROOT,
            env={**os.environ, **extra_env},
            stdout=subprocess.PIPE if echo else out,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        try:
            if echo:
                assert proc.stdout is not None
                deadline = time.monotonic() + step.timeout_s
                for line in proc.stdout:
                    out.write(line)
                    print("   " + line, end="", flush=True)
                    if time.monotonic() > deadline:
                        raise subprocess.TimeoutExpired(cmd, step.timeout_s)
            code = proc.wait(timeout=step.timeout_s)
            entry["status"] = "ok" if code == 0 else "failed"
            entry["exit_code"] = code
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):  # the child's group, by its id
                os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
            entry["status"] = "timeout"
            entry["exit_code"] = None
    entry["seconds"] = round(time.perf_counter() - wall, 1)
    entry["load_after"] = [round(x, 2) for x in os.getloadavg()]
    saved = _saved_since(step.result, started)
    if entry["status"] == "ok" and saved is None:
        entry["status"] = "failed"
        entry["error"] = f"the script saved no {step.result}-*.json"
    if saved is not None and entry["status"] == "ok":
        entry["result_file"] = str(saved.relative_to(ROOT))
        entry["figures"] = json.loads(saved.read_text())
    if entry["status"] != "ok":
        last = next((ln for ln in reversed(_tail(log).splitlines()) if ln.strip()), "")
        how = (
            f"exit code {entry['exit_code']}"
            if entry["exit_code"] is not None
            else f"stopped after {step.timeout_s} s"
        )
        entry.setdefault("error", f"{how}: {last.strip()[:240]}" if last else how)
        entry["log_tail"] = _tail(log)
        print(f"   {step.name} {entry['status']} ({entry['error']}); the end of {log}:")
        print("   " + entry["log_tail"].replace("\n", "\n   "))
    else:
        print(
            f"   done in {entry['seconds']:.0f} s (load {entry['load_before'][0]:.1f} -> "
            f"{entry['load_after'][0]:.1f})",
            flush=True,
        )
    return entry


def _plan(args: argparse.Namespace) -> list[tuple[Step, int | None]]:
    names = [n for group in args.only or [] for n in group] or list(STEPS)
    unknown = [n for n in names if n not in STEPS]
    if unknown:
        raise SystemExit(f"unknown step {unknown[0]!r}; the steps are: {', '.join(STEPS)}")
    plan: list[tuple[Step, int | None]] = []
    for name in names:
        step = STEPS[name]
        if args.quick and step.heavy and not args.only:
            continue
        if step.sizes is None:
            plan.append((step, None))
            continue
        sizes = args.sizes or ((SMALL,) if args.quick else step.sizes)
        plan += [(step, people) for people in sizes]
    return plan


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--quick", action="store_true", help="10,000 people only, and none of load, faults and fuzz"
    )
    parser.add_argument(
        "--only",
        nargs="+",
        action="append",
        metavar="NAME",
        help=f"run only these steps: {', '.join(STEPS)}",
    )
    parser.add_argument(
        "--sizes",
        nargs="+",
        type=int,
        metavar="PEOPLE",
        help="override the sizes (people) of the steps that take one",
    )
    parser.add_argument(
        "--report",
        action="store_true",
        help="run nothing; rewrite the table and docs from today's results",
    )
    parser.add_argument("--no-docs", action="store_true", help="do not rewrite the docs page")
    parser.add_argument("--logs", type=Path, default=None, help="folder for each run's log")
    parser.add_argument("--echo", action="store_true", help="show each script's output live")
    args = parser.parse_args(argv)

    day = _today()
    runs = load_runs(day)
    if not args.report:
        plan = _plan(args)
        logs = args.logs or Path(tempfile.mkdtemp(prefix="graphsvc-bench-logs-"))
        logs.mkdir(parents=True, exist_ok=True)
        print(f"{len(plan)} runs; logs in {logs}")
        with tempfile.TemporaryDirectory(prefix="graphsvc-bench-") as tmp:
            for step, people in plan:
                key = f"{step.name}@{people}" if people else step.name
                entry = run_step(step, people, Path(tmp), logs, args.echo)
                before = runs["steps"].get(key)
                if before is not None:  # keep what earlier attempts did (a failure is a result)
                    earlier = before.pop("earlier", [])
                    before.pop("figures", None)  # the figures are in its result file, if any
                    entry["earlier"] = [*earlier, before]
                runs["steps"][key] = entry
                _save(runs)  # after every step: a later failure keeps what was measured
    runs["commit"], runs["dirty"], runs["machine"] = commit(), _dirty(), machine()
    path = _save(runs)
    print_table(runs)
    if not args.no_docs:
        write_docs(runs, DOCS, results_file=path)
        print(f"wrote {DOCS.relative_to(ROOT)}")
    print(f"saved {path.relative_to(ROOT)}")
    failed = [k for k, v in runs["steps"].items() if v.get("status") != "ok"]
    return 1 if failed and not args.report else 0


def _save(runs: dict[str, Any]) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    runs["updated"] = datetime.now(UTC).isoformat(timespec="seconds")
    path = RESULTS / f"{runs['date']}-{commit()}.json"
    path.write_text(json.dumps(runs, indent=2) + "\n")
    return path


if __name__ == "__main__":
    sys.exit(main())
