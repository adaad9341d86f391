"""Shared fixtures: one loaded engine per test session (loading spaCy takes seconds), and a
store URL per backend: SQLite always, PostgreSQL too when REALPOLITIK_TEST_PG_URL names a
server (e.g. postgresql+psycopg://postgres@localhost/test), each store in a fresh schema
dropped afterwards."""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, make_url, text

from realpolitik.api import get_engine
from realpolitik.engine import Engine
from realpolitik.model import Document, Event

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "corpus"
SHARED = ROOT.parent / "shared"
CONTRACT = SHARED / "contract"
PG_ENV = "REALPOLITIK_TEST_PG_URL"
BACKENDS = ("sqlite", "postgresql")


@contextmanager
def pg_schema_url(base: str, prefix: str = "rp_test") -> Iterator[str]:
    """A URL whose search_path is a fresh schema on `base`; the schema is dropped afterwards."""
    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
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


@contextmanager
def backend_url(backend: str, folder: Path, name: str = "store.db") -> Iterator[str]:
    """An empty store URL: a SQLite file in `folder`, or a fresh PostgreSQL schema (the
    test is skipped when REALPOLITIK_TEST_PG_URL is unset)."""
    if backend == "sqlite":
        yield f"sqlite:///{folder / name}"
        return
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"set {PG_ENV} to run against PostgreSQL")
    with pg_schema_url(base) as url:
        yield url


@pytest.fixture(scope="session")
def make_backend_url():  # type: ignore[no-untyped-def]
    """`backend_url` for fixtures of any scope: `with make_backend_url("sqlite", dir) as url`."""
    return backend_url


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty store per test, on each backend."""
    with backend_url(request.param, tmp_path) as url:
        yield url


@pytest.fixture(scope="session")
def engine() -> Engine:
    return get_engine()


@pytest.fixture(scope="session")
def code(engine: Engine):  # type: ignore[no-untyped-def]
    """Code one text (publication date 2024-03-20 unless given) and return its events."""

    def run(text: str, date: str = "2024-03-20") -> list[Event]:
        return engine.code_one(Document(id="t", text=text, date=date)).events

    return run


def _triples(events: list[Event]) -> list[tuple[str, list[str], list[str]]]:
    return [
        (e.event, [m.entity.id for m in e.actor], [m.entity.id for m in e.recipient])
        for e in events
    ]


@pytest.fixture(scope="session")
def triples():  # type: ignore[no-untyped-def]
    """(type, actor ids, recipient ids) per event: what most event tests assert on."""
    return _triples


@pytest.fixture(scope="session")
def validator():  # type: ignore[no-untyped-def]
    """Validate a dict against one of ../shared/contract/*.schema.json."""
    if not CONTRACT.is_dir():
        pytest.skip("../shared/contract not present: contract schemas live there")
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource

    schemas = {p.name: json.loads(p.read_text()) for p in CONTRACT.glob("*.schema.json")}
    registry = Registry().with_resources(
        (name, Resource.from_contents(schema)) for name, schema in schemas.items()
    )

    def validate(instance: dict[str, Any], schema: str) -> None:
        Draft202012Validator(schemas[schema], registry=registry).validate(instance)

    return validate


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A SQLite store of the bundled sample corpus, ingested once per test session."""
    from realpolitik.api import ingest

    db = f"sqlite:///{tmp_path_factory.mktemp('samples') / 'samples.db'}"
    assert ingest([SAMPLES], db).stored == 10
    return db
