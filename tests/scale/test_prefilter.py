"""The sentence prefilter: cheap cues choose sentences, and coding only those finds the events
the full parse finds on the sample corpus."""

from __future__ import annotations

import pytest
from scale_helpers import SAMPLES

from realpolitik.engine import Engine
from realpolitik.events.lexicon import load_lexicon
from realpolitik.ingest import IngestError, read_documents
from realpolitik.model import Document
from realpolitik.scale.prefilter import Prefilter, inflections, mask


@pytest.fixture(scope="module")
def prefilter(engine: Engine) -> Prefilter:
    return Prefilter(engine.nlp, engine.kb, load_lexicon())


@pytest.mark.parametrize(
    ("lemma", "forms"),
    [
        ("meet", {"met", "meets", "meeting"}),
        ("deny", {"denied", "denies", "denying"}),
        ("ship", {"shipped", "shipping"}),
        ("withhold", {"withheld"}),
        ("seize", {"seized", "seizing"}),
    ],
)
def test_inflections_cover_regular_and_irregular_forms(lemma: str, forms: set[str]) -> None:
    assert forms <= inflections(lemma)


def _chosen(prefilter: Prefilter, text: str) -> list[str]:
    return [text[s:e] for s, e in prefilter.select(text).chosen]


def test_chooses_sentences_with_two_sides_and_an_event_word(prefilter: Prefilter) -> None:
    text = (
        "The weather in the capital was mild. Iran is a large country. "
        "Iranian forces attacked Israel on Saturday. Oman hosted Iran and the United States.\n\n"
        "Markets were calm. The two countries held talks in Muscat."
    )
    assert _chosen(prefilter, text) == [
        "Iranian forces attacked Israel on Saturday.",
        "Oman hosted Iran and the United States.",
        "The two countries held talks in Muscat.",
    ]


def test_a_sentence_that_refers_back_keeps_the_one_it_refers_to(prefilter: Prefilter) -> None:
    text = "Saudi Arabia and Iran have large oil reserves. Markets fell. Both sides met."
    assert _chosen(prefilter, text) == [
        "Saudi Arabia and Iran have large oil reserves.",  # no event word: kept as referent
        "Both sides met.",
    ]
    alone = "Saudi Arabia and Iran have large oil reserves. Markets fell."
    assert _chosen(prefilter, alone) == []


def test_mask_keeps_offsets_and_line_breaks() -> None:
    text = "One two.\nThree four. Five six.\n\nSeven."
    masked = mask(text, [(9, 20), (33, 39)])
    assert len(masked) == len(text)
    assert masked[9:20] == text[9:20] and masked[33:39] == text[33:39]
    assert [i for i, c in enumerate(masked) if c == "\n"] == [
        i for i, c in enumerate(text) if c == "\n"
    ]
    assert masked[:8].strip() == "" and masked[20:31].strip() == ""


def test_coding_the_chosen_sentences_finds_the_same_events(
    engine: Engine, prefilter: Prefilter
) -> None:
    docs = [d for d in read_documents([SAMPLES]) if not isinstance(d, IngestError)]
    chosen = [prefilter.select(d.text) for d in docs]
    assert sum(len(s.chosen) for s in chosen) < sum(len(s.sentences) for s in chosen)
    pairs = zip(docs, chosen, strict=True)
    masked = [Document(d.id, mask(d.text, s.chosen), d.date) for d, s in pairs]

    def keys(coded_docs: list[Document]) -> set[tuple[object, ...]]:
        return {
            (e.doc_id, e.sentence_start, e.event, tuple(m.entity.id for m in e.actor),
             tuple(m.entity.id for m in e.recipient), e.modality)
            for c in engine.code(coded_docs) for e in c.events
        }  # fmt: skip

    full = keys(docs)
    assert len(full) > 40
    assert keys(masked) == full
