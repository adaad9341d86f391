"""Two reads the web needs and `Store` does not offer yet: a document's sentences and an
actor's aliases. Parameterised SQLAlchemy Core over the store's own schema and engine;
they belong in `Store` (proposed as `Store.sentences` and `Store.aliases`) and move there
once it has them.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from realpolitik.store import Store, StoreError
from realpolitik.store.schema import aliases, sentences


def document_sentences(store: Store, doc_id: str) -> list[dict[str, Any]]:
    """idx, start, end and text of each sentence of a document, in order."""
    s = sentences.c
    q = select(s.idx, s.start, s.end, s.text).where(s.doc_id == doc_id).order_by(s.idx)
    return _rows(store, q, "read sentences")


def actor_aliases(store: Store, actor_id: str) -> list[str]:
    """Every surface form the actor was seen under, alphabetically."""
    q = select(aliases.c.text).where(aliases.c.actor_id == actor_id).order_by(aliases.c.text)
    return [r["text"] for r in _rows(store, q, "read aliases")]


def _rows(store: Store, query: Any, action: str) -> list[dict[str, Any]]:
    try:
        with store.engine.connect() as conn:
            return [dict(r) for r in conn.execute(query).mappings()]
    except Exception as exc:  # SQLAlchemy errors: same one-line message as the store gives
        raise StoreError(f"cannot {action} in {store.shown_url}: {exc}") from exc
