"""`watch`: a folder kept in a store, files read once they are stable, and a crash midway
losing and doubling nothing."""

from __future__ import annotations

import os
import shutil
import signal
import time
from pathlib import Path

import pytest
from scale_helpers import (
    SAMPLES,
    cli_process,
    count_rows,
    duplicate_ids,
    kill_after_first_document,
)

from realpolitik import api
from realpolitik.ingest import read_documents
from realpolitik.scale.state import State, default_path
from realpolitik.scale.watch import watch
from realpolitik.store import Store


def _inbox(tmp_path: Path, n: int = 10) -> Path:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for path in sorted(SAMPLES.glob("*.txt"))[:n]:
        shutil.copy(path, inbox / path.name)
    return inbox


def _age(path: Path, seconds: float = 120) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_each_file_is_stored_once_and_not_read_again(store_url: str, tmp_path: Path) -> None:
    inbox = _inbox(tmp_path, 3)
    db, state = store_url, tmp_path / "watch-state.json"
    first = watch(inbox, db, once=True, settle=0, state_path=state)
    assert (first.stored, first.unchanged, first.failures) == (3, 0, [])
    again = watch(inbox, db, once=True, settle=0, state_path=state)
    assert (again.stored, again.unchanged) == (0, 0)  # skipped by the state, not even read
    with Store.from_url(db) as store:
        assert store.counts()["documents"] == 3
        assert store.relations(), "relations are kept current"


def test_a_file_still_being_written_waits(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    article = inbox / "new.txt"
    shutil.copy(sorted(SAMPLES.glob("*.txt"))[0], article)
    article.touch()
    db = str(tmp_path / "live.db")
    outcomes: list[tuple[str, str]] = []
    early = watch(inbox, db, once=True, settle=60, progress=lambda i, o: outcomes.append((i, o)))
    assert early.stored == 0 and (str(article), "growing") in outcomes
    _age(article)
    assert watch(inbox, db, once=True, settle=60).stored == 1


def test_a_changed_file_replaces_its_document(tmp_path: Path) -> None:
    inbox = _inbox(tmp_path, 1)
    db = str(tmp_path / "live.db")
    watch(inbox, db, once=True, settle=0)
    (article,) = inbox.iterdir()
    article.write_text(article.read_text() + "\nIran and Oman held talks in Muscat.\n")
    _age(article)
    report = watch(inbox, db, once=True, settle=0)
    assert report.stored == 1
    with Store.from_url(db) as store:
        (doc,) = store.documents()
        stored = store.document(doc["id"])
        assert stored is not None and stored.text.endswith("held talks in Muscat.")


def test_bad_files_are_reported_once_and_own_files_never_read(tmp_path: Path) -> None:
    inbox = _inbox(tmp_path, 1)
    (inbox / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)))
    (inbox / "draft.txt.part").write_text("half an artic")
    db = str(inbox / "live.db")  # the store (and its state) inside the watched folder
    first = watch(inbox, db, once=True, settle=0)
    assert first.stored == 1
    assert len(first.failures) == 1 and "photo.jpg" in first.failures[0]
    again = watch(inbox, db, once=True, settle=0)
    assert again.failures == [] and again.stored == 0


def test_relations_left_stale_by_a_crash_are_recomputed(tmp_path: Path) -> None:
    inbox = _inbox(tmp_path, 2)
    db = str(tmp_path / "live.db")
    watch(inbox, db, once=True, settle=0)
    with Store.from_url(db) as store:
        relations = store.relations()
        store.replace_relations([])  # as if killed between storing and aggregating
    state = State.load(default_path(db, "watch"))
    state.set_stale(True)
    report = watch(inbox, db, once=True, settle=0)
    assert report.stored == 0
    with Store.from_url(db) as store:
        assert relations and store.relations() == relations
    assert not State.load(default_path(db, "watch")).relations_stale


def test_missing_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(NotADirectoryError, match="not a directory"):
        watch(tmp_path / "nope", str(tmp_path / "x.db"), once=True)


def test_killed_midway_then_restarted_loses_and_doubles_nothing(tmp_path: Path) -> None:
    inbox = _inbox(tmp_path)
    db_file = tmp_path / "live.db"
    args = ("watch", str(inbox), "--db", str(db_file), "--once", "--settle", "0")
    at_kill = kill_after_first_document(args, tmp_path, db_file)
    assert 1 <= at_kill < 10
    rerun = cli_process(*args, cwd=tmp_path)
    _, stderr = rerun.communicate(timeout=600)
    assert rerun.returncode == 0, stderr.decode()
    assert f"{10 - at_kill} stored" in stderr.decode()
    assert count_rows(db_file) == 10 and duplicate_ids(db_file) == []
    reference = str(tmp_path / "reference.db")
    api.ingest([inbox], reference)
    with Store.from_url(str(db_file)) as got, Store.from_url(reference) as want:
        assert [e.to_contract() for e in got.events()] == [e.to_contract() for e in want.events()]
        assert got.relations() == want.relations()  # recomputed after the crash, too


def test_running_watch_picks_up_files_as_they_arrive(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    db_file = tmp_path / "live.db"
    proc = cli_process(
        "watch", str(inbox), "--db", str(db_file), "--interval", "0.2", "--settle", "1",
        cwd=tmp_path,
    )  # fmt: skip
    try:
        texts = [p.read_text() for p in sorted(SAMPLES.glob("*.txt"))[:3]]
        for i, text in enumerate(texts):
            with (inbox / f"a{i}.txt").open("w") as fh:  # written in two goes, as a copy is
                fh.write(text[: len(text) // 2])
                fh.flush()
                time.sleep(0.3)
                fh.write(text[len(text) // 2 :])
        deadline = time.monotonic() + 300
        while count_rows(db_file) < 3 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert count_rows(db_file) == 3
        time.sleep(1)  # another pass or two: nothing more may appear
        assert count_rows(db_file) == 3 and duplicate_ids(db_file) == []
    finally:
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=60)
    assert "stopped" in stderr.decode() and "3 stored" in stderr.decode()
    with Store.from_url(str(db_file)) as store:
        for path in sorted(inbox.iterdir()):
            (whole,) = read_documents([path])
            stored = store.document(whole.id)
            assert stored is not None and stored.text == whole.text, "a half-written file"
