"""The one error type ingest reports: a bad input, told in a single line with its fix."""

from __future__ import annotations


class IngestError(Exception):
    """One bad input. `str(err)` is a single line 'PATH[:LINE]: message; fix hint'.

    Readers yield these instead of raising, so one bad file never stops a batch.
    """

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        # keep args in constructor order so the exception pickles and copies cleanly
        super().__init__(path, message, line)
        self.path = path
        self.line = line
        self.message = " ".join(message.split())  # one line, whatever the cause said

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"
