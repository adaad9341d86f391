"""Code a large corpus with Spark: the single-machine pipeline, once per executor process.

Input is JSON Lines or Parquet with the columns id, text, date, url, title (any path Spark
reads). Each partition is coded by `realpolitik.engine.Engine`, loaded once per Python worker
(`api.get_engine` caches it in the module, and Spark reuses workers between tasks), so the
events are exactly those `realpolitik extract` prints for the same records. The output folder
holds Parquet datasets `documents/`, `events/`, `mentions/` (flat columns; see
`records.py`) bucketed by document, and `errors/` for input records that could not be read.
`realpolitik load` brings it into a store.
"""

from __future__ import annotations

import functools
import math
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from realpolitik.api import get_engine
from realpolitik.ingest import IngestError, normalise_date
from realpolitik.model import Document
from realpolitik.nlp import DEFAULT_MODEL
from realpolitik.scale import records
from realpolitik.scale.coding import code_safely

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession
    from pyspark.sql.types import StructType

DEFAULT_MASTER = os.environ.get("REALPOLITIK_SPARK_MASTER", "local[2]")
DOCS_PER_BUCKET = 5000
MAX_REPORTED = 100  # input errors listed in the report; all of them are in errors/
_CORRUPT = "_corrupt_record"
_FILE = "_file"
INPUT_FORMATS = ("auto", "jsonl", "parquet")


class SparkExtractError(Exception):
    """A problem with the input, the output folder or Spark itself, with its fix."""


@dataclass
class SparkReport:
    """What a run wrote: counts per dataset and the input records that failed."""

    output: str
    documents: int = 0
    events: int = 0
    mentions: int = 0
    buckets: int = 0
    failed: int = 0  # input records not coded; `failures` lists the first MAX_REPORTED
    failures: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed


@dataclass(frozen=True)
class _Job:
    """What every executor needs to code a partition; small, so it pickles cheaply."""

    date: str | None
    model: str
    actor_files: tuple[str, ...]


def spark_extract(
    input_path: str,
    output: str,
    date: str | None = None,
    partitions: int | None = None,
    input_format: str = "auto",
    overwrite: bool = False,
    master: str | None = DEFAULT_MASTER,
    model: str = DEFAULT_MODEL,
    actor_files: Sequence[str] = (),
    docs_per_bucket: int = DOCS_PER_BUCKET,
) -> SparkReport:
    """Code every record of `input_path` on Spark and write Parquet under `output`.

    `master` None uses the session Spark already has (under spark-submit); `date` is the
    publication date of records without one. Without `overwrite`, an existing non-empty
    `output` is an error, so no earlier run is clobbered by mistake.
    """
    job = _Job(_check_date(date), model, tuple(str(f) for f in actor_files))
    fmt = _input_format(input_path, input_format)
    _check_output(output, overwrite)
    spark, owned = session(master, partitions)
    try:
        return _run(spark, input_path, fmt, output, job, partitions, overwrite, docs_per_bucket)
    finally:
        if owned:
            spark.stop()


def _run(
    spark: SparkSession,
    input_path: str,
    fmt: str,
    output: str,
    job: _Job,
    partitions: int | None,
    overwrite: bool,
    docs_per_bucket: int,
) -> SparkReport:
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    source = _read_input(spark, input_path, fmt)
    parallel = partitions or max(
        source.rdd.getNumPartitions(), spark.sparkContext.defaultParallelism
    )
    rows = source.withColumn("seq", F.monotonically_increasing_id()).repartition(parallel)
    coded_rdd = rows.rdd.mapPartitions(functools.partial(code_partition, job))
    coded = spark.createDataFrame(coded_rdd, _coded_schema()).persist(StorageLevel.MEMORY_AND_DISK)
    try:
        report = _write(coded, output, overwrite, docs_per_bucket)
    finally:
        coded.unpersist()
    return report


def _write(coded: DataFrame, output: str, overwrite: bool, docs_per_bucket: int) -> SparkReport:
    from pyspark.sql import functions as F

    ok = coded.where(F.col("error").isNull())
    n_docs = ok.count()
    n_buckets = max(1, math.ceil(n_docs / max(1, docs_per_bucket)))
    ok = ok.withColumn("bucket", F.pmod(F.hash("doc.doc_id"), F.lit(n_buckets)))
    datasets = {
        "documents": ok.select("doc.*", "bucket"),
        "events": ok.select(F.explode("events").alias("e"), "bucket").select("e.*", "bucket"),
        "mentions": ok.select(F.explode("mentions").alias("m"), "bucket").select("m.*", "bucket"),
    }
    mode = "overwrite" if overwrite else "errorifexists"
    counts = {}
    for name, frame in datasets.items():
        frame.repartition(n_buckets, "bucket").write.mode(mode).partitionBy("bucket").parquet(
            f"{output.rstrip('/')}/{name}"
        )
        counts[name] = n_docs if name == "documents" else frame.count()
    errors = coded.where(F.col("error").isNotNull()).select("error.*")
    errors.coalesce(1).write.mode(mode).parquet(f"{output.rstrip('/')}/errors")
    failures = [f"{r['source']}: {r['message']}" for r in errors.take(MAX_REPORTED)]
    failed = errors.count()
    if failed > len(failures):
        failures.append(f"... and {failed - len(failures)} more in {output}/errors")
    return SparkReport(
        output, documents=n_docs, events=counts["events"], mentions=counts["mentions"],
        buckets=n_buckets, failed=failed, failures=failures,
    )  # fmt: skip


def code_partition(job: _Job, rows: Iterable[Any]) -> Iterator[tuple[Any, ...]]:
    """Code one partition's input rows; runs on the executors.

    Yields one (doc, events, mentions, error) tuple per input row, in the coded schema.
    The engine is the process-wide one of `api.get_engine`: loaded by the first task a Python
    worker runs and reused by every later one.
    """
    engine = get_engine(job.model, job.actor_files)
    failed: list[tuple[Any, ...]] = []
    seqs: list[int] = []

    def documents() -> Iterator[Document]:
        for row in rows:
            record = row.asDict()
            source = _source(record)
            corrupt = record.get(_CORRUPT)
            if corrupt is not None:
                failed.append(_error_row(source, f"not a JSON object: {corrupt[:60]!r}"))
                continue
            item = records.document_from_row(record, source, job.date)
            if isinstance(item, IngestError):
                where = f"{source} (id {record['id']})" if record.get("id") else source
                failed.append(_error_row(where, item.message))
                continue
            seqs.append(int(record["seq"]))
            yield item

    for doc, coded in code_safely(engine, documents()):
        yield from _drain(failed)
        seq = seqs.pop(0)
        if isinstance(coded, str):
            yield _error_row(f"{doc.source} (id {doc.id})", coded)
            continue
        yield (
            records.document_row(coded, seq),
            records.event_rows(coded, seq),
            records.mention_rows(coded, seq),
            None,
        )
    yield from _drain(failed)


def _drain(failed: list[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
    while failed:
        yield failed.pop(0)


def _error_row(source: str, message: str) -> tuple[Any, ...]:
    return (None, [], [], {"source": source, "message": message})


def _source(record: dict[str, Any]) -> str:
    path = str(record.get(_FILE) or "input")
    return path.removeprefix("file:")


# ---- session, input and schema -----------------------------------------------------------


def session(master: str | None, partitions: int | None = None) -> tuple[SparkSession, bool]:
    """The active Spark session, or a new one (and whether it is new): local mode without the
    web UI by default. `spark_extract` stops only a session it made, so a caller that starts
    one first (a notebook, a test) keeps it, with its warm Python workers, across runs."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise SparkExtractError(
            "pyspark is not installed; pip install 'realpolitik[spark]'"
        ) from exc
    active = SparkSession.getActiveSession()
    if active is not None:
        return active, False
    # Executors must run this interpreter, which has realpolitik and its model installed.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    builder = SparkSession.builder.appName("realpolitik")
    if master:
        builder = builder.master(master)
    shuffle = str(max(2, partitions or 2))
    for key, value in {
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.sql.shuffle.partitions": shuffle,
        "spark.python.worker.reuse": "true",
    }.items():
        builder = builder.config(key, value)
    try:
        spark = builder.getOrCreate()
    except Exception as exc:  # no Java, bad master URL: Py4J and Spark raise many kinds
        raise SparkExtractError(
            f"cannot start Spark ({_one_line(exc)}); check that Java 17+ is on PATH "
            "(java -version) and the --master URL"
        ) from exc
    spark.sparkContext.setLogLevel("ERROR")
    return spark, True


def _one_line(exc: BaseException) -> str:
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return lines[0] if lines else type(exc).__name__


def _input_schema(with_corrupt: bool) -> StructType:
    from pyspark.sql.types import StringType, StructField, StructType

    names = [*records.INPUT_COLUMNS, *([_CORRUPT] if with_corrupt else [])]
    return StructType([StructField(name, StringType()) for name in names])


def _read_input(spark: SparkSession, path: str, fmt: str) -> DataFrame:
    from pyspark.sql import functions as F

    try:
        if fmt == "parquet":
            frame = spark.read.parquet(path)
            missing = [c for c in ("id", "text") if c not in frame.columns]
            if missing:
                raise SparkExtractError(
                    f"{path}: Parquet lacks column(s) {', '.join(missing)}; "
                    "it needs id and text (date, url, title optional)"
                )
            frame = frame.select(*[
                (F.col(c) if c in frame.columns else F.lit(None)).cast("string").alias(c)
                for c in records.INPUT_COLUMNS
            ])  # fmt: skip
            frame = frame.withColumn(_CORRUPT, F.lit(None).cast("string"))
        else:
            frame = (
                spark.read.schema(_input_schema(True))
                .option("mode", "PERMISSIVE")
                .option("columnNameOfCorruptRecord", _CORRUPT)
                .json(path)
            )
        return frame.withColumn(_FILE, F.col("_metadata.file_path"))
    except SparkExtractError:
        raise
    except Exception as exc:  # AnalysisException for a missing path, and the like
        raise SparkExtractError(f"{path}: cannot read input ({_one_line(exc)})") from exc


def _spark_type(kind: str) -> Any:
    from pyspark.sql import types as T

    return {
        "string": T.StringType(),
        "int64": T.LongType(),
        "float64": T.DoubleType(),
        "bool": T.BooleanType(),
    }[kind]


def _struct(columns: dict[str, str]) -> StructType:
    from pyspark.sql.types import StructField, StructType

    return StructType([StructField(n, _spark_type(k)) for n, k in columns.items()])


def _coded_schema() -> StructType:
    """One row per input record: the document, its events and mentions, or an error."""
    from pyspark.sql.types import ArrayType, StructField, StructType

    return StructType([
        StructField("doc", _struct(records.DOCUMENT_COLUMNS)),
        StructField("events", ArrayType(_struct(records.EVENT_COLUMNS))),
        StructField("mentions", ArrayType(_struct(records.MENTION_COLUMNS))),
        StructField("error", _struct(records.ERROR_COLUMNS)),
    ])  # fmt: skip


# ---- checks ------------------------------------------------------------------------------


def _check_date(date: str | None) -> str | None:
    if date is None:
        return None
    normal = normalise_date(date)
    if normal is None:
        raise SparkExtractError(f"--date {date!r} is not a date; use YYYY-MM-DD, YYYY-MM or YYYY")
    return normal


def _input_format(path: str, fmt: str) -> str:
    """jsonl or parquet: as given, else from the name (a folder of .parquet files is Parquet)."""
    if fmt not in INPUT_FORMATS:
        raise SparkExtractError(f"unknown input format {fmt!r}; use {', '.join(INPUT_FORMATS)}")
    if fmt != "auto":
        return fmt
    local = Path(path.removeprefix("file:"))
    if path.endswith(".parquet") or (local.is_dir() and any(local.glob("*.parquet"))):
        return "parquet"
    return "jsonl"


def _check_output(output: str, overwrite: bool) -> None:
    """Refuse to write into a non-empty local folder unless asked to overwrite."""
    if "://" in output and not output.startswith("file:"):
        return  # remote file systems: Spark's own errorifexists guards each dataset
    local = Path(output.removeprefix("file:"))
    if local.exists() and not local.is_dir():
        raise SparkExtractError(f"{output}: is a file; pass a folder for the output")
    if local.is_dir() and any(local.iterdir()) and not overwrite:
        raise SparkExtractError(
            f"{output}: already holds output; pass --overwrite or another folder"
        )
