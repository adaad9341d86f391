"""Argument constructions of issue 4 that test_coder.py does not already cover.

Every sentence is our own wording; each test names the construction it checks.
"""

from __future__ import annotations


def _one(events, event_type):  # type: ignore[no-untyped-def]
    found = [e for e in events if e.event == event_type]
    assert found, f"no {event_type} event in {[(e.event, e.event_text) for e in events]}"
    return found[0]


def test_subject_relative_clause_takes_its_antecedent(code, triples):  # type: ignore[no-untyped-def]
    events = triples(code("The Houthis, who attacked Israel last month, threatened Saudi Arabia."))
    assert ("ASSAULT", ["HOUTHIS"], ["ISR"]) in events
    assert ("THREATEN", ["HOUTHIS"], ["SAU"]) in events


def test_apposition_names_the_actor_of_a_person(code, triples):  # type: ignore[no-untyped-def]
    events = triples(code("Hamas leaders met Jane Doe, a senior Egyptian official, in Doha."))
    assert ("CONSULT", ["HAMAS"], ["EGY"]) in events


def test_possessor_of_the_object_event_is_the_target(code, triples):  # type: ignore[no-untyped-def]
    assert ("REJECT", ["EGY"], ["ISR"]) in triples(
        code("Egypt rejected Israel's request for a new ceasefire.")
    )
    assert ("ACCUSE", ["QAT"], ["RUS"]) in triples(code("Qatar criticised Russia's veto."))


def test_modifiers_before_a_noun_name_its_actor(code, triples):  # type: ignore[no-untyped-def]
    events = triples(code("Taliban suicide bombers attacked an Afghan army convoy."))
    assert any(t == "ASSAULT" and a == ["TALIBAN"] for t, a, _r in events)


def test_event_noun_as_subject_gives_its_doer(code, triples):  # type: ignore[no-untyped-def]
    assert ("ASSAULT", ["SYR"], ["TUR"]) in [
        (t, [x.split("-")[0] for x in a], [x.split("-")[0] for x in r])
        for t, a, r in triples(code("Syrian air strikes hit Turkish positions."))
    ]


def test_clause_on_an_issued_statement_is_the_issuers(code, triples):  # type: ignore[no-untyped-def]
    events = triples(
        code("The Arab League issued a statement urging Israel to halt its offensive.")
    )
    assert any(t == "REQUEST" and r == ["ISR"] and a for t, a, r in events)


def test_purpose_clause_of_a_gift_is_the_receivers(code, triples):  # type: ignore[no-untyped-def]
    events = triples(code("Iran provided the Houthis with money and drones to attack Israel."))
    assert ("AID", ["IRN"], ["HOUTHIS"]) in events
    assert ("ASSAULT", ["HOUTHIS"], ["ISR"]) in events


def test_called_on_someone_to_act_makes_them_the_doer(code, triples):  # type: ignore[no-untyped-def]
    events = triples(code("The United Nations called on Iran to release the French hostages."))
    assert any(t == "REQUEST" and r == ["IRN"] for t, _a, r in events)
    assert all(a != ["UNO"] for t, a, _r in events if t == "RETREAT")


def test_pronoun_of_a_reported_clause_is_the_reporter(code, triples):  # type: ignore[no-untyped-def]
    events = code("Turkey says it will attack Kurdish militias in Syria.")
    event = _one(events, "ASSAULT")
    assert [m.entity.id for m in event.actor] == ["TUR"]
    assert event.modality == "future"


def test_control_verb_with_a_prepositional_addressee(code, triples):  # type: ignore[no-untyped-def]
    assert ("COERCE", ["EGY"], ["HAMAS"]) in triples(
        code("Washington called on Egypt to pressure Hamas.")
    )


def test_unknown_doer_of_a_killing_is_kept_empty(code):  # type: ignore[no-untyped-def]
    event = _one(code("The killing of Iranian diplomats in 1998 shocked the region."), "ASSAULT")
    assert event.actor == []
    assert [m.entity.country for m in event.recipient] == ["IRN"]
    assert event.date == "1998" and event.historical


def test_passive_without_agent_keeps_the_victim(code):  # type: ignore[no-untyped-def]
    event = _one(code("Two Turkish soldiers were killed near the Iraqi border."), "ASSAULT")
    assert event.actor == []
    assert [m.entity.country for m in event.recipient] == ["TUR"]


def test_agentless_events_only_for_violence(code):  # type: ignore[no-untyped-def]
    events = code("Talks with Iran were praised.")
    assert all(e.actor for e in events)


def test_subject_suffers_the_event_its_object_names(code, triples):  # type: ignore[no-untyped-def]
    assert ("ASSAULT", ["ISR"], ["LBN"]) in [
        (t, [x.split("-")[0] for x in a], r)
        for t, a, r in triples(code("Lebanon endured Israeli air strikes for a third day."))
    ]
    event = _one(code("Lebanon continues to suffer the consequences of the long war."), "ASSAULT")
    assert event.actor == [] and [m.entity.id for m in event.recipient] == ["LBN"]


def test_place_after_a_meeting_is_no_target(code, triples):  # type: ignore[no-untyped-def]
    events = triples(code("Netanyahu met Putin at the Kremlin on Wednesday."))
    consult = [r for t, _a, r in events if t == "CONSULT"]
    assert consult and all(len(r) == 1 for r in consult)


def test_of_names_the_doer_of_a_withdrawal(code, triples):  # type: ignore[no-untyped-def]
    events = triples(code("Kabul welcomed the withdrawal of Pakistani troops from Afghanistan."))
    assert all(t != "RETREAT" or "PAK" not in [x.split("-")[0] for x in r] for t, _a, r in events)


def test_proxies_named_by_such_as(code, triples):  # type: ignore[no-untyped-def]
    events = triples(code("Iran relies on proxy forces such as Hezbollah."))
    assert ("COOPERATE", ["IRN"], ["HEZBOLLAH"]) in events


def test_holder_of_an_area_is_the_target(code, triples):  # type: ignore[no-untyped-def]
    events = triples(code("Israeli jets struck a Hamas-controlled area in Gaza."))
    assert any(t == "ASSAULT" and r == ["HAMAS"] for t, _a, r in events)


def test_mediated_by_and_in_cooperation_with(code, triples):  # type: ignore[no-untyped-def]
    mediated = _one(code("Iraq mediated talks between Iran and Saudi Arabia."), "CONSULT")
    assert {m.entity.id for m in mediated.actor + mediated.recipient} == {"IRN", "SAU"}
    assert [m.entity.id for m in mediated.mediator] == ["IRQ"]
    joint = triples(code("Jordan launched air strikes on ISIS in cooperation with Turkey."))
    assert any(t == "ASSAULT" and r == ["ISIS"] for t, _a, r in joint)
    assert ("COOPERATE", ["JOR"], ["TUR"]) in joint


def test_symmetric_nominal_and_verbal_events(code, triples):  # type: ignore[no-untyped-def]
    # signing is SUPPORT (CAMEO 057); the pact binds both sides
    assert ("SUPPORT", ["IRN"], ["IRQ"]) in triples(code("Iran and Iraq signed a security pact."))
    clashes = triples(code("Clashes between India and Pakistan continued overnight."))
    assert ("ASSAULT", ["IND"], ["PAK"]) in clashes
