"""Latency of the main store queries on a big store (make one with benchmarks/make_events.py).

Times, through the public Store API, what the API and the workbench ask for: the first page of
all events and of the event groups; the first page of the busiest actor's and a rare actor's
events, and all of a middling and a rare actor's; all events of a pair (the dyad timeline);
events in a one-month date range (the network view), alone and for the busiest actor; the
actor list with its counts; and the relations cache (all, and one actor's). Each as the median
and the worst of --repeat calls after one warm-up call.

    .venv/bin/python benchmarks/query_latency.py --db sqlite:///big.db [--repeat 5] [--limit 100]
        [--skip actors,relations] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from realpolitik.store import Store
from realpolitik.store.schema import event_participants


def timed(repeat: int, call: Callable[[], list[Any]]) -> dict[str, Any]:
    rows = len(call())  # warm-up: caches and the query plan
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return {"rows": rows, "median_ms": round(statistics.median(times), 1),
            "max_ms": round(max(times), 1)}  # fmt: skip


def actors_by_activity(store: Store) -> list[tuple[str, int]]:
    """(actor id, participations), busiest first."""
    p = event_participants.c
    q = (
        select(p.actor_id, func.count().label("n"))
        .group_by(p.actor_id)
        .order_by(func.count().desc(), p.actor_id)
    )
    with store.engine.connect() as conn:
        return [(r[0], r[1]) for r in conn.execute(q)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--limit", type=int, default=100, help="page size")
    parser.add_argument("--skip", default="", help="comma-separated first words: actors, ...")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    with Store.from_url(args.db) as store:
        counts = store.counts()
        ranked = actors_by_activity(store)
        busiest, middle, rare = ranked[0][0], ranked[len(ranked) // 2][0], ranked[-1][0]
        second = ranked[1][0]
        r, lim = args.repeat, args.limit
        picked = {"busiest": ranked[0], "middle": ranked[len(ranked) // 2], "rare": ranked[-1]}
        results: dict[str, Any] = {"store": counts, "actors": picked}
        queries: dict[str, Callable[[], list[Any]]] = {
            f"events first page limit={lim}": lambda: store.events(limit=lim),
            f"event groups first page limit={lim}": lambda: store.event_groups(limit=lim),
            f"events actor={busiest} limit={lim}": lambda: store.events(actor=busiest, limit=lim),
            f"events actor={rare} limit={lim}": lambda: store.events(actor=rare, limit=lim),
            f"events actor={middle} (all)": lambda: store.events(actor=middle),
            f"events actor={rare} (all)": lambda: store.events(actor=rare),
            f"events pair=({busiest},{second}) (all)": lambda: store.events(pair=(busiest, second)),
            f"events pair=({busiest},{middle}) (all)": lambda: store.events(pair=(busiest, middle)),
            "events since=2020-03 until=2020-03 (all)": lambda: store.events(
                since="2020-03", until="2020-03"
            ),
            f"events actor={busiest} since=2020-03 until=2020-03": lambda: store.events(
                actor=busiest, since="2020-03", until="2020-03"
            ),
            "actors (all, with counts)": lambda: store.actors(),
            "relations (all)": lambda: store.relations(),
            f"relations actor={busiest}": lambda: store.relations(actor=busiest),
        }
        skip = {s for s in args.skip.split(",") if s}
        queries = {k: v for k, v in queries.items() if k.split()[0] not in skip}
        for name, call in queries.items():
            results[name] = timed(r, call)
            print(f"{name:55} {results[name]}")
    print(json.dumps(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
