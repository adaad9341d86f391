"""Loopback load test of `realpolitik serve`: N concurrent readers hit the API while the
sample corpus is ingested, by POST /api/ingest (default) or by a parallel `realpolitik
ingest` process. Reports requests/s, latency percentiles, errors, and checks that every
article landed with all its events (nothing lost).

    .venv/bin/python benchmarks/load.py [--readers 8] [--writer post|cli] [--db URL]
                                        [--corpus samples/corpus] [--max-seconds 300]
                                        [--json out.json]

Bounded: the server listens on 127.0.0.1 only, readers are capped at 64, and the run
stops after --max-seconds whatever happens. Without --db a fresh SQLite file is used.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from statistics import quantiles
from typing import Any

import httpx

from realpolitik.ingest import IngestError, read_documents
from realpolitik.model import Document

ROOT = Path(__file__).resolve().parents[1]
READ_PATHS = (
    "/api/events?limit=50",
    "/api/events?q=Iran&limit=20",
    "/api/actors?limit=50",
    "/api/relations?limit=50",
    "/api/network",
    "/api/documents?limit=50",
    "/api/pairs/IRN/ISR?limit=20",
)
MAX_READERS = 64


@dataclass
class Tally:
    """Latencies and failures, shared by the reader threads."""

    latencies: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, seconds: float, error: str | None) -> None:
        with self.lock:
            self.latencies.append(seconds)
            if error:
                self.errors[error] += 1


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-c", "from realpolitik.cli import main; main()", *args]


def start_server(db: str, port: int, token: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "REALPOLITIK_TOKEN": token}
    proc = subprocess.Popen(_cli("serve", "--db", db, "--port", str(port)), env=env)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        if proc.poll() is not None:
            raise SystemExit(f"error: the server exited with {proc.returncode}; see its output")
        try:
            if httpx.get(f"{base}/api/documents?limit=1", timeout=2).status_code == 200:
                return proc
        except httpx.TransportError:
            time.sleep(0.2)
    proc.terminate()
    raise SystemExit("error: the server did not answer within 60 s")


def reader(base: str, stop: threading.Event, tally: Tally, offset: int) -> None:
    with httpx.Client(base_url=base, timeout=30) as client:
        i = offset
        while not stop.is_set():
            path = READ_PATHS[i % len(READ_PATHS)]
            i += 1
            start = time.perf_counter()
            try:
                status = client.get(path).status_code
                error = None if status == 200 else f"{path.split('?')[0]} -> {status}"
            except httpx.HTTPError as exc:
                error = f"{path.split('?')[0]} -> {type(exc).__name__}"
            tally.add(time.perf_counter() - start, error)


def corpus(paths: list[str]) -> list[Document]:
    docs = []
    for item in read_documents(paths):
        if isinstance(item, IngestError):
            raise SystemExit(f"error: {item}")
        docs.append(item)
    return docs


def post_all(base: str, token: str, docs: list[Document]) -> dict[str, int]:
    """POST every article; returns id -> events the server reported coding."""
    coded: dict[str, int] = {}
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=base, timeout=300, headers=headers) as client:
        for d in docs:
            body = {"id": d.id, "text": d.text, "date": d.date, "title": d.title, "url": d.url}
            response = client.post("/api/ingest", json=body)
            if response.status_code not in (200, 201):
                raise SystemExit(f"error: ingest of {d.id} failed: {response.text}")
            coded[d.id] = response.json()["events"]
    return coded


def ingest_process(db: str, paths: list[str]) -> None:
    done = subprocess.run(_cli("ingest", *paths, "--db", db), capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"error: realpolitik ingest failed: {done.stderr.strip()}")


def check_stored(base: str, docs: list[Document], coded: dict[str, int]) -> dict[str, Any]:
    """Every article is stored, with the events its ingest reported (POST writer)."""
    lost, short = [], []
    with httpx.Client(base_url=base, timeout=30) as client:
        for d in docs:
            response = client.get(f"/api/documents/{d.id}")
            if response.status_code != 200:
                lost.append(d.id)
            elif d.id in coded and len(response.json()["events"]) != coded[d.id]:
                short.append(d.id)
        total = client.get("/api/documents?limit=1").json()["total"]
        relations = client.get("/api/relations?limit=1").json()["total"]
    return {"documents_stored": total, "lost": lost, "events_mismatch": short,
            "relations": relations}  # fmt: skip


def summarise(tally: Tally, seconds: float) -> dict[str, Any]:
    lat = sorted(tally.latencies)
    cuts = quantiles(lat, n=100) if len(lat) >= 2 else lat * 99
    return {
        "requests": len(lat),
        "seconds": round(seconds, 2),
        "requests_per_s": round(len(lat) / seconds, 1) if seconds else 0.0,
        "p50_ms": round(cuts[49] * 1000, 1) if lat else None,
        "p95_ms": round(cuts[94] * 1000, 1) if lat else None,
        "max_ms": round(lat[-1] * 1000, 1) if lat else None,
        "errors": sum(tally.errors.values()),
        "error_kinds": dict(tally.errors),
    }


def run(args: argparse.Namespace) -> dict[str, Any]:
    readers = min(args.readers, MAX_READERS)
    tmp = tempfile.TemporaryDirectory()
    db = args.db or f"sqlite:///{Path(tmp.name) / 'load.db'}"
    docs = corpus(args.corpus)
    token = secrets.token_urlsafe(16)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(db, port, token)
    stop, tally = threading.Event(), Tally()
    threads = [threading.Thread(target=reader, args=(base, stop, tally, i), daemon=True)
               for i in range(readers)]  # fmt: skip
    coded: dict[str, int] = {}
    try:
        timer = threading.Timer(args.max_seconds, stop.set)
        timer.start()
        started = time.perf_counter()
        for t in threads:
            t.start()
        if args.writer == "post":
            coded = post_all(base, token, docs)
        else:
            ingest_process(db, args.corpus)
        ingest_seconds = time.perf_counter() - started
        stop.set()
        timer.cancel()
        for t in threads:
            t.join(timeout=60)
        elapsed = time.perf_counter() - started
        result = {
            "readers": readers, "writer": args.writer, "articles": len(docs),
            "ingest_seconds": round(ingest_seconds, 2), **summarise(tally, elapsed),
            **check_stored(base, docs, coded),
        }  # fmt: skip
    finally:
        stop.set()
        server.terminate()
        server.wait(timeout=30)
        tmp.cleanup()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--readers", type=int, default=8, help="concurrent reader threads")
    parser.add_argument("--writer", choices=("post", "cli"), default="post")
    parser.add_argument("--db", help="store URL (default: a fresh temporary SQLite file)")
    parser.add_argument("--corpus", nargs="+", default=[str(ROOT / "samples" / "corpus")])
    parser.add_argument("--max-seconds", type=float, default=300.0)
    parser.add_argument("--json", help="also write the result to this file")
    args = parser.parse_args()
    if args.readers < 1:
        parser.error("--readers must be at least 1")
    result = run(args)
    print(json.dumps(result, indent=2))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    if result["lost"] or result["events_mismatch"] or result["errors"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
