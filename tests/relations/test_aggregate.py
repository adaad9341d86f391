"""Aggregating events and links into relations: scores from asserted events only."""

from __future__ import annotations

from realpolitik.model import Entity, Event, Link, Mention
from realpolitik.relations.aggregate import aggregate, party_key

IRN = Entity("IRN", "Iran", "IRN", None, "state")
USA = Entity("USA", "United States", "USA", None, "state")
OMN = Entity("OMN", "Oman", "OMN", None, "state")
IRN_GOV = Entity("IRN", "Iran", "IRN", "GOV", "state_organ")
MILITIAS = Entity("XXX-REB-MILITIA", "militias", None, "REB", "armed_group")


def _m(entity: Entity) -> Mention:
    return Mention(entity, entity.name, 0, len(entity.name))


def _event(
    n: int,
    kind: str,
    intensity: float,
    modality: str = "asserted",
    date: str = "2024-01",
    mediator: list[Mention] | None = None,
    actor: Entity = USA,
) -> Event:
    return Event(
        id=f"d-s{n}-e1",
        doc_id="d",
        event=kind,
        quad_code=1 if intensity > 0 else 4,
        intensity=intensity,
        actor=[_m(actor)],
        recipient=[_m(IRN)],
        sentence=f"sentence {n}",
        sentence_start=0,
        sentence_end=10,
        modality=modality,
        date=date,
        mediator=mediator or [],
    )


def test_only_asserted_events_move_the_score() -> None:
    rels = aggregate(
        [
            _event(1, "CONSULT", 1.0),
            _event(2, "ASSAULT", -10.0, modality="hypothetical"),
            _event(3, "AGREE", 4.0, date="2024-03"),
        ],
        [],
    )
    balance = [r for r in rels if r.kind in ("cooperation", "conflict")]
    assert len(balance) == 1
    assert balance[0].kind == "cooperation" and balance[0].score == 2.5 and balance[0].events == 2
    assert (balance[0].first, balance[0].last) == ("2024-01", "2024-03")


def test_state_organs_count_as_their_state() -> None:
    assert party_key(_m(IRN_GOV)) == party_key(_m(IRN)) == "IRN"
    rels = aggregate([_event(1, "CONSULT", 1.0), _event(2, "ASSAULT", -10.0, actor=USA)], [])
    assert len([r for r in rels if r.kind in ("cooperation", "conflict")]) == 1


def test_mediation_per_mediator() -> None:
    rels = aggregate([_event(1, "CONSULT", 1.0, mediator=[_m(OMN)])], [])
    mediation = [r for r in rels if r.kind == "mediation"]
    assert len(mediation) == 1 and mediation[0].via[0].entity.id == "OMN"
    assert mediation[0].evidence[0].event_id == "d-s1-e1"


def test_patronage_keeps_direction() -> None:
    link = Link(
        id="d-l1-1",
        doc_id="d",
        kind="patronage",
        a=_m(IRN),
        b=_m(MILITIAS),
        sentence="Iran-backed militias",
        sentence_start=0,
        sentence_end=20,
    )
    (rel,) = aggregate([], [link])
    assert rel.kind == "patronage" and rel.a.entity.id == "IRN" and rel.b.entity.id == MILITIAS.id
    assert rel.score is None and rel.events == 1


def test_stated_enmity_is_the_conflict_when_no_event_is_on_record(engine):  # type: ignore[no-untyped-def]
    """ "X's adversary Y" with no act between them: a conflict relation without a score
    (only events move scores); once events are on record they decide, and the enmity is
    kept as a rivalry beside them."""
    from realpolitik.model import Document
    from realpolitik.relations.aggregate import aggregate

    said = engine.code_one(Document(id="t", date="2024-03-20", text=(
        "Cairo keeps courting Gulf donors against its long-time adversary, Ethiopia."
    )))  # fmt: skip
    (alone,) = [r for r in aggregate(said.events, said.links) if r.b.entity.id == "ETH"]
    assert (alone.kind, alone.score, alone.events) == ("conflict", None, 0)
    assert "adversary" in alone.evidence[0].sentence
    acted = engine.code_one(Document(id="u", date="2024-03-20", text=(
        "Egypt signed a water agreement with Ethiopia on Monday."
    )))  # fmt: skip
    found = aggregate([*said.events, *acted.events], [*said.links, *acted.links])
    kinds = {r.kind for r in found if {r.a.entity.id, r.b.entity.id} == {"EGY", "ETH"}}
    assert kinds == {"cooperation", "rivalry"}
