"""spaCy component `realpolitik_actors`: find the actors a document names.

Three passes, cheapest first:
1. phrase matching over every alias, demonym and seat of power in the knowledge base;
2. titles and descriptions around those names ("Iraqi troops", "Iran's foreign minister",
   "Iranian President Hassan Rouhani") turn a state into one of its sectors;
3. within-document coreference for the phrases analysts use for the last pair named
   ("the two countries", "both sides") and for "the group".

Names spaCy's NER sees but the knowledge base lacks are kept in `doc.spans["rp_unknown"]`
so a user can list and add them. Media outlets are never actors.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from realpolitik.actors.kb import AliasKind, KnowledgeBase
from realpolitik.actors.loader import knowledge_base

ACTORS_KEY = "rp_actors"
UNKNOWN_KEY = "rp_unknown"

# Generic nouns that are actors even with no country named ("militias", "protesters").
_STANDALONE_SECTORS = {"REB", "OPP", "INS"}
# Sectors whose generic actors are armed groups rather than parts of a state.
_SECTOR_KIND = {
    "GOV": "state_organ", "MIL": "state_organ", "COP": "state_organ", "SPY": "state_organ",
    "LEG": "state_organ", "JUD": "state_organ", "REB": "armed_group", "INS": "armed_group",
    "PTY": "party", "MED": "media", "JRN": "media", "BUS": "business",
}  # fmt: skip
_PAIR_PHRASES = {
    ("two", "countries"), ("two", "sides"), ("two", "parties"), ("two", "nations"),
    ("two", "governments"), ("two", "states"), ("two", "neighbours"), ("two", "neighbors"),
    ("two", "rivals"), ("two", "powers"), ("two", "allies"),
    ("both", "sides"), ("both", "parties"), ("both", "countries"), ("both", "governments"),
    ("the", "parties"), ("the", "sides"), ("each", "other"),
}  # fmt: skip
_GROUP_NOUNS = {"group", "movement", "organisation", "organization", "militia"}
_NER_LABELS = {"ORG", "NORP", "GPE", "PERSON"}
_NOT_ACTOR_NOUNS = {"river", "treaty", "sea", "programme", "program", "region", "province"}


@dataclass(frozen=True)
class ActorRef:
    """What a mention refers to, before the event date fixes its sector.

    `entry_id` names a knowledge-base entry; `sector` overrides its sector when a title or
    description says which part of a state acts; `generic` holds the noun for actors that are
    a class rather than a named body ("militias"), with `country` where the text says where.
    """

    entry_id: str | None
    sector: str | None = None
    country: str | None = None
    generic: str | None = None
    kind: str | None = None


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

    def _add_aliases(self, nlp: Language, aliases: Iterable[tuple[str, str, AliasKind]]) -> None:
        """Short all-caps aliases ("US", "UN") match case-sensitively; longer ones in any case."""
        exact: dict[str, list[Doc]] = {}
        folded: dict[str, list[Doc]] = {}
        for text, entry_id, kind in aliases:
            surface = _strip_article(text)
            if not surface:
                continue
            key = f"{entry_id}|{kind.value}"
            self._alias_kind[key] = kind
            exact.setdefault(key, []).append(nlp.make_doc(surface))
            if len(surface) > 4 and not surface.isupper():
                folded.setdefault(key, []).append(nlp.make_doc(surface))
        for key, docs in exact.items():
            self.names.add(key, docs)
        for key, docs in folded.items():
            self.lower_names.add(key, docs)

    def __call__(self, doc: Doc) -> Doc:
        media = [doc[s:e] for _, s, e in self.media(doc)]
        blocked = {t.i for span in media for t in span}
        named = self._named_spans(doc, blocked)
        generic = self._generic_spans(doc, blocked, named)
        spans = filter_spans(named + generic)
        taken = {t.i: span for span in spans for t in span}
        spans = [self._with_title(doc, span, taken) for span in spans]
        spans = filter_spans(spans)
        spans += _coreference_spans(doc, spans)
        doc.spans[ACTORS_KEY] = sorted(spans, key=lambda s: s.start)
        doc.spans[UNKNOWN_KEY] = self._unknown(doc, spans, blocked)
        return doc

    def _named_spans(self, doc: Doc, blocked: set[int]) -> list[Span]:
        spans = []
        folded = [(m, s, e) for m, s, e in self.lower_names(doc) if _capitalised(doc[s:e])]
        for match_id, start, end in [*self.names(doc), *folded]:
            if any(i in blocked for i in range(start, end)):
                continue
            entry_id, kind = doc.vocab.strings[match_id].split("|")
            span = Span(doc, start, end, label="ACTOR")
            if _names_a_place_or_thing(span):
                continue
            sector = "GOV" if kind == AliasKind.SEAT.value else None
            span._.rp_refs = (ActorRef(entry_id, sector=sector),)
            spans.append(span)
        return spans

    def _generic_spans(self, doc: Doc, blocked: set[int], named: list[Span]) -> list[Span]:
        """Class nouns that act on their own: "militias in Iraq", "protesters in Tehran"."""
        taken = {t.i for s in named for t in s}
        spans = []
        for _, start, end in self.nouns(doc):
            span = doc[start:end]
            sector = self.kb.sector_for_noun(span.text)
            if (
                sector not in _STANDALONE_SECTORS
                or span.root.pos_ not in ("NOUN", "PROPN")
                or span.root.dep_ == "compound"
            ):  # "fighter jets" are not fighters
                continue
            if any(t.i in taken or t.i in blocked for t in span):
                continue
            if any(
                c.dep_ in ("amod", "compound", "poss") and c.i in taken for c in span.root.children
            ):
                continue  # "Iraqi militias": the title pass handles it
            country = self._place_country(span.root)
            ref = ActorRef(
                None,
                sector=sector,
                country=country,
                generic=span.root.lemma_.lower(),
                kind=_SECTOR_KIND.get(sector or "", "other"),
            )
            new = Span(doc, start, end, label="ACTOR")
            new._.rp_refs = (ref,)
            spans.append(new)
        return spans

    def _place_country(self, noun: Token) -> str | None:
        """The country of "militias in Iraq" / "fighters from Lebanon", if the text says."""
        for prep in noun.children:
            if prep.dep_ == "prep" and prep.lower_ in ("in", "from", "of"):
                for obj in prep.children:
                    if obj.dep_ == "pobj":
                        entity = self.kb.lookup(_compound_text(obj))
                        if entity is not None and entity.kind == "state":
                            return entity.country
        return None

    def _with_title(self, doc: Doc, span: Span, taken: dict[int, Span]) -> Span:
        """Extend a state name to the title or sector noun it qualifies.

        "Iraqi troops" -> Iraq, MIL; "Iran's foreign minister" -> Iran, GOV. A named person
        right after the title ("Iranian President Hassan Rouhani") keeps the person's entry.
        """
        ref = span._.rp_refs[0]
        entry = self.kb.entry(ref.entry_id) if ref.entry_id else None
        if entry is None or entry.kind != "state":
            return span
        noun = _qualified_noun(span)
        if noun is None:
            return span
        title = _noun_phrase_core(noun)
        sector = self.kb.sector_for_noun(title.text) or self.kb.sector_for_noun(noun.text)
        if sector is None:
            return span
        start, end = min(span.start, title.start), max(span.end, title.end)
        if any(taken.get(i, span) is not span for i in range(start, end)):
            start, end = span.start, span.end  # "US and Iranian officials": each keeps its own
        new = Span(doc, start, end, label="ACTOR")
        new._.rp_refs = (ActorRef(entry.id, sector=sector, kind=_SECTOR_KIND.get(sector)),)
        return new

    def _unknown(self, doc: Doc, spans: Sequence[Span], blocked: set[int]) -> list[Span]:
        taken = {t.i for s in spans for t in s} | blocked
        unknown = []
        for ent in doc.ents:
            if ent.label_ not in _NER_LABELS or any(t.i in taken for t in ent):
                continue
            if ent.label_ == "GPE" or ent.root.lower_ in _NOT_ACTOR_NOUNS:
                continue  # a place the knowledge base lacks is a place, not an actor
            unknown.append(ent)
        return unknown


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
    """ "the Helmand River", "the Red Sea": a name inside a longer proper noun is not an actor."""
    nxt = span.doc[span.end] if span.end < len(span.doc) else None
    return nxt is not None and nxt.lower_ in _NOT_ACTOR_NOUNS and nxt.is_title


def _qualified_noun(span: Span) -> Token | None:
    """The noun a state name modifies, if the name is its adjective, compound or possessor."""
    root = span.root
    while root.dep_ == "conj" and root.head.i < root.i:  # "US and Iranian officials"
        root = root.head
    if root.dep_ in ("amod", "compound", "poss", "nmod") and root.head.pos_ in ("NOUN", "PROPN"):
        head = root.head
        # "Iranian Foreign Minister Mohammad Javad Zarif": the title is a compound of the name
        while head.dep_ == "compound" and head.head.pos_ == "PROPN" and head.head.i > head.i:
            head = head.head
        return head
    return None


def _noun_phrase_core(noun: Token) -> Span:
    """The noun with its compound and adjectival title words: "national security adviser"."""
    left = noun.i
    for child in sorted(noun.children, key=lambda t: -t.i):
        if child.i == left - 1 and child.dep_ in ("compound", "amod") and child.ent_type_ != "NORP":
            left = child.i
    return noun.doc[left : noun.i + 1]


def _coreference_spans(doc: Doc, spans: Sequence[Span]) -> list[Span]:
    """Resolve "the two countries" to the last pair named, in reading order."""
    known = sorted(spans, key=lambda s: s.start)
    out: list[Span] = []
    for tok in doc[:-1]:
        if (tok.lower_, doc[tok.i + 1].lower_) not in _PAIR_PHRASES:
            continue
        earlier = sorted([s for s in known + out if s.end <= tok.i], key=lambda s: s.start)
        refs = _last_pair(earlier)
        if refs:
            span = Span(doc, tok.i, tok.i + 2, label="COREF")
            span._.rp_refs = refs
            out.append(span)
    return out


def _last_pair(earlier: Sequence[Span]) -> tuple[ActorRef, ...]:
    """The last pair named: an earlier "the two countries", or two actors coordinated as the
    parties of a clause ("the US and Iran", "between Iran and the Taliban"), else the two most
    recent actors not named as places ("in Iraq")."""
    for span in reversed(earlier):
        if span.label_ == "COREF":
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
