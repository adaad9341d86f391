"""Is it fact? asserted / negated / hypothetical / future, and whose claim it is.

Analysis prose mixes what happened with what might, will or did not: "Taliban forces might
join Hamas", "Iran seeks to exert pressure", "did not ratify". The markers sit on the
trigger or on the verbs it hangs from, so we read them along that chain.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

HYPOTHETICAL_AUX = {"might", "may", "could", "would", "should", "must"}
FUTURE_AUX = {"will", "shall", "'ll", "wo"}
FUTURE_VERBS = {
    "plan",
    "seek",
    "intend",
    "aim",
    "want",
    "hope",
    "prepare",
    "propose",
    "vow",
    "expect",
    "promise",
    "pledge",
    "wish",
    "desire",
    "mull",
    "eye",
    "agree",  # "agreed to withdraw": the withdrawal is yet to come
    "offer",
    "threaten",
    "decide",
    # asking someone to act: "urged Iran to release", "demanded that Israel halt"
    "urge",
    "ask",
    "demand",
    "request",
    "press",
    "appeal",
    "invite",
    "implore",
}
# Being ready to act states an intention, like "will": "is ready to send troops".
READY_WORDS = {"ready", "willing", "prepared", "eager", "keen", "determined", "poised", "set"}
HYPOTHETICAL_WORDS = {
    "speculation",
    "possibility",
    "potential",
    "possible",
    "possibly",
    "likely",
    "unlikely",
    "probably",
    "perhaps",
    "maybe",
    "improbable",
    "questionable",
    "consider",
    "whether",
    "if",
    "uncertain",
    "rumour",
    "rumor",
    "hypothetical",
    "chance",
}
NEGATION_WORDS = {"not", "never", "n't", "no", "without", "neither", "nor"}
NEGATING_VERBS = {"fail", "refuse", "decline", "avoid", "cease", "stop", "deny"}
REPORTING_VERBS = {
    "claim",
    "say",
    "allege",
    "argue",
    "insist",
    "assert",
    "report",
    "indicate",
    "reveal",
    "suggest",
    "contend",
    "maintain",
    "believe",
    "accuse",
    "charge",
}
# Verbs that report what someone said they would do: "said it would free the prisoners" is
# the backshifted "will free", a stated intention, not a speculation.
TELLING_VERBS = REPORTING_VERBS | {"announce", "state", "declare", "tell", "confirm", "add"}
_NOUN_UP = {"dobj", "attr", "nsubjpass", "oprd", "conj", "compound", "appos"}
_VERB_UP = {"xcomp", "conj", "acomp", "aux", "auxpass", "pcomp", "advcl", "prep", "amod"}
_LIGHT_PREPS = {"in", "into", "to"}
# Verbs that ask "for" something: what is called for has not happened ("called for sanctions
# against X", "pressed for talks", "appealed for a truce").
_ASKING_FOR = {
    "call",
    "push",
    "press",
    "appeal",
    "ask",
    "plead",
    "lobby",
    "campaign",
    "clamor",
    "clamour",
    "beg",
}


@dataclass(frozen=True)
class Modality:
    modality: str  # asserted | negated | hypothetical | future
    claimed_by: Token | None = None  # the subject head of the reporting verb, if any
    reported: bool = False


def governors(trigger: Token) -> list[Token]:
    """The trigger and the words whose modality it shares, nearest first.

    A noun inherits from the verb it is the object of ("did not hold [talks]") or the
    preposition-verb it sits in ("engage in [talks]"), never from a verb it merely modifies
    ("not addressed ... from the [exchanges]"); a verb inherits through control, coordination
    and complements, never across a relative clause or reported speech.
    """
    chain = [trigger]
    tok = trigger
    for _ in range(8):
        head = tok.head
        if head.i == tok.i or not _carries(tok):
            break
        chain.append(head)
        tok = head
    return chain


def _carries(tok: Token) -> bool:
    if tok.pos_ in ("NOUN", "PROPN"):
        if tok.dep_ in _NOUN_UP:
            return True
        return tok.dep_ == "pobj" and (
            (tok.head.lower_ in _LIGHT_PREPS and tok.head.head.pos_ in ("VERB", "AUX", "ADJ"))
            or (tok.head.lower_ == "for" and tok.head.head.lemma_.lower() in _ASKING_FOR)
        )
    if tok.pos_ == "ADP":
        return tok.head.pos_ in ("VERB", "AUX", "ADJ")
    return tok.dep_ in _VERB_UP


def modality_of(trigger: Token, naming_verb: Token | None = None) -> Modality:
    """Read the modality markers on the trigger and the words that govern it.

    `naming_verb`: the verb that names the event when the trigger is its object noun
    ("[refused] a request" is a rejection): its own meaning is the event's, not a marker.

    Beyond the trigger's own clause, a speculating or intending verb still counts ("it could
    mean that Iran [withdraws]"), but a negation does not: "did not say that X attacked" is
    not a denial of the attack.
    """
    hypothetical = negated = future = False
    chain = governors(trigger)
    outer = _outer_clause(chain[-1])
    told = chain[-1].dep_ == "ccomp" and chain[-1].head.lemma_.lower() in TELLING_VERBS
    for tok in chain + outer:
        own_clause = tok in chain
        for child in tok.children:
            word = child.lower_
            if child.dep_ == "aux" and word == "would" and told and own_clause:
                future = True  # "Iran said it would retaliate"
            elif child.dep_ in ("aux", "auxpass") and word in HYPOTHETICAL_AUX:
                hypothetical = True
            elif child.dep_ == "aux" and word in FUTURE_AUX:
                future = True
            elif own_clause and (child.dep_ == "neg" or (child.dep_ == "det" and word == "no")):
                negated = True
            elif child.dep_ in ("advmod", "mark", "amod") and word in HYPOTHETICAL_WORDS:
                hypothetical = True
        if tok.i == trigger.i or (naming_verb is not None and tok.i == naming_verb.i):
            continue
        lemma = tok.lemma_.lower()
        if lemma in FUTURE_VERBS and tok.pos_ == "VERB":
            future = True
        elif lemma in READY_WORDS and tok.pos_ == "ADJ":
            future = True  # "is ready to contribute troops": a stated readiness
        elif lemma in _ASKING_FOR and any(
            c.dep_ == "prep" and c.lower_ in ("for", "on", "upon") for c in tok.children
        ):
            future = True  # "called for sanctions", "called on Egypt to act": asked for
        elif lemma in HYPOTHETICAL_WORDS:
            hypothetical = True
        elif own_clause and (
            (lemma in NEGATING_VERBS and tok.pos_ == "VERB") or tok.lower_ == "without"
        ):
            negated = True
    if _proposed(chain[-1]):
        hypothetical = True  # "a request [to allow British police ...]": asked, not done
    claim_subject, reported = _claim(chain[-1])
    if hypothetical:
        return Modality("hypothetical", claim_subject, reported)
    if negated:
        return Modality("negated", claim_subject, reported)
    if future:
        return Modality("future", claim_subject, reported)
    return Modality("asserted", claim_subject, reported)


def _proposed(top: Token) -> bool:
    """An infinitive clause hanging from a noun: "a request [to allow X]", "a plan [to strike
    Y]", "efforts [to disarm Z]": the content of the proposal, not a deed."""
    return (
        top.dep_ == "acl"
        and top.head.pos_ in ("NOUN", "PROPN")
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in top.children)
    )


def _outer_clause(top: Token) -> list[Token]:
    """The governors of the clause a complement clause sits in ("could [mean] that ..."),
    unless it is reported speech, which `_claim` handles."""
    if top.dep_ != "ccomp" or top.head.lemma_.lower() in REPORTING_VERBS:
        return []
    return governors(top.head)


def _claim(top: Token) -> tuple[Token | None, bool]:
    """ "Iran claims [Afghanistan is limiting water]": the reporting verb's subject."""
    if top.dep_ == "ccomp" and top.head.lemma_.lower() in REPORTING_VERBS:
        return next((c for c in top.head.children if c.dep_ == "nsubj"), None), True
    return None, False
