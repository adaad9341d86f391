"""Classify the event between a given source and target in a sentence.

The contract path (`classify_pairs`, `classify_pair`) is the learned model of
`realpolitik.events.typemodel`: TF-IDF views of the pair plus the lexicon's answer (which
predicate types are named between the actors, and nearest them) in one calibrated logistic
regression. It reads raw text, with no parse: the spaCy parse caps throughput far below the
500 pairs/s a file of pairs needs on two CPU cores, and added no accuracy over the lexicon
features in cross-validation (benchmarks/classify.py).

`classify_pair_rules` is the parse-based baseline the model is measured against: the lexicon
predicate nearest both actors in the dependency tree decides the type.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from realpolitik.events.lexicon import Lexicon, Predicate, load_lexicon
from realpolitik.events.modality import modality_of
from realpolitik.events.typemodel import load_type_model, views_for
from realpolitik.model import QUAD_OF_TYPE

_RULE_PIPES = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer")


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


def classify_pairs(triples: Iterable[tuple[str, str, str]]) -> list[Classification]:
    """Classify many (sentence, source, target) triples in one vectorised pass.

    `confidence` is the model's temperature-calibrated probability of the type it names;
    `trigger` and `mode` come from the lexicon word of that type nearest the pair, if any;
    `modality` stays "asserted" (telling it needs the parse this path avoids).
    """
    model = load_type_model()
    batch: Sequence[tuple[str, str, str]] = list(triples)
    views = [views_for(*t) for t in batch]
    probs = model.proba_from_views(views)
    best = probs.argmax(axis=1)
    out: list[Classification] = []
    for view, row, j in zip(views, probs, best, strict=True):
        kind = model.labels[int(j)]
        trigger, mode = model.trigger(view, kind)
        out.append(Classification(kind, mode, QUAD_OF_TYPE[kind], float(row[j]), trigger=trigger))
    return out


def classify_pair(sentence: str, source: str, target: str) -> Classification:
    """Classify the event from `source` to `target` (their surface text in `sentence`)."""
    return classify_pairs([(sentence, source, target)])[0]


def classify_pair_rules(nlp: Language, sentence: str, source: str, target: str) -> Classification:
    """The rules-only answer: the lexicon predicate nearest the pair in the parse."""
    doc = nlp.make_doc(sentence)
    for name, proc in nlp.pipeline:
        if name in _RULE_PIPES:
            doc = proc(doc)
    return rules_on_doc(doc, _locate(doc, source), _locate(doc, target))


def rules_on_doc(doc: Doc, src: Span | None, tgt: Span | None) -> Classification:
    """`classify_pair_rules` on an already parsed sentence, with the actors' spans."""
    best = _nearest_predicate(doc, load_lexicon(), src, tgt)
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
