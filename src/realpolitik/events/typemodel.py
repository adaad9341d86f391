"""A small learned classifier of the PLOVER event type for a (sentence, source, target) triple.

It complements the rule lexicon of `realpolitik.events.classify`: the lexicon is precise where
a trigger word is listed; this model generalises from wording that no rule names. It is a
multinomial logistic regression over sublinear TF-IDF features, trained with scikit-learn by
`scripts/train_type_model.py` and shipped as plain numpy arrays (`data/type_model.npz`), so
inference needs only numpy and the standard library (no scikit-learn, no torch, no network).

The feature extraction below is the *only* implementation: the training script imports it and
hands the analyzers to scikit-learn's `TfidfVectorizer`, so training and inference cannot drift.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import Any

import numpy as np
from numpy.typing import NDArray

TOKEN_RE = re.compile(r"\b\w[\w'-]*\b")
SRC, TGT = "SRC", "TGT"
FORMAT_VERSION = 1

Span = tuple[int, int]
Analyzer = Callable[[str], list[str]]


def tokenize(text: str) -> list[str]:
    """Lowercase word tokens: no lemmas, so no spaCy is needed and training agrees exactly."""
    return TOKEN_RE.findall(text.lower())


def word_ngrams(text: str, prefix: str = "", max_n: int = 2) -> list[str]:
    """Words and word n-grams up to `max_n`, joined by a space as scikit-learn does."""
    tokens = tokenize(text)
    grams = [prefix + t for t in tokens]
    for n in range(2, max_n + 1):
        grams.extend(prefix + " ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1))
    return grams


def char_ngrams(text: str, prefix: str = "", min_n: int = 3, max_n: int = 5) -> list[str]:
    """Character n-grams inside space-padded tokens: robust to inflection without a lemmatizer."""
    grams: list[str] = []
    for token in tokenize(text):
        word = f" {token} "
        for n in range(min_n, min(max_n, len(word)) + 1):
            grams.extend(prefix + word[i : i + n] for i in range(len(word) - n + 1))
    return grams


def make_analyzer(spec: dict[str, Any]) -> Analyzer:
    """The analyzer of one feature block, from its JSON spec (shared by training and inference)."""
    kind, prefix = spec["kind"], spec.get("prefix", "")
    if kind == "word":
        max_n = int(spec.get("max_n", 2))
        return lambda text: word_ngrams(text, prefix, max_n)
    if kind == "char":
        lo, hi = int(spec.get("min_n", 3)), int(spec.get("max_n", 5))
        return lambda text: char_ngrams(text, prefix, lo, hi)
    raise ValueError(f"unknown feature kind {kind!r}")


def locate(sentence: str, phrase: str) -> Span | None:
    """Character span of `phrase` in `sentence`, case-insensitive, whole words preferred."""
    phrase = phrase.strip()
    if not phrase:
        return None
    match = re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", sentence, re.I)
    if match:
        return match.span()
    start = sentence.lower().find(phrase.lower())
    return None if start < 0 else (start, start + len(phrase))


def pair_views(sentence: str, source: Span | None, target: Span | None) -> dict[str, str]:
    """The texts the feature blocks read.

    `sentence`: the sentence with the source and target spans replaced by SRC / TGT, so the
    model learns the frame ("SRC bombed TGT") rather than the particular actors.
    `between`: the words between the two spans, where the predicate of the pair usually is;
    empty when either span is missing or they overlap.
    """
    spans = [(s, tag) for s, tag in ((source, SRC), (target, TGT)) if s is not None]
    spans.sort()
    if len(spans) == 2 and spans[1][0][0] < spans[0][0][1]:
        spans = spans[:1]  # overlapping marks: keep the first, there is no between-text
    text, between, last = [], "", 0
    for (start, end), tag in spans:
        text.append(sentence[last:start])
        text.append(f" {tag} ")
        last = end
    text.append(sentence[last:])
    if len(spans) == 2:
        between = sentence[spans[0][0][1] : spans[1][0][0]]
    return {"sentence": "".join(text), "between": between}


def views_for(sentence: str, source: str, target: str) -> dict[str, str]:
    """`pair_views` for surface strings; an actor not found in the sentence gets no placeholder."""
    return pair_views(sentence, locate(sentence, source), locate(sentence, target))


@dataclass(frozen=True)
class Block:
    """One TF-IDF block: which view it reads, how it is analysed, and its column range."""

    view: str
    analyzer: Analyzer
    weight: float
    index: dict[str, int]  # term -> global column; per block, so prefixes cannot collide


class TypeModel:
    """Multinomial logistic regression over per-block, l2-normalised sublinear TF-IDF."""

    def __init__(self, arrays: dict[str, NDArray[Any]]) -> None:
        config = json.loads(bytes(arrays["config"]).decode("utf-8"))
        vocab: list[str] = json.loads(bytes(arrays["vocabulary"]).decode("utf-8"))
        if config.get("version") != FORMAT_VERSION:
            raise ValueError(f"type model format {config.get('version')}, need {FORMAT_VERSION}")
        self.config: dict[str, Any] = config
        self.labels: list[str] = json.loads(bytes(arrays["labels"]).decode("utf-8"))
        self.idf: NDArray[np.float64] = arrays["idf"].astype(np.float64)
        # (n_features, n_classes): one row per feature makes the sparse product a gather.
        self.weights: NDArray[np.float64] = np.ascontiguousarray(arrays["coef"].T, np.float64)
        self.intercept: NDArray[np.float64] = arrays["intercept"].astype(np.float64)
        self.blocks = [
            Block(b["view"], make_analyzer(b), float(b["weight"]),
                  {vocab[i]: i for i in range(int(b["start"]), int(b["stop"]))})
            for b in config["blocks"]
        ]

    def features(self, views: dict[str, str]) -> tuple[list[int], list[float]]:
        """Sparse TF-IDF row (column indices, values), exactly as scikit-learn computes it."""
        cols: list[int] = []
        vals: list[float] = []
        for block in self.blocks:
            index = block.index
            counts = Counter(
                i for g in block.analyzer(views[block.view]) if (i := index.get(g)) is not None
            )
            if not counts:
                continue
            idx = list(counts)
            raw = [(1.0 + math.log(counts[i])) * self.idf[i] for i in idx]
            norm = math.sqrt(sum(v * v for v in raw))
            cols.extend(idx)
            vals.extend(block.weight * v / norm for v in raw)
        return cols, vals

    def proba_from_views(self, views: Sequence[dict[str, str]]) -> NDArray[np.float64]:
        """Class probabilities (rows follow `views`, columns follow `self.labels`)."""
        rows: list[int] = []
        cols: list[int] = []
        vals: list[float] = []
        for r, v in enumerate(views):
            c, x = self.features(v)
            rows.extend([r] * len(c))
            cols.extend(c)
            vals.extend(x)
        scores = np.tile(self.intercept, (len(views), 1))
        if cols:
            contrib = self.weights[np.asarray(cols)] * np.asarray(vals)[:, None]
            np.add.at(scores, np.asarray(rows), contrib)
        scores -= scores.max(axis=1, keepdims=True)
        np.exp(scores, out=scores)
        scores /= scores.sum(axis=1, keepdims=True)
        return scores

    def predict_many(
        self, triples: Iterable[tuple[str, str, str]]
    ) -> list[list[tuple[str, float]]]:
        """`predict` for many (sentence, source, target) triples in one matrix product."""
        probs = self.proba_from_views([views_for(*t) for t in triples])
        order = np.argsort(-probs, axis=1, kind="stable")
        return [[(self.labels[j], float(p[j])) for j in o] for p, o in zip(probs, order, strict=True)]

    def predict(self, sentence: str, source: str, target: str) -> list[tuple[str, float]]:
        """All PLOVER types with probabilities, best first, for the event from source to target.

        Empty or unfound `source`/`target` are allowed: the sentence is then read as a whole.
        """
        return self.predict_many([(sentence, source, target)])[0]


def encode_json(value: object) -> NDArray[np.uint8]:
    """JSON as UTF-8 bytes in a uint8 array: loads without pickle, compresses well."""
    return np.frombuffer(json.dumps(value, ensure_ascii=False).encode("utf-8"), dtype=np.uint8)


@lru_cache(maxsize=1)
def load_type_model() -> TypeModel:
    """The shipped model, read once from the package data."""
    resource = files("realpolitik.events") / "data" / "type_model.npz"
    with resource.open("rb") as fh, np.load(fh, allow_pickle=False) as npz:
        return TypeModel({name: npz[name] for name in npz.files})
