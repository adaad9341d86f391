"""A page of a busy actor's events is read by walking every event in date order and keeping
the actor's (`store._walk_pays` decides when that beats collecting and sorting all of the
actor's events); either way the page is the same slice of the full listing.

Runs on SQLite and, with REALPOLITIK_TEST_PG_URL set, on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import text
from store_corpus import IRN, IRQ, ISR, Article, add_event, article

from realpolitik.store import Store
from realpolitik.store import store as store_module

DATES = ["2024-03-15", "2024", None, "2023-11", "2024-03", "2024-03-15", None, "2022-01-02"]
N_DOCS, PER_DOC = 3, 20


def busy_article(n: int) -> Article:
    """Twenty events of Iran against Iraq on repeating dates (ties, coarse and missing
    ones), and in the first document one of Israel against Iran."""
    lines = [f"Iran warned Iraq over the border, notice {n}.{i}." for i in range(PER_DOC)]
    a = article(f"busy{n}", [*lines, "Israel accused Iran again."])
    for i in range(PER_DOC):
        add_event(a, i, "THREATEN", [("Iran", IRN)], [("Iraq", IRQ)], date=DATES[(n + i) % 8])
    if n == 0:
        add_event(a, PER_DOC, "ACCUSE", [("Israel", ISR)], [("Iran", IRN)], date="2021")
    return a


@pytest.fixture
def busy(store: Store) -> Iterator[Store]:
    """A store of 61 events, Iran in all of them, Israel in one; planner statistics taken
    (PostgreSQL's row estimate stays unknown until then)."""
    for n in range(N_DOCS):
        assert store.save_document(**busy_article(n).kwargs())
    with store.engine.begin() as conn:
        conn.execute(text("ANALYZE"))
    yield store


def test_a_busy_actor_is_walked_a_rare_one_is_not(busy: Store) -> None:
    with busy.engine.connect() as conn:
        assert store_module._walk_pays(conn, "IRN", 5)  # in 61 of 61 events
        assert store_module._walk_pays(conn, "Q794", 5)
        assert not store_module._walk_pays(conn, "ISR", 5)  # in 1
        assert not store_module._walk_pays(conn, "IRN", 10_000)  # a page bigger than the store


@pytest.fixture
def walked(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """What the store chose (walk or not) on each `_walk_pays` call, in order."""
    found: list[bool] = []
    real = store_module._walk_pays

    def spy(conn, who, rows):  # type: ignore[no-untyped-def]
        found.append(real(conn, who, rows))
        return found[-1]

    monkeypatch.setattr(store_module, "_walk_pays", spy)
    return found


@pytest.mark.parametrize("actor", ["IRN", "Q794", "IRQ"])
@pytest.mark.parametrize(("limit", "offset"), [(5, 0), (7, 3), (10, 25), (10, 40), (8, 44)])
def test_a_page_is_the_slice_of_the_full_listing(
    busy: Store, walked: list[bool], actor: str, limit: int, offset: int
) -> None:
    full = busy.events(actor=actor)
    assert len(full) == (N_DOCS * PER_DOC + (actor != "IRQ"))
    page = busy.events(actor=actor, limit=limit, offset=offset)
    assert walked == [True]
    assert page == full[offset : offset + limit]


def test_a_rare_actor_and_filtered_pages_are_not_walked(busy: Store, walked: list[bool]) -> None:
    assert [e.id for e in busy.events(actor="ISR", limit=5)] == ["busy0-s20-e1"]
    assert walked == [False]
    dated = busy.events(actor="IRN", since="2024-03", limit=4)
    assert walked == [False]  # another filter: the walk is not tried
    assert dated == busy.events(actor="IRN", since="2024-03")[:4]


def test_a_pair_is_read_from_its_rarer_party(busy: Store) -> None:
    with busy.engine.connect() as conn:
        assert store_module._rarer_first(conn, ("IRN", "ISR")) == ("ISR", "IRN")
        assert store_module._rarer_first(conn, ("ISR", "IRN")) == ("ISR", "IRN")
        assert store_module._rarer_first(conn, ("IRQ", "IRN")) == ("IRQ", "IRN")  # 60 < 61
    for pair in (("IRN", "ISR"), ("ISR", "IRN")):
        assert [e.id for e in busy.events(pair=pair)] == ["busy0-s20-e1"]
        assert busy.count_events(pair=pair) == 1
        (group,) = busy.event_groups(pair=pair)
        assert [m["id"] for m in group["members"]] == ["busy0-s20-e1"]
    assert len(busy.events(pair=("IRQ", "IRN"))) == N_DOCS * PER_DOC
