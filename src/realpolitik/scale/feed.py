"""Keep a store current with RSS/Atom feeds: fetch each new entry's article and code it.

The publication date comes from the feed entry (its published, else updated, date), falling
back to the page's own metadata. A document's id is derived from its URL, so an article is one
document however often it is fetched. An entry is done once its document is stored; the state
record (see `state.py`) then keeps it from being fetched again. An article that cannot be
fetched or has no article text is retried on later polls, `MAX_ATTEMPTS` times in all.

Article pages are fetched `FETCH_THREADS` at a time, ahead of the coding, in feed order; only
the main thread touches the state and the store, so what a crash leaves is as before: an
entry counts as done only once its document is stored.
"""

from __future__ import annotations

import hashlib
import itertools
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import feedparser

from realpolitik import __version__
from realpolitik.api import IngestReport, get_engine
from realpolitik.engine import map_in_order
from realpolitik.ingest import IngestError, clean_text, normalise_date
from realpolitik.ingest.decode import decode
from realpolitik.ingest.html import extract
from realpolitik.model import Document
from realpolitik.nlp import DEFAULT_MODEL
from realpolitik.scale import sink
from realpolitik.scale.coding import code_safely
from realpolitik.scale.state import State, default_path, locked
from realpolitik.store import Store

if TYPE_CHECKING:
    import httpx

MAX_ATTEMPTS = 3
FETCH_THREADS = 4  # pages in flight at once: overlaps network waits, stays polite to sites
USER_AGENT = f"realpolitik/{__version__} (feed reader)"


@dataclass(frozen=True)
class Entry:
    """What a feed says about one article."""

    url: str
    title: str | None
    date: str | None


def feed(
    urls: Sequence[str],
    db: str,
    interval: float = 300.0,
    once: bool = False,
    state_path: str | Path | None = None,
    timeout: float = 20.0,
    model: str = DEFAULT_MODEL,
    actor_files: Sequence[str] = (),
    progress: sink.Progress | None = None,
    report: IngestReport | None = None,
) -> IngestReport:
    """Code and store the articles the feeds at `urls` list, polling every `interval` seconds
    (one pass with `once`); runs until interrupted otherwise. What was done goes into `report`
    as it happens, so a caller that interrupts the loop still has it."""
    state_file = Path(state_path) if state_path else default_path(db, "feed")
    report = report if report is not None else IngestReport()
    note = progress or sink.quiet
    headers = {"User-Agent": USER_AGENT}
    import httpx  # a dependency of this command only

    with (
        locked(state_file) as state,
        Store.from_url(db) as store,
        httpx.Client(timeout=timeout, follow_redirects=True, headers=headers) as client,
    ):
        sink.rebuild_if_stale(store, state, actor_files)
        while True:
            poll(urls, client, store, state, (model, tuple(actor_files)), report, note)
            if once:
                return report
            time.sleep(interval)


def poll(
    urls: Sequence[str],
    client: httpx.Client,
    store: Store,
    state: State,
    pipeline: tuple[str, tuple[str, ...]],
    report: IngestReport,
    note: sink.Progress,
) -> None:
    """One pass over every feed: new entries fetched, coded, stored; then the relations."""
    update = sink.RelationsUpdate()
    entries = _new_entries(urls, client, state, report, note)
    docs = _documents(entries, client, store, state, report, note)
    first = next(docs, None)
    if first is not None:  # load the engine (seconds) only when there is something to code
        for doc, coded in code_safely(get_engine(*pipeline), itertools.chain([first], docs)):
            if isinstance(coded, str):
                _failed(str(doc.source), f"{doc.source}: {coded}", state, report, note)
            elif sink.save(store, coded, report, note, update) != "failed":
                state.mark(str(doc.source), done=True, doc_id=doc.id, hash=doc.hash)
    update.apply(store, pipeline[1])  # also takes in what a stopped `ingest` left pending
    state.set_stale(False)


def _new_entries(
    urls: Sequence[str],
    client: httpx.Client,
    state: State,
    report: IngestReport,
    note: sink.Progress,
) -> Iterator[Entry]:
    """Entries of every feed not done yet, each URL once."""
    seen: set[str] = set()
    for url in urls:
        try:
            entries = read_feed(url, client)
        except FeedError as exc:
            report.failures.append(str(exc))
            note(url, "failed")
            continue
        for entry in entries:
            if entry.url not in seen and not state.items.get(entry.url, {}).get("done"):
                seen.add(entry.url)
                yield entry


def _documents(
    entries: Iterator[Entry],
    client: httpx.Client,
    store: Store,
    state: State,
    report: IngestReport,
    note: sink.Progress,
) -> Iterator[Document]:
    """Fetched articles not stored yet; fetch failures are counted against the entry."""
    for entry, item in fetched(entries, client):
        if isinstance(item, IngestError):
            _failed(entry.url, str(item), state, report, note)
        elif store.has_document(item.hash):
            report.unchanged += 1
            note(item.id, "unchanged")
            state.mark(entry.url, done=True, doc_id=item.id, hash=item.hash)
        else:
            state.set_stale(True)
            yield item


def fetched(
    entries: Iterator[Entry], client: httpx.Client, threads: int = FETCH_THREADS
) -> Iterator[tuple[Entry, Document | IngestError]]:
    """Each entry with its article, in feed order, fetched on `threads` threads; at most
    `threads` pages wait unread, so memory stays bounded however long the feed."""
    with ThreadPoolExecutor(threads, thread_name_prefix="realpolitik-fetch") as pool:
        yield from map_in_order(pool, lambda e: fetch_article(e, client), entries, threads + 1)


def _failed(
    url: str, message: str, state: State, report: IngestReport, note: sink.Progress
) -> None:
    attempts = int(state.items.get(url, {}).get("attempts", 0)) + 1
    gave_up = attempts >= MAX_ATTEMPTS
    state.mark(url, done=gave_up, attempts=attempts, error=message)
    suffix = f" (attempt {attempts} of {MAX_ATTEMPTS}{'; giving up' if gave_up else ''})"
    report.failures.append(message + suffix)
    note(url, "failed")


class FeedError(Exception):
    """A feed that cannot be fetched or read, in one line with its fix."""


def read_feed(url: str, client: httpx.Client) -> list[Entry]:
    """The entries of the RSS or Atom feed at `url`, links made absolute."""
    import httpx

    try:
        response = client.get(url)
        response.raise_for_status()
    except httpx.HTTPError as exc:
        raise FeedError(f"{url}: cannot fetch the feed ({exc}); check the URL") from exc
    parsed = feedparser.parse(
        response.content,
        response_headers={
            "content-location": str(response.url),
            "content-type": response.headers.get("content-type", "application/xml"),
        },
    )
    if parsed.bozo and not parsed.entries:
        raise FeedError(f"{url}: not an RSS or Atom feed; check the URL")
    return [entry for raw in parsed.entries if (entry := _entry(raw)) is not None]


def _entry(raw: Any) -> Entry | None:
    link = raw.get("link")
    if not link:
        return None
    return Entry(url=str(link), title=(raw.get("title") or "").strip() or None, date=_date(raw))


def _date(raw: Any) -> str | None:
    """The day the feed printed (feedparser's parsed dates are shifted to UTC)."""
    for key in ("published", "updated"):
        printed = raw.get(key)
        if printed and (day := normalise_date(str(printed))):
            return day
    when = raw.get("published_parsed") or raw.get("updated_parsed")
    return time.strftime("%Y-%m-%d", when) if when else None


def fetch_article(entry: Entry, client: httpx.Client) -> Document | IngestError:
    """The entry's article page as a Document, or the reason it could not be had."""
    import httpx

    try:
        response = client.get(entry.url)
        response.raise_for_status()
    except httpx.HTTPError as exc:
        return IngestError(entry.url, f"cannot fetch the article ({exc})")
    html = response.text if response.charset_encoding else decode(response.content)[0]
    return article_document(entry, html)


def article_document(entry: Entry, html: str) -> Document | IngestError:
    """Article text of a fetched page; the feed's date and title win over the page's own."""
    try:
        page = extract(html)
    except Exception as err:  # trafilatura/lxml on garbage: report, never stop the feed
        return IngestError(entry.url, f"could not parse the page ({type(err).__name__})")
    text = clean_text(page.text) if page is not None else ""
    if page is None or not text:
        return IngestError(entry.url, "no article text found on the page")
    return Document(
        id=document_id(entry.url),
        text=text,
        date=entry.date or (normalise_date(page.date) if page.date else None),
        url=entry.url,
        title=entry.title or page.title,
        source=entry.url,
    )


def document_id(url: str) -> str:
    """A stable id per URL, readable enough to tell the site: "example.org-3fa2c19e04d1"."""
    host = urlsplit(url).hostname or "feed"
    return f"{host}-{hashlib.sha256(url.encode('utf-8')).hexdigest()[:12]}"
