"""spaCy component `realpolitik_links`: ties the text states rather than acts.

"Iran-backed militias" and "Iran's outsized influence over militias" state patronage;
"brought Russia and Iran together" and "allies" state alignment; "rivals" rivalry; "the
Helmand River dispute ... between Iran and the Taliban" a dispute with its issue. Such
statements never move cooperation scores; they become relations of their own kind.

A *divergence* ("their interests are drifting apart", "a growing rift between X and Y")
states a turn rather than a tie: the pair was aligned and is moving apart. It is no relation
of its own; the timeline uses it to mark a shift (`relations.timeline`). Only divergences the
text asserts are kept: "could drive them apart" is speculation, not a turn.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from realpolitik.actors.kb import KnowledgeBase
from realpolitik.actors.loader import knowledge_base
from realpolitik.actors.recognizer import ACTORS_KEY
from realpolitik.events import arguments as args
from realpolitik.events.coder import ABSTRACT_NOUNS, ISSUES
from realpolitik.events.lexicon import load_lexicon
from realpolitik.events.modality import modality_of

BACKING_WORDS = {
    "backed",
    "funded",
    "sponsored",
    "supported",
    "trained",
    "armed",
    "aligned",
    "allied",
    "controlled",
    "affiliated",
    "financed",
    "led",
}
PROXY_NOUNS = {"proxy", "proxies", "client", "clients", "surrogate", "surrogates", "affiliates"}
INFLUENCE_NOUNS = {"influence", "control", "sway", "leverage", "patronage", "grip"}
ALLIANCE_NOUNS = {"alliance", "allies", "ally", "axis", "front", "partnership", "partners"}
RIVALRY_NOUNS = {"rivalry", "rivals", "rival", "competition", "competitors"}
# Enemies are more than rivals: a stated enmity stands for the pair's conflict when no event
# between them is on record (`relations.aggregate`).
ENMITY_NOUNS = {"enemies", "enemy", "adversaries", "adversary", "foes", "foe", "nemesis"}
DISPUTE_NOUNS = {
    "dispute",
    "disputes",
    "disagreement",
    "disagreements",
    "tension",
    "tensions",
    "row",
    "quarrel",
    "feud",
    "standoff",
    "spat",
    "conflict",
}
# A turn apart: verbs (with "apart" where listed), nouns that name one, and the change
# words that make a standing state ("differences", "tensions") a turn ("growing tensions").
DIVERGING_VERBS = {"diverge", "part"}
APART_VERBS = {"drift", "grow", "move", "pull", "drive", "come", "fall"}
SOURING_VERBS = {"sour", "deteriorate", "cool", "fray", "worsen"}
DIVERGENCE_NOUNS = {"divergence", "rift", "estrangement", "split", "rupture", "falling"}
STRAIN_NOUNS = {"differences", "difference", "tensions", "tension", "friction", "strains", "gap"}
CHANGE_WORDS = {"growing", "emerging", "widening", "deepening", "rising", "mounting",
                "increasing", "new", "diverging", "divergent"}  # fmt: skip
SHARED_NOUNS = {"interest", "interests", "goals", "goal", "agendas", "agenda", "priorities",
                "paths", "positions", "policies", "aims", "objectives", "visions", "strategies",
                "relations", "relationship", "ties", "partnership", "alliance"}  # fmt: skip
_TIE_NOUNS = {"relations", "relationship", "ties", "partnership", "alliance"}
_PAIR_LOOKBACK = 4  # sentences searched for the pair "their" stands for
GROUP_NOUNS = {"group", "movement", "militia", "organisation", "organization", "faction", "rebels"}
_POSSESSIVE_PRONOUNS = {"its", "their", "his", "her"}


@dataclass
class RawLink:
    """A stated tie between actor spans, before entities are fixed at the document date."""

    kind: str
    a: list[Span]
    b: list[Span]
    anchor: Token
    issue: str | None = None
    confidence: float = 0.6

    @property
    def sentence(self) -> Span:
        return self.anchor.sent


if not Doc.has_extension("rp_links"):
    Doc.set_extension("rp_links", default=None)


@Language.factory("realpolitik_links", default_config={"actor_files": []})
def make_link_finder(nlp: Language, name: str, actor_files: list[str]) -> LinkFinder:
    return LinkFinder(knowledge_base(tuple(actor_files)))


class LinkFinder:
    """Sets `doc._.rp_links` with the patronage, alliance, rivalry and dispute statements."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.non_agents = frozenset(load_lexicon().nouns) | ABSTRACT_NOUNS

    def __call__(self, doc: Doc) -> Doc:
        index = args.ActorIndex(list(doc.spans.get(ACTORS_KEY, [])), self.non_agents)
        links: list[RawLink] = []
        words = [t.lower_ for t in doc]
        lemmas = [t.lemma_.lower() for t in doc]
        triggers = _triggers()
        for sent in doc.sents:
            # Every finder starts from a word of its own; a sentence without one is skipped
            # (each finder would read all its tokens to find nothing).
            sent_words = set(words[sent.start : sent.end])
            sent_lemmas = set(lemmas[sent.start : sent.end])
            if not sent_words.isdisjoint(BACKING_WORDS):
                links += _backed(sent, index, self._armed_group_before)
            for finder, (by_word, by_lemma) in triggers.items():
                if not (sent_words.isdisjoint(by_word) and sent_lemmas.isdisjoint(by_lemma)):
                    links += finder(sent, index)
        doc._.rp_links = [link for link in links if _distinct(link)]
        return doc

    def _armed_group_before(self, tok: Token) -> Span | None:
        """The last armed group named before a token: who "the Iran-backed group" is."""
        spans = [s for s in tok.doc.spans.get(ACTORS_KEY, []) if s.end <= tok.i]
        for span in reversed(spans):
            entry_id = span._.rp_refs[0].entry_id
            entry = self.kb.entry(entry_id) if entry_id else None
            if entry is not None and entry.kind == "armed_group":
                return span
        return None


def _distinct(link: RawLink) -> bool:
    """Two parties at least: "the two allies" (one span, two refs) on both sides counts."""
    if len(link.a) == len(link.b) == 1 and link.a[0] == link.b[0]:
        return len(link.a[0]._.rp_refs) == 2
    keys_a = {r for s in link.a for r in s._.rp_refs}
    return bool(link.a and link.b) and not {r for s in link.b for r in s._.rp_refs} <= keys_a


Finder = Callable[[Span, args.ActorIndex], list[RawLink]]


def _triggers() -> dict[Finder, tuple[set[str], set[str]]]:
    """Each finder (in order) with the lower-case words and lemmas that can start a link: a
    token with neither is skipped by the finder's first test."""
    return {
        _proxy_or_influence: (PROXY_NOUNS | INFLUENCE_NOUNS | {"forces"}, set()),
        _alliance_or_rivalry: (ALLIANCE_NOUNS | RIVALRY_NOUNS, {"bring", "draw"}),
        _enmity: (ENMITY_NOUNS, set()),
        _dispute: (DISPUTE_NOUNS, set()),
        _divergence: (
            DIVERGENCE_NOUNS | STRAIN_NOUNS,
            APART_VERBS | DIVERGING_VERBS | SOURING_VERBS | {"part"},
        ),
    }


def _backed(
    sent: Span, index: args.ActorIndex, group_before: Callable[[Token], Span | None]
) -> list[RawLink]:
    """ "Iran-backed militias", "Hezbollah, the Iran-backed movement", "the Iran-backed group"."""
    links = []
    for tok in sent:
        if tok.lower_ not in BACKING_WORDS or tok.i < 2 or tok.nbor(-1).text not in ("-", "–"):
            continue
        patron = index.at(tok.nbor(-2))
        client = _next_actor(tok, index)
        if client is None or _is_class_noun(client):  # "the Iran-backed group": which group?
            client = _group_named(tok, index, group_before) or client
        if patron is not None and client is not None:
            links.append(RawLink("patronage", [patron], [client], tok))
    return links


def _is_class_noun(span: Span) -> bool:
    ref = span._.rp_refs[0]
    return ref.entry_id is None and (ref.generic or "") in GROUP_NOUNS


def _group_named(
    tok: Token, index: args.ActorIndex, group_before: Callable[[Token], Span | None]
) -> Span | None:
    """The group a "-backed" noun stands for: its apposition's head, else the last group named."""
    noun = tok.head
    if noun.lower_ not in GROUP_NOUNS:
        return None
    if noun.dep_ == "appos" and index.at(noun.head) is not None:
        return index.at(noun.head)
    return group_before(tok)


def _next_actor(tok: Token, index: args.ActorIndex) -> Span | None:
    """The noun phrase a hyphenated modifier qualifies: the next actor within a few tokens."""
    doc = tok.doc
    for i in range(tok.i + 1, min(tok.i + 6, tok.sent.end)):
        span = index.at(doc[i])
        if span is not None:
            return span
        if doc[i].pos_ in ("VERB", "ADP", "PUNCT") and doc[i].text not in ("-",):
            return None
    return None


def _owner(noun: Token, index: args.ActorIndex) -> list[Span]:
    """The possessor of a noun ("Iran's proxy"), resolving "its"/"their" to the clause subject."""
    holder = noun.head if noun.dep_ in ("compound", "amod") else noun  # "its proxy Hezbollah"
    for child in [*noun.children, *holder.children]:
        if child.dep_ == "poss":
            if child.lower_ in _POSSESSIVE_PRONOUNS:
                return index.phrase(child) or _clause_subject(noun, index) or _topic(child, index)
            return index.phrase(child)
    return []


def _topic(pronoun: Token, index: args.ActorIndex) -> list[Span]:
    """The one actor that is a subject before `pronoun` in its sentence: the most salient
    referent when the pronoun's own clause has none ("Iran intervened ...: these included
    ... its proxy Hezbollah"). Two candidate subjects are ambiguous, and give nothing."""
    subjects = [
        span
        for tok in pronoun.sent
        if tok.i < pronoun.i and tok.dep_ in ("nsubj", "nsubjpass")
        for span in index.phrase(tok)
    ]
    return subjects if len({s.start for s in subjects}) == 1 else []


def _clause_subject(tok: Token, index: args.ActorIndex) -> list[Span]:
    head = tok
    for _ in range(8):
        if head.pos_ in ("VERB", "AUX"):
            subjects = args.verb_subjects(head, index)
            if subjects:
                return subjects
            for child in head.children:  # "Iran's regional strategy relies on proxies"
                if child.dep_ == "nsubj":
                    owners = [
                        s
                        for p in child.children
                        if p.dep_ == "poss" and p.lower_ not in _POSSESSIVE_PRONOUNS
                        for s in index.phrase(p)
                    ]
                    if owners:
                        return owners
        if head.head.i == head.i:
            break
        head = head.head
    return []


def _proxy_or_influence(sent: Span, index: args.ActorIndex) -> list[RawLink]:
    """ "its proxy Hezbollah", "proxy forces such as Hezbollah", "influence over militias"."""
    links = []
    for tok in sent:
        word = tok.lower_
        if word in PROXY_NOUNS or (word == "forces" and _has_child(tok, "proxy")):
            clients = _named_clients(tok, index)
            patrons = _owner(tok, index) or (_clause_subject(tok, index) if clients else [])
            if patrons and clients:
                links.append(RawLink("patronage", patrons, clients, tok))
        elif word in INFLUENCE_NOUNS:
            patrons = _owner(tok, index)
            clients = [
                s
                for p in tok.children
                if p.dep_ == "prep" and p.lower_ in ("over", "on")
                for o in p.children
                if o.dep_ == "pobj"
                for s in index.phrase(o)
            ]
            clients = [c for c in clients if _is_non_state(c)]
            if patrons and clients:
                links.append(RawLink("patronage", patrons, clients, tok, confidence=0.5))
    return links


def _has_child(tok: Token, word: str) -> bool:
    return any(c.lower_ == word for c in tok.children)


def _named_clients(noun: Token, index: args.ActorIndex) -> list[Span]:
    clients: list[Span] = []
    if noun.dep_ in ("compound", "amod"):  # "its proxy Hezbollah"
        clients += index.phrase(noun.head)
    for child in noun.children:
        if child.dep_ in ("appos", "compound") and child.i > noun.i or child.dep_ == "appos":
            clients += index.phrase(child)
    clients += [s for s in index.listed(noun) if s not in clients]
    if noun.dep_ == "appos":
        clients += index.phrase(noun.head)
    return [c for c in clients if _is_non_state(c)]


def _is_non_state(span: Span) -> bool:
    ref = span._.rp_refs[0]
    return ref.entry_id is None or ref.kind in ("armed_group", None) and ref.sector in (None, "REB")


def _pair_of(tok: Token, index: args.ActorIndex) -> list[Span]:
    """The two sides a relation noun names: "between X and Y", "X-Y", "X and Y are rivals"."""
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ in ("between", "among", "with"):
            found = [s for o in child.children if o.dep_ == "pobj" for s in index.phrase(o)]
            owner = _owner(tok, index)
            if child.lower_ == "with" and owner:
                found = owner + found
            if len(found) >= 2 or child.lower_ != "with":
                return found
    modifiers = [
        s
        for c in tok.children
        if c.dep_ in ("compound", "amod", "nmod", "poss")
        for s in index.phrase(c)
    ]
    if len(modifiers) >= 2:
        return modifiers
    verb = tok.head if tok.dep_ in ("attr", "dobj", "pobj") else None
    if verb is not None and verb.pos_ in ("AUX", "VERB"):
        subjects = args.verb_subjects(verb, index)
        if len(subjects) >= 2 or (len(subjects) == 1 and len(subjects[0]._.rp_refs) == 2):
            return subjects
    return []


def _alliance_or_rivalry(sent: Span, index: args.ActorIndex) -> list[RawLink]:
    links = []
    for tok in sent:
        word, lemma = tok.lower_, tok.lemma_.lower()
        kind = (
            "alliance" if word in ALLIANCE_NOUNS else "rivalry" if word in RIVALRY_NOUNS else None
        )
        if lemma in ("bring", "draw") and _has_child(tok, "together"):
            kind = "alliance"
            sides = [s for c in tok.children if c.dep_ == "dobj" for s in index.phrase(c)]
        elif kind is not None:
            sides = _pair_of(tok, index)
        else:
            continue
        sides = _expand(sides)
        if len(sides) >= 2:
            links.append(RawLink(kind, sides[:1], sides[1:2], tok))
    return links


def _expand(spans: list[Span]) -> list[Span]:
    """A coreference span ("the two countries") stands for both sides."""
    if len(spans) == 1 and len(spans[0]._.rp_refs) == 2:
        return [spans[0], spans[0]]
    return spans


def _dispute(sent: Span, index: args.ActorIndex) -> list[RawLink]:
    links = []
    for tok in sent:
        if tok.lower_ not in DISPUTE_NOUNS:
            continue
        issue = _issue_of(tok)
        sides = _expand(_pair_of(tok, index))
        if len(sides) < 2 and tok.dep_ == "nsubj":
            # "The Helmand River dispute remains a source of tension between Iran and the Taliban"
            for sib in tok.head.children:
                if sib.dep_ in ("attr", "dobj", "acomp"):
                    for sub in sib.subtree:
                        if sub.lower_ in DISPUTE_NOUNS:
                            sides = _expand(_pair_of(sub, index))
        if len(sides) >= 2 and issue is not None:
            links.append(RawLink("dispute", sides[:1], sides[1:2], tok, issue=issue))
    return links


def _issue_of(noun: Token) -> str | None:
    """What a dispute is over: its own modifiers and "over"/"about" phrase first."""
    near = [t for c in noun.children if c.dep_ in ("compound", "amod", "prep") for t in c.subtree]
    for tok in near:
        issue = ISSUES.get(tok.lower_)
        if issue is not None:
            return issue
    return None


# ---- divergence: a stated turn apart -------------------------------------------------------


def _divergence(sent: Span, index: args.ActorIndex) -> list[RawLink]:
    """ "X and Y drift apart", "their interests diverge", "the rift between X and Y",
    "growing differences between X and Y", "relations between X and Y soured"."""
    links = []
    for tok in sent:
        if not _turns_apart(tok):
            continue
        sides = _expand(_diverging_sides(tok, index))
        if len(sides) >= 2 and modality_of(tok).modality == "asserted":
            links.append(RawLink("divergence", sides[:1], sides[1:2], tok, confidence=0.5))
    return links


def _turns_apart(tok: Token) -> bool:
    lemma, word = tok.lemma_.lower(), tok.lower_
    if tok.pos_ in ("VERB", "AUX"):
        if lemma in APART_VERBS or lemma == "part":
            return _has_child(tok, "apart") or (lemma == "part" and _has_child(tok, "ways"))
        if lemma in DIVERGING_VERBS:
            return True
        subject = _subject_of(tok)
        return lemma in SOURING_VERBS and subject is not None and subject.lower_ in _TIE_NOUNS
    if tok.pos_ != "NOUN":
        return False
    if word in DIVERGENCE_NOUNS:
        return word != "falling" or _has_child(tok, "out")
    return word in STRAIN_NOUNS and any(c.lower_ in CHANGE_WORDS for c in tok.children)


def _diverging_sides(tok: Token, index: args.ActorIndex) -> list[Span]:
    if tok.pos_ == "NOUN":
        return _pair_of(tok, index) or _holders(tok, index)
    subject = _subject_of(tok)
    if subject is None:
        return []
    return index.phrase(subject) or _holders(subject, index)


def _subject_of(verb: Token) -> Token | None:
    """A verb's subject, through "seems to"/"began to" (xcomp)."""
    head = verb
    for _ in range(3):
        for child in head.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                return child
        if head.dep_ != "xcomp":
            return None
        head = head.head
    return None


def _holders(noun: Token, index: args.ActorIndex) -> list[Span]:
    """Whose interests/relations they are: "of the two countries", "Russian and Iranian",
    "Iran's and Russia's", or "their" standing for the pair named just before."""
    found = index.phrase(noun) if noun.lower_ in SHARED_NOUNS else []
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in ("of", "between"):
            found += [s for o in child.children if o.dep_ == "pobj" for s in index.phrase(o)]
        elif child.dep_ == "poss" and child.lower_ == "their":
            found += _recent_pair(child, index)
        elif child.dep_ in ("poss", "amod", "compound", "nmod"):
            found += index.phrase(child)
    unique: list[Span] = []
    for span in found:
        if span not in unique:
            unique.append(span)
    return unique


def _recent_pair(tok: Token, index: args.ActorIndex) -> list[Span]:
    """The pair "their" stands for: the last two coordinated actors ("Russia and Iran") or
    one span naming two ("the two countries") in this sentence or the few before."""
    doc = tok.doc
    first_sent = tok.sent
    for _ in range(_PAIR_LOOKBACK):
        if first_sent.start == 0:
            break
        first_sent = doc[first_sent.start - 1].sent
    found: list[Span] = []
    for t in doc[first_sent.start : tok.i]:
        span = index.at(t)
        if span is not None and len(span._.rp_refs) == 2:
            found = [span]
        elif span is not None and t.dep_ != "conj" and t.i == span.root.i:
            phrase = index.phrase(t)
            if len(phrase) >= 2:
                found = phrase[:2]
    return found


# ---- enmity: "X and Y are enemies", "X's adversary Y", "their shared adversary, Y" --------


def _enmity(sent: Span, index: args.ActorIndex) -> list[RawLink]:
    links = []
    for tok in sent:
        if tok.lower_ not in ENMITY_NOUNS:
            continue
        sides = _expand(_pair_of(tok, index))
        if len(sides) < 2:
            named = _named_foes(tok, index)
            owners = _owner(tok, index) or (_actor_before(tok, index) if named else [])
            sides = [*owners[:1], *named[:1]]
        if len(sides) >= 2 and modality_of(tok).modality == "asserted":
            links.append(RawLink("enmity", sides[:1], sides[1:2], tok))
    return links


def _named_foes(noun: Token, index: args.ActorIndex) -> list[Span]:
    """Who the enemy is: "its enemy Israel", "their adversary, Israel", "Israel, its foe"."""
    found = [s for c in noun.children if c.dep_ == "appos" for s in index.phrase(c)]
    if noun.dep_ in ("compound", "amod"):
        found += index.phrase(noun.head)
    if noun.dep_ == "appos":
        found += index.phrase(noun.head)
    return found


def _actor_before(tok: Token, index: args.ActorIndex) -> list[Span]:
    """ "their"/"its" with no subject to stand for: the nearest actor named before it in the
    sentence ("Iran's efforts ... against their shared adversary")."""
    for t in reversed(tok.sent[: tok.i - tok.sent.start]):
        span = index.at(t)
        if span is not None:
            return [span]
    return []
