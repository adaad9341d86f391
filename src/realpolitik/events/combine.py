"""The lexicon's event type combined with the learned type model, and a calibrated confidence.

The rule coder (`coder.py`) finds triggers and arguments from the lexicon and the parse; its
type is the trigger word's, which is wrong when the word is ambiguous or the sentence frames it
("urged X to stop the strikes" is a REQUEST, not an ASSAULT). The learned model
(`typemodel.py`) reads the whole sentence with the pair marked. Here, for each event with a
named source and target, the model's type distribution is asked for in one batch per document
and the final type decided by a rule fitted by cross-validation
(`scripts/train_event_confidence.py`): the lexicon's type stands unless the model gives another
type at least a fitted probability. A changed type takes that type's default CAMEO code, quad
class and intensity (`data/plover.yaml`) and the mode of the model's trigger word; modality,
date, place and arguments stay the coder's.

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
    this probability (above 1: never). `coef` and `intercept` weigh `features` (names of
    `signals`) in a logistic calibration; with no coefficients the coder's heuristic stays.
    """

    combine_types: bool = False
    threshold: float = 2.0
    features: tuple[str, ...] = ()
    coef: tuple[float, ...] = ()
    intercept: float = 0.0
    training: dict[str, Any] = field(default_factory=dict, compare=False)

    def to_json(self) -> dict[str, Any]:
        return {
            "version": FORMAT_VERSION,
            "combine_types": self.combine_types,
            "rule": {"kind": "override", "threshold": self.threshold},
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
    """The lexicon's type unless the model gives another type at least `threshold`."""
    top = max(probs, key=lambda t: probs[t])
    return top if top != lex_type and probs[top] >= threshold else lex_type


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
        if settings.combine_types and named_pair(raw) and not is_intent(raw, lexicon):
            chosen = choose_type(pred.type, p, settings.threshold)
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
