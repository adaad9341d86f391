"""Titles in an apposition after a person's name ("X, Iran's foreign minister, said") go with
the person just as a title before the name does ("former prime minister X").

Every sentence here is written for these tests. Cases go through `resolve_name` (the path of
`realpolitik resolve`) and the pipeline's actor spans.
"""

from __future__ import annotations

from typing import Any

import pytest

from realpolitik.actors.kb import Title
from realpolitik.actors.recognizer import ACTORS_KEY
from realpolitik.actors.resolve import resolve_name
from realpolitik.engine import Engine


def _resolve(engine: Engine, text: str, context: str, date: str) -> tuple[Any, Any]:
    found = resolve_name(engine, text, context=context, date=date)
    return found["country"], found["sector"]


def _title(engine: Engine, text: str, entry_id: str) -> Title | None:
    """The title the recogniser gives the person `entry_id` in `text`."""
    doc = engine.nlp(text)
    refs = [s._.rp_refs[0] for s in doc.spans[ACTORS_KEY] if s._.rp_refs[0].entry_id == entry_id]
    assert refs, f"{entry_id} not found in {text!r}"
    return refs[0].title


@pytest.mark.parametrize(
    ("name", "context", "date", "titled", "untitled"),
    [
        (  # prime minister by the data at that date: "former" in the apposition says otherwise
            "Nouri al-Maliki",
            "Nouri al-Maliki, the former prime minister, urged calm in Basra on Sunday.",
            "2009-03-01",
            ("IRQ", None),
            ("IRQ", "GOV"),
        ),
        (  # head of state and army chief: the apposition says which
            "Abdel Fattah al-Burhan",
            "Abdel Fattah al-Burhan, the army chief, reviewed the units dug in near Omdurman.",
            "2023-08-01",
            ("SDN", "MIL"),
            ("SDN", "GOV"),
        ),
        (  # prime minister holding defence too: the apposition names the premiership
            "Ehud Barak",
            "Ehud Barak, the prime minister, ordered a review of the northern fence.",
            "2000-06-01",
            ("ISR", "GOV"),
            ("ISR", "MIL"),
        ),
        (  # a state owns the title and "former" sits between them
            "Nouri al-Maliki",
            "Nouri al-Maliki, Iraq's former prime minister, criticised the oil deal.",
            "2009-03-01",
            ("IRQ", None),
            ("IRQ", "GOV"),
        ),
    ],
)
def test_a_title_after_the_name_overrides_the_dated_role(
    engine: Engine,
    name: str,
    context: str,
    date: str,
    titled: tuple[Any, Any],
    untitled: tuple[Any, Any],
) -> None:
    assert _resolve(engine, name, context, date) == titled
    plain = context.split(", ", 2)[0] + " " + context.split(", ", 2)[2]  # the apposition cut
    assert _resolve(engine, name, plain, date) == untitled


def test_the_apposition_title_is_the_one_a_title_before_the_name_gives(engine: Engine) -> None:
    after = _title(engine, "Abbas Araghchi, Iran's foreign minister, said talks would go on.",
                   "ABBAS_ARAGHCHI")  # fmt: skip
    before = _title(engine, "Iranian Foreign Minister Abbas Araghchi said talks would go on.",
                    "ABBAS_ARAGHCHI")  # fmt: skip
    assert after == before == Title("foreign minister", "GOV", False)


@pytest.mark.parametrize(
    "text",
    [
        "Ismail Haniyeh, the Hamas leader, flew to Doha for another round.",  # a group's title
        "Ismail Haniyeh, Hamas's political chief, flew to Doha for another round.",
        "Imran Khan, Nawaz Sharif and the army chief met in Islamabad.",  # a list, not apposition
        "Imran Khan, who was prime minister until April, addressed a rally.",  # a clause
    ],
)
def test_no_state_title_without_a_personal_apposition(engine: Engine, text: str) -> None:
    entry_id = "ISMAIL_HANIYEH" if "Haniyeh" in text else "IMRAN_KHAN"
    assert _title(engine, text, entry_id) is None
