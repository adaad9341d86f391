"""Relation recall per seed when all the seeds are ingested TOGETHER into one store.

`benchmarks/seeds.py` scores relations after ingesting each seed alone; an analyst's store
holds many articles at once, so here every seed in ../shared/seeds goes into one SQLite
store (each with its gold publication date where gold has one) and each seed's gold
relations (../shared/gold) are looked for among the store's relations, with the matching of
benchmarks/seeds.py. A relation found "with own evidence" cites a sentence of that seed;
"alone" is the recall of the same seed ingested by itself, for comparison.

Turns: for each pair whose turn is expected — a gold file's optional `shifts` list
({"a", "b", "direction"}), else the acceptance criteria of issue 5 for seeds without gold
(seed 002: the Russia–Iran alliance and its divergence, cooperation → strain) — the store's
timeline (monthly windows, stated turns included) is searched for a turn of that pair and
direction with evidence (a statement or a marking event) from that seed. The issue's
expected relations for a seed without gold are scored like gold relations.

    .venv/bin/python benchmarks/relations.py [--shared ../shared] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import realpolitik
from realpolitik.relations.network import brokers, load_network, tension_triads
from realpolitik.relations.timeline import shifts, state_namer
from realpolitik.store import Store

sys.path.insert(0, str(Path(__file__).resolve().parent))
from seeds import relation_matches  # noqa: E402  (benchmarks/seeds.py: the gold matching)

COMMAND = ".venv/bin/python benchmarks/relations.py"

# Issue 5's acceptance criteria for the seed that has no gold file (seed 002, by its prefix).
ISSUE_EXPECTED: dict[str, dict[str, Any]] = {
    "002_": {
        "actors": {"IRN": {"country": "IRN"}, "RUS": {"country": "RUS"}},
        "relations": [{"kind": "alliance", "a": "RUS", "b": "IRN"}],
        "shifts": [{"a": "RUS", "b": "IRN", "direction": "deterioration"}],
    }
}


def _gold(shared: Path) -> dict[str, dict[str, Any]]:
    found = {}
    for path in sorted((shared / "gold").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        found[data["doc"]] = data
    return found


def _doc_id(seed: Path) -> str:
    return seed.stem


def _expected(seed: Path, gold: dict[str, dict[str, Any]]) -> dict[str, Any] | None:
    """The seed's gold, else the issue's expectations for it; None when neither exists."""
    if seed.name in gold:
        return gold[seed.name]
    return next((v for k, v in ISSUE_EXPECTED.items() if seed.name.startswith(k)), None)


def _turns(db: str) -> list[dict[str, Any]]:
    """Every turn in the store (stated ones too), as party keys, direction and evidence docs."""
    with Store.from_url(db) as store:
        events, links = store.events(), store.links()
    found = []
    for _line, turn in shifts(events, "month", 2, state_namer(), links):
        docs = {e.doc_id for e in turn.marks} | {x.doc_id for x in turn.statements}
        found.append({"pair": {turn.a, turn.b}, "direction": turn.direction, "docs": docs,
                      "text": turn.describe(_line.names)})  # fmt: skip
    return found


def _shift_found(turns: list[dict[str, Any]], want: dict[str, Any], doc_id: str) -> bool:
    """A turn of the pair, in the direction wanted, with evidence from the seed. Gold keys are
    matched as country codes (the timeline keys state actors by country)."""
    return any(
        t["pair"] == {want["a"], want["b"]}
        and t["direction"] == want["direction"]
        and doc_id in t["docs"]
        for t in turns
    )


def _ingest_together(seeds: list[Path], gold: dict[str, dict[str, Any]], db: str) -> float:
    started = time.perf_counter()
    for seed in seeds:
        date = gold.get(seed.name, {}).get("publication_date")
        report = realpolitik.ingest([seed], db, date=date)
        if not report.ok:
            raise SystemExit(f"ingest failed: {report.failures}")
    return time.perf_counter() - started


def _recall(rels: list[dict[str, Any]], gold: dict[str, Any], doc_id: str | None) -> list[bool]:
    """Per gold relation: found (with evidence from `doc_id` only, when given)."""
    out = []
    for g in gold["relations"]:
        candidates = [r for r in rels if relation_matches(r, g, gold["actors"])]
        if doc_id is not None:
            candidates = [
                r for r in candidates if any(e["doc_id"] == doc_id for e in r["evidence"])
            ]
        out.append(bool(candidates))
    return out


def _alone(seed: Path, gold: dict[str, Any], tmp: str) -> list[bool]:
    db = f"sqlite:///{tmp}/alone-{seed.stem}.db"
    realpolitik.ingest([seed], db, date=gold.get("publication_date"))
    return _recall(realpolitik.relations(db), gold, None)


def _label(g: dict[str, Any]) -> str:
    a, b = g.get("a") or g["patron"], g.get("b") or g["client"]
    extra = f" via {g['via']}" if g.get("via") else f" over {g['issue']}" if g.get("issue") else ""
    return f"{g['kind']} {a}–{b}{extra}"


def run(shared: Path) -> dict[str, Any]:
    seeds = sorted((shared / "seeds").glob("*.txt"))
    gold = _gold(shared)
    results: dict[str, Any] = {"seeds": [s.name for s in seeds], "per_seed": {}}
    with tempfile.TemporaryDirectory() as tmp:
        db = f"sqlite:///{tmp}/together.db"
        results["ingest_s"] = round(_ingest_together(seeds, gold, db), 2)
        rels = realpolitik.relations(db)
        results["relations_output"] = len(rels)
        started = time.perf_counter()
        graph = load_network(db)
        results["network"] = {
            "nodes": graph.number_of_nodes(),
            "edges": graph.number_of_edges(),
            "brokers": [b.key for b in brokers(graph) if b.mediates],
            "tension_triads": [list(t.nodes) for t in tension_triads(graph)],
            "seconds": round(time.perf_counter() - started, 3),
        }
        turns = _turns(db)
        results["turns"] = [t["text"] for t in turns]
        for seed in seeds:
            g = _expected(seed, gold)
            if g is None:
                continue
            together = _recall(rels, g, None)
            own = _recall(rels, g, _doc_id(seed))
            alone = _alone(seed, g, tmp)
            wanted = g.get("shifts", [])
            results["per_seed"][seed.name] = {
                "source": "gold" if seed.name in gold else "issue 5",
                "shifts_expected": len(wanted),
                "shifts_found": sum(_shift_found(turns, w, _doc_id(seed)) for w in wanted),
                "gold": len(g["relations"]),
                "together": sum(together),
                "own_evidence": sum(own),
                "alone": sum(alone),
                "missed_together": [
                    _label(x) for x, hit in zip(g["relations"], together, strict=True) if not hit
                ],
                "gained_together": [
                    _label(x)
                    for x, t, a in zip(g["relations"], together, alone, strict=True)
                    if t and not a
                ],
            }
    return results


def table(results: dict[str, Any]) -> str:
    rows = [
        "| seed | expected from | relations | recall together | with own evidence "
        "| recall alone | turn detected |",
        "|---|---|---|---|---|---|---|",
    ]
    tot = {"gold": 0, "together": 0, "own_evidence": 0, "alone": 0}
    for seed, r in results["per_seed"].items():
        gold_row = r["source"] == "gold"
        turn = (
            f"{'yes' if r['shifts_found'] == r['shifts_expected'] else 'no'} "
            f"({r['shifts_found']}/{r['shifts_expected']})"
            if r["shifts_expected"]
            else "n/a"
        )
        rows.append(
            f"| {seed} | {r['source']} | {r['gold']} | {r['together']}/{r['gold']} "
            f"| {r['own_evidence']}/{r['gold']} | {r['alone']}/{r['gold']} | {turn} |"
        )
        for k in tot:
            tot[k] += r[k] if gold_row else 0  # the totals are over gold seeds only

    def ratio(k: str) -> str:
        return f"{tot[k] / tot['gold']:.2f}" if tot["gold"] else "n/a"

    expected = sum(r["shifts_expected"] for r in results["per_seed"].values())
    found = sum(r["shifts_found"] for r in results["per_seed"].values())
    rows.append(
        f"| **all gold seeds** | gold | {tot['gold']} | {ratio('together')} "
        f"| {ratio('own_evidence')} | {ratio('alone')} | {found}/{expected} (all seeds) |"
    )
    return "\n".join(rows)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--shared", type=Path, default=Path(__file__).resolve().parents[1].parent / "shared"
    )
    parser.add_argument("--json", type=Path, help="also write the full results here")
    opts = parser.parse_args()
    if not (opts.shared / "gold").is_dir() or not (opts.shared / "seeds").is_dir():
        print(f"skipped: {opts.shared}/gold or seeds not found (they live in ../shared)",
              file=sys.stderr)  # fmt: skip
        return 0
    results = run(opts.shared)
    print(f"Seeds ingested together into one store: {', '.join(results['seeds'])}")
    print(f"({results['ingest_s']} s to ingest, {results['relations_output']} relations)\n")
    print(table(results))
    for seed, r in results["per_seed"].items():
        print(f"\n{seed}: missed together {r['missed_together']}; "
              f"found only together {r['gained_together']}")  # fmt: skip
    print("\nTurns found in the combined store (monthly windows, stated turns included):")
    for text in results["turns"] or ["none"]:
        print(f"  {text}")
    net = results["network"]
    print(
        f"\nNetwork of the combined store: {net['nodes']} actors, {net['edges']} ties, "
        f"brokers {net['brokers']}, tension triads {net['tension_triads']} "
        f"(built in {net['seconds']} s)"
    )
    print(f"\nCommand: {COMMAND}")
    if opts.json:
        opts.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
