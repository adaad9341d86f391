"""A document that makes a pipeline component raise costs that document only."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from scale_helpers import SAMPLES
from spacy.language import Language
from spacy.tokens import Doc

from realpolitik.api import get_engine
from realpolitik.engine import Engine
from realpolitik.ingest import IngestError, read_documents
from realpolitik.model import Document
from realpolitik.nlp import DEFAULT_MODEL
from realpolitik.scale.coding import code_safely
from realpolitik.scale.watch import watch

MARKER = "TRIGGER-COMPONENT-FAILURE"


@Language.component("rp_test_fails_on_marker")
def _fails_on_marker(doc: Doc) -> Doc:
    if MARKER in doc.text:
        raise ValueError("component broke on this document")
    return doc


@pytest.fixture
def fragile() -> Iterator[Engine]:
    """The process's engine, as `watch` gets it, with one more component, which raises on the
    marker text."""
    engine = get_engine(DEFAULT_MODEL, ())
    engine.nlp.add_pipe("rp_test_fails_on_marker", first=True)
    try:
        yield engine
    finally:
        engine.nlp.remove_pipe("rp_test_fails_on_marker")


def _samples(n: int) -> list[Document]:
    return [d for d in read_documents([SAMPLES]) if not isinstance(d, IngestError)][:n]


def test_only_the_failing_document_is_lost(fragile: Engine) -> None:
    docs = _samples(3)
    bad = Document("bad", f"Iran attacked Israel. {MARKER}", "2024-04-14")
    results = list(code_safely(fragile, [docs[0], bad, docs[1], docs[2]], batch=2))
    assert [doc.id for doc, _ in results] == [docs[0].id, "bad", docs[1].id, docs[2].id]
    failed = [coded for _, coded in results if isinstance(coded, str)]
    assert len(failed) == 1 and "ValueError: component broke" in failed[0]
    fragile.nlp.remove_pipe("rp_test_fails_on_marker")
    try:
        expected = {c.document.id: c.events for c in fragile.code(docs)}
    finally:
        fragile.nlp.add_pipe("rp_test_fails_on_marker", first=True)
    for doc, coded in results:
        if doc.id != "bad":
            assert not isinstance(coded, str) and coded.events == expected[doc.id]


def test_watch_reports_the_failing_file_and_stores_the_rest(
    fragile: Engine, tmp_path: Path
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for path in sorted(SAMPLES.glob("*.txt"))[:2]:
        shutil.copy(path, inbox)
    (inbox / "broken.txt").write_text(f"Iran attacked Israel. {MARKER}\n")
    report = watch(inbox, str(tmp_path / "live.db"), once=True, settle=0)
    assert report.stored == 2
    assert len(report.failures) == 1 and "broken.txt" in report.failures[0]


def test_code_stream_keeps_errors_in_place() -> None:
    """`code_stream` codes the documents in batches and passes every other item through where
    it stood: a reader's error between documents, before the first and after the last."""
    engine = get_engine(DEFAULT_MODEL, ())
    docs = _samples(3)
    first, middle, last = (IngestError(f"f{n}.txt", "unreadable") for n in range(3))
    items = [first, docs[0], middle, docs[1], docs[2], last]
    out = list(engine.code_stream(items, batch_size=2))
    assert out[0] is first and out[2] is middle and out[5] is last
    coded = [out[1], out[3], out[4]]
    expected = list(engine.code(docs))
    assert [c.document.id for c in coded] == [d.id for d in docs]
    assert [c.events for c in coded] == [c.events for c in expected]
