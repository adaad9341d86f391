"""Fixtures for the store tests: a store on each backend (`store_url` of tests/conftest.py:
a fresh SQLite file, and a fresh PostgreSQL schema when REALPOLITIK_TEST_PG_URL is set).
`corpus` is a store holding the hand-built articles of store_corpus.py.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from store_corpus import Article, gulf_article, levant_article

from realpolitik.store import Store


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    s = Store(store_url)
    yield s
    s.close()


@pytest.fixture
def gulf() -> Article:
    return gulf_article()


@pytest.fixture
def levant() -> Article:
    return levant_article()


@pytest.fixture
def corpus(store: Store, gulf: Article, levant: Article) -> Store:
    """A store holding the gulf and levant articles."""
    assert store.save_document(**gulf.kwargs())
    assert store.save_document(**levant.kwargs())
    return store
