"""A store URL per backend for the relations tests: SQLite always, PostgreSQL too when
REALPOLITIK_TEST_PG_URL names a server (each test then gets its own schema, dropped after)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text

PG_ENV = "REALPOLITIK_TEST_PG_URL"


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    if request.param == "postgresql" and not os.environ.get(PG_ENV):
        pytest.skip(f"set {PG_ENV} to run against PostgreSQL")
    return str(request.param)


@pytest.fixture
def new_store_url(backend: str, tmp_path: Path) -> Iterator[object]:
    """A factory of fresh, empty store URLs on the test's backend."""
    made: list[str] = []
    admin = create_engine(os.environ[PG_ENV]) if backend == "postgresql" else None

    def make(name: str) -> str:
        if admin is None:
            return f"sqlite:///{tmp_path / name}.db"
        schema = f"rp_rel_{uuid.uuid4().hex[:12]}"
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        made.append(schema)
        url = make_url(os.environ[PG_ENV]).update_query_dict({"options": f"-csearch_path={schema}"})
        return url.render_as_string(hide_password=False)

    yield make
    if admin is not None:
        with admin.begin() as conn:
            for schema in made:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
