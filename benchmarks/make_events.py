"""Fill a store with N synthetic events, to measure queries at scale (benchmarks/query_latency.py).

Rows go in through bulk SQLAlchemy Core inserts into the store's own tables (documents,
sentences, actors, events, event_participants), in chunks, so a million events take minutes,
not the hours parsing would. The events are random but shaped like real ones: ten per
document, actors drawn from the built-in knowledge base with a skewed (Zipf-like) popularity so
a few actors take part in many events, dates spread over ten years at day, month or year
precision, and the 16 PLOVER types with their quad classes. `--relations` then aggregates the
relations cache from them with the real aggregator (slow for large N: it reads every event).

    .venv/bin/python benchmarks/make_events.py --db sqlite:///big.db [--n 1000000] [--seed 7]
        [--relations]
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import random
import sys
import time
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from realpolitik.actors.loader import knowledge_base
from realpolitik.model import PLOVER_TYPES, QUAD_OF_TYPE, Entity, content_hash
from realpolitik.store import Store
from realpolitik.store.schema import actors, documents, event_participants, events, sentences

EVENTS_PER_DOC = 10
CHUNK_DOCS = 2000  # documents per transaction
START = date(2015, 1, 1)
DAYS = 3650
INTENSITY = {1: 3.0, 2: 5.0, 3: -3.0, 4: -7.0}


def entities(limit: int) -> list[Entity]:
    """States first (they dominate real event data), then other actors, from the built-in KB."""
    entries = sorted(knowledge_base().entries(), key=lambda e: (e.kind != "state", e.id))
    return [e.at(None) for e in entries if e.kind != "media"][:limit]


class Picker:
    """Draws actors with Zipf-like weights: the i-th is chosen about 1/(i+1) as often as the
    first."""

    def __init__(self, pool: list[Entity], rng: random.Random) -> None:
        self.pool = pool
        self.rng = rng
        weights = [1 / (i + 1) for i in range(len(pool))]
        self.cumulative = list(itertools.accumulate(weights))

    def two(self) -> tuple[Entity, Entity]:
        a = self.one()
        b = self.one()
        while b.id == a.id:
            b = self.one()
        return a, b

    def one(self) -> Entity:
        x = self.rng.random() * self.cumulative[-1]
        return self.pool[bisect.bisect_left(self.cumulative, x)]


def event_date(rng: random.Random) -> tuple[str, str]:
    day = START + timedelta(days=rng.randrange(DAYS))
    precision = rng.choices(("day", "month", "year"), weights=(70, 25, 5))[0]
    text = {"day": day.isoformat(), "month": day.isoformat()[:7], "year": str(day.year)}
    return text[precision], precision


def document_rows(doc_no: int, picker: Picker, rng: random.Random) -> dict[str, list[Any]]:
    """One synthetic document with its sentences, events and participants."""
    doc_id = f"syn{doc_no:08d}"
    rows: dict[str, list[Any]] = {"documents": [], "sentences": [], "events": [], "parts": []}
    lines, offset = [], 0
    for s in range(EVENTS_PER_DOC):
        kind = rng.choice(PLOVER_TYPES)
        quad = QUAD_OF_TYPE[kind]
        a, b = picker.two()
        sentence = f"{a.name} and {b.name}: {kind.lower()} event {doc_no}.{s}."
        start, end = offset, offset + len(sentence)
        lines.append(sentence)
        offset = end + 1
        when, precision = event_date(rng)
        event_id = f"{doc_id}-s{s}-e1"
        rows["sentences"].append({"doc_id": doc_id, "idx": s, "start": start, "end": end,
                                  "text": sentence})  # fmt: skip
        rows["events"].append({
            "id": event_id, "doc_id": doc_id, "event": kind, "mode": None, "context": [],
            "quad_code": quad, "intensity": INTENSITY[quad] + rng.uniform(-1, 1), "cameo": None,
            "modality": rng.choices(("asserted", "negated", "hypothetical", "future"),
                                    weights=(85, 5, 5, 5))[0],
            "historical": False, "date": when, "date_precision": precision,
            "date_source": "text", "location": None, "sentence": sentence,
            "sentence_start": start, "sentence_end": end, "event_text": kind.lower(),
            "confidence": round(rng.uniform(0.4, 0.95), 3), "issue": None,
        })  # fmt: skip
        name_end = start + len(a.name)
        for role, entity, first in (("actor", a, start), ("recipient", b, name_end + 5)):
            rows["parts"].append({
                "event_id": event_id, "role": role, "position": 0, "actor_id": entity.id,
                "raw_text": entity.name, "start": first, "end": first + len(entity.name),
                "name": entity.name, "country": entity.country, "sector": entity.sector,
                "kind": entity.kind, "wikidata_id": entity.wikidata_id,
            })  # fmt: skip
    text = "\n".join(lines)
    rows["documents"].append({
        "id": doc_id, "content_hash": content_hash(text), "title": None, "url": None,
        "date": rows["events"][0]["date"], "source": "make_events.py", "text": text,
        "ingested_at": "2025-01-01T00:00:00+00:00",
    })  # fmt: skip
    return rows


def chunks(n_docs: int, picker: Picker, rng: random.Random) -> Iterator[dict[str, list[Any]]]:
    for first in range(0, n_docs, CHUNK_DOCS):
        merged: dict[str, list[Any]] = {"documents": [], "sentences": [], "events": [],
                                        "parts": []}  # fmt: skip
        for doc_no in range(first, min(first + CHUNK_DOCS, n_docs)):
            for key, rows in document_rows(doc_no, picker, rng).items():
                merged[key] += rows
        yield merged


def fill(store: Store, n_events: int, seed: int, n_actors: int) -> dict[str, Any]:
    rng = random.Random(seed)
    pool = entities(n_actors)
    picker = Picker(pool, rng)
    n_docs = max(1, n_events // EVENTS_PER_DOC)
    start = time.perf_counter()
    with store.engine.begin() as conn:
        conn.execute(actors.insert(), [
            {"id": e.id, "name": e.name, "kind": e.kind, "country": e.country,
             "sector": e.sector, "wikidata_id": e.wikidata_id}
            for e in pool
        ])  # fmt: skip
    done = 0
    for chunk in chunks(n_docs, picker, rng):
        with store.engine.begin() as conn:
            conn.execute(documents.insert(), chunk["documents"])
            conn.execute(sentences.insert(), chunk["sentences"])
            conn.execute(events.insert(), chunk["events"])
            conn.execute(event_participants.insert(), chunk["parts"])
        done += len(chunk["events"])
        print(f"\r{done:,} events", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    seconds = time.perf_counter() - start
    return {"events": done, "documents": n_docs, "actors": len(pool),
            "seconds": round(seconds, 1), "events_per_second": round(done / seconds)}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True, help="store URL or SQLite path (fresh)")
    parser.add_argument("--n", type=int, default=1_000_000, help="events to make")
    parser.add_argument("--actors", type=int, default=400, help="distinct actors to draw from")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--relations", action="store_true", help="aggregate relations too")
    args = parser.parse_args()
    with Store.from_url(args.db) as store:
        if store.counts()["documents"]:
            sys.exit(f"{args.db} already holds documents; pass a fresh store")
        result = fill(store, args.n, args.seed, args.actors)
        if args.relations:
            from realpolitik.scale.sink import refresh_relations

            start = time.perf_counter()
            refresh_relations(store)
            result["relations_seconds"] = round(time.perf_counter() - start, 1)
        result["rows"] = store.counts()
    print(result)


if __name__ == "__main__":
    main()
