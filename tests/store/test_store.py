"""The store keeps documents, events, links and relations, and gives them back exactly.

Each test runs on a fresh SQLite file, and on PostgreSQL too when REALPOLITIK_TEST_PG_URL
is set (see conftest.py). The corpus below is built by hand: two short articles whose
events carry day, month, year and missing dates.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text, update

from realpolitik.model import Document, Entity, Event, Link, Mention, Relation
from realpolitik.store import Store, StoreError, schema
from realpolitik.store.store import normalize_url

# ---- a hand-built corpus ------------------------------------------------------------------

IRN = Entity("Q794", "Iran", "IRN", None, "state", "Q794")
IRN_MFA = Entity("Q1136339", "Ministry of Foreign Affairs of Iran", "IRN", "GOV", "state_organ")
IRN_GOV = Entity("IRN-GOV", "Government of Iran", "IRN", "GOV", "state_organ")
USA = Entity("Q30", "United States", "USA", None, "state", "Q30")
IRQ = Entity("Q796", "Iraq", "IRQ", None, "state", "Q796")
QAT = Entity("Q846", "Qatar", "QAT", None, "state", "Q846")
ISR = Entity("Q801", "Israel", "ISR", None, "state", "Q801")
HEZ = Entity("Q41053", "Hezbollah", "LBN", "REB", "armed_group", "Q41053")


@dataclass
class Article:
    """Everything `Store.save_document` takes for one document."""

    doc: Document
    sentences: list[tuple[int, int, str]]
    mentions: list[Mention] = field(default_factory=list)
    unresolved: list[tuple[str, int, int, str]] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)

    def kwargs(self) -> dict[str, Any]:
        return {
            "doc": self.doc, "sentences": self.sentences, "mentions": self.mentions,
            "unresolved": self.unresolved, "events": self.events, "links": self.links,
        }  # fmt: skip

    def mention(self, surface: str, entity: Entity, sentence: int = 0) -> Mention:
        """A mention of `entity` at the first `surface` in or after sentence `sentence`."""
        start = self.doc.text.index(surface, self.sentences[sentence][0])
        m = Mention(entity, surface, start, start + len(surface))
        self.mentions.append(m)
        return m

    def unknown(self, surface: str, label: str) -> None:
        start = self.doc.text.index(surface)
        self.unresolved.append((surface, start, start + len(surface), label))

    def sentence(self, idx: int) -> dict[str, Any]:
        start, end, sent = self.sentences[idx]
        return {"sentence": sent, "sentence_start": start, "sentence_end": end}


def article(doc_id: str, sentences: list[str], date: str | None = "2024-01-16") -> Article:
    """A document whose text is `sentences` joined by spaces, with their offsets."""
    spans, pos = [], 0
    for sent in sentences:
        spans.append((pos, pos + len(sent), sent))
        pos += len(sent) + 1
    doc = Document(
        id=doc_id, text=" ".join(sentences), date=date, url=f"https://example.org/{doc_id}",
        title=f"Title of {doc_id}", source=f"samples/{doc_id}.txt",
    )  # fmt: skip
    return Article(doc, spans)


def gulf_article(doc_id: str = "doc1") -> Article:
    """Three events (day, month and year dates) and a mediation link."""
    a = article(doc_id, [
        "Iran's foreign ministry accused the United States of sabotage on Monday.",
        "Iraq will sign a water deal with Iran, Qatar said.",
        "The United States did not sanction Iranian officials in 2023.",
        "Houthi rebels fired at ships.",
    ])  # fmt: skip
    mfa, usa = a.mention("Iran's foreign ministry", IRN_MFA), a.mention("United States", USA)
    irq, irn, qat = a.mention("Iraq", IRQ, 1), a.mention("Iran", IRN, 1), a.mention("Qatar", QAT, 1)
    usa2, officials = a.mention("United States", USA, 2), a.mention("Iranian officials", IRN_GOV, 2)
    a.unknown("Houthi rebels", "NORP")
    a.events += [
        Event(
            id=f"{doc_id}-s0-e1", doc_id=doc_id, event="ACCUSE", quad_code=3, intensity=-2.5,
            actor=[mfa], recipient=[usa], mode="allegation", context=["military", "cyber"],
            cameo="112", claimed_by=mfa, date="2024-01-15", date_precision="day",
            date_source="relative", location={"name": "Tehran", "country": "IRN"},
            event_text="accused", confidence=0.81234, **a.sentence(0),
        ),
        Event(
            id=f"{doc_id}-s1-e1", doc_id=doc_id, event="AGREE", quad_code=1, intensity=3.0,
            actor=[irq], recipient=[irn], mediator=[qat], modality="future", date="2024-03",
            date_precision="month", date_source="text", issue="water", **a.sentence(1),
        ),
        Event(
            id=f"{doc_id}-s2-e1", doc_id=doc_id, event="SANCTION", quad_code=4,
            intensity=-5.0, actor=[usa2], recipient=[officials], modality="negated",
            historical=True, date="2023", date_precision="year", date_source="text",
            **a.sentence(2),
        ),
    ]  # fmt: skip
    a.links.append(Link(
        id=f"{doc_id}-l1", doc_id=doc_id, kind="mediation", a=irq, b=irn, via=[qat],
        issue="water", modality="future", date="2024-03", confidence=0.7, **a.sentence(1),
    ))  # fmt: skip
    return a


def levant_article(doc_id: str = "doc2") -> Article:
    """A year-dated event, an undated one, a patronage link and two unknown names."""
    a = article(doc_id, [
        "In 2024 the Iran-backed Hezbollah threatened Israel.",
        "Houthi rebels praised the statement.",
        "Israeli and American officials met.",
        "Kataib Hezbollah stayed silent.",
    ], date="2024-05-02")  # fmt: skip
    irn, hez, isr = a.mention("Iran", IRN), a.mention("Hezbollah", HEZ), a.mention("Israel", ISR)
    isr_off, usa_off = a.mention("Israeli", ISR, 2), a.mention("American", USA, 2)
    a.unknown("Houthi rebels", "NORP")
    a.unknown("Kataib Hezbollah", "ORG")
    a.events += [
        Event(
            id=f"{doc_id}-s0-e1", doc_id=doc_id, event="THREATEN", quad_code=3, intensity=-4.0,
            actor=[hez], recipient=[isr], date="2024", date_precision="year",
            date_source="text", **a.sentence(0),
        ),
        Event(
            id=f"{doc_id}-s2-e1", doc_id=doc_id, event="CONSULT", quad_code=1, intensity=1.0,
            actor=[isr_off, usa_off], recipient=[], **a.sentence(2),
        ),
    ]  # fmt: skip
    a.links.append(Link(id=f"{doc_id}-l1", doc_id=doc_id, kind="patronage", a=irn, b=hez,
                        **a.sentence(0)))  # fmt: skip
    return a


def relation(kind: str, a: Mention, b: Mention, via: list[Mention] | None = None) -> Relation:
    return Relation(kind=kind, a=a, b=b, via=via or [], score=0.4567, events=3,
                    first="2023", last="2024-03-01", issue=None)  # fmt: skip


# ---- fixtures ------------------------------------------------------------------------------


@pytest.fixture
def gulf() -> Article:
    return gulf_article()


@pytest.fixture
def levant() -> Article:
    return levant_article()


@pytest.fixture
def corpus(store: Store, gulf: Article, levant: Article) -> Store:
    assert store.save_document(**gulf.kwargs())
    assert store.save_document(**levant.kwargs())
    return store


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
