"""Where the scale commands write: coded documents into a store, then the relations cache.

`load`, `watch` and `feed` store documents one transaction each, exactly as `ingest` does, so
any of them can be stopped at any point and rerun: a document is either wholly stored or
absent, and a stored one is skipped by its content hash.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from realpolitik.api import RelationsUpdate, refresh_relations, save_coded
from realpolitik.scale.state import State
from realpolitik.store import Store

Progress = Callable[[str, str], None]  # (document id, path or URL; outcome)


def quiet(_item: str, _outcome: str) -> None:
    """The progress callback that reports nothing."""


def rebuild_if_stale(store: Store, state: State, actor_files: Sequence[str]) -> None:
    """Rebuild the whole relations cache when a run stopped after storing documents and
    before refreshing their pairs (the state says so): the pairs they touched are lost with
    that run, and a rerun skips the documents themselves as already stored."""
    if state.relations_stale:
        refresh_relations(store, actor_files)
        state.set_stale(False)


# One implementation of each, shared with `realpolitik.api.ingest`.
save = save_coded
__all__ = [
    "Progress", "RelationsUpdate", "quiet", "rebuild_if_stale", "refresh_relations", "save"
]
