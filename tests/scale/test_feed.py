"""`feed`: RSS entries fetched from a local web server, coded, stored once, and a crash
midway losing and doubling nothing."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
from scale_helpers import (
    article_html,
    cli_process,
    count_rows,
    duplicate_ids,
    kill_after_first_document,
    publish,
    sample_records,
)

from realpolitik.ingest import IngestError
from realpolitik.scale.feed import MAX_ATTEMPTS, Entry, document_id, feed, fetched
from realpolitik.store import Store

FEED_DATES = [f"2024-05-{day:02d}" for day in range(1, 11)]


def test_entries_are_stored_once_with_the_feed_date(site: tuple[str, Path], tmp_path: Path) -> None:
    base, root = site
    records = sample_records()[:3]
    url = f"{base}/{publish(root, records, FEED_DATES[:3])}"
    db = str(tmp_path / "live.db")
    first = feed([url], db, once=True)
    assert (first.stored, first.failures) == (3, [])
    again = feed([url, url], db, once=True)
    assert (again.stored, again.unchanged, again.failures) == (0, 0, [])  # not even fetched
    with Store.from_url(db) as store:
        docs = {d["id"]: d for d in store.documents()}
        for record, day in zip(records, FEED_DATES, strict=False):
            link = f"{base}/articles/{record['id']}.html"
            doc = docs[document_id(link)]
            assert (doc["url"], doc["date"], doc["title"]) == (link, day, record["title"])
        assert store.counts()["events"] > 0 and store.relations()


def test_unreachable_articles_are_retried_then_given_up(
    site: tuple[str, Path], tmp_path: Path
) -> None:
    base, root = site
    records = sample_records()[:2]
    url = f"{base}/{publish(root, records, FEED_DATES[:2])}"
    (root / "articles" / f"{records[1]['id']}.html").unlink()
    db = str(tmp_path / "live.db")
    reports = [feed([url], db, once=True) for _ in range(MAX_ATTEMPTS + 1)]
    assert [r.stored for r in reports] == [1, 0, 0, 0]
    assert [len(r.failures) for r in reports] == [1] * MAX_ATTEMPTS + [0]
    assert "404" in reports[0].failures[0] and "giving up" in reports[-2].failures[0]


def test_a_page_that_is_not_a_feed_is_reported(site: tuple[str, Path], tmp_path: Path) -> None:
    base, root = site
    (root / "index.html").write_text("<html><body><p>Hello</p></body></html>")
    missing = feed([f"{base}/nothing.xml"], str(tmp_path / "a.db"), once=True)
    assert "cannot fetch the feed" in missing.failures[0] and "404" in missing.failures[0]
    page = feed([f"{base}/index.html"], str(tmp_path / "b.db"), once=True)
    assert page.failures == [f"{base}/index.html: not an RSS or Atom feed; check the URL"]


def test_killed_midway_then_restarted_loses_and_doubles_nothing(
    site: tuple[str, Path], tmp_path: Path
) -> None:
    base, root = site
    url = f"{base}/{publish(root, sample_records(), FEED_DATES)}"
    db_file = tmp_path / "live.db"
    args = ("feed", url, "--db", str(db_file), "--once")
    at_kill = kill_after_first_document(args, tmp_path, db_file)
    assert 1 <= at_kill < 10
    rerun = cli_process(*args, cwd=tmp_path)
    _, stderr = rerun.communicate(timeout=600)
    assert rerun.returncode == 0, stderr.decode()
    assert count_rows(db_file) == 10 and duplicate_ids(db_file) == []
    reference = str(tmp_path / "reference.db")
    feed([url], reference, once=True)
    with Store.from_url(str(db_file)) as got, Store.from_url(reference) as want:
        assert [e.to_contract() for e in got.events()] == [e.to_contract() for e in want.events()]
        assert got.relations() == want.relations()


class _PairedHandler(SimpleHTTPRequestHandler):
    """Serves an article only once another request is being served at the same time: a
    reader that fetches one page after the other gets 503s."""

    pair = threading.Barrier(2, timeout=5)

    def do_GET(self) -> None:  # noqa: N802
        try:
            self.pair.wait()
        except threading.BrokenBarrierError:
            self.send_error(503, "fetched alone")
            return
        super().do_GET()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


def _serve(root: Path) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_PairedHandler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_articles_are_fetched_side_by_side_and_come_back_in_feed_order(tmp_path: Path) -> None:
    records = sample_records()[:4]
    for record in records:
        (tmp_path / f"{record['id']}.html").write_text(article_html(record), encoding="utf-8")
    for base in _serve(tmp_path):
        entries = [Entry(f"{base}/{r['id']}.html", r["title"], "2024-05-01") for r in records]
        with httpx.Client(timeout=10) as client:
            found = list(fetched(iter(entries), client, threads=2))
    assert [entry for entry, _ in found] == entries
    assert not [item for _, item in found if isinstance(item, IngestError)]
    assert [item.title for _, item in found] == [r["title"] for r in records]
