"""Latency of the main store queries on a big store (make one with benchmarks/make_events.py).

Times, through the public Store API, events by actor (the busiest actor, a middling one and a
rare one), events of a pair, events in a one-month date range, and the relations cache (all, and
one actor's), each as the median and the worst of --repeat calls after one warm-up call.

    .venv/bin/python benchmarks/query_latency.py --db sqlite:///big.db [--repeat 5] [--limit 100]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
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
    parser.add_argument("--limit", type=int, default=100, help="page size for actor queries")
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
            f"events actor={busiest} limit={lim}": lambda: store.events(actor=busiest, limit=lim),
            f"events actor={middle} (all)": lambda: store.events(actor=middle),
            f"events actor={rare} (all)": lambda: store.events(actor=rare),
            f"events pair=({busiest},{second}) (all)": lambda: store.events(pair=(busiest, second)),
            "events since=2020-03 until=2020-03 (all)": lambda: store.events(
                since="2020-03", until="2020-03"
            ),
            f"events actor={busiest} since=2020-03 until=2020-03": lambda: store.events(
                actor=busiest, since="2020-03", until="2020-03"
            ),
            "relations (all)": lambda: store.relations(),
            f"relations actor={busiest}": lambda: store.relations(actor=busiest),
        }
        for name, call in queries.items():
            results[name] = timed(r, call)
            print(f"{name:55} {results[name]}")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
