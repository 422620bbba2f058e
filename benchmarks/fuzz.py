"""Fuzzing, long version: schemathesis over the whole API for every role, and the fuzz suite.

    .venv/bin/python benchmarks/fuzz.py [--examples 12] [--hypothesis 5000] [--skip-suite]

1. **Schemathesis.** Every operation of the OpenAPI document the app publishes, as each role
   (broker, commissioner, researcher, admin, each signed in with a real key from the register)
   and with no key at all, in schemathesis' positive mode (valid requests) and negative mode
   (requests that break the schema), up to ``--examples`` cases per operation, role and mode,
   derandomised. Each answer is checked: not a server error, a documented status, a documented
   content type, a body that matches its schema. Unlike the bounded test in the suite
   (``tests/api/test_schemathesis.py``), a failure does not stop the run: every case is counted,
   and failures are grouped by operation and check. The app runs in-process on the embedded
   store, holding the API test world plus a 400-person town (so asset maps and exports publish).
2. **The fuzz suite with more examples.** ``pytest tests/fuzz`` with ``GRAPHSVC_FUZZ_EXAMPLES``
   set to ``--hypothesis`` (Hypothesis on the model and the importer, the injection corpus on
   both stores): passed, failed and expected failures (known bugs, marked in the tests).

Goal (issue 9): >= 2,000 schemathesis cases, 0 server errors, 0 answers that break the schema.
Results go to ``benchmarks/results/fuzz-<date>-<commit>.json``.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

import schemathesis
from common import ROOT, machine, save
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from graphsvc.api import create_app
from graphsvc.config import Settings
from graphsvc.governance.sqlite import SqliteRegister
from graphsvc.governance.types import Role
from graphsvc.store.embedded import EmbeddedStore
from graphsvc.synth import generate
from tests.api.conftest import world

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
ROLES = ("broker", "commissioner", "researcher", "admin", "anonymous")
GOAL_CASES = 2000


def _kind(exc: BaseException) -> list[str]:
    """The titles of the checks a failure broke (schemathesis groups several in one)."""
    parts = exc.exceptions if isinstance(exc, BaseExceptionGroup) else [exc]
    titles = []
    for part in parts:
        title = getattr(part, "title", None) or type(part).__name__
        titles.append(str(title))
    return titles


def run_schemathesis(examples: int, tmp: Path) -> dict[str, Any]:
    store = EmbeddedStore(tmp / "graph.sqlite")
    store.upsert(*world())
    town = generate(400, seed=5, neighbourhoods=2)
    store.upsert(town.nodes, town.ties)
    register = SqliteRegister(tmp / "register.sqlite")
    keys: dict[str, str] = {}
    for uid, role in [
        ("bea", Role.broker),
        ("cat", Role.commissioner),
        ("rob", Role.researcher),
        ("ada", Role.admin),
    ]:
        register.add_user(uid, uid.title(), role)
        keys[role.value] = register.issue_key(uid).token
    register.assign("bea", ["pat", *(n.id for n in town.nodes[:50] if n.label == "Person")])
    conf = Settings(
        store="embedded", db=tmp / "unused.sqlite", secret="s" * 32, export_key="ab" * 32
    )
    app = create_app(conf, store_factory=lambda: store, register_factory=lambda: register)
    schema = schemathesis.openapi.from_dict(app.openapi())
    cases: Counter[str] = Counter()
    statuses: Counter[str] = Counter()
    failures: Counter[tuple[str, str]] = Counter()
    examples_of: dict[tuple[str, str], str] = {}
    unsatisfiable: list[str] = []
    t0 = time.perf_counter()

    def run_cases(op: Any, label: str, role: str, mode: GenerationMode) -> None:
        """Up to ``examples`` cases of one operation, as one role, in one mode; never raises."""
        headers = {} if role == "anonymous" else {"Authorization": f"Bearer {keys[role]}"}

        @settings(
            max_examples=examples,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
            phases=[Phase.explicit, Phase.generate],
        )
        @given(case=op.as_strategy(generation_mode=mode))
        def one(case: Any) -> None:
            cases[role] += 1
            try:
                response = case.call_and_validate(app=app, headers=headers, checks=CHECKS)
                statuses[str(response.status_code)] += 1
            except (Failure, FailureGroup) as exc:  # a check failed: count it, carry on
                for title in _kind(exc):
                    failures[(label, title)] += 1
                    examples_of.setdefault((label, title), f"{role}: {exc}"[:600])
            except Exception as exc:  # the app raised: a server error (a 500 when served)
                title = f"Server error (the app raised {type(exc).__name__})"
                failures[(label, title)] += 1
                examples_of.setdefault((label, title), f"{role}: {exc!r} for {case.body!r}"[:600])

        try:
            one()
        except Unsatisfiable:  # nothing to break (no parameters, no body): no negative cases
            unsatisfiable.append(f"{label} ({mode.value}, {role})")
        except Exception as exc:  # the strategy itself could not be built
            key = (label, f"could not generate ({type(exc).__name__})")
            failures[key] += 1
            examples_of.setdefault(key, str(exc)[:600])

    with TestClient(app):  # the app's lifespan open for the whole run, as a server's would be
        for result in schema.get_all_operations():
            op = result.ok()
            label = f"{op.method.upper()} {op.path}"
            for role in ROLES:
                for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                    run_cases(op, label, role, mode)
    seconds = time.perf_counter() - t0
    register.close()
    store.close()
    total = sum(cases.values())

    def count(pattern: str) -> int:
        return sum(n for (_, title), n in failures.items() if re.search(pattern, title, re.I))

    return {
        "examples_per_operation_role_mode": examples,
        "operations": len(list(schema.get_all_operations())),
        "roles": list(ROLES),
        "cases": total,
        "cases_by_role": dict(cases),
        "seconds": round(seconds, 1),
        "statuses": dict(sorted(statuses.items())),
        "no_negative_cases": sorted({u.split(" (")[0] for u in unsatisfiable}),
        "server_errors": count(r"server error"),
        "schema_violations": count(r"schema|content-type|undocumented|status code"),
        "failures": [
            {"operation": op, "check": title, "count": n, "example": examples_of[(op, title)]}
            for (op, title), n in failures.most_common()
        ],
        "goal": {"cases": GOAL_CASES, "server_errors": 0, "schema_violations": 0},
    }


def run_suite(examples: int) -> dict[str, Any]:
    env = dict(os.environ, GRAPHSVC_FUZZ_EXAMPLES=str(examples))
    t0 = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "tests/fuzz", "-q", "-p", "no:cacheprovider", "-rxXf"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    tail = done.stdout.strip().splitlines()[-12:]
    summary = tail[-1] if tail else ""
    found = re.findall(r"(\d+) (passed|failed|xfailed|xpassed|errors?)", summary)
    numbers = {"passed": 0, "failed": 0, "xfailed": 0, "xpassed": 0, "error": 0}
    numbers |= {k.rstrip("s") if k.startswith("error") else k: int(v) for v, k in found}
    return {
        "hypothesis_examples": examples,
        "exit_code": done.returncode,
        "seconds": round(time.perf_counter() - t0, 1),
        **numbers,
        "summary": summary,
        "tail": tail,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=12, help="per operation, role and mode")
    parser.add_argument("--hypothesis", type=int, default=5000, help="examples per fuzz test")
    parser.add_argument("--skip-suite", action="store_true")
    args = parser.parse_args()
    results: dict[str, Any] = {"load_average_before": list(os.getloadavg())}
    with TemporaryDirectory(prefix="graphsvc-fuzz-") as tmp:
        results["schemathesis"] = s = run_schemathesis(args.examples, Path(tmp))
    print(
        f"schemathesis: {s['cases']:,} cases over {s['operations']} operations x "
        f"{len(ROLES)} roles x 2 modes in {s['seconds']:.0f} s; server errors "
        f"{s['server_errors']}, schema violations {s['schema_violations']}"
    )
    for f in s["failures"]:
        print(f"  {f['count']:>4} x {f['check']} on {f['operation']}: {f['example'][:200]}")
    if not args.skip_suite:
        results["suite"] = suite = run_suite(args.hypothesis)
        print(f"fuzz suite with {args.hypothesis} examples a test: {suite['summary']}")
    results["load_average_after"] = list(os.getloadavg())
    m = machine()
    print(
        f"machine: {m['cpu']}, {m['cores']} cores; load "
        f"{results['load_average_before'][0]:.1f} -> {results['load_average_after'][0]:.1f}"
    )
    print(f"saved {save('fuzz', results)}")


if __name__ == "__main__":
    main()
