"""Classify the event between a given source and target: the same coder, told the pair.

The coder's lexicon names candidate predicates; the one nearest both actors in the
dependency tree (ideally on the path between them) decides the type.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from realpolitik.events.lexicon import Lexicon, Predicate, load_lexicon
from realpolitik.events.modality import modality_of


@dataclass(frozen=True)
class Classification:
    """The contract answer for one pair: PLOVER type, mode, quad class and confidence."""

    event: str
    mode: str | None
    quad_code: int
    confidence: float
    modality: str = "asserted"
    trigger: str | None = None

    def to_contract(self, pair_id: str) -> dict[str, object]:
        return {
            "id": pair_id,
            "event": self.event,
            "mode": self.mode,
            "quad_code": self.quad_code,
            "confidence": round(self.confidence, 3),
        }


def classify_pair(nlp: Language, sentence: str, source: str, target: str) -> Classification:
    """Classify the event from `source` to `target` (their surface text in `sentence`)."""
    doc = nlp.make_doc(sentence)
    for _name, proc in nlp.pipeline:
        if _name in ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"):
            doc = proc(doc)
    src = _locate(doc, source)
    tgt = _locate(doc, target)
    lexicon = load_lexicon()
    best = _nearest_predicate(doc, lexicon, src, tgt)
    if best is None:
        return Classification("CONSULT", None, 1, 0.1)
    token, pred, distance = best
    confidence = max(0.15, 0.85 - 0.08 * distance)
    return Classification(
        pred.type, pred.mode, pred.quad, confidence, modality_of(token).modality, token.text
    )


def _locate(doc: Doc, text: str) -> Span | None:
    start = doc.text.lower().find(text.strip().lower()) if text.strip() else -1
    if start < 0:
        return None
    return doc.char_span(start, start + len(text.strip()), alignment_mode="expand")


def _ancestors(token: Token) -> list[Token]:
    chain = [token]
    while chain[-1].head.i != chain[-1].i:
        chain.append(chain[-1].head)
    return chain


def _tree_distance(a: Token, b: Token) -> int:
    up_a = _ancestors(a)
    up_b = _ancestors(b)
    index_b = {t.i: n for n, t in enumerate(up_b)}
    for n, tok in enumerate(up_a):
        if tok.i in index_b:
            return n + index_b[tok.i]
    return len(up_a) + len(up_b)


def _predicate(tok: Token, lexicon: Lexicon) -> Predicate | None:
    if tok.pos_ in ("VERB", "AUX"):
        for child in tok.children:
            noun = lexicon.for_noun(child) if child.dep_ in ("dobj", "attr") else None
            if noun is not None and (lexicon.is_light(tok) or lexicon.for_verb(tok) is None):
                return noun
        return lexicon.for_verb(tok)
    if tok.pos_ in ("NOUN", "PROPN"):
        return lexicon.for_noun(tok)
    return None


def _nearest_predicate(
    doc: Doc, lexicon: Lexicon, src: Span | None, tgt: Span | None
) -> tuple[Token, Predicate, int] | None:
    inside = {t.i for span in (src, tgt) if span is not None for t in span}
    best: tuple[Token, Predicate, int] | None = None
    for tok in doc:
        pred = _predicate(tok, lexicon)
        if pred is None or (tok.i in inside and tok.pos_ != "VERB"):
            continue
        distance = sum(_tree_distance(tok, span.root) for span in (src, tgt) if span is not None)
        if best is None or distance < best[2]:
            best = (tok, pred, distance)
    return best
