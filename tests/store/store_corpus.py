"""A hand-built corpus for the store tests: articles with their sentences, mentions and events.

`article()` lays sentences out with their offsets; `Article.mention` finds a surface form and
records it. The gulf and levant articles carry day, month, year and missing dates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from realpolitik.model import QUAD_OF_TYPE, Document, Entity, Event, Link, Mention

# ---- a hand-built corpus ------------------------------------------------------------------

IRN = Entity("Q794", "Iran", "IRN", None, "state", "Q794")
IRN_MFA = Entity("Q1136339", "Ministry of Foreign Affairs of Iran", "IRN", "GOV", "state_organ")
IRN_GOV = Entity("IRN-GOV", "Government of Iran", "IRN", "GOV", "state_organ")
USA = Entity("Q30", "United States", "USA", None, "state", "Q30")
IRQ = Entity("Q796", "Iraq", "IRQ", None, "state", "Q796")
QAT = Entity("Q846", "Qatar", "QAT", None, "state", "Q846")
ISR = Entity("Q801", "Israel", "ISR", None, "state", "Q801")
HEZ = Entity("Q41053", "Hezbollah", "LBN", "REB", "armed_group", "Q41053")


@dataclass
class Article:
    """Everything `Store.save_document` takes for one document."""

    doc: Document
    sentences: list[tuple[int, int, str]]
    mentions: list[Mention] = field(default_factory=list)
    unresolved: list[tuple[str, int, int, str]] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)

    def kwargs(self) -> dict[str, Any]:
        return {
            "doc": self.doc, "sentences": self.sentences, "mentions": self.mentions,
            "unresolved": self.unresolved, "events": self.events, "links": self.links,
        }  # fmt: skip

    def mention(self, surface: str, entity: Entity, sentence: int = 0) -> Mention:
        """A mention of `entity` at the first `surface` in or after sentence `sentence`."""
        start = self.doc.text.index(surface, self.sentences[sentence][0])
        m = Mention(entity, surface, start, start + len(surface))
        self.mentions.append(m)
        return m

    def unknown(self, surface: str, label: str) -> None:
        start = self.doc.text.index(surface)
        self.unresolved.append((surface, start, start + len(surface), label))

    def sentence(self, idx: int) -> dict[str, Any]:
        start, end, sent = self.sentences[idx]
        return {"sentence": sent, "sentence_start": start, "sentence_end": end}


def article(doc_id: str, sentences: list[str], date: str | None = "2024-01-16") -> Article:
    """A document whose text is `sentences` joined by spaces, with their offsets."""
    spans, pos = [], 0
    for sent in sentences:
        spans.append((pos, pos + len(sent), sent))
        pos += len(sent) + 1
    doc = Document(
        id=doc_id, text=" ".join(sentences), date=date, url=f"https://example.org/{doc_id}",
        title=f"Title of {doc_id}", source=f"samples/{doc_id}.txt",
    )  # fmt: skip
    return Article(doc, spans)


def gulf_article(doc_id: str = "doc1") -> Article:
    """Three events (day, month and year dates) and a mediation link."""
    a = article(doc_id, [
        "Iran's foreign ministry accused the United States of sabotage on Monday.",
        "Iraq will sign a water deal with Iran, Qatar said.",
        "The United States did not sanction Iranian officials in 2023.",
        "Houthi rebels fired at ships.",
    ])  # fmt: skip
    mfa, usa = a.mention("Iran's foreign ministry", IRN_MFA), a.mention("United States", USA)
    irq, irn, qat = a.mention("Iraq", IRQ, 1), a.mention("Iran", IRN, 1), a.mention("Qatar", QAT, 1)
    usa2, officials = a.mention("United States", USA, 2), a.mention("Iranian officials", IRN_GOV, 2)
    a.unknown("Houthi rebels", "NORP")
    a.events += [
        Event(
            id=f"{doc_id}-s0-e1", doc_id=doc_id, event="ACCUSE", quad_code=3, intensity=-2.5,
            actor=[mfa], recipient=[usa], mode="allegation", context=["military", "cyber"],
            cameo="112", claimed_by=mfa, date="2024-01-15", date_precision="day",
            date_source="relative", location={"name": "Tehran", "country": "IRN"},
            event_text="accused", confidence=0.81234, **a.sentence(0),
        ),
        Event(
            id=f"{doc_id}-s1-e1", doc_id=doc_id, event="AGREE", quad_code=1, intensity=3.0,
            actor=[irq], recipient=[irn], mediator=[qat], modality="future", date="2024-03",
            date_precision="month", date_source="text", issue="water", **a.sentence(1),
        ),
        Event(
            id=f"{doc_id}-s2-e1", doc_id=doc_id, event="SANCTION", quad_code=4,
            intensity=-5.0, actor=[usa2], recipient=[officials], modality="negated",
            historical=True, date="2023", date_precision="year", date_source="text",
            **a.sentence(2),
        ),
    ]  # fmt: skip
    a.links.append(Link(
        id=f"{doc_id}-l1", doc_id=doc_id, kind="mediation", a=irq, b=irn, via=[qat],
        issue="water", modality="future", date="2024-03", confidence=0.7, **a.sentence(1),
    ))  # fmt: skip
    return a


def levant_article(doc_id: str = "doc2") -> Article:
    """A year-dated event, an undated one, a patronage link and two unknown names."""
    a = article(doc_id, [
        "In 2024 the Iran-backed Hezbollah threatened Israel.",
        "Houthi rebels praised the statement.",
        "Israeli and American officials met.",
        "Kataib Hezbollah stayed silent.",
    ], date="2024-05-02")  # fmt: skip
    irn, hez, isr = a.mention("Iran", IRN), a.mention("Hezbollah", HEZ), a.mention("Israel", ISR)
    isr_off, usa_off = a.mention("Israeli", ISR, 2), a.mention("American", USA, 2)
    a.unknown("Houthi rebels", "NORP")
    a.unknown("Kataib Hezbollah", "ORG")
    a.events += [
        Event(
            id=f"{doc_id}-s0-e1", doc_id=doc_id, event="THREATEN", quad_code=3, intensity=-4.0,
            actor=[hez], recipient=[isr], date="2024", date_precision="year",
            date_source="text", **a.sentence(0),
        ),
        Event(
            id=f"{doc_id}-s2-e1", doc_id=doc_id, event="CONSULT", quad_code=1, intensity=1.0,
            actor=[isr_off, usa_off], recipient=[], **a.sentence(2),
        ),
    ]  # fmt: skip
    a.links.append(Link(id=f"{doc_id}-l1", doc_id=doc_id, kind="patronage", a=irn, b=hez,
                        **a.sentence(0)))  # fmt: skip
    return a


# ---- one meeting, reported twice -----------------------------------------------------------

OMN = Entity("Q842", "Oman", "OMN", None, "state", "Q842")
IRN_FM = Entity("IRN-FM", "Foreign Minister of Iran", "IRN", "GOV", "person")
OMN_FM = Entity("OMN-FM", "Foreign Minister of Oman", "OMN", "GOV", "person")
MUSCAT = {"name": "Muscat", "country": "OMN"}
TEHRAN = {"name": "Tehran", "country": "IRN"}


def add_event(
    a: Article,
    sentence: int,
    event: str,
    actors: list[tuple[str, Entity]],
    recipients: list[tuple[str, Entity]] | None = None,
    date: str | None = None,
    location: dict[str, str] | None = None,
    modality: str = "asserted",
) -> Event:
    """An event coded from sentence `sentence`; parties given as (surface form, entity)."""
    n = sum(e.sentence_start == a.sentences[sentence][0] for e in a.events) + 1
    precision = {10: "day", 7: "month", 4: "year"}.get(len(date or ""), "unknown")
    ev = Event(
        id=f"{a.doc.id}-s{sentence}-e{n}", doc_id=a.doc.id, event=event,
        quad_code=QUAD_OF_TYPE[event], intensity=1.0,
        actor=[a.mention(s, e, sentence) for s, e in actors],
        recipient=[a.mention(s, e, sentence) for s, e in recipients or []],
        modality=modality, date=date, date_precision=precision,
        date_source="text" if date else "unknown", location=location, **a.sentence(sentence),
    )  # fmt: skip
    a.events.append(ev)
    return ev


def muscat_a() -> Article:
    a = article("muscat-a", [
        "Iranian and Omani foreign ministers met in Muscat on 3 March 2024.",
        "They discussed shipping in the Strait of Hormuz.",
    ], date="2024-03-04")  # fmt: skip
    add_event(a, 0, "CONSULT", [("Iranian", IRN_FM), ("Omani", OMN_FM)], [],
              "2024-03-03", MUSCAT)  # fmt: skip
    return a


def muscat_b() -> Article:
    a = article("muscat-b", [
        "Oman's top diplomat hosted his Iranian counterpart in the Omani capital on Sunday.",
    ], date="2024-03-05")  # fmt: skip
    add_event(a, 0, "CONSULT", [("Oman's top diplomat", OMN_FM)],
              [("Iranian counterpart", IRN_FM)], "2024-03-03", MUSCAT)  # fmt: skip
    return a


def tehran_c() -> Article:
    a = article("tehran-c", [
        "The foreign ministers of Iran and Oman met again in Tehran on 5 April 2024.",
    ], date="2024-04-06")  # fmt: skip
    add_event(a, 0, "CONSULT", [("Iran", IRN_FM), ("Oman", OMN_FM)], [],
              "2024-04-05", TEHRAN)  # fmt: skip
    return a


def meeting_articles() -> list[Article]:
    """Two articles reporting the Muscat meeting of 3 March 2024 in other words, and one
    reporting the Tehran meeting a month later."""
    return [muscat_a(), muscat_b(), tehran_c()]
