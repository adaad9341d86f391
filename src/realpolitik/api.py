"""The Python API. Every CLI command is a thin skin over the function of the same name here."""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from statistics import fmean
from typing import Any

from realpolitik.actors.loader import knowledge_base
from realpolitik.engine import CodedDocument, Engine, code_parallel
from realpolitik.events.classify import Classification, classify_pair, classify_pairs
from realpolitik.ingest import IngestError, read_documents
from realpolitik.model import Document, Event, Link
from realpolitik.nlp import DEFAULT_MODEL
from realpolitik.relations.aggregate import (
    aggregate,
    party_key,
    party_pair,
    relation_order,
    relation_pair,
    state_representative,
)
from realpolitik.relations.brief import brief
from realpolitik.relations.exports import TABLE_FORMATS, export_network, export_table
from realpolitik.relations.network import network
from realpolitik.relations.timeline import event_pairs, timeline
from realpolitik.store import Store, StoreError
from realpolitik.store.store import (
    events_of_pairs,
    links_of_parties,
    rewrite_relations,
    settle_pending,
)

PathLike = str | Path
EXPORT_FORMATS = ("plover-jsonl", "csv", "parquet", *TABLE_FORMATS)


def get_engine(model: str = DEFAULT_MODEL, actor_files: Sequence[str] = ()) -> Engine:
    """One loaded engine per (model, actor files) per process: loading spaCy takes seconds."""
    return _engine(model, tuple(str(f) for f in actor_files))


@lru_cache(maxsize=4)
def _engine(model: str, actor_files: tuple[str, ...]) -> Engine:
    return Engine(model, actor_files)


def extract(
    paths: Iterable[PathLike],
    date: str | None = None,
    model: str = DEFAULT_MODEL,
    actor_files: Sequence[str] = (),
) -> Iterator[Event | IngestError]:
    """Code articles without a store: yields each document's events, and the input errors,
    in input order; documents are parsed in batches (an error may surface a batch late)."""
    engine = get_engine(model, tuple(actor_files))
    for item in engine.code_stream(read_documents(paths, date=date)):
        if isinstance(item, IngestError):
            yield item
        else:
            yield from item.events


def extract_text(text: str, date: str | None = None, doc_id: str = "doc") -> list[Event]:
    """Code one text given as a string."""
    return get_engine().code_one(Document(id=doc_id, text=text, date=date)).events


@dataclass
class IngestReport:
    """What an ingest run did: documents stored, already present, and the failures."""

    stored: int = 0
    unchanged: int = 0
    events: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


ProgressCallback = Callable[[str, str], None]  # (document id or path, outcome)


def ingest(
    paths: Iterable[PathLike],
    db: str,
    date: str | None = None,
    workers: int = 1,
    model: str = DEFAULT_MODEL,
    actor_files: Sequence[str] = (),
    progress: ProgressCallback | None = None,
) -> IngestReport:
    """Read, code and store articles, one transaction per document; idempotent.

    A document whose content is already stored is skipped before any parsing; a failing
    document is reported and skipped without touching the others.
    """
    report = IngestReport()
    note = progress or (lambda _item, _outcome: None)
    with Store.from_url(db) as store:
        fresh = _new_documents(read_documents(paths, date=date), store, report, note)
        update = RelationsUpdate()
        for coded in _code(fresh, workers, model, tuple(actor_files)):
            save_coded(store, coded, report, note, update)
        update.apply(store, actor_files)
    return report


def _new_documents(
    items: Iterable[Document | IngestError],
    store: Store,
    report: IngestReport,
    note: ProgressCallback,
) -> Iterator[Document]:
    for item in items:
        if isinstance(item, IngestError):
            report.failures.append(str(item))
            note(item.path, "failed")
        elif store.has_document(item.hash):
            report.unchanged += 1
            note(item.id, "unchanged")
        else:
            yield item


def _code(
    docs: Iterable[Document], workers: int, model: str, actor_files: tuple[str, ...]
) -> Iterator[CodedDocument]:
    if workers > 1:
        return code_parallel(docs, workers, model, actor_files)
    return get_engine(model, actor_files).code(docs)


def save_coded(
    store: Store,
    coded: CodedDocument,
    report: IngestReport,
    note: ProgressCallback,
    update: RelationsUpdate | None = None,
) -> str:
    """Store one coded document: "stored", "unchanged" (its text was there) or "failed" (a
    store error, reported and not raised, so one bad document never stops a run). With
    `update`, what the document changes is noted there for the relations refresh."""
    doc = coded.document
    try:
        saved = _store(store, coded) if update is None else update.save_document(store, coded)
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


class RelationsUpdate:
    """Remembers the actor pairs of the documents saved through it, so that `apply` can
    aggregate just those pairs again: what `ingest`, `load`, `watch`, `feed` and the web
    share. `apply` also takes in documents an earlier run stored and stopped before
    refreshing (the store keeps them pending), and rebuilds everything when a pending
    document replaced an older version, whose pairs are no longer known."""

    def __init__(self) -> None:
        self.pairs: set[tuple[str, str]] = set()
        self.saved: set[str] = set()

    def save_document(self, store: Store, coded: CodedDocument) -> bool:
        """`Store.save_document` for a coded document (raising as it does), noting what a
        stored one changes; False when its text was there already."""
        saved = _store(store, coded)
        if saved:
            self.saved.add(coded.document.id)
            self.pairs |= _pairs_of(coded.events, coded.links)
        return saved

    def apply(self, store: Store, actor_files: Sequence[str] = ()) -> None:
        """Bring the relations cache up to date with every pending document, then start
        afresh; costs one small query when nothing is pending."""
        pending = store.pending_relations()
        if any(pending.values()):
            refresh_relations(store, actor_files)
        elif pending:
            left = sorted(pending.keys() - self.saved)  # stored by a run that stopped
            pairs = self.pairs | _stored_pairs(store, left)
            _refresh_pairs(store, actor_files, pairs, sorted(pending))
        self.pairs, self.saved = set(), set()


def refresh_relations(
    store: Store, actor_files: Sequence[str] = (), doc_ids: Sequence[str] | None = None
) -> None:
    """Bring the relations cache up to date after a batch.

    With `doc_ids` (documents newly stored), only the actor pairs their events and stated
    ties touch are aggregated again, from every stored event and tie of those pairs; the
    cache ends as a full rebuild would leave it. Without, everything is rebuilt: do that when
    a document replaced an older version (its old pairs are no longer known).
    """
    if doc_ids is None:
        pending = sorted(store.pending_relations())  # read first: later ones stay pending
        rep = state_representative(knowledge_base(tuple(actor_files)).entity)
        store.replace_relations(aggregate(store.events(), store.links(), rep), pending)
        return
    _refresh_pairs(store, actor_files, _stored_pairs(store, doc_ids), doc_ids)


def _refresh_pairs(
    store: Store,
    actor_files: Sequence[str],
    pairs: set[tuple[str, str]],
    settled: Sequence[str] = (),
) -> None:
    """Aggregate again only `pairs` (sorted pairs of party keys), from every stored event and
    tie of those pairs, and swap them into the cache, settling the `settled` documents."""
    if not pairs:
        settle_pending(store, settled)
        return
    rep = state_representative(knowledge_base(tuple(actor_files)).entity)
    keys = sorted({k for pair in pairs for k in pair})
    events_ = events_of_pairs(store, sorted(pairs))
    links_ = links_of_parties(store, keys)
    found = [r for r in aggregate(events_, links_, rep)
             if relation_pair(r.to_contract()) in pairs]  # fmt: skip
    rewrite_relations(store, lambda p: relation_pair(p) in pairs, found, relation_order, settled)


def _store(store: Store, coded: CodedDocument) -> bool:
    doc = coded.document
    return store.save_document(
        doc, coded.sentences, coded.mentions, coded.unresolved, coded.events, coded.links
    )


def _stored_pairs(store: Store, doc_ids: Iterable[str]) -> set[tuple[str, str]]:
    """`_pairs_of` the events and ties stored for each of `doc_ids`."""
    pairs: set[tuple[str, str]] = set()
    for doc_id in doc_ids:
        pairs |= _pairs_of(store.events(doc_id=doc_id), store.links(doc_id=doc_id))
    return pairs


def _pairs_of(events_: Iterable[Event], links_: Iterable[Link]) -> set[tuple[str, str]]:
    """The sorted pairs of party keys these events and stated ties are between."""
    pairs = {party_pair(a, b) for event in events_ for a, b in event_pairs(event)}
    for link in links_:
        pair = party_pair(link.a, link.b)
        if pair[0] != pair[1]:
            pairs.add(pair)
    return pairs


def events(
    db: str,
    actor: str | None = None,
    pair: tuple[str, str] | None = None,
    since: str | None = None,
    until: str | None = None,
    event_type: str | None = None,
    quad: int | None = None,
    modality: str | None = None,
    limit: int | None = None,
) -> list[Event]:
    """Stored events, filtered; `actor` is an actor id or a country code."""
    with Store.from_url(db) as store:
        return store.events(
            actor=actor,
            pair=pair,
            since=since,
            until=until,
            event_type=event_type,
            quad=quad,
            modality=modality,
            limit=limit,
        )


def relations(db: str, kind: str | None = None, actor: str | None = None) -> list[dict[str, Any]]:
    """Stored relations as contract dicts, strongest first within each kind."""
    with Store.from_url(db) as store:
        return store.relations(kind=kind, actor=actor)


def event_groups(
    db: str,
    actor: str | None = None,
    pair: tuple[str, str] | None = None,
    since: str | None = None,
    until: str | None = None,
    event_type: str | None = None,
    quad: int | None = None,
    modality: str | None = "asserted",
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """Stored events folded into the happenings they report, mentions and sources counted."""
    with Store.from_url(db) as store:
        return store.event_groups(
            actor=actor,
            pair=pair,
            since=since,
            until=until,
            event_type=event_type,
            quad=quad,
            modality=modality,
            limit=limit,
        )


def upgrade(db: str, dry_run: bool = False) -> list[str]:
    """Upgrade a store written by an older realpolitik; the steps run (or that would run)."""
    with Store.from_url(db, migrate=False) as store:
        return store.upgrade(dry_run=dry_run)


@dataclass
class Dyad:
    """Two actors' events and the cooperation/conflict score between them, month by month."""

    a: str
    b: str
    events: list[Event]
    by_month: list[tuple[str, int, float]]  # (YYYY-MM, asserted events, mean intensity)

    @property
    def score(self) -> float | None:
        scored = [e.intensity for e in self.events if e.modality == "asserted"]
        return round(fmean(scored), 2) if scored else None


def dyad(db: str, a: str, b: str) -> Dyad:
    """The events between two actors (ids or country codes) and their score over time."""
    found = events(db, pair=(a, b))
    months: dict[str, list[float]] = defaultdict(list)
    for event in found:
        if event.modality == "asserted" and event.date:
            months[event.date[:7]].append(event.intensity)
    by_month = [(m, len(v), round(fmean(v), 2)) for m, v in sorted(months.items())]
    return Dyad(a, b, found, by_month)


def classify(sentence: str, source: str, target: str) -> Classification:
    """The event type between a given source and target in a sentence.

    The learned type model reads the raw text (no parse), so no spaCy pipeline is loaded.
    """
    return classify_pair(sentence, source, target)


def classify_many(triples: Iterable[tuple[str, str, str]]) -> list[Classification]:
    """`classify` for many (sentence, source, target) triples in one vectorised pass."""
    return classify_pairs(triples)


def resolve(
    text: str,
    context: str | None = None,
    date: str | None = None,
    actor_files: Sequence[str] = (),
    model: str = DEFAULT_MODEL,
) -> dict[str, Any]:
    """The entity a name refers to (contract entity); country and sector null when none fits."""
    from realpolitik.actors.resolve import resolve_name

    return resolve_name(get_engine(model, tuple(actor_files)), text, context=context, date=date)


def export(db: str, fmt: str, out: PathLike) -> int:
    """Write the store's events as PLOVER JSON Lines, CSV or Parquet; returns the row count."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(
            f"unknown export format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}"
        )
    found = events(db)
    if fmt == "plover-jsonl":
        with open(out, "w", encoding="utf-8") as fh:
            for event in found:
                fh.write(json.dumps(event.to_contract(), ensure_ascii=False) + "\n")
        return len(found)
    rows = [flat_event(e) for e in found]
    if fmt == "csv":
        with open(out, "w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(FLAT_COLUMNS))
            writer.writeheader()
            writer.writerows(rows)
    else:
        import pyarrow as pa
        import pyarrow.parquet as pq

        pq.write_table(pa.Table.from_pylist(rows, schema=_arrow_schema(pa)), str(out))
    return len(rows)


FLAT_COLUMNS = {
    "id": "string", "doc_id": "string", "date": "string", "date_precision": "string",
    "event": "string", "mode": "string", "quad_code": "int64", "cameo": "string",
    "intensity": "float64", "modality": "string", "historical": "bool",
    "actor_ids": "string", "actor_countries": "string", "actor_sectors": "string",
    "actor_text": "string", "recipient_ids": "string", "recipient_countries": "string",
    "recipient_sectors": "string", "recipient_text": "string", "mediator_ids": "string",
    "claimed_by": "string", "location": "string", "confidence": "float64",
    "sentence": "string", "start": "int64", "end": "int64",
}  # fmt: skip


def _arrow_schema(pa: Any) -> Any:
    types = {
        "string": pa.string(),
        "int64": pa.int64(),
        "float64": pa.float64(),
        "bool": pa.bool_(),
    }
    return pa.schema([(name, types[kind]) for name, kind in FLAT_COLUMNS.items()])


def flat_event(e: Event) -> dict[str, Any]:
    """One event as a flat row: multi-valued actor fields joined with ';'."""

    def join(values: Iterable[str | None]) -> str:
        return ";".join(v or "" for v in values)

    return {
        "id": e.id, "doc_id": e.doc_id, "date": e.date, "date_precision": e.date_precision,
        "event": e.event, "mode": e.mode, "quad_code": e.quad_code, "cameo": e.cameo,
        "intensity": e.intensity, "modality": e.modality, "historical": e.historical,
        "actor_ids": join(m.entity.id for m in e.actor),
        "actor_countries": join(m.entity.country for m in e.actor),
        "actor_sectors": join(m.entity.sector for m in e.actor),
        "actor_text": join(m.text for m in e.actor),
        "recipient_ids": join(m.entity.id for m in e.recipient),
        "recipient_countries": join(m.entity.country for m in e.recipient),
        "recipient_sectors": join(m.entity.sector for m in e.recipient),
        "recipient_text": join(m.text for m in e.recipient),
        "mediator_ids": join(m.entity.id for m in e.mediator),
        "claimed_by": e.claimed_by.entity.id if e.claimed_by else None,
        "location": (e.location or {}).get("name"), "confidence": e.confidence,
        "sentence": e.sentence, "start": e.sentence_start, "end": e.sentence_end,
    }  # fmt: skip


def summary(db: str, top: int = 5) -> dict[str, Any]:
    """What a store holds, for a first look: counts, busiest actors, strongest relations,
    mediators and proxies."""
    with Store.from_url(db) as store:
        counts = store.counts()
        actors = store.actors()
        rels = store.relations()

    def strongest(kind: str, reverse: bool) -> list[dict[str, Any]]:
        chosen = [r for r in rels if r["kind"] == kind]
        chosen.sort(key=lambda r: (r["events"], abs(r["score"] or 0)), reverse=True)
        return chosen[:top]

    return {
        "counts": counts,
        "actors": sorted(actors, key=lambda a: -a["events"])[: top * 3],
        "cooperation": strongest("cooperation", True),
        "conflict": strongest("conflict", True),
        "mediation": strongest("mediation", True),
        "patronage": strongest("patronage", True),
        "other": [r for r in rels if r["kind"] in ("alliance", "rivalry", "dispute")][:top],
    }


def spark_extract(*args: Any, **kwargs: Any) -> Any:
    """Code JSONL or Parquet articles on Apache Spark (see `realpolitik.scale.spark`)."""
    from realpolitik.scale.spark import spark_extract as run

    return run(*args, **kwargs)


def load(*args: Any, **kwargs: Any) -> Any:
    """Bring spark-extract's Parquet output into a store (see `realpolitik.scale.load`)."""
    from realpolitik.scale.load import load as run

    return run(*args, **kwargs)


def watch(*args: Any, **kwargs: Any) -> Any:
    """Keep a store current with the files of a folder (see `realpolitik.scale.watch`)."""
    from realpolitik.scale.watch import watch as run

    return run(*args, **kwargs)


def feed(*args: Any, **kwargs: Any) -> Any:
    """Keep a store current with RSS/Atom feeds (see `realpolitik.scale.feed`)."""
    from realpolitik.scale.feed import feed as run

    return run(*args, **kwargs)


__all__ = [
    "Dyad", "IngestReport", "brief", "classify", "classify_many", "dyad", "event_groups",
    "events", "export", "export_network", "export_table", "extract", "extract_text", "feed",
    "ingest", "load",
    "network", "party_key", "refresh_relations", "relations", "RelationsUpdate", "resolve",
    "save_coded",
    "spark_extract", "summary", "timeline", "upgrade", "watch",
]  # fmt: skip
