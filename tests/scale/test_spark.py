"""`spark-extract` on pyspark in local mode, then `load`: the same events as the
single-machine path, and a store equal to one `ingest` fills. One Spark run per module."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from scale_helpers import sample_records, write_jsonl
from typer.testing import CliRunner

from realpolitik import api
from realpolitik.cli import app
from realpolitik.ingest import IngestError
from realpolitik.model import Event
from realpolitik.scale import spark as spark_module
from realpolitik.store import Store

runner = CliRunner()

if shutil.which("java") is None:
    pytest.skip("Java not found: spark-extract needs Java 17+ on PATH", allow_module_level=True)
pytest.importorskip("pyspark", reason="pyspark not installed: pip install 'realpolitik[spark]'")

BAD_LINES = ['{"id": "blank", "text": "  "}', "this line is not JSON", '{"text": "no id"}']


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = write_jsonl(tmp_path_factory.mktemp("in") / "corpus.jsonl", sample_records())
    with path.open("a", encoding="utf-8") as fh:
        fh.write("\n".join(BAD_LINES) + "\n")
    return path


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    """One local Spark for the module: every run reuses it and its warm Python workers."""
    session, _ = spark_module.session("local[2]", 3)
    yield session
    session.stop()


@pytest.fixture(scope="module")
def spark_run(
    spark: Any, corpus: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, Any]:
    out = tmp_path_factory.mktemp("spark") / "out"
    args = ["spark-extract", str(corpus), str(out), "--partitions", "3", "--bucket-size", "3"]
    return out, runner.invoke(app, args)


@pytest.fixture(scope="module")
def single_machine(corpus: Path) -> list[Event]:
    return [e for e in api.extract([corpus]) if not isinstance(e, IngestError)]


def _parquet(path: Path) -> list[dict[str, Any]]:
    import pyarrow.dataset as ds

    return ds.dataset(path, format="parquet", partitioning="hive").to_table().to_pylist()


def test_bad_records_are_reported_and_the_rest_coded(spark_run: tuple[Path, Any]) -> None:
    out, result = spark_run
    assert result.exit_code == 1, result.output  # some input records failed
    assert "10 documents" in result.output and "(4 buckets); 3 failed" in result.output
    errors = sorted(r["message"] for r in _parquet(out / "errors"))
    assert len(errors) == 3
    assert any("empty document" in m for m in errors)
    assert any("not a JSON object" in m for m in errors)
    assert any('missing "id"' in m for m in errors)


def test_events_equal_the_single_machine_path(
    spark_run: tuple[Path, Any], single_machine: list[Event]
) -> None:
    out, _ = spark_run
    rows = _parquet(out / "events")
    assert len(single_machine) > 20
    got = {r["id"]: json.loads(r["contract"]) for r in rows}
    want = {e.id: e.to_contract() for e in single_machine}
    assert sorted(got) == sorted(want)  # same ids
    for event_id, contract in want.items():
        assert got[event_id] == contract  # same type, actors, recipients, dates, sentence ...
    flat = {r["id"]: r for r in rows}
    some = single_machine[0]
    assert flat[some.id]["actor_ids"] == ";".join(m.entity.id for m in some.actor)
    assert flat[some.id]["event"] == some.event


def test_mentions_and_documents_are_flat_and_bucketed(spark_run: tuple[Path, Any]) -> None:
    out, _ = spark_run
    docs = _parquet(out / "documents")
    assert sorted(d["doc_id"] for d in docs) == [f"sample-{i:02d}" for i in range(1, 11)]
    mentions = _parquet(out / "mentions")
    assert sum(d["mentions"] for d in docs) == len(mentions)
    assert {m["actor_id"] for m in mentions} >= {"IRN", "USA", "OMN"}
    assert len({d["bucket"] for d in docs}) == 4
    bucket_of = {d["doc_id"]: d["bucket"] for d in docs}
    assert all(m["bucket"] == bucket_of[m["doc_id"]] for m in mentions)


def test_load_fills_the_store_ingest_would(
    spark_run: tuple[Path, Any], corpus: Path, store_url: str, tmp_path: Path
) -> None:
    out, _ = spark_run
    loaded, ingested = store_url, str(tmp_path / "ingested.db")
    result = runner.invoke(app, ["load", str(out), "--db", loaded])
    assert result.exit_code == 0, result.output
    assert "10 stored, 0 unchanged, 0 failed" in result.output
    api.ingest([corpus], ingested)
    with Store.from_url(loaded) as got, Store.from_url(ingested) as want:
        assert got.counts() == want.counts()
        assert [e.to_contract() for e in got.events()] == [e.to_contract() for e in want.events()]
        assert [e.issue for e in got.events()] == [e.issue for e in want.events()]
        assert got.links() == want.links()
        assert got.relations() == want.relations()
        assert got.actors() == want.actors()
        # load goes bucket by bucket, so which sentence illustrates a name may differ
        keys = ("text", "count", "documents", "label")
        assert [[u[k] for k in keys] for u in got.unknown_actors()] == [
            [u[k] for k in keys] for u in want.unknown_actors()
        ]
    again = runner.invoke(app, ["load", str(out), "--db", loaded])
    assert again.exit_code == 0 and "0 stored, 10 unchanged, 0 failed" in again.output


def test_load_refuses_unfinished_output(spark_run: tuple[Path, Any], tmp_path: Path) -> None:
    out, _ = spark_run
    partial = tmp_path / "partial"
    shutil.copytree(out, partial)
    (partial / "events" / "_SUCCESS").unlink()
    result = runner.invoke(app, ["load", str(partial), "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 2 and "run spark-extract to completion" in result.output


def test_output_is_never_clobbered_by_mistake(spark_run: tuple[Path, Any], corpus: Path) -> None:
    out, _ = spark_run
    result = runner.invoke(app, ["spark-extract", str(corpus), str(out)])
    assert result.exit_code == 2 and "pass --overwrite or another folder" in result.output


def test_parquet_input_gives_the_same_events(
    spark: Any, spark_run: tuple[Path, Any], tmp_path: Path
) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    records = sample_records()
    source = tmp_path / "articles.parquet"
    pq.write_table(pa.Table.from_pylist(records), source)
    out = tmp_path / "out"
    result = runner.invoke(app, ["spark-extract", str(source), str(out)])
    assert result.exit_code == 0, result.output
    assert "10 documents" in result.output and "(1 bucket); 0 failed" in result.output
    from_jsonl = {r["id"]: r["contract"] for r in _parquet(spark_run[0] / "events")}
    assert {r["id"]: r["contract"] for r in _parquet(out / "events")} == from_jsonl
