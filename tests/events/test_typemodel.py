"""The learned PLOVER type model: shipped weights behave, and numpy inference equals sklearn."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from realpolitik.events.typemodel import (
    TypeModel,
    lexicon_grams,
    lexicon_hits,
    load_type_model,
    locate,
    nearest_lexicon_grams,
    pair_views,
    tokenize,
    views_for,
)
from realpolitik.model import QUAD_OF_TYPE

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT.parent / "shared" / "data"


@pytest.fixture(scope="module")
def model() -> TypeModel:
    return load_type_model()


def test_shipped_model_has_the_16_types(model: TypeModel) -> None:
    assert sorted(model.labels) == sorted(QUAD_OF_TYPE)
    assert model.weights.shape == (sum(len(b.index) for b in model.blocks), 16)


@pytest.mark.parametrize(
    ("sentence", "source", "target", "expected"),
    [
        ("Israeli jets bombed Hamas positions in Gaza.", "Israeli jets", "Hamas", {"ASSAULT"}),
        ("The foreign ministers of Iran and Oman met in Muscat.", "Iran", "Oman", {"CONSULT"}),
        (
            "Washington imposed new sanctions on Tehran.",  # PLOVER: CAMEO 163 is COERCE
            "Washington",
            "Tehran",
            {"COERCE"},
        ),
        (
            "Police arrested dozens of opposition activists in the capital.",
            "Police",
            "opposition activists",
            {"COERCE"},
        ),
        ("The rebels freed the hostages after a week.", "The rebels", "the hostages", {"RETREAT"}),
    ],
)
def test_predicts_obvious_types(
    model: TypeModel, sentence: str, source: str, target: str, expected: set[str]
) -> None:
    ranked = model.predict(sentence, source, target)
    assert ranked[0][0] in expected, ranked[:3]


def test_probabilities_are_a_ranked_distribution(model: TypeModel) -> None:
    ranked = model.predict("Russia accused Ukraine of shelling the plant.", "Russia", "Ukraine")
    probs = [p for _, p in ranked]
    assert len(ranked) == 16 and len({t for t, _ in ranked}) == 16
    assert sum(probs) == pytest.approx(1.0, abs=1e-9)
    assert probs == sorted(probs, reverse=True)


def test_missing_or_empty_actors_read_the_whole_sentence(model: TypeModel) -> None:
    sentence = "Government troops shelled rebel positions overnight."
    assert views_for(sentence, "Atlantis", "") == {"sentence": sentence, "between": "", "after": ""}
    for source, target in (("", ""), ("Atlantis", "rebel positions"), ("Government troops", "")):
        ranked = model.predict(sentence, source, target)
        assert sum(p for _, p in ranked) == pytest.approx(1.0)
    assert model.predict("", "", "")[0][1] > 0  # no features at all: the class prior


def test_predict_many_matches_predict(model: TypeModel) -> None:
    triples = [
        ("Israeli jets bombed Hamas positions in Gaza.", "Israeli jets", "Hamas"),
        ("China and Russia signed a trade agreement.", "China", "Russia"),
        ("Nothing happened.", "", ""),
    ]
    many = model.predict_many(triples)
    for triple, ranked in zip(triples, many, strict=True):
        one = model.predict(*triple)
        assert [t for t, _ in one] == [t for t, _ in ranked]
        assert np.allclose([p for _, p in one], [p for _, p in ranked], atol=1e-12)


def test_views_use_placeholders_and_between_text() -> None:
    sentence = "Israeli jets bombed Hamas positions in Gaza."
    views = views_for(sentence, "israeli jets", "Hamas")
    assert tokenize(views["sentence"]) == ["src", "bombed", "tgt", "positions", "in", "gaza"]
    assert views["between"].strip() == "bombed"
    assert views["after"] == " positions in Gaza."
    # A coordinated pair's predicate follows both actors: the between view takes the next
    # words, so the between-text features and the lexicon see "met", not just "and".
    coordinated = views_for("Iran and Oman met in Muscat.", "Iran", "Oman")
    assert (coordinated["between"], coordinated["after"]) == (
        " and  met in Muscat.",
        " met in Muscat.",
    )
    far = views_for("Iran and Oman later held three rounds of talks in Muscat", "Iran", "Oman")
    assert tokenize(far["between"]) == ["and", "later", "held", "three", "rounds", "of", "talks"]
    assert locate("Iran met Iranian envoys", "Iran") == (0, 4)
    assert locate("the Iranian envoy", "Iran") == (4, 8)  # substring fallback
    overlapping = pair_views("Abc def ghi", (0, 7), (4, 11))
    assert overlapping["between"] == ""


def _trainer() -> ModuleType:
    path = ROOT / "scripts" / "train_type_model.py"
    spec = importlib.util.spec_from_file_location("train_type_model", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(
    not (DATA / "plv_train.tsv").exists(),
    reason="development data ../shared/data/plv_train.tsv is absent",
)
def test_numpy_inference_matches_sklearn() -> None:
    pytest.importorskip("sklearn")
    trainer = _trainer()
    plv = trainer.load_plv(DATA)
    blocks = trainer.FEATURE_SETS["word+char+after+lexicon"]  # every kind of block
    fitted = trainer.fit(plv[::2], 10.0, blocks)
    fitted.temperature = 1.5
    ours = TypeModel(trainer.export(fitted))
    held_out = [e.views for e in plv[1::2]][:200] + [pair_views("", None, None)]
    expected = trainer.apply_temperature(fitted.predict_proba(held_out), 1.5)
    got = ours.proba_from_views(held_out)
    assert list(fitted.clf.classes_) == ours.labels
    np.testing.assert_allclose(got, expected, atol=1e-6, rtol=0)


def test_lexicon_features_name_the_predicate_between_and_nearest(model: TypeModel) -> None:
    forms = model.forms
    assert {"bombed", "shelled", "met", "sanctions"} <= set(forms)  # inflected, irregular, plural
    views = views_for(
        "Turkey shelled Kurdish villages and later accused Syria.", "Turkey", "Kurdish villages"
    )
    near = nearest_lexicon_grams(views["sentence"], "n_", forms)
    assert "n_ASSAULT_near" in near and not any("ACCUSE" in g for g in near)
    between = lexicon_grams(views["between"], "b_", forms)
    assert between == ["b_ASSAULT", "b_Q4"]
    assert nearest_lexicon_grams("nothing to see", "n_", forms) == ["n_NONE"]
    hits = lexicon_hits(tokenize("the troops pulled out of the town"), forms)
    assert [(f, t) for _i, f, t in hits] == [("pulled out", "RETREAT")]


def test_temperature_softens_but_keeps_the_ranking(model: TypeModel) -> None:
    views = [views_for("Israeli jets bombed Hamas positions in Gaza.", "Israeli jets", "Hamas")]
    calibrated = model.proba_from_views(views)[0]
    t = model.temperature
    try:
        model.temperature = 1.0
        raw = model.proba_from_views(views)[0]
    finally:
        model.temperature = t
    assert list(np.argsort(raw)) == list(np.argsort(calibrated))
    assert (calibrated.max() < raw.max()) == (t > 1.0)
