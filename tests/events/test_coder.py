"""Event coding on real sentences (our own wording): arguments, type, modality, time, place."""

from __future__ import annotations


def _one(events, event_type):  # type: ignore[no-untyped-def]
    found = [e for e in events if e.event == event_type]
    assert found, f"no {event_type} event in {[(e.event, e.event_text) for e in events]}"
    return found[0]


def test_active_voice_with_sector_and_place(code, triples):  # type: ignore[no-untyped-def]
    events = code("Israeli warplanes struck Hamas positions in Gaza on Monday.")
    assert ("ASSAULT", ["ISR-MIL"], ["HAMAS"]) in triples(events)
    event = _one(events, "ASSAULT")
    assert event.actor[0].entity.country == "ISR" and event.actor[0].entity.sector == "MIL"
    assert event.location is not None and event.location["name"] == "Gaza"
    assert event.date == "2024-03-18" and event.date_source == "text"


def test_passive_voice_puts_the_agent_first(code, triples):  # type: ignore[no-untyped-def]
    events = code("Israel was attacked by Hamas on 7 October.")
    assert ("ASSAULT", ["HAMAS"], ["ISR"]) in triples(events)
    assert _one(events, "ASSAULT").date == "2023-10-07"


def test_coordinated_subjects_meet_as_two_sides(code, triples):  # type: ignore[no-untyped-def]
    events = code("Iran and Saudi Arabia met in Baghdad in April.")
    assert ("CONSULT", ["IRN"], ["SAU"]) in triples(events)
    event = _one(events, "CONSULT")
    assert [m.entity.id for m in event.mediator] == ["IRQ"]  # the host of talks in its capital
    assert event.date == "2023-04" and event.date_precision == "month"


def test_host_country_of_a_party_is_not_a_mediator(code):  # type: ignore[no-untyped-def]
    event = _one(
        code("Iranian officials met the Taliban in Kabul last week.", "2024-03-20"), "CONSULT"
    )
    assert event.mediator == []


def test_nominal_events(code, triples):  # type: ignore[no-untyped-def]
    assert ("ASSAULT", ["HAMAS"], ["ISR"]) in triples(
        code("Hamas's attack on Israel shocked the region.")
    )
    talks = triples(code("Talks between the United States and Iran resumed in Geneva."))
    assert ("CONSULT", ["USA"], ["IRN"]) in talks


def test_control_verb_gives_the_object_as_doer(code, triples):  # type: ignore[no-untyped-def]
    events = triples(code("Washington urged Tehran to pressure the Houthis."))
    assert ("REQUEST", ["USA"], ["IRN"]) in events
    assert ("COERCE", ["IRN"], ["HOUTHIS"]) in events


def test_mediators_through_a_list(code):  # type: ignore[no-untyped-def]
    event = _one(
        code("The United States and Iran negotiated through Oman, Qatar and Switzerland."),
        "CONSULT",
    )
    assert sorted(m.entity.id for m in event.mediator) == ["CHE", "OMN", "QAT"]


def test_brokered_agreement_has_the_broker_as_mediator(code):  # type: ignore[no-untyped-def]
    # signing a formal agreement is SUPPORT (CAMEO 057 in the CAMEO-to-PLOVER table)
    event = _one(code("Saudi Arabia and Iran signed an agreement brokered by China."), "SUPPORT")
    assert [m.entity.id for m in event.mediator] == ["CHN"]
    active = _one(code("Qatar brokered a truce between Israel and Hamas."), "RETREAT")
    assert {m.entity.id for m in active.actor + active.recipient} == {"ISR", "HAMAS"}
    assert [m.entity.id for m in active.mediator] == ["QAT"]


def test_modalities(code):  # type: ignore[no-untyped-def]
    assert _one(code("Taliban forces might join Hamas."), "COOPERATE").modality == "hypothetical"
    assert _one(code("Iran did not attack Israel."), "ASSAULT").modality == "negated"
    # an aid yet to come is an intent to aid: AGREE with CAMEO 033, told as future
    planned = _one(code("Russia plans to supply Iran with fighter jets."), "AGREE")
    assert planned.modality == "future"
    assert _one(code("Iran will retaliate against Israel."), "ASSAULT").modality == "future"
    assert (
        _one(code("Israel struck Iran's consulate in Damascus."), "ASSAULT").modality == "asserted"
    )


def test_reported_claim_is_attributed(code):  # type: ignore[no-untyped-def]
    event = _one(code("Iran claims Afghanistan is limiting the flow of water."), "ACCUSE")
    assert [m.entity.id for m in event.recipient] == ["AFG"]
    assert event.claimed_by is not None and event.claimed_by.entity.id == "IRN"
    assert event.issue == "water"


def test_coreference_to_the_last_pair(code, triples):  # type: ignore[no-untyped-def]
    events = code(
        "The United States and Iran exchanged prisoners in September. "
        "Later, the two countries held talks in Doha."
    )
    assert ("CONSULT", ["USA"], ["IRN"]) in triples(events)


def test_history_is_marked(code):  # type: ignore[no-untyped-def]
    event = _one(
        code("Iran provided the Taliban with weapons from 2001 until 2021.", "2024-08-15"), "AID"
    )
    assert event.historical and event.date == "2001" and event.date_precision == "year"


def test_media_outlets_are_never_actors(code):  # type: ignore[no-untyped-def]
    events = code("Reuters reported that Iran attacked Israel.")
    names = {m.entity.id for e in events for m in e.actor + e.recipient + e.mediator}
    assert names == {"IRN", "ISR"}


def test_offsets_point_into_the_text(engine):  # type: ignore[no-untyped-def]
    from realpolitik.model import Document

    text = "Skip this.\n\nIsraeli jets bombed Hezbollah sites in southern Lebanon."
    coded = engine.code_one(Document(id="d", text=text, date="2024-01-10"))
    event = coded.events[0]
    assert text[event.sentence_start : event.sentence_end] == event.sentence
    for mention in event.actor + event.recipient:
        assert text[mention.start : mention.end] == mention.text


def test_speculation_reaches_into_complement_clauses(code):  # type: ignore[no-untyped-def]
    event = _one(code("The deal could mean that Iran withdraws its forces from Syria."), "RETREAT")
    assert event.modality == "hypothetical"
    reported = _one(code("Officials did not say that Israel attacked Iran."), "ASSAULT")
    assert reported.modality == "asserted"  # a negated saying is no denial of the attack


def test_adjective_of_an_abstract_noun_is_no_actor(code, triples):  # type: ignore[no-untyped-def]
    events = triples(code("The Syrian war brought Russia and Iran together."))
    assert all("SYR" not in actors for _type, actors, _recipients in events)
    assert ("COOPERATE", ["TALIBAN"], ["HAMAS"]) in triples(
        code("Taliban forces might join Hamas.")
    )


def test_place_outside_the_knowledge_base_of_actors(code):  # type: ignore[no-untyped-def]
    event = _one(
        code("Iraqi troops attacked ISIS fighters in Mosul on Monday.", "2017-03-01"), "ASSAULT"
    )
    assert event.location == {"name": "Mosul", "country": "IRQ"}
    assert event.mediator == []  # a city is where it happened, not a party


def test_stance_verbs_take_the_target_of_their_complement(code, triples):  # type: ignore[no-untyped-def]
    agreed = code("Tehran agreed to hand the detained sailors over to London.")
    # the handover is only intended: one AGREE, no handover asserted
    assert triples(agreed) == [("AGREE", ["IRN"], ["GBR"])]
    refused = code("Moscow refused to meet Ukrainian envoys.")
    assert ("REJECT", ["RUS"], ["UKR"]) in triples(refused)
    assert _one(refused, "CONSULT").modality == "negated"
    threat = triples(code("Venezuela threatened to expel Colombian diplomats."))
    assert ("THREATEN", ["VEN"], ["COL"]) in threat


def test_a_demand_is_made_of_the_subject_of_its_clause(code, triples):  # type: ignore[no-untyped-def]
    assert ("REQUEST", ["EGY"], ["ISR"]) in triples(
        code("Cairo demanded that Israel halt its raids.")
    )
    urged = code("Washington urged Tehran to release the sailors.")
    assert ("REQUEST", ["USA"], ["IRN"]) in triples(urged)
    assert all(e.modality != "asserted" for e in urged if e.event == "RETREAT")


def test_conflict_reaches_the_actor_inside_its_object(code, triples):  # type: ignore[no-untyped-def]
    assert ("ACCUSE", ["JOR"], ["SYR"]) in triples(
        code("Jordan condemned the bombing of a school in Syria.")
    )
    stormed = triples(code("Taliban gunmen stormed a police station in northern Afghanistan."))
    assert ("ASSAULT", ["TALIBAN"], ["AFG"]) in stormed
    # in talks a country in the object is the topic, not a party
    talks = triples(code("Russia and China discussed the situation in Syria."))
    assert all("SYR" not in recipients for _t, _a, recipients in talks)


def test_from_names_the_doer_except_for_withdrawals(code, triples):  # type: ignore[no-untyped-def]
    assert ("REJECT", ["DEU"], ["POL"]) in triples(code("Germany rejected the demand from Poland."))
    assert ("RETREAT", ["RUS"], ["SYR"]) in triples(
        code("Russia announced a withdrawal from Syria.")
    )
    assert ("REJECT", ["NLD"], ["IRN"]) in triples(
        code("The Dutch government rejected an appeal lodged by Iran.")
    )
    assert ("SUPPORT", ["JPN"], ["UKR"]) in triples(code("Japan pledged support for Ukraine."))


def test_types_follow_the_cameo_to_plover_table(code, triples):  # type: ignore[no-untyped-def]
    assert ("COERCE", ["EU"], ["BLR"]) in triples(code("The EU imposed sanctions on Belarus."))
    assert ("SUPPORT", ["TUR"], ["GRC"]) in triples(code("Turkey signed a treaty with Greece."))
    assert ("RETREAT", ["USA"], ["CUB"]) in triples(code("Washington lifted sanctions on Cuba."))
    assert ("ACCUSE", ["KOR"], ["JPN"]) in triples(code("Seoul summoned the Japanese ambassador."))


def test_a_treaty_binds_the_pair_just_named(code):  # type: ignore[no-untyped-def]
    text = (
        "Tensions between Iran and Pakistan are high. The river matters to both countries. "
        "The 1973 treaty divided its water."
    )
    event = _one(code(text), "AGREE")
    ids = {m.entity.id for m in event.actor + event.recipient}
    assert ids == {"IRN", "PAK"}
    assert event.historical and event.date == "1973"
    assert not [e for e in code("A treaty divided the water.") if e.event == "AGREE"]


def test_cooperation_yet_to_come_is_an_intent(code, triples):  # type: ignore[no-untyped-def]
    event = _one(code("The Iraqi premier will meet the Saudi crown prince in Riyadh."), "AGREE")
    assert event.modality == "future"
    assert [m.entity.id for m in event.actor] == ["IRQ"]
    assert [m.entity.id for m in event.recipient] == ["SAU"]
    held = code("The Iraqi premier met the Saudi crown prince in Riyadh.")
    assert _one(held, "CONSULT").modality == "asserted"


def test_general_argument_forms(code, triples):  # type: ignore[no-untyped-def]
    assert ("SANCTION", ["QAT"], ["EGY"]) in triples(
        code("Qatar withdrew its ambassador from Cairo.")
    )
    assert ("AID", ["JPN"], ["FJI"]) in triples(code("Japan provided millions of dollars to Fiji."))
    # the owner of "its ban" is the one lifting it, not the one it targets
    assert ("RETREAT", ["FRA"], ["GBR"]) in triples(code("France lifted its ban on British beef."))
    assert ("SUPPORT", ["QAT"], ["EGY", "TUR"]) in triples(
        code("Qatar welcomed a resumption of diplomatic ties between Egypt and Turkey.")
    )


def test_a_reported_would_is_a_stated_intention(code):  # type: ignore[no-untyped-def]
    said = _one(code("The Afghan government said it would free 2,000 Taliban prisoners."), "AGREE")
    assert said.modality == "future"
    assert [m.entity.id for m in said.recipient] == ["TALIBAN"]
    # without a reporting verb "would" stays a speculation
    maybe = _one(code("Kabul would free the Taliban prisoners if the talks went well."), "RETREAT")
    assert maybe.modality == "hypothetical"


def test_light_verb_event_reaches_inside_its_object(code, triples):  # type: ignore[no-untyped-def]
    events = triples(code("Israel opened an investigation into the killing of a Palestinian boy."))
    assert ("ACCUSE", ["ISR"], ["PSE"]) in events


def test_ordering_an_action_and_establishing_ties(code, triples):  # type: ignore[no-untyped-def]
    assert ("COERCE", ["EGY"], ["LBY-MIL"]) in triples(
        code("Egypt ordered the arrest of a Libyan commander.")
    )
    assert ("SUPPORT", ["BHR"], ["ISR"]) in triples(
        code("Bahrain established diplomatic relations with Israel.")
    )


def test_a_verb_of_intent_is_the_modality_of_its_complement(code) -> None:  # type: ignore[no-untyped-def]
    events = code("Turkey seeks to exert pressure on Greece over the islands.")
    assert [(e.event, e.modality) for e in events] == [("COERCE", "future")]
    sought = code("Turkey sought talks with Greece over the islands.")
    assert sought  # "sought talks": the verb has an object of its own, and is an event


def test_reported_must_is_a_demand(code, triples):  # type: ignore[no-untyped-def]
    events = triples(code("Germany said on Monday that Iran must free the detained journalists."))
    assert ("REQUEST", ["DEU"], ["IRN"]) in events


def test_reported_responsibility_is_an_accusation(code, triples):  # type: ignore[no-untyped-def]
    events = triples(code("Kabul said the Taliban were responsible for the blast."))
    assert any(t == "ACCUSE" and a == ["AFG"] and r == ["TALIBAN"] for t, a, r in events)
    behind = triples(code("Seoul says North Korea is behind the hacking."))
    assert any(t == "ACCUSE" and r == ["PRK"] for t, _a, r in behind)


def test_told_to_is_a_demand(code, triples):  # type: ignore[no-untyped-def]
    assert ("REQUEST", ["USA"], ["ISR"]) in triples(
        code("Washington told Israel to halt the offensive.")
    )


def test_unsaid_accusation_is_not_asserted(code):  # type: ignore[no-untyped-def]
    events = code("Kabul did not say the Taliban were responsible for the blast.")
    assert all(e.modality != "asserted" for e in events if e.event == "ACCUSE")


def test_two_offices_of_one_state_are_two_sides(code):  # type: ignore[no-untyped-def]
    event = _one(
        code("The Peruvian president rejected the proposal of the prime minister."), "REJECT"
    )
    assert event.actor and event.recipient


def test_verb_naming_the_event_is_no_negation(code):  # type: ignore[no-untyped-def]
    event = _one(code("Pakistan refused a request from India to use its airspace."), "REJECT")
    assert event.modality == "asserted"
    assert [m.entity.id for m in event.recipient] == ["IND"]


def test_allowing_someone_to_act_is_a_concession(code, triples):  # type: ignore[no-untyped-def]
    events = triples(code("Myanmar allowed the Red Cross to visit the camps."))
    assert any(a == ["MMR"] and r for _t, a, r in events)


def test_of_phrase_and_hyphenated_event_names(code, triples):  # type: ignore[no-untyped-def]
    siege = triples(code("Kenya imposed a state of emergency on Somali border towns."))
    assert any(t == "COERCE" for t, _a, _r in siege)
    truce = code("Israel announced a cease-fire with Hamas.")
    assert "HAMAS" in [m.entity.id for e in truce for m in e.recipient]
    # "cessation of hostilities" is one event, not the hostilities too
    ended = code("Sudan declared a cessation of hostilities with the rebels in Darfur.")
    assert all(e.event != "ASSAULT" for e in ended)


def test_frame_noun_takes_its_modifier_event(code, triples):  # type: ignore[no-untyped-def]
    events = code("Oman launched a mediation effort between Iran and Saudi Arabia.")
    consult = _one(events, "CONSULT")
    assert {m.entity.id for m in consult.recipient} >= {"SAU"}


def test_what_is_called_for_has_not_happened(code):  # type: ignore[no-untyped-def]
    events = code("Lithuania called for sanctions against Belarus on Friday.")
    assert any(e.event == "REQUEST" and e.modality == "asserted" for e in events)
    assert all(e.modality != "asserted" for e in events if e.event in ("COERCE", "SANCTION"))
    urged = code("Washington called on Egypt to pressure Hamas.")
    assert all(e.modality != "asserted" for e in urged if e.event == "COERCE")


def test_date_after_a_verb_is_no_particle(code):  # type: ignore[no-untyped-def]
    event = _one(
        code("The Iranian president called the Iraqi prime minister on Monday."), "CONSULT"
    )
    assert event.modality == "asserted"


def test_content_of_a_proposal_is_not_asserted(code):  # type: ignore[no-untyped-def]
    events = code(
        "Tokyo turned down a request from Seoul to let Korean inspectors visit the plant."
    )
    assert all(e.modality != "asserted" for e in events if e.event in ("CONCEDE", "AGREE"))


def test_committing_crimes_is_no_agreement(code):  # type: ignore[no-untyped-def]
    assert all(e.event != "AGREE" for e in code("Militias committed atrocities in Sudan."))
    assert any(e.event == "AGREE" for e in code("Iran is committed to the accord with France."))


def test_a_name_with_an_event_word_is_no_event(code):  # type: ignore[no-untyped-def]
    events = code("The UN Assistance Mission in Somalia criticised the attack.")
    assert all(e.event_text.lower() != "mission" for e in events)


def test_readiness_is_an_intention_not_a_deed(code):  # type: ignore[no-untyped-def]
    events = code("Uruguay is ready to send engineers to the UN mission in Haiti.")
    assert events and all(e.modality != "asserted" for e in events)


def test_at_the_request_of_names_who_asks(code, triples):  # type: ignore[no-untyped-def]
    events = triples(code("France sent doctors to Chad at the request of the Chadian government."))
    assert all(not (t == "REQUEST" and a and a[0].startswith("FRA")) for t, a, _r in events)


CLAUSES = """Egypt, which had hosted earlier rounds, said on Monday that Qatar would mediate a
cease-fire between Israel and Hamas after the air strikes of last week. A state of emergency
declared in 2021 was lifted when the talks that Oman brokered resumed. The bombing campaign
went on, and the cessation of hostilities agreed in May collapsed."""


def _phrase(token):  # type: ignore[no-untyped-def]
    """The reference: the token's subtree minus embedded clauses, walked recursively."""
    from realpolitik.events.arguments import _CLAUSE_DEPS

    yield token
    for child in token.children:
        if child.dep_ not in _CLAUSE_DEPS:
            yield from _phrase(child)


def test_own_tokens_are_the_phrases_of_governors_and_anchors(engine):  # type: ignore[no-untyped-def]
    from realpolitik.events.coder import _anchors, _own_tokens
    from realpolitik.events.modality import governors

    doc = engine.nlp(CLAUSES)
    for trigger in doc:
        expected = set()
        for tok in governors(trigger) + _anchors(trigger):
            expected.update(t.i for t in _phrase(tok))
            if tok.dep_ in ("relcl", "advcl") and tok.head.ent_type_ == "DATE":
                expected.update(t.i for t in tok.head.subtree if t.ent_type_ == "DATE")
        assert _own_tokens(trigger) == expected, trigger.text


def test_noun_index_changes_no_answer(engine):  # type: ignore[no-untyped-def]
    """`for_noun` and `of_object` skip nouns no entry can match: the same answers as trying
    every noun, and some nouns of the text do name events."""
    from dataclasses import replace

    from realpolitik.events.lexicon import load_lexicon

    indexed = load_lexicon()
    plain = replace(indexed, noun_keys=None, of_heads=None)
    doc = engine.nlp(CLAUSES)
    found = [(indexed.for_noun(t), indexed.of_object(t)) for t in doc]
    assert found == [(plain.for_noun(t), plain.of_object(t)) for t in doc]
    assert sum(p is not None for p, _ in found) >= 4
    assert any(o is not None for _, o in found), "'state of emergency' is one name"
