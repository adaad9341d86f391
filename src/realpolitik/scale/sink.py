"""Where the scale commands write: coded documents into a store, then the relations cache.

`load`, `watch` and `feed` store documents one transaction each, exactly as `ingest` does, so
any of them can be stopped at any point and rerun: a document is either wholly stored or
absent, and a stored one is skipped by its content hash.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from realpolitik.actors.loader import knowledge_base
from realpolitik.api import IngestReport
from realpolitik.engine import CodedDocument
from realpolitik.relations.aggregate import aggregate, state_representative
from realpolitik.store import Store, StoreError

Progress = Callable[[str, str], None]  # (document id, path or URL; outcome)


def quiet(_item: str, _outcome: str) -> None:
    """The progress callback that reports nothing."""


def save(store: Store, coded: CodedDocument, report: IngestReport, note: Progress) -> str:
    """Store one coded document: "stored", "unchanged" (its text was there) or "failed" (a
    store error, reported and not raised, so one bad document never stops a run)."""
    doc = coded.document
    try:
        saved = store.save_document(
            doc, coded.sentences, coded.mentions, coded.unresolved, coded.events, coded.links
        )
    except StoreError as err:
        report.failures.append(f"{doc.source or doc.id}: {err}")
        note(doc.id, "failed")
        return "failed"
    if saved:
        report.stored += 1
        report.events += len(coded.events)
    else:
        report.unchanged += 1
    outcome = "stored" if saved else "unchanged"
    note(doc.id, outcome)
    return outcome


def refresh_relations(store: Store, actor_files: Sequence[str] = ()) -> None:
    """Recompute the relations cache from every stored event and link, as `ingest` does."""
    kb = knowledge_base(tuple(actor_files))
    store.replace_relations(
        aggregate(store.events(), store.links(), state_representative(kb.entity))
    )
