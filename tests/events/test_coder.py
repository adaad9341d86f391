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
    event = _one(code("Saudi Arabia and Iran signed an agreement brokered by China."), "AGREE")
    assert [m.entity.id for m in event.mediator] == ["CHN"]
    active = _one(code("Qatar brokered a truce between Israel and Hamas."), "RETREAT")
    assert {m.entity.id for m in active.actor + active.recipient} == {"ISR", "HAMAS"}
    assert [m.entity.id for m in active.mediator] == ["QAT"]


def test_modalities(code):  # type: ignore[no-untyped-def]
    assert _one(code("Taliban forces might join Hamas."), "COOPERATE").modality == "hypothetical"
    assert _one(code("Iran did not attack Israel."), "ASSAULT").modality == "negated"
    assert _one(code("Russia plans to supply Iran with fighter jets."), "AID").modality == "future"
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
