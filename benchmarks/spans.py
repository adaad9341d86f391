"""Source/target span F1 of our events on the CAMEO BIO set (issue 4).

Reads ../shared/data/cameo_source_target_bio.txt: one token per line with a BIO tag (S the
source, T the target, R a party of a symmetric event), a blank line between sentences. Each
sentence is rebuilt from its tokens (single spaces, none before punctuation and clitics) and
run through the full realpolitik pipeline; the event coder's `doc._.rp_events` give the
arguments as spaCy spans.

How our arguments become token labels:

- roles: an event's `actors` are S, its `recipients` T (mediators are not scored). With
  ``--events all`` every event of the sentence contributes (a token may be both S and T);
  with ``--events top`` only the most confident event (the first on ties).
- spans: ``mention`` scores the actor mention span the recogniser found ("Iranian
  officials"); ``phrase`` widens it to the noun phrase it heads in the parse (determiners,
  modifiers, possessor noun, prepositional phrases; no relative clauses, appositions or
  conjuncts, never the event's trigger), which is what the BIO annotators mark.
- a BIO token takes a predicted role when its characters overlap the span's characters.
- gold R tokens are correct for a predicted S or T (the direction of a symmetric event is
  arbitrary); they count toward recall only in the `party` row, which ignores roles.

Metrics: token-level precision/recall/F1, exact-span (same first and last token, compatible
role), and overlap-span (a predicted span shares a token with a gold span of a compatible
role; each gold span matched at most once).

    .venv/bin/python benchmarks/spans.py [--shared ../shared] [--events all|top]
        [--limit N] [--errors FILE]
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Doc, Span, Token

BIO_FILE = "data/cameo_source_target_bio.txt"
_NO_SPACE_BEFORE = {"-", ",", ".", ":", ";", "!", "?", ")", "]", "}", "'s", "'", "’", "%", "n't"}
_NO_SPACE_AFTER = {"-", "(", "[", "{", "$", "’"}
_PHRASE_SKIP = {
    "conj", "cc", "preconj", "relcl", "acl", "advcl", "appos", "punct", "parataxis", "npadvmod",
    "advmod",
}  # fmt: skip
_TIME_LABELS = {"DATE", "TIME"}
ROLES = ("S", "T")
COMPATIBLE = {"S": {"S", "R"}, "T": {"T", "R"}}


@dataclass
class Sentence:
    words: list[str]
    tags: list[str]
    text: str = ""
    offsets: list[tuple[int, int]] = field(default_factory=list)

    def gold_spans(self) -> list[tuple[str, int, int]]:
        """(role, first token, last token) of each BIO span."""
        spans: list[tuple[str, int, int]] = []
        for i, tag in enumerate(self.tags):
            if tag.startswith("B-") or (
                tag.startswith("I-") and (i == 0 or self.tags[i - 1][2:] != tag[2:])
            ):
                spans.append((tag[2:], i, i))
            elif tag.startswith("I-"):
                role, start, _ = spans[-1]
                spans[-1] = (role, start, i)
        return spans


def read_bio(path: Path) -> list[Sentence]:
    sentences: list[Sentence] = []
    words: list[str] = []
    tags: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if words:
                sentences.append(_rebuild(Sentence(words, tags)))
            words, tags = [], []
            continue
        word, tag = line.rsplit(" ", 1)
        words.append(word)
        tags.append(tag)
    if words:
        sentences.append(_rebuild(Sentence(words, tags)))
    return sentences


def _rebuild(sent: Sentence) -> Sentence:
    """The sentence text and each token's character offsets in it."""
    parts: list[str] = []
    pos = 0
    for i, word in enumerate(sent.words):
        glue = i == 0 or word in _NO_SPACE_BEFORE or sent.words[i - 1] in _NO_SPACE_AFTER
        if not glue:
            parts.append(" ")
            pos += 1
        sent.offsets.append((pos, pos + len(word)))
        parts.append(word)
        pos += len(word)
    sent.text = "".join(parts)
    return sent


def phrase(span: Span, trigger: Token, role: str) -> tuple[int, int]:
    """Character range of the noun phrase an actor mention heads (see the module doc). A
    target that owns the verb's object event ("rejected [Iran's request]") takes that
    object's phrase."""
    root = span.root
    while (
        root.dep_ in ("compound", "amod", "nmod", "poss")
        and root.head.pos_ in ("NOUN", "PROPN")
        and (root.head.i != trigger.i or (role == "T" and trigger.dep_ == "dobj"))
    ):
        root = root.head
    if root.i == trigger.i:
        trigger = root.head
    toks = [t for t in _phrase_tokens(root, trigger)] + list(span)
    start = min(t.idx for t in toks)
    end = max(t.idx + len(t.text) for t in toks)
    return start, end


def _phrase_tokens(tok: Token, trigger: Token) -> Iterator[Token]:
    yield tok
    for child in tok.children:
        if child.dep_ in _PHRASE_SKIP or child.i == trigger.i:
            continue
        if any(t.i == trigger.i or t.ent_type_ in _TIME_LABELS for t in child.subtree):
            continue  # the trigger, or "on Sunday", "during last week's briefing"
        yield from _phrase_tokens(child, trigger)


def predicted(doc: Doc, events: str, mode: str) -> list[tuple[str, int, int]]:
    """(role, start char, end char) of our argument spans in one sentence."""
    raw = list(doc._.rp_events or [])
    if events == "top" and raw:
        raw = [max(raw, key=lambda e: e.confidence)]
    out: list[tuple[str, int, int]] = []
    for event in raw:
        for role, spans in (("S", event.actors), ("T", event.recipients)):
            for span in spans:
                if mode == "phrase":
                    start, end = phrase(span, event.trigger, role)
                else:
                    start, end = span.start_char, span.end_char
                if (role, start, end) not in out:
                    out.append((role, start, end))
    return out


def to_tokens(sent: Sentence, start: int, end: int) -> list[int]:
    return [i for i, (s, e) in enumerate(sent.offsets) if s < end and start < e]


@dataclass
class Counts:
    tp: int = 0
    pred: int = 0
    gold: int = 0

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / self.pred if self.pred else 0.0
        r = self.tp / self.gold if self.gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


@dataclass
class Scores:
    token: dict[str, Counts] = field(default_factory=lambda: _counts())
    exact: dict[str, Counts] = field(default_factory=lambda: _counts())
    overlap: dict[str, Counts] = field(default_factory=lambda: _counts())


def _counts() -> dict[str, Counts]:
    return {"S": Counts(), "T": Counts(), "party": Counts()}


def score(sent: Sentence, preds: list[tuple[str, int, int]], scores: Scores) -> None:
    gold_role = [t[2:] if t != "O" else "" for t in sent.tags]
    pred_spans = [(role, to_tokens(sent, s, e)) for role, s, e in preds]
    pred_spans = [(role, toks) for role, toks in pred_spans if toks]
    # token level
    for role in ROLES:  # a prediction on a gold R token is neither right nor wrong here
        toks = {i for r, ts in pred_spans if r == role for i in ts if gold_role[i] != "R"}
        c = scores.token[role]
        c.pred += len(toks)
        c.tp += sum(1 for i in toks if gold_role[i] == role)
        c.gold += sum(1 for g in gold_role if g == role)
    any_pred = {i for _r, ts in pred_spans for i in ts}
    party = scores.token["party"]
    party.pred += len(any_pred)
    party.tp += sum(1 for i in any_pred if gold_role[i])
    party.gold += sum(1 for g in gold_role if g)
    # spans
    gold = sent.gold_spans()
    for kind, same in (("exact", _same), ("overlap", _overlaps)):
        table = getattr(scores, kind)
        for role in (*ROLES, "party"):
            mine = {(min(ts), max(ts)) for r, ts in pred_spans if role == "party" or r == role}
            theirs = [(s, e, r) for r, s, e in gold if role == "party" or r in COMPATIBLE[role]]
            used: set[int] = set()
            hits = 0
            for p in sorted(mine):
                j = next(
                    (k for k, g in enumerate(theirs) if k not in used and same(p, g[:2])), None
                )
                if j is not None:
                    used.add(j)
                    hits += 1
            wanted = [g for g in theirs if role == "party" or g[2] == role]
            c = table[role]
            c.pred += len(mine) - sum(1 for k in used if theirs[k][2] == "R" and role != "party")
            c.tp += sum(1 for k in used if role == "party" or theirs[k][2] == role)
            c.gold += len(wanted)


def _same(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a == b


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def table(results: dict[str, Scores]) -> str:
    rows = [
        "| spans | role | token P | token R | token F1 | exact P | exact R | exact F1 "
        "| overlap P | overlap R | overlap F1 |",
        "|---" * 11 + "|",
    ]
    names = {"S": "source", "T": "target", "party": "party (any role)"}
    for mode, scores in results.items():
        for role in ("S", "T", "party"):
            cells = []
            for kind in ("token", "exact", "overlap"):
                cells += [f"{x:.3f}" for x in getattr(scores, kind)[role].prf()]
            rows.append(f"| {mode} | {names[role]} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def run(sentences: list[Sentence], events: str, errors: Path | None) -> dict[str, Scores]:
    from realpolitik.api import get_engine

    nlp = get_engine().nlp
    results = {"mention": Scores(), "phrase": Scores()}
    lines: list[str] = []
    for sent, doc in zip(sentences, nlp.pipe(s.text for s in sentences), strict=True):
        for mode, scores in results.items():
            preds = predicted(doc, events, mode)
            score(sent, preds, scores)
            if errors is not None and mode == "phrase":
                lines.append(_explain(sent, preds, doc))
    if errors is not None:
        errors.write_text("\n".join(lines), encoding="utf-8")
    return results


def _explain(sent: Sentence, preds: list[tuple[str, int, int]], doc: Doc) -> str:
    gold = " ".join(
        w if t == "O" else f"[{t[2:]}]{w}" for w, t in zip(sent.words, sent.tags, strict=True)
    )
    mine = [f"{role}:{sent.text[s:e]}" for role, s, e in preds]
    evs = [
        f"{e.predicate.type}({e.event_text}): {[s.text for s in e.actors]} -> "
        f"{[s.text for s in e.recipients]}"
        for e in doc._.rp_events or []
    ]
    return f"GOLD {gold}\nOURS {mine}\nEVENTS {evs}\n"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--shared", type=Path, default=Path(__file__).resolve().parents[1].parent / "shared"
    )
    parser.add_argument("--events", choices=("all", "top"), default="all")
    parser.add_argument("--limit", type=int, help="score only the first N sentences")
    parser.add_argument("--errors", type=Path, help="write gold vs ours per sentence here")
    opts = parser.parse_args()
    path = opts.shared / BIO_FILE
    if not path.is_file():
        print(f"skipped: {path} not found (the BIO set lives in ../shared/data)", file=sys.stderr)
        return 0
    sentences = read_bio(path)[: opts.limit]
    results = run(sentences, opts.events, opts.errors)
    print(f"`{' '.join(['.venv/bin/python', 'benchmarks/spans.py', *sys.argv[1:]])}`")
    print(f"\n{len(sentences)} sentences, events: {opts.events}\n")
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
