"""One knowledge base per set of user files, shared by every component of a process."""

from __future__ import annotations

from functools import lru_cache

from realpolitik.actors.kb import KnowledgeBase


@lru_cache(maxsize=8)
def knowledge_base(actor_files: tuple[str, ...] = ()) -> KnowledgeBase:
    """The built-in knowledge base extended by `actor_files`, loaded once per process."""
    return KnowledgeBase.load(extra=actor_files)
