"""`classify_pair(s)`: the contract path of `realpolitik classify`, on sentences of our own."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from realpolitik.events.classify import (
    Classification,
    classify_pair,
    classify_pair_rules,
    classify_pairs,
)
from realpolitik.model import QUAD_OF_TYPE
from realpolitik.nlp.pipeline import DEFAULT_MODEL

# (sentence, source, target, expected type): written for these tests.
CLEAR = [
    ("Russian artillery shelled Ukrainian positions near Kherson overnight.",
     "Russian artillery", "Ukrainian positions", "ASSAULT"),
    ("The foreign ministers of Iran and Oman met in Muscat.", "Iran", "Oman", "CONSULT"),
    # PLOVER's SANCTION is cutting ties or talks; imposing sanctions is COERCE (CAMEO 163).
    ("Lithuania broke off diplomatic relations with Belarus.", "Lithuania", "Belarus", "SANCTION"),
    ("The European Union imposed new sanctions on Belarus over the crackdown.",
     "The European Union", "Belarus", "COERCE"),
    ("Japan sent emergency food aid to flood victims in Pakistan.",
     "Japan", "flood victims in Pakistan", "AID"),
    ("Seoul accused Pyongyang of hacking its central bank.", "Seoul", "Pyongyang", "ACCUSE"),
]  # fmt: skip


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load(DEFAULT_MODEL, exclude=["ner"])


@pytest.mark.parametrize(("sentence", "source", "target", "expected"), CLEAR)
def test_clear_cases(sentence: str, source: str, target: str, expected: str) -> None:
    got = classify_pair(sentence, source, target)
    assert got.event == expected, got
    assert got.quad_code == QUAD_OF_TYPE[expected]


def test_rules_and_model_agree_on_an_attack(nlp: Language) -> None:
    sentence, source, target, _ = CLEAR[0]
    rules = classify_pair_rules(nlp, sentence, source, target)
    model = classify_pair(sentence, source, target)
    assert rules.event == model.event == "ASSAULT"
    assert model.trigger == "shelled"


def test_the_pair_decides_between_two_events() -> None:
    sentence = "Ankara praised Baku for its support while Moscow threatened Kyiv with new strikes."
    assert classify_pair(sentence, "Ankara", "Baku").event == "SUPPORT"
    assert classify_pair(sentence, "Moscow", "Kyiv").event == "THREATEN"


def test_batch_and_single_paths_agree() -> None:
    triples = [(s, a, b) for s, a, b, _ in CLEAR] + [("It rained in Lisbon on Tuesday.", "", "")]
    batch = classify_pairs(triples)
    assert batch == [classify_pair(*t) for t in triples]
    assert classify_pairs([]) == []


def test_confidence_is_a_probability_higher_when_clear() -> None:
    clear = classify_pairs([(s, a, b) for s, a, b, _ in CLEAR])
    vague = classify_pairs(
        [
            ("It rained in Lisbon on Tuesday.", "", ""),
            ("", "", ""),
            ("The report ran to 40 pages.", "The report", ""),
        ],
    )
    for c in clear + vague:
        assert 0.0 <= c.confidence <= 1.0
    assert min(c.confidence for c in clear) > max(c.confidence for c in vague)


def test_mode_comes_from_the_lexicon_trigger() -> None:
    got = classify_pair("The Turkish president phoned his Russian counterpart on Friday.",
                        "The Turkish president", "his Russian counterpart")  # fmt: skip
    assert (got.event, got.trigger, got.mode) == ("CONSULT", "phoned", "phone")


def test_contract_fields_are_unchanged() -> None:
    c = Classification("AID", None, 2, 0.87654)
    assert c.to_contract("p1") == {
        "id": "p1", "event": "AID", "mode": None, "quad_code": 2, "confidence": 0.877,
    }  # fmt: skip
