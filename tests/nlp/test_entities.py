"""Entities by rule (`entities="rules"`): dates, places, people and unknown names, and the
events they lead to, against spaCy's NER on texts we wrote."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from spacy.language import Language

from realpolitik.engine import Engine
from realpolitik.model import Document, Event
from realpolitik.nlp import load_pipeline
from realpolitik.nlp.entities import ent_labels, load_rules
from realpolitik.nlp.pipeline import entity_source


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline(entities="rules")


def _engine(entities: str) -> Engine:
    return Engine(entities=entities)


@pytest.fixture(scope="module")
def engines() -> Iterator[tuple[Engine, Engine]]:
    yield _engine("ner"), _engine("rules")


def ents(nlp: Language, text: str) -> set[tuple[str, str]]:
    return {(e.text, e.label_) for e in nlp(text).ents}


def test_rules_pipeline_has_no_ner(nlp: Language) -> None:
    assert "ner" not in nlp.pipe_names
    assert nlp.pipe_names.index("realpolitik_entities") < nlp.pipe_names.index("realpolitik_actors")


def test_entity_source_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REALPOLITIK_ENTITIES", "rules")
    assert entity_source() == "rules"
    assert entity_source("ner") == "ner"
    with pytest.raises(ValueError):
        entity_source("statistical")


def test_patterns_expand_word_lists() -> None:
    rules = load_rules()
    assert rules.patterns and "october" in rules.anchors
    assert not any("'$months'" in str(pattern) for _, pattern in rules.patterns)
    assert any("'October'" in str(pattern) for _, pattern in rules.patterns)


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("The ministers met on 7 October 2023 in Geneva.", "7 October 2023"),
        ("The ministers met on the 7th of October in Geneva.", "the 7th of October"),
        ("The ministers met on October 7, 2023, in Geneva.", "October 7, 2023"),
        ("The envoys met in March 2021 to discuss the border.", "March 2021"),
        ("The envoys will meet in early May to discuss the border.", "early May"),
        ("The talks resumed on 2024-03-05 in Doha.", "2024-03-05"),
        ("The two governments have cooperated since 2021.", "2021"),
        ("The rivals fought a long war in the 1990s.", "the 1990s"),
        ("The envoy arrived in Cairo on Tuesday.", "Tuesday"),
        ("The envoy arrived in Cairo last week.", "last week"),
        ("The envoy arrived in Cairo a few days ago.", "a few days ago"),
        ("The envoy visited Cairo earlier this month.", "earlier this month"),
        ("The envoy will visit Cairo this summer.", "this summer"),
        ("Talks on the dam stalled two years ago.", "two years ago"),
        ("The president spoke to reporters yesterday.", "yesterday"),
    ],
)
def test_dates(nlp: Language, text: str, date: str) -> None:
    assert (date, "DATE") in ents(nlp, text)


@pytest.mark.parametrize(
    "text",
    [
        "Iran may respond to the sanctions.",  # a modal, not the month
        "Protesters held a march through the capital.",
        "The army sent 2000 troops to the border.",  # a number of troops, not a year
    ],
)
def test_no_date(nlp: Language, text: str) -> None:
    assert not any(label == "DATE" for _, label in ents(nlp, text))


def test_amounts(nlp: Language) -> None:
    found = ents(nlp, "Exports fell 12 percent after a $5 billion loan was frozen at midnight.")
    assert {("12 percent", "PERCENT"), ("$5 billion", "MONEY"), ("midnight", "TIME")} <= found


def test_places(nlp: Language) -> None:
    found = ents(nlp, "Turkish troops shelled villages near Mosul as ships crossed the Red Sea.")
    assert {("Mosul", "GPE"), ("the Red Sea", "LOC"), ("Turkish", "NORP")} <= found
    assert ("Tehran", "GPE") in ents(nlp, "The delegation flew to Tehran on Sunday.")
    # a town the gazetteer lacks is still a place where the text puts something in it
    assert ("Brelovka", "GPE") in ents(nlp, "Shelling continued in Brelovka overnight.")


def test_people(nlp: Language) -> None:
    found = ents(nlp, "Russian President Vladimir Putin met Recep Tayyip Erdogan in Sochi.")
    assert {("Vladimir Putin", "PERSON"), ("Recep Tayyip Erdogan", "PERSON")} <= found
    assert ("Russian", "NORP") in found
    # titles are not part of a name, known or not
    found = ents(nlp, "Foreign Minister Tomas Vindeberg said Vindeberg would travel.")
    assert {("Tomas Vindeberg", "PERSON"), ("Vindeberg", "PERSON")} <= found
    assert not any(text.startswith("Foreign") for text, _ in found)


def test_bodies(nlp: Language) -> None:
    found = ents(nlp, "Both the United Nations and the Zarkan Liberation Front made statements.")
    assert ("the United Nations", "ORG") in found
    assert ("the Zarkan Liberation Front", "ORG") in found


def test_unknown_name_still_listed(engines: tuple[Engine, Engine]) -> None:
    text = "The Zarkan Liberation Front accused Foreign Minister Tomas Vindeberg of lying."
    for engine in engines:
        coded = engine.code_one(Document(id="u", text=text, date="2024-03-20"))
        names = {(name, label) for name, _, _, label in coded.unresolved}
        assert ("Tomas Vindeberg", "PERSON") in names, engine.nlp.pipe_names
        assert any("Zarkan Liberation Front" in name for name, _ in names)


ARTICLE = """Iran and Saudi Arabia agree to restore ties

Iran and Saudi Arabia agreed on Friday to restore diplomatic relations, the two
governments said in a joint statement issued in Beijing.

Saudi Foreign Minister Faisal bin Farhan met his Iranian counterpart in Beijing on 6 April
2023. The ministers signed an agreement to reopen embassies within two months.

Earlier this month, Iran accused Israel of attacking a military site near Isfahan. Israel
did not comment. On Tuesday, Houthi fighters attacked a cargo ship in the Red Sea.
"""


def _keys(events: list[Event]) -> list[tuple[object, ...]]:
    return sorted(
        (e.event, tuple(m.entity.id for m in e.actor), tuple(m.entity.id for m in e.recipient),
         e.date, e.date_precision, str(e.location))
        for e in events
    )  # fmt: skip


def test_rules_code_like_ner(engines: tuple[Engine, Engine]) -> None:
    ner, rules = engines
    doc = Document(id="a", text=ARTICLE, date="2023-04-20")
    expected = _keys(ner.code_one(doc).events)
    assert expected, "the article should give events"
    assert any(key[3] for key in expected), "and some of them dated"
    assert _keys(rules.code_one(doc).events) == expected


SHAPES = """On 7 October 2023, about 1,500 troops crossed; by mid-2024 prices rose 12% and
inflation hit 3.5 percent. Talks on the 21st of March were held last week, two days ago, at
9:30 p.m., and again this summer. The 1990s saw $4 billion in loans; some 20 million dollars
followed in 2019-2021 and on 2024-03-05. Monday's vote came weeks later, in early May 2022."""


def test_flagged_patterns_match_as_the_matcher_predicates_do(nlp: Language) -> None:
    """The ruler tests IN/REGEX on a word's string as lexeme flags: over the same words the
    Matcher with its own predicates must find exactly the same spans."""
    from spacy.matcher import Matcher

    ruler = nlp.get_pipe("realpolitik_entities")
    plain = Matcher(nlp.vocab)
    for n, (label, pattern) in enumerate(load_rules().patterns):
        plain.add(f"{label}|{n}", [pattern])
    doc = nlp(SHAPES)
    found = ruler.matcher(doc)
    assert len(found) > 20
    assert sorted(found) == sorted(plain(doc))
    flags = [k for pattern in ruler.matcher.get("DATE|0")[1] for t in pattern for k in t]
    assert any(isinstance(k, int) for k in flags), "the month list is a flag"


def test_a_second_ruler_reuses_the_flags(nlp: Language) -> None:
    from realpolitik.nlp.entities import EntityRuler

    ruler = nlp.get_pipe("realpolitik_entities")
    getters = nlp.vocab.lex_attr_getters
    before = len(getters)
    again = EntityRuler(nlp, ruler.kb, load_rules())
    assert len(getters) == before
    doc = nlp(SHAPES)
    assert sorted(again.matcher(doc)) == sorted(ruler.matcher(doc))


def test_without_free_flag_bits_the_ruler_finds_the_same() -> None:
    """Where the vocab has no flag bit left, the Matcher keeps its own predicates and the
    anchors are looked up by id: the same entities either way."""
    from realpolitik.nlp.entities import EntityRuler

    full, crowded = load_pipeline(entities="rules"), load_pipeline(entities="ner")
    ruler = full.get_pipe("realpolitik_entities")
    getters = crowded.vocab.lex_attr_getters
    for bit in range(19, 64):
        getters.setdefault(bit, lambda _text: False)  # taken by someone else
    fallback = EntityRuler(crowded, ruler.kb, load_rules())
    assert fallback._anchor_flag is None
    ours = [n for n in crowded.pipe_names if n == "ner" or n.startswith("realpolitik_")]
    with crowded.select_pipes(disable=[n for n in ours if n != "realpolitik_paragraphs"]):
        doc = crowded(SHAPES)
    assert [(e.text, e.label_) for e in fallback(doc).ents] == ent_labels(full(SHAPES))
