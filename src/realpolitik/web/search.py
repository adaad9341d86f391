"""Full-text search over evidence sentences, in Python over the store's filtered events.

Every word of the query must occur in the sentence, case-insensitively; quotes keep a
phrase together ("prisoner exchange"). Good enough for a workbench over thousands of
events; a store-side index is the next step when stores grow.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from realpolitik.model import Event

_TERM = re.compile(r'"([^"]+)"|(\S+)')


def terms(query: str) -> list[str]:
    """The words and quoted phrases of a query, case-folded."""
    found = (phrase or word for phrase, word in _TERM.findall(query))
    return [t.strip('"').casefold() for t in found if t.strip('"').strip()]


def matches(sentence: str, wanted: list[str]) -> bool:
    text = sentence.casefold()
    return all(t in text for t in wanted)


def search(events: Iterable[Event], query: str) -> list[Event]:
    wanted = terms(query)
    return [e for e in events if matches(e.sentence, wanted)]
