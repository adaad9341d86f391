"""Fixtures for the store tests: a database URL per backend, and a store on it.

Every store test runs against a fresh SQLite file, and also against PostgreSQL when
REALPOLITIK_TEST_PG_URL names a server (e.g. postgresql+psycopg://postgres@localhost/test);
each PostgreSQL test gets its own schema, dropped afterwards. `corpus` is a store holding
the hand-built articles of store_corpus.py.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text
from store_corpus import Article, gulf_article, levant_article

from realpolitik.store import Store

PG_ENV = "REALPOLITIK_TEST_PG_URL"


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"set {PG_ENV} to run against PostgreSQL")
    yield from _pg_schema_url(base)


def _pg_schema_url(base: str) -> Iterator[str]:
    """A URL whose search_path is a fresh schema; the schema is dropped afterwards."""
    schema = f"rp_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


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
