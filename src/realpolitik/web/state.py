"""What every request shares: the open store, the settings, and the locks around coding.

One `Store` per app keeps one connection pool for all requests. The spaCy engine is not
shared between threads safely, so coding runs under a lock; ingests are serialised too,
because each one rebuilds the relations cache from the whole store.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from fastapi import Request

from realpolitik.store import Store

DEFAULT_MAX_UPLOAD_BYTES = 2_000_000


@dataclass
class WebState:
    """The app's shared state, kept on `app.state.web`."""

    db: str
    store: Store
    token: str | None = None
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD_BYTES
    engine_lock: threading.Lock = field(default_factory=threading.Lock)
    ingest_lock: threading.Lock = field(default_factory=threading.Lock)


def web_state(request: Request) -> WebState:
    """FastAPI dependency: the state of the app serving this request."""
    state: WebState = request.app.state.web
    return state
