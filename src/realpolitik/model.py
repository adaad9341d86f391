"""The records that flow between stages: documents, entities, mentions, events, relations.

Every stage speaks these types, so the seams between packages stay narrow: ingest makes
`Document`s, actors make `Mention`s of `Entity`s, events make `Event`s, relations make
`Relation`s, and the store keeps all of them. `to_contract()` renders the JSON shapes of
`shared/contract` exactly; nothing else in the code base builds those dicts.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

PLOVER_TYPES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE",
    "COOPERATE", "AID", "RETREAT",
    "REQUEST", "ACCUSE", "REJECT", "THREATEN",
    "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip

QUAD_OF_TYPE: dict[str, int] = {
    **dict.fromkeys(("AGREE", "CONSULT", "SUPPORT", "CONCEDE"), 1),
    **dict.fromkeys(("COOPERATE", "AID", "RETREAT"), 2),
    **dict.fromkeys(("REQUEST", "ACCUSE", "REJECT", "THREATEN"), 3),
    **dict.fromkeys(("PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"), 4),
}

MODALITIES: tuple[str, ...] = ("asserted", "negated", "hypothetical", "future")
RELATION_KINDS: tuple[str, ...] = (
    "cooperation", "conflict", "alliance", "rivalry", "patronage", "mediation", "dispute",
)  # fmt: skip
ENTITY_KINDS: tuple[str, ...] = (
    "state", "state_organ", "person", "armed_group", "party",
    "igo", "ngo", "business", "media", "other",
)  # fmt: skip


def content_hash(text: str) -> str:
    """Stable identity of a document's content: re-ingesting the same text is a no-op."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Entity:
    """An actor as the knowledge base knows it, at one point in time.

    `country` is an ISO3 code or a PLOVER non-state code (IGO, UNO, EUR, NGO, MNC);
    `sector` a PLOVER sector code or None for a state as a whole.
    """

    id: str
    name: str
    country: str | None
    sector: str | None
    kind: str
    wikidata_id: str | None = None

    def to_contract(self, raw_text: str) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "raw_text": raw_text,
            "country": self.country,
            "sector": self.sector,
            "kind": self.kind,
            "wikidata_id": self.wikidata_id,
        }


@dataclass(frozen=True)
class Mention:
    """A stretch of document text that names an entity. Offsets index `Document.text`."""

    entity: Entity
    text: str
    start: int
    end: int

    def to_contract(self) -> dict[str, Any]:
        return self.entity.to_contract(self.text)


@dataclass
class Document:
    """A cleaned article. `text` is what every offset downstream points into."""

    id: str
    text: str
    date: str | None = None  # publication date, YYYY-MM-DD (or coarser)
    url: str | None = None
    title: str | None = None
    source: str | None = None  # file path (and line, for JSONL) it came from

    @property
    def hash(self) -> str:
        return content_hash(self.text)


@dataclass
class Event:
    """One coded event: who did what to whom, how surely, when, with its evidence."""

    id: str
    doc_id: str
    event: str
    quad_code: int
    intensity: float
    actor: list[Mention]
    recipient: list[Mention]
    sentence: str
    sentence_start: int
    sentence_end: int
    mode: str | None = None
    context: list[str] = field(default_factory=list)
    cameo: str | None = None
    mediator: list[Mention] = field(default_factory=list)
    modality: str = "asserted"
    historical: bool = False
    claimed_by: Mention | None = None
    date: str | None = None
    date_precision: str = "unknown"
    date_source: str = "unknown"
    location: dict[str, Any] | None = None
    event_text: str | None = None
    confidence: float = 0.5
    issue: str | None = None  # what a dispute is about ("water"), when the text says

    def to_contract(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "doc_id": self.doc_id,
            "event": self.event,
            "mode": self.mode,
            "context": list(self.context),
            "quad_code": self.quad_code,
            "intensity": self.intensity,
            "cameo": self.cameo,
            "actor": [m.to_contract() for m in self.actor],
            "recipient": [m.to_contract() for m in self.recipient],
            "mediator": [m.to_contract() for m in self.mediator],
            "modality": self.modality,
            "historical": self.historical,
            "claimed_by": self.claimed_by.to_contract() if self.claimed_by else None,
            "date": self.date,
            "date_precision": self.date_precision,
            "date_source": self.date_source,
            "location": self.location,
            "sentence": self.sentence,
            "event_text": self.event_text,
            "text_info": {"start": self.sentence_start, "end": self.sentence_end},
            "confidence": round(self.confidence, 3),
        }


@dataclass
class Evidence:
    """The sentence a relation rests on."""

    doc_id: str
    sentence: str
    event_id: str | None = None

    def to_contract(self) -> dict[str, Any]:
        return {"doc_id": self.doc_id, "sentence": self.sentence, "event_id": self.event_id}


@dataclass
class Relation:
    """How two actors stand, aggregated from events and statements.

    For patronage `a` is the patron and `b` the client; for mediation `via` holds the
    mediators between `a` and `b`.
    """

    kind: str
    a: Mention
    b: Mention
    via: list[Mention] = field(default_factory=list)
    score: float | None = None
    events: int = 0
    first: str | None = None
    last: str | None = None
    issue: str | None = None
    evidence: list[Evidence] = field(default_factory=list)

    def to_contract(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "a": self.a.to_contract(),
            "b": self.b.to_contract(),
            "via": [m.to_contract() for m in self.via],
            "score": None if self.score is None else round(self.score, 2),
            "events": self.events,
            "first": self.first,
            "last": self.last,
            "issue": self.issue,
            "evidence": [e.to_contract() for e in self.evidence],
        }


@dataclass
class Link:
    """A tie the text states outright rather than an act: "Iran-backed militias" (patronage),
    "regional rivals" (rivalry), "brought Russia and Iran together" (alliance),
    "the Helmand River dispute" (dispute, with its issue). Relations aggregate links and events.
    """

    id: str
    doc_id: str
    kind: str  # patronage | alliance | rivalry | dispute | mediation
    a: Mention  # the patron, for patronage
    b: Mention  # the client, for patronage
    sentence: str
    sentence_start: int
    sentence_end: int
    via: list[Mention] = field(default_factory=list)
    issue: str | None = None
    modality: str = "asserted"
    date: str | None = None
    confidence: float = 0.5
