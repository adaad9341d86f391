"""Titles that override the knowledge base, pronouns that point back, and organ names several
states share ("the Treasury").

Every sentence here is written for these tests. Cases go through `resolve_name` (the path of
`realpolitik resolve`), the pipeline's actor spans, or the engine's coded events.
"""

from __future__ import annotations

from typing import Any

import pytest

from realpolitik.actors.kb import KnowledgeBase, Period, Title
from realpolitik.actors.recognizer import ACTORS_KEY
from realpolitik.actors.resolve import resolve_name
from realpolitik.engine import Engine, EntityResolver
from realpolitik.model import Document


def _resolve(engine: Engine, text: str, context: str, date: str) -> tuple[Any, Any]:
    found = resolve_name(engine, text, context=context, date=date)
    return found["country"], found["sector"]


def _pronouns(engine: Engine, text: str) -> list[tuple[str, str | None, str | None]]:
    """The pronouns resolved in `text`: (pronoun, entry id, sector)."""
    doc = engine.nlp(text)
    return [
        (s.text, s._.rp_refs[0].entry_id, s._.rp_refs[0].sector)
        for s in doc.spans[ACTORS_KEY]
        if s.label_ == "COREF" and s[0].lower_ in {"it", "its", "they", "their", "he", "his"}
    ]


# ------------------------------------------------------------------ titles over roles


@pytest.mark.parametrize(
    ("text", "context", "date", "expected"),
    [
        (  # in office by the data at that date: "former" says otherwise
            "former prime minister Imran Khan",
            "Police questioned former prime minister Imran Khan about the gifts.",
            "2021-06-01",
            ("PAK", None),
        ),
        (
            "Ex-president Donald Trump",
            "Ex-president Donald Trump told a rally the alliance was obsolete.",
            "2018-03-01",
            ("USA", None),
        ),
        (  # another office held then stays: Cameron was foreign secretary
            "former prime minister David Cameron",
            "Former prime minister David Cameron flew to Kyiv on his first trip.",
            "2023-12-01",
            ("GBR", "GOV"),
        ),
        (
            "opposition leader Benjamin Netanyahu",
            "Opposition leader Benjamin Netanyahu called the budget a disgrace.",
            "2023-03-01",
            ("ISR", "OPP"),
        ),
        (  # a role held as head of state and army chief: the text says which
            "Sudanese army chief Abdel Fattah al-Burhan",
            "Sudanese army chief Abdel Fattah al-Burhan inspected the troops in Port Sudan.",
            "2023-08-01",
            ("SDN", "MIL"),
        ),
    ],
)
def test_a_title_in_the_text_overrides_the_dated_role(
    engine, text, context, date, expected
) -> None:  # type: ignore[no-untyped-def]
    assert _resolve(engine, text, context, date) == expected


def test_without_a_title_the_dated_role_stands(engine: Engine) -> None:
    context = "Police questioned Imran Khan about the gifts."
    assert _resolve(engine, "Imran Khan", context, "2021-06-01") == ("PAK", "GOV")


def test_a_groups_title_is_not_a_state_office(engine: Engine) -> None:
    doc = engine.nlp("Hamas leader Ismail Haniyeh flew to Doha for the talks.")
    person = [s for s in doc.spans[ACTORS_KEY] if s._.rp_refs[0].entry_id == "ISMAIL_HANIYEH"]
    assert person and person[0]._.rp_refs[0].title is None


def test_former_keeps_the_state_span_out_of_government(engine: Engine) -> None:
    """ "Pakistan's former prime minister" is no mention of Pakistan's government."""
    doc = engine.nlp("Pakistan's former prime minister Imran Khan addressed a rally in Lahore.")
    sectors = {(s._.rp_refs[0].entry_id, s._.rp_refs[0].sector) for s in doc.spans[ACTORS_KEY]}
    assert ("PAK", "GOV") not in sectors


def test_the_resolver_and_the_engine_agree_on_a_title(engine: Engine) -> None:
    text = "Former prime minister Imran Khan was arrested in Islamabad."
    coded = engine.code_one(Document(id="t", text=text, date="2021-06-01"))
    khan = [m.entity for m in coded.mentions if m.entity.id == "IMRAN_KHAN"]
    assert [(e.country, e.sector) for e in khan] == [("PAK", None)]


def test_title_rules_on_roles() -> None:
    kb = KnowledgeBase.load()
    barak = kb.entry("EHUD_BARAK")
    assert barak is not None
    # prime minister and defence minister at once: the title picks the office
    assert barak.at("2000-01-01", Title("prime minister", "GOV")).sector == "GOV"
    assert barak.at("2000-01-01", Title("defence minister", "MIL")).sector == "MIL"
    assert Title("prime minister", "GOV").fits(
        Period(None, None, sector="GOV", title="Prime Minister")
    )
    assert not Title("prime minister", "GOV").fits(
        Period(None, None, sector="GOV", title="Foreign Secretary")
    )
    resolver = EntityResolver(kb, None)
    from realpolitik.actors.recognizer import ActorRef

    former = ActorRef("EHUD_BARAK", title=Title("prime minister", "GOV", former=True))
    found = resolver.entity(former, "2000-01-01")
    assert found is not None and found.sector == "MIL"  # still defence minister then


# ------------------------------------------------------------------ pronouns


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Turkey says it will strike Kurdish positions in Syria.", [("it", "TUR", None)]),
        (
            "Iraqi militias shelled a US base. They said the raid avenged a commander.",
            [("They", "IRQ", "REB")],
        ),
        ("Navalny flew back to Moscow, where he was detained.", [("he", "ALEXEI_NAVALNY", None)]),
        (  # "its fighters" are the group's own
            "Hezbollah said its fighters had hit a barracks.",
            [("its fighters", "HEZBOLLAH", None)],
        ),
    ],
)
def test_a_pronoun_with_one_antecedent_points_back(engine, text, expected) -> None:  # type: ignore[no-untyped-def]
    assert _pronouns(engine, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Iran warned Israel. It said it would respond.",  # two states before "it"
        "Netanyahu met Blinken in Jerusalem. He said the war would go on.",  # two people
        "Iran rejected the plan, saying it was unfair.",  # "it" may be the plan
        "It is unclear whether Iran will attend the talks.",  # "it" stands for nothing
        "Egypt hosted the talks. A spokesman said he was hopeful.",  # an unnamed person
    ],
)
def test_an_ambiguous_pronoun_is_left_alone(engine, text) -> None:  # type: ignore[no-untyped-def]
    assert _pronouns(engine, text) == []


def test_pronoun_mentions_are_marked_as_coreference(engine: Engine) -> None:
    doc = engine.nlp("Turkey says it will strike Kurdish positions in Syria.")
    spans = {s.text: s for s in doc.spans[ACTORS_KEY]}
    assert spans["it"].label_ == "COREF" and spans["it"]._.rp_refs[0].coreference
    assert not spans["Turkey"]._.rp_refs[0].coreference


def test_a_pronoun_subject_makes_one_event_not_two(code) -> None:  # type: ignore[no-untyped-def]
    """The recogniser's "it" and the event coder's reported-clause rule must not both add
    Turkey: one event, one actor."""
    events = code("Turkey says it will attack Kurdish militants in Syria.")
    actors = [[m.entity.id for m in e.actor] for e in events]
    assert actors and all(a == ["TUR"] for a in actors)


def test_a_pronoun_in_the_next_sentence_gives_the_event_its_actor(code) -> None:  # type: ignore[no-untyped-def]
    events = code("Hezbollah buried two commanders on Friday. It fired rockets at Israel.")
    assert any(
        [m.entity.id for m in e.actor] == ["HEZBOLLAH"]
        and [m.entity.id for m in e.recipient] == ["ISR"]
        for e in events
    )


# ------------------------------------------------------------------ shared organ names


@pytest.mark.parametrize(
    ("text", "context", "expected"),
    [
        ("the Treasury", "The Treasury sanctioned six Iranian officials.", ("USA", "GOV")),
        (
            "the Treasury",
            "Britain's finance minister said the Treasury would borrow more.",
            ("GBR", "GOV"),
        ),
        (
            "the Treasury",
            "Australia's treasurer said the Treasury would cut its growth forecast.",
            ("AUS", "GOV"),
        ),
        ("the British Treasury", "The British Treasury froze the assets.", ("GBR", "GOV")),
        ("Britain's Treasury", "Britain's Treasury froze the assets.", ("GBR", "GOV")),
        ("India's Foreign Office", "India's Foreign Office summoned the envoy.", ("IND", "GOV")),
        ("Pakistan's Senate", "Pakistan's Senate passed the budget.", ("PAK", "LEG")),
    ],
)
def test_a_named_state_owns_a_generic_organ_name(engine, text, context, expected) -> None:  # type: ignore[no-untyped-def]
    assert _resolve(engine, text, context, "2023-06-01") == expected


def test_the_treasury_between_two_treasury_states_is_nobody(engine: Engine) -> None:
    doc = engine.nlp(
        "Britain and the United States agreed on the plan, and the Treasury welcomed it."
    )
    assert "Treasury" not in [s.text for s in doc.spans[ACTORS_KEY]]


def test_treasury_yields_are_no_actor(engine: Engine) -> None:
    doc = engine.nlp("Treasury yields rose sharply on Friday.")
    assert list(doc.spans[ACTORS_KEY]) == []


def test_a_possessive_pronoun_owns_the_sector_noun_after_it(engine: Engine) -> None:
    """ "its forces" of a state are its military; "their leaders" of protesters are not the
    government of the protesters' country."""
    date = "2023-06-01"
    context = "Iran said its forces would answer any attack."
    assert _resolve(engine, "its forces", context, date) == ("IRN", "MIL")
    context = "Protesters in Tehran marched, and their leaders were arrested."
    assert _resolve(engine, "their", context, date) == ("IRN", "OPP")
