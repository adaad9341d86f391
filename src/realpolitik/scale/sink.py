"""Where the scale commands write: coded documents into a store, then the relations cache.

`load`, `watch` and `feed` store documents one transaction each, exactly as `ingest` does, so
any of them can be stopped at any point and rerun: a document is either wholly stored or
absent, and a stored one is skipped by its content hash.
"""

from __future__ import annotations

from collections.abc import Callable

from realpolitik.api import refresh_relations, save_coded

Progress = Callable[[str, str], None]  # (document id, path or URL; outcome)


def quiet(_item: str, _outcome: str) -> None:
    """The progress callback that reports nothing."""


# One implementation of each, shared with `realpolitik.api.ingest`.
save = save_coded
__all__ = ["Progress", "quiet", "refresh_relations", "save"]
