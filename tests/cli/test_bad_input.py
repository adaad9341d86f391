"""Bad input: a one-line error naming the file (and line), the batch goes on, nothing lost."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from realpolitik.cli import app

runner = CliRunner()
GOOD = "Iranian officials met their Omani counterparts in Muscat on Sunday.\n"


def _stored(db_path: Path) -> int:
    with sqlite3.connect(db_path) as conn:
        return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])


@pytest.fixture()
def batch(tmp_path: Path) -> Path:
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD)
    (folder / "empty.txt").write_text("")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02PNG\x00" * 100)
    (folder / "latin1.txt").write_bytes(
        "Zürich talks: Iran met Switzerland's envoy in Zürich.\n".encode("latin-1")
    )
    (folder / "broken.html").write_text(
        "<html><body><div><p>Egyptian mediators met Hamas leaders in Cairo <b>on Monday"
    )
    (folder / "hollow.html").write_text("<html><body><div><script>x()</script></div>")
    (folder / "records.jsonl").write_text(
        json.dumps(
            {
                "id": "r1",
                "text": "Egypt and Qatar mediated between Israel and Hamas.",
                "date": "2023-11-20",
            }
        )
        + "\n{broken\n"
        + json.dumps(
            {"id": "r3", "text": "Turkey shelled YPG positions in Syria.", "date": "2019-10-10"}
        )
        + "\n"
    )
    with open(folder / "huge.txt", "wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # 50 MB, made sparse: over the per-article limit
    return folder


def test_bad_files_are_reported_and_the_rest_is_stored(batch: Path, tmp_path: Path) -> None:
    db_path = tmp_path / "store.db"
    result = runner.invoke(
        app, ["ingest", str(batch), str(tmp_path / "missing.txt"), "--db", f"sqlite:///{db_path}"]
    )
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    joined = "\n".join(errors)
    assert "empty.txt" in joined and "binary.txt" in joined and "huge.txt" in joined
    assert "records.jsonl:2" in joined and "missing.txt" in joined
    assert (
        "hollow.html" in joined and "broken.html" not in joined
    )  # text is kept when there is some
    assert "latin1.txt" not in joined  # decoded with a warning, not a failure
    assert _stored(db_path) == 5  # good, latin1, broken.html, r1, r3
    with sqlite3.connect(db_path) as conn:
        text = conn.execute("SELECT text FROM documents WHERE id='latin1'").fetchone()[0]
    assert "Zürich" in text


def test_nothing_stored_is_lost_or_doubled(batch: Path, tmp_path: Path) -> None:
    db_path = tmp_path / "store.db"
    runner.invoke(app, ["ingest", str(batch), "--db", f"sqlite:///{db_path}"])
    with sqlite3.connect(db_path) as conn:
        before = conn.execute("SELECT count(*) FROM events").fetchone()[0]
    runner.invoke(app, ["ingest", str(batch), "--db", f"sqlite:///{db_path}"])
    with sqlite3.connect(db_path) as conn:
        after = conn.execute("SELECT count(*) FROM events").fetchone()[0]
    assert _stored(db_path) == 5 and before == after


def test_unwritable_database_is_one_clear_line(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(GOOD)
    result = runner.invoke(
        app, ["ingest", str(article), "--db", f"sqlite:///{tmp_path}/no/such/dir/x.db"]
    )
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "--db" in lines[0]
