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
