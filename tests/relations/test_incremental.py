"""Relations refreshed incrementally (only the pairs new documents touch) end exactly as a
full rebuild leaves them, on SQLite and, when configured, PostgreSQL. Articles written for
this test; the second batch adds to pairs the first one holds, and opens new ones."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from realpolitik.api import (
    IngestReport,
    RelationsUpdate,
    get_engine,
    ingest,
    refresh_relations,
    save_coded,
)
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


def _rebuilt(db: str, *paths: Path) -> str:
    """`db` with `paths` ingested and every relation then aggregated from scratch: the
    reference an incremental refresh must equal."""
    assert ingest(list(paths), db).ok
    with Store(db) as store:
        refresh_relations(store)
    return db


def _relations(db: str) -> list[dict[str, Any]]:
    with Store(db) as store:
        return store.relations()


def test_incremental_refresh_equals_full_rebuild(
    new_store_url: Callable[[str], str], tmp_path: Path
) -> None:
    a, b = _write(tmp_path / "a.jsonl", BATCH_A), _write(tmp_path / "b.jsonl", BATCH_B)
    full = _rebuilt(new_store_url("full"), a, b)

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
    full = _rebuilt(new_store_url("full2"), a, b)
    step = new_store_url("step2")
    assert ingest([a], step).ok
    after_a = _relations(step)
    assert ingest([b], step).ok
    assert _relations(step) != after_a
    assert _relations(step) == _relations(full)


def test_a_run_stopped_before_its_refresh_is_taken_in_by_the_next(
    new_store_url: Callable[[str], str], tmp_path: Path
) -> None:
    """Documents stored by a run that died before refreshing stay pending in the store, and
    the next run (here one that stores nothing new) brings their pairs into the cache."""
    a, b = _write(tmp_path / "a.jsonl", BATCH_A), _write(tmp_path / "b.jsonl", BATCH_B)
    full = new_store_url("full3")
    assert ingest([a, b], full).ok
    step = new_store_url("step3")
    assert ingest([a], step).ok
    after_a = _relations(step)
    engine = get_engine()
    with Store(step) as store:
        assert store.pending_relations() == {}
        for doc in BATCH_B:  # stored, then the run "dies": no refresh
            coded = engine.code_one(Document(id=doc["id"], text=doc["text"], date=doc["date"]))
            assert save_coded(store, coded, IngestReport(), lambda *_: None) == "stored"
        assert set(store.pending_relations()) == {"b1", "b2"}
    assert _relations(step) == after_a
    rerun = ingest([b], step)
    assert rerun.ok and rerun.stored == 0 and rerun.unchanged == 2
    assert _relations(step) == _relations(full)
    with Store(step) as store:
        assert store.pending_relations() == {}


def test_a_pending_replacement_rebuilds_everything(
    new_store_url: Callable[[str], str], tmp_path: Path
) -> None:
    """A document stored again under its id with other content drops the old version's
    pairs; left pending, it makes the next refresh rebuild the whole cache."""
    db = new_store_url("replaced")
    assert ingest([_write(tmp_path / "a.jsonl", BATCH_A)], db).ok
    changed = [{**BATCH_A[0], "text": "Qatar and Turkey signed a trade agreement on Monday."}]
    reference = new_store_url("replaced-ref")
    assert ingest([_write(tmp_path / "ref.jsonl", [*changed, BATCH_A[1]])], reference).ok
    with Store(db) as store:
        coded = get_engine().code_one(Document(**changed[0]))
        assert save_coded(store, coded, IngestReport(), lambda *_: None) == "stored"
        assert store.pending_relations() == {"a1": True}
        RelationsUpdate().apply(store)
        assert store.pending_relations() == {}
    assert _relations(db) == _relations(reference)
