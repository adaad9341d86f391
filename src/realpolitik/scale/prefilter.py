"""A cheap first pass that finds the sentences worth a full parse (a prototype; see below).

Parsing is most of the cost of coding a document (tagger, parser and NER run on every
token), yet an event needs both an actor and an event word in its sentence. This pass uses
only the tokenizer, a rule-based sentencizer and phrase matchers, and keeps a sentence when it
holds an event or link cue (any inflection of a lexicon lemma, or a link word such as
"backed" or "rivals") together with an actor cue (an alias from the knowledge base, a sector
noun such as "troops", or a phrase that refers back to actors: "the two countries", "the
group", and the pronouns the recognizer resolves, "it", "their"). A sentence that refers back
also keeps the nearest earlier sentence that names an actor, so the coreference pass still
sees who "the two countries" are.

Cues over-match on purpose: a false cue costs one parsed sentence, a missed one an event.
`mask` blanks every other sentence while keeping all character offsets, which is how the
throughput benchmark runs the unchanged engine on the selection.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc

from realpolitik.actors.kb import KnowledgeBase
from realpolitik.actors.recognizer import _PRONOUNS
from realpolitik.events.lexicon import Lexicon
from realpolitik.nlp.pipeline import paragraph_boundaries
from realpolitik.relations import statements

Spans = list[tuple[int, int]]  # (start, end) character offsets of sentences to parse

# Past forms the suffix rules cannot make, for the verbs the lexicon holds and their kin.
IRREGULAR: dict[str, tuple[str, ...]] = {
    "meet": ("met",), "fight": ("fought",), "seek": ("sought",), "send": ("sent",),
    "give": ("gave", "given"), "strike": ("struck", "stricken"), "shoot": ("shot",),
    "freeze": ("froze", "frozen"), "draw": ("drew", "drawn"), "bring": ("brought",),
    "build": ("built",), "come": ("came",), "sit": ("sat",), "stand": ("stood",),
    "hold": ("held",), "take": ("took", "taken"), "make": ("made",), "lead": ("led",),
    "break": ("broke", "broken"), "speak": ("spoke", "spoken"), "sell": ("sold",),
    "buy": ("bought",), "pay": ("paid",), "say": ("said",), "tell": ("told",),
    "win": ("won",), "lose": ("lost",), "leave": ("left",), "keep": ("kept",),
    "begin": ("began", "begun"), "throw": ("threw", "thrown"), "go": ("went", "gone"),
    "run": ("ran",), "forgive": ("forgave", "forgiven"), "swear": ("swore", "sworn"),
    "rise": ("rose", "risen"), "undergo": ("underwent", "undergone"),
}  # fmt: skip
_COREF_WORDS = ("the two", "both sides", "both countries", "both parties", "each other",
                "the group", "the movement", "the militia", "the parties", "the sides",
                *_PRONOUNS)  # fmt: skip


def inflections(lemma: str) -> set[str]:
    """Every form a verb or noun lemma may take in text; too many is harmless."""
    forms = {lemma, lemma + "s", lemma + "es", lemma + "ed", lemma + "d", lemma + "ing"}
    if lemma.endswith("e"):
        forms.add(lemma[:-1] + "ing")
    if lemma.endswith("y") and len(lemma) > 2 and lemma[-2] not in "aeiou":
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    if lemma[-1:].isalpha() and lemma[-1] not in "aeiouwxy":
        forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    for base, past in IRREGULAR.items():
        if lemma.endswith(base):  # "withhold" -> "withheld" as "hold" -> "held"
            forms |= {lemma[: -len(base)] + p for p in past}
    return forms


@dataclass
class Selection:
    """The sentences of one text and the ones chosen for parsing."""

    sentences: Spans
    chosen: Spans

    @property
    def share(self) -> float:
        """Characters chosen as a share of the sentences' characters."""
        total = sum(e - s for s, e in self.sentences) or 1
        return sum(e - s for s, e in self.chosen) / total


class Prefilter:
    """Chooses sentences with an actor cue and an event cue. Build once, reuse for every text:
    the matchers hold every alias of the knowledge base."""

    def __init__(
        self, nlp: Language, kb: KnowledgeBase, lexicon: Lexicon, min_actors: int = 2
    ) -> None:
        self.nlp = nlp
        self.min_actors = min_actors
        self.sentencizer = Sentencizer()
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.folded = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.cues = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.coref = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._add_actor_cues(kb)
        self.cues.add("CUE", self._docs(_event_words(lexicon)))
        self.coref.add("COREF", self._docs(_COREF_WORDS))

    def _docs(self, texts: Iterable[str]) -> list[Doc]:
        return [self.nlp.make_doc(t) for t in sorted(set(texts)) if t.strip()]

    def _add_actor_cues(self, kb: KnowledgeBase) -> None:
        """Aliases as the recognizer matches them: short all-caps ones only as written."""
        exact, folded = set(), set(kb.sector_nouns())
        for text, _entry, _kind in kb.aliases():
            surface = text.strip().removeprefix("the ").removeprefix("The ")
            exact.add(surface)
            if len(surface) > 4 and not surface.isupper():
                folded.add(surface)
        self.exact.add("ACTOR", self._docs(exact))
        self.folded.add("ACTOR", self._docs(folded))

    def select(self, text: str) -> Selection:
        """The sentences of `text` and those worth parsing."""
        doc = self.sentencizer(paragraph_boundaries(self.nlp.make_doc(text)))
        sents = [s for s in doc.sents if not s.text.isspace()]
        starts = [s.start for s in sents]

        def sentences_of(matcher: PhraseMatcher) -> Counter[int]:
            """sentence index -> distinct match starts in it"""
            found = {start for _, start, _ in matcher(doc)}
            return Counter(bisect.bisect_right(starts, start) - 1 for start in found)

        actor_counts = sentences_of(self.exact) + sentences_of(self.folded)
        actors = set(actor_counts)
        cues, refers = set(sentences_of(self.cues)), set(sentences_of(self.coref))
        # an event needs two sides: two actor cues, or one phrase that stands for both
        chosen = {i for i in cues if actor_counts[i] >= self.min_actors or i in refers}
        for i in sorted(chosen & refers):
            earlier = [j for j in actors if j < i]
            if earlier:
                chosen.add(max(earlier))
        spans = [(s.start_char, s.end_char) for s in sents]
        return Selection(spans, [spans[i] for i in sorted(chosen)])

    def pipe(self, texts: Iterable[str]) -> Iterator[Selection]:
        for text in texts:
            yield self.select(text)


def _event_words(lexicon: Lexicon) -> set[str]:
    """Every inflection of every event verb and noun, the first word of phrasal verbs, and
    the words that state links (patronage, alliance, rivalry, dispute)."""
    words: set[str] = set()
    for lemma in lexicon.verbs:
        words |= inflections(lemma.split()[0])
    for first, _particle in lexicon.phrasal:
        words |= inflections(first)
    for noun in lexicon.nouns:
        words |= inflections(noun.split()[-1])
    for group in (statements.BACKING_WORDS, statements.PROXY_NOUNS, statements.INFLUENCE_NOUNS,
                  statements.ALLIANCE_NOUNS, statements.RIVALRY_NOUNS,
                  statements.DISPUTE_NOUNS):  # fmt: skip
        words |= group
    return words


def mask(text: str, chosen: Spans) -> str:
    """`text` with everything outside `chosen` blanked, line breaks and offsets kept."""
    out = []
    position = 0
    for start, end in chosen:
        out.append(_blank(text[position:start]))
        out.append(text[start:end])
        position = end
    out.append(_blank(text[position:]))
    return "".join(out)


def _blank(gap: str) -> str:
    return "".join(c if c == "\n" else " " for c in gap)
