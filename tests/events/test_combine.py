"""The lexicon's type combined with the learned type model, and the calibrated confidence.

Sentences are our own. The model is the shipped one; where a test needs the combination on,
it uses the shipped calibration and guards with an explicit threshold, so it does not depend
on whether the shipped settings switch the combination on.
"""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from realpolitik.events.combine import (
    Settings,
    calibrated,
    choose_type,
    combine_events,
    event_views,
    load_settings,
)
from realpolitik.events.lexicon import load_lexicon
from realpolitik.model import QUAD_OF_TYPE

ON = 0.5  # override when the model gives another type at least this probability


@pytest.fixture(scope="module")
def raw_events(engine):  # type: ignore[no-untyped-def]
    def run(text: str):  # type: ignore[no-untyped-def]
        return list(engine.nlp(text)._.rp_events or [])

    return run


def _on(threshold: float = ON) -> Settings:
    return replace(load_settings(), combine_types=True, threshold=threshold)


def test_model_fixes_a_wrong_lexicon_type(raw_events):  # type: ignore[no-untyped-def]
    # "deploy" is military posture (MOBILIZE) in the lexicon; police sent to help another
    # state restore order is assistance (AID, CAMEO 07x: peacekeeping, security aid).
    raws = raw_events("Kenya deployed police officers to Haiti to help restore order.")
    (raw,) = [r for r in raws if r.trigger.lower_ == "deployed"]
    assert raw.predicate.type == "MOBILIZE"
    (decision,) = combine_events([raw], _on())
    assert decision.changed and decision.predicate.type == "AID"
    assert decision.model_type == "AID"
    # the coder's own findings are untouched: combination never edits the RawEvent
    assert raw.predicate.type == "MOBILIZE" and [s.text for s in raw.actors] == ["Kenya"]


def test_a_changed_type_takes_its_own_cameo_quad_and_intensity(raw_events):  # type: ignore[no-untyped-def]
    raws = raw_events("Kenya deployed police officers to Haiti to help restore order.")
    (decision,) = combine_events([r for r in raws if r.trigger.lower_ == "deployed"], _on())
    aid = load_lexicon().types["AID"]
    pred = decision.predicate
    assert (pred.cameo, pred.quad, pred.intensity) == (aid.cameo, aid.quad, aid.intensity)
    assert pred.quad == QUAD_OF_TYPE[pred.type] == 2
    assert pred.cameo.startswith("07")  # CAMEO's own root for provide aid


def test_agreeing_model_keeps_the_lexicon_predicate(raw_events):  # type: ignore[no-untyped-def]
    raws = raw_events("Israeli warplanes struck Hamas positions in Gaza on Monday.")
    for raw, decision in zip(raws, combine_events(raws, _on()), strict=True):
        assert decision.predicate == raw.predicate  # the finer CAMEO code (195) stays
        assert not decision.changed


def test_never_threshold_keeps_every_lexicon_type(raw_events):  # type: ignore[no-untyped-def]
    raws = raw_events("Kenya deployed police officers to Haiti to help restore order.")
    for raw, decision in zip(raws, combine_events(raws, _on(2.0)), strict=True):
        assert decision.predicate == raw.predicate


def test_intent_is_not_retyped(raw_events):  # type: ignore[no-untyped-def]
    raws = raw_events("Iran will meet Saudi officials in Riyadh next week.")
    intent = [r for r in raws if r.predicate.type == "AGREE" and r.predicate.cameo == "036"]
    assert intent, [(r.predicate.type, r.predicate.cameo) for r in raws]

    def consult(views):  # type: ignore[no-untyped-def]
        return [{"CONSULT": 0.9, "AGREE": 0.1} for _ in views]

    (decision,) = combine_events(intent[:1], _on(0.0), proba=consult)
    assert decision.predicate.type == "AGREE" and decision.predicate.cameo == "036"


def test_choose_type_rule() -> None:
    probs = {"ASSAULT": 0.55, "COERCE": 0.45}
    assert choose_type("COERCE", probs, 0.5) == "ASSAULT"
    assert choose_type("COERCE", probs, 0.6) == "COERCE"
    assert choose_type("ASSAULT", probs, 0.0) == "ASSAULT"


def test_confidence_is_a_probability_and_ordered_sensibly(raw_events):  # type: ignore[no-untyped-def]
    text = (
        "Russia demanded that Ukraine withdraw its troops. "
        "Kenya deployed police officers to Haiti to help restore order. "
        "They said it was a matter for the two countries."
    )
    raws = raw_events(text)
    decisions = combine_events(raws, _on())
    assert decisions and all(0.0 <= d.confidence <= 1.0 for d in decisions)
    by_trigger = {r.trigger.lower_: d for r, d in zip(raws, decisions, strict=True)}
    # a type the lexicon and the model agree on, with the model sure of it, is more
    # trustworthy than one where they disagree
    assert by_trigger["demanded"].confidence > by_trigger["deployed"].confidence


def test_calibration_rises_with_the_models_belief() -> None:
    settings = load_settings()
    if not settings.coef:
        pytest.skip("no calibration shipped")
    base = dict.fromkeys(settings.features, 0.0)
    low = calibrated({**base, "logit_chosen": -2.0, "logit_lexicon": -2.0}, settings, 0.5)
    high = calibrated({**base, "logit_chosen": 3.0, "logit_lexicon": 3.0}, settings, 0.5)
    assert 0.0 < low < high < 1.0


def test_engine_events_carry_the_decision(engine):  # type: ignore[no-untyped-def]
    from realpolitik.model import Document

    text = "Kenya deployed police officers to Haiti to help restore order."
    coded = engine.code_one(Document(id="t", text=text, date="2024-03-20"))
    raws = list(engine.nlp(text)._.rp_events or [])
    decisions = combine_events(raws)
    assert [e.event for e in coded.events] == [d.predicate.type for d in decisions]
    assert [e.confidence for e in coded.events] == [d.confidence for d in decisions]
    for e in coded.events:
        assert e.quad_code == QUAD_OF_TYPE[e.event]
        assert 0.0 <= e.confidence <= 1.0


def test_settings_round_trip_and_version() -> None:
    settings = load_settings()
    again = Settings.from_json(json.loads(json.dumps(settings.to_json())))
    assert again == settings
    with pytest.raises(ValueError):
        Settings.from_json({**settings.to_json(), "version": 99})


def test_views_mark_the_events_sides(raw_events):  # type: ignore[no-untyped-def]
    (raw,) = [
        r
        for r in raw_events("Kenya deployed police officers to Haiti to help restore order.")
        if r.trigger.lower_ == "deployed"
    ]
    views = event_views(raw)
    assert "SRC" in views["sentence"] and "TGT" in views["sentence"]
    assert "Kenya" not in views["sentence"]


# The retyping guards. The model reads the pair, not the trigger, so these tests give every
# event the same model answer (a sure other type) and check which events the rule lets it
# retype: the rule, not the model's mood, is under test.
SAFE = ("sole_pair", "main_or_only_pair", "unmediated", "not_negated")


def _sure(kind: str):  # type: ignore[no-untyped-def]
    def proba(views):  # type: ignore[no-untyped-def]
        return [{kind: 0.99, "CONSULT": 0.01} for _ in views]

    return proba


def _changed(raws, guards, kind):  # type: ignore[no-untyped-def]
    settings = replace(_on(0.5), guards=tuple(guards))
    decisions = combine_events(raws, settings, proba=_sure(kind))
    return {
        (r.trigger.lower_, r.predicate.type): d.predicate.type
        for r, d in zip(raws, decisions, strict=True)
        if d.changed
    }


def test_a_second_event_on_the_same_pair_is_not_retyped(raw_events):  # type: ignore[no-untyped-def]
    raws = raw_events("Moscow refused to meet Ukrainian envoys.")
    assert ("meet", "CONSULT") in _changed(raws, (), "REJECT")  # the unguarded rule would
    assert _changed(raws, ("sole_pair",), "REJECT") == {}


def test_an_event_on_a_side_pair_is_not_retyped(raw_events):  # type: ignore[no-untyped-def]
    raws = raw_events("Jordan launched air strikes on ISIS in cooperation with Turkey.")
    assert ("cooperation", "COOPERATE") in _changed(raws, ("sole_pair",), "ASSAULT")
    assert ("cooperation", "COOPERATE") not in _changed(raws, SAFE, "ASSAULT")


def test_a_mediated_event_is_not_retyped(raw_events):  # type: ignore[no-untyped-def]
    raws = raw_events("Egypt brokered a ceasefire between Israel and Hamas.")
    (truce,) = [r for r in raws if r.trigger.lower_ == "ceasefire"]
    assert [m.text for m in truce.mediators] == ["Egypt"]
    assert ("ceasefire", "RETREAT") in _changed([truce], ("sole_pair",), "COOPERATE")
    assert _changed([truce], SAFE, "COOPERATE") == {}


def test_a_negated_event_is_not_retyped(raw_events):  # type: ignore[no-untyped-def]
    raws = [r for r in raw_events("Moscow did not meet Ukrainian envoys.") if r.actors]
    assert [r.modality for r in raws] == ["negated"]
    assert _changed(raws, ("sole_pair", "main_or_only_pair"), "REJECT")
    assert _changed(raws, SAFE, "REJECT") == {}


def test_concede_and_retreat_are_never_swapped(raw_events):  # type: ignore[no-untyped-def]
    assert choose_type("RETREAT", {"CONCEDE": 0.9, "RETREAT": 0.1}, 0.0) == "RETREAT"
    assert choose_type("CONCEDE", {"RETREAT": 0.9, "CONCEDE": 0.1}, 0.0) == "CONCEDE"
    raws = raw_events("Spain lifted its embargo on Moroccan fruit.")
    assert any(r.predicate.type == "RETREAT" for r in raws)
    assert _changed(raws, (), "CONCEDE") == {}


def test_guarded_rule_still_retypes_the_sole_main_event(raw_events):  # type: ignore[no-untyped-def]
    raws = raw_events("Kenya deployed police officers to Haiti to help restore order.")
    assert _changed(raws, SAFE, "AID") == {("deployed", "MOBILIZE"): "AID"}


def test_unknown_guard_is_an_error(raw_events):  # type: ignore[no-untyped-def]
    raws = raw_events("Kenya deployed police officers to Haiti to help restore order.")
    with pytest.raises(KeyError):
        _changed(raws, ("no_such_guard",), "AID")
