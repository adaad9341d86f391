"""The database schema: one table per concept, in plain SQLAlchemy Core.

Read it top to bottom: a document owns its sentences, mentions, events and links; events
and links name their participants through `*_participants` rows that keep the entity
snapshot (name, country, sector, kind, wikidata_id) as it was at the event's date, so a
stored event rebuilds exactly. `actors` holds the latest snapshot of every entity seen and
`aliases` the surface forms it was seen under. `relations` is a cache, rebuilt after each
ingest batch. `events.group_id` ties together the events that report one happening, across
sentences and articles, and `events.parties` keeps what they are matched on (see
`realpolitik.store.groups`).

Only portable types are used (Text, Integer, Float, Boolean, JSON), so the same metadata
creates the schema on SQLite and on PostgreSQL. Dates are ISO-8601 text of varying
precision ("2024", "2024-03", "2024-03-15"), which sorts and prefix-matches as text.

This file is the newest schema, what a fresh database gets. A database written by an older
version is brought up to it by the steps in `realpolitik.store.migrations`; bump
SCHEMA_VERSION only together with a new step there.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    Table,
    Text,
)

SCHEMA_VERSION = 5

metadata = MetaData()

_ACTOR_FK = "actors.id"


def _doc_fk() -> ForeignKey:
    """A fresh foreign key to documents.id: a document's rows go when it goes."""
    return ForeignKey("documents.id", ondelete="CASCADE")


def _snapshot_columns() -> list[Column]:
    """Entity snapshot columns shared by event and link participants."""
    return [
        Column("actor_id", Text, ForeignKey(_ACTOR_FK), nullable=False,
               comment="the entity (actors.id)"),
        Column("raw_text", Text, nullable=False, comment="surface form in the document"),
        Column("start", Integer, nullable=False, comment="char offset into documents.text"),
        Column("end", Integer, nullable=False, comment="char offset (exclusive)"),
        Column("name", Text, nullable=False, comment="entity name at the time"),
        Column("country", Text, comment="ISO3 or PLOVER non-state code at the time"),
        Column("sector", Text, comment="PLOVER sector code at the time; null = whole state"),
        Column("kind", Text, nullable=False, comment="entity kind (state, person, igo, ...)"),
        Column("wikidata_id", Text, comment="Wikidata QID, when known"),
    ]  # fmt: skip


documents = Table(
    "documents",
    metadata,
    Column("id", Text, primary_key=True, comment="document id, unique per corpus"),
    Column("content_hash", Text, nullable=False, comment="sha256 of text; re-ingest = no-op"),
    Column("title", Text, comment="headline"),
    Column("url", Text, comment="where it was published"),
    Column("date", Text, comment="publication date, YYYY-MM-DD or coarser"),
    Column("source", Text, comment="file (and line, for JSONL) it was read from"),
    Column("text", Text, nullable=False, comment="cleaned text every offset points into"),
    Column("ingested_at", Text, nullable=False, comment="UTC time it was stored, ISO-8601"),
    Index("ix_documents_content_hash", "content_hash", unique=True),
    comment="cleaned articles",
)

sentences = Table(
    "sentences",
    metadata,
    Column("doc_id", Text, _doc_fk(), nullable=False, comment="documents.id"),
    Column("idx", Integer, nullable=False, comment="0-based sentence number in the document"),
    Column("start", Integer, nullable=False, comment="char offset into documents.text"),
    Column("end", Integer, nullable=False, comment="char offset (exclusive)"),
    Column("text", Text, nullable=False, comment="the sentence"),
    PrimaryKeyConstraint("doc_id", "idx"),
    comment="sentence boundaries, for showing evidence",
)

actors = Table(
    "actors",
    metadata,
    Column("id", Text, primary_key=True, comment="knowledge-base id of the entity"),
    Column("name", Text, nullable=False, comment="canonical name"),
    Column("kind", Text, nullable=False, comment="state, state_organ, person, igo, ..."),
    Column("country", Text, comment="ISO3 or PLOVER non-state code, latest seen"),
    Column("sector", Text, comment="PLOVER sector code, latest seen; null = whole state"),
    Column("wikidata_id", Text, comment="Wikidata QID, when known"),
    comment="every entity seen, with the snapshot most recently stored",
)

aliases = Table(
    "aliases",
    metadata,
    Column("actor_id", Text, ForeignKey(_ACTOR_FK), nullable=False, comment="actors.id"),
    Column("text", Text, nullable=False, comment="a surface form the actor was seen under"),
    PrimaryKeyConstraint("actor_id", "text"),
    comment="surface forms seen for each actor",
)

mentions = Table(
    "mentions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("doc_id", Text, _doc_fk(), nullable=False, comment="documents.id"),
    Column("actor_id", Text, ForeignKey(_ACTOR_FK), comment="actors.id; null = unresolved"),
    Column("text", Text, nullable=False, comment="surface form"),
    Column("start", Integer, nullable=False, comment="char offset into documents.text"),
    Column("end", Integer, nullable=False, comment="char offset (exclusive)"),
    Column("label", Text, comment="NER label (GPE, ORG, PERSON, ...) of unresolved names"),
    Index("ix_mentions_actor_id", "actor_id"),
    Index("ix_mentions_doc_id", "doc_id"),
    comment="every actor mention found, resolved or not",
)

events = Table(
    "events",
    metadata,
    Column("id", Text, primary_key=True, comment='e.g. "doc1-s4-e1"'),
    Column("doc_id", Text, _doc_fk(), nullable=False, comment="documents.id"),
    Column("event", Text, nullable=False, comment="PLOVER event type (AGREE, ACCUSE, ...)"),
    Column("mode", Text, comment="PLOVER mode, when coded"),
    Column("context", JSON, nullable=False, comment="list of PLOVER context tags"),
    Column("quad_code", Integer, nullable=False, comment="1 verbal coop .. 4 material conflict"),
    Column("intensity", Float, nullable=False, comment="Goldstein-like score, -10 .. 10"),
    Column("cameo", Text, comment="CAMEO code, when mapped"),
    Column("modality", Text, nullable=False, comment="asserted|negated|hypothetical|future"),
    Column("historical", Boolean, nullable=False, comment="recounts an earlier event"),
    Column("date", Text, comment="event date, YYYY-MM-DD or coarser"),
    Column("date_precision", Text, nullable=False, comment="day, month, year, unknown"),
    Column("date_source", Text, nullable=False, comment="where the date came from"),
    Column("location", JSON(none_as_null=True), comment="place, when the text says"),
    Column("sentence", Text, nullable=False, comment="the evidence sentence"),
    Column("sentence_start", Integer, nullable=False, comment="char offset of the sentence"),
    Column("sentence_end", Integer, nullable=False, comment="char offset (exclusive)"),
    Column("event_text", Text, comment="the trigger words"),
    Column("confidence", Float, nullable=False, comment="0 .. 1"),
    Column("issue", Text, comment="what a dispute is about, when the text says"),
    Column("group_id", Text, comment="the happening it reports, shared with other reports"),
    Column("parties", Text, comment="party keys of actors and recipients, sorted, |-joined"),
    Index("ix_events_date", "date"),
    Index("ix_events_date_id", "date", "id"),
    Index("ix_events_doc_id", "doc_id"),
    Index("ix_events_group_id", "group_id"),
    Index("ix_events_group_lookup", "event", "parties", "date"),
    comment="coded events; participants are in event_participants",
)

EVENT_ROLES: tuple[str, ...] = ("actor", "recipient", "mediator", "claimed_by")

event_participants = Table(
    "event_participants",
    metadata,
    Column("event_id", Text, ForeignKey("events.id", ondelete="CASCADE"), nullable=False,
           comment="events.id"),
    Column("role", Text, nullable=False, comment="actor | recipient | mediator | claimed_by"),
    Column("position", Integer, nullable=False, comment="order within the role, from 0"),
    *_snapshot_columns(),
    PrimaryKeyConstraint("event_id", "role", "position"),
    CheckConstraint(
        "role IN ('actor', 'recipient', 'mediator', 'claimed_by')", name="ck_event_role"
    ),
    Index("ix_event_participants_actor_id", "actor_id"),
    Index("ix_event_participants_country", "country", "role", "event_id"),
    Index("ix_event_participants_actor_role", "actor_id", "role", "event_id"),
    comment="who took part in an event, as the entity stood at the event's date",
)  # fmt: skip

links = Table(
    "links",
    metadata,
    Column("id", Text, primary_key=True, comment="link id"),
    Column("doc_id", Text, _doc_fk(), nullable=False, comment="documents.id"),
    Column("kind", Text, nullable=False, comment="patronage|alliance|rivalry|dispute|mediation"),
    Column("issue", Text, comment="what a dispute is about, when the text says"),
    Column("modality", Text, nullable=False, comment="asserted|negated|hypothetical|future"),
    Column("date", Text, comment="date the tie is stated for, YYYY-MM-DD or coarser"),
    Column("sentence", Text, nullable=False, comment="the evidence sentence"),
    Column("sentence_start", Integer, nullable=False, comment="char offset of the sentence"),
    Column("sentence_end", Integer, nullable=False, comment="char offset (exclusive)"),
    Column("confidence", Float, nullable=False, comment="0 .. 1"),
    Index("ix_links_doc_id", "doc_id"),
    comment='ties the text states outright ("Iran-backed militias")',
)

LINK_ROLES: tuple[str, ...] = ("a", "b", "via")

link_participants = Table(
    "link_participants",
    metadata,
    Column("link_id", Text, ForeignKey("links.id", ondelete="CASCADE"), nullable=False,
           comment="links.id"),
    Column("role", Text, nullable=False, comment="a (patron) | b (client) | via (mediator)"),
    Column("position", Integer, nullable=False, comment="order within the role, from 0"),
    *_snapshot_columns(),
    PrimaryKeyConstraint("link_id", "role", "position"),
    CheckConstraint("role IN ('a', 'b', 'via')", name="ck_link_role"),
    Index("ix_link_participants_actor_id", "actor_id"),
    comment="the two sides (and mediators) of a link",
)  # fmt: skip

relations = Table(
    "relations",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", Text, nullable=False, comment="cooperation, conflict, alliance, ..."),
    Column("a_id", Text, nullable=False, comment="actor id of side a (the patron)"),
    Column("b_id", Text, nullable=False, comment="actor id of side b (the client)"),
    Column("via", JSON, nullable=False, comment="list of mediator actor ids"),
    Column("score", Float, comment="strength, when the kind has one"),
    Column("events", Integer, nullable=False, comment="number of supporting events"),
    Column("first", Text, comment="earliest supporting date"),
    Column("last", Text, comment="latest supporting date"),
    Column("issue", Text, comment="what a dispute is about"),
    Column("payload", JSON, nullable=False, comment="the full contract dict"),
    Index("ix_relations_a_id", "a_id"),
    Index("ix_relations_b_id", "b_id"),
    comment="aggregated relations; a cache rebuilt after each ingest batch",
)

pending_relations = Table(
    "pending_relations",
    metadata,
    Column("doc_id", Text, primary_key=True,
           comment="a stored document whose actor pairs the relations cache has not yet seen"),
    Column("replaced", Boolean, nullable=False,
           comment="it replaced an older version, whose pairs are no longer known"),
    comment="documents saved since the relations cache last took them in; what a run "
    "stopped before its refresh left behind, for the next refresh to pick up",
)  # fmt: skip

schema_version = Table(
    "schema_version",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False,
           comment="schema version the database is at (see migrations.py)"),
    comment="one row: the schema version",
)  # fmt: skip
