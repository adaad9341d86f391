"""Coded documents survive the trip through flat rows exactly, and input records are read
as the JSONL reader reads them."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from realpolitik.engine import CodedDocument, Engine
from realpolitik.ingest import IngestError, read_documents
from realpolitik.scale import records


@pytest.fixture(scope="module")
def coded(engine: Engine, corpus_jsonl: Path) -> list[CodedDocument]:
    docs = [d for d in read_documents([corpus_jsonl]) if not isinstance(d, IngestError)]
    return list(engine.code(docs))


def _rows(c: CodedDocument, seq: int) -> tuple[dict, list[dict], list[dict]]:  # type: ignore[type-arg]
    # through JSON, as Parquet would carry them: no shared objects between before and after
    doc, evs, mens = (
        records.document_row(c, seq),
        records.event_rows(c, seq),
        records.mention_rows(c, seq),
    )
    return json.loads(json.dumps(doc)), json.loads(json.dumps(evs)), json.loads(json.dumps(mens))


def test_round_trip_is_exact(coded: list[CodedDocument]) -> None:
    assert sum(len(c.events) for c in coded) > 20 and any(c.links for c in coded)
    for seq, c in enumerate(coded):
        doc, evs, mens = _rows(c, seq)
        back = records.coded_from_rows(doc, list(reversed(evs)), list(reversed(mens)))
        assert back == c  # dataclass equality: every field, offsets and full-precision floats


def test_rows_carry_flat_columns_and_contract(coded: list[CodedDocument]) -> None:
    c = next(c for c in coded if c.events)
    row = records.event_rows(c, 0)[0]
    assert set(row) == set(records.EVENT_COLUMNS)
    assert json.loads(row["contract"]) == c.events[0].to_contract()
    assert row["actor_ids"] == ";".join(m.entity.id for m in c.events[0].actor)
    mentions = records.mention_rows(c, 0)
    assert all(set(m) == set(records.MENTION_COLUMNS) for m in mentions)
    assert len(mentions) == len(c.mentions) + len(c.unresolved)


def test_tampered_text_is_refused(coded: list[CodedDocument]) -> None:
    doc, evs, mens = _rows(coded[0], 0)
    doc["text"] += " tampered"
    with pytest.raises(ValueError, match="content_hash"):
        records.coded_from_rows(doc, evs, mens)


def test_input_rows_read_like_jsonl(corpus_jsonl: Path, tmp_path: Path) -> None:
    by_reader = [d for d in read_documents([corpus_jsonl]) if not isinstance(d, IngestError)]
    lines = corpus_jsonl.read_text(encoding="utf-8").splitlines()
    for line, expected in zip(lines, by_reader, strict=True):
        got = records.document_from_row(json.loads(line), str(corpus_jsonl), None)
        assert not isinstance(got, IngestError)
        assert (got.id, got.text, got.date, got.url, got.title) == (
            expected.id, expected.text, expected.date, expected.url, expected.title,
        )  # fmt: skip


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"text": "Iran met Oman."}, 'missing "id"'),
        ({"id": "a"}, 'missing "text"'),
        ({"id": "a", "text": "x", "date": "soon"}, "not a date"),
        ({"id": "a", "text": "   \n "}, "empty document"),
    ],
)
def test_bad_input_rows(row: dict[str, str], message: str) -> None:
    got = records.document_from_row(row, "in.jsonl", None)
    assert isinstance(got, IngestError) and message in str(got)


def test_fallback_date_only_when_the_record_has_none() -> None:
    own = records.document_from_row({"id": "a", "text": "t", "date": "2024-3-5"}, "x", "2020")
    other = records.document_from_row({"id": "b", "text": "t"}, "x", "2020")
    assert not isinstance(own, IngestError) and not isinstance(other, IngestError)
    assert (own.date, other.date) == ("2024-03-05", "2020")


def test_columnar_values_read_like_absent_fields_and_iso_dates() -> None:
    """Parquet readers give NaN for a missing string and date objects for a date column."""
    got = records.document_from_row(
        {
            "id": "a",
            "text": "Iran met Oman.",
            "url": float("nan"),
            "date": datetime.date(2024, 3, 5),
        },
        "in.parquet",
        "2020",
    )
    assert not isinstance(got, IngestError)
    assert (got.url, got.date, got.source) == (None, "2024-03-05", "in.parquet")
