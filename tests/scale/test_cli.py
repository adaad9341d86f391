"""The scale commands through the CLI runner: help with an example, one-line errors, and the
summary a user reads on stderr."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from scale_helpers import SAMPLES, publish, sample_records
from typer.testing import CliRunner

from realpolitik.cli import app

runner = CliRunner()
COMMANDS = ("spark-extract", "load", "watch", "feed")


@pytest.mark.parametrize("command", COMMANDS)
def test_help_has_an_example(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert f"Example: realpolitik {command} " in result.output


def test_watch_once_through_the_cli(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for path in sorted(SAMPLES.glob("*.txt"))[:2]:
        shutil.copy(path, inbox)
    (inbox / "notes.bin").write_bytes(bytes(range(256)))
    db = f"sqlite:///{tmp_path / 'live.db'}"
    args = ["watch", str(inbox), "--db", db, "--once", "--settle", "0"]
    first = runner.invoke(app, args)
    assert first.exit_code == 1  # one file could not be read
    assert "notes.bin" in first.output and "2 stored, 0 unchanged, 1 failed" in first.output
    assert first.stdout == ""  # nothing but contract output ever goes to stdout
    again = runner.invoke(app, args)
    assert again.exit_code == 0 and "0 stored, 0 unchanged, 0 failed" in again.output


def test_feed_once_through_the_cli(site: tuple[str, Path], tmp_path: Path) -> None:
    base, root = site
    url = f"{base}/{publish(root, sample_records()[:1], ['2024-05-01'])}"
    state = tmp_path / "state" / "feed.json"
    args = ["feed", url, "--db", str(tmp_path / "live.db"), "--once", "--state", str(state)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "1 stored, 0 unchanged, 0 failed" in result.output and state.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["watch", "no-such-dir", "--once"], "not a directory"),
        (["load", "no-such-dir"], "no such folder"),
        (["spark-extract", "in.jsonl", "out", "--input-format", "csv"], "unknown input format"),
        (["spark-extract", "in.jsonl", "out", "--date", "soon"], "not a date"),
    ],
)
def test_errors_are_one_line_with_a_fix(
    args: list[str], message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert message in result.output


def test_damaged_state_is_an_error_not_a_crash(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    state.write_text("{broken")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    args = ["watch", str(inbox), "--db", str(tmp_path / "x.db"), "--once", "--state", str(state)]
    result = runner.invoke(app, args)
    assert result.exit_code == 2 and "delete it to start over" in result.output
