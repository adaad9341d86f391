"""Resolve one actor name to an entity, as `realpolitik resolve` answers it.

Exact alias lookup first; then the same recogniser that reads articles, run over the name
(or over its context sentence), which understands titles ("the Omani foreign minister") and
descriptions ("Iraqi troops"); then fuzzy matching for transliterations.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from realpolitik.actors.recognizer import ACTORS_KEY

if TYPE_CHECKING:
    from realpolitik.engine import Engine


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
    """The entity the recogniser finds covering most of `text`, within its context if given."""
    from realpolitik.engine import EntityResolver

    source = context if context and text in context else text
    offset = source.find(text)
    doc = engine.nlp.make_doc(source)
    doc._.rp_date = date
    for name, proc in engine.nlp.pipeline:
        if name in ("realpolitik_events", "realpolitik_links"):
            continue
        doc = proc(doc)
    inside = [
        s
        for s in doc.spans.get(ACTORS_KEY, [])
        if s.start_char < offset + len(text) and s.end_char > offset
    ]
    if not inside:
        return None
    best = max(inside, key=lambda s: (len(s.text), -s.start))
    mentions = EntityResolver(engine.kb, date).mentions(best, date)
    return mentions[0].entity if mentions else None
