"""Entities by rule, for the pipeline that runs without spaCy's statistical NER.

Our components read entities for four things only: DATE spans (the event's date), GPE/LOC/FAC
(where it happened), PERSON (who a title or a pronoun points at) and the names the knowledge
base lacks (`actors --unknown`). The NER model is one of the pipeline's costliest components
(see benchmarks/throughput.py); these rules give the same from what is already known:

- dates, times and amounts by spaCy Matcher patterns kept as data (data/entity_patterns.yaml);
- actors' names, demonyms and seats from the actor knowledge base (state names and capitals
  GPE, demonyms NORP, people PERSON, every other body ORG), places from its gazetteer;
- the other runs of proper nouns (the tagger still runs): LOC or FAC by their head word,
  PERSON after a personal title or when shaped "First Last", else ORG.

`realpolitik_entities` sets `doc.ents` like the `ner` component, so nothing downstream changes.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any, cast

import numpy
import yaml
from spacy.attrs import IS_TITLE, LOWER, ORTH, POS, SHAPE, TAG
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from realpolitik.actors.kb import AliasKind, KnowledgeBase
from realpolitik.actors.loader import knowledge_base

PATTERNS_FILE = "entity_patterns.yaml"

# Priority when spans of the same length overlap: a date beats a name ("May"), a name beats
# a bare number, a known name beats a guessed one.
_PRIORITY = {"DATE": 5, "TIME": 4, "MONEY": 4, "PERCENT": 4, "KB": 3, "GUESS": 1, "CARDINAL": 0}
_PLACE_KINDS = {AliasKind.NAME, AliasKind.SEAT}
# Inside a run of proper nouns: "Organization of American States", "Bank for Reconstruction".
_JOINABLE = {"PERSON", "ORG", "GPE"}
_WINDOW = 4  # tokens around an anchor word that a pattern match can reach
_ARTICLE_LABELS = {"GPE", "ORG", "LOC", "FAC", "EVENT"}
_DEMONYM_ENDINGS = ("an", "ish", "ese", "i", "ic")
_RUN_JOINERS = {"of", "for", "de", "al", "al-", "bin", "von", "van", "la", "-", "&"}
# Attributes a word's string alone fixes (the lexeme's): a Matcher test on them can be a flag.
_WORD_ATTRS = {"ORTH": ORTH, "TEXT": ORTH, "LOWER": LOWER, "SHAPE": SHAPE}
_USER_FLAGS = range(19, 64)  # spaCy's FLAG19..FLAG63: the lexeme flag bits left to users


@dataclass(frozen=True)
class EntityRules:
    """The data of the rules: Matcher patterns and the word lists that label name runs."""

    patterns: tuple[tuple[str, list[dict[str, Any]]], ...]
    anchors: frozenset[str]
    regions: frozenset[str]
    loc_heads: frozenset[str]
    fac_heads: frozenset[str]
    org_words: frozenset[str]
    person_titles: frozenset[str]
    norp_words: frozenset[str]
    vessel_prefixes: frozenset[str]
    place_preps: frozenset[str]
    event_heads: frozenset[str]


@functools.lru_cache(maxsize=1)
def load_rules() -> EntityRules:
    """The built-in entity rules, with `$name` word-list references expanded."""
    text = resources.files("realpolitik.nlp").joinpath("data", PATTERNS_FILE).read_text("utf-8")
    raw = yaml.safe_load(text)
    lists: dict[str, list[str]] = {k: [str(w) for w in v] for k, v in raw["words"].items()}
    patterns = tuple(
        (str(p["label"]), [_expand(tok, lists) for tok in p["pattern"]]) for p in raw["patterns"]
    )

    def words(key: str) -> frozenset[str]:
        return frozenset(str(w) for w in raw[key])

    anchors = frozenset(w.lower() for key in raw["anchors"] for w in lists[key])
    return EntityRules(
        patterns=patterns, anchors=anchors, regions=words("regions"),
        loc_heads=words("loc_heads"), fac_heads=words("fac_heads"),
        org_words=words("org_words"),
        person_titles=frozenset(w.lower() for w in words("person_titles")),
        norp_words=words("norp_words"), vessel_prefixes=words("vessel_prefixes"),
        place_preps=words("place_preps"), event_heads=words("event_heads"),
    )  # fmt: skip


def _expand(value: Any, lists: dict[str, list[str]]) -> Any:
    """Replace "$name" by the word list `name`, wherever it stands in a token pattern."""
    if isinstance(value, dict):
        return {k: _expand(v, lists) for k, v in value.items()}
    if isinstance(value, list):
        out: list[Any] = []
        for v in value:
            expanded = _expand(v, lists)
            out.extend(expanded if isinstance(v, str) and v.startswith("$") else [expanded])
        return out
    if isinstance(value, str) and value.startswith("$"):
        return lists[value[1:]]
    return value


@Language.factory("realpolitik_entities", default_config={"actor_files": []})
def make_entity_ruler(nlp: Language, name: str, actor_files: list[str]) -> EntityRuler:
    return EntityRuler(nlp, knowledge_base(tuple(actor_files)), load_rules())


class EntityRuler:
    """Sets `doc.ents` from the rules, the knowledge base and the tagger's proper nouns."""

    def __init__(self, nlp: Language, kb: KnowledgeBase, rules: EntityRules) -> None:
        self.kb = kb
        self.rules = rules
        self.matcher = Matcher(nlp.vocab, validate=False)  # the validator knows no flag bits
        for n, (label, pattern) in enumerate(rules.patterns):
            self.matcher.add(f"{label}|{n}", [[_flagged(t, nlp.vocab) for t in pattern]])
        # the words a pattern match must contain, as a lexeme flag (None: no bit was left)
        self._anchor_flag = _flag(nlp.vocab, _WordTest(ORTH, "ANCHOR", rules.anchors, None))
        self._anchors: set[int] = set()  # else: their ids, as met
        self._checked: set[int] = set()
        self._titles: dict[str, bool] = {}
        self._norp_orths = numpy.array(
            [nlp.vocab.strings.add(w) for w in rules.norp_words], dtype="uint64"
        )
        self.names = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.folded = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._add_names(nlp, kb)
        self.regions = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.regions.add("LOC", [nlp.make_doc(r) for r in sorted(rules.regions)])

    def _add_names(self, nlp: Language, kb: KnowledgeBase) -> None:
        """Every actor's names under the label NER would give them; long names in any case."""
        exact: dict[str, list[Doc]] = {}
        folded: dict[str, list[Doc]] = {}
        for text, entry_id, kind in kb.aliases():
            entry = kb.entry(entry_id)
            surface = text[4:] if text.lower().startswith("the ") else text
            if entry is None or not surface.strip():
                continue
            label = _kb_label(entry.kind, kind)
            if label == "GPE" and kind is AliasKind.SEAT and not _is_city(surface, entry.seats):
                label = "ORG"  # "the Kremlin", "Downing Street": the government, not a place
            exact.setdefault(label, []).append(nlp.make_doc(surface))
            if len(surface) > 4 and not surface.isupper():
                folded.setdefault(label, []).append(nlp.make_doc(surface))
        for label, docs in exact.items():
            self.names.add(label, docs)
        for label, docs in folded.items():
            self.folded.add(label, docs)

    def __call__(self, doc: Doc) -> Doc:
        strings = doc.vocab.strings
        found: list[tuple[Span, int]] = []
        for match_id, start, end in self._pattern_matches(doc):
            label = strings[match_id].split("|")[0]
            if label == "DATE" and _counted(doc, start, end):
                label = "CARDINAL"
            found.append((Span(doc, start, end, label=label), _PRIORITY.get(label, 2)))
        for match_id, start, end in [*self.names(doc), *self.folded(doc)]:
            span = Span(doc, start, end, label=strings[match_id])
            if span[0].is_title or span[0].is_upper:
                found.append((span, _PRIORITY["KB"]))
        found += [(Span(doc, s, e, label="LOC"), _PRIORITY["KB"]) for _, s, e in self.regions(doc)]
        chosen = [self._untitled(s) for s in _choose(found)]
        taken = {i for span in chosen for i in range(span.start, span.end)}
        people = {s[-1].text for s in chosen if s.label_ == "PERSON"}
        peoples = self._demonyms(doc, taken)
        chosen += peoples
        taken.update(s.start for s in peoples)
        people_at = {s.end: s for s in chosen if s.label_ == "PERSON"}
        places_at = {s.start: s for s in chosen if s.label_ == "GPE"}
        for run in _proper_runs(doc, taken):
            named = self._label(run, doc, people)
            if named is None:
                continue
            joined = self._joined(named, people_at.get(named.start), places_at.get(named.end))
            if joined is not None:
                chosen.remove(joined[0])
                named = joined[1]
            if named.label_ == "PERSON":
                people.add(named[-1].text)
            chosen.append(named)
        covered = {i for s in chosen for i in range(s.start, s.end)}
        doc.ents = sorted((_with_article(s, covered) for s in chosen), key=lambda s: s.start)
        return doc

    def _joined(
        self, span: Span, person: Span | None, place: Span | None
    ) -> tuple[Span, Span] | None:
        """A known name and the unknown word beside it are one name: "Abbas Kamel" is not
        Abbas, "East Jerusalem" is a place. Returns (the known span, the joined one)."""
        if any(t.text in self.rules.org_words for t in span) or span.label_ not in _JOINABLE:
            return None
        if person is not None:
            return person, Span(span.doc, person.start, span.end, label="PERSON")
        if place is not None and len(span) == 1:
            return place, Span(span.doc, span.start, place.end, label="GPE")
        return None

    def _pattern_matches(self, doc: Doc) -> Iterator[tuple[int, int, int]]:
        """The Matcher's matches, run only around the words every pattern needs (a number, a
        month, "ago"...): running it over whole documents costs as much as the NER model."""
        if self._anchor_flag is not None:
            hits = numpy.flatnonzero(doc.to_array(self._anchor_flag))
        else:
            orths = doc.to_array(ORTH)
            for orth in set(orths.tolist()) - self._checked:
                self._checked.add(orth)
                if _is_anchor(doc.vocab.strings[orth], self.rules.anchors):
                    self._anchors.add(orth)
            hits = numpy.flatnonzero(numpy.isin(orths, list(self._anchors)))
        for start, end in _windows(hits.tolist(), len(doc)):
            for match_id, s, e in self.matcher(doc[start:end]):
                yield match_id, start + s, start + e

    def _label(self, run: Span, doc: Doc, people: set[str]) -> Span | None:
        """A name the knowledge base does not list as an actor: place, facility or body by
        its words, person by its title or shape. Titles are not part of the name: "Foreign
        Minister Ana Lopez" is the person "Ana Lopez"; "President" alone is no entity."""
        first = run.start
        start = self._after_titles(run)
        if start >= run.end:
            return None
        run = doc[start : run.end]
        text = run.text
        last = run[-1].text
        if self.kb.place_country(text) is not None:
            return Span(doc, run.start, run.end, label="GPE")
        if (
            last in self.rules.loc_heads
            or run[0].text in self.rules.loc_heads
            or (text in self.rules.regions)
        ):
            return Span(doc, run.start, run.end, label="LOC")
        if last in self.rules.fac_heads:
            return Span(doc, run.start, run.end, label="FAC")
        if last in self.rules.event_heads:
            return Span(doc, run.start, run.end, label="EVENT")
        if run[0].text in self.rules.vessel_prefixes:
            return Span(doc, run.start, run.end, label="PRODUCT")
        if any(t.text in self.rules.org_words for t in run):
            return Span(doc, run.start, run.end, label="ORG")
        if (
            run.start > 0
            and doc[run.start - 1].lower_ in self.rules.place_preps
            and not (start > first or _first_last(run))
        ):
            return Span(doc, run.start, run.end, label="GPE")  # "talks in Sochi"
        if _first_last(run) and _in_heading(run):
            return None  # "Symbolic Gesture": a title-case heading, no name
        if start > first or self._titled(run) or _first_last(run):
            return Span(doc, run.start, run.end, label="PERSON")
        if len(run) == 1 and run[0].text in people:  # "Lopez said", after "Ana Lopez"
            return Span(doc, run.start, run.end, label="PERSON")
        return Span(doc, run.start, run.end, label="ORG")

    def _untitled(self, span: Span) -> Span:
        """A known person's name without the title the knowledge base's alias has."""
        if span.label_ != "PERSON":
            return span
        start = self._after_titles(span)
        return span if start >= span.end else Span(span.doc, start, span.end, label="PERSON")

    def _after_titles(self, run: Span) -> int:
        """Where the name starts after the titles that lead `run` ("Rear Admiral X")."""
        doc, start = run.doc, run.start
        while start < run.end:
            size = next((k for k in (3, 2, 1) if self._is_title(doc[start : start + k])), 0)
            if not size or start + size > run.end:
                break
            start += size
            while start < run.end and doc[start].lower_ in _RUN_JOINERS:
                start += 1
        return start

    def _is_title(self, words: Span) -> bool:
        text = words.text.lower()
        known = self._titles.get(text)
        if known is None:
            known = self._titles[text] = text in self.rules.person_titles or self.kb.person_noun(
                text
            )
        return known

    def _titled(self, run: Span) -> bool:
        """ "Foreign Minister Ana Lopez", "Mr Lopez", "the spokesman, Ana Lopez"."""
        if run.start == 0:
            return False
        before = run.doc[run.start - 1]
        if before.text == "," and run.start > 1:
            before = run.doc[run.start - 2]
        word = before.text.lower()
        return word in self.rules.person_titles or self.kb.person_noun(word)

    def _demonyms(self, doc: Doc, taken: set[int]) -> list[Span]:
        """Peoples, faiths and parties the knowledge base lacks ("Kurdish", "Shia") as NORP."""
        arr = doc.to_array([IS_TITLE, TAG, ORTH])
        strings = doc.vocab.strings
        maybe = (arr[:, 0] == 1) & (
            (arr[:, 1] == strings["JJ"]) | numpy.isin(arr[:, 2], self._norp_orths)
        )
        found = []
        for i in numpy.flatnonzero(maybe).tolist():
            tok = doc[i]
            if i in taken or tok.is_sent_start:
                continue
            if tok.text in self.rules.norp_words or tok.lower_.endswith(_DEMONYM_ENDINGS):
                found.append(Span(doc, i, i + 1, label="NORP"))
        return found


class _WordTest:
    """A Matcher test on a word's own string ("IN" a list, "REGEX"), as a lexeme flag; or
    ("ANCHOR") whether the word is one a pattern match needs.

    spaCy's Matcher runs IN and REGEX predicates in Python on every token it looks at (about
    half of this component's time); a lexeme flag is computed once per word type and checked
    in C, with the same answer: these attributes are the lexeme's, not the token's."""

    def __init__(self, attr: int, op: str, arg: Any, read: Callable[[str], str] | None) -> None:
        self.key = (attr, op, arg if op == "REGEX" else tuple(sorted(arg)))
        self.read = read
        self.values = frozenset(arg) if op != "REGEX" else frozenset()
        self.regex = re.compile(arg) if op == "REGEX" else None
        self.anchor = op == "ANCHOR"

    def __call__(self, orth: str) -> bool:
        if self.anchor:
            return _is_anchor(orth, self.values)
        value = orth if self.read is None else self.read(orth)
        return bool(self.regex.search(value)) if self.regex is not None else value in self.values

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _WordTest) and other.key == self.key

    def __hash__(self) -> int:
        return hash(self.key)


def _flagged(spec: dict[str, Any], vocab: Vocab) -> dict[Any, Any]:
    """A token pattern whose IN/REGEX tests on the word's string are lexeme flags, where a
    free flag bit is left (else the Matcher's own predicate stays)."""
    out: dict[Any, Any] = {}
    for key, value in spec.items():
        attr = _WORD_ATTRS.get(key.upper()) if isinstance(key, str) else None
        if attr is not None and isinstance(value, dict) and len(value) == 1:
            ((op, arg),) = value.items()
            if (op == "IN" and all(isinstance(v, str) for v in arg)) or (
                op == "REGEX" and isinstance(arg, str)
            ):
                read = None if attr == ORTH else _getters(vocab)[attr]
                flag = _flag(vocab, _WordTest(attr, op, arg, read))
                if flag is not None:
                    out[flag] = True
                    continue
        out[key] = value
    return out


def _flag(vocab: Vocab, test: _WordTest) -> int | None:
    """The flag bit of `test` in `vocab`: the one set earlier (another ruler on this vocab),
    else a free one; None when every bit is taken."""
    getters = _getters(vocab)
    known = next((bit for bit in _USER_FLAGS if getters.get(bit) == test), None)
    if known is not None:
        return known
    free = next((bit for bit in _USER_FLAGS if bit not in getters), None)
    return None if free is None else int(vocab.add_flag(test, flag_id=free))


def _is_anchor(text: str, anchors: frozenset[str]) -> bool:
    return text.lower() in anchors or any(c.isdigit() for c in text)


def _getters(vocab: Vocab) -> dict[int, Callable[[str], Any]]:
    """The vocab's lexeme attribute getters, flags included (spaCy's stubs omit them)."""
    return cast(dict[int, Callable[[str], Any]], cast(Any, vocab).lex_attr_getters)


def _counted(doc: Doc, start: int, end: int) -> bool:
    """ "2000 troops": a lone number that counts the plural noun after it is not a year."""
    return end - start == 1 and end < len(doc) and doc[end].tag_ == "NNS" and doc[start].is_digit


def _windows(hits: list[int], length: int) -> Iterator[tuple[int, int]]:
    """Merged stretches of `_WINDOW` tokens either side of each hit."""
    start = end = -1
    for i in hits:
        lo, hi = max(0, i - _WINDOW), min(length, i + _WINDOW + 1)
        if lo > end:
            if end > start:
                yield start, end
            start = lo
        end = hi
    if end > start:
        yield start, end


def _kb_label(entry_kind: str, alias_kind: AliasKind) -> str:
    if alias_kind is AliasKind.DEMONYM:
        return "NORP"
    if entry_kind == "state":
        return "GPE" if alias_kind in _PLACE_KINDS else "NORP"
    return "PERSON" if entry_kind == "person" else "ORG"


def _with_article(span: Span, covered: set[int]) -> Span:
    """ "the United States", "the Gaza Strip": NER keeps the article of a name of several words."""
    if len(span) < 2 or span.start == 0 or span.label_ not in _ARTICLE_LABELS:
        return span
    before = span.doc[span.start - 1]
    if before.lower_ != "the" or before.i in covered:
        return span
    return Span(span.doc, span.start - 1, span.end, label=span.label_)


def _is_city(seat: str, seats: Sequence[str]) -> bool:
    """A state's first seat is its capital ("Washington", "Washington, D.C."); the others are
    its government's buildings."""
    return bool(seats) and seat.lower().startswith(seats[0].lower())


def _choose(found: Iterable[tuple[Span, int]]) -> list[Span]:
    """Non-overlapping spans: longer first, then by priority, then earlier."""
    ranked = sorted(found, key=lambda f: (-(f[0].end - f[0].start), -f[1], f[0].start))
    taken: set[int] = set()
    chosen: list[Span] = []
    for span, _ in ranked:
        if any(i in taken for i in range(span.start, span.end)):
            continue
        taken.update(range(span.start, span.end))
        chosen.append(span)
    return chosen


def _proper_runs(doc: Doc, taken: set[int]) -> Iterator[Span]:
    """Maximal runs of capitalised proper nouns outside `taken`, joined over "of", "al-"...
    ("Organization of Turkic States")."""
    n, end = len(doc), 0
    propn = doc.vocab.strings["PROPN"]
    for i in numpy.flatnonzero(doc.to_array(POS) == propn).tolist():
        if i < end or not _name_token(doc[i], taken):
            continue
        end = i + 1
        while end < n:
            if _name_token(doc[end], taken):
                end += 1
                continue
            gap = end
            while gap < n and gap - end < 2 and doc[gap].lower_ in _RUN_JOINERS:
                gap += 1
            if gap == end or gap >= n or not _name_token(doc[gap], taken):
                break
            end = gap + 1
        yield doc[i:end]


def _name_token(tok: Token, taken: set[int]) -> bool:
    return (
        tok.i not in taken
        and tok.pos_ == "PROPN"
        and tok.text[:1].isupper()
        and (tok.is_alpha or "-" in tok.text or "." in tok.text)
    )


def _in_heading(run: Span) -> bool:
    """Whether the run stands in a line written in title case ("Talks Reach a Symbolic
    Gesture"), where capitals say nothing about names."""
    words = [t for t in run.sent if t.is_alpha and len(t) > 3 and not run.start <= t.i < run.end]
    return bool(words) and all(t.is_title for t in words)


def _first_last(run: Span) -> bool:
    """Two to four capitalised words with no body's word: "Ana Lopez", "Ali bin Salem"."""
    names = [t for t in run if t.lower_ not in _RUN_JOINERS]
    return 2 <= len(names) <= 4 and all(t.text[:1].isupper() for t in names)


def ent_labels(doc: Doc) -> Sequence[tuple[str, str]]:
    """(text, label) of every entity: what tests and benchmarks compare."""
    return [(e.text, e.label_) for e in doc.ents]
