"""`realpolitik_attributes` gives exactly what the model's own attribute_ruler gives."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from realpolitik.nlp import DEFAULT_MODEL
from realpolitik.nlp.attributes import replace_attribute_ruler

TEXTS = [
    "Iran said it would not attend the talks, but they ain't over, officials told us.",
    "There were protests in Tehran;  the police said nothing and did not respond.",
    "Y'all know we're gonna meet them, let's go, said the envoy.\n\nHe had been there once.",
    "Somebody has to do something: I'd say anyone who gets sanctions got what they wanted.",
    "The ministers, who said they have cut ties, met in Geneva on Tuesday.",
]


@pytest.fixture(scope="module")
def pair() -> tuple[Language, Language]:
    own = spacy.load(DEFAULT_MODEL, exclude=["senter", "ner"])
    fast = spacy.load(DEFAULT_MODEL, exclude=["senter", "ner"])
    assert replace_attribute_ruler(fast)
    return own, fast


def test_same_name_other_factory(pair: tuple[Language, Language]) -> None:
    own, fast = pair
    assert fast.pipe_names == own.pipe_names
    assert fast.get_pipe_meta("attribute_ruler").factory == "realpolitik_attributes"


@pytest.mark.parametrize("text", TEXTS)
def test_same_attributes(pair: tuple[Language, Language], text: str) -> None:
    own, fast = (nlp(text) for nlp in pair)

    def attrs(doc: spacy.tokens.Doc) -> list[tuple[str, ...]]:
        return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in doc]

    assert attrs(fast) == attrs(own)
    assert any(t.pos_ == "AUX" for t in fast) and any(t.pos_ == "PRON" for t in fast)
