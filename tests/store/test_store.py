"""The store keeps documents, events, links and relations, and gives them back exactly.

Each test runs on a fresh SQLite file, and on PostgreSQL too when REALPOLITIK_TEST_PG_URL
is set (see conftest.py). The corpus is built by hand (store_corpus.py): two short articles
whose events carry day, month, year and missing dates.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text, update
from store_corpus import QAT, Article, article, gulf_article, levant_article

from realpolitik.model import Entity, Event, Mention, Relation
from realpolitik.store import Store, StoreError, schema
from realpolitik.store.store import normalize_url


def relation(kind: str, a: Mention, b: Mention, via: list[Mention] | None = None) -> Relation:
    return Relation(kind=kind, a=a, b=b, via=via or [], score=0.4567, events=3,
                    first="2023", last="2024-03-01", issue=None)  # fmt: skip


# ---- fixtures ------------------------------------------------------------------------------


def ids(events: list[Event]) -> list[str]:
    return [e.id for e in events]


def assert_one_line(err: pytest.ExceptionInfo[StoreError]) -> str:
    message = str(err.value)
    assert message and "\n" not in message
    return message


# ---- round trips ---------------------------------------------------------------------------


def test_events_round_trip_exactly(corpus: Store, gulf: Article, levant: Article) -> None:
    stored = {e.id: e for e in corpus.events()}
    for event in gulf.events + levant.events:
        assert stored[event.id].to_contract() == event.to_contract()
        assert stored[event.id] == event


def test_links_round_trip(corpus: Store, gulf: Article, levant: Article) -> None:
    assert corpus.links() == gulf.links + levant.links
    assert corpus.links(doc_id="doc2") == levant.links


def test_document_round_trip_and_listing(corpus: Store, gulf: Article) -> None:
    assert corpus.document("doc1") == gulf.doc
    assert corpus.document("nope") is None
    listed = corpus.documents()
    assert [d["id"] for d in listed] == ["doc1", "doc2"]
    assert listed[0] == {
        "id": "doc1", "title": "Title of doc1", "date": "2024-01-16",
        "url": "https://example.org/doc1", "events": 3,
    }  # fmt: skip


def test_counts(corpus: Store, gulf: Article, levant: Article) -> None:
    assert corpus.counts() == {
        "documents": 2,
        "sentences": 8,
        "mentions": sum(len(a.mentions) + len(a.unresolved) for a in (gulf, levant)),
        "events": 5,
        "links": 2,
        "relations": 0,
    }


# ---- idempotence, replacement, rollback ----------------------------------------------------


def test_resave_same_content_is_a_no_op(corpus: Store, gulf: Article) -> None:
    before = corpus.counts()
    assert corpus.has_document(gulf.doc.hash)
    assert corpus.save_document(**gulf_article().kwargs()) is False
    assert corpus.counts() == before


def test_same_id_new_text_replaces(corpus: Store) -> None:
    new = article("doc1", ["Qatar hosted talks."], date="2024-06-01")
    qat = new.mention("Qatar", QAT)
    new.events.append(Event(
        id="doc1-s0-e1", doc_id="doc1", event="CONSULT", quad_code=1, intensity=1.0,
        actor=[qat], recipient=[], date="2024-06-01", **new.sentence(0),
    ))  # fmt: skip
    assert corpus.save_document(**new.kwargs()) is True
    assert corpus.document("doc1") == new.doc
    assert corpus.events(doc_id="doc1") == new.events
    assert corpus.links(doc_id="doc1") == []
    counts = corpus.counts()
    assert (counts["documents"], counts["sentences"], counts["events"]) == (2, 5, 3)
    assert [(d["id"], d["events"]) for d in corpus.documents()] == [("doc2", 2), ("doc1", 1)]


def test_failed_save_rolls_back(corpus: Store, gulf: Article) -> None:
    before = corpus.counts()
    bad = levant_article("doc3")
    bad.doc.text += " Something new."
    bad.events[1] = Event(**{**vars(bad.events[1]), "event": None})  # events.event: NOT NULL
    with pytest.raises(StoreError) as err:
        corpus.save_document(**bad.kwargs())
    message = assert_one_line(err)
    assert "doc3" in message and "nothing was written" in message
    assert corpus.counts() == before
    assert not corpus.has_document(bad.doc.hash)
    assert corpus.events(doc_id="doc1") == sorted(gulf.events, key=lambda e: str(e.date))


def test_failed_replacement_keeps_the_old_document(corpus: Store, gulf: Article) -> None:
    before = corpus.counts()
    new = gulf_article()
    new.doc.text += " A new closing sentence."
    usa = new.events[0].recipient[0]
    new.events[0].recipient = [Mention(**{**vars(usa), "start": None})]  # start: NOT NULL
    with pytest.raises(StoreError):
        corpus.save_document(**new.kwargs())
    assert corpus.counts() == before
    assert corpus.document("doc1") == gulf.doc
    assert {e.id for e in corpus.events(doc_id="doc1")} == {e.id for e in gulf.events}


# ---- event filters -------------------------------------------------------------------------

ALL_BY_DATE = ["doc1-s2-e1", "doc2-s0-e1", "doc1-s0-e1", "doc1-s1-e1", "doc2-s2-e1"]


def test_events_are_ordered_by_date_then_id_undated_last(corpus: Store) -> None:
    assert ids(corpus.events()) == ALL_BY_DATE
    assert ids(corpus.events(limit=2, offset=1)) == ["doc2-s0-e1", "doc1-s0-e1"]


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        ("Q794", ["doc1-s1-e1"]),  # Iran by id: recipient of the water deal
        ("IRN", ["doc1-s2-e1", "doc1-s0-e1", "doc1-s1-e1"]),  # + ministry, officials
        ("USA", ["doc1-s2-e1", "doc1-s0-e1", "doc2-s2-e1"]),
        ("QAT", []),  # only ever a mediator
        ("LBN", ["doc2-s0-e1"]),  # Hezbollah's country
    ],
)
def test_events_by_actor_id_or_country(corpus: Store, actor: str, expected: list[str]) -> None:
    assert ids(corpus.events(actor=actor)) == expected


@pytest.mark.parametrize(
    ("pair", "expected"),
    [
        (("IRN", "USA"), ["doc1-s2-e1", "doc1-s0-e1"]),  # both directions
        (("USA", "IRN"), ["doc1-s2-e1", "doc1-s0-e1"]),
        (("Q796", "Q794"), ["doc1-s1-e1"]),
        (("QAT", "IRN"), []),  # mediators are not a side
        (("ISR", "USA"), []),  # co-actors, not one on each side
    ],
)
def test_events_by_pair(corpus: Store, pair: tuple[str, str], expected: list[str]) -> None:
    assert ids(corpus.events(pair=pair)) == expected


@pytest.mark.parametrize(
    ("since", "until", "expected"),
    [
        ("2024-01", None, ["doc2-s0-e1", "doc1-s0-e1", "doc1-s1-e1"]),  # "2024" overlaps
        ("2024-03-10", None, ["doc2-s0-e1", "doc1-s1-e1"]),  # "2024-03" contains the day
        (None, "2024-01", ["doc1-s2-e1", "doc2-s0-e1", "doc1-s0-e1"]),  # 01-15 is in 2024-01
        ("2024-01", "2024-01", ["doc2-s0-e1", "doc1-s0-e1"]),
        ("2024", "2024", ["doc2-s0-e1", "doc1-s0-e1", "doc1-s1-e1"]),
        (None, "2023", ["doc1-s2-e1"]),
        ("2023-06", "2023-12-31", ["doc1-s2-e1"]),
        ("2025", None, []),
    ],
)
def test_events_by_date_range(
    corpus: Store, since: str | None, until: str | None, expected: list[str]
) -> None:
    assert ids(corpus.events(since=since, until=until)) == expected


def test_events_by_type_quad_modality_and_document(corpus: Store) -> None:
    assert ids(corpus.events(event_type="AGREE")) == ["doc1-s1-e1"]
    assert ids(corpus.events(quad=3)) == ["doc2-s0-e1", "doc1-s0-e1"]
    assert ids(corpus.events(modality="negated")) == ["doc1-s2-e1"]
    assert ids(corpus.events(modality="future")) == ["doc1-s1-e1"]
    assert ids(corpus.events(doc_id="doc2")) == ["doc2-s0-e1", "doc2-s2-e1"]
    assert ids(corpus.events(actor="IRN", quad=4, since="2023")) == ["doc1-s2-e1"]


# ---- actors, unknown names, relations ------------------------------------------------------


def test_actors_with_counts(corpus: Store) -> None:
    by_id = {a["id"]: a for a in corpus.actors()}
    assert by_id["Q30"] == {
        "id": "Q30", "name": "United States", "kind": "state", "country": "USA",
        "sector": None, "wikidata_id": "Q30", "mentions": 3, "events": 3,
    }  # fmt: skip
    assert (by_id["Q794"]["mentions"], by_id["Q794"]["events"]) == (2, 1)
    assert by_id["Q846"]["events"] == 1  # mediating counts as taking part
    assert corpus.actors()[0]["id"] == "Q30"  # most events first


def test_actor_snapshot_is_the_latest_but_events_keep_theirs(corpus: Store) -> None:
    renamed = Entity("Q794", "Islamic Republic of Iran", "IRN", None, "state", "Q794")
    a = article("doc4", ["The Islamic Republic of Iran protested."], date="2025-01-01")
    a.mention("Islamic Republic of Iran", renamed)
    assert corpus.save_document(**a.kwargs())
    assert {x["id"]: x["name"] for x in corpus.actors()}["Q794"] == "Islamic Republic of Iran"
    (deal,) = corpus.events(event_type="AGREE")
    assert deal.recipient[0].entity.name == "Iran"
    with corpus.engine.connect() as conn:
        forms = conn.execute(
            select(schema.aliases.c.text).where(schema.aliases.c.actor_id == "Q794")
        ).scalars()
        assert sorted(forms) == ["Iran", "Islamic Republic of Iran"]


def test_unknown_actors(corpus: Store) -> None:
    assert corpus.unknown_actors() == [
        {
            "text": "Houthi rebels", "count": 2, "documents": 2, "label": "NORP",
            "example": "Houthi rebels fired at ships.", "doc_id": "doc1",
        },
        {
            "text": "Kataib Hezbollah", "count": 1, "documents": 1, "label": "ORG",
            "example": "Kataib Hezbollah stayed silent.", "doc_id": "doc2",
        },
    ]  # fmt: skip
    assert [u["text"] for u in corpus.unknown_actors(limit=1)] == ["Houthi rebels"]


def test_relations_replace_and_filter(corpus: Store, gulf: Article, levant: Article) -> None:
    irq, irn, qat = gulf.links[0].a, gulf.links[0].b, gulf.links[0].via[0]
    mediation = relation("mediation", irq, irn, via=[qat])
    patronage = relation("patronage", levant.links[0].a, levant.links[0].b)
    corpus.replace_relations([mediation, patronage])
    assert corpus.relations() == [mediation.to_contract(), patronage.to_contract()]
    assert corpus.relations(kind="patronage") == [patronage.to_contract()]
    assert corpus.relations(actor="Q846") == [mediation.to_contract()]  # via Qatar
    assert corpus.relations(actor="LBN") == [patronage.to_contract()]  # by country
    assert corpus.relations(actor="IRN") == [mediation.to_contract(), patronage.to_contract()]
    assert corpus.relations(actor="Q8") == []  # part of an id is no match
    assert corpus.relations(actor="%") == [] and corpus.relations(actor='"') == []
    assert corpus.relations(kind="patronage", actor="Q846") == []
    corpus.replace_relations([patronage])
    assert corpus.relations() == [patronage.to_contract()]
    assert corpus.counts()["relations"] == 1


# ---- opening databases ---------------------------------------------------------------------


def test_sqlite_uses_wal_and_foreign_keys(tmp_path: Path) -> None:
    path = tmp_path / "wal.db"
    store = Store(f"sqlite:///{path}")
    with store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar_one() > 0
    store.close()
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_bare_path_means_sqlite(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    store = Store.from_url("bare.db")
    assert store.engine.dialect.name == "sqlite"
    store.close()
    assert (tmp_path / "bare.db").exists()
    assert normalize_url("/data/x.db") == "sqlite:////data/x.db"
    assert normalize_url("sqlite:///x.db") == "sqlite:///x.db"
    assert normalize_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalize_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"


def test_missing_directory_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as err:
        Store(f"sqlite:///{tmp_path}/no/such/dir/x.db")
    message = assert_one_line(err)
    assert "unable to open database file" in message and "--db" in message


def test_read_only_database_is_a_store_error(tmp_path: Path, gulf: Article) -> None:
    """`mode=ro` makes SQLite refuse writes even to root, unlike file permissions."""
    path = tmp_path / "ro.db"
    Store(f"sqlite:///{path}").close()
    ro = Store(f"sqlite:///file:{path}?mode=ro&uri=true")
    assert ro.counts()["documents"] == 0  # reading still works
    with pytest.raises(StoreError) as err:
        ro.save_document(**gulf.kwargs())
    message = assert_one_line(err)
    assert message.startswith("cannot write to sqlite:///file:")
    assert "attempt to write a readonly database" in message and "--db" in message
    ro.close()


def test_read_only_empty_file_fails_on_open(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    with pytest.raises(StoreError) as err:
        Store(f"sqlite:///file:{path}?mode=ro&uri=true")
    assert "readonly" in assert_one_line(err)


@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0,
    reason="root writes through directory permissions; the mode=ro tests cover read-only",
)
def test_unwritable_directory_is_a_store_error(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        with pytest.raises(StoreError) as err:
            Store(f"sqlite:///{locked}/x.db")
        assert "--db" in assert_one_line(err)
    finally:
        locked.chmod(0o755)


def test_unreachable_postgres_is_a_store_error() -> None:
    pytest.importorskip("psycopg")
    with pytest.raises(StoreError) as err:
        Store("postgresql://nobody:secret@127.0.0.1:1/nothing")
    message = assert_one_line(err)
    assert message.startswith("cannot connect to postgresql+psycopg://nobody:***@127.0.0.1:1")
    assert "secret" not in message


def test_unknown_schema_version_is_refused(store_url: str) -> None:
    store = Store(store_url)
    with store.engine.begin() as conn:
        conn.execute(update(schema.schema_version).values(version=99))
    store.close()
    with pytest.raises(StoreError) as err:
        Store(store_url)
    assert "schema version 99" in assert_one_line(err)


def test_reopening_keeps_the_data(store_url: str, gulf: Article) -> None:
    first = Store(store_url)
    first.save_document(**gulf.kwargs())
    first.close()
    again = Store(store_url)
    assert again.events() == sorted(gulf.events, key=lambda e: str(e.date))
    again.close()


# ---- reads the web needs -------------------------------------------------------------------


def test_sentences_of_a_document(corpus: Store, gulf: Article) -> None:
    assert corpus.sentences("doc1") == [
        {"idx": i, "start": start, "end": end, "text": sent}
        for i, (start, end, sent) in enumerate(gulf.sentences)
    ]
    assert corpus.sentences("nope") == []


def test_aliases_of_an_actor(corpus: Store) -> None:
    assert corpus.aliases("Q30") == ["American", "United States"]
    assert corpus.aliases("Q794") == ["Iran"]
    assert corpus.aliases("nope") == []


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"actor": "IRN"},
        {"actor": "Q794"},
        {"pair": ("USA", "IRN")},
        {"since": "2024-01", "until": "2024-01"},
        {"until": "2023"},
        {"event_type": "AGREE"},
        {"quad": 3},
        {"modality": "negated"},
        {"doc_id": "doc2"},
        {"actor": "IRN", "quad": 4, "since": "2023"},
        {"actor": "nobody"},
    ],
)
def test_count_events_counts_what_events_returns(corpus: Store, filters: dict[str, Any]) -> None:
    assert corpus.count_events(**filters) == len(corpus.events(**filters))


def test_count_events_ignores_paging(corpus: Store) -> None:
    assert corpus.count_events() == 5
    assert len(corpus.events(limit=2, offset=1)) == 2


def test_concurrent_relation_rebuilds_leave_one_copy(
    store_url: str, gulf: Article, levant: Article
) -> None:
    """Four rebuilds at once, from four connections: the cache ends with one copy, not four."""
    stores = [Store(store_url) for _ in range(4)]
    stores[0].save_document(**gulf.kwargs())
    irq, irn, qat = gulf.links[0].a, gulf.links[0].b, gulf.links[0].via[0]
    rels = [relation("mediation", irq, irn, via=[qat]),
            relation("patronage", levant.links[0].a, levant.links[0].b)]  # fmt: skip
    start = threading.Barrier(len(stores))

    def rebuild(store: Store) -> None:
        start.wait()
        for _ in range(5):
            store.replace_relations(rels)

    try:
        with ThreadPoolExecutor(len(stores)) as pool:
            list(pool.map(rebuild, stores))
        assert stores[0].relations() == [r.to_contract() for r in rels]
    finally:
        for store in stores:
            store.close()
