"""Keep a store current with a folder: code every article file that appears in it.

Polling, not file-system events, so it works the same on network mounts and in containers.
A file is read only once it is stable: unchanged for `settle` seconds, so a file still being
copied or written is left for a later pass. A file is done once its documents are stored; the
state record (see `state.py`) then remembers its size and modification time, and it is read
again only when those change. Kill it at any point and start it again: the store's
per-document transactions and content hashes keep anything from being lost or doubled.
"""

from __future__ import annotations

import itertools
import os
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

from realpolitik.api import IngestReport, get_engine
from realpolitik.ingest import IngestError, read_documents
from realpolitik.model import Document
from realpolitik.nlp import DEFAULT_MODEL
from realpolitik.scale import sink
from realpolitik.scale.coding import code_safely
from realpolitik.scale.state import State, default_path, locked
from realpolitik.store import Store
from realpolitik.store.store import normalize_url

# Names that downloaders, editors and atomic writers use for files not finished yet.
_PARTIAL_SUFFIXES = (".tmp", ".part", ".partial", ".crdownload", ".swp", ".lock", "~")


@dataclass(frozen=True)
class Settings:
    """How files become documents: the fallback publication date and the pipeline to use."""

    date: str | None = None
    model: str = DEFAULT_MODEL
    actor_files: tuple[str, ...] = ()
    settle: float = 2.0


def watch(
    directory: str | Path,
    db: str,
    interval: float = 5.0,
    once: bool = False,
    settle: float = 2.0,
    state_path: str | Path | None = None,
    date: str | None = None,
    model: str = DEFAULT_MODEL,
    actor_files: Sequence[str] = (),
    progress: sink.Progress | None = None,
    report: IngestReport | None = None,
) -> IngestReport:
    """Code and store the articles in `directory` as they appear, polling every `interval`
    seconds (one pass with `once`); runs until interrupted otherwise. What was done goes into
    `report` as it happens, so a caller that interrupts the loop still has it."""
    root = Path(directory)
    if not root.is_dir():
        raise NotADirectoryError(f"{root}: not a directory; pass the folder to watch")
    settings = Settings(date, model, tuple(actor_files), settle)
    state_file = Path(state_path) if state_path else default_path(db, "watch")
    report = report if report is not None else IngestReport()
    note = progress or sink.quiet
    with locked(state_file) as state, Store.from_url(db) as store:
        skip = _own_files(db, state_file)
        sink.rebuild_if_stale(store, state, settings.actor_files)
        while True:
            scan(root, store, state, settings, report, note, skip)
            if once:
                return report
            time.sleep(interval)


def scan(
    root: Path,
    store: Store,
    state: State,
    settings: Settings,
    report: IngestReport,
    note: sink.Progress,
    skip: frozenset[Path] = frozenset(),
) -> None:
    """One pass: every stable file not done yet, then the relations of the pairs it touched."""
    update = sink.RelationsUpdate()
    for path in candidates(root, skip):
        try:
            stat = path.stat()
        except OSError:  # gone since the listing
            continue
        key = str(path.absolute())
        if _seen(state, key, stat):
            continue
        if time.time() - stat.st_mtime < settings.settle:
            note(str(path), "growing")
            continue
        _ingest_file(path, key, stat, store, state, settings, report, note, update)
    update.apply(store, settings.actor_files)  # also takes in what a stopped `ingest` left pending
    state.set_stale(False)


def candidates(root: Path, skip: frozenset[Path] = frozenset()) -> Iterator[Path]:
    """Files under `root` in sorted order, leaving out hidden, partial and `skip` files."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if name.startswith(".") or name.endswith(_PARTIAL_SUFFIXES):
                continue
            if path.absolute() not in skip:
                yield path


def _seen(state: State, key: str, stat: os.stat_result) -> bool:
    seen = state.items.get(key)
    return seen is not None and (seen["size"], seen["mtime_ns"]) == (
        stat.st_size,
        stat.st_mtime_ns,
    )


def _ingest_file(
    path: Path,
    key: str,
    stat: os.stat_result,
    store: Store,
    state: State,
    settings: Settings,
    report: IngestReport,
    note: sink.Progress,
    update: sink.RelationsUpdate,
) -> None:
    """Store the file's new documents; record the file as done unless it changed meanwhile."""
    errors: list[str] = []
    hashes: list[str] = []
    items = read_documents([path], date=settings.date)
    fresh = _fresh(items, store, state, errors, hashes, report, note)
    first = next(fresh, None)
    if first is not None:  # load the engine (seconds) only when there is something to code
        engine = get_engine(settings.model, settings.actor_files)
        for doc, coded in code_safely(engine, itertools.chain([first], fresh)):
            if isinstance(coded, str):
                errors.append(f"{doc.source or path} ({doc.id}): {coded}")
            else:
                sink.save(store, coded, report, note, update)
    report.failures += errors
    for message in errors:
        note(str(path), f"failed: {message}")
    after = path.stat() if path.exists() else None
    if after is None or (after.st_size, after.st_mtime_ns) != (stat.st_size, stat.st_mtime_ns):
        note(str(path), "changed while read; again on the next pass")
        return
    state.mark(key, size=stat.st_size, mtime_ns=stat.st_mtime_ns, hashes=hashes, errors=errors)
    note(str(path), "done")


def _fresh(
    items: Iterable[Document | IngestError],
    store: Store,
    state: State,
    errors: list[str],
    hashes: list[str],
    report: IngestReport,
    note: sink.Progress,
) -> Iterator[Document]:
    """Documents not stored yet; the store is marked stale before the first one goes in."""
    for item in items:
        if isinstance(item, IngestError):
            errors.append(str(item))
            continue
        hashes.append(item.hash)
        if store.has_document(item.hash):
            report.unchanged += 1
            note(item.id, "unchanged")
            continue
        state.set_stale(True)
        yield item


def _own_files(db: str, state_file: Path) -> frozenset[Path]:
    """The store's and the state's files, never to be read as articles if they sit in the
    watched folder."""
    own = {state_file.absolute()}
    url = make_url(normalize_url(db))
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        base = Path(str(url.database)).absolute()
        own |= {base, *(base.with_name(base.name + s) for s in ("-wal", "-shm", "-journal"))}
    return frozenset(own)
