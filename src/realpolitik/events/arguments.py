"""Who did it, to whom, through whom: event arguments read off the dependency parse.

Handles active and passive voice, coordination ("Iran and the Taliban"), control verbs
("encourage Iran to pressure the Houthis"), verbs sharing a subject, nominal events
("Hamas's attack on Israel", "talks between the US and Iran", "US-Iran talks") and third
parties ("through Oman, Qatar and Switzerland", "brokered by China").
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Span, Token

from realpolitik.model import QUAD_OF_TYPE

# Prepositions whose object is the one acted upon ("attack on", "talks with", "war against").
TARGET_PREPS = {"with", "against", "on", "to", "toward", "towards", "into", "at", "upon", "onto"}
PLACE_PREPS = {"in", "at", "near", "inside", "across"}
# After an event noun, "at" names a place: "talks at the Kremlin".
NOUN_TARGET_PREPS = TARGET_PREPS - {"at"}
MEDIATOR_PREPS = {"through", "via"}
# Events whose noun names its beneficiary with "for": "support for Kyiv", "aid for Gaza".
FOR_TYPES = {"SUPPORT", "AID"}
MEDIATOR_VERBS = {"broker", "mediate", "host", "facilitate", "sponsor", "arrange"}
_LIST_PREPS = {"like", "including"}
# "a rebel-held enclave", "ISIS-controlled areas": the holder is the one struck there.
HOLDING_VERBS = {"hold", "control"}
# Pronouns that take the doer of the reporting clause above: "Iran says it will retaliate",
# "the rebels said they had rejected the offer", "Tehran said we will respond".
_SINGULAR_PRONOUNS = {"he", "she", "it", "they", "we"}
_MODIFIER_DEPS = ("amod", "compound", "nmod")
_OBJECT_DEPS = ("dobj", "pobj")
_RELATIVE_TAGS = ("WDT", "WP")
_CLAUSE_DEPS = {"relcl", "acl", "advcl", "ccomp", "xcomp", "csubj", "parataxis"}


class ActorIndex:
    """Maps tokens to the actor span they belong to, for one document."""

    def __init__(
        self,
        spans: list[Span],
        non_agents: frozenset[str] = frozenset(),
        event_nouns: frozenset[str] = frozenset(),
        of_agents: frozenset[str] = frozenset(),
        for_agents: frozenset[str] = frozenset(),
    ) -> None:
        self.non_agents = non_agents
        self.for_agents = for_agents
        self.event_nouns = event_nouns
        self.of_agents = of_agents
        self.spans = spans
        self._relatives: tuple[Doc, list[int]] | None = None
        self._by_token: dict[int, Span] = {}
        for span in spans:
            for i in range(span.start, span.end):
                self._by_token.setdefault(i, span)

    def at(self, token: Token) -> Span | None:
        return self._by_token.get(token.i)

    def relative_objects(self, doc: Doc) -> list[int]:
        """Where `doc` has a relative pronoun as an object ("which Iran tried to undermine"),
        read once per document: most verbs' subtrees then need no walk."""
        if self._relatives is None or self._relatives[0] is not doc:
            found = [t.i for t in doc if t.dep_ in _OBJECT_DEPS and t.tag_ in _RELATIVE_TAGS]
            self._relatives = (doc, found)
        return self._relatives[1]

    def phrase(self, head: Token) -> list[Span]:
        """The actors a noun phrase names: its own span, its conjuncts, "X of Y" and lists."""
        found: list[Span] = []
        for tok in _conjuncts(head):
            span = self.at(tok)
            if span is None:
                span = self._inside(tok)
            if span is not None and span not in found:
                found.append(span)
            found += [s for s in self._coordinated_modifiers(tok) if s not in found]
        return found

    def _coordinated_modifiers(self, head: Token) -> list[Span]:
        """ "US and Iranian officials", "Russia and Turkey's ministers": modifiers coordinated
        with each other all qualify."""
        found: list[Span] = []
        for child in head.children:
            if child.dep_ in ("nmod", "amod", "compound", "poss") and any(
                c.dep_ == "conj" for c in child.children
            ):
                for tok in _conjuncts(child):
                    span = self.at(tok)
                    if span is not None and span not in found:
                        found.append(span)
        return found

    def _inside(self, head: Token, depth: int = 0) -> Span | None:
        """An actor named inside a phrase headed by a non-actor noun: "the foreign ministers of
        both parties", "countries like Oman", "proxies such as Hezbollah", "Alice Wells, a
        senior US official"; "US-Iran talks" are handled by their callers."""
        preps = {"of"} | _LIST_PREPS
        if head.lemma_.lower() in self.for_agents:  # "a spokesman for the ministry"
            preps = preps | {"for"}
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in preps:
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        # "the Administrative Centre of [the Russian branch]": one level deeper
                        span = self.at(obj) or (self._inside(obj, depth + 1) if not depth else None)
                        if span is not None:
                            return span
            if child.dep_ == "poss":  # "struck Iran's consulate": Iran is struck
                span = self.at(child)
                if span is not None:
                    return span
            if child.dep_ in _MODIFIER_DEPS and child.i < head.i:
                # "Taliban (suicide) bombers" act as the Taliban; "the Syrian conflict" is no actor
                span = self.at(child)
                if (
                    span is not None
                    and _modifies(span, head)
                    and head.lower_ not in self.non_agents
                ):
                    return span
            if child.dep_ == "appos" and head.ent_type_ in ("PERSON", ""):
                span = self.at(child) or self._inside(child)
                if span is not None:
                    return span
            if child.dep_ in ("amod", "compound") and child.lemma_ in HOLDING_VERBS:
                span = next((self.at(t) for t in child.children if self.at(t) is not None), None)
                if span is not None:
                    return span
        for obj in _such_as(head):
            span = self.at(obj)
            if span is not None:
                return span
        return self._based_in(head)

    def _based_in(self, head: Token) -> Span | None:
        """ "a court in Ankara", "police in Lagos", "workers in Brazil": people or a body
        named only by where they are belong to that place, when nothing else names them."""
        if head.lemma_.lower() in self.non_agents or head.ent_type_:
            return None
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ == "in":
                for obj in child.children:
                    span = self.at(obj) if obj.dep_ == "pobj" else None
                    if span is not None and obj.ent_type_ == "GPE":
                        return span
        return None

    def pair_before(self, token: Token) -> Span | None:
        """The nearest span naming two parties ("both countries", "the two sides") in the
        token's sentence before it or in the sentence just before: whom "the treaty" binds."""
        sent = token.sent
        start = token.doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
        found = [
            s
            for s in self.spans
            if start <= s.start < token.i and s.label_ == "COREF" and len(s._.rp_refs) == 2
        ]
        return found[-1] if found else None

    def listed(self, head: Token) -> list[Span]:
        """All actors of a list phrase: "countries like Oman, Qatar, and Switzerland"."""
        found = self.phrase(head)
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in ({"of"} | _LIST_PREPS):
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        found += [s for s in self.phrase(obj) if s not in found]
            if child.dep_ == "amod" and child.lower_ == "such":
                continue
        for prep in _such_as(head):
            found += [s for s in self.phrase(prep) if s not in found]
        return found


# What may lie between an actor modifier and the noun it qualifies.
_BETWEEN_DEPS = ("compound", "amod", "nmod", "punct", "cc", "conj", "case")


def _modifies(span: Span, head: Token) -> bool:
    """The span ends right before the head, or only other modifiers of it lie between:
    "Taliban suicide bombers", "European Council president Donald Tusk", "a UN human rights
    expert", "the U.S. Fish and Wildlife Service"."""
    doc = head.doc
    return span.end >= head.i or all(
        doc[k].dep_ in _BETWEEN_DEPS and span.start <= doc[k].head.i <= head.i
        for k in range(span.end, head.i)
    )


def _such_as(head: Token) -> Iterator[Token]:
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ == "as":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    yield obj


def _conjuncts(token: Token) -> list[Token]:
    out = [token]
    for child in token.children:
        if child.dep_ == "conj" and child.pos_ in ("NOUN", "PROPN", "ADJ", "PRON"):
            out += _conjuncts(child)
    return out


def verb_subjects(verb: Token, index: ActorIndex, depth: int = 0) -> list[Span]:
    """The doers of a verb, inherited through control, coordination and purpose clauses."""
    for child in verb.children:
        if child.dep_ == "nsubj" and child.tag_ in ("WDT", "WP") and verb.dep_ == "relcl":
            break  # "the Houthis, who attacked Israel": the antecedent, below
        if child.dep_ == "nsubj" and dateline(child):
            # "BERLIN -- A court ...": the parser took the dateline for the subject
            if any(c.dep_ == "nsubj" and c.i != child.i for c in verb.children):
                continue
            after = [c for c in child.children if c.dep_ == "appos" and c.i > child.i]
            return [s for c in after for s in index.phrase(c) or event_agents(c, index)]
        if child.dep_ in ("nsubj", "csubj"):
            return (
                index.phrase(child)
                or event_agents(child, index)
                or _pronoun_antecedent(child, verb, index, depth)
            )
        if child.dep_ == "agent":
            return [s for obj in child.children if obj.dep_ == "pobj" for s in index.phrase(obj)]
    if depth > 3:
        return []
    head = verb.head
    if verb.dep_ in ("acl", "relcl") and head.pos_ == "NOUN" and not index.phrase(head):
        return _clause_on_object(verb, head, index, depth)
    if verb.dep_ == "advcl" and _purpose(verb):
        given = _given_with(head, index)  # "supplied the Houthis with drones to attack"
        if given:
            return given
    if verb.dep_ == "xcomp":
        controller = next((c for c in head.children if c.dep_ in ("dobj", "dative")), None)
        if controller is not None and index.phrase(controller):
            return index.phrase(controller)
        addressed = _addressee(head, index)  # "called on Libya to crack down"
        if addressed:
            return addressed
        return verb_subjects(head, index, depth + 1)
    if verb.dep_ in ("conj", "advcl", "xcomp", "relcl", "acl", "acomp") and head.i != verb.i:
        if verb.dep_ == "relcl" and index.phrase(head) and _relative_is_subject(verb):
            return index.phrase(head)
        return verb_subjects(head, index, depth + 1)
    return []


_DATELINE_MARKS = {"--", "-", "—", "–", ":", "):"}


def dateline(token: Token) -> bool:
    """A news dateline at the start of a sentence: "BERLIN --", "KABUL (Agency):", "MOSCOW,
    Russia --": the place and agency the story was filed from, not a party to it."""
    sent = token.sent
    if token.i - sent.start > 3 or not token.text.isupper() or len(token.text) < 3:
        return False
    following = token.doc[token.i + 1 : token.i + 2].text
    if token.ent_type_ not in ("GPE", "LOC") and following != "(":
        return False  # "NATO - the alliance - said": an actor, not a place
    for t in token.doc[token.i + 1 : min(sent.end, token.i + 8)]:
        if t.text in _DATELINE_MARKS:
            return True
        if t.pos_ in ("VERB", "AUX"):
            return False
    return False


def _purpose(verb: Token) -> bool:
    return has_to(verb)


def has_to(verb: Token) -> bool:
    """An infinitive: "(told Iran) [to leave]"."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _given_with(verb: Token, index: ActorIndex) -> list[Span]:
    """The receiver in "provided X with Y": the one a purpose clause is about."""
    if not any(c.dep_ == "prep" and c.lower_ == "with" for c in verb.children):
        return []
    return [s for c in verb.children if c.dep_ in ("dobj", "dative") for s in index.phrase(c)]


def _addressee(verb: Token, index: ActorIndex) -> list[Span]:
    """The one a request is made to: "called on Libya", "appealed to Iran"."""
    return [
        s
        for c in verb.children
        if c.dep_ == "prep" and c.lower_ in ("on", "upon", "to")
        for o in c.children
        if o.dep_ == "pobj"
        for s in index.phrase(o)
    ]


def event_agents(noun: Token, index: ActorIndex) -> list[Span]:
    """The doers of an event noun in subject position: "Syrian air strikes hit the town",
    "a car bombing by the Islamic State killed ..."."""
    if noun.lower_ in index.event_nouns or noun.lemma_.lower() in index.event_nouns:
        return noun_arguments(noun, index)[0]
    return [s for c in noun.children if c.dep_ == "acl" for s in _agents(c, index)]


def _agents(verb: Token, index: ActorIndex) -> list[Span]:
    """The "by" phrase of a passive: "missiles [fired by the Israeli military]"."""
    return [
        s for a in verb.children if a.dep_ == "agent" for o in a.children for s in index.phrase(o)
    ]


def _pronoun_antecedent(pron: Token, verb: Token, index: ActorIndex, depth: int) -> list[Span]:
    """ "Netanyahu says he will seek support", "Turkey's president says it will begin": a
    subject pronoun in a reported clause stands for the one who reports it."""
    if pron.lower_ not in _SINGULAR_PRONOUNS or verb.dep_ != "ccomp" or depth > 3:
        return []
    return verb_subjects(verb.head, index, depth + 1)


def _clause_on_object(verb: Token, noun: Token, index: ActorIndex, depth: int) -> list[Span]:
    """A clause hanging from a non-actor object speaks for the object's owner or giver:
    "issued a statement [urging Iran ...]" is the issuer's; "provided the Taliban with money
    [to combat US forces]": the one given the means acts."""
    governor = governing_verb(noun)
    if governor is None:
        return verb_subjects(noun, index, depth + 1)
    if _purpose(verb):
        given = [c for c in governor.children if c.dep_ in ("dobj", "dative") and c.i != noun.i]
        found = [s for c in given for s in index.phrase(c)]
        if found:
            return found
    return verb_subjects(governor, index, depth + 1)


def _relative_is_subject(verb: Token) -> bool:
    return any(c.dep_ == "nsubj" and c.tag_ in ("WDT", "WP") for c in verb.children)


def target_preps(event_type: str | None) -> set[str]:
    """Prepositions that introduce the one acted upon, for an event type: in cooperation
    "against X" names the common enemy, not a partner; one withdraws "from X", asks "for"
    someone to act or "from" whom one wants something."""
    if event_type in ("RETREAT", "SANCTION"):  # "recalled its envoy from Cairo"
        return TARGET_PREPS | {"from"}
    if event_type == "REQUEST":  # "called for Britain to stay", "demanded an apology from Iran"
        return TARGET_PREPS | {"for", "from"}
    if event_type is not None and QUAD_OF_TYPE[event_type] in (1, 2):
        return TARGET_PREPS - {"against", "at"}  # "met Putin at the Kremlin": a place
    return TARGET_PREPS


def verb_objects(
    verb: Token, index: ActorIndex, skip: Token | None = None, event_type: str | None = None
) -> list[Span]:
    """Those acted upon: direct object, passive subject, dative, or a target preposition."""
    preps = target_preps(event_type)
    deep = reaches_inside(event_type)
    found: list[Span] = []
    for child in verb.children:
        if skip is not None and child.i == skip.i:
            continue
        if child.dep_ == "dative" and child.pos_ == "ADP":  # "provided money [to] Fiji"
            found += [s for o in child.children if o.dep_ == "pobj" for s in index.phrase(o)]
        elif child.dep_ in ("dobj", "nsubjpass", "dative", "attr", "obj"):
            found += (
                index.phrase(child)
                or _through_object(child, index, preps)
                or (located(child, index) if deep else [])
            )
        elif child.dep_ == "prep" and child.lower_ in preps:
            objects = [o for o in child.children if o.dep_ == "pobj"]
            found += [
                s for o in objects for s in index.phrase(o) or (located(o, index) if deep else [])
            ]
    if not found and event_type is not None and QUAD_OF_TYPE[event_type] == 4:
        found = _struck_in(verb, index)
    return found


def reaches_inside(event_type: str | None) -> bool:
    """Whether the actor inside a non-actor object is the one acted upon: for conflict and
    withdrawal ("withdrew from positions in Syria"), not for talks about "the war in Syria"."""
    return event_type is not None and (
        QUAD_OF_TYPE[event_type] in (3, 4) or event_type == "RETREAT"
    )


def _struck_in(verb: Token, index: ActorIndex) -> list[Span]:
    """ "Gunmen stormed a police station in Mali": with no party struck, force used in an
    actor's territory is used against it, as event coders code it."""
    return [
        s
        for c in verb.children
        if c.dep_ == "prep" and c.lower_ in ("in", "inside")
        for o in c.children
        if o.dep_ == "pobj" and o.ent_type_ in ("GPE", "LOC")
        for s in index.phrase(o)
    ]


# Links inside a noun phrase that keep to the thing named: "a police station [in Mali]", "the
# leader [of the Jemaah group]", "the [Kenyan] army's base"; never clauses or conjuncts.
_PHRASE_DEPS = {"prep", "pobj", "poss", "compound", "amod", "nmod", "appos"}


def located(noun: Token, index: ActorIndex) -> list[Span]:
    """The actor a non-actor object belongs to or stands in, nearest first: one attacks "an
    army base in northern Mali" (Mali), arrests "the leader of a militant network". Only for
    conflict events: in talks "the situation in Syria" is a topic, not a party."""
    frontier = [noun]
    for _ in range(4):
        nxt: list[Token] = []
        for tok in frontier:
            for child in tok.children:
                if child.dep_ not in _PHRASE_DEPS:
                    continue
                span = index.at(child)
                if span is not None:
                    return [span]
                nxt.append(child)
        frontier = nxt
    return []


def _through_object(noun: Token, index: ActorIndex, preps: set[str], depth: int = 0) -> list[Span]:
    """The actor behind a non-actor object: "restore ties [with Gondor]", "condemned an attack
    [by Osgiliath soldiers]", "cut aid [to Yemen]", "welcomed ties [between X and Y]"."""
    found: list[Span] = []
    for child in noun.children:
        objects = [o for o in child.children if o.dep_ == "pobj"]
        if child.dep_ == "acl" and child.tag_ == "VBN":  # "an appeal [lodged by Iran]"
            found += _agents(child, index)
        if child.dep_ == "prep" and (
            child.lower_ in preps or child.lower_ in ("by", "between", "among", "amongst")
        ):
            # "welcomed a resumption of ties [between Egypt and Turkey]": both parties
            found += [s for o in objects for s in index.phrase(o)]
        elif child.dep_ == "prep" and child.lower_ == "of" and depth < 1:
            # "welcomed a resumption of ties with Osgiliath"; "allowed access of UN workers"
            found += [
                s
                for o in objects
                for s in index.phrase(o) or _through_object(o, index, preps, depth + 1)
            ]
    return found


def relative_antecedent(verb: Token, index: ActorIndex) -> list[Span]:
    """ "Jordan's security, which Iran has been trying to undermine": the relative pronoun's
    antecedent, or the actor that owns it, is what the verb acts on."""
    lo, hi = verb.left_edge.i, verb.right_edge.i  # the subtree lies within its edges
    if not any(lo <= i <= hi for i in index.relative_objects(verb.doc)):
        return []
    if not any(c.dep_ in _OBJECT_DEPS and c.tag_ in _RELATIVE_TAGS for c in verb.subtree):
        return []
    tok = verb
    for _ in range(4):
        if tok.dep_ == "relcl":
            antecedent = tok.head
            owners = [s for c in antecedent.children if c.dep_ == "poss" for s in index.phrase(c)]
            own = index.at(antecedent)
            return owners or ([own] if own is not None else [])
        tok = tok.head
    return []


def noun_arguments(
    noun: Token, index: ActorIndex, event_type: str | None = None
) -> tuple[list[Span], list[Span], bool]:
    """(actors, recipients, symmetric) of a nominal event."""
    retreat = event_type == "RETREAT"  # "withdrawal from Syria": from the one left
    actors: list[Span] = []
    recipients: list[Span] = []
    symmetric = False
    for child in noun.children:
        if child.dep_ == "poss":
            actors += index.phrase(child)
        elif child.dep_ in ("amod", "compound", "nmod") and child.i < noun.i:
            actors += [s for s in index.phrase(child) if s not in actors]
        elif (
            child.dep_ == "acl"
            and child.tag_ == "VBN"
            and child.lemma_.lower() not in MEDIATOR_VERBS  # "a deal brokered by China"
        ):  # "an appeal lodged by Iran"
            actors += _agents(child, index)
            recipients += _imposed_on(child, index)
        elif child.dep_ == "prep":
            objs = [o for o in child.children if o.dep_ == "pobj"]
            if child.lower_ in ("between", "among", "amongst"):  # "talks among the parties"
                for obj in objs:
                    recipients += index.phrase(obj)
                symmetric = True
            elif child.lower_ == "by" or (child.lower_ == "from" and not retreat):
                # "a request from Iran", "aid from Japan"; one withdraws "from" a place
                actors += [s for o in objs for s in index.phrase(o)]
            elif child.lower_ == "of" and noun.lemma_.lower() in index.of_agents:
                actors += [s for o in objs for s in index.phrase(o)]  # "the refusal of the US"
            elif (
                child.lower_ in NOUN_TARGET_PREPS
                or child.lower_ in ("of", "from")
                or (
                    child.lower_ == "for" and event_type in FOR_TYPES  # "support for Ukraine"
                )
            ):
                # "a ban on [imports of British beef]": the actor behind a non-actor object
                recipients += [
                    s
                    for o in objs
                    for s in index.phrase(o)
                    or (
                        _through_object(o, index, NOUN_TARGET_PREPS) if child.lower_ != "of" else []
                    )
                ]
    if event_type in CLAUSE_TYPES:  # "the demand [that the US ease sanctions]"
        recipients += [s for s in clause_subjects(noun, index) if s not in recipients]
    if symmetric and not actors and len(recipients) >= 2:
        actors, recipients = recipients[:1], recipients[1:]
    return actors, recipients, symmetric


# Events whose noun takes a clause naming the one it is about: "the demand that X leave",
# "the accusation that X lied", "the threat that X would be punished".
CLAUSE_TYPES = {"REQUEST", "ACCUSE", "THREATEN"}


def clause_subjects(noun: Token, index: ActorIndex) -> list[Span]:
    """The subjects of a "that" clause a noun takes: "[its demand] that [the US] ease"."""
    return [
        s
        for c in noun.children
        if c.dep_ in ("acl", "ccomp", "relcl")
        and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
        for subj in c.children
        if subj.dep_ in ("nsubj", "nsubjpass")
        for s in index.phrase(subj)
    ]


def _imposed_on(participle: Token, index: ActorIndex) -> list[Span]:
    """The one a participle clause aims the event at: "sanctions [imposed on Iran]",
    "restrictions [placed on the journalist]", "strikes [carried out against ISIS]"."""
    return [
        s
        for c in participle.children
        if c.dep_ == "prep" and c.lower_ in NOUN_TARGET_PREPS - {"to", "with"}
        for o in c.children
        if o.dep_ == "pobj"
        for s in index.phrase(o)
    ]


# Prepositions naming where an event took place: "declared a ceasefire [in Libya]".
_WHERE_PREPS = {"in", "inside", "across", "throughout"}
# Links from an event's words down to the words a place may hang from: its objects, the
# action an agreement or refusal is about ("agreed to lay down arms [in X]"), and the
# noun of "to"/"for" ("agreed to a truce [in X]", "support for farmers [in X]").
_PLACE_HOSTS = {"dobj", "obj", "xcomp", "attr", "oprd"}
_PLACE_ENTS = ("GPE", "LOC", "NORP")


def place_targets(anchors: list[Token], index: ActorIndex) -> list[Span]:
    """The country or region where an event with no named target happened: PLOVER and
    CAMEO coders take the place as the target then ("the rebels declared a ceasefire in
    Libya", "Japan sent troops to the mission in South Sudan"). Nearest first, one place."""
    frontier = list(anchors)
    seen: set[int] = set()
    for _ in range(3):
        nxt: list[Token] = []
        for tok in frontier:
            if tok.i in seen:
                continue
            seen.add(tok.i)
            for child in tok.children:
                if child.dep_ == "prep" and child.lower_ in _WHERE_PREPS:
                    found = [
                        s for o in child.children if o.dep_ == "pobj" for s in _place(o, index)
                    ]
                    if found:
                        return found
                if child.dep_ in _PLACE_HOSTS:
                    nxt.append(child)
                elif child.dep_ == "prep" and child.lower_ in ("to", "for", "of"):
                    nxt += [o for o in child.children if o.dep_ == "pobj"]
        frontier = nxt
    return []


def _place(obj: Token, index: ActorIndex) -> list[Span]:
    """The actor a place phrase names, when it names a place: "eastern Ukraine", "Yemen's
    Hudaydah", "camps in Greece"; not "in the army" or "in a statement"."""
    if not _has_gpe(obj):
        return []
    found = index.phrase(obj) or located(obj, index)
    return [s for s in found if any(t.ent_type_ in _PLACE_ENTS for t in s)]


def governing_verb(noun: Token) -> Token | None:
    """The verb a nominal event hangs from: "held [talks]", "be in [communication]"."""
    tok = noun
    for _ in range(4):
        if tok.dep_ in ("dobj", "attr", "nsubjpass", "oprd"):
            return tok.head if tok.head.pos_ in ("VERB", "AUX") else None
        if tok.dep_ == "pobj" and tok.head.dep_ == "prep":
            tok = tok.head.head
            if tok.pos_ in ("VERB", "AUX"):
                return tok
            continue
        if tok.dep_ == "conj":
            tok = tok.head
            continue
        return None
    return None


def mediators(anchors: list[Token], index: ActorIndex) -> list[Span]:
    """Third parties: "through Oman, Qatar and Switzerland", "brokered by China"."""
    found: list[Span] = []
    for anchor in anchors:
        for child in anchor.children:
            if child.dep_ == "prep" and child.lower_ in MEDIATOR_PREPS:
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        found += [s for s in index.listed(obj) if s not in found]
            if child.dep_ in ("acl", "relcl") and child.lemma_.lower() in MEDIATOR_VERBS:
                for agent in child.children:
                    if agent.dep_ == "agent":
                        found += [s for o in agent.children for s in index.phrase(o)]
        if (
            anchor.dep_ == "pobj"
            and anchor.head.lower_ == "by"
            and anchor.head.head.lemma_ in MEDIATOR_VERBS
        ):
            found += index.phrase(anchor)
    return found


def place(anchors: list[Token]) -> Token | None:
    """Where the text says it happened: "in Muscat", "in the Omani capital of Muscat",
    "struck positions [in Gaza]"."""
    objects = [c for a in anchors for c in a.children if c.dep_ in ("dobj", "nsubjpass")]
    for anchor in anchors + objects:
        for child in anchor.children:
            if child.dep_ == "prep" and child.lower_ in PLACE_PREPS:
                for obj in child.children:
                    if obj.dep_ == "pobj" and (
                        obj.ent_type_ in ("GPE", "LOC", "FAC") or _has_gpe(obj)
                    ):
                        return obj
    return None


def _has_gpe(token: Token) -> bool:
    return any(t.ent_type_ in ("GPE", "LOC", "NORP") for t in token.subtree)


def add_phrase(token: Token, walked: set[int]) -> None:
    """Add to `walked` the indices of the token's own phrase: its subtree minus embedded
    clauses. `walked` holds only such whole phrases: a word already in it has its phrase in
    it too, so it is not walked again (the phrases of a trigger's governors nest)."""
    stack = [token]
    while stack:
        tok = stack.pop()
        if tok.i not in walked:
            walked.add(tok.i)
            stack.extend(c for c in tok.children if c.dep_ not in _CLAUSE_DEPS)


def reported_subjects(verb: Token, index: ActorIndex) -> list[Span]:
    """The actors a reported clause is about: "Iran claims [Afghanistan] is limiting water"."""
    return [
        s
        for c in verb.children
        if c.dep_ == "ccomp"
        for subj in c.children
        if subj.dep_ in ("nsubj", "nsubjpass")
        for s in index.phrase(subj)
    ]


def between(verb: Token, index: ActorIndex) -> list[Span]:
    """The parties of "mediated between Israel and Hamas"."""
    return [
        s
        for c in verb.children
        if c.dep_ == "prep" and c.lower_ == "between"
        for o in c.children
        if o.dep_ == "pobj"
        for s in index.phrase(o)
    ]
