"""Coding that survives a bad document: long runs must not die on one article.

Documents go through the engine in batches (spaCy is faster on batches); when a batch raises,
its documents are coded again one by one, so only the document that fails is lost, reported
with the error, and every other one is coded as usual.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Iterable, Iterator

from realpolitik.engine import CodedDocument, Engine
from realpolitik.model import Document

logger = logging.getLogger("realpolitik.scale")

# Small batches for the continuous paths (watch, feed, Spark partitions): each batch is stored
# before the next is coded, so progress reaches the store (and its state file) early.
BATCH = 8


def code_safely(
    engine: Engine, documents: Iterable[Document], batch: int = BATCH
) -> Iterator[tuple[Document, CodedDocument | str]]:
    """(document, its coding or, as a string, why coding it failed), in input order."""
    iterator = iter(documents)
    while chunk := list(itertools.islice(iterator, batch)):
        try:
            coded = list(engine.code(chunk, batch_size=batch))
        except Exception:  # a bug in some component: find the document that triggers it
            yield from (_one(engine, doc) for doc in chunk)
            continue
        yield from zip(chunk, coded, strict=True)


def _one(engine: Engine, doc: Document) -> tuple[Document, CodedDocument | str]:
    try:
        return doc, engine.code_one(doc)
    except Exception as exc:
        logger.debug("coding %s failed", doc.id, exc_info=True)
        return doc, f"coding failed ({type(exc).__name__}: {exc}); a bug, please report it"
