"""Opening a store written by an older realpolitik upgrades it in place, losing nothing.

The version-1 schema is frozen below as the release wrote it (comments dropped), and filled
by raw inserts, so these tests keep checking the upgrade from what is really out there
however `schema.py` moves on.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Connection,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    Table,
    Text,
    create_engine,
    func,
    inspect,
    select,
    update,
)
from store_corpus import Article, gulf_article, levant_article

from realpolitik.model import Event, Link, Mention
from realpolitik.store import Store, StoreError, migrations, schema

# ---- the version-1 schema, frozen --------------------------------------------------------

V1 = MetaData()


def _doc_fk() -> ForeignKey:
    return ForeignKey("documents.id", ondelete="CASCADE")


def _snapshot() -> list[Column[Any]]:
    return [
        Column("actor_id", Text, ForeignKey("actors.id"), nullable=False),
        Column("raw_text", Text, nullable=False),
        Column("start", Integer, nullable=False),
        Column("end", Integer, nullable=False),
        Column("name", Text, nullable=False),
        Column("country", Text),
        Column("sector", Text),
        Column("kind", Text, nullable=False),
        Column("wikidata_id", Text),
    ]


Table(
    "documents", V1,
    Column("id", Text, primary_key=True), Column("content_hash", Text, nullable=False),
    Column("title", Text), Column("url", Text), Column("date", Text), Column("source", Text),
    Column("text", Text, nullable=False), Column("ingested_at", Text, nullable=False),
    Index("ix_documents_content_hash", "content_hash", unique=True),
)  # fmt: skip
Table(
    "sentences", V1,
    Column("doc_id", Text, _doc_fk(), nullable=False), Column("idx", Integer, nullable=False),
    Column("start", Integer, nullable=False), Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False), PrimaryKeyConstraint("doc_id", "idx"),
)  # fmt: skip
Table(
    "actors", V1,
    Column("id", Text, primary_key=True), Column("name", Text, nullable=False),
    Column("kind", Text, nullable=False), Column("country", Text), Column("sector", Text),
    Column("wikidata_id", Text),
)  # fmt: skip
Table(
    "aliases", V1,
    Column("actor_id", Text, ForeignKey("actors.id"), nullable=False),
    Column("text", Text, nullable=False), PrimaryKeyConstraint("actor_id", "text"),
)  # fmt: skip
Table(
    "mentions", V1,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("doc_id", Text, _doc_fk(), nullable=False),
    Column("actor_id", Text, ForeignKey("actors.id")), Column("text", Text, nullable=False),
    Column("start", Integer, nullable=False), Column("end", Integer, nullable=False),
    Column("label", Text),
    Index("ix_mentions_actor_id", "actor_id"), Index("ix_mentions_doc_id", "doc_id"),
)  # fmt: skip
Table(
    "events", V1,
    Column("id", Text, primary_key=True), Column("doc_id", Text, _doc_fk(), nullable=False),
    Column("event", Text, nullable=False), Column("mode", Text),
    Column("context", JSON, nullable=False), Column("quad_code", Integer, nullable=False),
    Column("intensity", Float, nullable=False), Column("cameo", Text),
    Column("modality", Text, nullable=False), Column("historical", Boolean, nullable=False),
    Column("date", Text), Column("date_precision", Text, nullable=False),
    Column("date_source", Text, nullable=False), Column("location", JSON(none_as_null=True)),
    Column("sentence", Text, nullable=False), Column("sentence_start", Integer, nullable=False),
    Column("sentence_end", Integer, nullable=False), Column("event_text", Text),
    Column("confidence", Float, nullable=False), Column("issue", Text),
    Index("ix_events_date", "date"), Index("ix_events_doc_id", "doc_id"),
)  # fmt: skip
Table(
    "event_participants", V1,
    Column("event_id", Text, ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
    Column("role", Text, nullable=False), Column("position", Integer, nullable=False),
    *_snapshot(), PrimaryKeyConstraint("event_id", "role", "position"),
    CheckConstraint("role IN ('actor', 'recipient', 'mediator', 'claimed_by')",
                    name="ck_event_role"),
    Index("ix_event_participants_actor_id", "actor_id"),
)  # fmt: skip
Table(
    "links", V1,
    Column("id", Text, primary_key=True), Column("doc_id", Text, _doc_fk(), nullable=False),
    Column("kind", Text, nullable=False), Column("issue", Text),
    Column("modality", Text, nullable=False), Column("date", Text),
    Column("sentence", Text, nullable=False), Column("sentence_start", Integer, nullable=False),
    Column("sentence_end", Integer, nullable=False), Column("confidence", Float, nullable=False),
    Index("ix_links_doc_id", "doc_id"),
)  # fmt: skip
Table(
    "link_participants", V1,
    Column("link_id", Text, ForeignKey("links.id", ondelete="CASCADE"), nullable=False),
    Column("role", Text, nullable=False), Column("position", Integer, nullable=False),
    *_snapshot(), PrimaryKeyConstraint("link_id", "role", "position"),
    CheckConstraint("role IN ('a', 'b', 'via')", name="ck_link_role"),
    Index("ix_link_participants_actor_id", "actor_id"),
)  # fmt: skip
Table(
    "relations", V1,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", Text, nullable=False), Column("a_id", Text, nullable=False),
    Column("b_id", Text, nullable=False), Column("via", JSON, nullable=False),
    Column("score", Float), Column("events", Integer, nullable=False), Column("first", Text),
    Column("last", Text), Column("issue", Text), Column("payload", JSON, nullable=False),
    Index("ix_relations_a_id", "a_id"), Index("ix_relations_b_id", "b_id"),
)  # fmt: skip
Table("schema_version", V1, Column("version", Integer, primary_key=True, autoincrement=False))

COUNTED = ("documents", "sentences", "mentions", "events", "event_participants", "links",
           "link_participants", "actors", "aliases", "relations")  # fmt: skip


# ---- writing version-1 rows, as the version-1 save path did ------------------------------


def _snapshot_row(m: Mention) -> dict[str, Any]:
    e = m.entity
    return {"actor_id": e.id, "raw_text": m.text, "start": m.start, "end": m.end,
            "name": e.name, "country": e.country, "sector": e.sector, "kind": e.kind,
            "wikidata_id": e.wikidata_id}  # fmt: skip


def _roles(owner: str, key: str, roles: dict[str, list[Mention]]) -> list[dict[str, Any]]:
    return [{key: owner, "role": role, "position": i, **_snapshot_row(m)}
            for role, ms in roles.items() for i, m in enumerate(ms)]  # fmt: skip


def _event_v1(ev: Event) -> dict[str, Any]:
    return {
        "id": ev.id, "doc_id": ev.doc_id, "event": ev.event, "mode": ev.mode,
        "context": ev.context, "quad_code": ev.quad_code, "intensity": ev.intensity,
        "cameo": ev.cameo, "modality": ev.modality, "historical": ev.historical,
        "date": ev.date, "date_precision": ev.date_precision, "date_source": ev.date_source,
        "location": ev.location, "sentence": ev.sentence, "sentence_start": ev.sentence_start,
        "sentence_end": ev.sentence_end, "event_text": ev.event_text,
        "confidence": ev.confidence, "issue": ev.issue,
    }  # fmt: skip


def _link_v1(link: Link) -> dict[str, Any]:
    return {
        "id": link.id, "doc_id": link.doc_id, "kind": link.kind, "issue": link.issue,
        "modality": link.modality, "date": link.date, "sentence": link.sentence,
        "sentence_start": link.sentence_start, "sentence_end": link.sentence_end,
        "confidence": link.confidence,
    }  # fmt: skip


def insert_v1(conn: Connection, a: Article, ingested_at: str) -> None:
    """One article's rows, table by table, through the frozen version-1 tables."""
    t = V1.tables
    d = a.doc
    conn.execute(t["documents"].insert(), [{
        "id": d.id, "content_hash": d.hash, "title": d.title, "url": d.url, "date": d.date,
        "source": d.source, "text": d.text, "ingested_at": ingested_at,
    }])  # fmt: skip
    conn.execute(t["sentences"].insert(), [
        {"doc_id": d.id, "idx": i, "start": s, "end": e, "text": txt}
        for i, (s, e, txt) in enumerate(a.sentences)
    ])  # fmt: skip
    seen = [*a.mentions, *(m for ev in a.events for m in (*ev.actor, *ev.recipient, *ev.mediator))]
    actors = {m.entity.id: m.entity for m in seen}
    stored = set(conn.execute(select(t["actors"].c.id)).scalars())
    new_actors = [e for i, e in actors.items() if i not in stored]
    if new_actors:
        conn.execute(t["actors"].insert(), [
            {"id": e.id, "name": e.name, "kind": e.kind, "country": e.country,
             "sector": e.sector, "wikidata_id": e.wikidata_id} for e in new_actors
        ])  # fmt: skip
    pairs = select(t["aliases"].c.actor_id, t["aliases"].c.text)
    known = {tuple(r) for r in conn.execute(pairs)}
    aliases = {(m.entity.id, m.text) for m in seen} - known
    if aliases:
        conn.execute(t["aliases"].insert(), [{"actor_id": i, "text": x} for i, x in aliases])
    rows = [{"doc_id": d.id, "actor_id": m.entity.id, "text": m.text, "start": m.start,
             "end": m.end, "label": None} for m in a.mentions]  # fmt: skip
    rows += [{"doc_id": d.id, "actor_id": None, "text": x, "start": s, "end": e, "label": lab}
             for x, s, e, lab in a.unresolved]  # fmt: skip
    if rows:
        conn.execute(t["mentions"].insert(), rows)
    for ev in a.events:
        conn.execute(t["events"].insert(), [_event_v1(ev)])
        claimed = [ev.claimed_by] if ev.claimed_by else []
        roles = {"actor": ev.actor, "recipient": ev.recipient, "mediator": ev.mediator,
                 "claimed_by": claimed}  # fmt: skip
        if parts := _roles(ev.id, "event_id", roles):
            conn.execute(t["event_participants"].insert(), parts)
    for link in a.links:
        conn.execute(t["links"].insert(), [_link_v1(link)])
        roles = {"a": [link.a], "b": [link.b], "via": link.via}
        conn.execute(t["link_participants"].insert(), _roles(link.id, "link_id", roles))


def make_v1(url: str, articles: list[Article], record_version: bool = True) -> dict[str, int]:
    """A version-1 database at `url` holding `articles`; its row counts per table."""
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            V1.create_all(conn)
            for i, a in enumerate(articles):
                insert_v1(conn, a, f"2024-06-01T00:00:{i:02d}+00:00")
            conn.execute(V1.tables["relations"].insert(), [{
                "kind": "patronage", "a_id": "Q794", "b_id": "Q41053", "via": [], "score": None,
                "events": 1, "first": None, "last": None, "issue": None, "payload": {"k": 1},
            }])  # fmt: skip
            if record_version:
                conn.execute(V1.tables["schema_version"].insert(), [{"version": 1}])
            return _counts(conn)
    finally:
        engine.dispose()


def _counts(conn: Connection) -> dict[str, int]:
    tables = {name: Table(name, MetaData()) for name in COUNTED}
    return {n: conn.execute(select(func.count()).select_from(t)).scalar_one()
            for n, t in tables.items()}  # fmt: skip


def raw_version(url: str) -> list[int]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return list(conn.execute(select(schema.schema_version.c.version)).scalars())
    finally:
        engine.dispose()


def event_columns(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return {c["name"] for c in inspect(conn).get_columns("events")}
    finally:
        engine.dispose()


@pytest.fixture
def articles() -> list[Article]:
    return [gulf_article(), levant_article()]


@pytest.fixture
def v1_url(store_url: str, articles: list[Article]) -> str:
    make_v1(store_url, articles)
    return store_url


STEP_2 = "2: group the events that report one happening (events.group_id, events.parties)"
STEP_3 = "3: index event participants by country and by actor, with their role and event"
STEP_4 = "4: index events by date then id, the order every event listing is read in"
STEP_5 = "5: keep the documents whose relations are not refreshed yet (pending_relations)"
LATEST = schema.SCHEMA_VERSION


# ---- the upgrade ---------------------------------------------------------------------------


def test_upgrade_keeps_every_event_and_row(store_url: str, articles: list[Article]) -> None:
    before = make_v1(store_url, articles)
    with Store(store_url) as store:
        stored = {e.id: e.to_contract() for e in store.events()}
        assert stored == {e.id: e.to_contract() for a in articles for e in a.events}
        assert store.links() == [link for a in articles for link in a.links]
        assert store.document("doc1") == articles[0].doc
        assert store.relations() == [{"k": 1}]
        assert store.count_events() == len(stored)
        with store.engine.connect() as conn:
            assert _counts(conn) == before
    assert raw_version(store_url) == [schema.SCHEMA_VERSION]


def test_upgrade_groups_the_old_events(v1_url: str) -> None:
    with Store(v1_url) as store:
        found = store.event_groups()
        assert sorted(m["id"] for g in found for m in g["members"]) == sorted(
            e.id for e in store.events()
        )
        with store.engine.connect() as conn:
            ungrouped = select(func.count()).where(schema.events.c.group_id.is_(None))
            assert conn.execute(ungrouped).scalar_one() == 0


def test_upgraded_schema_is_the_fresh_schema(v1_url: str) -> None:
    Store(v1_url).close()
    engine = create_engine(v1_url)
    with engine.connect() as conn:
        found = inspect(conn)
        for table in schema.metadata.sorted_tables:
            columns = {c["name"]: c["nullable"] for c in found.get_columns(table.name)}
            assert columns == {c.name: c.nullable for c in table.columns}, table.name
            indexes = {i["name"]: i["column_names"] for i in found.get_indexes(table.name)}
            declared = {i.name: [c.name for c in i.columns] for i in table.indexes}
            assert declared.items() <= indexes.items(), table.name
    engine.dispose()


def test_the_store_can_save_after_an_upgrade(v1_url: str) -> None:
    with Store(v1_url) as store:
        again = levant_article("doc3")
        again.doc.text += " More."
        assert store.save_document(**again.kwargs())
        assert store.count_events(doc_id="doc3") == 2


def test_dry_run_names_the_steps_and_changes_nothing(v1_url: str) -> None:
    with Store.from_url(v1_url, migrate=False) as store:
        assert store.upgrade(dry_run=True) == [STEP_2, STEP_3, STEP_4, STEP_5]
        assert raw_version(v1_url) == [1]
        assert "group_id" not in event_columns(v1_url)
        assert store.upgrade() == [STEP_2, STEP_3, STEP_4, STEP_5]
        assert raw_version(v1_url) == [LATEST]
        assert store.upgrade(dry_run=True) == []
        assert store.upgrade() == []


def test_an_empty_database_is_created_at_the_latest_version(store_url: str) -> None:
    with Store(store_url, migrate=False) as store:
        assert store.upgrade(dry_run=True) == [f"{LATEST}: create the schema"]
        assert store.upgrade() == [f"{LATEST}: create the schema"]
        assert store.upgrade() == []
        assert store.counts()["events"] == 0
    assert raw_version(store_url) == [LATEST]


def test_a_first_open_that_died_before_recording_the_version_counts_as_v1(
    store_url: str, articles: list[Article]
) -> None:
    make_v1(store_url, articles, record_version=False)
    with Store(store_url) as store:
        assert store.count_events() == 5
    assert raw_version(store_url) == [LATEST]


def test_a_newer_store_is_refused_with_a_fix(v1_url: str) -> None:
    engine = create_engine(v1_url)
    with engine.begin() as conn:
        conn.execute(update(schema.schema_version).values(version=7))
    engine.dispose()
    for migrate in (True, False):
        with pytest.raises(StoreError) as err:
            Store(v1_url, migrate=migrate)
        message = str(err.value)
        assert "\n" not in message and "schema version 7" in message
        assert "pip install -U realpolitik" in message and "--db" in message
    assert raw_version(v1_url) == [7]


def test_concurrent_opens_upgrade_once(v1_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Three processes (here: connections) open an old store at once; one step runs, once."""
    real = migrations.MIGRATIONS[2]
    runs: list[int] = []

    def slow_step(conn: Connection) -> None:
        """group the events (slowly)"""
        runs.append(1)
        time.sleep(0.3)
        real(conn)

    monkeypatch.setitem(migrations.MIGRATIONS, 2, slow_step)
    start = threading.Barrier(3)

    def open_store(_: int) -> int:
        start.wait()
        with Store(v1_url) as store:
            return store.count_events()

    with ThreadPoolExecutor(3) as pool:
        assert list(pool.map(open_store, range(3))) == [5, 5, 5]
    assert runs == [1]
    assert raw_version(v1_url) == [LATEST]


def test_a_failing_step_leaves_the_store_at_its_old_version(
    v1_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_step = migrations.MIGRATIONS[2]

    def broken(conn: Connection) -> None:
        """the whole step, then a failure before the version is recorded"""
        real_step(conn)
        conn.execute(select(func.no_such_function()))

    monkeypatch.setitem(migrations.MIGRATIONS, 2, broken)
    with pytest.raises(StoreError):
        Store(v1_url)
    assert raw_version(v1_url) == [1]
    assert "group_id" not in event_columns(v1_url)
    monkeypatch.setitem(migrations.MIGRATIONS, 2, real_step)
    with Store(v1_url) as store:
        assert store.count_events() == 5


def test_the_registry_is_ordered_and_documented() -> None:
    versions = sorted(migrations.MIGRATIONS)
    assert versions == list(range(2, schema.SCHEMA_VERSION + 1))
    assert migrations.latest() == schema.SCHEMA_VERSION
    assert all(step.__doc__ for step in migrations.MIGRATIONS.values())
    assert migrations.describe(2) == STEP_2
    assert migrations.describe(3) == STEP_3
    assert migrations.describe(4) == STEP_4
    assert migrations.describe(5) == STEP_5


def make_at(url: str, articles: list[Article], version: int) -> dict[str, int]:
    """A database at schema `version` holding `articles`, as the releases that shipped each
    step left it: version 1, then every step up to `version` run and recorded in turn."""
    counts = make_v1(url, articles)
    engine = create_engine(url)
    try:
        for step in range(2, version + 1):
            with engine.begin() as conn:
                migrations.MIGRATIONS[step](conn)
                conn.execute(update(schema.schema_version).values(version=step))
    finally:
        engine.dispose()
    return counts


def participant_indexes(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return {i["name"] for i in inspect(conn).get_indexes("event_participants")}
    finally:
        engine.dispose()


def test_a_v2_store_gets_the_country_index_and_keeps_its_rows(
    store_url: str, articles: list[Article]
) -> None:
    before = make_at(store_url, articles, 2)
    assert "ix_event_participants_country" not in participant_indexes(store_url)
    with Store.from_url(store_url, migrate=False) as store:
        assert store.upgrade(dry_run=True) == [STEP_3, STEP_4, STEP_5]
    with Store(store_url) as store:
        with store.engine.connect() as conn:
            assert _counts(conn) == before
        wanted = {
            e.id
            for a in articles
            for e in a.events
            if any(m.entity.country == "IRN" for m in (*e.actor, *e.recipient))
        }
        assert wanted and {e.id for e in store.events(actor="IRN")} == wanted
    assert {"ix_event_participants_country", "ix_event_participants_actor_role"} <= (
        participant_indexes(store_url)
    )
    assert raw_version(store_url) == [LATEST]


def event_indexes(url: str) -> dict[str, list[str | None]]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return {i["name"]: i["column_names"] for i in inspect(conn).get_indexes("events")}
    finally:
        engine.dispose()


def test_a_v3_store_gets_the_date_id_index_and_keeps_its_rows(
    store_url: str, articles: list[Article]
) -> None:
    before = make_at(store_url, articles, 3)
    assert "ix_events_date_id" not in event_indexes(store_url)
    with Store.from_url(store_url, migrate=False) as store:
        assert store.upgrade(dry_run=True) == [STEP_4, STEP_5]
        listed = [e.id for e in store.events()]
    with Store(store_url) as store:
        with store.engine.connect() as conn:
            assert _counts(conn) == before
        assert [e.id for e in store.events()] == listed
        assert [e.id for e in store.events(actor="IRN", limit=2, offset=1)] == [
            e.id for e in store.events(actor="IRN")
        ][1:3]
    assert event_indexes(store_url)["ix_events_date_id"] == ["date", "id"]
    assert raw_version(store_url) == [LATEST]


def test_a_v4_store_gets_an_empty_pending_list_and_keeps_its_rows(
    store_url: str, articles: list[Article]
) -> None:
    before = make_at(store_url, articles, 4)
    with Store.from_url(store_url, migrate=False) as store:
        assert store.upgrade(dry_run=True) == [STEP_5]
    with Store(store_url) as store:
        with store.engine.connect() as conn:
            assert _counts(conn) == before
        assert store.pending_relations() == {}  # the old cache was whole
        again = levant_article("doc-v5")
        again.doc.text += " Later."  # new content: the same text is stored already
        assert store.save_document(**again.kwargs())
        assert store.pending_relations() == {"doc-v5": False}
    assert raw_version(store_url) == [LATEST]
