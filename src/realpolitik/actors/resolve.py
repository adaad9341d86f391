"""Resolve one actor name to an entity, as `realpolitik resolve` answers it.

The recogniser that reads articles runs over the name's context sentence (or the name
alone), so titles ("the Omani foreign minister"), descriptions ("protesters in Tehran"),
proxies ("Iran-backed militias in Iraq") and back-references ("the group") resolve as they
would in an article. Of the actors it finds inside the name, the one at the name's
grammatical head wins: "police in Islamabad" is the police, not Islamabad; a backer or a
place alone ("Saudi-backed forces", "troops in Syria") is never the answer. Then exact alias
lookup, then fuzzy matching for transliterations.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from spacy.tokens import Doc, Span, Token

from realpolitik.actors.recognizer import ACTORS_KEY, names_a_patron

if TYPE_CHECKING:
    from realpolitik.engine import Engine

_SKIPPED = ("realpolitik_events", "realpolitik_links")  # not needed to find actors
_FAR = 99  # distance of a span that does not hang off the head at all
_WHERE = {"in", "at", "near", "across", "inside", "around", "throughout"}


def resolve_name(
    engine: Engine, text: str, context: str | None = None, date: str | None = None
) -> dict[str, Any]:
    """The contract entity for `text`; country and sector are null when nothing fits."""
    kb = engine.kb
    found = _recognised(engine, text, context, date) or kb.lookup(text, date)
    if found is None:
        found = kb.fuzzy_lookup(text, date)
    if found is None:
        return {
            "entity_id": None,
            "name": text,
            "raw_text": text,
            "country": None,
            "sector": None,
            "kind": "other",
            "wikidata_id": None,
        }
    entity = found.to_contract(text)
    entity["entity_id"] = entity.pop("id")
    return entity


def _recognised(engine: Engine, text: str, context: str | None, date: str | None) -> Any:
    """The entity the recogniser finds at the head of `text`, within its context if given."""
    from realpolitik.engine import EntityResolver

    source = context if context and text in context else text
    offset = source.find(text)
    doc = _parse(engine, source, date)
    start, end = offset, offset + len(text)
    inside = [s for s in doc.spans.get(ACTORS_KEY, []) if s.start_char < end and s.end_char > start]
    if not inside:
        return None
    head = _head(doc, start, end)
    inside = [s for s in inside if _distance(s, head) == 0 or not _beside_the_point(s)]
    if not inside:
        return None  # "Saudi-backed forces" are not Saudi Arabia, "troops in Syria" not Syria
    best = min(inside, key=lambda s: (_distance(s, head), -len(s.text), s.start))
    mentions = EntityResolver(engine.kb, date).mentions(best, date)
    return mentions[0].entity if mentions else None


def _parse(engine: Engine, source: str, date: str | None) -> Doc:
    doc = engine.nlp.make_doc(source)
    doc._.rp_date = date
    for name, proc in engine.nlp.pipeline:
        if name not in _SKIPPED:
            doc = proc(doc)
    return doc


def _beside_the_point(span: Span) -> bool:
    """A backer ("Iran-backed") or a place ("in Syria") inside a phrase is not its referent."""
    root = span.root
    placed = root.dep_ == "pobj" and root.head.lower_ in _WHERE
    return placed or names_a_patron(span)


def _head(doc: Doc, start: int, end: int) -> Token | None:
    """The token of the phrase whose syntactic head lies outside it (the phrase's head)."""
    tokens = [t for t in doc if t.idx < end and t.idx + len(t) > start]
    inside = {t.i for t in tokens}
    for tok in tokens:
        if tok.head.i == tok.i or tok.head.i not in inside:
            return tok
    return tokens[-1] if tokens else None


def _distance(span: Span, head: Token | None) -> int:
    """How many steps up the parse from the span to the phrase's head (0: it contains it)."""
    if head is None:
        return 0
    if span.start <= head.i < span.end:
        return 0
    tok, steps = span.root, 0
    while tok.i != head.i and tok.head.i != tok.i and steps < _FAR:
        tok, steps = tok.head, steps + 1
    return steps if tok.i == head.i else _FAR
