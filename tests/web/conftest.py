"""Fixtures for the web tests: the sample corpus ingested once per backend, apps over it,
and an empty store per test for the write paths.

SQLite always; PostgreSQL too when REALPOLITIK_TEST_PG_URL names a server (each store gets
its own schema, dropped afterwards: `make_backend_url` and `store_url` of tests/conftest.py).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from realpolitik import api
from realpolitik.web import create_app

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples" / "corpus"
TOKEN = "test-token-1234"


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def corpus_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
               make_backend_url: Any) -> Iterator[str]:  # fmt: skip
    """A store holding the ten sample articles, ingested by `realpolitik.api.ingest`."""
    with make_backend_url(request.param, tmp_path_factory.mktemp(request.param)) as url:
        report = api.ingest([SAMPLES], url)
        assert report.ok and report.stored == 10, report.failures
        yield url


@pytest.fixture(scope="session")
def token() -> str:
    """The bearer token the test apps and servers are started with."""
    return TOKEN


@pytest.fixture(scope="session")
def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture(scope="session")
def client(corpus_url: str, token: str) -> Iterator[TestClient]:
    with TestClient(create_app(corpus_url, token=token)) as c:
        yield c


@pytest.fixture
def empty_url(store_url: str) -> str:
    """An empty store per test, on each backend (`store_url` of tests/conftest.py)."""
    return store_url


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(scope="session")
def server_factory() -> Iterator[type[Server]]:
    """Start `realpolitik serve` processes; all are stopped at the end of the session."""
    started: list[Server] = []

    class Tracked(Server):
        def __init__(self, db: str, token: str | None = TOKEN) -> None:
            started.append(self)
            super().__init__(db, token)

    yield Tracked
    for server in started:
        server.stop()


class Server:
    """`realpolitik serve` in a subprocess on a free loopback port."""

    def __init__(self, db: str, token: str | None = TOKEN) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "REALPOLITIK_TOKEN": token or ""}
        cmd = [sys.executable, "-c", "from realpolitik.cli import main; main()", "serve",
               "--db", db, "--port", str(self.port)]  # fmt: skip
        self.proc = subprocess.Popen(cmd, env=env, stderr=subprocess.PIPE, text=True)
        self._wait()

    def _wait(self, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"server exited: {self.proc.stderr.read() if self.proc.stderr else ''}"
                )
            try:
                if httpx.get(f"{self.base}/api/documents?limit=1", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"server on port {self.port} did not answer in {seconds} s")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
