"""The state record: atomic writes, a clear error when damaged, one holder at a time."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from realpolitik.scale.state import State, StateError, default_path, locked


def test_marks_persist_and_leave_no_temporary_files(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    with locked(path) as state:
        state.mark("a.txt", size=3, mtime_ns=7, hashes=["h"])
        state.set_stale(True)
    again = State.load(path)
    assert again.items == {"a.txt": {"size": 3, "mtime_ns": 7, "hashes": ["h"]}}
    assert again.relations_stale
    assert sorted(p.name for p in tmp_path.iterdir()) == [".s.json.lock", "s.json"]


def test_damaged_record_says_how_to_recover(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text('{"version": 1, "items": {', encoding="utf-8")
    with pytest.raises(StateError, match="delete it to start over"):
        State.load(path)
    path.write_text(json.dumps({"something": "else"}), encoding="utf-8")
    with pytest.raises(StateError, match="not a realpolitik state record"):
        State.load(path)


def test_second_holder_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    holder = (
        "import sys, time\nfrom pathlib import Path\nfrom realpolitik.scale.state import locked\n"
        "with locked(Path(sys.argv[1])):\n    print('held', flush=True)\n    time.sleep(30)\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", holder, str(path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
        with pytest.raises(StateError, match="in use by another running"), locked(path):
            pass
    finally:
        proc.kill()
        proc.wait()
    with locked(path) as state:  # released when its holder dies
        assert state.items == {}


def test_default_path_sits_next_to_a_sqlite_store(tmp_path: Path) -> None:
    db = tmp_path / "live.db"
    assert default_path(f"sqlite:///{db}", "watch") == tmp_path / "live.db.watch-state.json"
    assert default_path(str(db), "feed") == tmp_path / "live.db.feed-state.json"
    pg = default_path("postgresql://u:secret@host/db", "feed")
    assert pg.parent == Path.cwd() and "secret" not in pg.name
