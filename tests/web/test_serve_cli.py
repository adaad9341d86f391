"""`realpolitik serve`: its help, its one-line error on a bad store, and a real server
process answering the API and the workbench on a loopback port."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
from typer.testing import CliRunner

from realpolitik.cli import app

runner = CliRunner()


def test_help_has_an_example() -> None:
    result = runner.invoke(app, ["serve", "--help"])
    assert result.exit_code == 0 and "Example: realpolitik serve" in result.output


def test_bad_store_is_a_one_line_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["serve", "--db", str(tmp_path / "missing" / "dir" / "x.db")])
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: cannot open") and "--db" in lines[0]


def test_served_process_answers(tmp_path: Path, server_factory: Any, auth: dict[str, str]) -> None:
    server = server_factory(f"sqlite:///{tmp_path / 'served.db'}")
    page = httpx.get(f"{server.base}/", timeout=10)
    assert page.status_code == 200 and "realpolitik workbench" in page.text
    empty = httpx.get(f"{server.base}/api/documents", timeout=10).json()
    assert empty["items"] == [] and empty["total"] == 0
    article = {
        "text": "Oman hosted talks between Iran and the United States.",
        "date": "2024-01-10",
    }
    refused = httpx.post(f"{server.base}/api/ingest", json=article, timeout=60)
    assert refused.status_code == 401
    stored = httpx.post(f"{server.base}/api/ingest", json=article, headers=auth, timeout=120)
    assert stored.status_code == 201, stored.text
    assert httpx.get(f"{server.base}/api/documents", timeout=10).json()["total"] == 1
