"""The model's rule lemmatizer, cached per word form: the same lemmas, a fraction of the time.

spaCy's rule lemmatizer works token by token in Python and caches only the forms that reach
its rule tables; every base form ("talks" as a singular noun, "meet" as an infinitive) goes
through its morphology checks again. A token's lemma depends only on its text, its POS and
its morphology, so `realpolitik_lemmas` asks the model's own lemmatizer once per distinct
(ORTH, POS, MORPH) and writes every lemma back in one `from_array` call.
"""

from __future__ import annotations

from typing import Any

import numpy
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.language import Language
from spacy.tokens import Doc

_READ = [ORTH, POS, MORPH, LEMMA]
_CACHE_LIMIT = 500_000  # distinct (word, POS, morphology) triples kept before starting afresh


@Language.factory("realpolitik_lemmas")
def make_lemmas(nlp: Language, name: str) -> CachedLemmatizer:
    return CachedLemmatizer()


class CachedLemmatizer:
    """Runs a rule-mode spaCy `Lemmatizer` (`inner`) once per distinct word form."""

    def __init__(self) -> None:
        self.inner: Any = None
        self._cache: dict[tuple[int, int, int], int] = {}

    def use(self, lemmatizer: Any) -> None:
        """The model's lemmatizer whose lemmas this component reproduces."""
        self.inner = lemmatizer

    def __call__(self, doc: Doc) -> Doc:
        if self.inner is None:
            raise RuntimeError("realpolitik_lemmas has no lemmatizer: call use() first")
        if len(doc) == 0:
            return doc
        rows: Any = doc.to_array(_READ)
        todo = (
            numpy.arange(len(doc)) if self.inner.overwrite else numpy.flatnonzero(rows[:, 3] == 0)
        )
        if not len(todo):
            return doc
        if len(self._cache) > _CACHE_LIMIT:
            self._cache.clear()
        strings = doc.vocab.strings
        cache = self._cache
        lemmas = []
        for i, (orth, pos, morph, _lemma) in zip(todo.tolist(), rows[todo].tolist(), strict=True):
            key = (orth, pos, morph)
            lemma = cache.get(key)
            if lemma is None:
                text = self.inner.lemmatize(doc[i])[0]
                lemma = cache[key] = int(strings.add(text)) if text else 0
            lemmas.append(lemma)
        rows[todo, 3] = numpy.array(lemmas, dtype="uint64")
        doc.from_array([LEMMA], rows[:, 3])
        return doc


def replace_lemmatizer(nlp: Language) -> bool:
    """Put `realpolitik_lemmas` in place of the model's rule lemmatizer, under the same name;
    whether it did (a lookup-mode or custom lemmatizer is left as it is)."""
    if "lemmatizer" not in nlp.pipe_names:
        return False
    own = nlp.get_pipe("lemmatizer")
    if getattr(own, "mode", None) != "rule" or not hasattr(own, "lemmatize"):
        return False
    nlp.replace_pipe("lemmatizer", "realpolitik_lemmas")
    cached = nlp.get_pipe("lemmatizer")
    assert isinstance(cached, CachedLemmatizer)
    cached.use(own)
    return True
