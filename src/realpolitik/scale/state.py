"""The small record that lets `watch` and `feed` resume after a crash.

The store alone already makes reprocessing harmless (a stored text is skipped by its content
hash, a document id is stored once). The state record makes it cheap: it lists the files and
URLs already done, so a restart neither rereads nor refetches them. It is written after the
store commits, atomically (a temporary file, then `os.replace`), so a crash leaves either the
old record or the new one; the worst case is one item redone, never one lost or doubled.

A second process on the same record would overwrite the first one's entries, so the record is
held under an exclusive lock for as long as a command runs.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from realpolitik.store.store import normalize_url

VERSION = 1


class StateError(Exception):
    """The state record cannot be used; the message says how to fix it."""


def default_path(db: str, kind: str) -> Path:
    """Next to a SQLite file (`demo.db.watch-state.json`); else in the working directory."""
    url = make_url(normalize_url(db))
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        path = Path(str(url.database))
        return path.with_name(f"{path.name}.{kind}-state.json")
    digest = hashlib.sha256(url.render_as_string(hide_password=True).encode()).hexdigest()
    return Path.cwd() / f".realpolitik-{kind}-{digest[:12]}.json"


class State:
    """Items done (path or URL -> what was seen), and whether relations need recomputing."""

    def __init__(self, path: Path, data: dict[str, Any]) -> None:
        self.path = path
        self.items: dict[str, dict[str, Any]] = data.get("items", {})
        self.relations_stale: bool = bool(data.get("relations_stale", False))

    @classmethod
    def load(cls, path: Path) -> State:
        if not path.exists():
            return cls(path, {})
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise StateError(
                f"{path}: unreadable state record ({exc}); delete it to start over "
                "(nothing already stored will be stored twice)"
            ) from exc
        if not isinstance(data, dict) or data.get("version") != VERSION:
            raise StateError(f"{path}: not a realpolitik state record (version {VERSION})")
        return cls(path, data)

    def save(self) -> None:
        """Write the record atomically: readers see the old file or the new one, never half."""
        data = {"version": VERSION, "relations_stale": self.relations_stale, "items": self.items}
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, separators=(",", ":"))
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.path)

    def mark(self, key: str, **seen: Any) -> None:
        self.items[key] = seen
        self.save()

    def set_stale(self, stale: bool) -> None:
        if self.relations_stale != stale:
            self.relations_stale = stale
            self.save()


@contextlib.contextmanager
def locked(path: Path) -> Iterator[State]:
    """The state at `path`, held exclusively until the block ends (POSIX advisory lock)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lock_path = path.with_name(f".{path.name}.lock")
    with open(lock_path, "a+") as lock:
        _lock(lock.fileno(), path)
        yield State.load(path)


def _lock(fd: int, path: Path) -> None:
    try:
        import fcntl
    except ImportError:  # not POSIX: run unlocked
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        raise StateError(
            f"{path} is in use by another running watch/feed; stop it, or pass another --state"
        ) from exc
