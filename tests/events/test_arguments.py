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


def test_place_is_the_target_when_none_is_named(code, triples):  # type: ignore[no-untyped-def]
    # "declared a truce in X", "sent soldiers to the mission in X": PLOVER/CAMEO take the place
    events = triples(code("The Houthi rebels declared a unilateral truce in Yemen on Friday."))
    assert any(a == ["HOUTHIS"] and r == ["YEM"] for _t, a, r in events)
    sent = triples(code("Japan is sending engineers to a peacekeeping mission in South Sudan."))
    assert any(a == ["JPN"] and r == ["SSD"] for _t, a, r in sent)


def test_place_of_a_meeting_stays_no_target(code):  # type: ignore[no-untyped-def]
    assert all(e.event != "CONSULT" for e in code("Iranian diplomats met in Geneva on Monday."))


def test_organs_of_a_state_act_on_their_own_country(code):  # type: ignore[no-untyped-def]
    event = _one(code("Bolivian authorities declared a state of siege in Bolivia."), "COERCE")
    assert [m.entity.country for m in event.recipient] == ["BOL"]


def test_negated_event_with_a_place_target_stays_negated(code):  # type: ignore[no-untyped-def]
    events = code("The Houthi rebels did not declare a truce in Yemen.")
    assert events and all(e.modality == "negated" for e in events)


def test_target_of_a_participle_after_the_event_noun(code, triples):  # type: ignore[no-untyped-def]
    events = triples(code("Washington lifted the sanctions imposed on Sudan in 1997."))
    assert any(a == ["USA"] and r == ["SDN"] for _t, a, r in events)


def test_actor_behind_a_non_actor_object_of_a_ban(code, triples):  # type: ignore[no-untyped-def]
    events = triples(code("Japan agreed to end its ban on imports of Brazilian chicken."))
    assert any(a == ["JPN"] and r == ["BRA"] for _t, a, r in events)


def test_one_level_deeper_inside_an_of_phrase(code, triples):  # type: ignore[no-untyped-def]
    # a cooperative event does not reach inside objects: only the phrase's own actor counts
    events = triples(code("Iran met the leader of the political wing of Hamas."))
    assert ("CONSULT", ["IRN"], ["HAMAS"]) in events


def test_coordinated_possessors_are_both_sides(code, triples):  # type: ignore[no-untyped-def]
    events = triples(code("Chile and Peru's interior ministers talked by phone on Sunday."))
    assert any(t == "CONSULT" and {a[0], r[0]} == {"CHL", "PER"} for t, a, r in events)


def test_mutual_object_makes_coordinated_subjects_two_sides(code, triples):  # type: ignore[no-untyped-def]
    ties = triples(code("Morocco and Israel upgraded their diplomatic ties last year."))
    assert any({a[0], r[0]} == {"MAR", "ISR"} for _t, a, r in ties if a and r)
    fire = triples(code("Armenian and Azerbaijani troops exchanged fire overnight."))
    sides = [{a[0].split("-")[0], r[0].split("-")[0]} for _t, a, r in fire if a and r]
    assert {"ARM", "AZE"} in sides


def test_stance_of_two_named_doers_is_between_them(code, triples):  # type: ignore[no-untyped-def]
    events = triples(code("Brazil and Argentina agreed to send aid to Bolivia."))
    assert ("AGREE", ["BRA"], ["ARG"]) in events
    assert any(r == ["BOL"] for _t, _a, r in events)  # the aid agreed on, its own event


def test_dateline_is_no_subject(code, triples):  # type: ignore[no-untyped-def]
    events = triples(code("CAIRO -- A Sudanese court on Monday jailed two Ethiopian smugglers."))
    assert events and all(a != ["EGY"] for _t, a, _r in events)
    assert any(a and a[0].startswith("SDN") for _t, a, _r in events)


def test_spokesman_for_an_actor_speaks_for_it(code, triples):  # type: ignore[no-untyped-def]
    events = triples(code("A spokesman for the Kenyan police criticised the Somali militants."))
    assert any(a and a[0].startswith("KEN") for _t, a, _r in events)


def test_actor_modifier_across_nested_modifiers(code, triples):  # type: ignore[no-untyped-def]
    # "a UN human rights expert": "human" qualifies "rights", not the expert, yet the UN is his
    events = triples(code("A UN human rights investigator criticised the Eritrean army."))
    assert any(a == ["UN"] for _t, a, _r in events)


def test_clause_of_a_demand_names_its_target(code, triples):  # type: ignore[no-untyped-def]
    events = triples(code("Iran repeated its demand that Britain release the seized tanker."))
    assert ("REQUEST", ["IRN"], ["GBR"]) in events


def test_among_names_the_parties_like_between(code, triples):  # type: ignore[no-untyped-def]
    events = triples(code("Norway backed the dialogue among Colombian parties."))
    assert any(a == ["NOR"] and r and r[0].startswith("COL") for _t, a, r in events)


def test_people_named_by_where_they_are_belong_there(code, triples):  # type: ignore[no-untyped-def]
    events = triples(code("Volunteers in Poland welcomed Ukrainian refugees."))
    assert any(a == ["POL"] and r and r[0].startswith("UKR") for _t, a, r in events)


def test_topic_of_talks_gets_no_place_target(code):  # type: ignore[no-untyped-def]
    # "talks on the war in Syria": the war is a topic; Iran does not wage it in Syria
    events = code("Iran held talks on the war in Syria.")
    assert all(e.event != "ASSAULT" for e in events)
