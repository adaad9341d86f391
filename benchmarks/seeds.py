"""Score realpolitik on the hand-made gold of the seed articles (../shared/gold).

Reports, per seed with gold and overall: actor recall (must-find actors that appear in some
event), event recall by quad class and by strict type, modality accuracy on found events,
negated/speculative events output as asserted, forbidden actors used, and relation recall
after ingesting the seed into a fresh SQLite store. Matching follows ../shared/gold/README.md.

    .venv/bin/python benchmarks/seeds.py [--shared ../shared] [--json out.json] [-v]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

import realpolitik
from realpolitik.model import QUAD_OF_TYPE

STATE_KINDS = {"state", "state_organ", "person"}


def entity_matches(entity: dict[str, Any], gold: dict[str, Any]) -> bool:
    """An entity matches a gold actor key by country (state kinds) or by whole-word name."""
    countries = [c for c in (gold.get("country"), gold.get("country_alt")) if c]
    if entity.get("country") in countries and entity.get("kind") in STATE_KINDS:
        return True
    if entity.get("country") in countries and gold.get("country") in ("UNO", "IGO", "EUR"):
        return True
    for name in gold.get("names", []):
        pattern = re.compile(rf"\b{re.escape(name)}\b", re.I)
        if pattern.search(entity.get("raw_text") or "") or pattern.search(entity.get("name") or ""):
            return not gold.get("sector") or entity.get("sector") in (None, *gold["sector"])
    return False


def side_matches(entities: list[dict[str, Any]], key: str | None, actors: dict[str, Any]) -> bool:
    return key is not None and any(entity_matches(e, actors[key]) for e in entities)


def event_matches(ev: dict[str, Any], gold: dict[str, Any], actors: dict[str, Any]) -> bool:
    """Actor and recipient match (either way round when symmetric); the quad is checked apart."""
    src, tgt = gold["source"], gold["target"]
    forward = side_matches(ev["recipient"], tgt, actors) and (
        gold.get("source_optional") or side_matches(ev["actor"], src, actors)
    )
    if forward:
        return True
    return (
        bool(gold.get("symmetric"))
        and side_matches(ev["actor"], tgt, actors)
        and side_matches(ev["recipient"], src, actors)
    )


def score_events(events: list[dict[str, Any]], gold: dict[str, Any]) -> dict[str, Any]:
    actors = gold["actors"]
    found_quad = found_strict = modality_ok = dated = date_ok = historical_ok = 0
    misses = []
    for g in gold["events"]:
        types = {g["type"], *g.get("also", [])}
        quads = {QUAD_OF_TYPE[t] for t in types}
        pair = [e for e in events if event_matches(e, g, actors)]
        by_quad = [e for e in pair if e["quad_code"] in quads]
        strict = [e for e in by_quad if e["event"] in types]
        if by_quad:
            found_quad += 1
            best = (strict or by_quad)[0]
            modality_ok += best["modality"] == g["modality"]
            historical_ok += best["historical"] == bool(g.get("historical"))
            if g.get("date"):
                dated += 1
                date_ok += best["date"] == g["date"]
        else:
            misses.append(g["id"])
        found_strict += bool(strict)
    negatives = 0
    for neg in gold.get("negative_events", []):
        probe = {"source": neg["source"], "target": neg["target"], "symmetric": True}
        negatives += sum(
            1
            for e in events
            if e["modality"] == "asserted"
            and e["event"] in neg["types"]
            and event_matches(e, probe, actors)
        )
    return {
        "events_gold": len(gold["events"]),
        "found_quad": found_quad,
        "found_strict": found_strict,
        "modality_ok": modality_ok,
        "historical_ok": historical_ok,
        "dated": dated,
        "date_ok": date_ok,
        "negatives_asserted": negatives,
        "missed": misses,
    }


def score_actors(events: list[dict[str, Any]], gold: dict[str, Any]) -> dict[str, Any]:
    entities = [x for e in events for x in e["actor"] + e["recipient"] + e["mediator"]]
    must = gold["must_find_actors"]
    found = [k for k in must if any(entity_matches(x, gold["actors"][k]) for x in entities)]
    forbidden = []
    for name in gold.get("must_not_be_actors", []):
        pattern = re.compile(rf"\b{re.escape(name)}\b", re.I)
        if any(pattern.search(x["raw_text"]) or pattern.search(x["name"]) for x in entities):
            forbidden.append(name)
    return {
        "actors_gold": len(must),
        "actors_found": len(found),
        "actors_missed": [k for k in must if k not in found],
        "forbidden_used": forbidden,
    }


def relation_matches(rel: dict[str, Any], g: dict[str, Any], actors: dict[str, Any]) -> bool:
    if rel["kind"] != g["kind"]:
        return False
    if g["kind"] == "patronage":
        return entity_matches(rel["a"], actors[g["patron"]]) and entity_matches(
            rel["b"], actors[g["client"]]
        )
    a, b = actors[g["a"]], actors[g["b"]]
    pair = (entity_matches(rel["a"], a) and entity_matches(rel["b"], b)) or (
        entity_matches(rel["a"], b) and entity_matches(rel["b"], a)
    )
    if not pair:
        return False
    if g["kind"] == "mediation":
        return any(entity_matches(v, actors[g["via"]]) for v in rel["via"])
    if g["kind"] == "dispute":
        return (rel["issue"] or "").lower() == g["issue"].lower()
    return True


def score_relations(article: Path, gold: dict[str, Any]) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        db = f"sqlite:///{tmp}/seed.db"
        realpolitik.ingest([article], db, date=gold["publication_date"])
        rels = realpolitik.relations(db)
    found = [
        g for g in gold["relations"] if any(relation_matches(r, g, gold["actors"]) for r in rels)
    ]
    missed = [g for g in gold["relations"] if g not in found]
    return {
        "relations_gold": len(gold["relations"]),
        "relations_found": len(found),
        "relations_missed": missed,
        "relations_output": len(rels),
    }


def run(shared: Path, verbose: bool) -> dict[str, Any]:
    results = {}
    for gold_path in sorted((shared / "gold").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        article = shared / "seeds" / gold["doc"]
        events = [
            e.to_contract()
            for e in realpolitik.extract([article], date=gold["publication_date"])
            if isinstance(e, realpolitik.Event)
        ]
        result = {
            "events_output": len(events),
            **score_actors(events, gold),
            **score_events(events, gold),
            **score_relations(article, gold),
        }
        results[gold["doc"]] = result
        if verbose:
            for e in events:
                print(
                    f"  {e['event']:9} {e['modality']:12} {[a['id'] for a in e['actor']]} -> "
                    f"{[r['id'] for r in e['recipient']]} via {[m['id'] for m in e['mediator']]} "
                    f"| {e['event_text']} | {e['date']}",
                    file=sys.stderr,
                )
    return results


# (column title, numerator key, denominator key); a denominator of None prints a plain count.
COLUMNS: tuple[tuple[str, str, str | None], ...] = (
    ("actor recall", "actors_found", "actors_gold"),
    ("event recall (quad)", "found_quad", "events_gold"),
    ("event recall (strict)", "found_strict", "events_gold"),
    ("modality acc.", "modality_ok", "found_quad"),
    ("historical acc.", "historical_ok", "found_quad"),
    ("date acc.", "date_ok", "dated"),
    ("negatives asserted", "negatives_asserted", None),
    ("forbidden actors", "forbidden_count", None),
    ("relation recall", "relations_found", "relations_gold"),
)


def table(results: dict[str, Any]) -> str:
    """Markdown: one row per seed as counts, then the totals as ratios."""
    rows = [
        "| seed | " + " | ".join(c[0] for c in COLUMNS) + " |",
        "|---" * (len(COLUMNS) + 1) + "|",
    ]
    totals: dict[str, int] = {}
    for doc, r in results.items():
        r = {**r, "forbidden_count": len(r["forbidden_used"])}
        cells = [str(r[num]) if den is None else f"{r[num]}/{r[den]}" for _t, num, den in COLUMNS]
        for key in {k for _t, num, den in COLUMNS for k in (num, den) if k is not None}:
            totals[key] = totals.get(key, 0) + r[key]
        rows.append(f"| {doc} | " + " | ".join(cells) + " |")
    cells = []
    for _title, num, den in COLUMNS:
        if den is None:
            cells.append(str(totals.get(num, 0)))
        else:
            cells.append(f"{totals[num] / totals[den]:.2f}" if totals.get(den) else "n/a")
    rows.append("| **all** | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def _relation_label(g: dict[str, Any]) -> tuple[str, str, str]:
    return (g["kind"], g.get("a") or g["patron"], g.get("b") or g["client"])


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--shared", type=Path, default=Path(__file__).resolve().parents[1].parent / "shared"
    )
    parser.add_argument("--json", type=Path, help="also write the full results here")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every event found")
    opts = parser.parse_args()
    if not (opts.shared / "gold").is_dir():
        print(
            f"skipped: {opts.shared}/gold not found (the seeds and gold live in ../shared)",
            file=sys.stderr,
        )
        return 0
    results = run(opts.shared, opts.verbose)
    print(table(results))
    for doc, r in results.items():
        print(
            f"\n{doc}: missed events {r['missed']}; missed actors {r['actors_missed']}; "
            f"forbidden {r['forbidden_used']}; missed relations "
            f"{[_relation_label(g) for g in r['relations_missed']]}"
        )
    if opts.json:
        opts.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
