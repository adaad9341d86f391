"""A small learned classifier of the PLOVER event type for a (sentence, source, target) triple.

It combines the event lexicon with learning: the lexicon is precise where a trigger word is
listed, the model generalises from wording that no rule names and learns how far to trust the
lexicon. It is a multinomial logistic regression over sublinear TF-IDF blocks (words of the
sentence with the actors as SRC/TGT, words and character n-grams between them, the first words
after them) plus two lexicon blocks (the types the lexicon names between the actors, and the
type of the lexicon predicate nearest them), its softmax tempered by a temperature fitted on
out-of-fold predictions so that the probability is a usable confidence. The lexicon is read as
a table of inflected surface forms built at training time and stored with the weights, so
inference needs no parse and no lemmatizer. Trained with scikit-learn by
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

from realpolitik.model import QUAD_OF_TYPE

TOKEN_RE = re.compile(r"\b\w[\w'-]*\b")
SRC, TGT = "SRC", "TGT"
FORMAT_VERSION = 1
COORDINATED_WINDOW = 6  # words after a coordinated pair that join its between-text

NEAR_WORDS = 4  # a lexicon predicate this many words from each actor counts as "near"
_ROW_CACHE = 4096  # block rows kept per model (by view text); cleared when full

Span = tuple[int, int]
Analyzer = Callable[[str], list[str]]
LexiconForms = dict[str, list[str]]  # inflected form ("bombed", "air strikes") -> PLOVER types


def tokenize(text: str) -> list[str]:
    """Lowercase word tokens: no lemmas, so no spaCy is needed and training agrees exactly."""
    return TOKEN_RE.findall(text.lower())


def word_ngrams(
    text: str, prefix: str = "", max_n: int = 2, max_tokens: int | None = None
) -> list[str]:
    """Words and word n-grams up to `max_n` (of the first `max_tokens` words), space-joined."""
    tokens = tokenize(text)[:max_tokens]
    grams = [prefix + t for t in tokens]
    for n in range(2, max_n + 1):
        grams.extend(prefix + " ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1))
    return grams


def char_ngrams(text: str, prefix: str = "", min_n: int = 3, max_n: int = 5) -> list[str]:
    """Character n-grams inside space-padded tokens: robust to inflection without a lemmatizer."""
    grams: list[str] = []
    for token in tokenize(text):
        grams.extend(_token_char_ngrams(token, prefix, min_n, max_n))
    return grams


@lru_cache(maxsize=65536)
def _token_char_ngrams(token: str, prefix: str, min_n: int, max_n: int) -> tuple[str, ...]:
    """One token's n-grams; words recur across sentences, so they are built once each."""
    word = f" {token} "
    return tuple(
        prefix + word[i : i + n]
        for n in range(min_n, min(max_n, len(word)) + 1)
        for i in range(len(word) - n + 1)
    )


def lexicon_hits(tokens: Sequence[str], forms: LexiconForms) -> list[tuple[int, str, str]]:
    """(token index, form, PLOVER type) of every lexicon predicate form in `tokens`.

    Two-word forms ("pull out", "air strikes") are tried before single words. `forms` maps an
    inflected surface form to the types its lemma names; the training script builds it from
    the lexicon, so matching needs no lemmatizer and no parse (that would cost the speed).
    """
    hits: list[tuple[int, str, str]] = []
    i = 0
    while i < len(tokens):
        form = f"{tokens[i]} {tokens[i + 1]}" if i + 1 < len(tokens) else ""
        found = forms.get(form) if form else None
        width = 2 if found else 1
        if not found:
            form = tokens[i]
            found = forms.get(form)
        hits.extend((i, form, t) for t in found or ())
        i += width
    return hits


def lexicon_grams(text: str, prefix: str, forms: LexiconForms) -> list[str]:
    """The types (and quad classes) that lexicon predicates in `text` name."""
    grams: list[str] = []
    for _i, _form, kind in lexicon_hits(tokenize(text), forms):
        grams += [prefix + kind, f"{prefix}Q{QUAD_OF_TYPE[kind]}"]
    return grams


def nearest_lexicon_grams(text: str, prefix: str, forms: LexiconForms) -> list[str]:
    """The type of the lexicon predicate nearest the SRC/TGT placeholders, in words.

    A cheap stand-in for the rules' nearest predicate in the parse: the word distance to both
    actors, summed; "near" is added when that predicate sits within a few words of them.
    """
    hits = nearest_hits(tokenize(text), forms)
    if not hits:
        return [prefix + "NONE"]
    near = "near" if hits[0][0] else "far"
    return [g for _n, _f, k in hits for g in (prefix + k, f"{prefix}{k}_{near}")]


def nearest_hits(tokens: Sequence[str], forms: LexiconForms) -> list[tuple[bool, str, str]]:
    """(is near, form, type) of the lexicon predicates at the least summed word distance to
    the SRC/TGT placeholders (the first predicate when there is none)."""
    anchors = [i for i, t in enumerate(tokens) if t in ("src", "tgt")]
    hits = lexicon_hits(tokens, forms)
    if not hits:
        return []
    cost = [sum(abs(i - a) for a in anchors) if anchors else i for i, _f, _k in hits]
    best = min(cost)
    near = best <= NEAR_WORDS * max(1, len(anchors))
    chosen = {(f, k) for (_i, f, k), c in zip(hits, cost, strict=True) if c == best}
    return [(near, f, k) for f, k in sorted(chosen, key=lambda fk: fk[1])]


def make_analyzer(spec: dict[str, Any], forms: LexiconForms | None = None) -> Analyzer:
    """The analyzer of one feature block, from its JSON spec (shared by training and inference).

    Lexicon blocks need `forms`, the surface-form table stored with the model.
    """
    kind, prefix = spec["kind"], spec.get("prefix", "")
    if kind in ("lexicon", "lexicon_near"):
        if forms is None:
            raise ValueError(f"a {kind!r} block needs the lexicon form table")
        table = forms
        if kind == "lexicon":
            return lambda text: lexicon_grams(text, prefix, table)
        return lambda text: nearest_lexicon_grams(text, prefix, table)
    if kind == "word":
        max_n = int(spec.get("max_n", 2))
        limit = spec.get("max_tokens")
        max_tokens = None if limit is None else int(limit)
        return lambda text: word_ngrams(text, prefix, max_n, max_tokens)
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
    empty when either span is missing or they overlap. For a coordinated pair ("SRC and TGT
    met in ...") the predicate comes after both, so the next few words are added to it.
    `after`: the rest of the sentence after the last marked span (blocks read its first few
    words): the predicate of a coordinated pair, "SRC and TGT met ...", comes after both.
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
    after = sentence[last:] if spans else ""
    if len(spans) == 2:
        between = sentence[spans[0][0][1] : spans[1][0][0]]
        if tokenize(between) in ([], ["and"]):  # "SRC and TGT met": the predicate follows
            between += _first_words(after, COORDINATED_WINDOW)
    return {"sentence": "".join(text), "between": between, "after": after}


def _first_words(text: str, n: int) -> str:
    """`text` up to the end of its n-th token (all of it when shorter)."""
    ends = [m.end() for m in TOKEN_RE.finditer(text.lower())]
    return text if len(ends) <= n else text[: ends[n - 1]]


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
        self._idf: list[float] = self.idf.tolist()  # plain floats: per-term reads are faster
        # (n_features, n_classes): one row per feature makes the sparse product a gather.
        self.weights: NDArray[np.float64] = np.ascontiguousarray(arrays["coef"].T, np.float64)
        self.intercept: NDArray[np.float64] = arrays["intercept"].astype(np.float64)
        # Fitted on out-of-fold predictions by the training script (1.0: uncalibrated).
        self.temperature = float(config.get("temperature", 1.0))
        forms: LexiconForms | None = config.get("lexicon_forms")
        self.forms: LexiconForms = forms or {}
        self.modes: dict[str, dict[str, str]] = config.get("lexicon_modes", {})
        self._by_kind: dict[str, LexiconForms] = {}
        self._rows: dict[tuple[int, str], tuple[list[int], list[float]]] = {}
        self.blocks = [
            Block(
                b["view"],
                make_analyzer(b, forms),
                float(b["weight"]),
                {vocab[i]: i for i in range(int(b["start"]), int(b["stop"]))},
            )
            for b in config["blocks"]
        ]

    def features(self, views: dict[str, str]) -> tuple[list[int], list[float]]:
        """Sparse TF-IDF row (column indices, values), exactly as scikit-learn computes it."""
        cols: list[int] = []
        vals: list[float] = []
        for b, block in enumerate(self.blocks):
            key = (b, views[block.view])
            row = self._rows.get(key)
            if row is None:
                row = self._block_row(block, key[1])
                if len(self._rows) >= _ROW_CACHE:
                    self._rows.clear()
                self._rows[key] = row
            cols.extend(row[0])
            vals.extend(row[1])
        return cols, vals

    def _block_row(self, block: Block, text: str) -> tuple[list[int], list[float]]:
        """One block's part of the row. The sentence's views recur across its events (and
        the same "after" text across pairs), so rows are kept per text."""
        counts = Counter(map(block.index.get, block.analyzer(text)))  # C-level counting
        counts.pop(None, None)  # grams outside the vocabulary
        if not counts:
            return [], []
        idx: list[int] = list(counts)  # type: ignore[arg-type]
        idf = self._idf
        raw = [(1.0 + math.log(counts[i])) * idf[i] for i in idx]
        norm = math.sqrt(sum(v * v for v in raw))
        return idx, [block.weight * v / norm for v in raw]

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
        scores /= self.temperature
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
        return [
            [(self.labels[j], float(p[j])) for j in o] for p, o in zip(probs, order, strict=True)
        ]

    def trigger(self, views: dict[str, str], kind: str) -> tuple[str | None, str | None]:
        """The lexicon word nearest the pair that names `kind`, and the mode it names (if any)."""
        if kind not in self._by_kind:
            self._by_kind[kind] = {f: [kind] for f, ks in self.forms.items() if kind in ks}
        hits = nearest_hits(tokenize(views["sentence"]), self._by_kind[kind])
        if not hits:
            return None, None
        form = hits[0][1]
        return form, self.modes.get(form, {}).get(kind)

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
