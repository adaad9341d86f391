"""spaCy component `realpolitik_actors`: find the actors a document names.

Four passes, cheapest first:
1. phrase matching over every alias, demonym and seat of power in the knowledge base, and
   over the generic actor nouns ("militias", "protesters in Tehran", "residents of Gaza");
2. titles and descriptions around those names ("Iraqi troops", "Iran's foreign minister",
   "Kazakh President Kassym-Jomart Tokayev") turn a state into one of its sectors; a bare
   plural demonym ("ordinary Kazakhs") names the state's people, "the Iranians" the state;
   a patron ("pro-Iranian militias", "Iranian proxies in Yemen") never lends its country;
3. definite descriptions that point back ("the group", "the movement", "the alliance",
   "the kingdom") resolve to the last compatible actor named;
4. the phrases analysts use for the last pair named ("the two countries", "both sides");
5. pronouns ("it", "its", "they", "he") with exactly one antecedent of their kind in the
   sentence so far or the one before, and no other noun they could stand for.

A title before a person's name travels with the person ("former prime minister X",
"opposition leader X"): the date fixes the role, the title overrides it. A state named
before an organ's generic name owns it ("the British Treasury", "India's Foreign Office");
a bare name several states' organs share ("the Treasury") goes to the one whose country the
document names, else to the first in the data.

Nouns of groups act with no country named ("armed men", plural "teachers"); a city or region
before a state's organ gives its state ("a Kano court"); a title before a name the knowledge
base lacks makes the person an actor of its sector ("Senator X"); an organisation whose name
ends in a legal form ("X Mining Ltd") is a business. News datelines ("KABUL (Reuters) -") and
places ("the war on Gaza") are never actors.

Names spaCy's NER sees but the knowledge base lacks are kept in `doc.spans["rp_unknown"]`
so a user can list and add them. Media outlets are never actors.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

import numpy
from spacy.attrs import LOWER
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from realpolitik.actors.kb import AliasKind, KnowledgeBase, Title, normalise
from realpolitik.actors.loader import knowledge_base

ACTORS_KEY = "rp_actors"
UNKNOWN_KEY = "rp_unknown"

# Generic nouns that are actors even with no country named ("militias", "protesters",
# "armed men", "cartels").
_STANDALONE_SECTORS = {"REB", "OPP", "INS", "UAF", "CRM"}
# Sectors of people who act, or are acted on, as a group with no country named: plural nouns
# only ("teachers went on strike", "the rebels freed the hostages", "journalists were
# detained"), as CAMEO codes them (---EDU, ---CVL); a singular one is a person the text
# should name ("a teacher said"). Media outlets stay out.
_GROUP_SECTORS = {"CVL", "EDU", "HLH", "LAB", "JRN", "REL", "BUS"}
# Sectors of a state's own organs: "troops in Syria" need not be Syria's, "troops from Chad"
# and "the army of Pakistan" are.
_ORGAN_SECTORS = {"GOV", "MIL", "SPY"}
# What kind of actor a sector noun makes; state organs stand for their state in relations,
# the people, opposition and clergy of a country do not.
_SECTOR_KIND = {
    "GOV": "state_organ", "MIL": "state_organ", "COP": "state_organ", "SPY": "state_organ",
    "LEG": "state_organ", "JUD": "state_organ", "REB": "armed_group", "INS": "armed_group",
    "UAF": "armed_group", "PTY": "party", "MED": "media", "JRN": "media", "BUS": "business",
    "OPP": "other", "CVL": "other", "REL": "other", "EDU": "other", "HLH": "other",
    "LAB": "other", "CRM": "other",
}  # fmt: skip
_PAIR_PHRASES = {
    ("two", "countries"), ("two", "sides"), ("two", "parties"), ("two", "nations"),
    ("two", "governments"), ("two", "states"), ("two", "neighbours"), ("two", "neighbors"),
    ("two", "rivals"), ("two", "powers"), ("two", "allies"),
    ("both", "sides"), ("both", "parties"), ("both", "countries"), ("both", "governments"),
    ("the", "parties"), ("the", "sides"), ("each", "other"),
}  # fmt: skip
_PAIR_LAST = {last for _, last in _PAIR_PHRASES}
_GROUP_KINDS = frozenset({"armed_group", "party", "ngo"})
# "the group" and friends: the kinds of actor each definite description can point back to.
_ANAPHORS: dict[str, frozenset[str]] = {
    **dict.fromkeys(("group", "movement", "faction"), _GROUP_KINDS),
    **dict.fromkeys(("organisation", "organization"), _GROUP_KINDS | {"igo"}),
    **dict.fromkeys(
        ("militia", "militias", "militants", "rebels", "insurgents", "fighters", "jihadists",
         "guerrillas", "insurgency"),
        frozenset({"armed_group"}),
    ),
    **dict.fromkeys(("alliance", "bloc", "body", "watchdog"), frozenset({"igo"})),
    "agency": frozenset({"igo", "state_organ"}),
    "party": frozenset({"party"}),
    **dict.fromkeys(
        ("kingdom", "republic", "emirate", "sultanate", "principality", "country", "nation"),
        frozenset({"state"}),
    ),
}  # fmt: skip
# Descriptions that fit only states whose names say so: "the kingdom" is Saudi Arabia or
# Jordan, never Iran.
_STATE_FORMS = {"kingdom", "republic", "emirate", "sultanate", "principality"}
_ANAPHOR_WINDOW = 2  # sentences back to look for the antecedent
_SUBJECT_DEPS = {"nsubj", "nsubjpass"}
_NER_LABELS = {"ORG", "NORP", "GPE", "PERSON"}
# A name followed by one of these title-case words is part of a place or thing's name.
_NOT_ACTOR_NOUNS = {
    "river", "treaty", "sea", "programme", "program", "region", "province", "strait", "gulf",
    "canal", "dam", "bridge", "pipeline", "airport", "university", "square", "desert", "valley",
    "peninsula", "corridor", "mountains", "basin", "accords", "accord", "agreement", "port",
}  # fmt: skip
# A name that merely qualifies one of these nouns is not acting: "the Minsk agreements".
_THING_NOUNS = {
    "agreement", "agreements", "accord", "accords", "pact", "protocol", "protocols",
    "pipeline", "format", "process", "declaration", "corridor", "treaty",
    "bond", "bonds", "bill", "bills", "yield", "yields", "securities",  # "Treasury yields"
}  # fmt: skip
# Words that make a sector noun a class, not one state's organ: "foreign governments",
# "governments around the world", "a court of law".
_GENERIC_MODIFIERS = {
    "foreign", "other", "western", "many", "several", "various", "numerous", "some", "most",
    "all", "world", "global", "international", "neighbouring", "neighboring",
    "rival", "allied", "friendly", "respective", "worldwide", "such", "any", "no", "every",
}  # fmt: skip
_GENERIC_PLACES = {"world", "globe", "planet", "law", "justice", "continent", "region"}
_DEFINITE = {"the", "this", "these", "those"}
# Roles in which a sector noun is no actor of its own: "became prime minister", "Khan, the
# prime minister", "as president".
_NOT_ARGUMENT_DEPS = {"attr", "appos", "compound", "npadvmod", "oprd", "acomp"}
_STATE_SECTORS = {"GOV", "MIL", "COP", "SPY", "LEG", "JUD"}
_CLAUSE_DEPS = {"nsubj", "nsubjpass", "dobj"}
_LOCATIVE_PREPS = {"in", "at", "across", "throughout", "inside"}
_PLACE_PREPS = {"in", "from", "of", "near", "across", "inside", "throughout", "around"}
_ORIGIN_PREPS = {"from", "of"}
_PROXY_NOUNS = {"proxy", "proxies", "client", "clients", "surrogate", "surrogates"}
# "Iran-backed groups": a backed group is an armed one even where the noun alone says nothing.
_BACKING = {"backed", "sponsored", "funded", "supported", "aligned", "allied", "armed", "trained"}
_CLIENT_NOUNS = {"group", "faction", "outfit", "network", "movement", "unit"}
_KIND_ORDER = {AliasKind.NAME.value: 0, AliasKind.DEMONYM.value: 1, AliasKind.SEAT.value: 2}
_NOMINAL_DEPS = {"nsubj", "nsubjpass", "dobj", "pobj", "conj", "appos", "ROOT", "attr", "dative"}
# Words that put a title in the past: "former prime minister", "ousted president".
_FORMER = {"former", "erstwhile", "onetime", "ousted", "deposed", "toppled", "late"}
# Pronouns and what they can point back to: a body ("it"), a plural or a group ("they"), a
# person ("he", "she"; the knowledge base records no gender, so either fits any person).
_PRONOUNS = {
    **dict.fromkeys(("it", "its"), "it"),
    **dict.fromkeys(("they", "their", "them"), "they"),
    **dict.fromkeys(("he", "his", "him", "she", "her"), "person"),
}  # fmt: skip
_COPULAS = {"be", "seem", "appear", "remain", "become"}  # "it is unclear": no referent
_PLURAL_TAGS = {"NNS", "NNPS"}
# Nouns no pronoun stands for: dates, times, amounts ("on Monday it said").
_NOT_REFERENTS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"}
# A dateline: up to this many tokens of capitalised words, commas and an agency in
# brackets, then a dash ("GAZA CITY, Gaza Strip --", "PARIS (Reuters) -").
_DATELINE_MAX = 9
_DASHES = {"-", "--", "\u2013", "\u2014", "\u2013\u2013"}
_DATELINE_PUNCT = {",", "(", ")", "."}
# Legal forms that end a company's name.
_LEGAL_FORMS = {
    "Inc", "Corp", "Corporation", "Ltd", "Limited", "LLC", "plc", "PLC", "AG", "SA", "SpA",
    "NV", "BV", "GmbH", "AB", "ASA", "OU", "Co", "LLP", "Pty",
}  # fmt: skip
# British and American spellings of words in organisations' names.
_SPELLINGS = (("isation", "ization"), ("Defence", "Defense"), ("Centre", "Center"))
_TITLE_OWNERS = {"state", "state_organ", "person"}  # "Iranian", "Kremlin", "Putin's" spokesman


@dataclass(frozen=True)
class ActorRef:
    """What a mention refers to, before the event date fixes its sector.

    `entry_id` names a knowledge-base entry; `sector` overrides its sector when a title or
    description says which part of a state acts; `generic` holds the noun for actors that are
    a class rather than a named body ("militias"), with `country` where the text says where.
    `title` is a person's title in the text ("former prime minister"), which overrides the
    person's dated roles; `coreference` marks a mention that only points back ("it", "the
    group") to an actor named earlier. `country_from` says how a country the phrase itself
    does not name was inferred for a state's organ ("the court ruled"): "phrase" (a place
    in it: "Catalonia's government"), "place" (where it acts: "police in Lagos", "the court
    ruled in Lahore"), "sentence" (the one state the sentence names: "Nigeria's army said
    the police..."), "document" (the state the document is about); None when named.
    """

    entry_id: str | None
    sector: str | None = None
    country: str | None = None
    generic: str | None = None
    kind: str | None = None
    title: Title | None = None
    coreference: bool = False
    country_from: str | None = None


def _ensure_extensions() -> None:
    if not Span.has_extension("rp_refs"):
        Span.set_extension("rp_refs", default=())
    if not Doc.has_extension("rp_date"):
        Doc.set_extension("rp_date", default=None)


_ensure_extensions()


@Language.factory("realpolitik_actors", default_config={"actor_files": []})
def make_actor_recognizer(nlp: Language, name: str, actor_files: list[str]) -> ActorRecognizer:
    return ActorRecognizer(nlp, knowledge_base(tuple(actor_files)))


class ActorRecognizer:
    """Sets `doc.spans["rp_actors"]` (each span's `._.rp_refs` says who) and `rp_unknown`."""

    def __init__(self, nlp: Language, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.names = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.lower_names = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.nouns = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.media = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._alias_kind: dict[str, AliasKind] = {}
        self._add_aliases(nlp, kb.aliases())
        self.nouns.add("NOUN", [nlp.make_doc(n) for n in kb.sector_nouns()])
        self.media.add("MEDIA", [nlp.make_doc(n) for n in kb.media_names()])
        self._demonyms = {
            e.id: {normalise(d) for d in e.demonyms} for e in kb.entries() if e.demonyms
        }
        strings = nlp.vocab.strings
        self._cues = numpy.array(
            [strings.add(w) for w in (*_BACKING, *_ANAPHORS, *_PAIR_LAST)], dtype="uint64"
        )
        self._pronoun_words = numpy.array([strings.add(w) for w in _PRONOUNS], dtype="uint64")

    def _add_aliases(self, nlp: Language, aliases: Iterable[tuple[str, str, AliasKind]]) -> None:
        """Short all-caps aliases ("US", "UN") match case-sensitively; longer ones in any case.
        Acronyms of four letters or more also match as the British press writes them ("Nato",
        "Farc", "Ecowas"), and -isation names in -ization spelling and back."""
        exact: dict[str, list[Doc]] = {}
        folded: dict[str, list[Doc]] = {}
        for text, entry_id, kind in aliases:
            surface = _strip_article(text)
            if not surface:
                continue
            key = f"{entry_id}|{kind.value}"
            self._alias_kind[key] = kind
            for form in _spellings(surface):
                exact.setdefault(key, []).append(nlp.make_doc(form))
                if len(form) > 4 and not form.isupper():
                    folded.setdefault(key, []).append(nlp.make_doc(form))
        for key, docs in exact.items():
            self.names.add(key, docs)
        for key, docs in folded.items():
            self.lower_names.add(key, docs)

    def __call__(self, doc: Doc) -> Doc:
        media = [doc[s:e] for _, s, e in self.media(doc)]
        blocked = {i for span in media for i in range(span.start, span.end)}
        dateline = _datelines(doc)
        cues = [doc[i] for i in _positions(doc, self._cues)]  # the only words loops look at
        named = self._named_spans(doc, blocked)
        names: list[Span] = []  # unresolved personal names inside titled spans
        generic = self._generic_spans(doc, blocked, named, names)
        generic += self._backed_spans(cues, blocked, named, generic)
        generic += _companies(doc, blocked, named + generic)
        spans = filter_spans(named + generic)
        taken = {i: span for span in spans for i in range(span.start, span.end)}
        titled = [self._with_title(doc, span, taken, names) for span in spans]
        spans = filter_spans(titled + self._coordinated(doc, titled, taken))
        spans = [s for s in spans if not dateline.issuperset(range(s.start, s.end))]
        spans = [self._person_title(span, spans) for span in spans]
        spans = self._anaphora(doc, cues, spans)
        spans += _coreference_spans(doc, cues, spans)
        spans = self._pronouns(doc, spans)
        doc.spans[ACTORS_KEY] = sorted(spans, key=lambda s: s.start)
        doc.spans[UNKNOWN_KEY] = self._unknown(doc, spans, blocked, names)
        return doc

    # ---- pass 1: names and generic nouns

    def _named_spans(self, doc: Doc, blocked: set[int]) -> list[Span]:
        folded = [(m, s, e) for m, s, e in self.lower_names(doc) if _capitalised(doc[s:e])]
        found: dict[tuple[int, int], list[tuple[str, str]]] = {}
        for match_id, start, end in [*self.names(doc), *folded]:
            if any(i in blocked for i in range(start, end)):
                continue
            entry_id, kind = doc.vocab.strings[match_id].split("|")
            candidates = found.setdefault((start, end), [])
            if (entry_id, kind) not in candidates:
                candidates.append((entry_id, kind))
        spans = []
        named = self._countries_named(found)
        for (start, end), candidates in found.items():
            span = Span(doc, start, end, label="ACTOR")
            if _names_a_place_or_thing(span):
                continue
            candidates = self._in_context(span, candidates, named)
            if not candidates:
                continue  # "the Treasury" where the US and Britain are both named
            entry_id, kind = self._preferred(span, candidates)
            sector = "GOV" if kind == AliasKind.SEAT.value else None
            span._.rp_refs = (ActorRef(entry_id, sector=sector),)
            spans.append(span)
        return spans

    def _countries_named(
        self, found: dict[tuple[int, int], list[tuple[str, str]]]
    ) -> dict[str, list[int]]:
        """Where each country is named by a name of one entry only: the context that decides
        which state's organ a shared name ("the Treasury") is."""
        where: dict[str, list[int]] = {}
        for (start, _), candidates in found.items():
            ids = {entry_id for entry_id, _ in candidates}
            if len(ids) == 1:
                entry = self.kb.entry(ids.pop())
                if entry is not None and entry.country is not None:
                    where.setdefault(entry.country, []).append(start)
        return where

    def _in_context(
        self, span: Span, candidates: list[tuple[str, str]], named: dict[str, list[int]]
    ) -> list[tuple[str, str]]:
        """Of state organs sharing a name, the one whose country the sentence names, else the
        document; all of them when none is named (the first in the data wins); none when
        several are."""
        entries = [self.kb.entry(entry_id) for entry_id, _ in candidates]
        countries = {e.country for e in entries if e and e.kind == "state_organ" and e.country}
        if len(countries) < 2 or len(countries) != len(entries):
            return candidates
        sent = span.sent
        for scope in (range(sent.start, sent.end), range(len(span.doc))):
            here = {c for c in countries if any(i in scope for i in named.get(c, ()))}
            if len(here) == 1:
                pairs = zip(candidates, entries, strict=True)
                return [c for c, e in pairs if e is not None and e.country in here]
            if len(here) > 1:
                return []
        return candidates

    def _preferred(self, span: Span, candidates: list[tuple[str, str]]) -> tuple[str, str]:
        """Of several entries sharing a name, the one `KnowledgeBase.lookup` ranks first (a
        person in office at the document's date, a later user file); names before demonyms
        before seats."""
        if len(candidates) > 1:
            best = self.kb.lookup(span.text, span.doc._.rp_date)
            preferred = best.id if best is not None else None
            candidates = sorted(
                candidates, key=lambda c: (c[0] != preferred, _KIND_ORDER.get(c[1], 3))
            )
        return candidates[0]

    def _generic_spans(
        self, doc: Doc, blocked: set[int], named: list[Span], names: list[Span]
    ) -> list[Span]:
        """Class nouns that act on their own ("militias", "protesters") or whose country the
        text gives by place or origin ("students in Tehran", "troops from Chad"). The names
        of unknown people with a title ("Senator Ana Ruiz") go into `names`, to be listed."""
        taken = {i: s for s in named for i in range(s.start, s.end)}
        spans = []
        for _, start, end in self.nouns(doc):
            span = doc[start:end]
            sector = self.kb.sector_for_noun(span.text)
            root = span.root
            if sector is None or any(i in taken or i in blocked for i in range(start, end)):
                continue
            person = self._titled_stranger(span, sector, taken, named)
            if person is not None:
                spans.append(person)
                names.append(doc[span.end : person.end])
                continue
            if root.pos_ not in ("NOUN", "PROPN") or root.dep_ == "compound":
                continue  # "fighter jets" are not fighters
            if self._state_qualifier(root, taken) is not None:
                continue  # "Iraqi militias": the title pass handles it
            kind = _SECTOR_KIND.get(sector, "other")
            countries = self._place_countries(root, sector, taken)
            if countries:  # as "Iraqi militias" would be; "in Iraq and Syria": one each
                refs = tuple(ActorRef(c, sector=sector, kind=kind) for c in countries)
            elif sector in _STANDALONE_SECTORS or _a_group(root, sector):
                refs = (ActorRef(None, sector, None, generic=root.lemma_.lower(), kind=kind),)
            elif (
                root.dep_ not in _NOT_ARGUMENT_DEPS
                and (local := self._local_place(root, sector, taken)) is not None
            ):
                start = min(start, local[1])  # "a Kano court", "Delhi police"
                refs = (ActorRef(local[0], sector=sector, kind=kind, country_from="phrase"),)
            elif self._specific_organ(span):
                country, how = self._context_country(span, taken, named)
                if how in ("phrase", "document"):  # "Catalonia's government", "Korean ..."
                    start = min([start, *(c.i for c in root.children if _qualifies(c, root))])
                refs = (
                    ActorRef(country, sector=sector, kind=kind, country_from=how)
                    if country is not None
                    else ActorRef(None, sector, None, generic=root.lemma_.lower(), kind=kind),
                )
            else:
                continue
            new = Span(doc, start, end, label="ACTOR")
            new._.rp_refs = refs
            spans.append(new)
        return spans

    def _local_place(
        self, root: Token, sector: str, taken: dict[int, Span]
    ) -> tuple[str, int] | None:
        """A state organ named with a city or region of its state before it ("a Kano court",
        "Delhi police"; never a place two states share, "Punjab"): the state and where its
        phrase starts. The place itself is no actor."""
        if sector not in _STATE_SECTORS:
            return None
        for child, text in _place_modifiers(root, taken):
            if child.i > root.i:
                continue
            country = self.kb.place_country(text)
            if country is not None and country in self.kb and not self.kb.shared_place(text):
                return country, min(t.i for t in child.subtree)
        return None

    def _titled_stranger(
        self, span: Span, sector: str, taken: dict[int, Span], named: Sequence[Span]
    ) -> Span | None:
        """A personal title before a name the knowledge base lacks ("Pune MP Anil Rao",
        "Interim President Ana Ruiz"): the person, as an actor of the title's sector, whose
        state is a place in the phrase ("Pune") or, for a state's own office, the one the
        context gives ("President"); None when the name is no person's."""
        doc = span.doc
        end = span.end
        while end < len(doc) and doc[end].ent_type_ == "PERSON" and doc[end].is_title:
            end += 1
        if not self.kb.person_noun(span.text) or end == span.end or end - span.end > 4:
            return None  # "MP expenses", "Parliament building"
        words = doc[span.start : end]
        if any(i in taken for i in range(span.end, end)) or any(
            c.i in taken or c.tag_ == "POS" for t in words for c in t.children
        ):
            return None  # a known person, or a state's title: the title pass joins them
        if span.start > 0 and (span.start - 1 in taken or doc[span.start - 1].tag_ == "POS"):
            return None  # "Saudi national security adviser X", "Iran's envoy X"
        start = span.start
        local = next(
            (p for t in doc[span.start : end] if (p := self._local_place(t, sector, taken))),
            None,
        )
        country, how = (local[0], "phrase") if local else (None, None)
        if local:
            start = min(start, local[1])
        elif sector in _STATE_SECTORS and self.kb.context_noun(span.text) is not None:
            country, how = self._context_country(span, taken, named)
        new = Span(doc, start, end, label="ACTOR")
        kind = _SECTOR_KIND.get(sector, "other")
        generic = normalise(span.text).lower()
        new._.rp_refs = (
            ActorRef(
                country,
                sector,
                None,
                generic=None if country else generic,
                kind=kind,
                country_from=how,
            ),
        )
        return new

    def _specific_organ(self, span: Span) -> bool:
        """ "the court", "police", "the prime minister", "authorities": one state's own organ or
        office, named as a body whose country the context gives; not a class ("governments
        around the world", "a court of law", "foreign ministers", "the two governments"), a
        predicate ("he became prime minister") or an apposition."""
        how = self.kb.context_noun(span.text)
        root = span.root
        if how is None or root.dep_ in _NOT_ARGUMENT_DEPS or root.head.lower_ == "as":
            return False
        dets = [c for c in root.children if c.dep_ in ("det", "predet", "nummod")] + [
            c for c in root.children if c.dep_ == "poss" and c.pos_ == "PRON"
        ]
        if any(c.lower_ not in _DEFINITE for c in dets):
            return False  # "a court", "many governments", "its army" (the pronoun pass), "two"
        owner = any(
            c.dep_ in ("poss", "compound", "amod") and c.pos_ == "PROPN" for c in root.children
        )
        if not dets and how != "bare" and not span[0].is_title and not owner:
            return False  # "took them to court"; "Parliament voted" is one
        for child in root.children:
            if span.start <= child.i < span.end:
                continue  # "foreign" in "the foreign ministry" is part of the noun
            if child.dep_ == "amod" and child.lower_ in _GENERIC_MODIFIERS:
                return False  # "foreign governments", "the other ministers"
            if child.lower_ in _GENERIC_MODIFIERS:  # "worldwide"
                return False
            if child.dep_ == "prep" and any(
                g.dep_ == "pobj" and g.lemma_.lower() in _GENERIC_PLACES for g in child.children
            ):
                return False  # "governments around the world", "a court of law"
        return True

    def _context_country(
        self, span: Span, taken: dict[int, Span], named: Sequence[Span]
    ) -> tuple[str | None, str | None]:
        """The state whose organ a sector noun with no country names is, and how it was found:
        a place in its own phrase ("Catalonia's government", "the Korean government" where the
        document names one Korea only), the place it acts in ("the court ruled in Lahore"),
        the one state the sentence's places and actors name ("the court ruled the vote in
        Pakistan valid"), else the state the earlier sentences name most (and strictly more
        than any other). (None, None) when no such state is certain."""
        root = span.root
        for _child, text in _place_modifiers(root, taken):
            shared = self.kb.shared_place(text)
            if shared:
                one = self._only_named(shared, named)
                return (one, "document") if one else (None, None)
            country = self.kb.place_country(text)
            if country is not None and country in self.kb:
                return country, "phrase"
        here = self._acts_in(root, taken)
        if here is not None:
            return here, "place"
        here = self._sentence_country(span, taken, named)
        if here is not None:
            return here, "sentence"
        dominant = self._dominant_country(span, named)
        return (dominant, "document") if dominant else (None, None)

    def _acts_in(self, root: Token, taken: dict[int, Span]) -> str | None:
        """ "The court ruled in Lahore", "police arrested him in Lagos": the place of the
        clause the noun is subject or object of."""
        if root.dep_ not in _CLAUSE_DEPS or root.head.pos_ not in ("VERB", "AUX"):
            return None
        for prep in root.head.children:
            if prep.dep_ != "prep" or prep.lower_ not in _LOCATIVE_PREPS:
                continue
            for obj in prep.children:
                if obj.dep_ == "pobj":
                    country = self._where(obj, taken)
                    if country is not None and country in self.kb:
                        return country
        return None

    def _sentence_country(
        self, span: Span, taken: dict[int, Span], named: Sequence[Span]
    ) -> str | None:
        """The one state that every place ("in Pakistan", "in Lahore") and every state organ
        of the sentence names ("Nigeria's army said the police ..."); a state named bare
        ("Iran accused the government") may be the organ's counterpart, not its owner."""
        sent = span.sent
        places: set[str] = set()
        actors: set[str] = set()
        for tok in sent:
            if tok.dep_ == "pobj" and tok.head.lower_ in _LOCATIVE_PREPS:
                country = self._where(tok, taken)
                if country is None:
                    continue
                places.add(country)
        organs: set[str] = set()
        for other in named:
            if (
                not sent.start <= other.start < sent.end
                or _is_place(other)
                or names_a_patron(other)
            ):
                continue
            country = self._state_of(other)
            noun = _qualified_noun(other)
            sector = self.kb.sector_for_noun(noun.text) if noun is not None else None
            if country is None or (sector is not None and sector not in _STATE_SECTORS):
                continue  # "a French citizen" is no organ of the state that holds him
            organ = sector is not None or other._.rp_refs[0].sector is not None  # or a seat
            (organs if organ else actors).add(country)
        states = places | actors | organs
        if len(states) == 1 and (places or organs):
            return states.pop()
        return None

    def _dominant_country(self, span: Span, named: Sequence[Span]) -> str | None:
        """The state the sentences before this one name most, strictly more than any other."""
        start = span.sent.start
        counts: dict[str, int] = {}
        for other in named:
            if other.start >= start:
                continue
            country = self._state_of(other)
            if country is not None:
                counts[country] = counts.get(country, 0) + 1
        ranked = sorted(counts.values(), reverse=True)
        if not ranked or (len(ranked) > 1 and ranked[0] == ranked[1]):
            return None
        return max(counts, key=lambda c: counts[c])

    def _only_named(self, countries: Sequence[str], named: Sequence[Span]) -> str | None:
        """Of the states a shared name may stand for ("Korean"), the one the document names
        when it names exactly one of them."""
        found = {self._state_of(s) for s in named} & set(countries)
        return found.pop() if len(found) == 1 else None

    def _state_of(self, span: Span) -> str | None:
        """The state a named span is or belongs to (a state, its seat or demonym, its organ)."""
        ref = span._.rp_refs[0]
        entry = self.kb.entry(ref.entry_id) if ref.entry_id else None
        if entry is None or entry.kind not in ("state", "state_organ"):
            return None
        return entry.country

    def _backed_spans(
        self, cues: list[Token], blocked: set[int], named: list[Span], generic: list[Span]
    ) -> list[Span]:
        """ "Iran-backed groups in Iraq", "Turkish-backed factions", "Russian-backed forces in
        Libya": armed clients (REB) that keep the country where they are, never their
        patron's."""
        taken = {i: s for s in named for i in range(s.start, s.end)}
        used = taken.keys() | {i for s in generic for i in range(s.start, s.end)} | blocked
        spans = []
        for tok in cues:
            if tok.lower_ not in _BACKING or tok.i < 2:
                continue
            doc, noun = tok.doc, tok.head
            if (
                doc[tok.i - 1].text not in ("-", "\u2013")
                or doc[tok.i - 2].i not in taken
                or noun.i <= tok.i
                or noun.i in used
                or not self._client_noun(noun)
                or self._state_qualifier(noun, taken) is not None  # "Iran-backed Iraqi militia"
            ):
                continue
            countries = self._place_countries(noun, "REB", taken)
            refs = tuple(ActorRef(c, sector="REB", kind="armed_group") for c in countries) or (
                ActorRef(None, "REB", None, generic=noun.lemma_.lower(), kind="armed_group"),
            )
            new = Span(doc, noun.i, noun.i + 1, label="ACTOR")
            new._.rp_refs = refs
            spans.append(new)
        return spans

    def _client_noun(self, noun: Token) -> bool:
        """ "groups", "factions", and forces of no state ("Russian-backed forces", not
        "Saudi-backed government forces")."""
        if noun.lemma_.lower() in _CLIENT_NOUNS:
            return True
        statal = any(c.dep_ == "compound" and c.lower_ == "government" for c in noun.children)
        return self.kb.sector_for_noun(noun.text) == "MIL" and not statal

    def _state_qualifier(self, noun: Token, taken: dict[int, Span]) -> Span | None:
        """The named state or seat that qualifies `noun` as its own ("Iraqi militias"), unless
        it is only the noun's patron ("pro-Iranian militias", "Iranian proxies")."""
        if noun.lower_ in _PROXY_NOUNS:
            return None
        for child in noun.children:
            span = taken.get(child.i)
            qualifies = child.dep_ in ("amod", "compound", "poss", "nmod")
            if qualifies and span is not None and not _is_patron(span):
                return span
        return None

    def _place_countries(self, noun: Token, sector: str, taken: dict[int, Span]) -> list[str]:
        """The countries of "militias in Iraq", "fighters from Lebanon", "residents of Gaza",
        "lawmakers in Fornost and Gondor" (every place of a list must be known)."""
        for prep in noun.children:
            if prep.dep_ != "prep" or prep.lower_ not in _PLACE_PREPS:
                continue
            own = self.kb.context_noun(noun.text) is not None  # "the government in Kabul"
            if sector in _ORGAN_SECTORS and prep.lower_ not in _ORIGIN_PREPS and not own:
                continue
            for obj in prep.children:
                if obj.dep_ != "pobj":
                    continue
                places = [obj, *(c for c in obj.subtree if c.dep_ == "conj" and c.head.i >= obj.i)]
                countries = [self._where(place, taken) for place in places]
                if all(countries):
                    return [c for c in dict.fromkeys(countries) if c is not None and c in self.kb]
        return []

    def _where(self, place: Token, taken: dict[int, Span]) -> str | None:
        """The state a place phrase lies in: its name with compounds ("Gaza City"), the word
        alone, a compound part ("the Gaza Strip"), or the state a named span there stands for
        ("eastern Ukraine")."""
        parts = [c for c in place.children if c.dep_ == "compound"]
        candidates = [_compound_text(place), place.text, *(c.text for c in parts)]
        for text in candidates:
            country = self.kb.place_country(text)
            if country is not None:
                return country
        span = taken.get(place.i)
        if span is not None:
            ref = span._.rp_refs[0]
            entry = self.kb.entry(ref.entry_id) if ref.entry_id else None
            if entry is not None and entry.kind == "state":
                return entry.country
        return None

    # ---- pass 2: titles, descriptions and the people of a state

    def _with_title(self, doc: Doc, span: Span, taken: dict[int, Span], names: list[Span]) -> Span:
        """Extend a name to the title or sector noun it qualifies.

        "Iraqi troops" -> Iraq, MIL; "Iran's foreign minister" -> Iran, GOV; "Kazakh
        President Kassym-Jomart Tokayev" -> Kazakhstan, GOV (the unknown name goes to
        `names`). A named person right after the title ("Iranian President Hassan Rouhani")
        keeps the person's entry. A group's name takes in its noun ("Houthi rebels").
        """
        ref = span._.rp_refs[0]
        entry = self.kb.entry(ref.entry_id) if ref.entry_id else None
        if entry is None:
            return span
        if entry.kind != "state":
            return self._with_noun(doc, span, taken)
        if _is_patron(span):
            return span  # "pro-Iranian militias": the militias are not Iran's own
        head = _qualified_noun(span)
        if head is None:
            return self._people(doc, span, entry.id)
        if head.lower_ in _PROXY_NOUNS:
            return span
        organ = self._owned_organ(span, head, taken)
        if organ is not None:
            return organ
        found = self._title(span, head)
        if found is None:
            return span
        title, sector, name_end = found
        start = min(span.start, title.start)
        if _former(doc, title.start) or _former(doc, span.start):
            return span  # "Pakistan's former prime minister" is not Pakistan's government
        for end in (name_end, title.end):
            if all(taken.get(i, span) is span for i in range(start, end)):
                break
        else:
            return span  # "US and Iranian officials": each keeps its own
        if end > title.end:
            names.append(doc[title.end : end])
        new = Span(doc, start, end, label="ACTOR")
        new._.rp_refs = (ActorRef(entry.id, sector=sector, kind=_SECTOR_KIND.get(sector)),)
        return new

    def _owned_organ(self, span: Span, head: Token, taken: dict[int, Span]) -> Span | None:
        """ "the British Treasury", "India's Foreign Office": a state named before another
        state's organ's generic name owns the organ: its own organ of that name, else the
        state with the organ's sector. Its own organ named again ("Iran's IRGC") stays."""
        organ = taken.get(head.i)
        if organ is None or organ is span or organ.start < span.end:
            return None
        doc = span.doc
        between = doc[span.end : organ.start]
        if any(t.dep_ != "case" and t.lower_ != "the" for t in between):
            return None
        ref = organ._.rp_refs[0]
        entry = self.kb.entry(ref.entry_id) if ref.entry_id else None
        state = self.kb.entry(span._.rp_refs[0].entry_id or "")
        if entry is None or entry.kind != "state_organ" or state is None:
            return None
        if entry.country == state.country:
            return None
        own = [e for e in self.kb.named(organ.text) if e.country == state.country]
        new = Span(doc, span.start, organ.end, label="ACTOR")
        if own and own[0].kind == "state_organ":
            new._.rp_refs = (ActorRef(own[0].id),)
        else:
            sector = entry.sector or "GOV"
            new._.rp_refs = (ActorRef(state.id, sector=sector, kind="state_organ"),)
        return new

    def _person_title(self, span: Span, spans: Sequence[Span]) -> Span:
        """ "former prime minister Imran Khan", "Russian opposition leader Alexei Navalny",
        "ex-president X": the title right before a person's name goes with the person, and so
        does one in an apposition right after it ("X, Iran's foreign minister, said", "X, the
        former prime minister,"). A title that belongs to a group ("Hamas leader X", "X, the
        Hamas leader,") is the group's, not a state office."""
        ref = span._.rp_refs[0]
        entry = self.kb.entry(ref.entry_id) if ref.entry_id else None
        if entry is None or entry.kind != "person":
            return span
        title = self._title_before_name(span, spans) if span.start > 0 else None
        title = title or self._apposed_title(span, spans)
        if title is None:
            return span
        new = Span(span.doc, span.start, span.end, label=span.label_)
        new._.rp_refs = (replace(ref, title=title),)
        return new

    def _title_before_name(self, span: Span, spans: Sequence[Span]) -> Title | None:
        """The personal title right before the name ("former prime minister X"), unless a
        group owns it ("Hamas leader X")."""
        doc = span.doc
        found = self._title_before(doc, span.start)
        if found is None:
            return None
        start, sector = found
        left = start - 1 if start > 0 and doc[start - 1].dep_ == "case" else start
        owner = next((s for s in spans if s.start < left <= s.end and s.end <= span.start), None)
        if owner is not None and self._kind_of(owner._.rp_refs[0]) not in _TITLE_OWNERS:
            return None  # "Hamas leader X", "Likud leader X": the title is the group's
        former = _former(doc, start) or (owner is not None and _former(doc, owner.start))
        return Title(normalise(doc[start : span.start].text), sector, former)

    def _apposed_title(self, span: Span, spans: Sequence[Span]) -> Title | None:
        """The personal title heading an apposition right after the name, set off by a comma:
        "X, Iran's foreign minister,", "X, the former prime minister,", "X, the army chief,".
        The apposition must start right after the comma and its head must end the title; a
        state or office inside it may own the title, a group may not ("X, Hamas's leader")."""
        doc = span.doc
        comma = span.end
        if comma + 1 >= len(doc) or doc[comma].text != ",":
            return None
        head = next(
            (c for tok in span for c in tok.children if c.dep_ == "appos" and c.i > comma), None
        )
        if head is None or head.left_edge.i != comma + 1:
            return None
        found = self._title_before(doc, head.i + 1)
        if found is None or found[0] <= comma:
            return None
        start, sector = found
        owners = [s for s in spans if comma < s.start < start]
        if any(self._kind_of(s._.rp_refs[0]) not in _TITLE_OWNERS for s in owners):
            return None
        former = any(t.lower_ in _FORMER or t.lower_ in ("ex", "ex-") for t in doc[comma:start])
        return Title(normalise(doc[start : head.i + 1].text), sector, former)

    def _title_before(self, doc: Doc, end: int) -> tuple[int, str] | None:
        """Where the longest personal title ending right before `end` starts, and its sector."""
        for start in range(max(0, end - 4), end):
            words = doc[start:end]
            if not all(t.is_alpha for t in words):
                continue
            sector = self.kb.sector_for_noun(words.text)
            if sector is not None and self.kb.person_noun(words.text):
                return start, sector
        return None

    def _title(self, span: Span, head: Token) -> tuple[Span, str, int] | None:
        """The title between a state name and the head of the phrase it starts ("national
        security adviser", "Prime Minister" in "Gondor's Prime Minister Falastur"), its
        sector, and where a proper name after it ends."""
        top = head
        while top.dep_ == "compound" and top.head.i > top.i and top.head.pos_ in ("NOUN", "PROPN"):
            top = top.head
        doc = span.doc
        left = span.end
        while left < top.i and doc[left].dep_ == "case":  # "Gondor 's"
            left += 1
        best: tuple[Span, str] | None = None
        for end in range(top.i + 1, left, -1):
            for start in range(left, end):
                sector = self.kb.sector_for_noun(doc[start:end].text)
                if sector is not None:
                    best = (doc[start:end], sector)
                    break
            if best is not None:
                break
        if best is None:
            return None
        title, sector = best
        rest = doc[title.end : top.i + 1]
        name_end = top.i + 1 if len(rest) and all(t.pos_ == "PROPN" for t in rest) else title.end
        return title, sector, name_end

    def _coordinated(self, doc: Doc, titled: list[Span], taken: dict[int, Span]) -> list[Span]:
        """ "Danish media and government", "Iraqi soldiers and police": a bare sector noun
        coordinated with a titled one shares its state."""
        out = []
        for span in titled:
            ref = span._.rp_refs[0]
            if ref.entry_id is None or ref.sector is None or span.root.i != span.end - 1:
                continue
            for conj in span.root.conjuncts:
                sector = self.kb.sector_for_noun(conj.text)
                bare = not any(c.dep_ in ("amod", "compound", "poss") for c in conj.children)
                if conj.i < span.end or conj.i in taken or sector is None or not bare:
                    continue
                new = Span(doc, conj.i, conj.i + 1, label="ACTOR")
                new._.rp_refs = (
                    ActorRef(ref.entry_id, sector=sector, kind=_SECTOR_KIND.get(sector)),
                )
                out.append(new)
        return out

    def _people(self, doc: Doc, span: Span, entry_id: str) -> Span:
        """A bare demonym heading its own phrase names the people ("ordinary Kazakhs",
        "Lebanese queued"); with "the" it names the state ("the Iranians said")."""
        demonyms = self._demonyms.get(entry_id)
        text = span.text
        key = text.lower() if text.isalpha() else normalise(text)  # the same for plain words
        if not demonyms or key not in demonyms:
            return span
        root = span.root
        if root.dep_ not in _NOMINAL_DEPS or _definite(span) or not _a_people(root):
            return span  # "Saudi has raised prices": a singular name-like demonym is the state
        new = Span(doc, span.start, span.end, label="ACTOR")
        new._.rp_refs = (ActorRef(entry_id, sector="CVL", kind=_SECTOR_KIND["CVL"]),)
        return new

    def _with_noun(self, doc: Doc, span: Span, taken: dict[int, Span]) -> Span:
        """ "Houthi rebels", "Taliban fighters", "NATO troops": the noun is the group itself."""
        root = span.root
        head = root.head
        if root.dep_ not in ("compound", "amod", "nmod") or head.i != span.end:
            return span
        if self.kb.sector_for_noun(head.text) is None or head.i in taken:
            return span
        new = Span(doc, span.start, head.i + 1, label=span.label_)
        new._.rp_refs = span._.rp_refs
        return new

    # ---- pass 3: definite descriptions that point back

    def _anaphora(self, doc: Doc, cues: list[Token], spans: list[Span]) -> list[Span]:
        """Resolve "the group", "the movement", "the alliance", "the kingdom" to the nearest
        compatible actor named in this or the previous two sentences (clause subjects first).
        A generic span on the same words ("the militants") gives way to the named group."""
        out = list(spans)
        starts: list[int] = []
        for tok in cues:
            kinds = _ANAPHORS.get(tok.lower_)
            if kinds is None or tok.i == 0 or not _anaphor_shape(tok):
                continue
            starts = starts or [s.start for s in doc.sents]
            here = [s for s in out if s.start <= tok.i < s.end]
            if any(s._.rp_refs[0].entry_id is not None for s in here):
                continue
            here_sent = bisect_right(starts, tok.i)
            earlier = [
                s
                for s in out
                if s.end <= tok.i - 1
                and here_sent - bisect_right(starts, s.start) <= _ANAPHOR_WINDOW
            ]
            antecedent = self._antecedent(tok, kinds, earlier)
            if antecedent is None:
                continue
            out = [s for s in out if s not in here]
            new = Span(doc, tok.i - 1, tok.i + 1, label="COREF")
            new._.rp_refs = (replace(antecedent._.rp_refs[0], coreference=True),)
            out.append(new)
        return sorted(out, key=lambda s: s.start)

    def _antecedent(self, tok: Token, kinds: frozenset[str], earlier: list[Span]) -> Span | None:
        form = tok.lower_ if tok.lower_ in _STATE_FORMS else None
        best: tuple[tuple[int, int, int], Span] | None = None
        for span in earlier:
            if len(span._.rp_refs) != 1 or self._kind_of(span._.rp_refs[0]) not in kinds:
                continue
            entry_id = span._.rp_refs[0].entry_id
            fits = form is None or self._has_form(entry_id, form)
            if form is not None and not fits:
                continue
            key = (0 if span.root.dep_ in _SUBJECT_DEPS else 1, tok.i - span.end, 0)
            if best is None or key < best[0]:
                best = (key, span)
        return best[1] if best else None

    def _kind_of(self, ref: ActorRef) -> str | None:
        """The actor kind a reference makes; only named entries are antecedents."""
        entry = self.kb.entry(ref.entry_id) if ref.entry_id else None
        if entry is None:
            return None
        if entry.kind == "state" and ref.sector not in (None, "GOV"):
            return ref.kind or "state_organ"
        return entry.kind

    def _has_form(self, entry_id: str | None, form: str) -> bool:
        entry = self.kb.entry(entry_id) if entry_id else None
        if entry is None:
            return False
        return any(form in normalise(n).split() for n in [entry.name, *entry.aliases])

    # ---- pass 5: pronouns

    def _pronouns(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """ "Turkey says it will attack", "Navalny said his team ...": a pronoun points back
        to the one actor of its kind earlier in its sentence, else in the sentence before, and
        only when no other noun there could be what it stands for ("Iran rejected the plan,
        saying it was unfair" stays unresolved). Never a guess between several. "Its forces"
        of a state are that state's military, "its fighters" of a group the group."""
        taken = {i for s in spans for i in range(s.start, s.end)}
        found: list[Span] = []
        for tok in (doc[i] for i in _positions(doc, self._pronoun_words)):
            want = _PRONOUNS.get(tok.lower_)
            if want is None or tok.i in taken or tok.pos_ != "PRON" or _pleonastic(tok):
                continue
            sent = tok.sent
            prev = doc[sent.start - 1].sent if sent.start > 0 else None
            scopes = [(sent.start, tok.i)] + ([(prev.start, tok.i)] if prev is not None else [])
            for lo, hi in scopes:
                earlier = [s for s in [*spans, *found] if lo <= s.start and s.end <= hi]
                refs = {_plain(s) for s in earlier if want in self._pronoun_classes(s)}
                if refs or self._rivals(doc, lo, hi, want, earlier):
                    break
            if len(refs) != 1 or self._rivals(doc, lo, hi, want, earlier):
                continue
            antecedent = next(s for s in reversed(earlier) if _plain(s) in refs)
            ref = replace(antecedent._.rp_refs[0], coreference=True)
            owned = self._owned_noun(tok, ref, spans)
            if owned is not None:
                spans = [s for s in spans if not (s.start <= owned.end - 1 < s.end)]
                found.append(owned)
                continue
            new = Span(doc, tok.i, tok.i + 1, label="COREF")
            new._.rp_refs = (ref,)
            found.append(new)
        return sorted([*spans, *found], key=lambda s: s.start)

    def _owned_noun(self, pron: Token, ref: ActorRef, spans: Sequence[Span]) -> Span | None:
        """ "its forces" (of Iran): Iran's military; "its fighters" (of Hezbollah): the group.
        Only a possessive right before the sector noun it owns, which no named actor holds."""
        head = pron.head
        entry = self.kb.entry(ref.entry_id) if ref.entry_id else None
        if pron.dep_ != "poss" or head.i != pron.i + 1 or entry is None or entry.kind == "person":
            return None
        sector = self.kb.sector_for_noun(head.text)
        if sector is None or any(
            s.start <= head.i < s.end and s._.rp_refs[0].entry_id for s in spans
        ):
            return None
        new = Span(pron.doc, pron.i, head.i + 1, label="COREF")
        if entry.kind == "state" and ref.kind is None:  # the state itself, not its people
            new._.rp_refs = (
                ActorRef(entry.id, sector=sector, kind=_SECTOR_KIND.get(sector), coreference=True),
            )
        elif entry.kind in _GROUP_KINDS and ref.sector is None:
            new._.rp_refs = (ref,)
        else:
            return None
        return new

    def _pronoun_classes(self, span: Span) -> set[str]:
        """Which pronouns can stand for the actor a span names: "it" for a state or a body,
        "they" for plurals and groups, "he"/"she" for people and personal titles."""
        if len(span._.rp_refs) != 1 or _is_place(span) or names_a_patron(span):
            return set()
        ref = span._.rp_refs[0]
        entry = self.kb.entry(ref.entry_id) if ref.entry_id else None
        root = span.root
        plural = root.tag_ in _PLURAL_TAGS
        if entry is not None and entry.kind == "person":
            return {"person"}
        if entry is not None and not (entry.kind == "state" and ref.kind is not None):
            if entry.kind != "state":
                return {"it", "they"} if plural or entry.kind in _GROUP_KINDS else {"it"}
            people = plural and root.lower_ in self._demonyms.get(entry.id, ())
            return {"they"} if people else {"it"}  # "the Iranians"; "the United States"
        if plural:  # "Iraqi troops", "militias"
            return {"they"}
        return {"person"} if self.kb.person_noun(root.text) else {"it"}

    def _rivals(self, doc: Doc, lo: int, hi: int, want: str, earlier: Sequence[Span]) -> bool:
        """Whether a noun that is no actor could be what the pronoun stands for: a singular
        thing for "it", a plural for "they", a person the knowledge base lacks for "he"."""
        inside = {i for s in earlier for i in range(s.start, s.end)}
        for tok in doc[lo:hi]:
            if tok.i in inside or tok.pos_ not in ("NOUN", "PROPN") or tok.dep_ == "compound":
                continue
            if tok.ent_type_ in _NOT_REFERENTS:
                continue
            person = tok.ent_type_ == "PERSON" or self.kb.person_noun(tok.text)
            if want == "person" and person:
                return True
            if want == "they" and tok.tag_ in _PLURAL_TAGS and not person:
                return True
            if want == "it" and tok.tag_ not in _PLURAL_TAGS and not person:
                return True
        return False

    # ---- names the knowledge base lacks

    def _unknown(
        self, doc: Doc, spans: Sequence[Span], blocked: set[int], names: Sequence[Span]
    ) -> list[Span]:
        named_inside = {i for s in names for i in range(s.start, s.end)}
        taken = ({i for s in spans for i in range(s.start, s.end)} - named_inside) | blocked
        unknown = []
        for ent in doc.ents:
            if ent.label_ not in _NER_LABELS or any(t.i in taken for t in ent):
                continue
            if ent.label_ == "GPE" or ent.root.lower_ in _NOT_ACTOR_NOUNS:
                continue  # a place the knowledge base lacks is a place, not an actor
            unknown.append(ent)
        return unknown


def _place_modifiers(root: Token, taken: dict[int, Span]) -> Iterator[tuple[Token, str]]:
    """The modifiers of `root` no actor holds that may name a place ("a Kano court",
    "Catalonia's government"), each as its compound text ("Gaza City") and as itself."""
    for child in root.children:
        if child.dep_ in ("amod", "compound", "poss", "nmod") and child.i not in taken:
            for text in dict.fromkeys((_compound_text(child), child.text)):
                yield child, text


def _qualifies(child: Token, noun: Token) -> bool:
    """A proper name or adjective right before a noun that says whose it is ("Catalonia's")."""
    return (
        child.i < noun.i
        and child.dep_ in ("amod", "compound", "poss", "nmod")
        and child.pos_ in ("PROPN", "ADJ")
        and child.is_title
    )


def _companies(doc: Doc, blocked: set[int], spans: Sequence[Span]) -> list[Span]:
    """Organisations whose names end in a company's legal form ("Acme Mining Ltd", "Borel
    AG"): businesses (BUS) the knowledge base need not list, of no country."""
    used = blocked | {i for s in spans for i in range(s.start, s.end)}
    found = []
    for ent in doc.ents:
        if ent.label_ != "ORG" or len(ent) < 2 or ent[-1].text.rstrip(".") not in _LEGAL_FORMS:
            continue
        if any(i in used for i in range(ent.start, ent.end)):
            continue
        span = Span(doc, ent.start, ent.end, label="ACTOR")
        name = _strip_article(ent.text)
        span._.rp_refs = (ActorRef(None, "BUS", None, generic=name, kind="business"),)
        found.append(span)
    return found


def _datelines(doc: Doc) -> set[int]:
    """The tokens of news datelines at the start of the text or of a paragraph ("JERUSALEM --",
    "KABUL (Reuters) -", "LA PAZ, Bolivia --"): where the story was filed, never an actor."""
    starts = [0] + [t.i + 1 for t in doc if t.is_space and "\n" in t.text]
    found: set[int] = set()
    for start in starts:
        for tok in doc[start : start + _DATELINE_MAX]:
            if tok.text in _DASHES:
                line = doc[start : tok.i]
                marked = doc[start].is_upper or any(t.text in ("(", ",") for t in line)
                spaced = tok.i > start and bool(doc[tok.i - 1].whitespace_)  # not "US-China"
                if spaced and marked and tok.i + 1 < len(doc):  # not "Israel - the ..."
                    found.update(range(start, tok.i + 1))
                break
            if not (tok.is_title or tok.is_upper or tok.text in _DATELINE_PUNCT):
                break
    return found


def _spellings(surface: str) -> list[str]:
    """An alias and its other house spellings: "NATO" -> "Nato" (acronyms of four letters or
    more, letters only), "Organisation" <-> "Organization", "Defence" <-> "Defense"."""
    forms = [surface]
    if len(surface) >= 4 and surface.isalpha() and surface.isupper():
        forms.append(surface.capitalize())
    for british, american in _SPELLINGS:
        for a, b in ((british, american), (american, british)):
            if a in surface:
                forms.append(surface.replace(a, b))
    return list(dict.fromkeys(forms))


def _a_group(root: Token, sector: str) -> bool:
    """ "Teachers", "workers", "refugees" as a side: a plural noun of a group sector in an
    argument role, not a predicate ("they are teachers")."""
    return (
        sector in _GROUP_SECTORS
        and root.tag_ in _PLURAL_TAGS
        and root.dep_ not in _NOT_ARGUMENT_DEPS
    )


def _capitalised(span: Span) -> bool:
    """Case-folded matches must still look like names: "Turkey", "ISLAMIC STATE", not "turkey"."""
    return span[0].is_title or span[0].is_upper


def _strip_article(text: str) -> str:
    text = text.strip()
    return text[4:] if text.lower().startswith("the ") else text


def _compound_text(token: Token) -> str:
    left = min([token.i] + [c.i for c in token.children if c.dep_ == "compound"])
    return token.doc[left : token.i + 1].text


def _names_a_place_or_thing(span: Span) -> bool:
    """ "the Helmand River", "the Red Sea": a name inside a longer proper noun is not an actor;
    nor is one that only qualifies a thing ("the Minsk agreements")."""
    nxt = span.doc[span.end] if span.end < len(span.doc) else None
    if nxt is None:
        return False
    for tok in span.doc[span.end : span.end + 4]:  # "the Grand Ethiopian Renaissance Dam"
        if not tok.is_title:
            break
        if tok.lower_ in _NOT_ACTOR_NOUNS:
            return True
    return nxt.lower_ in _THING_NOUNS and span.root.head == nxt and span.root.dep_ == "compound"


def _is_patron(span: Span) -> bool:
    """ "pro-Iranian", "pro Russian": the name says whom an actor sides with, not who it is."""
    doc = span.doc
    before = [t.lower_ for t in doc[max(0, span.start - 2) : span.start]]
    return before[-1:] == ["pro"] or before == ["pro", "-"] or before[-1:] == ["pro-"]


def names_a_patron(span: Span) -> bool:
    """Whether the span names only the backer of the actor it qualifies: "pro-Iranian
    militias", "Iran-backed groups" (a leader is no mere backer: "the Saudi-led coalition")."""
    doc = span.doc
    after = doc[span.end : span.end + 2]
    backed = len(after) == 2 and after[0].text in ("-", "\u2013") and after[1].lower_ in _BACKING
    return backed or _is_patron(span)


def _a_people(token: Token) -> bool:
    """A demonym heading its phrase as a plural ("Venezuelans"), as an adjective used as a
    noun ("Lebanese queued"), or with a quantity or description ("ordinary Kazakhs")."""
    plural = token.tag_ in ("NNS", "NNPS") or "Number=Plur" in str(token.morph)
    modified = any(c.dep_ in ("amod", "nummod", "quantmod", "compound") for c in token.children)
    return plural or token.pos_ == "ADJ" or modified or token.lower_.endswith("s")


def _former(doc: Doc, i: int) -> bool:
    """Whether the words before token `i` put it in the past: "former", "ex-", "ousted"."""
    before = [t.lower_ for t in doc[max(0, i - 2) : i]]
    return before[-1:] in (["ex-"], *([w] for w in _FORMER)) or before == ["ex", "-"]


def _pleonastic(tok: Token) -> bool:
    """ "It is unclear whether", "it remains to be seen", "it was Iran that": an "it" that
    stands for nothing (any "it" subject of a copula, to be safe)."""
    if tok.dep_ == "expl":
        return True
    return tok.lower_ == "it" and tok.dep_ in _SUBJECT_DEPS and tok.head.lemma_ in _COPULAS


def _definite(span: Span) -> bool:
    doc = span.doc
    return span.start > 0 and doc[span.start - 1].lower_ in ("the", "these", "those")


def _anaphor_shape(tok: Token) -> bool:
    """ "the group" as a phrase of its own: not "the group of seven", not "the group Hamas"."""
    doc = tok.doc
    if doc[tok.i - 1].lower_ != "the" or tok.pos_ not in ("NOUN", "PROPN"):
        return False
    if tok.i + 1 < len(doc) and doc[tok.i + 1].pos_ == "PROPN":
        return False
    return not any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children)


def _positions(doc: Doc, hashes: numpy.ndarray) -> list[int]:
    """Indexes of the tokens whose lower-case form is one of `hashes`, without building a
    Token per word."""
    if not len(doc):
        return []
    lowers = doc.to_array(LOWER)
    return [int(i) for i in numpy.flatnonzero(numpy.isin(lowers, hashes))]


def _qualified_noun(span: Span) -> Token | None:
    """The noun a state name modifies, if the name is its adjective, compound or possessor."""
    root = span.root
    while root.dep_ == "conj" and root.head.i < root.i:  # "US and Iranian officials"
        root = root.head
    if root.dep_ in ("amod", "compound", "poss", "nmod") and root.head.pos_ in ("NOUN", "PROPN"):
        return root.head
    return None


def _coreference_spans(doc: Doc, cues: list[Token], spans: Sequence[Span]) -> list[Span]:
    """Resolve "the two countries" to the last pair named, in reading order."""
    known = sorted(spans, key=lambda s: s.start)
    out: list[Span] = []
    for tok in cues:
        if tok.lower_ not in _PAIR_LAST or tok.i == 0:
            continue
        first = tok.i - 1
        if (doc[first].lower_, tok.lower_) not in _PAIR_PHRASES:
            continue
        earlier = sorted([s for s in known + out if s.end <= first], key=lambda s: s.start)
        refs = _last_pair(earlier)
        if refs:
            span = Span(doc, first, tok.i + 1, label="COREF")
            span._.rp_refs = tuple(replace(ref, coreference=True) for ref in refs)
            out.append(span)
    return out


def _last_pair(earlier: Sequence[Span]) -> tuple[ActorRef, ...]:
    """The last pair named: an earlier "the two countries", or two actors coordinated as the
    parties of a clause ("the US and Iran", "between Iran and the Taliban"), else the two most
    recent actors not named as places ("in Iraq")."""
    for span in reversed(earlier):
        if span.label_ == "COREF" and len(span._.rp_refs) == 2:
            return tuple(span._.rp_refs)
        partner = _coordinated_partner(span, earlier)
        if partner is not None:
            return (_plain(partner), _plain(span))
    recent: list[ActorRef] = []
    for span in reversed([s for s in earlier if not _is_place(s)]):
        ref = _plain(span)
        if ref not in recent:
            recent.append(ref)
        if len(recent) == 2:
            return (recent[1], recent[0])
    return ()


_PARTY_DEPS = {"nsubj", "nsubjpass", "dobj", "poss", "dative"}


def _coordinated_partner(span: Span, spans: Sequence[Span]) -> Span | None:
    root = span.root
    if root.dep_ != "conj":
        return None
    first = root.head
    is_party = first.dep_ in _PARTY_DEPS or (
        first.dep_ == "pobj" and first.head.lower_ == "between"
    )
    if not is_party:
        return None
    for other in spans:
        if other.root == first and other.label_ == "ACTOR" and _plain(other) != _plain(span):
            return other
    return None


def _is_place(span: Span) -> bool:
    root = span.root
    return root.dep_ == "pobj" and root.head.lower_ in ("in", "at", "near", "from", "across")


def _plain(span: Span) -> ActorRef:
    ref: ActorRef = span._.rp_refs[0]
    return ActorRef(ref.entry_id, country=ref.country, generic=ref.generic, kind=ref.kind)
