"""`realpolitik_lemmas` gives exactly the lemmas the model's own rule lemmatizer gives."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from realpolitik.nlp import DEFAULT_MODEL
from realpolitik.nlp.attributes import replace_attribute_ruler
from realpolitik.nlp.lemmas import CachedLemmatizer, replace_lemmatizer

TEXTS = [
    "The envoys were meeting their counterparts while the militias kept firing rockets.",
    "She had given warnings; the ministers gave none, and the talks broke down again.",
    "Better offers are coming, the negotiators said, but the best ones were withdrawn.",
    "Troops crossed the river.\n\nThe crossing was the largest the region had seen.",
    "Sanctions bit harder: exports fell, prices rose, and the leaders met in Oslo.",
]


@pytest.fixture(scope="module")
def pair() -> tuple[Language, Language]:
    own = spacy.load(DEFAULT_MODEL, exclude=["senter", "ner"])
    fast = spacy.load(DEFAULT_MODEL, exclude=["senter", "ner"])
    for nlp in (own, fast):
        replace_attribute_ruler(nlp)
    assert replace_lemmatizer(fast)
    return own, fast


def test_same_name_other_factory(pair: tuple[Language, Language]) -> None:
    own, fast = pair
    assert fast.pipe_names == own.pipe_names
    assert fast.get_pipe_meta("lemmatizer").factory == "realpolitik_lemmas"


def test_same_lemmas_twice(pair: tuple[Language, Language]) -> None:
    """Every text twice: the second pass reads the cache the first one filled."""
    own, fast = pair
    for _ in range(2):
        for text in TEXTS:
            expected = [(t.text, t.lemma_) for t in own(text)]
            assert [(t.text, t.lemma_) for t in fast(text)] == expected
    inflected = {t.lemma_ for text in TEXTS for t in fast(text)}
    assert {"meet", "give", "break", "good", "fall", "rise"} <= inflected


def test_a_lemma_set_earlier_is_kept(pair: tuple[Language, Language]) -> None:
    _, fast = pair
    doc = fast.make_doc("The talks collapsed.")
    with fast.select_pipes(enable=["tok2vec", "tagger", "parser", "attribute_ruler"]):
        doc = fast(doc)
    doc[1].lemma_ = "negotiation"
    assert fast.get_pipe("lemmatizer")(doc)[1].lemma_ == "negotiation"


def test_lookup_lemmatizer_is_left_alone() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    assert not replace_lemmatizer(nlp)
    assert nlp.get_pipe_meta("lemmatizer").factory == "lemmatizer"


def test_needs_a_lemmatizer() -> None:
    with pytest.raises(RuntimeError, match="use"):
        CachedLemmatizer()(spacy.blank("en")("a text"))
