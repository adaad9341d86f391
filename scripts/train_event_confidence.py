"""Fit the end-to-end coder's type combination and event confidence (events/combine.py).

Honest cross-validation: the shipped type model saw all of plv_train, so its answers on those
sentences are no guide. Instead plv_train (../shared/data, never copied) is split into the type
model's own 5 stratified folds (scripts/train_type_model.py, seed 13); each fold's sentences go
through the whole pipeline once, and a type model is fitted on the other folds exactly as the
shipped one (its features, its C, plv + the down-weighted synthetic stories), its softmax
temperature fitted on the other folds' out-of-fold pair probabilities. That gives every
end-to-end event an out-of-fold type distribution. On those:

  * the override threshold (the model's top type replaces the lexicon's when it differs and
    has at least this probability; "never" is in the grid) is the one with the best type
    accuracy over the events that cover a marked pair;
  * the confidence calibration is a logistic regression over `combine.signals` whose label is
    "this event covering the marked pair has the gold type". Only the marked pair is labelled
    in plv_train, so events on other pairs of a sentence take no part in fitting.

`cross_validate` repeats both choices inside each outer fold (fitted on the other four) for
benchmarks/end_to_end.py --cv; `main` fits them on all out-of-fold events and writes
src/realpolitik/events/data/event_combine.json. The type combination is switched on only with
--combine and when its cross-validated type accuracy over found pairs beats the lexicon's.

The model reads the pair, not the trigger: in a sentence with two events on one pair, or for
an event on a side pair, it answers for the sentence's main event, and it cannot see that an
event is negated or hypothetical (a retyped event keeps its modality, so "did not meet" would
become "did not reject"). Unguarded, retyping gained on plv's short one-pair sentences but
retyped seed-article and unit-test events the lexicon had right. So retyping is allowed only
where every guard in `--guards` (combine.GUARDS) agrees: the only event on its pair in the
sentence, the sentence's main predicate or its only pair, not mediated, asserted; CONCEDE and
RETREAT are never swapped (plv's YIELD merges them). Each guard was kept or dropped by
`benchmarks/end_to_end.py --cv --compare-guards`, the seed articles and tests/events.

    .venv/bin/python scripts/train_event_confidence.py [--shared ../shared] [--combine]
        [--guards sole_pair,main_or_only_pair,unmediated,asserted]
"""

from __future__ import annotations

import argparse
import importlib
import json
import math
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression

from realpolitik.events.combine import (
    GUARDS,
    SWAP_GUARDS,
    Decision,
    Probabilities,
    Settings,
    combine_events,
)

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = ROOT.parent / "shared"
DEFAULT_OUT = ROOT / "src" / "realpolitik" / "events" / "data" / "event_combine.json"
THRESHOLDS = (0.0, 0.2, 0.3, 0.4, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 2.0)
NEVER = 2.0
FEATURES = (
    "logit_chosen",
    "logit_lexicon",
    "agree",
    "changed",
    "coder",
    "nominal",
    "coref",
    "modal",
)
# Retyping only where the model's view fits the event (benchmarks/end_to_end.py --cv
# --compare-guards; see the module docstring).
DEFAULT_GUARDS: tuple[str, ...] = ("sole_pair", "main_or_only_pair", "unmediated", "asserted")
CAL_C = 1.0  # weak regularisation of eight features fitted on a few hundred events
K = 5


def _module(folder: str, name: str) -> ModuleType:
    """A script or benchmark module by name (one implementation of training and scoring)."""
    path = str(ROOT / folder)
    if path not in sys.path:
        sys.path.insert(0, path)
    return importlib.import_module(name)


@dataclass
class RowEvents:
    """One plv_train row parsed end to end: its events and which of them cover the pair."""

    row: Any  # end_to_end.Row
    fold: int
    events: list[Any]  # RawEvent
    covering: list[int]  # 2: covers the pair in its direction, 1: only reversed, 0: not
    probs: list[Probabilities] = field(default_factory=list)


def parse_rows(shared: Path, nlp: Any) -> list[RowEvents]:
    """Every well-marked plv row through the pipeline, with its type-model fold."""
    e2e = _module("benchmarks", "end_to_end")
    trainer = _module("scripts", "train_type_model")
    rows, _bad = e2e.read_plv(shared / e2e.PLV)
    plv = trainer.load_plv(shared / "data")
    fold_of = np.zeros(len(plv), dtype=int)
    for f, (_tr, te) in enumerate(trainer._folds(plv, K)):
        fold_of[te] = f
    out = []
    for row, doc in zip(rows, nlp.pipe(r.text for r in rows), strict=True):
        events = list(doc._.rp_events or [])
        cover = [
            2
            if e2e._covers(e, row.source, row.target)
            else int(e2e._covers(e, row.target, row.source))
            for e in events
        ]
        out.append(RowEvents(row, int(fold_of[row.index]), events, cover))
    return out


def add_oof_probabilities(parsed: list[RowEvents], shared: Path) -> dict[str, Any]:
    """Each event's type distribution from a model that never saw its sentence."""
    from realpolitik.events.combine import event_views

    trainer = _module("scripts", "train_type_model")
    shipped = _shipped_training()
    plv, extra = trainer.training_data(shared, shipped["data"], shipped["synthetic_weight"])
    blocks = trainer.FEATURE_SETS[shipped["features"]]
    folds = trainer._folds(plv, K)
    labels = sorted(trainer.TYPES)
    pair_oof = np.zeros((len(plv), len(labels)))
    event_raw: dict[int, np.ndarray] = {}
    for f, (tr, te) in enumerate(folds):
        model = trainer.fit([plv[i] for i in tr] + extra, shipped["C"], blocks)
        assert list(model.clf.classes_) == labels
        pair_oof[te] = model.predict_proba([plv[i].views for i in te])
        views = [event_views(e) for r in parsed if r.fold == f for e in r.events]
        event_raw[f] = model.predict_proba(views) if views else np.zeros((0, len(labels)))
    temps = []
    for f, (tr, _te) in enumerate(folds):
        t = trainer.fit_temperature(pair_oof[tr], [plv[i].label for i in tr])
        temps.append(t)
        probs = trainer.apply_temperature(event_raw[f], t) if len(event_raw[f]) else event_raw[f]
        it = iter(probs)
        for r in (r for r in parsed if r.fold == f):
            r.probs = [dict(zip(labels, map(float, next(it)), strict=True)) for _ in r.events]
    return {**shipped, "temperature_per_fold": [round(t, 3) for t in temps], "folds": K}


def _shipped_training() -> dict[str, Any]:
    """The shipped type model's training choices, so fold models are fitted the same way."""
    from realpolitik.events.typemodel import load_type_model

    cfg = load_type_model().config
    tr = cfg["training"]
    return {
        "data": tr["data"],
        "features": tr["features"],
        "synthetic_weight": float(tr.get("synthetic_weight", 0.0)),
        "C": float(cfg["C"]),
    }


def decisions(parsed: Sequence[RowEvents], settings: Settings) -> list[list[Decision]]:
    """`combine_events` per row, with the rows' out-of-fold probabilities."""
    out = []
    for r in parsed:
        probs = r.probs
        out.append(combine_events(r.events, settings, proba=lambda _v, p=probs: p))
    return out


def _type_ok(ours: str, gold: str) -> bool:
    return ours == gold or gold == "YIELD" and ours in ("CONCEDE", "RETREAT")


def covering_labels(
    parsed: Sequence[RowEvents], decided: Sequence[list[Decision]]
) -> tuple[list[Decision], np.ndarray]:
    """The decisions on events covering the marked pair, and whether their type is right."""
    ds: list[Decision] = []
    ok: list[bool] = []
    for r, dec in zip(parsed, decided, strict=True):
        for d, cov in zip(dec, r.covering, strict=True):
            if cov:
                ds.append(d)
                ok.append(_type_ok(d.predicate.type, r.row.gold))
    return ds, np.array(ok, dtype=bool)


def choose_threshold(
    parsed: Sequence[RowEvents], rule: str = "one-se", guards: Sequence[str] = ()
) -> tuple[float, dict[float, float]]:
    """The override threshold, and the type accuracy over covering events of each.

    "best": the threshold with the best accuracy (ties: the more conservative). "one-se": the
    most conservative threshold within one standard error of the best. plv_train's sentences
    are short news sentences with one marked pair; articles are longer and the model reads
    them less well, so where plv cannot tell thresholds apart the lexicon keeps its say.
    """
    scores: dict[float, float] = {}
    n = 0
    for t in THRESHOLDS:
        _ds, ok = covering_labels(parsed, decisions(parsed, Settings(True, t, tuple(guards))))
        scores[t] = float(ok.mean()) if len(ok) else 0.0
        n = len(ok)
    best = max(scores.values())
    slack = math.sqrt(best * (1.0 - best) / max(n, 1)) if rule == "one-se" else 0.0
    return max(t for t, s in scores.items() if s >= best - slack - 1e-12), scores


def fit_calibration(parsed: Sequence[RowEvents], settings: Settings) -> Settings:
    """`settings` with a logistic confidence fitted on its own decisions' covering events."""
    bare = replace(settings, coef=(), features=())
    ds, ok = covering_labels(parsed, decisions(parsed, bare))
    x = np.array([[d.signals[f] for f in FEATURES] for d in ds])
    clf = LogisticRegression(C=CAL_C, max_iter=2000).fit(x, ok)
    return replace(
        bare,
        features=FEATURES,
        coef=tuple(round(float(c), 6) for c in clf.coef_[0]),
        intercept=round(float(clf.intercept_[0]), 6),
    )


@dataclass
class FoldResult:
    """One outer fold's held-out rows decided three ways."""

    fold: int
    threshold: float  # the best-accuracy threshold
    threshold_1se: float  # the one-standard-error threshold
    rules: list[list[Decision]]  # lexicon types, coder heuristic confidence
    rules_calibrated: list[list[Decision]]  # lexicon types, calibrated confidence
    combined: list[list[Decision]]  # best-threshold types, calibrated confidence
    combined_1se: list[list[Decision]]  # one-SE-threshold types, calibrated confidence
    rows: list[RowEvents]


def cross_validate(parsed: list[RowEvents], guards: Sequence[str] = ()) -> list[FoldResult]:
    """Per outer fold, the threshold and calibrations fitted on the other folds only (the
    guards are fixed: they are chosen by comparing these results, see `main`)."""
    g = tuple(guards)
    results = []
    for f in range(K):
        train = [r for r in parsed if r.fold != f]
        test = [r for r in parsed if r.fold == f]
        threshold, _scores = choose_threshold(train, "best", g)
        threshold_1se, _scores = choose_threshold(train, "one-se", g)
        lexicon_only = fit_calibration(train, Settings(False, NEVER))
        combined = fit_calibration(train, Settings(True, threshold, g))
        combined_1se = fit_calibration(train, Settings(True, threshold_1se, g))
        results.append(
            FoldResult(
                f,
                threshold,
                threshold_1se,
                decisions(test, Settings(False, NEVER)),
                decisions(test, lexicon_only),
                decisions(test, combined),
                decisions(test, combined_1se),
                test,
            )
        )
    return results


def answer_candidates(r: RowEvents, dec: Sequence[Decision]) -> list[Decision]:
    """The benchmark's candidates: events covering the pair in its direction, else reversed."""
    for level in (2, 1):
        found = [d for d, c in zip(dec, r.covering, strict=True) if c == level]
        if found:
            return found
    return []


def found_pair_accuracy(rows: Sequence[RowEvents], decided: Sequence[list[Decision]]) -> float:
    """Type accuracy of the most confident covering event, over rows with one."""
    right = found = 0
    for r, dec in zip(rows, decided, strict=True):
        cover = answer_candidates(r, dec)
        if cover:
            found += 1
            top = max(cover, key=lambda d: d.confidence)  # first on ties, as the benchmark
            right += _type_ok(top.predicate.type, r.row.gold)
    return right / found if found else 0.0


def fit_all(
    parsed: list[RowEvents], combine: bool, rule: str = "one-se", guards: Sequence[str] = ()
) -> tuple[Settings, dict[str, Any]]:
    """The shipped settings: threshold and calibration fitted on all out-of-fold events."""
    g = tuple(guards)
    folds = cross_validate(parsed, g)
    cv_rules = float(np.mean([found_pair_accuracy(r.rows, r.rules) for r in folds]))
    chosen = [r.combined_1se if rule == "one-se" else r.combined for r in folds]
    cv_comb = float(
        np.mean([found_pair_accuracy(r.rows, c) for r, c in zip(folds, chosen, strict=True)])
    )
    threshold, scores = choose_threshold(parsed, rule, g)
    on = combine and cv_comb > cv_rules and threshold < NEVER
    settings = fit_calibration(parsed, Settings(on, threshold if on else NEVER, g))
    n_cov = sum(sum(1 for c in r.covering if c) for r in parsed)
    report = {
        "cv_type_accuracy_found_rules": round(cv_rules, 4),
        "cv_type_accuracy_found_combined": round(cv_comb, 4),
        "threshold_rule": rule,
        "threshold_per_fold": [r.threshold_1se if rule == "one-se" else r.threshold for r in folds],
        "threshold_accuracy_covering": {str(t): round(s, 4) for t, s in scores.items()},
        "n_rows": len(parsed),
        "n_covering_events": n_cov,
    }
    return settings, report


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument(
        "--combine",
        action="store_true",
        help="let the model retype events (off: only the confidence is fitted; see docstring)",
    )
    ap.add_argument(
        "--threshold-rule",
        choices=("one-se", "best"),
        default="one-se",
        help="how the override threshold is chosen from the CV accuracies",
    )
    ap.add_argument(
        "--guards",
        default=",".join(DEFAULT_GUARDS),
        help="comma-separated combine.GUARDS / SWAP_GUARDS that must allow a retyping",
    )
    args = ap.parse_args(argv)
    guards = tuple(g for g in args.guards.split(",") if g)
    unknown = set(guards) - set(GUARDS) - SWAP_GUARDS
    if unknown:
        ap.error(f"unknown guards {sorted(unknown)}")
    if not (args.shared / "data" / "plv_train.tsv").exists():
        print(f"no development data under {args.shared / 'data'}", file=sys.stderr)
        return 2
    from realpolitik.api import get_engine

    t0 = time.time()
    parsed = parse_rows(args.shared, get_engine().nlp)
    fold_models = add_oof_probabilities(parsed, args.shared)
    settings, report = fit_all(parsed, args.combine, args.threshold_rule, guards)
    settings = replace(
        settings,
        training={
            "script": "scripts/train_event_confidence.py",
            "data": "plv_train.tsv out-of-fold end-to-end events",
            "fold_models": fold_models,
            "calibration_C": CAL_C,
            **report,
        },
    )
    args.out.write_text(json.dumps(settings.to_json(), indent=1) + "\n", encoding="utf-8")
    print(
        json.dumps(
            {"out": str(args.out), **settings.to_json(), "seconds": round(time.time() - t0)},
            indent=1,
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
