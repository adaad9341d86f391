"""Shared fixtures: one loaded engine per test session (loading spaCy takes seconds)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from realpolitik.api import get_engine
from realpolitik.engine import Engine
from realpolitik.model import Document, Event

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "corpus"
SHARED = ROOT.parent / "shared"
CONTRACT = SHARED / "contract"


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
