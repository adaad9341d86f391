"""Fill a store with N synthetic events, to measure queries at scale (benchmarks/query_latency.py).

Rows go straight into the store's own tables (documents, sentences, actors, events,
event_participants) through the database driver: SQLite by `executemany` of plain tuples,
PostgreSQL by COPY, a chunk of documents per transaction, generated as they are written
(memory stays flat), so a million events take minutes, not the hours parsing would. The
events are random but shaped like real ones: ten per document, actors drawn from the
built-in knowledge base with a skewed (Zipf-like) popularity so a few actors take part in
many events, dates spread over ten years at day, month or year precision, and the 16 PLOVER
types with their quad classes. Each event is its own group (a happening reported once, as
most are) with its parties filled in, so `Store.event_groups` has something to fold.
`--relations` then aggregates the relations cache from them with the real aggregator (it
reads every event: about a minute per 100,000 events).
`--relations-from URL` copies the cache instead from a store this script filled with the
same --n, --seed and --actors (the same events, so the same relations), which saves that
minute per 100,000 events on the second backend. `--analyze` gathers planner statistics
afterwards (ANALYZE), as a store in use would have.

    .venv/bin/python benchmarks/make_events.py --db sqlite:////tmp/big.db [--n 1000000]
        [--seed 7] [--relations | --relations-from URL] [--analyze]
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

from sqlalchemy import Connection, Table, select, text

from realpolitik.actors.loader import knowledge_base
from realpolitik.model import PLOVER_TYPES, QUAD_OF_TYPE, Entity, Mention, content_hash
from realpolitik.relations.aggregate import party_key
from realpolitik.store import Store
from realpolitik.store.schema import (
    actors,
    documents,
    event_participants,
    events,
    relations,
    sentences,
)

EVENTS_PER_DOC = 10
CHUNK_DOCS = 2000  # documents per transaction
START = date(2015, 1, 1)
DAYS = 3650
INTENSITY = {1: 3.0, 2: 5.0, 3: -3.0, 4: -7.0}
PRECISIONS = ("day", "month", "year")
PRECISION_WEIGHTS = list(itertools.accumulate((70, 25, 5)))
MODALITIES = ("asserted", "negated", "hypothetical", "future")
MODALITY_WEIGHTS = list(itertools.accumulate((85, 5, 5, 5)))
TABLES: dict[str, Table] = {"documents": documents, "sentences": sentences, "events": events,
                            "parts": event_participants}  # fmt: skip
Chunk = dict[str, list[tuple[Any, ...]]]


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
        self.party = {e.id: party_key(Mention(e, e.name, 0, len(e.name))) for e in pool}

    def parties(self, a: Entity, b: Entity) -> str:
        """events.parties of an event between a and b, as the store writes it."""
        return "|".join(sorted({self.party[a.id], self.party[b.id]}))

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
    precision = rng.choices(PRECISIONS, cum_weights=PRECISION_WEIGHTS)[0]
    iso = day.isoformat()
    return {"day": iso, "month": iso[:7], "year": iso[:4]}[precision], precision


def document_rows(doc_no: int, picker: Picker, rng: random.Random) -> Chunk:
    """One synthetic document with its sentences, events and participants, as tuples in
    the column order of the store's tables."""
    doc_id = f"syn{doc_no:08d}"
    rows: Chunk = {"documents": [], "sentences": [], "events": [], "parts": []}
    lines, offset, first_date = [], 0, None
    for s in range(EVENTS_PER_DOC):
        kind = rng.choice(PLOVER_TYPES)
        quad = QUAD_OF_TYPE[kind]
        a, b = picker.two()
        sentence = f"{a.name} and {b.name}: {kind.lower()} event {doc_no}.{s}."
        start, end = offset, offset + len(sentence)
        lines.append(sentence)
        offset = end + 1
        when, precision = event_date(rng)
        first_date = first_date or when
        event_id = f"{doc_id}-s{s}-e1"
        modality = rng.choices(MODALITIES, cum_weights=MODALITY_WEIGHTS)[0]
        rows["sentences"].append((doc_id, s, start, end, sentence))
        rows["events"].append((
            event_id, doc_id, kind, None, "[]", quad, INTENSITY[quad] + rng.uniform(-1, 1),
            None, modality, False, when, precision, "text", None, sentence, start, end,
            kind.lower(), round(rng.uniform(0.4, 0.95), 3), None, f"g-{event_id}",
            picker.parties(a, b),
        ))  # fmt: skip
        name_end = start + len(a.name)
        for role, entity, first in (("actor", a, start), ("recipient", b, name_end + 5)):
            rows["parts"].append((
                event_id, role, 0, entity.id, entity.name, first, first + len(entity.name),
                entity.name, entity.country, entity.sector, entity.kind, entity.wikidata_id,
            ))  # fmt: skip
    body = "\n".join(lines)
    rows["documents"].append((doc_id, content_hash(body), None, None, first_date,
                              "make_events.py", body, "2025-01-01T00:00:00+00:00"))  # fmt: skip
    return rows


def chunks(n_docs: int, picker: Picker, rng: random.Random) -> Iterator[Chunk]:
    """The documents in chunks of CHUNK_DOCS, made as they are asked for."""
    for first in range(0, n_docs, CHUNK_DOCS):
        merged: Chunk = {key: [] for key in TABLES}
        for doc_no in range(first, min(first + CHUNK_DOCS, n_docs)):
            for key, rows in document_rows(doc_no, picker, rng).items():
                merged[key] += rows
        yield merged


COLUMNS: dict[str, list[str]] = {
    "documents": ["id", "content_hash", "title", "url", "date", "source", "text",
                  "ingested_at"],
    "sentences": ["doc_id", "idx", "start", "end", "text"],
    "events": ["id", "doc_id", "event", "mode", "context", "quad_code", "intensity", "cameo",
               "modality", "historical", "date", "date_precision", "date_source", "location",
               "sentence", "sentence_start", "sentence_end", "event_text", "confidence",
               "issue", "group_id", "parties"],
    "parts": ["event_id", "role", "position", "actor_id", "raw_text", "start", "end", "name",
              "country", "sector", "kind", "wikidata_id"],
}  # fmt: skip


def write(conn: Connection, table: Table, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    """Bulk-insert tuples through the driver: COPY on PostgreSQL, executemany on SQLite."""
    names = ", ".join(f'"{c}"' for c in columns)
    cursor = conn.connection.cursor()
    try:
        if conn.dialect.name == "postgresql":
            with cursor.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join("?" for _ in columns)
            cursor.executemany(f"INSERT INTO {table.name} ({names}) VALUES ({marks})", rows)
    finally:
        cursor.close()


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
            for key, table in TABLES.items():
                write(conn, table, COLUMNS[key], chunk[key])
        done += len(chunk["events"])
        print(f"\r{done:,} events", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    seconds = time.perf_counter() - start
    return {"events": done, "documents": n_docs, "actors": len(pool),
            "seconds": round(seconds, 1), "events_per_second": round(done / seconds)}  # fmt: skip


def copy_relations(store: Store, source_url: str) -> int:
    """Copy the relations cache of the store at `source_url` into `store`; rows copied."""
    columns = [c for c in relations.c if c.name != "id"]
    with Store.from_url(source_url) as source, source.engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(select(*columns).order_by(relations.c.id)).mappings()]
    with store.engine.begin() as conn:
        conn.execute(relations.insert(), rows)
    return len(rows)


def analyze(store: Store) -> float:
    """Gather planner statistics; the seconds it took."""
    start = time.perf_counter()
    with store.engine.begin() as conn:
        conn.execute(text("ANALYZE"))
    return round(time.perf_counter() - start, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True, help="store URL or SQLite path (fresh)")
    parser.add_argument("--n", type=int, default=1_000_000, help="events to make")
    parser.add_argument("--actors", type=int, default=400, help="distinct actors to draw from")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--relations", action="store_true", help="aggregate relations too")
    parser.add_argument(
        "--relations-from",
        metavar="URL",
        help="copy relations from a store filled with the same arguments",
    )
    parser.add_argument("--analyze", action="store_true", help="run ANALYZE at the end")
    args = parser.parse_args()
    with Store.from_url(args.db) as store:
        if store.counts()["documents"]:
            sys.exit(f"{args.db} already holds documents; pass a fresh store")
        result = fill(store, args.n, args.seed, args.actors)
        if args.relations:
            from realpolitik.api import refresh_relations

            start = time.perf_counter()
            refresh_relations(store)
            result["relations_seconds"] = round(time.perf_counter() - start, 1)
        elif args.relations_from:
            result["relations_copied"] = copy_relations(store, args.relations_from)
        if args.analyze:
            result["analyze_seconds"] = analyze(store)
        result["rows"] = store.counts()
    print(result)


if __name__ == "__main__":
    main()
