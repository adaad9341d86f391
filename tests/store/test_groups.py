"""One event, many reports: the store groups the events that report the same happening.

Articles are written for the purpose (store_corpus.py): two report the Muscat meeting of
Iran's and Oman's foreign ministers on 3 March 2024 in other words, one the Tehran meeting a
month later. The rules under test are in `realpolitik.store.groups`.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from store_corpus import (
    HEZ,
    IRN,
    IRN_FM,
    IRN_MFA,
    MUSCAT,
    OMN,
    OMN_FM,
    QAT,
    TEHRAN,
    Article,
    add_event,
    article,
    meeting_articles,
    muscat_a,
    muscat_b,
)

from realpolitik.engine import Engine
from realpolitik.model import Document, Entity
from realpolitik.store import Store

IRAN_OMAN = [("Iran", IRN_FM), ("Oman", OMN_FM)]


def one_report(doc_id: str, date: str | None, text: str = "Iran and Oman held talks", **kw: Any
               ) -> Article:  # fmt: skip
    """An article whose one sentence reports (by default) a CONSULT between Iran and Oman."""
    a = article(doc_id, [f"{text}, report {doc_id} says."], date="2024-03-10")
    add_event(a, 0, kw.pop("event", "CONSULT"), kw.pop("actors", IRAN_OMAN), date=date, **kw)
    return a


def save(store: Store, *articles: Article) -> None:
    for a in articles:
        assert store.save_document(**a.kwargs())


def member_ids(store: Store) -> list[list[str]]:
    return [[m["id"] for m in g["members"]] for g in store.event_groups()]


# ---- the purpose-written articles ----------------------------------------------------------


def test_two_reports_of_one_meeting_make_one_group(store: Store) -> None:
    save(store, *meeting_articles())
    muscat, tehran = store.event_groups()
    assert muscat == {
        "group_id": "g-muscat-a-s0-e1", "event": "CONSULT", "quad_code": 1,
        "modality": "asserted", "date": "2024-03-03", "date_precision": "day",
        "location": MUSCAT, "parties": ["IRN", "OMN"], "mentions": 2, "sources": 2,
        "actors": [IRN_FM.to_contract("Iranian"), OMN_FM.to_contract("Omani")],
        "recipients": [],
        "members": [
            {"id": "muscat-a-s0-e1", "doc_id": "muscat-a", "date": "2024-03-03",
             "sentence": "Iranian and Omani foreign ministers met in Muscat on 3 March 2024."},
            {"id": "muscat-b-s0-e1", "doc_id": "muscat-b", "date": "2024-03-03",
             "sentence": "Oman's top diplomat hosted his Iranian counterpart in the Omani "
                         "capital on Sunday."},
        ],
    }  # fmt: skip
    assert (tehran["date"], tehran["location"], tehran["mentions"], tehran["sources"]) == (
        "2024-04-05", TEHRAN, 1, 1,
    )  # fmt: skip
    assert [m["id"] for m in tehran["members"]] == ["tehran-c-s0-e1"]


def test_reingesting_changes_nothing(store: Store) -> None:
    save(store, *meeting_articles())
    before, counts = store.event_groups(), store.counts()
    for a in meeting_articles():
        assert store.save_document(**a.kwargs()) is False
    assert store.event_groups() == before
    assert store.counts() == counts


def test_reports_within_one_article_are_mentions_not_sources(store: Store) -> None:
    b = article("muscat-b", [
        "Oman's top diplomat hosted his Iranian counterpart on Sunday.",
        "Badr Albusaidi and Hossein Amir-Abdollahian talked for three hours.",
    ], date="2024-03-05")  # fmt: skip
    add_event(b, 0, "CONSULT", [("Oman's top diplomat", OMN_FM)],
              [("Iranian counterpart", IRN_FM)], "2024-03-03", MUSCAT)  # fmt: skip
    add_event(b, 1, "CONSULT", [("Badr Albusaidi", OMN_FM), ("Hossein Amir-Abdollahian", IRN_FM)],
              date="2024-03-03")  # fmt: skip
    save(store, muscat_a(), b)
    (group,) = store.event_groups()
    assert (group["mentions"], group["sources"]) == (3, 2)
    assert [m["id"] for m in group["members"]] == [
        "muscat-a-s0-e1", "muscat-b-s0-e1", "muscat-b-s1-e1",
    ]  # fmt: skip


def test_every_event_belongs_to_one_group(corpus: Store) -> None:
    save(corpus, *meeting_articles())
    found = corpus.event_groups()
    members = [m["id"] for g in found for m in g["members"]]
    assert sorted(members) == sorted(e.id for e in corpus.events())
    assert sum(g["mentions"] for g in found) == corpus.count_events() == 8


# ---- the rule ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second", "merged"),
    [
        ("2024-03-03", "2024-03-03", True),
        ("2024-03-03", "2024-03-06", True),  # three days apart: within the window
        ("2024-03-03", "2024-03-07", False),  # four
        ("2024-03-30", "2024-04-01", True),  # across a month's end
        ("2024-03-03", "2024-03", True),  # a day and the month it is in
        ("2024-03", "2024-03-28", True),
        ("2024-03", "2024-03", True),
        ("2024-02-28", "2024-03", False),
        ("2024-03", "2024-04", False),
        ("2024", "2024", False),  # a year names too much to merge across articles
        (None, None, False),  # undated: never across articles
        ("2024-03-03", None, False),
    ],
)
def test_the_date_window(store: Store, first: str | None, second: str | None, merged: bool) -> None:
    save(store, one_report("a", first), one_report("b", second))
    assert len(store.event_groups()) == (1 if merged else 2)


@pytest.mark.parametrize(
    ("change", "merged"),
    [
        ({}, True),
        ({"actors": [("Oman", OMN_FM)], "recipients": [("Iran", IRN_FM)]}, True),  # roles swap
        ({"actors": [("Iran", IRN_MFA), ("Oman", OMN)]}, True),  # other organs, same states
        ({"location": None}, True),  # a missing place fits any
        ({"location": {"name": "Salalah", "country": "OMN"}}, True),  # same country
        ({"location": TEHRAN}, False),
        ({"event": "AGREE"}, False),
        ({"modality": "future"}, False),  # "will meet" is not "met"
        ({"modality": "negated"}, False),
        ({"actors": [("Iran", IRN_FM), ("Oman", QAT)]}, False),  # other parties
        ({"actors": [("Iran", IRN_FM)]}, False),
    ],
)
def test_what_keeps_reports_apart(store: Store, change: dict[str, Any], merged: bool) -> None:
    first = one_report("a", "2024-03-03", location=MUSCAT)
    second = one_report("b", "2024-03-03", **{"location": MUSCAT, **change})
    save(store, first, second)
    assert len(store.event_groups()) == (1 if merged else 2)


def test_groups_do_not_chain(store: Store) -> None:
    save(store, one_report("a", "2024-03-01"), one_report("b", "2024-03-04"),
         one_report("c", "2024-03-07"))  # fmt: skip
    assert member_ids(store) == [["a-s0-e1", "b-s0-e1"], ["c-s0-e1"]]


def test_a_report_joins_the_larger_group(store: Store) -> None:
    save(store, one_report("a", "2024-03-01"), one_report("b", "2024-03-02"),
         one_report("c", "2024-03-05"), one_report("d", "2024-03-04"))  # fmt: skip
    assert member_ids(store) == [["a-s0-e1", "b-s0-e1", "d-s0-e1"], ["c-s0-e1"]]


def test_undated_reports_merge_within_their_article_only(store: Store) -> None:
    a = article("a", ["Iran and Oman held talks.", "Iran and Oman talked again."])
    add_event(a, 0, "CONSULT", IRAN_OMAN)
    add_event(a, 1, "CONSULT", [("Iran", IRN_FM)], [("Oman", OMN_FM)])
    save(store, a, one_report("b", None))
    assert member_ids(store) == [["a-s0-e1", "a-s1-e1"], ["b-s0-e1"]]


def test_non_state_actors_are_parties_by_entity(store: Store) -> None:
    other = Entity("Q1", "Amal Movement", "LBN", "REB", "armed_group")
    first = one_report("a", "2024-03-03", "Hezbollah fired on Iran", event="ASSAULT",
                       actors=[("Hezbollah", HEZ)], recipients=[("Iran", IRN)])  # fmt: skip
    second = one_report("b", "2024-03-03", "Amal fired on Iran", event="ASSAULT",
                        actors=[("Amal", other)], recipients=[("Iran", IRN)])  # fmt: skip
    save(store, first, second)
    assert len(store.event_groups()) == 2


def test_an_event_without_parties_stands_alone(store: Store) -> None:
    save(store, one_report("a", "2024-03-03", actors=[]), one_report("b", "2024-03-03", actors=[]))
    assert member_ids(store) == [["a-s0-e1"], ["b-s0-e1"]]


def test_replacing_an_article_regroups_it(store: Store) -> None:
    save(store, muscat_a(), muscat_b())
    later = article("muscat-b", ["Oman's top diplomat hosted his Iranian counterpart."],
                    date="2024-03-21")  # fmt: skip
    add_event(later, 0, "CONSULT", [("Oman's top diplomat", OMN_FM)],
              [("Iranian counterpart", IRN_FM)], "2024-03-20", MUSCAT)  # fmt: skip
    save(store, later)
    assert member_ids(store) == [["muscat-a-s0-e1"], ["muscat-b-s0-e1"]]
    first, second = store.event_groups()
    assert first["group_id"] != second["group_id"]
    save(store, muscat_b())
    assert member_ids(store) == [["muscat-a-s0-e1", "muscat-b-s0-e1"]]


# ---- reading -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["2024-03-03", "2024-04-05"]),
        ({"actor": "OMN"}, ["2024-03-03", "2024-04-05"]),
        ({"actor": "IRN-FM"}, ["2024-03-03", "2024-04-05"]),
        ({"pair": ("IRN", "OMN")}, ["2024-03-03"]),  # only muscat-b has one on each side
        ({"since": "2024-04"}, ["2024-04-05"]),
        ({"until": "2024-03"}, ["2024-03-03"]),
        ({"event_type": "AGREE"}, []),
        ({"modality": "asserted"}, ["2024-03-03", "2024-04-05"]),
        ({"limit": 1}, ["2024-03-03"]),
        ({"limit": 1, "offset": 1}, ["2024-04-05"]),
        ({"actor": "QAT"}, []),
    ],
)
def test_filters(store: Store, filters: dict[str, Any], expected: list[str]) -> None:
    save(store, *meeting_articles())
    found = store.event_groups(**filters)
    assert [g["date"] for g in found] == expected
    assert all(g["mentions"] == len(g["members"]) for g in found)
    if filters.get("pair"):
        assert found[0]["mentions"] == 2  # a group comes whole, not just the matching member


# ---- concurrency ---------------------------------------------------------------------------


def test_concurrent_saves_of_one_event_share_a_group(store_url: str) -> None:
    """Four processes (here: connections) store four reports of one meeting at once."""
    reports = [one_report(f"r{i}", "2024-03-03") for i in range(4)]
    stores = [Store(store_url) for _ in reports]
    start = threading.Barrier(len(stores))

    def save_one(pair: tuple[Store, Article]) -> None:
        start.wait()
        save(pair[0], pair[1])

    try:
        with ThreadPoolExecutor(len(stores)) as pool:
            list(pool.map(save_one, zip(stores, reports, strict=True)))
        (group,) = stores[0].event_groups()
        assert group["mentions"] == 4
    finally:
        for s in stores:
            s.close()


# ---- end to end, through the real coder ----------------------------------------------------


ARTICLES = {
    "muscat-a": ("The foreign ministers of Iran and Oman met in Muscat on 3 March 2024 to "
                 "discuss regional security.", "2024-03-04"),
    "muscat-b": ("Omani Foreign Minister Badr Albusaidi held talks with Iranian Foreign Minister "
                 "Hossein Amir-Abdollahian in Muscat on Sunday.", "2024-03-04"),
    "tehran-c": ("Iranian and Omani foreign ministers met again in Tehran on 5 April 2024.",
                 "2024-04-06"),
}  # fmt: skip


def test_coded_articles_group_as_written(store: Store, engine: Engine) -> None:
    """The same three stories in prose, coded by the engine and saved as ingest saves them."""
    for doc_id, (text, date) in ARTICLES.items():
        coded = engine.code_one(Document(id=doc_id, text=text, date=date))
        assert store.save_document(coded.document, coded.sentences, coded.mentions,
                                   coded.unresolved, coded.events, coded.links)  # fmt: skip
    found = store.event_groups(pair=("IRN", "OMN"), event_type="CONSULT")
    assert [(g["date"], g["mentions"], g["sources"]) for g in found] == [
        ("2024-03-03", 2, 2), ("2024-04-05", 1, 1),
    ]  # fmt: skip
