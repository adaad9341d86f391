"""spaCy component `realpolitik_events`: who did what to whom in each sentence.

For each event predicate the lexicon knows (a verb, a light verb with an event noun, or a
nominal event) it reads the arguments off the parse, the modality off the verbs above it,
its date and place off the clause, and keeps it when both sides are actors. The result is
`doc._.rp_events`: `RawEvent`s that still point at tokens and spans; the engine turns them
into contract `Event`s once the publication date fixes each actor's sector.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from realpolitik.actors.kb import KnowledgeBase
from realpolitik.actors.loader import knowledge_base
from realpolitik.actors.recognizer import ACTORS_KEY
from realpolitik.events import arguments as args
from realpolitik.events.lexicon import Lexicon, Predicate, load_lexicon
from realpolitik.events.modality import REPORTING_VERBS, TELLING_VERBS, governors, modality_of
from realpolitik.events.timex import TimeRef, parse_iso, resolve_date

# Events whose direction does not matter when the text names the two sides as one subject,
# and the conflict words that are mutual by meaning ("clashes", "exchanges", "war").
SYMMETRIC = {"CONSULT", "COOPERATE", "AGREE"}
MUTUAL_WORDS = {
    "clash",
    "clashes",
    "exchange",
    "exchanges",
    "fighting",
    "war",
    "hostilities",
    "skirmish",
    "skirmishes",
    "dispute",
    "disputes",
    "rivalry",
    "fight",
}
# Nouns an actor adjective only describes: "the Syrian conflict" is not Syria acting.
ABSTRACT_NOUNS = frozenset(
    {
        "conflict",
        "crisis",
        "issue",
        "question",
        "situation",
        "economy",
        "policy",
        "programme",
        "program",
        "strategy",
        "influence",
        "role",
        "border",
        "territory",
        "society",
    }
)
# Violence and coercion the text may report without naming who did it: "the killing of
# Iranian diplomats", "Iran was attacked", "Lebanon suffers the war". Such events keep an
# empty actor list (the contract allows it); other types need both sides.
AGENTLESS_TYPES = {"ASSAULT", "COERCE", "SANCTION"}
# Events whose place is no target when the text names none: talks "in Baghdad" are hosted
# by Iraq (a mediator), not held with it.
UNPLACED_TYPES = {"CONSULT"}
# Verbs of accusation whose target is the subject of what is reported: "Iran claims
# Afghanistan is limiting water flow".
CLAIM_TYPES = {"ACCUSE", "REJECT"}
# Verbs of stance whose object may be an action: "agreed [to free prisoners held by Chad]",
# "refused to meet Israeli envoys", "threatened to strike Kyiv", "demanded that Iran leave".
# With no object of their own they take the action's: the stance is the event (CAMEO 03x
# intent, 12x refusal, 13x threat, 10x demand), the action only its content.
# Agreements named without their parties ("the treaty") bind the two parties the text has just
# named together ("both countries").
BRIDGED_TYPES = {"AGREE"}
STANCE_TYPES = {"AGREE", "REJECT", "THREATEN", "REQUEST", "SUPPORT", "CONCEDE"}
_HISTORY_WORDS = {"past", "historically", "previously", "formerly", "once"}
ISSUES = {
    "water": "water", "river": "water", "dam": "water", "border": "borders",
    "borders": "borders", "frontier": "borders", "nuclear": "nuclear programme",
    "detainee": "detainees", "detainees": "detainees", "prisoner": "detainees",
    "prisoners": "detainees", "hostage": "detainees", "hostages": "detainees",
    "assets": "frozen assets", "funds": "frozen assets", "shipping": "shipping",
    "maritime": "shipping", "oil": "energy", "gas": "energy", "territory": "territory",
    "islands": "territory", "trade": "trade", "tariffs": "trade", "religious": "religion",
    "sectarian": "religion", "refugees": "refugees", "migrants": "refugees",
}  # fmt: skip


@dataclass
class RawEvent:
    """An event found in a parsed sentence, before entities are fixed at its date."""

    predicate: Predicate
    trigger: Token
    actors: list[Span]
    recipients: list[Span]
    mediators: list[Span] = field(default_factory=list)
    modality: str = "asserted"
    claimed_by: Span | None = None
    historical: bool = False
    time: TimeRef | None = None
    place: Token | None = None
    confidence: float = 0.5
    issue: str | None = None
    event_text: str = ""
    # the verb that names the event when the trigger is its object ("refused [a request]")
    naming_verb: Token | None = None

    @property
    def sentence(self) -> Span:
        return self.trigger.sent


if not Doc.has_extension("rp_events"):
    Doc.set_extension("rp_events", default=None)


@Language.factory("realpolitik_events", default_config={"actor_files": []})
def make_event_coder(nlp: Language, name: str, actor_files: list[str]) -> EventCoder:
    return EventCoder(knowledge_base(tuple(actor_files)), load_lexicon())


class EventCoder:
    """Sets `doc._.rp_events` from the actor spans and the dependency parse."""

    def __init__(self, kb: KnowledgeBase, lexicon: Lexicon) -> None:
        self.kb = kb
        self.lexicon = lexicon
        self.non_agents = frozenset(lexicon.nouns) | ABSTRACT_NOUNS
        # event nouns whose modifiers name a doer: "Israeli strikes", not "the Syrian war"
        self.event_nouns = frozenset(lexicon.nouns) - MUTUAL_WORDS
        # (doc, {sentence start: its words' facts}): events of one sentence share them
        self._sentences: tuple[Doc, dict[int, tuple[bool, str | None]]] | None = None

    def __call__(self, doc: Doc) -> Doc:
        index = args.ActorIndex(
            list(doc.spans.get(ACTORS_KEY, [])),
            self.non_agents,
            self.event_nouns,
            self.lexicon.of_agent_nouns,
            self.lexicon.for_agent_nouns,
        )
        events: list[RawEvent] = []
        # `Span.ents` rebuilds every entity of the doc per call: read them once per doc.
        dates = [e for e in doc.ents if e.label_ == "DATE"]
        for sent in doc.sents:
            in_sent = [e for e in dates if e.start >= sent.start and e.end <= sent.end]
            events += self.code_sentence(sent, index, in_sent)
        doc._.rp_events = events
        return doc

    def code_sentence(
        self, sent: Span, index: args.ActorIndex, dates: list[Span] | None = None
    ) -> list[RawEvent]:
        """Every event in one sentence whose both sides are actors (`dates`: the sentence's
        DATE entities, when the caller has them)."""
        found: list[RawEvent] = []
        used_nouns: set[int] = set()
        tokens = list(sent)  # read twice: build each Token once
        for tok in tokens:
            inner = self.lexicon.of_object(tok) if tok.pos_ in ("NOUN", "PROPN") else None
            if inner is not None:  # "cessation of [hostilities]": one event, the cessation
                used_nouns.add(inner.i)
            if _acts_as_verb(tok):
                used_nouns.add(tok.i)
                event = self._verbal(tok, index, used_nouns)
                if event is not None:
                    found.append(event)
        for tok in tokens:
            if tok.pos_ in ("NOUN", "PROPN") and tok.i not in used_nouns:
                event = self._nominal(tok, index)
                if event is not None:
                    found.append(event)
        if dates is None:
            dates = [e for e in sent.ents if e.label_ == "DATE"]
        return _distinct([self._finish(e, sent, dates) for e in found])

    def _verbal(self, verb: Token, index: args.ActorIndex, used: set[int]) -> RawEvent | None:
        lemma = verb.lemma_.lower()
        if lemma in args.MEDIATOR_VERBS:
            mediated = self._mediated(verb, index, used)
            if mediated is not None:
                return mediated  # else "Macron hosted the crown prince": a plain visit
        if lemma in self.lexicon.experiencer_verbs:
            return self._suffered(verb, index, used)
        if _intends(verb):
            return None  # "Iran seeks to exert pressure": the intent is the complement's modality
        noun = self._event_object(verb)
        pred = self.lexicon.for_verb(verb)
        owns = pred is not None and not self.lexicon.is_light(verb)
        if noun is not None:
            used.add(noun.i)  # "exert pressure", "held talks": one event, not two
            if not owns:
                pred = self.lexicon.for_noun(noun)
        if pred is None:
            return self._reported(verb, index)
        actors = args.verb_subjects(verb, index)
        recipients = args.verb_objects(verb, index, skip=noun, event_type=pred.type)
        if pred.type in CLAIM_TYPES or pred.type in ("REQUEST", "CONCEDE"):
            recipients += [s for s in args.reported_subjects(verb, index) if s not in recipients]
        if not recipients and pred.type in STANCE_TYPES and not _parties(pred, actors):
            recipients = self._complement_objects(verb, index)
        recipients += [s for s in args.relative_antecedent(verb, index) if s not in recipients]
        if noun is not None:
            own_actors, own_recipients, between = args.noun_arguments(
                noun, index, _type(self, noun)
            )
            if owns and own_actors and not _same_parties(own_actors, actors):
                own_recipients = own_actors  # "rejected Iran's request"; not "lifted its ban"
            elif between and actors and not _same_parties(own_actors, actors):
                own_recipients = own_actors + own_recipients  # "mediation between X and Y"
            recipients += [s for s in own_recipients if s not in recipients]
            if not recipients and args.reaches_inside(pred.type):
                recipients = args.located(noun, index)  # "condemned the bombing in Kabul"
            if not actors and not owns:
                actors = own_actors
        anchors = [verb] + ([noun] if noun is not None else [])
        text = f"{verb.text} {noun.text}" if noun is not None else verb.text
        agentless = any(c.dep_ == "nsubjpass" for c in verb.children)  # "Iran was attacked"
        # "X and Y signed an agreement": the sides of a mutual noun are mutual to its verb
        mutual = noun is not None and _type(self, noun) in SYMMETRIC
        event = self._event(
            pred,
            noun or verb,
            actors,
            recipients,
            anchors,
            text,
            index,
            True,
            agentless=agentless,
            mutual=mutual,
        )
        if event is not None and owns and noun is not None:
            event.naming_verb = verb
        return event

    def _reported(self, verb: Token, index: args.ActorIndex) -> RawEvent | None:
        """Speech that is an event by what it says: "X said [Y must leave]" and "X told Y
        to leave" demand (CAMEO 10x); "X said [Y was responsible for/behind it]" accuses
        (CAMEO 112). The reporting verb is the trigger, so "did not say" negates it."""
        words = self.lexicon.reported
        lemma = verb.lemma_.lower()
        kind, told = None, []
        if lemma in words.get("demand_verbs", ()) and any(
            c.dep_ == "xcomp" and args.has_to(c) for c in verb.children
        ):
            kind = "REQUEST"
            told = [
                s for c in verb.children if c.dep_ in ("dobj", "dative") for s in index.phrase(c)
            ]
        elif lemma in TELLING_VERBS:
            for comp in (c for c in verb.children if c.dep_ == "ccomp"):
                kind = _said_kind(comp, words)
                subjects = [c for c in comp.children if c.dep_ == "nsubj"]
                told = [s for c in subjects for s in index.phrase(c)]
                if kind is not None and told:
                    break
        if kind is None or not told:
            return None
        pred = self.lexicon.types[kind]
        actors = args.verb_subjects(verb, index)
        return self._event(pred, verb, actors, told, [verb], verb.text, index, True)

    def _complement_objects(self, verb: Token, index: args.ActorIndex) -> list[Span]:
        """Those the action in a verb's infinitive complement is done to: "agreed to hand
        the prisoners [to Chad]"; the action's own event type picks the prepositions."""
        for comp in verb.children:
            if comp.dep_ != "xcomp" or comp.pos_ not in ("VERB", "AUX"):
                continue
            own = self.lexicon.for_verb(comp)
            noun = self._event_object(comp)
            kind = own.type if own is not None and noun is None else None
            if noun is not None:
                kind = _type(self, noun)
            found = args.verb_objects(comp, index, event_type=kind)
            found += [s for s in args.reported_subjects(comp, index) if s not in found]
            if noun is not None:
                found += [s for s in args.noun_arguments(noun, index, kind)[1] if s not in found]
            return found or self._complement_objects(comp, index)
        return []

    def _suffered(self, verb: Token, index: args.ActorIndex, used: set[int]) -> RawEvent | None:
        """ "Lebanon suffers (the consequences of) the war", "Iran faced sanctions": the
        subject undergoes the event its object names; the doer is the noun's own, if any."""
        noun = next((n for n in _objects_and_of(verb) if self.lexicon.for_noun(n)), None)
        if noun is None:
            return None
        pred = self.lexicon.for_noun(noun)
        assert pred is not None
        used.add(noun.i)
        actors, _recipients, _ = args.noun_arguments(noun, index, pred.type)
        victims = args.verb_subjects(verb, index)
        text = f"{verb.text} {noun.text}"
        return self._event(pred, noun, actors, victims, [verb, noun], text, index, True, True)

    def _mediated(self, verb: Token, index: args.ActorIndex, used: set[int]) -> RawEvent | None:
        """ "Qatar brokered the US-Iran exchange", "talks were hosted by Oman": the event
        between the parties, with the broker as mediator."""
        noun = next(
            (
                c
                for c in verb.children
                if c.dep_ in ("dobj", "nsubjpass") and self.lexicon.for_noun(c) is not None
            ),
            None,
        )
        parties: list[Span] = []
        if noun is not None:
            used.add(noun.i)
            own_actors, own_recipients, _ = args.noun_arguments(noun, index)
            parties = own_actors + [s for s in own_recipients if s not in own_actors]
        if len(parties) < 2:
            parties += args.between(verb, index)
        if not parties:
            return None
        pred = self.lexicon.for_noun(noun) if noun is not None else None
        pred = pred or self.lexicon.for_verb(verb)
        if pred is None:
            return None
        trigger = noun if noun is not None else verb
        brokers = args.verb_subjects(verb, index)
        text = f"{verb.text} {noun.text}" if noun is not None else verb.text
        return self._event(
            pred,
            trigger,
            parties[:1],
            parties[1:],
            [verb],
            text,
            index,
            direct=True,
            mediators=brokers,
        )

    def _event_object(self, verb: Token) -> Token | None:
        """The event noun a verb carries: "held [talks]", "engage in [negotiations]"."""
        for child in verb.children:
            if child.dep_ in ("dobj", "attr") and self.lexicon.for_noun(child):
                return child
            if child.dep_ == "prep" and child.lower_ == "in":
                for obj in child.children:
                    if obj.dep_ == "pobj" and self.lexicon.for_noun(obj):
                        return obj
        return None

    def _nominal(self, noun: Token, index: args.ActorIndex) -> RawEvent | None:
        pred = self.lexicon.for_noun(noun)
        if pred is None:
            return None
        actors, recipients, _symmetric = args.noun_arguments(noun, index, pred.type)
        if not actors and not recipients and pred.type in BRIDGED_TYPES and _definite(noun):
            pair = index.pair_before(noun)  # "both countries ... the 1973 treaty"
            if pair is not None:
                return self._event(pred, noun, [pair], [pair], [noun], noun.text, index, False)
        anchors = [noun]
        own = bool(actors)  # "Israeli strikes in Gaza": the place of the noun's own doer's act
        verb = args.governing_verb(noun)
        if not actors and verb is not None:
            actors = args.verb_subjects(verb, index)
            anchors.append(verb)
        return self._event(
            pred, noun, actors, recipients, anchors, noun.text, index, False, True, placed_ok=own
        )

    def _event(
        self,
        pred: Predicate,
        trigger: Token,
        actors: list[Span],
        recipients: list[Span],
        anchors: list[Token],
        text: str,
        index: args.ActorIndex,
        direct: bool,
        agentless: bool = False,
        mediators: list[Span] | None = None,
        mutual: bool = False,
        placed_ok: bool | None = None,
    ) -> RawEvent | None:
        actors, recipients = _sides(
            pred, trigger, actors, recipients, mutual, self.lexicon.mutual_objects
        )
        placed = False
        placeable = direct if placed_ok is None else placed_ok  # not "talks on the war in X"
        if placeable and actors and not recipients and pred.type not in UNPLACED_TYPES:
            # "the rebels declared a ceasefire in Libya": the place is the target
            places = args.place_targets(anchors, index)
            actors, recipients = _sides(
                pred, trigger, actors, places, mutual, self.lexicon.mutual_objects
            )
            if not recipients and places and _organs(actors):
                recipients = places  # "Libya's government declared a ceasefire in Libya"
            placed = bool(recipients)
        if not recipients or not (actors or agentless and pred.type in AGENTLESS_TYPES):
            return None
        found = (mediators or []) + args.mediators(anchors, index)
        mediators = [m for m in dict.fromkeys(found) if m not in actors + recipients]
        confidence = 0.55 + (0.15 if direct else 0.05)
        confidence -= 0.1 * sum(1 for s in actors + recipients if s.label_ == "COREF")
        confidence -= 0.1 if placed else 0.0
        return RawEvent(
            pred,
            trigger,
            actors,
            recipients,
            mediators=mediators,
            confidence=max(0.2, min(confidence, 0.95)),
            event_text=text,
        )

    def _finish(self, event: RawEvent, sent: Span, dates: list[Span]) -> RawEvent:
        """Modality, claim, date, place and issue: what the clause around the event says."""
        mod = modality_of(event.trigger, event.naming_verb)
        event.modality = mod.modality
        if mod.modality == "future":  # "will meet": intent to meet (CAMEO 036)
            event.predicate = self.lexicon.as_intent(event.predicate)
        if mod.claimed_by is not None:
            event.claimed_by = _span_of(mod.claimed_by)
        elif (
            event.trigger.lemma_.lower() in REPORTING_VERBS and event.predicate.type in CLAIM_TYPES
        ):
            event.claimed_by = event.actors[0]  # "Iran claims ...": the claim is Iran's
        if mod.modality != "asserted":
            event.confidence = max(0.2, event.confidence - 0.1)
        doc = event.trigger.doc
        if not sent.start <= event.trigger.i < sent.end:  # a trigger of another sentence
            dates = [e for e in event.trigger.sent.ents if e.label_ == "DATE"]
        event.time = _event_time(event.trigger, doc._.rp_date, dates)
        pub = parse_iso(doc._.rp_date)
        looks_back, event.issue = self._sentence_facts(event.trigger.sent)
        event.historical = looks_back or _historical(event, pub)
        event.place = args.place(_anchors(event.trigger))
        return event

    def _sentence_facts(self, sent: Span) -> tuple[bool, str | None]:
        """Whether the sentence has a word of the past ("formerly") and its issue, read once
        per sentence."""
        if self._sentences is None or self._sentences[0] is not sent.doc:
            self._sentences = (sent.doc, {})
        facts = self._sentences[1].get(sent.start)
        if facts is None:
            facts = self._sentences[1][sent.start] = (
                any(t.lower_ in _HISTORY_WORDS for t in sent),
                _issue(sent),
            )
        return facts


def _said_kind(comp: Token, words: dict[str, frozenset[str]]) -> str | None:
    """What a reported clause does to its subject: demands ("must", "should") or blames
    ("was responsible", "is behind")."""
    if any(c.dep_ == "aux" and c.lower_ in words.get("demand_modals", ()) for c in comp.children):
        return "REQUEST"
    if comp.lemma_.lower() != "be":
        return None
    blame = words.get("blame_words", frozenset())
    for c in comp.children:
        if c.dep_ in ("acomp", "attr") and c.lower_ in blame:
            return "ACCUSE"
        if c.dep_ == "prep" and c.lower_ in blame:  # "was behind the attack"
            return "ACCUSE"
    return None


def _distinct(events: list[RawEvent]) -> list[RawEvent]:
    """One event per type and sides: "agreed to withdraw from Syria" told twice (the
    agreement, and the withdrawal as intended) is one AGREE; the more confident is kept."""
    kept: dict[tuple[str, tuple[int, ...], tuple[int, ...]], RawEvent] = {}
    for e in events:
        key = (
            e.predicate.type,
            tuple(s.start for s in e.actors),
            tuple(s.start for s in e.recipients),
        )
        if key not in kept or e.confidence > kept[key].confidence:
            kept[key] = e
    return [e for e in events if any(k is e for k in kept.values())]


def _same_parties(spans: list[Span], others: list[Span]) -> bool:
    keys = {k for s in others for k in _key(s)}
    return bool(keys) and all(set(_key(s)) <= keys for s in spans)


def _definite(noun: Token) -> bool:
    """ "the treaty", "the 1973 Helmand Treaty": a known agreement, not "a treaty"."""
    return any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in noun.children)


def _type(coder: EventCoder, noun: Token) -> str | None:
    pred = coder.lexicon.for_noun(noun)
    return None if pred is None else pred.type


def _span_of(token: Token) -> Span | None:
    for span in token.doc.spans.get(ACTORS_KEY, []):
        if span.start <= token.i < span.end:
            return span
    return None


def _key(span: Span) -> tuple[str, ...]:
    return tuple(
        sorted(r.entry_id or f"{r.country}-{r.sector}-{r.generic}" for r in span._.rp_refs)
    )


def _objects_and_of(verb: Token) -> list[Token]:
    """A verb's objects, then what they are "of": "suffer [the consequences of] the war"."""
    objects = [c for c in verb.children if c.dep_ in ("dobj", "obj")]
    return objects + [
        o
        for obj in objects
        for p in obj.children
        if p.dep_ == "prep" and p.lower_ == "of"
        for o in p.children
        if o.dep_ == "pobj"
    ]


_INTENT_VERBS = frozenset(
    {"seek", "want", "hope", "aim", "plan", "intend", "wish", "try", "attempt"}
)


def _intends(verb: Token) -> bool:
    """ "seeks to exert pressure": a verb of intent with an infinitive complement and no object of
    its own is no event of its own ("sought talks with Iran" still is)."""
    return (
        verb.lemma_.lower() in _INTENT_VERBS
        and any(c.dep_ == "xcomp" for c in verb.children)
        and not any(c.dep_ in ("dobj", "dative") for c in verb.children)
    )


def _acts_as_verb(tok: Token) -> bool:
    """A verb, or a word the tagger called a noun but the parser gave a subject ("they work")."""
    pos = tok.pos_
    return pos in ("VERB", "AUX") or (
        pos == "NOUN"
        and tok.dep_ == "ROOT"
        and any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children)
    )


def _is_mutual(
    pred: Predicate, trigger: Token, mutual_objects: frozenset[str] = frozenset()
) -> bool:
    """ "X and Y met": symmetric types, or conflict words mutual by meaning, with no object of
    their own ("the two sides combat [this common enemy]" is not mutual) but one that is
    mutual itself ("upgraded ties", "exchanged ambassadors", "swapped prisoners")."""
    objects = [c for c in trigger.children if c.dep_ in ("dobj", "obj")]
    if objects:
        return all(o.lower_ in mutual_objects or o.lemma_ in mutual_objects for o in objects)
    return (
        pred.type in SYMMETRIC
        or trigger.lower_ in MUTUAL_WORDS
        or trigger.lemma_.lower() in MUTUAL_WORDS
    )


def _sides(
    pred: Predicate,
    trigger: Token,
    actors: list[Span],
    recipients: list[Span],
    mutual: bool = False,
    mutual_objects: frozenset[str] = frozenset(),
) -> tuple[list[Span], list[Span]]:
    """Drop self-targets; split "X and Y met" into two sides for mutual events."""
    mutual = mutual or _is_mutual(pred, trigger, mutual_objects)
    actor_keys = {k for s in actors for k in _key(s)}
    recipient_keys = {k for s in recipients for k in _key(s)}
    if recipient_keys and recipient_keys <= actor_keys and actor_keys - recipient_keys:
        return actors, recipients  # "the two countries ... encourage Iran": the engine splits
    recipients = [
        s for s in recipients if not set(_key(s)) <= actor_keys or _other_office(s, actors)
    ]
    if not actors and mutual:  # "talks between the parties"; "Lebanon suffers the war" stays
        parties = recipients
        if len(parties) >= 2:
            return parties[:1], parties[1:]
        if len(parties) == 1 and len(parties[0]._.rp_refs) == 2:  # "the two countries"
            return parties, parties
        return [], recipients
    if not recipients and mutual:
        if len(actors) >= 2:
            return actors[:1], actors[1:]
        if len(actors) == 1 and len(actors[0]._.rp_refs) == 2:  # "the two countries"
            return actors, actors
    return actors, recipients


def _parties(pred: Predicate, actors: list[Span]) -> bool:
    """ "Trump and Putin agreed to share information on North Korea": a mutual stance of two
    named doers is between them; the action agreed on has its own event."""
    return pred.type in SYMMETRIC and len(actors) >= 2


def _organs(actors: list[Span]) -> bool:
    """Doers that are a state's organs or people, not the state itself: they act on their
    own country ("Bolivian authorities declared a state of siege in Bolivia")."""
    return bool(actors) and all(
        s.label_ != "COREF" and s.root.ent_type_ not in ("GPE", "LOC") for s in actors
    )


def _other_office(span: Span, actors: list[Span]) -> bool:
    """ "Romania's president refused a request from the justice minister": two offices of
    one state are two sides, though both stand for it; "Iran ... it" or "Iran ... Tehran"
    are one side. Both must be named by a common noun (president, minister, court)."""

    def office(s: Span) -> str | None:
        root = s.root
        return root.lemma_.lower() if s.label_ != "COREF" and root.pos_ == "NOUN" else None

    own = office(span)
    return own is not None and all(office(a) not in (None, own) for a in actors)


def _anchors(trigger: Token) -> list[Token]:
    anchors = [trigger]
    verb = args.governing_verb(trigger) if trigger.pos_ in ("NOUN", "PROPN") else None
    if verb is not None:
        anchors.append(verb)
    if trigger.head.i != trigger.i:
        anchors.append(trigger.head)
    return anchors


def _event_time(trigger: Token, publication: str | None, in_sentence: list[Span]) -> TimeRef | None:
    """The date the event's own clause gives: on the trigger, or on the verbs it hangs from
    ("held talks" in "picked up again in January when they held talks"). Dates of other
    clauses in the sentence ("an agreement signed in 2001") are not this event's date.
    `in_sentence`: the DATE entities of the trigger's sentence."""
    if not in_sentence:  # most sentences: no need to walk the clause
        return None
    own = _own_tokens(trigger)
    dates = [e for e in in_sentence if e.root.i in own]
    if any(_under(e, ("until", "till")) for e in dates):  # "from 2001 until 2021"
        dates += [e for e in in_sentence if _under(e, ("from", "since"))]

    def rank(ent: Span) -> tuple[bool, int]:
        return (not _under(ent, ("from", "since")), abs(ent.root.i - trigger.i))

    for ent in sorted(dates, key=rank):
        found = resolve_date(ent.text, publication)
        if found is not None:
            return found
    return None


def _under(ent: Span, words: tuple[str, ...], depth: int = 3) -> bool:
    """Whether a date hangs from one of `words` a few steps up: "until the withdrawal in 2021"."""
    return any(a.lower_ in words for a in list(ent.root.ancestors)[:depth])


def _own_tokens(trigger: Token) -> set[int]:
    """The words of the trigger's own clause: the phrases of its governors and anchors, and
    the date a relative or adverbial clause of theirs hangs from."""
    walked: set[int] = set()
    dates: set[int] = set()
    for tok in governors(trigger) + _anchors(trigger):
        args.add_phrase(tok, walked)
        if tok.dep_ in ("relcl", "advcl") and tok.head.ent_type_ == "DATE":
            dates.update(t.i for t in tok.head.subtree if t.ent_type_ == "DATE")
    return walked | dates


def _historical(event: RawEvent, pub: object) -> bool:
    """Whether the event's date lies two years or more before the publication's."""
    if event.time is None or pub is None:
        return False
    year = int(event.time.value[:4])
    return bool(year <= getattr(pub, "year", 0) - 2)


def _issue(sent: Span) -> str | None:
    for tok in sent:
        issue = ISSUES.get(tok.lower_)
        if issue is not None:
            return issue
    return None
