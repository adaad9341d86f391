"""Bring the Parquet output of `spark-extract` into a store, one transaction per document.

The output is laid out in buckets of documents (`documents/bucket=K/`, `events/bucket=K/`,
`mentions/bucket=K/`), every row of a document in the same bucket, so loading reads one bucket
of each dataset at a time and memory stays bounded however big the output. Documents go in
through `Store.save_document` exactly as `ingest` writes them: loading twice, or after a
crash, stores nothing twice.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from realpolitik.api import IngestReport
from realpolitik.scale import sink
from realpolitik.scale.records import Row, coded_from_rows
from realpolitik.store import Store

DATASETS = ("documents", "events", "mentions")
SUCCESS = "_SUCCESS"


class LoadError(Exception):
    """The folder is not complete `spark-extract` output; the message says what to do."""


def load(
    output: str | Path,
    db: str,
    actor_files: tuple[str, ...] = (),
    progress: sink.Progress | None = None,
) -> IngestReport:
    """Store every document of a `spark-extract` output folder; then refresh the relations."""
    root = Path(output)
    check_output(root)
    report = IngestReport()
    note = progress or sink.quiet
    update = sink.RelationsUpdate()
    with Store.from_url(db) as store:
        for bucket in buckets(root):
            for doc, evs, mens in _bucket_rows(root, bucket):
                if store.has_document(doc["content_hash"]):
                    report.unchanged += 1
                    note(doc["doc_id"], "unchanged")
                    continue
                try:
                    coded = coded_from_rows(doc, evs, mens)
                except (KeyError, TypeError, ValueError) as exc:
                    report.failures.append(f"{root}: document {doc.get('doc_id')!r}: {exc}")
                    note(str(doc.get("doc_id")), "failed")
                    continue
                sink.save(store, coded, report, note, update)
        update.apply(store, actor_files)
    return report


def check_output(root: Path) -> None:
    """Refuse a folder that is not, or not yet wholly, written by `spark-extract`."""
    if not root.is_dir():
        raise LoadError(f"{root}: no such folder; pass the OUTPUT folder of spark-extract")
    for name in DATASETS:
        if not (root / name / SUCCESS).exists():
            raise LoadError(
                f"{root / name}: missing or incomplete (no {SUCCESS} marker); "
                "run spark-extract to completion first"
            )


def buckets(root: Path) -> list[int]:
    """The bucket numbers that hold documents, in order."""
    found = []
    for path in (root / "documents").glob("bucket=*"):
        if path.is_dir():
            found.append(int(path.name.split("=", 1)[1]))
    return sorted(found)


def count_documents(root: Path) -> int:
    """How many documents the output holds, from Parquet metadata (no data read)."""
    import pyarrow.dataset as ds

    return int(ds.dataset(root / "documents", format="parquet", partitioning="hive").count_rows())


def _bucket_rows(root: Path, bucket: int) -> Iterator[tuple[Row, list[Row], list[Row]]]:
    """(document row, its event rows, its mention rows) for one bucket, in input order."""
    events = _grouped(_read(root / "events" / f"bucket={bucket}", ["seq", "position", "record"]))
    mentions = _grouped(_read(root / "mentions" / f"bucket={bucket}"))
    docs = sorted(_read(root / "documents" / f"bucket={bucket}"), key=lambda r: r["seq"])
    for doc in docs:
        yield doc, events.pop(doc["seq"], []), mentions.pop(doc["seq"], [])


def _read(path: Path, columns: list[str] | None = None) -> list[Row]:
    if not path.is_dir():
        return []
    import pyarrow.parquet as pq

    rows: list[dict[str, Any]] = pq.read_table(path, columns=columns).to_pylist()
    return rows


def _grouped(rows: list[Row]) -> dict[int, list[Row]]:
    by_seq: dict[int, list[Row]] = defaultdict(list)
    for row in rows:
        by_seq[row["seq"]].append(row)
    return by_seq
