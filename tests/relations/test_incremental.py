"""Relations refreshed incrementally (only the pairs new documents touch) end exactly as a
full rebuild leaves them, on SQLite and, when configured, PostgreSQL. Articles written for
this test; the second batch adds to pairs the first one holds, and opens new ones."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from realpolitik.api import IngestReport, get_engine, ingest, refresh_relations, save_coded
from realpolitik.model import Document
from realpolitik.store import Store

BATCH_A = [
    {
        "id": "a1",
        "date": "2024-02-05",
        "text": "Iran and Russia signed a defence cooperation agreement in Moscow on Monday. "
        "Iran-backed militias attacked a US base in Syria on Sunday.",
    },
    {
        "id": "a2",
        "date": "2024-02-20",
        "text": "The United States accused Iran of arming the Houthis. Oman hosted talks "
        "between Iran and the United States in Muscat on Tuesday.",
    },
]
BATCH_B = [
    {"id": "b1", "date": "2024-03-04",
     "text": "Russia criticised Iran on Sunday for delaying the gas deal. Oman mediated "
             "new talks between Iran and the United States on Saturday."},
    {"id": "b2", "date": "2024-03-10",
     "text": "Qatar and Turkey have long been allies. The United States imposed new "
             "sanctions on Iran on Friday. Iran-backed militias attacked a US convoy."},
]  # fmt: skip


def _write(path: Path, batch: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(d) + "\n" for d in batch), encoding="utf-8")
    return path


def _relations(db: str) -> list[dict[str, Any]]:
    with Store(db) as store:
        return store.relations()


def test_incremental_refresh_equals_full_rebuild(
    new_store_url: Callable[[str], str], tmp_path: Path
) -> None:
    a, b = _write(tmp_path / "a.jsonl", BATCH_A), _write(tmp_path / "b.jsonl", BATCH_B)
    full = new_store_url("full")
    assert ingest([a, b], full).ok
    with Store(full) as store:
        refresh_relations(store)  # the reference: every relation aggregated from scratch

    step = new_store_url("step")
    assert ingest([a], step).ok
    after_a = _relations(step)
    engine = get_engine()
    with Store(step) as store:
        report = IngestReport()
        for doc in BATCH_B:
            coded = engine.code_one(Document(id=doc["id"], text=doc["text"], date=doc["date"]))
            assert save_coded(store, coded, report, lambda *_: None) == "stored"
        refresh_relations(store, doc_ids=[d["id"] for d in BATCH_B])
    incremental = _relations(step)

    assert incremental != after_a  # B changed pairs A held, and added new ones
    assert incremental == _relations(full)  # same rows, same order
    with Store(step) as store:
        refresh_relations(store)  # and a rebuild in place changes nothing
    assert _relations(step) == incremental


def test_refresh_of_untouched_documents_changes_nothing(
    new_store_url: Callable[[str], str], tmp_path: Path
) -> None:
    db = new_store_url("same")
    assert ingest([_write(tmp_path / "a.jsonl", BATCH_A)], db).ok
    before = _relations(db)
    with Store(db) as store:
        refresh_relations(store, doc_ids=["a1"])
        refresh_relations(store, doc_ids=[])
    assert _relations(db) == before


def test_ingest_in_two_batches_equals_full_rebuild(
    new_store_url: Callable[[str], str], tmp_path: Path
) -> None:
    """`ingest` refreshes the pairs of the documents it has just coded, in memory."""
    a, b = _write(tmp_path / "a.jsonl", BATCH_A), _write(tmp_path / "b.jsonl", BATCH_B)
    full = new_store_url("full2")
    assert ingest([a, b], full).ok
    with Store(full) as store:
        refresh_relations(store)
    step = new_store_url("step2")
    assert ingest([a], step).ok
    after_a = _relations(step)
    assert ingest([b], step).ok
    assert _relations(step) != after_a
    assert _relations(step) == _relations(full)
