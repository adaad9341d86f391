"""State organs the text names without their country ("the court ruled", "police said"):
the country comes from a place in the phrase, the place the organ acts in, the one state the
sentence names, or the state the document is about; with none of these, the mention keeps its
sector and no country. Sub-national places say which state they lie in, and "Korean" is
resolved only when the document names one Korea.

Every sentence here is written for these tests.
"""

from __future__ import annotations

import pytest

from realpolitik.actors.kb import KnowledgeBase
from realpolitik.actors.recognizer import ACTORS_KEY
from realpolitik.engine import Engine, EntityResolver


def _mentions(engine: Engine, text: str) -> dict[str, tuple[str | None, str | None, str | None]]:
    """Each actor span's text -> (country, sector, how the country was inferred)."""
    doc = engine.nlp(text)
    resolver = EntityResolver(KnowledgeBase.load(), None)
    out = {}
    for span in doc.spans[ACTORS_KEY]:
        ref = span._.rp_refs[0]
        entity = resolver.entity(ref, None)
        assert entity is not None
        out[span.text] = (entity.country, entity.sector, ref.country_from)
    return out


@pytest.mark.parametrize(
    ("text", "phrase", "expected"),
    [
        (  # the document's state, named in the sentences before
            "Bolivia held a referendum in May. Bolivia's opposition disputed it. "
            "The court ordered a recount.",
            "court",
            ("BOL", "JUD", "document"),
        ),
        ("The court upheld the ban on the rally in Pakistan.", "court", ("PAK", "JUD", "sentence")),
        ("Police opened fire in Kano on Tuesday.", "Police", ("NGA", "COP", "place")),
        ("Police in Kaduna State fired tear gas.", "Police", ("NGA", "COP", None)),
        (
            "Catalonia's government called a vote.",
            "Catalonia's government",
            ("ESP", "GOV", "phrase"),
        ),
        ("The government in Kabul denied the report.", "government", ("AFG", "GOV", None)),
        (
            "Ghana's army said the prime minister had been told.",
            "prime minister",
            ("GHA", "GOV", "sentence"),
        ),
    ],
)
def test_country_from_context(
    engine: Engine, text: str, phrase: str, expected: tuple[str, str, str | None]
) -> None:
    assert _mentions(engine, text)[phrase] == expected


def test_no_country_keeps_the_sector(engine: Engine) -> None:
    """No place and no state anywhere: a government of unknown country, not no actor."""
    found = _mentions(engine, "The government raised fuel prices again.")
    assert found["government"] == (None, "GOV", None)


def test_a_state_named_bare_is_not_the_owner(engine: Engine) -> None:
    """ "Iran accused the government": Iran is the government's counterpart, not its state."""
    found = _mentions(engine, "Iran accused the government of lying.")
    assert found["government"][:2] == (None, "GOV")


def test_tied_document_states_give_no_country(engine: Engine) -> None:
    text = "Chile and Peru met on Monday. Chile and Peru agreed a deal. The court objected."
    assert _mentions(engine, text)["court"][:2] == (None, "JUD")


@pytest.mark.parametrize(
    "text",
    [
        "Governments around the world condemned the coup.",
        "A court is no place for politics, he wrote.",
        "Foreign ministers gathered in the hall.",
        "He was appointed prime minister in March.",
        "The two governments signed the deal.",
    ],
)
def test_generic_nouns_are_not_actors(engine: Engine, text: str) -> None:
    found = _mentions(engine, text)
    generic = {"Governments", "court", "ministers", "prime minister", "governments"}
    assert not generic & set(found), found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Korean government protested, and Pyongyang fired a missile.", "PRK"),
        ("Seoul summoned the envoy after the Korean government complained.", "KOR"),
        ("The Korean government protested against the tariffs.", None),
    ],
)
def test_korean_needs_one_korea_named(engine: Engine, text: str, expected: str | None) -> None:
    found = {k: v for k, v in _mentions(engine, text).items() if "government" in k}
    assert [v[:2] for v in found.values()] == [(expected, "GOV")]


@pytest.mark.parametrize(
    ("text", "phrase", "expected"),
    [
        ("Somali refugees crossed into Kenya.", "Somali refugees", ("SOM", "CVL")),
        ("Soldiers shot a Palestinian man near the wall.", "Palestinian man", ("PSE", "CVL")),
        ("Afghan workers were sent home.", "Afghan workers", ("AFG", "CVL")),
        ("Syrian prisoners were freed on Monday.", "Syrian prisoners", ("SYR", "CVL")),
    ],
)
def test_nationality_groups(
    engine: Engine, text: str, phrase: str, expected: tuple[str, str]
) -> None:
    assert _mentions(engine, text)[phrase][:2] == expected


@pytest.mark.parametrize(
    ("place", "country"),
    [
        ("Bavaria", "DEU"),
        ("Kaduna State", "NGA"),
        ("Cebu City", "PHL"),
        ("Texas", "USA"),
        ("Xinjiang", "CHN"),
        ("Chechnya", "RUS"),
        ("Delhi", "IND"),
        ("Catalonia", "ESP"),
        ("Sindh", "PAK"),
    ],
)
def test_sub_national_places(place: str, country: str) -> None:
    assert KnowledgeBase.load().place_country(place) == country


def test_shared_places_are_not_guessed() -> None:
    kb = KnowledgeBase.load()
    assert kb.place_country("Punjab") is None
    assert set(kb.shared_place("Punjab")) == {"IND", "PAK"}


def test_unknown_country_entity_fits_the_contract(engine: Engine, validator) -> None:  # type: ignore[no-untyped-def]
    doc = engine.nlp("The court adjourned the hearing.")
    resolver = EntityResolver(KnowledgeBase.load(), None)
    (mention,) = resolver.mentions(doc.spans[ACTORS_KEY][0], None)
    validator(mention.to_contract(), "entity.schema.json")
    assert mention.entity.country is None and mention.entity.sector == "JUD"


# ---- issue 3: groups, local organs, titled strangers, datelines (sentences written here)


@pytest.mark.parametrize(
    ("text", "phrase", "expected"),
    [
        ("Teachers walked out of the ministry talks.", "Teachers", (None, "EDU")),
        ("Nurses marched on the assembly.", "Nurses", (None, "HLH")),
        ("Strikers blocked the port gates.", "Strikers", (None, "LAB")),
        ("The rebels freed the hostages at dawn.", "hostages", (None, "CVL")),
        ("Armed men stormed the depot at night.", "Armed men", (None, "REB")),
        ("Gunmen ambushed the convoy.", "Gunmen", (None, "REB")),
        ("The militia detained journalists at the checkpoint.", "journalists", (None, "JRN")),
    ],
)
def test_groups_act_with_no_country(
    engine: Engine, text: str, phrase: str, expected: tuple[str | None, str]
) -> None:
    """Plural nouns of a group sector are sides on their own, as CAMEO codes ---EDU."""
    assert _mentions(engine, text)[phrase][:2] == expected


@pytest.mark.parametrize(
    "text",
    [
        "A teacher said the school was closed.",  # one unnamed person: no side
        "They are teachers, not soldiers.",  # a predicate
    ],
)
def test_a_singular_or_predicate_group_noun_is_no_side(engine: Engine, text: str) -> None:
    assert not {"teacher", "teachers"} & set(_mentions(engine, text))


@pytest.mark.parametrize(
    ("text", "phrase", "expected"),
    [
        ("A Kano court jailed the preacher for a year.", "Kano court", ("NGA", "JUD", "phrase")),
        ("Lahore police arrested the cleric.", "Lahore police", ("PAK", "COP", "phrase")),
        (
            "Bavaria MP Karl Weber criticised the plan.",
            "Bavaria MP Karl Weber",
            ("DEU", "LEG", "phrase"),
        ),
    ],
)
def test_organs_named_by_a_city_or_region(
    engine: Engine, text: str, phrase: str, expected: tuple[str, str, str]
) -> None:
    """A city or region before a state's organ says whose organ it is; the place alone is not
    an actor."""
    found = _mentions(engine, text)
    assert found[phrase] == expected


@pytest.mark.parametrize(
    ("text", "phrase", "sector"),
    [
        ("Lawmaker Priya Menon accused the minister of lying.", "Lawmaker Priya Menon", "LEG"),
        ("Senator Kyle Brandt criticised China.", "Senator Kyle Brandt", "LEG"),
    ],
)
def test_a_title_before_an_unknown_name_is_an_actor(
    engine: Engine, text: str, phrase: str, sector: str
) -> None:
    assert _mentions(engine, text)[phrase][1] == sector


def test_a_title_before_a_thing_is_no_person(engine: Engine) -> None:
    assert "MP expenses" not in _mentions(engine, "Voters read about MP expenses in May.")


@pytest.mark.parametrize(
    ("text", "dateline"),
    [
        ("NAIROBI -- Kenya's police arrested the organisers.", "NAIROBI"),
        ("TEHRAN (Reuters) - Iran summoned the French envoy.", "TEHRAN"),
        ("Harare, Zimbabwe - The opposition rejected the result.", "Zimbabwe"),
    ],
)
def test_datelines_are_not_actors(engine: Engine, text: str, dateline: str) -> None:
    found = _mentions(engine, text)
    assert dateline not in found, found
    assert found  # the story's own actors still are


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("Turkey - long a mediator - condemned the strike.", "Turkey"),
        ("UK-Irish talks on the border resumed on Friday.", "UK"),
    ],
)
def test_a_state_before_a_dash_in_the_text_is_still_an_actor(
    engine: Engine, text: str, state: str
) -> None:
    assert state in _mentions(engine, text)


def test_places_named_as_targets_stay_out(engine: Engine) -> None:
    """A city struck is no actor of its own (the seeds' gold forbids "Gaza" in "war on
    Gaza"); the events coder may still place the attack in its state."""
    found = _mentions(engine, "The army shelled Mosul and Kirkuk overnight.")
    assert "Mosul" not in found and "Kirkuk" not in found


def test_a_dateline_still_gives_the_story_its_state(engine: Engine) -> None:
    found = _mentions(engine, "ACCRA -- The police dispersed the crowd outside the stadium.")
    assert "ACCRA" not in found
    assert found["police"][:2] == ("GHA", "COP")


def test_a_company_named_with_its_legal_form_is_a_business(engine: Engine) -> None:
    found = _mentions(engine, "The regulator fined Halvard Shipping Ltd for the spill.")
    assert found["Halvard Shipping Ltd"][:2] == (None, "BUS")
