"""The event-predicate lexicon: which verbs and nouns name which PLOVER event.

The data lives in `events/data/lexicon.yaml` and `events/data/plover.yaml`; this module
only reads it and answers "what event does this token name?".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from typing import Any

import yaml
from spacy.tokens import Token

from realpolitik.model import PLOVER_TYPES

_PARTICLE_DEPS = {"prt", "advmod", "prep", "dobj", "npadvmod", "acomp"}


@dataclass(frozen=True)
class Predicate:
    """A PLOVER type as one predicate names it, with its CAMEO code and intensity."""

    type: str
    quad: int
    cameo: str
    intensity: float
    mode: str | None = None
    context: tuple[str, ...] = ()


@dataclass
class Lexicon:
    verbs: dict[str, Predicate] = field(default_factory=dict)
    phrasal: dict[tuple[str, str], Predicate] = field(default_factory=dict)
    nouns: dict[str, Predicate] = field(default_factory=dict)
    light_verbs: frozenset[str] = frozenset()
    experiencer_verbs: frozenset[str] = frozenset()
    of_agent_nouns: frozenset[str] = frozenset()
    for_agent_nouns: frozenset[str] = frozenset()
    reported: dict[str, frozenset[str]] = field(default_factory=dict)
    frame_nouns: frozenset[str] = frozenset()
    mutual_objects: frozenset[str] = frozenset()
    types: dict[str, Predicate] = field(default_factory=dict)
    intent: dict[str, str] = field(default_factory=dict)
    # What noun entries can be found by (see `index_nouns`); None: try every noun.
    noun_keys: frozenset[str] | None = None
    of_heads: frozenset[str] | None = None

    def index_nouns(self) -> None:
        """Note what `for_noun` and `of_object` can find, so that they skip the other nouns
        at once: each entry's every ending (the head of "air strike", "cease-fire"), the
        first word of an "X of Y" entry, the frame nouns. Call again after changing `nouns`."""
        self.of_heads = frozenset(
            k[:i] for k in self.nouns for i in range(len(k)) if k.startswith(" of ", i)
        )
        endings = {k[i:] for k in self.nouns for i in range(len(k))}
        self.noun_keys = frozenset(endings | self.of_heads | self.frame_nouns)

    def as_intent(self, pred: Predicate) -> Predicate:
        """The AGREE predicate of intending `pred`, or `pred` when it has no intent code."""
        code = self.intent.get(pred.type)
        if code is None:
            return pred
        agree = self.types["AGREE"]
        return Predicate(agree.type, agree.quad, code, agree.intensity, None, pred.context)

    def for_verb(self, token: Token) -> Predicate | None:
        """The event a verb names, preferring a phrasal reading ("reach out", "work together")."""
        lemma = token.lemma_.lower()
        for child in token.children:
            if child.dep_ == "prep" and any(
                o.ent_type_ in ("DATE", "TIME") for o in child.children
            ):
                continue  # "called Iraq [on Monday]" is no "call on"
            if child.dep_ in _PARTICLE_DEPS:
                found = self.phrasal.get((lemma, child.lower_))
                if found is not None:
                    return found
        return self.verbs.get(lemma)

    def for_noun(self, token: Token) -> Predicate | None:
        """The event a noun names; a compound modifier may make it specific ("air strikes"),
        and so may an "of" phrase ("state of emergency", "cessation of hostilities")."""
        keys = self.noun_keys
        if keys is not None and token.lower_ not in keys and token.lemma_.lower() not in keys:
            return None  # most nouns name no event
        doc = token.doc
        for child in token.children:
            if child.dep_ in ("compound", "amod") and child.i == token.i - 1:
                found = self.nouns.get(f"{child.lower_} {token.lower_}")
                if found is not None:
                    return found
            if child.dep_ in ("compound", "amod") and child.i == token.i - 2:
                found = self.nouns.get(doc[child.i : token.i + 1].text.lower())  # "cease-fire"
                if found is not None and doc[token.i - 1].text == "-":
                    return found
        inner = self.of_object(token)
        if inner is not None:
            return self.nouns[f"{token.lower_} of {inner.lower_}"]
        if token.lemma_.lower() in self.frame_nouns and token.pos_ == "NOUN":
            # "a mediation effort", "a bombing campaign"; not a name ("the UN Support Mission")
            for child in token.children:
                if (
                    child.dep_ in ("compound", "amod")
                    and child.i < token.i
                    and child.pos_ == "NOUN"
                ):
                    found = self.nouns.get(child.lower_) or self.nouns.get(child.lemma_.lower())
                    if found is not None:
                        return found
        return self.nouns.get(token.lower_) or self.nouns.get(token.lemma_.lower())

    def of_object(self, token: Token) -> Token | None:
        """The second noun of an "X of Y" event name ("state of [emergency]"): part of the
        name, not an event of its own."""
        if self.of_heads is not None and token.lower_ not in self.of_heads:
            return None
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ == "of" and child.i == token.i + 1:
                for obj in child.children:
                    if obj.dep_ == "pobj" and f"{token.lower_} of {obj.lower_}" in self.nouns:
                        return obj
        return None

    def is_light(self, token: Token) -> bool:
        return token.lemma_.lower() in self.light_verbs


def _entries(raw: list[Any]) -> list[tuple[str, dict[str, Any]]]:
    out: list[tuple[str, dict[str, Any]]] = []
    for item in raw or []:
        if isinstance(item, str):
            out.append((item, {}))
        else:
            ((lemma, opts),) = item.items()
            out.append((str(lemma), dict(opts or {})))
    return out


def _predicate(base: Predicate, opts: dict[str, Any]) -> Predicate:
    return Predicate(
        type=base.type,
        quad=base.quad,
        cameo=str(opts.get("cameo", base.cameo)),
        intensity=float(opts.get("intensity", base.intensity)),
        mode=opts.get("mode"),
        context=tuple(opts.get("context", ())),
    )


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Read the packaged lexicon once per process."""
    data_dir = files("realpolitik.events") / "data"
    plover = yaml.safe_load((data_dir / "plover.yaml").read_text(encoding="utf-8"))
    raw = yaml.safe_load((data_dir / "lexicon.yaml").read_text(encoding="utf-8"))
    lex = Lexicon(
        light_verbs=frozenset(raw["light_verbs"]),
        experiencer_verbs=frozenset(raw.get("experiencer_verbs", [])),
        of_agent_nouns=frozenset(raw.get("of_agent_nouns", [])),
        for_agent_nouns=frozenset(raw.get("for_agent_nouns", [])),
        intent={str(k): str(v) for k, v in (raw.get("intent") or {}).items()},
        reported={str(k): frozenset(v) for k, v in (raw.get("reported") or {}).items()},
        frame_nouns=frozenset(raw.get("frame_nouns", [])),
        mutual_objects=frozenset(raw.get("mutual_objects", [])),
    )
    for name in PLOVER_TYPES:
        spec = plover[name]
        lex.types[name] = Predicate(
            name, int(spec["quad"]), str(spec["cameo"]), float(spec["intensity"])
        )
    for name, spec in raw["types"].items():
        base = lex.types[name]
        for lemma, opts in _entries(spec.get("verbs", [])):
            pred = _predicate(base, opts)
            words = lemma.split()
            if len(words) == 2:
                lex.phrasal.setdefault((words[0], words[1]), pred)
            else:
                lex.verbs.setdefault(lemma, pred)
        for lemma, opts in _entries(spec.get("nouns", [])):
            lex.nouns.setdefault(lemma, _predicate(base, opts))
    lex.index_nouns()
    return lex
