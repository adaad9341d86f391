"""A turn the text states: an undated analysis piece on two allies drifting apart, written
for this test, ingested into a store; `realpolitik timeline` reports the turn with the
statements and the events that mark it."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from realpolitik.api import ingest
from realpolitik.cli import app
from realpolitik.relations.timeline import timeline

runner = CliRunner()

ARTICLE = """How Egypt and the UAE may part ways over Sudan

The war in Libya brought Egypt and the United Arab Emirates together. Both backed the same \
commander and shared the costs of the campaign.

Their common interest, however, seems to be slowly diverging now that the war has ended.

Cairo, on several recent occasions, has rejected Emirati proposals for the port of Suakin, \
which indicates that the interests of the two countries are drifting apart. Egypt also \
opposes Abu Dhabi's decision to improve relations with Ethiopia.

A new dispute could drive the two allies further apart.
"""


def _store(tmp_path: Path) -> str:
    article = tmp_path / "apart.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    db = f"sqlite:///{tmp_path}/turns.db"
    assert ingest([article], db).ok
    return db


def test_stated_turn_is_detected_with_its_evidence(tmp_path: Path) -> None:
    db = _store(tmp_path)
    (turn,) = timeline(db, "EGY", "ARE").shifts()
    assert (turn.from_stance, turn.to_stance) == ("cooperation", "strain")
    said = " ".join(x.sentence for x in turn.statements)
    assert "diverging" in said and "drifting apart" in said
    assert "could drive" not in said  # speculation is no statement of a turn
    assert [x.kind for x in turn.ties] == ["alliance"]
    assert turn.marks and all(e.quad_code in (3, 4) for e in turn.marks)
    assert all(e.modality == "asserted" for e in turn.marks)


def test_timeline_command_lists_the_turn(tmp_path: Path) -> None:
    db = _store(tmp_path)
    result = runner.invoke(app, ["timeline", "EGY", "ARE", "--db", db])
    assert result.exit_code == 0, result.output
    turns = [x for x in result.stdout.splitlines() if x.startswith("turn:")]
    assert len(turns) == 1 and "cooperation → strain" in turns[0]
    assert "Egypt" in turns[0] and "United Arab Emirates" in turns[0]
    assert "rejected Emirati proposals" in result.stdout
    every = runner.invoke(app, ["timeline", "--db", db, "--format", "jsonl"])
    (row,) = [json.loads(x) for x in every.stdout.splitlines()]
    assert {row["a"], row["b"]} == {"EGY", "ARE"} and row["stated"] is True
    assert row["direction"] == "deterioration" and len(row["evidence"]) >= 3
