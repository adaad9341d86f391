"""`code_parallel` reads its input only a few chunks ahead (memory stays bounded on a large
corpus) and keeps the input order."""

from __future__ import annotations

from collections.abc import Iterator

from realpolitik.engine import code_parallel
from realpolitik.model import Document


def test_code_parallel_reads_only_a_few_chunks_ahead() -> None:
    pulled: list[int] = []

    def texts() -> Iterator[Document]:
        for i in range(12):
            pulled.append(i)
            yield Document(f"d{i}", "Iran and Iraq met in Baghdad.", "2024-03-20")

    results = code_parallel(texts(), workers=1, chunk_size=1)
    first = next(results)
    assert first.document.id == "d0" and len(pulled) < 12
    assert [c.document.id for c in results] == [f"d{i}" for i in range(1, 12)]
