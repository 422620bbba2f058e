"""Do the proximity dimensions track what they claim to measure, on real networks we did not make?

Three small, well-known social networks ship with NetworkX. Each is mapped to graphsvc's graph
shape as honestly as its data allow (what became what is printed and saved), scored with
`graphsvc.proximity.score_ties`, and compared with the observable variables the data do hold:

- **Zachary's karate club** (``nx.karate_club_graph()``): the edge ``weight`` is "the number of
  contexts in which that edge's incident node members interacted" (the NetworkX docstring,
  from Zachary's 1977 data; his eight contexts included the university classes, the club's
  studio and two bars). Each tie becomes one ``KNOWS`` account whose ``contexts`` are that
  many anonymous labels (which contexts is not in the data). Checks: Spearman of multiplexity
  with the number of contexts (by construction high: it shows the saturating curve keeps the
  order rather than proving validity), and a check the model was not built for: whether ties
  across the club's later split (Mr. Hi's faction vs the Officer's) were thinner, as Zachary's
  information-flow account of the fission predicts.
- **Davis's Southern women** (``nx.davis_southern_women_graph()``): 18 women and the 14 social
  events each attended. Events become ``Group`` nodes with a purpose (attendance:
  ``MEMBER_OF``); women who attended any event together get a ``KNOWS`` account with nothing
  declared, so multiplexity and commonality rest only on what the graph shows (shared groups).
  Checks: Spearman of both with the number of co-attended events (by construction again), and
  a split-half test that is not: the events are split at random into two halves many times,
  the dimensions are computed from one half only, and compared with co-attendance in the
  other half. Do contexts seen in part of a life predict the rest?
- **Padgett's Florentine families** (``nx.florentine_families_graph()``): marriage ties between
  15 families, nothing else. Each family becomes a ``Person`` (a family is not a person; the
  mapping is for the test only) and each marriage two agreeing ``KNOWS`` accounts of kind
  ``family``. A negative control: the data say nothing about mode, time, help or interests, so
  those four dimensions must come out unknown (NaN, listed), overall must rest on multiplexity
  alone with low confidence, and the model must not invent differences between ties that the
  data do not contain.

Run from the repository root::

    .venv/bin/python benchmarks/validate_proximity.py            # prints, saves JSON

Results go to ``benchmarks/results/proximity-validation-<date>-<commit>.json``.
"""

from __future__ import annotations

import argparse
import random
import sys
from datetime import date
from itertools import combinations
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
from common import machine, save
from scipy.stats import mannwhitneyu, spearmanr

from graphsvc.graph import build_graph
from graphsvc.model import Group, Knows, MemberOf, Person
from graphsvc.proximity import DIMENSIONS, ProximityConfig, score_ties

CFG = ProximityConfig(as_of=date(2024, 6, 30))


def _rho(x: Any, y: Any) -> float:
    r = spearmanr(x, y).statistic
    return round(float(r), 4)


# --- Zachary's karate club ------------------------------------------------------------------


def karate() -> dict[str, Any]:
    K = nx.karate_club_graph()
    people = [Person(id=f"m{n:02d}", name=f"Member {n + 1}") for n in K]
    ties = [
        Knows(source=f"m{u:02d}", target=f"m{v:02d}",
              contexts=[f"context {i + 1}" for i in range(int(d["weight"]))])
        for u, v, d in K.edges(data=True)
    ]  # fmt: skip
    scored = score_ties(build_graph(people, ties), CFG, reasons=False, views=False)
    weight = {frozenset((f"m{u:02d}", f"m{v:02d}")): d["weight"] for u, v, d in K.edges(data=True)}
    club = {f"m{n:02d}": K.nodes[n]["club"] for n in K}
    scored["contexts"] = [
        weight[frozenset(p)] for p in zip(scored.source, scored.target, strict=True)
    ]
    scored["across"] = [
        club[u] != club[v] for u, v in zip(scored.source, scored.target, strict=True)
    ]
    within, across = scored[~scored.across], scored[scored.across]
    test = mannwhitneyu(within.multiplexity, across.multiplexity, alternative="greater")
    auc = test.statistic / (len(within) * len(across))  # P(a tie within is thicker)
    return {
        "mapping": {
            "member": "Person", "tie": "one KNOWS account",
            "weight (number of contexts)": "that many anonymous declared contexts",
            "club after the split": "kept aside, compared with the scores",
        },
        "ties": len(scored),
        "spearman_multiplexity_vs_contexts": _rho(scored.multiplexity, scored.contexts),
        "distinct_context_counts": int(scored.contexts.nunique()),
        "mean_multiplexity_within_faction": round(float(within.multiplexity.mean()), 4),
        "mean_multiplexity_across_factions": round(float(across.multiplexity.mean()), 4),
        "ties_across_factions": len(across),
        "auc_within_thicker_than_across": round(float(auc), 4),
        "mann_whitney_p_one_sided": round(float(test.pvalue), 4),
        "unknown_dimensions": sorted({d for u in scored.unknown for d in u}),
        "mean_confidence": round(float(scored.confidence.mean()), 4),
    }  # fmt: skip


# --- Davis's Southern women -----------------------------------------------------------------


def _davis_graph(events: list[str], attended: dict[str, set[str]]) -> nx.MultiDiGraph:
    women = sorted(attended)
    nodes = [Person(id=w, name=w) for w in women]
    nodes += [Group(id=e, name=f"Event {e}", kind="social event",
                    purpose="A social gathering recorded by Davis, Gardner and Gardner")
              for e in events]  # fmt: skip
    ties = [MemberOf(source=w, target=e) for w in women for e in sorted(attended[w]) if e in events]
    together = [(a, b) for a, b in combinations(women, 2) if attended[a] & attended[b]]
    ties += [Knows(source=a, target=b) for a, b in together]
    return build_graph(nodes, ties)


def davis(*, splits: int, seed: int) -> dict[str, Any]:
    D = nx.davis_southern_women_graph()
    women, events = D.graph["top"], D.graph["bottom"]
    attended = {w: set(D[w]) for w in women}
    scored = score_ties(_davis_graph(events, attended), CFG, reasons=False, views=False)
    shared = [
        len(attended[u] & attended[v]) for u, v in zip(scored.source, scored.target, strict=True)
    ]
    full = {
        "spearman_multiplexity_vs_coattended": _rho(scored.multiplexity, shared),
        "spearman_commonality_vs_coattended": _rho(scored.commonality, shared),
    }
    rng = random.Random(seed)
    rhos: dict[str, list[float]] = {"multiplexity": [], "commonality": [], "raw_counts": []}
    for _ in range(splits):
        half = set(rng.sample(events, len(events) // 2))
        part = score_ties(_davis_graph(sorted(half), attended), CFG, reasons=False, views=False)
        pairs = list(zip(part.source, part.target, strict=True))
        seen = [len(attended[u] & attended[v] & half) for u, v in pairs]
        other = [len((attended[u] & attended[v]) - half) for u, v in pairs]
        for dim in ("multiplexity", "commonality"):
            x = part[dim].fillna(0.0)  # no shared event in this half: nothing seen
            rhos[dim].append(float(spearmanr(x, other).statistic))
        rhos["raw_counts"].append(float(spearmanr(seen, other).statistic))  # the data's ceiling
    split = {
        f"split_half_spearman_{dim}": {
            "mean": round(float(np.mean(v)), 4),
            "p05": round(float(np.percentile(v, 5)), 4),
            "p95": round(float(np.percentile(v, 95)), 4),
        }
        for dim, v in rhos.items()
    }
    return {
        "mapping": {
            "woman": "Person", "event": "Group with a purpose", "attended": "MEMBER_OF",
            "attended any event together": "one KNOWS account, nothing declared",
        },
        "women": len(women), "events": len(events), "pairs": len(scored),
        **full,
        "splits": splits, "seed": seed,
        **split,
    }  # fmt: skip


# --- Padgett's Florentine families ----------------------------------------------------------


def florentine() -> dict[str, Any]:
    F = nx.florentine_families_graph()
    nodes = [Person(id=f, name=f) for f in F]
    ties = [Knows(source=a, target=b, kind="family") for a, b in F.edges]
    ties += [Knows(source=b, target=a, kind="family") for a, b in F.edges]
    scored = score_ties(build_graph(nodes, ties), CFG)
    unknown_share = {d: round(float(scored[d].isna().mean()), 4) for d in DIMENSIONS}
    return {
        "mapping": {
            "family": "Person (for this test only)",
            "marriage": "two agreeing KNOWS accounts of kind family",
        },
        "ties": len(scored),
        "share_unknown": unknown_share,
        "distinct_overall_values": int(scored.overall.round(12).nunique()),
        "overall_equals_multiplexity": bool(np.allclose(scored.overall, scored.multiplexity)),
        "confidence": sorted({round(float(c), 4) for c in scored.confidence}),
        "disagreements": int(sum(bool(v["disagree"]) for v in scored.views)),
        "example_reasons": list(scored.reasons.iloc[0]),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--splits", type=int, default=200, help="random halves for Davis")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-save", action="store_true")
    args = parser.parse_args(argv)
    results = {
        "karate_club": karate(),
        "davis_southern_women": davis(splits=args.splits, seed=args.seed),
        "florentine_families": florentine(),
    }
    pd.set_option("display.width", 120)
    print(machine())
    for name, figures in results.items():
        print(f"\n== {name}")
        for key, value in figures.items():
            print(f"  {key}: {value}")
    if not args.no_save:
        print("\nsaved", save("proximity-validation", {"networkx": nx.__version__, **results}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
