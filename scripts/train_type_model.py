"""Train the learned PLOVER type classifier and export it to plain numpy arrays.

Reads the development data from ../shared/data (never copied into the repository) and writes
src/realpolitik/events/data/type_model.npz, which `realpolitik.events.typemodel` loads with
numpy alone. Feature extraction is imported from that module, so training and inference agree.

Data:
  * plv_train.tsv: sentences with a marked source/target pair and one of 15 PLOVER roots.
    Its YIELD rows are split into the 16-type scheme by wording: RETREAT when the sentence
    mentions withdrawal, release, return, ceasefire, disarmament, surrender or lifting a
    sanction/blockade/curfew/emergency (PLOVER 2021 codes 0813-0814, 084-087), else CONCEDE
    (easing restrictions, acceding to demands: codes 080-083). Scoring merges them back.
  * synthetic_plover_stories.csv (optional, `--data plv+synthetic`): GPT-written stories whose
    facts are invented; only their first two sentences are used, read whole (no marked pair),
    down-weighted by `--synthetic-weight`, and only ever added to training folds.

Modes:
    .venv/bin/python scripts/train_type_model.py --cv      # compare training data by 5-fold CV
    .venv/bin/python scripts/train_type_model.py           # train on the chosen data, write npz
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from joblib import Parallel, delayed
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import StratifiedKFold

from realpolitik.events.typemodel import (
    FORMAT_VERSION,
    TypeModel,
    encode_json,
    make_analyzer,
    pair_views,
)

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = ROOT.parent / "shared"
DEFAULT_OUT = ROOT / "src" / "realpolitik" / "events" / "data" / "type_model.npz"

TYPES = ("AGREE CONSULT SUPPORT CONCEDE COOPERATE AID RETREAT REQUEST ACCUSE REJECT THREATEN "
         "PROTEST SANCTION MOBILIZE COERCE ASSAULT").split()
PLV_TYPES = tuple(sorted({"YIELD" if t in ("CONCEDE", "RETREAT") else t for t in TYPES}))
SEED = 13
C_GRID = (1.0, 3.0, 10.0, 30.0, 100.0)
DEFAULT_SYNTHETIC_WEIGHT = 0.3

RETREAT_RE = re.compile(
    r"\b(?:withdr[ae]w\w*|pull(?:s|ed|ing)?\s+(?:out|back)|releas\w*|freed|frees|freeing"
    r"|(?:let|set)\s+(?:\w+\s+)?free|return\w*|cease-?fires?|truce|cessation of hostilities"
    r"|ceas(?:e|ed|es|ing)\s+(?:its\s+|their\s+)?(?:military|fighting|fire|hostilities|operations)"
    r"|disarm\w*|demobili[sz]\w*|surrender\w*|retreat\w*|hand(?:s|ed)?\s+over"
    r"|(?:lift|eas)\w*\b[^.;]{0,60}?\b(?:sanctions?|embargo|blockade|curfew"
    r"|state of (?:emergency|siege)|martial law))",
    re.I,
)

# Feature blocks: each a TfidfVectorizer over one view, l2-normalised, then scaled by weight.
WORD_BLOCKS: list[dict[str, Any]] = [
    {"view": "sentence", "kind": "word", "prefix": "", "max_n": 2, "weight": 1.0},
    {"view": "between", "kind": "word", "prefix": "btw_", "max_n": 2, "weight": 1.0},
]
CHAR_BLOCK: dict[str, Any] = {
    "view": "between", "kind": "char", "prefix": "btc_", "min_n": 3, "max_n": 5, "weight": 0.5,
}


@dataclass(frozen=True)
class Example:
    """One training row: the feature views, its 16-way label, the 15-way gold, a weight."""

    views: dict[str, str]
    label: str
    gold: str
    weight: float = 1.0


@dataclass
class Fitted:
    """A trained model as scikit-learn objects (for CV) and its feature configuration."""

    blocks: list[dict[str, Any]]
    vectorizers: list[TfidfVectorizer]
    clf: LogisticRegression

    def transform(self, views: Sequence[dict[str, str]]) -> sp.csr_matrix:
        mats = [b["weight"] * v.transform([x[b["view"]] for x in views])
                for b, v in zip(self.blocks, self.vectorizers, strict=True)]
        return sp.hstack(mats, format="csr")

    def predict_proba(self, views: Sequence[dict[str, str]]) -> np.ndarray:
        return self.clf.predict_proba(self.transform(views))

    def predict(self, views: Sequence[dict[str, str]]) -> list[str]:
        return [str(x) for x in self.clf.classes_[self.predict_proba(views).argmax(axis=1)]]


def yield_type(sentence: str) -> str:
    """RETREAT or CONCEDE for a plv YIELD row (see the module docstring)."""
    return "RETREAT" if RETREAT_RE.search(sentence) else "CONCEDE"


def to_plv(label: str) -> str:
    return "YIELD" if label in ("CONCEDE", "RETREAT") else label


def parse_marked(marked: str) -> tuple[str, tuple[int, int] | None, tuple[int, int] | None]:
    """The clean sentence and the character spans of <s>source</s> and <t>target</t>."""
    out: list[str] = []
    spans: dict[str, list[int]] = {}
    pos = 0
    for m in re.finditer(r"<(/?)([st])>", marked):
        out.append(marked[pos:m.start()])
        spans.setdefault(m.group(2), []).append(sum(map(len, out)))
        pos = m.end()
    out.append(marked[pos:])
    sentence = "".join(out)

    def span(tag: str) -> tuple[int, int] | None:
        s = spans.get(tag, [])
        return (s[0], s[1]) if len(s) == 2 else None

    return sentence, span("s"), span("t")


def load_plv(data_dir: Path) -> list[Example]:
    """plv_train.tsv as examples, views built from the marked spans."""
    rows: list[Example] = []
    with open(data_dir / "plv_train.tsv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            sentence, src, tgt = parse_marked(row["marked_sentence"])
            gold = row["gold_root"]
            label = yield_type(sentence) if gold == "YIELD" else gold
            rows.append(Example(pair_views(sentence, src, tgt), label, gold))
    return rows


def first_sentences(text: str, n: int = 2) -> str:
    parts = re.split(r"(?<=[.!?])[\"'”’]?\s+(?=[\"“A-Z0-9])", text.strip())
    return " ".join(parts[:n])


def load_synthetic(data_dir: Path, weight: float) -> list[Example]:
    """First two sentences of each synthetic story, read whole, weighted down, deduplicated."""
    seen: set[str] = set()
    rows: list[Example] = []
    with open(data_dir / "synthetic_plover_stories.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            text = first_sentences(row["text"])
            if row["label"] not in TYPES or not text or text in seen:
                continue
            seen.add(text)
            rows.append(Example(pair_views(text, None, None), row["label"],
                                to_plv(row["label"]), weight))
    return rows


def fit(examples: Sequence[Example], C: float, blocks: list[dict[str, Any]]) -> Fitted:
    """Fit per-block TF-IDF and a multinomial logistic regression (lbfgs, seeded)."""
    views = [e.views for e in examples]
    vectorizers = []
    for b in blocks:
        vec = TfidfVectorizer(analyzer=make_analyzer(b), sublinear_tf=True, min_df=2,
                              lowercase=False, dtype=np.float64)
        vec.fit([v[b["view"]] for v in views])
        vectorizers.append(vec)
    fitted = Fitted(blocks, vectorizers, LogisticRegression(C=C, max_iter=3000, random_state=SEED))
    fitted.clf.fit(fitted.transform(views), [e.label for e in examples],
                   sample_weight=np.array([e.weight for e in examples]))
    return fitted


def score(gold: Sequence[str], pred: Sequence[str]) -> dict[str, float]:
    """Accuracy and macro-F1 over the 15 plv roots (CONCEDE/RETREAT merged into YIELD)."""
    p = [to_plv(x) for x in pred]
    return {"accuracy": float(accuracy_score(gold, p)),
            "macro_f1": float(f1_score(gold, p, labels=list(PLV_TYPES), average="macro",
                                       zero_division=0))}


def _folds(examples: Sequence[Example], k: int) -> list[tuple[np.ndarray, np.ndarray]]:
    skf = StratifiedKFold(n_splits=k, shuffle=True, random_state=SEED)
    return list(skf.split(np.zeros(len(examples)), [e.gold for e in examples]))


def tune_c(plv: Sequence[Example], extra: Sequence[Example], blocks: list[dict[str, Any]],
           k: int = 3) -> float:
    """C with the best k-fold macro-F1 on plv (extra rows join the training folds only)."""
    folds = _folds(plv, k)

    def run(C: float, tr: np.ndarray, te: np.ndarray) -> list[str]:
        model = fit([plv[i] for i in tr] + list(extra), C, blocks)
        return model.predict([plv[i].views for i in te])

    jobs = [(C, tr, te) for C in C_GRID for tr, te in folds]
    preds = Parallel(n_jobs=-1)(delayed(run)(*job) for job in jobs)
    gold = [plv[i].gold for _tr, te in folds for i in te]
    best = (-1.0, C_GRID[0])
    for j, C in enumerate(C_GRID):
        pred = [p for fold in preds[j * k : (j + 1) * k] for p in fold]
        best = max(best, (score(gold, pred)["macro_f1"], C))
    return best[1]


def cross_validate(plv: Sequence[Example], extra: Sequence[Example] = (),
                   blocks: list[dict[str, Any]] | None = None, k: int = 5) -> dict[str, Any]:
    """k-fold CV on plv with C tuned inside each training fold (nested, so no peeking).

    `extra` (synthetic) rows are added to every training fold and never tested on.
    """
    blocks = blocks or WORD_BLOCKS
    gold: list[str] = []
    pred: list[str] = []
    cs: list[float] = []
    for tr, te in _folds(plv, k):
        train = [plv[i] for i in tr]
        C = tune_c(train, extra, blocks)
        cs.append(C)
        model = fit(train + list(extra), C, blocks)
        test = [plv[i] for i in te]
        gold += [e.gold for e in test]
        pred += model.predict([e.views for e in test])
    return {**score(gold, pred), "C_per_fold": cs, "n": len(gold)}


def export(fitted: Fitted) -> dict[str, np.ndarray]:
    """The plain arrays `TypeModel` reads: vocabulary, idf, coef, intercept, labels, config."""
    vocab: list[str] = []
    idf: list[np.ndarray] = []
    blocks = []
    for b, vec in zip(fitted.blocks, fitted.vectorizers, strict=True):
        names = [str(x) for x in vec.get_feature_names_out()]
        blocks.append({**b, "start": len(vocab), "stop": len(vocab) + len(names)})
        vocab += names
        idf.append(vec.idf_)
    config = {"version": FORMAT_VERSION, "blocks": blocks, "tokenizer": r"\b\w[\w'-]*\b",
              "tf": "sublinear", "norm": "l2 per block", "model": "multinomial logistic",
              "C": fitted.clf.C}
    return {
        "vocabulary": encode_json(vocab),
        "labels": encode_json([str(x) for x in fitted.clf.classes_]),
        "config": encode_json(config),
        "idf": np.concatenate(idf),
        "coef": fitted.clf.coef_,
        "intercept": fitted.clf.intercept_,
    }


def training_data(shared: Path, data: str, synthetic_weight: float
                  ) -> tuple[list[Example], list[Example]]:
    data_dir = shared / "data"
    plv = load_plv(data_dir)
    extra = load_synthetic(data_dir, synthetic_weight) if data == "plv+synthetic" else []
    return plv, extra


def train(shared: Path = DEFAULT_SHARED, data: str = "plv", char: bool = False,
          synthetic_weight: float = DEFAULT_SYNTHETIC_WEIGHT) -> Fitted:
    """The shipped model: C tuned by 5-fold CV on plv, then fit on all the chosen data."""
    plv, extra = training_data(shared, data, synthetic_weight)
    blocks = WORD_BLOCKS + ([CHAR_BLOCK] if char else [])
    C = tune_c(plv, extra, blocks, k=5)
    return fit(plv + extra, C, blocks)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    ap.add_argument("--cv", action="store_true", help="compare training-data choices by 5-fold CV")
    ap.add_argument("--data", choices=("plv", "plv+synthetic"), default="plv")
    ap.add_argument("--char", action="store_true", help="add char 3-5-grams of the between-text")
    ap.add_argument("--synthetic-weight", type=float, default=DEFAULT_SYNTHETIC_WEIGHT)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args(argv)
    if not (args.shared / "data" / "plv_train.tsv").exists():
        print(f"no development data under {args.shared / 'data'}", file=sys.stderr)
        return 2

    if args.cv:
        data_dir = args.shared / "data"
        plv = load_plv(data_dir)
        print("| training data | features | accuracy | macro-F1 | C per fold | seconds |")
        print("| --- | --- | --- | --- | --- | --- |")
        for data, weight in (("plv", 0.0), ("plv+synthetic", args.synthetic_weight),
                             ("plv+synthetic", 1.0)):
            extra = load_synthetic(data_dir, weight) if weight else []
            for char in (False, True):
                t0 = time.time()
                blocks = WORD_BLOCKS + ([CHAR_BLOCK] if char else [])
                r = cross_validate(plv, extra, blocks)
                name = data + (f" (w={weight:g}, n={len(extra)})" if extra else "")
                feats = "word" + ("+char" if char else "")
                print(f"| {name} | {feats} | {r['accuracy']:.3f} | {r['macro_f1']:.3f} "
                      f"| {r['C_per_fold']} | {time.time() - t0:.0f} |", flush=True)
        return 0

    t0 = time.time()
    fitted = train(args.shared, args.data, args.char, args.synthetic_weight)
    arrays = export(fitted)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.out, **arrays)  # type: ignore[arg-type]
    model = TypeModel(arrays)
    print(json.dumps({"out": str(args.out), "bytes": args.out.stat().st_size,
                      "features": int(arrays["idf"].size), "labels": model.labels,
                      "C": fitted.clf.C, "data": args.data, "char": args.char,
                      "seconds": round(time.time() - t0, 1)}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
