"""Coded documents as flat rows and back: the layout of the Parquet output of `spark-extract`.

One coded document becomes one `documents` row, one `events` row per event and one `mentions`
row per mention. Analysts read the flat columns; `load` rebuilds the exact records from the
JSON columns (`record`, `sentences`, `links`) so a store filled from Parquet equals one filled
by `ingest`. Rows of one document share its `seq`, a number unique per input record, which
keeps two input records with the same id apart.
"""

from __future__ import annotations

import datetime
import json
import math
from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

from realpolitik.api import FLAT_COLUMNS, flat_event
from realpolitik.engine import CodedDocument
from realpolitik.ingest import IngestError, document_from_record
from realpolitik.model import Document, Entity, Event, Link, Mention

Row = dict[str, Any]

INPUT_COLUMNS: tuple[str, ...] = ("id", "text", "date", "url", "title")

DOCUMENT_COLUMNS: dict[str, str] = {
    "seq": "int64", "doc_id": "string", "content_hash": "string", "date": "string",
    "url": "string", "title": "string", "source": "string", "text": "string",
    "sentences": "string", "links": "string", "events": "int64", "mentions": "int64",
}  # fmt: skip
EVENT_COLUMNS: dict[str, str] = {
    "seq": "int64", "position": "int64", **FLAT_COLUMNS, "contract": "string", "record": "string",
}  # fmt: skip
MENTION_COLUMNS: dict[str, str] = {
    "seq": "int64", "position": "int64", "doc_id": "string", "actor_id": "string",
    "text": "string", "start": "int64", "end": "int64", "label": "string", "name": "string",
    "country": "string", "sector": "string", "kind": "string", "wikidata_id": "string",
}  # fmt: skip
ERROR_COLUMNS: dict[str, str] = {"source": "string", "message": "string"}


# ---- input records -----------------------------------------------------------------------


def document_from_row(
    row: Mapping[str, Any], source: str, date: str | None
) -> Document | IngestError:
    """A Document from an input row {id, text, date?, url?, title?}, or the reason it is bad.

    The rules are `realpolitik.ingest.document_from_record`'s, so the Spark path codes the
    same text as `ingest`; only what columnar readers add is undone first: missing values
    (None, NaN) are absent fields and a date column of a date type is written as ISO text.
    """
    record = {key: _plain_value(row.get(key)) for key in INPUT_COLUMNS}
    return document_from_record({k: v for k, v in record.items() if v is not None}, source, date)


def _plain_value(value: Any) -> Any:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, datetime.date):
        return value.isoformat()[:10]
    return value


# ---- coded document -> rows --------------------------------------------------------------


def document_row(coded: CodedDocument, seq: int) -> Row:
    doc = coded.document
    return {
        "seq": seq, "doc_id": doc.id, "content_hash": doc.hash, "date": doc.date,
        "url": doc.url, "title": doc.title, "source": doc.source, "text": doc.text,
        "sentences": json.dumps(coded.sentences, ensure_ascii=False),
        "links": json.dumps([asdict(link) for link in coded.links], ensure_ascii=False),
        "events": len(coded.events), "mentions": len(coded.mentions) + len(coded.unresolved),
    }  # fmt: skip


def event_rows(coded: CodedDocument, seq: int) -> list[Row]:
    """Flat columns of `realpolitik export`, plus the contract JSON and the exact record."""
    return [
        {
            "seq": seq,
            "position": i,
            **flat_event(e),
            "contract": json.dumps(e.to_contract(), ensure_ascii=False),
            "record": json.dumps(asdict(e), ensure_ascii=False),
        }
        for i, e in enumerate(coded.events)
    ]


def mention_rows(coded: CodedDocument, seq: int) -> list[Row]:
    """Resolved mentions (with their entity) first, then names no entry resolved."""
    doc_id = coded.document.id
    rows = [
        {"seq": seq, "doc_id": doc_id, "actor_id": m.entity.id, "text": m.text,
         "start": m.start, "end": m.end, "label": None, "name": m.entity.name,
         "country": m.entity.country, "sector": m.entity.sector, "kind": m.entity.kind,
         "wikidata_id": m.entity.wikidata_id}
        for m in coded.mentions
    ]  # fmt: skip
    rows += [
        {"seq": seq, "doc_id": doc_id, "actor_id": None, "text": text, "start": start,
         "end": end, "label": label, "name": None, "country": None, "sector": None,
         "kind": None, "wikidata_id": None}
        for text, start, end, label in coded.unresolved
    ]  # fmt: skip
    return [{**row, "position": i} for i, row in enumerate(rows)]


# ---- rows -> coded document --------------------------------------------------------------


def coded_from_rows(doc: Row, events: list[Row], mentions: list[Row]) -> CodedDocument:
    """Rebuild exactly what the engine produced from a document's rows (any order)."""
    document = Document(
        id=doc["doc_id"], text=doc["text"], date=doc["date"], url=doc["url"],
        title=doc["title"], source=doc["source"],
    )  # fmt: skip
    if document.hash != doc["content_hash"]:
        raise ValueError(f"document {document.id!r}: text does not match its content_hash")
    ordered = sorted(mentions, key=lambda r: r["position"])
    return CodedDocument(
        document=document,
        sentences=[(s, e, t) for s, e, t in json.loads(doc["sentences"])],
        mentions=[_mention_of_row(r) for r in ordered if r["actor_id"] is not None],
        unresolved=[
            (r["text"], r["start"], r["end"], r["label"]) for r in ordered if r["actor_id"] is None
        ],
        events=[event_from_record(json.loads(r["record"])) for r in sorted(events, key=_pos)],
        links=[link_from_record(d) for d in json.loads(doc["links"])],
    )


def _pos(row: Row) -> int:
    return int(row["position"])


def _mention_of_row(r: Row) -> Mention:
    entity = Entity(r["actor_id"], r["name"], r["country"], r["sector"], r["kind"],
                    r["wikidata_id"])  # fmt: skip
    return Mention(entity, r["text"], r["start"], r["end"])


def _mention(d: Mapping[str, Any]) -> Mention:
    return Mention(Entity(**d["entity"]), d["text"], d["start"], d["end"])


def event_from_record(d: Mapping[str, Any]) -> Event:
    """The inverse of `dataclasses.asdict(event)` after a JSON round trip."""
    claimed = d.get("claimed_by")
    return Event(**{
        **d,
        "actor": [_mention(m) for m in d["actor"]],
        "recipient": [_mention(m) for m in d["recipient"]],
        "mediator": [_mention(m) for m in d["mediator"]],
        "claimed_by": _mention(claimed) if claimed else None,
        "context": list(d["context"]),
    })  # fmt: skip


def link_from_record(d: Mapping[str, Any]) -> Link:
    return Link(**{
        **d, "a": _mention(d["a"]), "b": _mention(d["b"]), "via": [_mention(m) for m in d["via"]],
    })  # fmt: skip
