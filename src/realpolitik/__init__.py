"""realpolitik: articles about international politics in, a queryable model of actors,
coded events and relations out, with every claim traced to its sentence.

The stages, in the order data flows through them, are packages of their own:
`ingest` → `nlp` → `actors` → `events` → `relations` → `store`, with `cli` on top.
The functions below are the public API; each CLI command calls the one of the same name.
"""

from realpolitik.api import (
    Dyad,
    IngestReport,
    classify,
    classify_many,
    dyad,
    events,
    export,
    extract,
    extract_text,
    ingest,
    relations,
    resolve,
    summary,
)
from realpolitik.model import Document, Entity, Event, Link, Mention, Relation

__version__ = "0.1.0"

__all__ = [
    "Document", "Dyad", "Entity", "Event", "IngestReport", "Link", "Mention", "Relation",
    "classify", "classify_many", "dyad", "events", "export", "extract", "extract_text",
    "ingest", "relations", "resolve", "summary",
]  # fmt: skip
