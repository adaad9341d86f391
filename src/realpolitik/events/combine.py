"""The lexicon's event type combined with the learned type model, and a calibrated confidence.

The rule coder (`coder.py`) finds triggers and arguments from the lexicon and the parse; its
type is the trigger word's, which is wrong when the word is ambiguous or the sentence frames it
("urged X to stop the strikes" is a REQUEST, not an ASSAULT). The learned model
(`typemodel.py`) reads the whole sentence with the pair marked. Here, for each event with a
named source and target, the model's type distribution is asked for in one batch per document
and the final type decided by a rule fitted by cross-validation
(`scripts/train_event_confidence.py`): the lexicon's type stands unless the model gives another
type at least a fitted probability and the event is one the model's view fits (`GUARDS`: the
model sees the pair, not the trigger, nor negation). A changed type takes that type's default
CAMEO code, quad class and intensity (`data/plover.yaml`) and the mode of the model's trigger
word; modality, date, place and arguments stay the coder's.

Confidence is a logistic calibration over the model's probabilities, lexicon agreement and the
coder's own argument signals, fitted on out-of-fold end-to-end results, so that 0.8 means about
eight in ten such events have the right type. Its numbers live in `data/event_combine.json`.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any

from realpolitik.events.lexicon import Lexicon, Predicate, load_lexicon
from realpolitik.events.typemodel import load_type_model, pair_views

if TYPE_CHECKING:
    from realpolitik.events.coder import RawEvent

FORMAT_VERSION = 1
Probabilities = dict[str, float]  # PLOVER type -> probability
ProbaFn = Callable[[Sequence[dict[str, str]]], list[Probabilities]]
_LOGIT_CLIP = 1e-4


@dataclass(frozen=True)
class Settings:
    """The fitted combination rule and confidence calibration (see `data/event_combine.json`).

    `threshold`: the model's top type replaces the lexicon's when it differs and has at least
    this probability (above 1: never), and every one of `guards` (names in `GUARDS`) allows
    it. `coef` and `intercept` weigh `features` (names of
    `signals`) in a logistic calibration; with no coefficients the coder's heuristic stays.
    """

    combine_types: bool = False
    threshold: float = 2.0
    guards: tuple[str, ...] = ()
    features: tuple[str, ...] = ()
    coef: tuple[float, ...] = ()
    intercept: float = 0.0
    training: dict[str, Any] = field(default_factory=dict, compare=False)

    def to_json(self) -> dict[str, Any]:
        return {
            "version": FORMAT_VERSION,
            "combine_types": self.combine_types,
            "rule": {"kind": "override", "threshold": self.threshold, "guards": list(self.guards)},
            "calibration": {
                "features": list(self.features),
                "coef": list(self.coef),
                "intercept": self.intercept,
            },
            "training": self.training,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Settings:
        if data.get("version") != FORMAT_VERSION:
            raise ValueError(f"event_combine format {data.get('version')}, need {FORMAT_VERSION}")
        cal = data["calibration"]
        return cls(
            bool(data["combine_types"]),
            float(data["rule"]["threshold"]),
            tuple(str(g) for g in data["rule"].get("guards", ())),
            tuple(cal["features"]),
            tuple(float(c) for c in cal["coef"]),
            float(cal["intercept"]),
            dict(data.get("training", {})),
        )


@lru_cache(maxsize=1)
def load_settings() -> Settings:
    """The shipped settings; without the data file, the coder's types and heuristic stand."""
    resource = files("realpolitik.events") / "data" / "event_combine.json"
    if not resource.is_file():
        return Settings()
    return Settings.from_json(json.loads(resource.read_text(encoding="utf-8")))


@dataclass(frozen=True)
class Decision:
    """What the combination says about one RawEvent: its predicate and confidence."""

    predicate: Predicate
    confidence: float
    model_type: str | None  # the model's most probable type (None: model not asked)
    changed: bool
    signals: dict[str, float]


def event_views(raw: RawEvent) -> dict[str, str]:
    """The model's views of the event's sentence with its first actor and recipient marked.

    A side outside the sentence (or missing: agentless events) gets no mark.
    """
    sent = raw.sentence
    text = sent.text

    def rel(spans: Sequence[Any]) -> tuple[int, int] | None:
        for s in spans:
            if sent.start_char <= s.start_char and s.end_char <= sent.end_char:
                return s.start_char - sent.start_char, s.end_char - sent.start_char
        return None

    return pair_views(text, rel(raw.actors), rel(raw.recipients))


def shipped_proba(views: Sequence[dict[str, str]]) -> list[Probabilities]:
    """The shipped type model's calibrated probabilities for many views at once."""
    if not views:
        return []
    model = load_type_model()
    probs = model.proba_from_views(views)
    return [dict(zip(model.labels, map(float, row), strict=True)) for row in probs]


def _logit(p: float) -> float:
    p = min(max(p, _LOGIT_CLIP), 1.0 - _LOGIT_CLIP)
    return math.log(p / (1.0 - p))


def is_intent(raw: RawEvent, lexicon: Lexicon) -> bool:
    """ "will meet" coded AGREE 036 by the coder: the type says intent, which the model's
    training labels do not mark, so the model does not retype it."""
    pred = raw.predicate
    return (
        raw.modality == "future" and pred.type == "AGREE" and pred.cameo in lexicon.intent.values()
    )


def named_pair(raw: RawEvent) -> bool:
    return bool(raw.actors) and bool(raw.recipients)


def choose_type(lex_type: str, probs: Probabilities, threshold: float) -> str:
    """The lexicon's type unless the model gives another type at least `threshold`.

    CONCEDE and RETREAT are never swapped for each other: the model learnt them from plv's
    YIELD, which merges them, so it cannot tell them apart."""
    top = max(probs, key=lambda t: probs[t])
    if top in YIELD_TYPES and lex_type in YIELD_TYPES:
        return lex_type
    return top if top != lex_type and probs[top] >= threshold else lex_type


# Why the model may not retype an event. The model reads the sentence with the event's pair
# marked, not its trigger, so it answers for the sentence's main event on that pair: a second
# event on the same pair, or an event on a side pair, gets the main event's type.
YIELD_TYPES = frozenset({"CONCEDE", "RETREAT"})
_NOMINAL_ARGS = frozenset({"dobj", "nsubj", "nsubjpass", "attr"})


def _pairs(raw: RawEvent) -> set[frozenset[str]]:
    """The event's actor pairs, either direction."""
    return {frozenset((a.text.lower(), r.text.lower())) for a in raw.actors for r in raw.recipients}


def sentence_neighbours(raw: RawEvent, raws: Sequence[RawEvent]) -> list[RawEvent]:
    """The other named-pair events of the sentence (all the document's, when the coder set
    them, so a caller passing one event still gets its neighbours)."""
    pool = raw.trigger.doc._.rp_events or raws
    start = raw.sentence.start
    return [o for o in pool if o is not raw and named_pair(o) and o.sentence.start == start]


def is_main_predicate(raw: RawEvent, lexicon: Lexicon) -> bool:
    """The trigger heads the sentence: its root (or a verb conjoined to it), or the event noun
    of a root light verb ("launched strikes", "clashes continued")."""
    tok = raw.trigger
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    if tok.dep_ == "ROOT":
        return True
    head = tok.head
    return head.dep_ == "ROOT" and tok.dep_ in _NOMINAL_ARGS and lexicon.is_light(head)


def _sole_pair(raw: RawEvent, others: Sequence[RawEvent], lexicon: Lexicon) -> bool:
    mine = _pairs(raw)
    return not any(_pairs(o) & mine for o in others)


def _main_or_only_pair(raw: RawEvent, others: Sequence[RawEvent], lexicon: Lexicon) -> bool:
    mine = _pairs(raw)
    return is_main_predicate(raw, lexicon) or all(_pairs(o) <= mine for o in others)


def _unmediated(raw: RawEvent, others: Sequence[RawEvent], lexicon: Lexicon) -> bool:
    return not raw.mediators


def _asserted(raw: RawEvent, others: Sequence[RawEvent], lexicon: Lexicon) -> bool:
    """Negated, hypothetical and future events: the model's labels do not mark modality."""
    return raw.modality == "asserted"


def _not_negated(raw: RawEvent, others: Sequence[RawEvent], lexicon: Lexicon) -> bool:
    """A negated event keeps its modality when retyped, so a wrong retype says the opposite
    ("did not meet" -> "did not reject")."""
    return raw.modality != "negated"


def _nominal_or_light(raw: RawEvent, others: Sequence[RawEvent], lexicon: Lexicon) -> bool:
    """The trigger is an event noun (its type is the noun's, whatever the verb does to it)."""
    return raw.trigger.pos_ in ("NOUN", "PROPN") or lexicon.is_light(raw.trigger)


Guard = Callable[["RawEvent", Sequence["RawEvent"], Lexicon], bool]
GUARDS: dict[str, Guard] = {
    "sole_pair": _sole_pair,
    "main_or_only_pair": _main_or_only_pair,
    "unmediated": _unmediated,
    "asserted": _asserted,
    "not_negated": _not_negated,
    "nominal_or_light": _nominal_or_light,
}
# guards on the swap rather than the event
SWAP_GUARDS = frozenset({"within_quad"})


def may_retype(
    raw: RawEvent, raws: Sequence[RawEvent], guards: Sequence[str], lexicon: Lexicon
) -> bool:
    """Whether every event guard in `guards` lets the model retype `raw`."""
    if not named_pair(raw) or is_intent(raw, lexicon):
        return False
    event_guards = [GUARDS[g] for g in guards if g not in SWAP_GUARDS]
    if not event_guards:
        return True
    others = sentence_neighbours(raw, raws)
    return all(g(raw, others, lexicon) for g in event_guards)


def allowed_swap(lex_type: str, chosen: str, guards: Sequence[str], lexicon: Lexicon) -> bool:
    """Whether the swap guards allow `lex_type` -> `chosen` (within_quad: same quad class)."""
    if "within_quad" in guards:
        return lexicon.types[lex_type].quad == lexicon.types[chosen].quad
    return True


def signals(raw: RawEvent, lex_type: str, chosen: str, probs: Probabilities) -> dict[str, float]:
    """What the calibration reads: the model's belief in the chosen and the lexicon's type,
    whether they agree, and the coder's argument signals (its heuristic folds in a direct
    verb frame, pronoun sides and modality)."""
    top = max(probs, key=lambda t: probs[t])
    return {
        "logit_chosen": _logit(probs.get(chosen, 0.0)),
        "logit_lexicon": _logit(probs.get(lex_type, 0.0)),
        "agree": float(top == lex_type),
        "changed": float(chosen != lex_type),
        "coder": float(raw.confidence),
        "nominal": float(raw.trigger.pos_ in ("NOUN", "PROPN")),
        "coref": float(any(s.label_ == "COREF" for s in raw.actors + raw.recipients)),
        "modal": float(raw.modality != "asserted"),
    }


def calibrated(sig: dict[str, float], settings: Settings, fallback: float) -> float:
    """The logistic calibration of `sig`, or `fallback` when none is fitted."""
    if not settings.coef:
        return fallback
    z = settings.intercept + sum(
        c * sig[f] for f, c in zip(settings.features, settings.coef, strict=True)
    )
    return 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0


def retype(pred: Predicate, kind: str, views: dict[str, str], lexicon: Lexicon) -> Predicate:
    """`pred` as type `kind`: that type's default CAMEO code, quad and intensity, the mode of
    the model's trigger word for it; the context (what the trigger is about) stays."""
    if kind == pred.type:
        return pred
    base = lexicon.types[kind]
    _form, mode = load_type_model().trigger(views, kind)
    return Predicate(kind, base.quad, base.cameo, base.intensity, mode, pred.context)


def combine_events(
    raws: Sequence[RawEvent], settings: Settings | None = None, proba: ProbaFn | None = None
) -> list[Decision]:
    """One `Decision` per RawEvent, the model asked once for all of them.

    Only events with a named source and target may change type; agentless ones are still
    scored by the model so that their confidence reads the same signals.
    """
    settings = settings or load_settings()
    lexicon = load_lexicon()
    views = [event_views(r) for r in raws]
    probs = (proba or shipped_proba)(views)
    out: list[Decision] = []
    for raw, view, p in zip(raws, views, probs, strict=True):
        pred = raw.predicate
        chosen = pred.type
        if settings.combine_types and may_retype(raw, raws, settings.guards, lexicon):
            chosen = choose_type(pred.type, p, settings.threshold)
            if not allowed_swap(pred.type, chosen, settings.guards, lexicon):
                chosen = pred.type
        sig = signals(raw, pred.type, chosen, p)
        out.append(
            Decision(
                retype(pred, chosen, view, lexicon),
                calibrated(sig, settings, raw.confidence),
                max(p, key=lambda t: p[t]),
                chosen != pred.type,
                sig,
            )
        )
    return out
