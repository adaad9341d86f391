"""Helpers for the scale tests: the sample corpus as records, HTML pages and a feed, counting
a store another process writes, and running the CLI as a real subprocess."""

from __future__ import annotations

import html
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import pytest

from realpolitik.ingest import parse_front_matter

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples" / "corpus"
CLI = [sys.executable, "-c", "from realpolitik.cli import main; main()"]


def sample_records() -> list[dict[str, Any]]:
    """The bundled sample articles as {id, text, date, url, title} records."""
    out = []
    for path in sorted(SAMPLES.glob("*.txt")):
        meta, body = parse_front_matter(path.read_text(encoding="utf-8"))
        out.append({"id": meta["id"], "text": body, "date": meta.get("date"),
                    "url": meta.get("url"), "title": meta.get("title")})  # fmt: skip
    return out


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for record in records:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def count_rows(db_file: Path, table: str = "documents") -> int:
    """Rows in a table of a SQLite store another process may be writing (0 before it exists)."""
    if not db_file.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db_file}?mode=ro", uri=True, timeout=10) as conn:
            return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    except sqlite3.OperationalError:  # schema not created yet
        return 0


def duplicate_ids(db_file: Path) -> list[str]:
    with sqlite3.connect(f"file:{db_file}?mode=ro", uri=True) as conn:
        rows = conn.execute("SELECT id FROM documents GROUP BY content_hash HAVING count(*) > 1")
        return [r[0] for r in rows]


def cli_process(*args: str, cwd: Path) -> subprocess.Popen[bytes]:
    """`realpolitik ARGS` as a real process, as a user would run it."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [*CLI, *args], cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def kill_after_first_document(args: tuple[str, ...], cwd: Path, db_file: Path) -> int:
    """Run `realpolitik ARGS`, SIGKILL it as soon as it has stored a document, and return how
    many documents the store holds then; fails the test if the run ends before that."""
    proc = cli_process(*args, cwd=cwd)
    deadline = time.monotonic() + 300
    while count_rows(db_file) < 1 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    if proc.poll() is not None:
        stderr = proc.communicate()[1].decode(errors="replace")[-3000:]
        pytest.fail(f"{args[0]} ended (exit {proc.returncode}) before it could be killed: {stderr}")
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    return count_rows(db_file)


# ---- a local web server with a feed and its articles ---------------------------------------


def article_html(record: dict[str, Any], meta_date: str = "2001-01-01") -> str:
    """A plain news page; its metadata date is deliberately not the feed's, to see which wins."""
    paragraphs = [p.strip() for p in record["text"].split("\n\n") if p.strip()][1:]
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    title = html.escape(record["title"])
    return (
        f"<!doctype html><html><head><title>{title}</title>"
        f'<meta property="article:published_time" content="{meta_date}">'
        f"</head><body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>{title}</h1>\n{body}\n</article>"
        f"<footer>Copyright example.org</footer></body></html>"
    )


def rss(items: list[tuple[str, str, str]]) -> str:
    """An RSS 2.0 feed of (title, relative link, YYYY-MM-DD) items."""

    def item(title: str, link: str, day: str) -> str:
        when = format_datetime(datetime.fromisoformat(day).replace(hour=9, tzinfo=UTC))
        return (f"<item><title>{html.escape(title)}</title><link>{link}</link>"
                f"<guid>{link}</guid><pubDate>{when}</pubDate></item>")  # fmt: skip

    entries = "".join(item(*i) for i in items)
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>Test wire</title><link>/</link><description>t</description>{entries}"
        "</channel></rss>"
    )


def publish(root: Path, records: list[dict[str, Any]], feed_dates: list[str]) -> str:
    """Write an article page per record and a feed listing them; returns the feed path."""
    (root / "articles").mkdir(exist_ok=True)
    items = []
    for record, day in zip(records, feed_dates, strict=True):
        name = f"articles/{record['id']}.html"
        (root / name).write_text(article_html(record), encoding="utf-8")
        items.append((record["title"], name, day))
    (root / "feed.xml").write_text(rss(items), encoding="utf-8")
    return "feed.xml"
