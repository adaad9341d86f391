"""A factory of store URLs per backend for the relations tests, which need several stores in
one test (built on the shared `backend_url` of tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

BACKENDS = ("sqlite", "postgresql")


@pytest.fixture(params=BACKENDS)
def new_store_url(
    request: pytest.FixtureRequest, tmp_path: Path, make_backend_url: Callable[..., object]
) -> Iterator[Callable[[str], str]]:
    """A factory of fresh, empty store URLs on the test's backend."""
    with ExitStack() as stack:

        def make(name: str) -> str:
            return str(stack.enter_context(make_backend_url(request.param, tmp_path, f"{name}.db")))

        yield make
