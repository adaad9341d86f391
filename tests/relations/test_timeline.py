"""Per-pair balance over time windows, speculation kept apart, and turns between windows."""

from __future__ import annotations

from datetime import date

import pytest

from realpolitik.model import Entity, Event, Link, Mention
from realpolitik.relations.timeline import (
    UNDATED,
    Window,
    overlaps,
    pair_timeline,
    pair_timelines,
    shifts,
)

IRN = Entity("IRN", "Iran", "IRN", None, "state")
IRN_MIL = Entity("IRN-MIL", "Iran (military)", "IRN", "MIL", "state_organ")
USA = Entity("USA", "United States", "USA", None, "state")
TAL = Entity("TALIBAN", "Taliban", "AFG", "REB", "armed_group")
QUADS = {"CONSULT": (1, 1.0), "AID": (2, 7.0), "ACCUSE": (3, -2.0), "ASSAULT": (4, -10.0)}
_counter = iter(range(1, 10_000))


def _m(entity: Entity) -> Mention:
    return Mention(entity, entity.name, 0, len(entity.name))


def ev(
    kind: str,
    when: str | None,
    actor: Entity | list[Entity] = USA,
    recipient: Entity | list[Entity] = IRN,
    modality: str = "asserted",
) -> Event:
    quad, intensity = QUADS[kind]
    actors = actor if isinstance(actor, list) else [actor]
    recipients = recipient if isinstance(recipient, list) else [recipient]
    n = next(_counter)
    return Event(
        id=f"d-s{n}-e1", doc_id="d", event=kind, quad_code=quad, intensity=intensity,
        actor=[_m(a) for a in actors], recipient=[_m(r) for r in recipients],
        sentence=f"sentence {n}", sentence_start=n * 10, sentence_end=n * 10 + 9,
        modality=modality, date=when,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("month", Window("month")),
        ("Quarter", Window("quarter")),
        ("year", Window("year")),
        ("30d", Window("days", 30)),
        ("7 days", Window("days", 7)),
        ("14", Window("days", 14)),
        (10, Window("days", 10)),
    ],
)
def test_window_specs(spec: str | int, expected: Window) -> None:
    assert Window.parse(spec) == expected


@pytest.mark.parametrize("bad", ["fortnight", "0d", "-3", ""])
def test_bad_window_is_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="unknown window"):
        Window.parse(bad)


def test_window_placement() -> None:
    month, quarter, year, week = (Window.parse(s) for s in ("month", "quarter", "year", "7d"))
    assert month.place("2024-03-20") == ("2024-03", date(2024, 3, 1), False)
    assert quarter.place("2024-08") == ("2024-Q3", date(2024, 7, 1), False)
    assert year.place("2024-08-15") == ("2024", date(2024, 1, 1), False)
    # N-day windows are anchored on 1970-01-01, a Thursday: 2024-08-15 starts one.
    assert week.place("2024-08-18") == ("2024-08-15", date(2024, 8, 15), False)
    # A date coarser than the window keeps its own label instead of being spread.
    assert month.place("1998") == ("1998", date(1998, 1, 1), True)
    assert week.place("2024-03") == ("2024-03", date(2024, 3, 1), True)
    assert month.place(None)[0] == month.place("not a date")[0] == UNDATED


def test_only_asserted_events_make_the_balance() -> None:
    line = pair_timeline(
        [
            ev("CONSULT", "2024-01-05"),
            ev("AID", "2024-01-20"),
            ev("ASSAULT", "2024-01-21", modality="hypothetical"),
            ev("ASSAULT", "2024-01-22", modality="future"),
            ev("AID", "2024-01-23", modality="negated"),
        ],
        "IRN",
        "USA",
    )
    (jan,) = line.periods
    assert (jan.label, len(jan.asserted), jan.cooperation, jan.conflict) == ("2024-01", 2, 2, 0)
    assert jan.score == 4.0 and jan.stance == "cooperation" and jan.balance == 1.0
    assert len(jan.speculative) == 2 and len(jan.negated) == 1
    assert line.score == 4.0


@pytest.mark.parametrize(
    ("kinds", "stance"),
    [
        (["CONSULT", "CONSULT", "ACCUSE"], "cooperation"),
        (["ACCUSE", "ACCUSE", "ASSAULT"], "strain"),
        (["ACCUSE", "ASSAULT", "ASSAULT"], "conflict"),
        (["ACCUSE", "ASSAULT"], "conflict"),
        (["CONSULT", "ACCUSE"], "mixed"),
    ],
)
def test_stance_of_a_window(kinds: list[str], stance: str) -> None:
    (period,) = pair_timeline([ev(k, "2024-05") for k in kinds], "USA", "IRN").periods
    assert period.stance == stance


def test_state_organs_count_for_their_state_and_compound_actors_split() -> None:
    lines = pair_timelines(
        [
            ev("CONSULT", "2024-02", actor=IRN_MIL, recipient=USA),
            ev("ASSAULT", "2024-02", actor=[IRN, TAL], recipient=USA),
        ]  # fmt: skip
    )
    assert set(lines) == {("IRN", "USA"), ("TALIBAN", "USA")}
    assert len(lines[("IRN", "USA")].periods[0].asserted) == 2
    assert lines[("IRN", "USA")].names["IRN"] in ("Iran", "Iran (military)")


def test_turn_is_found_across_a_thin_window_with_its_marks() -> None:
    coop = [ev("CONSULT", "2024-01-03"), ev("AID", "2024-01-09")]
    thin = [ev("ACCUSE", "2024-02-11")]
    conflict = [ev("ASSAULT", "2024-03-02"), ev("ASSAULT", "2024-03-08"), ev("AID", "2024-03-09")]
    line = pair_timeline(coop + thin + conflict, "USA", "IRN")
    (turn,) = line.shifts(min_events=2)
    assert (turn.before.label, turn.after.label) == ("2024-01", "2024-03")
    assert turn.direction == "deterioration"
    assert [e.id for e in turn.marks] == [e.id for e in conflict[:2]]
    assert "cooperation in 2024-01 → conflict in 2024-03" in turn.describe()
    # With thin windows counted, February's strain is the turn, and March is no turn back.
    turns = line.shifts(min_events=1)
    assert [(t.before.label, t.after.label) for t in turns] == [("2024-01", "2024-02")]
    assert line.trend() == "deteriorating"


def test_no_turn_without_a_change_of_sign_and_undated_stays_out() -> None:
    events = [
        ev("CONSULT", "2024-01"), ev("CONSULT", "2024-01"),
        ev("CONSULT", "2024-02"), ev("ACCUSE", "2024-02"),  # mixed: not a turn
        ev("ASSAULT", None), ev("ASSAULT", None),
    ]  # fmt: skip
    line = pair_timeline(events, "USA", "IRN")
    assert line.shifts(min_events=1) == []
    assert len(line.undated.asserted) == 2 and UNDATED not in [p.label for p in line.periods]


def test_improvement_and_all_pairs_latest_first() -> None:
    events = [
        ev("ASSAULT", "2023-01", actor=TAL, recipient=IRN),
        ev("ASSAULT", "2023-02", actor=TAL, recipient=IRN),
        ev("AID", "2023-07", actor=TAL, recipient=IRN),
        ev("AID", "2023-08", actor=TAL, recipient=IRN),
        ev("CONSULT", "2024-01"), ev("ACCUSE", "2024-05"),
    ]  # fmt: skip
    found = shifts(events, window="quarter", min_events=1)
    assert [(s.a, s.b, s.direction) for _, s in found] == [
        ("IRN", "USA", "deterioration"),
        ("IRN", "TALIBAN", "improvement"),
    ]
    line, turn = found[1]
    assert (turn.before.label, turn.after.label) == ("2023-Q1", "2023-Q3")
    assert line.trend() == "improving"


def test_overlap_follows_the_store_filters() -> None:
    assert overlaps("2024", "2024-06", None)
    assert overlaps("2024-01-15", None, "2024-01")
    assert not overlaps("2023-12", "2024-01", None)
    assert not overlaps(None, "2024", None)
    assert overlaps(None, None, None)


RUS = Entity("RUS", "Russia", "RUS", None, "state")


def tie(kind: str, when: str | None, a: Entity = IRN, b: Entity = RUS) -> Link:
    n = next(_counter)
    return Link(
        id=f"d-l{n}-1", doc_id="d", kind=kind, a=_m(a), b=_m(b), sentence=f"statement {n}",
        sentence_start=n * 10, sentence_end=n * 10 + 9, date=when,
    )  # fmt: skip


def test_stated_divergence_turns_an_alignment_into_strain() -> None:
    """One undated analysis piece: an alliance, a divergence statement and a rebuff. The
    events alone have no second window, so only the statement shows the turn."""
    rebuff = ev("ACCUSE", None, IRN, RUS)
    ally, apart = tie("alliance", None), tie("divergence", None)
    line = pair_timeline([rebuff], "IRN", "RUS", links=[ally, apart])
    (turn,) = line.shifts()
    assert (turn.from_stance, turn.to_stance, turn.direction) == (
        "cooperation", "strain", "deterioration",
    )  # fmt: skip
    assert turn.stated and turn.statements == [apart] and turn.ties == [ally]
    assert turn.marks == [rebuff]
    assert "cooperation → strain (undated)" in turn.describe({"IRN": "Iran", "RUS": "Russia"})


def test_divergence_needs_an_alignment_on_record() -> None:
    """Without cooperation or a stated alliance up to the statement there is nothing to turn
    from; an alliance stated only later does not count."""
    assert pair_timeline([], "IRN", "RUS", links=[tie("divergence", "2024-03")]).shifts() == []
    later = [tie("divergence", "2024-03"), tie("alliance", "2024-06")]
    assert pair_timeline([], "IRN", "RUS", links=later).shifts() == []


def test_dated_divergence_turns_from_earlier_cooperation() -> None:
    found = [ev("AID", "2024-01-10", RUS, IRN), ev("ACCUSE", "2024-03-02", IRN, RUS)]
    line = pair_timeline(found, "IRN", "RUS", links=[tie("divergence", "2024-03-20")])
    (turn,) = line.shifts()
    assert (turn.before.label, turn.after.label) == ("2024-01", "2024-03")
    assert [e.event for e in turn.marks] == ["ACCUSE"]


def test_divergence_joins_the_turn_the_events_show() -> None:
    """When the events already turn into that window, the statement is its evidence, not a
    second turn."""
    found = [
        ev("AID", "2024-01-10", RUS, IRN),
        ev("AID", "2024-01-12", RUS, IRN),
        ev("ACCUSE", "2024-03-02", IRN, RUS),
        ev("ACCUSE", "2024-03-05", IRN, RUS),
    ]
    apart = tie("divergence", "2024-03-20")
    (turn,) = pair_timeline(found, "IRN", "RUS", links=[apart]).shifts()
    assert turn.statements == [apart] and len(turn.marks) == 2


def test_speculated_divergence_is_no_turn() -> None:
    maybe = tie("divergence", None)
    maybe.modality = "hypothetical"
    line = pair_timeline([], "IRN", "RUS", links=[tie("alliance", None), maybe])
    assert line.shifts() == []
    assert shifts([], links=[tie("alliance", None), tie("divergence", None)])
