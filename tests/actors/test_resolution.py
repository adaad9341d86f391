"""Actor resolution in context: titles, descriptions, people of a state, places, proxies,
back-references, dates, things that are not actors, and names the knowledge base lacks.

Every sentence here is written for these tests. Each case goes through `resolve_name`, the
path of `realpolitik resolve`, or through the pipeline's actor spans.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from realpolitik.actors.kb import KnowledgeBase, KnowledgeBaseError
from realpolitik.actors.recognizer import ACTORS_KEY, UNKNOWN_KEY, ActorRecognizer
from realpolitik.actors.resolve import resolve_name
from realpolitik.engine import Engine


def _resolve(engine: Engine, text: str, context: str | None = None, date: str | None = None):
    found: dict[str, Any] = resolve_name(engine, text, context=context, date=date)
    return found["country"], found["sector"]


def _actors(engine: Engine, text: str) -> list[tuple[str, tuple[Any, ...]]]:
    doc = engine.nlp(text)
    return [(s.text, s._.rp_refs) for s in doc.spans[ACTORS_KEY]]


# ------------------------------------------------------------------ titles and descriptions


@pytest.mark.parametrize(
    ("text", "context", "expected"),
    [
        (
            "the Omani foreign minister",
            "Talks were chaired by the Omani foreign minister.",
            ("OMN", "GOV"),
        ),
        (
            "Iraqi troops",
            "Iraqi troops cleared the last districts of the old city.",
            ("IRQ", "MIL"),
        ),
        (
            "Israeli warplanes",
            "Israeli warplanes hit a depot outside Homs overnight.",
            ("ISR", "MIL"),
        ),
        (
            "Mexican authorities",
            "Mexican authorities detained three suspects in Sinaloa.",
            ("MEX", "GOV"),
        ),
        ("Iran's judiciary", "Iran's judiciary confirmed the sentence on Tuesday.", ("IRN", "JUD")),
        ("Turkish journalists", "Turkish journalists protested the new media law.", ("TUR", "JRN")),
        (
            "Saudi national security adviser",
            "Saudi national security adviser Musaed al-Aiban flew to Beijing.",
            ("SAU", "GOV"),
        ),
        (
            "Qatari mediators",
            "Qatari mediators carried a fresh offer to both delegations.",
            ("QAT", "GOV"),
        ),
        (
            "Russian oligarchs",
            "Russian oligarchs lost their villas on the Riviera.",
            ("RUS", "BUS"),
        ),
    ],
)
def test_titles_and_descriptions_give_a_sector(engine, text, context, expected) -> None:  # type: ignore[no-untyped-def]
    assert _resolve(engine, text, context, "2023-06-01") == expected


def test_title_before_a_known_person_keeps_the_person(engine) -> None:  # type: ignore[no-untyped-def]
    found = resolve_name(
        engine,
        "Iranian President Hassan Rouhani",
        "Iranian President Hassan Rouhani urged restraint after the strike.",
        "2016-01-04",
    )
    assert (found["kind"], found["country"], found["sector"]) == ("person", "IRN", "GOV")


def test_title_before_an_unknown_person_gives_the_state_and_records_the_name(engine) -> None:  # type: ignore[no-untyped-def]
    # A made-up president, so that the knowledge base cannot know him.
    text = "Kazakh President Serikbol Amanbekov ordered an inquiry into the unrest."
    assert _resolve(engine, "Kazakh President Serikbol Amanbekov", text, "2022-01-10") == (
        "KAZ",
        "GOV",
    )
    doc = engine.nlp(text)
    assert any("Amanbekov" in s.text for s in doc.spans[UNKNOWN_KEY])


# ------------------------------------------------------------------ the people of a state


@pytest.mark.parametrize(
    ("text", "context", "expected"),
    [
        (
            "ordinary Kazakhs",
            "Ordinary Kazakhs queued for petrol through the night.",
            ("KAZ", "CVL"),
        ),
        ("many Russians", "Many Russians crossed into Georgia to avoid the draft.", ("RUS", "CVL")),
        ("Venezuelans", "Venezuelans waited for days at the border bridge.", ("VEN", "CVL")),
        ("the Iranians", "The Iranians turned down the offer within hours.", ("IRN", None)),
        ("the Saudis", "The Saudis asked for a defence pact in return.", ("SAU", None)),
    ],
)
def test_bare_demonyms_are_people_and_definite_ones_the_state(
    engine, text, context, expected
) -> None:  # type: ignore[no-untyped-def]
    assert _resolve(engine, text, context, "2023-01-01") == expected


# ------------------------------------------------------------------ places


@pytest.mark.parametrize(
    ("text", "context", "expected"),
    [
        ("protesters in Tehran", "Protesters in Tehran blocked the main square.", ("IRN", "OPP")),
        ("students in Tehran", "Students in Tehran walked out of their lectures.", ("IRN", "CVL")),
        ("police in Islamabad", "Police in Islamabad sealed off the red zone.", ("PAK", "COP")),
        ("residents of Mosul", "Residents of Mosul described a night of shelling.", ("IRQ", "CVL")),
        ("people in Gaza", "People in Gaza waited for flour at the crossing.", ("PSE", "CVL")),
        ("troops from Chad", "Troops from Chad joined the regional force.", ("TCD", "MIL")),
    ],
)
def test_a_place_gives_the_country_and_the_noun_the_sector(engine, text, context, expected) -> None:  # type: ignore[no-untyped-def]
    assert _resolve(engine, text, context, "2023-05-01") == expected


def test_troops_in_a_country_are_not_that_countrys_own(engine) -> None:  # type: ignore[no-untyped-def]
    country, _ = _resolve(engine, "troops in Syria", "Troops in Syria came under rocket fire.")
    assert country != "SYR"


def test_place_country_reads_states_seats_and_the_gazetteer() -> None:
    kb = KnowledgeBase.load()
    assert kb.place_country("Kandahar") == "AFG"
    assert kb.place_country("Tehran") == "IRN"
    assert kb.place_country("the West Bank") == "PSE"
    assert kb.place_country("Atlantis") is None
    assert kb.lookup("Kandahar") is None  # a place, never an actor


# ------------------------------------------------------------------ proxies


@pytest.mark.parametrize(
    ("text", "context", "expected"),
    [
        (
            "Iran-backed militias",
            "Iran-backed militias in Iraq launched drones at the base.",
            ("IRQ", "REB"),
        ),
        (
            "pro-Iranian militias in Syria",
            "Pro-Iranian militias in Syria moved their weapons east.",
            ("SYR", "REB"),
        ),
        (
            "Iranian proxies in Yemen",
            "Iranian proxies in Yemen fired at another tanker.",
            ("YEM", "REB"),
        ),
        (
            "Turkish-backed groups in Syria",
            "Turkish-backed groups in Syria shelled the Kurdish villages.",
            ("SYR", "REB"),
        ),
        (
            "Iran-backed Hezbollah",
            "Iran-backed Hezbollah kept its fighters north of the river.",
            ("LBN", "REB"),
        ),
    ],
)
def test_proxies_keep_their_own_identity(engine, text, context, expected) -> None:  # type: ignore[no-untyped-def]
    assert _resolve(engine, text, context, "2024-01-15") == expected


def test_a_backer_alone_is_never_the_answer(engine) -> None:  # type: ignore[no-untyped-def]
    country, _ = _resolve(
        engine, "Emirati-backed fighters", "Emirati-backed fighters entered the port city."
    )
    assert country != "ARE"


# ------------------------------------------------------------------ back-references


@pytest.mark.parametrize(
    ("text", "context", "expected"),
    [
        (
            "the group",
            "Hamas rejected the draft, and the group asked for guarantees.",
            ("PSE", "REB"),
        ),
        (
            "the movement",
            "Hezbollah mourned its commander while the movement weighed a reply.",
            ("LBN", "REB"),
        ),
        (
            "the militants",
            "Al-Shabaab attacked the base; the militants withdrew before dawn.",
            ("SOM", "REB"),
        ),
        (
            "the alliance",
            "NATO met in Vilnius, where the alliance promised more air defence.",
            ("IGO", None),
        ),
        (
            "the kingdom",
            "Saudi Arabia hosted Iran's envoy, and the kingdom pledged to reopen its consulate.",
            ("SAU", None),
        ),
    ],
)
def test_definite_descriptions_point_back(engine, text, context, expected) -> None:  # type: ignore[no-untyped-def]
    assert _resolve(engine, text, context, "2023-07-12") == expected


def test_the_group_without_an_antecedent_is_nobody(engine) -> None:  # type: ignore[no-untyped-def]
    assert _resolve(
        engine, "the group", "Iran and Iraq signed a deal; the group of experts met."
    ) == (
        None,
        None,
    )


def test_the_kingdom_skips_a_nearer_republic(engine) -> None:  # type: ignore[no-untyped-def]
    text = "Jordan thanked Iraq for the fuel, and the kingdom will pay in kind."
    assert _resolve(engine, "the kingdom", text, "2023-01-01") == ("JOR", None)


# ------------------------------------------------------------------ dates


@pytest.mark.parametrize(
    ("text", "context", "date", "expected"),
    [
        (
            "the Taliban",
            "The Taliban overran a district centre in Ghazni.",
            "2019-07-01",
            ("AFG", "REB"),
        ),
        (
            "the Taliban",
            "The Taliban closed the universities to women.",
            "2023-01-10",
            ("AFG", "GOV"),
        ),
        ("Biden", "Biden met the Iraqi prime minister in Baghdad.", "2013-05-01", ("USA", "GOV")),
        (
            "Putin",
            "Putin chaired the government's meeting on the budget.",
            "2010-03-01",
            ("RUS", "GOV"),
        ),
        ("Hakan Fidan", "Hakan Fidan met his counterpart in Moscow.", "2022-12-28", ("TUR", "SPY")),
        ("Hakan Fidan", "Hakan Fidan met his counterpart in Moscow.", "2024-06-10", ("TUR", "GOV")),
    ],
)
def test_roles_and_periods_follow_the_date(engine, text, context, date, expected) -> None:  # type: ignore[no-untyped-def]
    assert _resolve(engine, text, context, date) == expected


# ------------------------------------------------------------------ not actors


@pytest.mark.parametrize(
    ("text", "context"),
    [
        ("Axios", "Axios reported that the meeting had been postponed."),
        ("Reuters", "Reuters said the convoy had been turned back."),
        ("the Helmand River", "Kabul and Tehran quarrel over the Helmand River."),
        ("the JCPOA", "The JCPOA capped enrichment for fifteen years."),
        ("the Red Sea", "Insurers raised premiums for the Red Sea."),
        ("the Minsk agreements", "The Minsk agreements were signed twice."),
    ],
)
def test_non_actors_stay_out(engine, text, context) -> None:  # type: ignore[no-untyped-def]
    assert _resolve(engine, text, context, "2023-01-01") == (None, None)
    doc = engine.nlp(context)
    head = text.split()[-1]
    assert not any(head in s.text for s in doc.spans[ACTORS_KEY])


# ------------------------------------------------------------------ unknown names


def test_unknown_names_are_recorded_and_places_are_not(engine) -> None:  # type: ignore[no-untyped-def]
    doc = engine.nlp(
        "Mariam Okonkwo-Bell, the head of the Kavango Water Commission, met Iranian officials "
        "in Lisbon on Monday."
    )
    unknown = [s.text for s in doc.spans[UNKNOWN_KEY]]
    assert any("Okonkwo-Bell" in u for u in unknown)
    assert not any("Lisbon" in u for u in unknown)
    assert not any("Iranian" in u for u in unknown)
    assert any(s._.rp_refs[0].entry_id == "IRN" for s in doc.spans[ACTORS_KEY])


# ------------------------------------------------------------------ user sector nouns


def _write(path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_user_files_add_sector_nouns(tmp_path: Path, engine: Engine) -> None:
    nouns = _write(
        tmp_path / "nouns.yaml",
        "- noun: hetman\n  plural: hetmans\n  sector: MIL\n"
        "- id: ZEMBLA\n  name: Zembla\n  kind: state\n  demonyms: [Zemblan, Zemblans]\n",
    )
    kb = KnowledgeBase.load(extra=[nouns])
    assert kb.sector_for_noun("hetmans") == "MIL"
    assert kb.sector_for_noun("troops") == "MIL"  # the built-in table stays
    recognizer = ActorRecognizer(engine.nlp, kb)
    doc = recognizer(engine.nlp("Zemblan hetmans crossed the frozen river at dawn."))
    refs = [r for s in doc.spans[ACTORS_KEY] for r in s._.rp_refs]
    assert any(r.entry_id == "ZEMBLA" and r.sector == "MIL" for r in refs)


def test_a_sector_noun_needs_a_sector(tmp_path: Path) -> None:
    bad = _write(tmp_path / "bad.yaml", "- noun: hetman\n")
    with pytest.raises(KnowledgeBaseError, match="bad.yaml:1: .*sector"):
        KnowledgeBase.load(extra=[bad])


# ------------------------------------------------------------------ issue 3: organisations


@pytest.mark.parametrize(
    ("text", "entry", "country"),
    [
        ("USAID cut its grants to the clinics.", "USAID", "USA"),
        ("Immigration and Customs Enforcement deported the brothers.", "US_ICE", "USA"),
        ("The Organisation of African Unity urged a truce.", "OAU", "IGO"),
        ("The Africa Union suspended the junta.", "AFRICAN_UNION", "IGO"),
        ("Ecowas threatened the coup leaders.", "ECOWAS", "IGO"),  # acronym in title case
        ("Farc commanders freed the engineer.", "FARC", "COL"),
        ("Nato jets intercepted the bombers.", "NATO", "IGO"),
        ("The ONLF declared a ceasefire in the Ogaden.", "ONLF", "ETH"),
        ("The Movement for Democratic Change rejected the count.", "MDC_ZIMBABWE", "ZWE"),
        ("The Kachin Independence Organization attacked the post.", "KIA", "MMR"),  # -ization
    ],
)
def test_organisations_added_for_issue_3(
    engine: Engine, text: str, entry: str, country: str
) -> None:
    ids = [ref.entry_id for _, refs in _actors(engine, text) for ref in refs]
    assert entry in ids
    kb = KnowledgeBase.load()
    found = kb.entry(entry)
    assert found is not None and found.country == country and found.basis


def test_title_case_acronyms_need_the_capital(engine: Engine) -> None:
    """ "Nato" matches; the lower-case word does not ("nato" is nobody)."""
    assert not [t for t, _ in _actors(engine, "the word nato means born in latin.")]


def test_a_former_rebel_group_becomes_a_party() -> None:
    kb = KnowledgeBase.load()
    entry = kb.entry("UNITA")
    assert entry is not None
    assert entry.at("1998-01-01").sector == "REB"
    assert entry.at("2010-01-01").sector == "PTY"
