"""End-to-end event coding accuracy: we find the pair ourselves (issue 4).

Unlike `benchmarks/classify.py`, where the source and target are given to the learned type
model, here each sentence goes through the whole realpolitik pipeline (`nlp.pipe`, the
default knowledge base) and the coder's events are scored as the engine outputs them: the
rule coder's `doc._.rp_events` with the type and confidence `events/combine.py` gives them
(``--lexicon-only``: the rule coder's own types and heuristic confidence). The shipped type
model was trained on all of plv_train, so on plv the combined figures are in-sample; ``--cv``
gives the honest ones.

plv_train.tsv (../shared/data; one row = sentence, source, target, gold PLOVER root):

- the source and target are located by the ``<s>``/``<t>`` marks of `marked_sentence`;
- an event *covers the pair exactly* when one of its actor spans overlaps the source's
  characters and one of its recipient spans the target's; *symmetrically* when that holds in
  either direction (the reversed direction also counts: the text names both sides and a
  mutual event's direction is arbitrary). Mediators are not sides. A pronoun side ("it",
  "they") counts when it was resolved to the same entity as an actor mention on the mark;
- among covering events the most confident is the answer (the first on ties); gold YIELD
  (plv's merge of CONCEDE and RETREAT) is right for either; quad is checked against
  `gold_penta`;
- pair found: some event covers the pair. Type accuracy over all rows counts a row without a
  covering event as wrong; over found pairs only rows with one; quad: the answer's quad class
  equals the gold root's;
- a sentence-level reading is given beside it: the most confident event of the sentence,
  whoever its sides are (none = wrong).

cameo_quad_sentences.tsv (label 0 statement/no event, 1-4 the quad classes): the answer is
the quad class of the most confident event of the sentence; a sentence with no event is
answered 0. Accuracy is reported over all five labels, over labels 1-4 (a sentence with no
event is then wrong), and as the share of label-0 sentences that get no event. Label 0 is
CAMEO's neutral class (01 statements and 02 appeals); PLOVER folds appeals into REQUEST
(verbal conflict), so a last row reads our event's CAMEO code with CAMEO's own quad classes
(01-02 -> 0, 03-05 -> 1, 06-08 -> 2, 09-13 -> 3, 14-20 -> 4; no event -> 0).

``--errors`` prints aggregate error categories (never sentences): why a pair was missed (the
source or target has no actor mention, no event at all, events but not on the pair, pair only
in the reversed direction) and, for found pairs, the gold -> predicted type confusions with
their trigger lemmas, and the commonest verbs joining source and target in missed rows.

``--misses`` buckets the missed rows by the construction joining the sides (sides not actors;
reported speech; a light verb with a noun; a predicate the lexicon knows whose arguments were
missed; one it lacks) with their commonest joining words; ``--show N`` prints N of each
bucket's sentences to the terminal, read from ../shared at run time (never stored).

``--cv`` measures the combination of the lexicon with the learned type model and the calibrated
event confidence (events/combine.py) honestly: the shipped type model saw all of plv_train, so
each of its 5 folds is coded with a type model fitted on the other four (the shipped features,
C and data: plv + down-weighted synthetic stories), and the override threshold and the
confidence calibration are fitted on the other folds' out-of-fold events too
(scripts/train_event_confidence.py, whose code this reuses). Rates are per fold, averaged.
Four coders: the lexicon's types with the coder's heuristic confidence; the lexicon's types
with the calibrated confidence; the combined types with the calibrated confidence, the override
threshold the best on the other folds or the most conservative within one standard error of it
(the shipped rule; the confidence picks the answer among covering events). Calibration is
read on every event covering the marked pair (label: its type is right; other pairs are not
labelled in plv_train): ECE over 10 equal-width bins and a reliability table. ``--guards``
picks the retyping guards (default: the trainer's); ``--compare-guards`` adds a table with
each guard set of GUARD_LADDER cross-validated the same way.

    .venv/bin/python benchmarks/end_to_end.py [--shared ../shared] [--limit N] [--errors] [--cv]
        [--guards G1,G2] [--compare-guards] [--misses [--show N]]
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = ROOT.parent / "shared"
PLV = Path("data") / "plv_train.tsv"
QUAD = Path("data") / "cameo_quad_sentences.tsv"
_MARK = re.compile(r"</?[st]>")
YIELD = {"CONCEDE", "RETREAT"}
RESOLVE_PRONOUNS = True  # --overlap-only turns it off
COMBINE = True  # --lexicon-only turns it off


@dataclass
class Coded:
    """One event as scored: the rule coder's sides and trigger, the combination's type."""

    predicate: Any
    confidence: float
    actors: list[Any]
    recipients: list[Any]
    trigger: Any


def coded_events(doc: Any) -> list[Coded]:
    """The document's events with the type and confidence the engine would give them."""
    raws = list(doc._.rp_events or [])
    if not COMBINE:
        return [Coded(r.predicate, r.confidence, r.actors, r.recipients, r.trigger) for r in raws]
    from realpolitik.events.combine import combine_events

    return [
        Coded(d.predicate, d.confidence, r.actors, r.recipients, r.trigger)
        for r, d in zip(raws, combine_events(raws), strict=True)
    ]


@dataclass
class Row:
    """One plv_train row: the sentence and the character ranges of its marked pair."""

    text: str
    gold: str
    quad: int
    source: tuple[int, int]
    target: tuple[int, int]
    index: int = -1  # its line among the file's rows (the training script's order)


def _ranges(marked: str) -> tuple[str, dict[str, tuple[int, int]]]:
    """The unmarked text and where each mark's contents lie in it."""
    out: list[str] = []
    pos = 0
    found: dict[str, tuple[int, int]] = {}
    opened: dict[str, int] = {}
    length = 0
    for m in _MARK.finditer(marked):
        chunk = marked[pos : m.start()]
        out.append(chunk)
        length += len(chunk)
        tag = m.group(0)
        name = tag.strip("</>")
        if tag.startswith("</"):
            found[name] = (opened.pop(name, length), length)
        else:
            opened[name] = length
        pos = m.end()
    out.append(marked[pos:])
    return "".join(out), found


def read_plv(path: Path) -> tuple[list[Row], int]:
    """Rows whose marks give both sides; the count of rows left out for bad marks."""
    rows: list[Row] = []
    bad = 0
    with path.open(encoding="utf-8", newline="") as fh:
        for n, r in enumerate(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)):
            text, found = _ranges(r["marked_sentence"])
            if "s" not in found or "t" not in found:
                bad += 1
                continue
            gold, quad = r["gold_root"], int(r["gold_penta"])
            rows.append(Row(text, gold, quad, found["s"], found["t"], n))
    return rows, bad


def read_quad(path: Path) -> list[tuple[str, int]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [
            (r["sentence"], int(r["label"]))
            for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        ]


def _overlaps(span: Any, rng: tuple[int, int]) -> bool:
    return bool(span.start_char < rng[1] and rng[0] < span.end_char)


def _refs(span: Any) -> set[str]:
    return {r.entry_id or f"{r.country}-{r.sector}" for r in span._.rp_refs}


def _names(span: Any, rng: tuple[int, int]) -> bool:
    """The span lies on the marked side, or is a pronoun ("it", "they") resolved to the
    same entity as an actor mention on it: "the army said it had opened ..."."""
    if _overlaps(span, rng):
        return True
    if not RESOLVE_PRONOUNS or span.label_ != "COREF" or not _refs(span):
        return False
    from realpolitik.actors.recognizer import ACTORS_KEY

    return any(
        _overlaps(s, rng) and s.label_ != "COREF" and _refs(s) == _refs(span)
        for s in span.doc.spans.get(ACTORS_KEY, [])
    )


def _covers(event: Any, a: tuple[int, int], b: tuple[int, int]) -> bool:
    return any(_names(s, a) for s in event.actors) and any(_names(s, b) for s in event.recipients)


def type_ok(ours: str, gold: str) -> bool:
    """plv_train merges CONCEDE and RETREAT into YIELD."""
    return ours == gold or gold == "YIELD" and ours in YIELD


def best(events: list[Any]) -> Any | None:
    """The most confident event, the first on ties."""
    top = None
    for e in events:
        if top is None or e.confidence > top.confidence:
            top = e
    return top


@dataclass
class Tally:
    rows: int = 0
    exact: int = 0
    symmetric: int = 0
    type_ok: int = 0
    quad_ok: int = 0
    sentence_type_ok: int = 0


@dataclass
class Errors:
    """Aggregate reasons, counted per row."""

    reasons: Counter[str] = field(default_factory=Counter)
    confusions: Counter[tuple[str, str]] = field(default_factory=Counter)
    confused_triggers: dict[tuple[str, str], Counter[str]] = field(
        default_factory=lambda: defaultdict(Counter)
    )
    missed_verbs: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    paths: Counter[str] = field(default_factory=Counter)
    # --misses: the construction joining the sides of each missed row, and the joining words
    constructions: Counter[str] = field(default_factory=Counter)
    construction_words: dict[str, Counter[str]] = field(
        default_factory=lambda: defaultdict(Counter)
    )
    examples: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))


def _actor_on(doc: Any, rng: tuple[int, int]) -> bool:
    from realpolitik.actors.recognizer import ACTORS_KEY

    return any(_overlaps(s, rng) for s in doc.spans.get(ACTORS_KEY, []))


def _joining_verb(doc: Any, row: Row) -> str | None:
    """The lemma of the lowest verb above both sides' heads: what the text says they did."""
    src = doc.char_span(*row.source, alignment_mode="expand")
    tgt = doc.char_span(*row.target, alignment_mode="expand")
    if src is None or tgt is None:
        return None
    above = {t.i for t in [src.root, *src.root.ancestors]}
    for tok in [tgt.root, *tgt.root.ancestors]:
        if tok.i in above:
            verb = tok if tok.pos_ in ("VERB", "NOUN") else None
            return None if verb is None else f"{verb.lemma_.lower()}/{verb.pos_}"
    return None


def _path(doc: Any, row: Row) -> str | None:
    """The dependency path from the source's head up to the word joining it to the target's
    head and down again, as labels: the construction an argument rule has to read."""
    src = doc.char_span(*row.source, alignment_mode="expand")
    tgt = doc.char_span(*row.target, alignment_mode="expand")
    if src is None or tgt is None:
        return None
    up = [src.root, *src.root.ancestors]
    where = {t.i: n for n, t in enumerate(up)}
    down: list[str] = []
    for tok in [tgt.root, *tgt.root.ancestors]:
        if tok.i in where:
            rise = [t.dep_ for t in up[: where[tok.i]]]
            return "/".join(rise) + " ^ " + "/".join(reversed(down))
        down.append(tok.dep_)
    return None


# Verbs that report speech: "X said Y ...", "X told Y ...".
SPEECH_VERBS = {
    "say", "tell", "state", "announce", "add", "declare", "claim", "report", "write", "note",
    "insist", "assert", "warn", "explain", "stress", "confirm", "reply", "respond", "argue",
}  # fmt: skip


def _marked(row: Row) -> str:
    """The row's sentence with its sides bracketed (printed by --misses, never stored)."""
    (s0, s1), (t0, t1) = row.source, row.target
    cuts = sorted([(s0, "[S "), (s1, "]"), (t0, "[T "), (t1, "]")], key=lambda c: c[0])
    out, pos = [], 0
    for at, mark in cuts:
        out += [row.text[pos:at], mark]
        pos = at
    return "".join(out + [row.text[pos:]])


def construction(doc: Any, row: Row) -> tuple[str, str]:
    """What joins a missed pair whose both sides are actors: reported speech, a light verb
    with a noun, a predicate the lexicon knows (its arguments were missed), one it lacks."""
    from realpolitik.events.lexicon import load_lexicon

    lex = load_lexicon()
    src = doc.char_span(*row.source, alignment_mode="expand")
    tgt = doc.char_span(*row.target, alignment_mode="expand")
    if src is None or tgt is None:
        return "no span", "-"
    up = {t.i for t in [src.root, *src.root.ancestors]}
    join = next((t for t in [tgt.root, *tgt.root.ancestors] if t.i in up), None)
    if join is None or join.sent != src.root.sent:
        return "sides in different sentences", "-"
    lemma = join.lemma_.lower()
    word = f"{lemma}/{join.pos_}"
    if join.i in (src.root.i, tgt.root.i):
        return "one side inside the other's phrase", word
    if lemma in SPEECH_VERBS:
        return "reported speech (say/tell/warn X ...)", word
    if lex.is_light(join) or any(
        c.dep_ in ("dobj", "attr") and lex.for_noun(c) for c in join.children
    ):
        noun = next((c for c in join.children if c.dep_ in ("dobj", "attr")), None)
        known = noun is not None and lex.for_noun(noun) is not None
        where = "event noun known" if known else "noun unknown"
        return f"light verb + noun ({where})", f"{word} {noun.lemma_ if noun else '-'}"
    known = lex.for_verb(join) if join.pos_ in ("VERB", "AUX") else lex.for_noun(join)
    if known is not None:
        return f"predicate in lexicon ({join.pos_}), arguments missed", word
    return f"predicate not in lexicon ({join.pos_})", word


def misses_report(errors: Errors, show: int) -> str:
    """--misses: the missed rows by construction, with their commonest joining words."""
    total = sum(errors.constructions.values())
    lines = [f"Missed pairs by construction ({total} rows):"]
    for kind, n in errors.constructions.most_common():
        words = ", ".join(f"{w} {c}" for w, c in errors.construction_words[kind].most_common(10))
        lines.append(f"- {kind}: {n}" + (f"; {words}" if words else ""))
        lines += [f"    {x}" for x in errors.examples[kind][:show]]
    return "\n".join(lines)


def _explain(doc: Any, row: Row, events: list[Any], errors: Errors) -> None:
    if not _actor_on(doc, row.source) and not _actor_on(doc, row.target):
        reason = "neither side is an actor mention"
    elif not _actor_on(doc, row.source):
        reason = "source is no actor mention"
    elif not _actor_on(doc, row.target):
        reason = "target is no actor mention"
    elif not events:
        reason = "both sides named, no event in sentence"
    else:
        reason = "both sides named, events not on the pair"
    errors.reasons[reason] += 1
    if reason.startswith("both sides"):
        errors.paths[_path(doc, row) or "-"] += 1
        kind, word = construction(doc, row)
        errors.constructions[kind] += 1
        errors.construction_words[kind][word] += 1
        errors.examples[kind].append(f"[{row.gold}] {_marked(row)}")
    else:
        errors.constructions[reason] += 1
        errors.examples[reason].append(f"[{row.gold}] {_marked(row)}")
    verb = _joining_verb(doc, row)
    if verb is not None:
        errors.missed_verbs[row.gold][verb] += 1


def score_plv(rows: list[Row], nlp: Any, errors: Errors | None) -> dict[str, Tally]:
    from realpolitik.model import QUAD_OF_TYPE

    tallies: dict[str, Tally] = defaultdict(Tally)
    for row, doc in zip(rows, nlp.pipe(r.text for r in rows), strict=True):
        events = coded_events(doc)
        exact = [e for e in events if _covers(e, row.source, row.target)]
        either = exact or [e for e in events if _covers(e, row.target, row.source)]
        answer = best(either)
        top = best(events)
        for t in (tallies[row.gold], tallies["all"]):
            t.rows += 1
            t.exact += bool(exact)
            t.symmetric += answer is not None
            t.sentence_type_ok += top is not None and type_ok(top.predicate.type, row.gold)
            if answer is not None:
                t.type_ok += type_ok(answer.predicate.type, row.gold)
                t.quad_ok += QUAD_OF_TYPE[answer.predicate.type] == row.quad
        if errors is None:
            continue
        if answer is None:
            _explain(doc, row, events, errors)
        elif not type_ok(answer.predicate.type, row.gold):
            key = (row.gold, answer.predicate.type)
            errors.confusions[key] += 1
            errors.confused_triggers[key][answer.trigger.lemma_.lower()] += 1
        if answer is not None and not exact:
            errors.reasons["pair found only reversed"] += 1
    return tallies


def cameo_quad(cameo: str) -> int:
    """CAMEO's own quad class of a code: 01-02 neutral (statements, appeals), 03-05 verbal
    and 06-08 material cooperation, 09-13 verbal and 14-20 material conflict."""
    root = int(cameo[:2])
    return next(q for q, top in ((0, 2), (1, 5), (2, 8), (3, 13), (4, 20)) if root <= top)


def score_quad(sentences: list[tuple[str, int]], nlp: Any) -> dict[str, Any]:
    from realpolitik.model import QUAD_OF_TYPE

    confusion: Counter[tuple[int, int]] = Counter()
    by_cameo = 0
    for (_text, gold), doc in zip(sentences, nlp.pipe(s for s, _ in sentences), strict=True):
        top = best(coded_events(doc))
        confusion[(gold, 0 if top is None else QUAD_OF_TYPE[top.predicate.type])] += 1
        by_cameo += gold == (0 if top is None else cameo_quad(top.predicate.cameo))
    return {"confusion": confusion, "n": len(sentences), "by_cameo": by_cameo}


def _rate(n: int, d: int) -> str:
    return f"{n}/{d} ({n / d:.2f})" if d else "0/0"


def plv_table(tallies: dict[str, Tally]) -> str:
    a = tallies["all"]
    lines = [
        "| measure | value |",
        "| --- | ---: |",
        f"| pair found, exact direction | {_rate(a.exact, a.rows)} |",
        f"| pair found, either direction | {_rate(a.symmetric, a.rows)} |",
        f"| type accuracy, all rows (miss = wrong) | {_rate(a.type_ok, a.rows)} |",
        f"| type accuracy, found pairs | {_rate(a.type_ok, a.symmetric)} |",
        f"| quad accuracy, all rows (miss = wrong) | {_rate(a.quad_ok, a.rows)} |",
        f"| quad accuracy, found pairs | {_rate(a.quad_ok, a.symmetric)} |",
        f"| sentence-level type (top event, any pair) | {_rate(a.sentence_type_ok, a.rows)} |",
        "",
        "| gold type | rows | pair found | type recall (miss = wrong) | type ok / found |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name in sorted(k for k in tallies if k != "all"):
        t = tallies[name]
        lines.append(
            f"| {name} | {t.rows} | {_rate(t.symmetric, t.rows)} | {_rate(t.type_ok, t.rows)} "
            f"| {_rate(t.type_ok, t.symmetric)} |"
        )
    return "\n".join(lines)


def quad_table(result: dict[str, Any]) -> str:
    conf: Counter[tuple[int, int]] = result["confusion"]
    n = result["n"]
    ok = sum(v for (g, p), v in conf.items() if g == p)
    events_rows = sum(v for (g, _), v in conf.items() if g)
    events_ok = sum(v for (g, p), v in conf.items() if g and g == p)
    zero = sum(v for (g, _), v in conf.items() if g == 0)
    lines = [
        "| measure | value |",
        "| --- | ---: |",
        f"| accuracy, labels 0-4 (no event = 0) | {_rate(ok, n)} |",
        f"| accuracy, labels 1-4 (no event = wrong) | {_rate(events_ok, events_rows)} |",
        f"| label 0 sentences with no event | {_rate(conf[(0, 0)], zero)} |",
        f"| accuracy, labels 0-4, CAMEO quad class of our CAMEO code | "
        f"{_rate(result['by_cameo'], n)} |",
        "",
        "| gold \\ ours | none/0 | 1 | 2 | 3 | 4 |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for g in range(5):
        lines.append(f"| {g} | " + " | ".join(str(conf[(g, p)]) for p in range(5)) + " |")
    return "\n".join(lines)


def errors_report(errors: Errors, top: int = 12) -> str:
    lines = ["Why pairs were missed (rows):"]
    lines += [f"- {k}: {v}" for k, v in errors.reasons.most_common()]
    lines.append("\nDependency paths source ^ target where both are named but not paired:")
    lines += [f"- {k}: {v}" for k, v in errors.paths.most_common(top * 2)]
    lines.append("\nType confusions on found pairs (gold -> ours: rows; trigger lemmas):")
    for (g, p), v in errors.confusions.most_common(top * 2):
        lemmas = ", ".join(f"{w} {c}" for w, c in errors.confused_triggers[(g, p)].most_common(6))
        lines.append(f"- {g} -> {p}: {v}; {lemmas}")
    lines.append("\nCommonest words joining source and target in missed rows, per gold type:")
    for gold in sorted(errors.missed_verbs):
        words = ", ".join(f"{w} {c}" for w, c in errors.missed_verbs[gold].most_common(top))
        lines.append(f"- {gold}: {words}")
    return "\n".join(lines)


def _confidence_trainer() -> Any:
    """scripts/train_event_confidence.py as a module: one implementation of the CV."""
    import importlib

    scripts = str(ROOT / "scripts")
    if scripts not in sys.path:
        sys.path.insert(0, scripts)
    return importlib.import_module("train_event_confidence")


def _fold_rates(rows: list[Any], decided: list[list[Any]], pick: Any) -> dict[str, float]:
    from realpolitik.model import QUAD_OF_TYPE

    found = right = quad = 0
    for r, dec in zip(rows, decided, strict=True):
        cand = pick(r, dec)
        if not cand:
            continue
        top = best_decision(cand)
        found += 1
        right += type_ok(top.predicate.type, r.row.gold)
        quad += QUAD_OF_TYPE[top.predicate.type] == r.row.quad
    n = len(rows)
    return {
        "found": found / n,
        "type_all": right / n,
        "type_found": right / max(found, 1),
        "quad_all": quad / n,
        "quad_found": quad / max(found, 1),
    }


def best_decision(decisions: list[Any]) -> Any:
    """The most confident decision, the first on ties (as `best`)."""
    top = decisions[0]
    for d in decisions[1:]:
        if d.confidence > top.confidence:
            top = d
    return top


def reliability(conf: list[float], right: list[bool], bins: int = 10) -> tuple[float, list[str]]:
    """ECE (bin-weighted |mean confidence - accuracy|) and the table rows per bin."""
    c = [min(max(x, 0.0), 1.0) for x in conf]
    rows, ece = [], 0.0
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        idx = [i for i, x in enumerate(c) if (lo < x <= hi) or (b == 0 and x == 0.0)]
        if not idx:
            continue
        mean_c = sum(c[i] for i in idx) / len(idx)
        acc = sum(right[i] for i in idx) / len(idx)
        ece += len(idx) / len(c) * abs(mean_c - acc)
        rows.append(f"({lo:.1f}, {hi:.1f}] | {len(idx)} | {mean_c:.3f} | {acc:.3f}")
    return ece, rows


GUARD_LADDER: tuple[tuple[str, ...], ...] = (
    (),
    ("sole_pair",),
    ("sole_pair", "main_or_only_pair"),
    ("sole_pair", "main_or_only_pair", "unmediated"),
    ("sole_pair", "main_or_only_pair", "unmediated", "not_negated"),
    ("sole_pair", "main_or_only_pair", "unmediated", "asserted"),
    ("sole_pair", "main_or_only_pair", "unmediated", "asserted", "within_quad"),
    ("sole_pair", "main_or_only_pair", "unmediated", "asserted", "nominal_or_light"),
    ("sole_pair", "unmediated", "asserted"),
)


def guards_table(ec: Any, parsed: list[Any], ladder: Sequence[tuple[str, ...]]) -> list[str]:
    """CV type/quad accuracy on found pairs for each guard set (threshold refitted per fold)."""
    lines = [
        "",
        "Retyping guards (combine.GUARDS), each cross-validated as above:",
        "",
        "| guards | rule | thresholds per fold | type acc, found | quad, found | changed |",
        "| --- | --- | --- | ---: | ---: | ---: |",
    ]
    for guards in ladder:
        folds = ec.cross_validate(parsed, guards)
        name = ", ".join(guards) or "none"
        for rule, attr, t_attr in (
            ("best", "combined", "threshold"),
            ("one-SE", "combined_1se", "threshold_1se"),
        ):
            per = [_fold_rates(f.rows, getattr(f, attr), ec.answer_candidates) for f in folds]
            changed = sum(d.changed for f in folds for dec in getattr(f, attr) for d in dec)
            lines.append(
                f"| {name} | {rule} | {[getattr(f, t_attr) for f in folds]} "
                f"| {sum(p['type_found'] for p in per) / len(per):.3f} "
                f"| {sum(p['quad_found'] for p in per) / len(per):.3f} | {changed} |"
            )
    return lines


def cv_report(
    shared: Path, nlp: Any, guards: Sequence[str] | None = None, compare: bool = False
) -> str:
    """The --cv tables (see the module docstring); `guards` default to the trainer's."""
    ec = _confidence_trainer()
    parsed = ec.parse_rows(shared, nlp)
    info = ec.add_oof_probabilities(parsed, shared)
    guards = ec.DEFAULT_GUARDS if guards is None else tuple(guards)
    folds = ec.cross_validate(parsed, guards)
    systems = {
        "lexicon types, coder heuristic confidence": "rules",
        "lexicon types, calibrated confidence": "rules_calibrated",
        "combined types (best threshold), calibrated confidence": "combined",
        "combined types (one-SE threshold), calibrated confidence": "combined_1se",
    }
    lines = [
        f"5-fold CV, fold models: {info['data']} (synthetic weight {info['synthetic_weight']}), "
        f"C={info['C']:g} fixed, temperature per fold {info['temperature_per_fold']}; "
        f"override threshold per fold, best: {[f.threshold for f in folds]}, "
        f"one-SE: {[f.threshold_1se for f in folds]}; guards: {', '.join(guards) or 'none'}",
        "",
        "| coder | pair found | type acc, all rows | type acc, found pairs | quad, all rows "
        "| quad, found pairs |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    keys = ("found", "type_all", "type_found", "quad_all", "quad_found")
    for name, attr in systems.items():
        per = [_fold_rates(f.rows, getattr(f, attr), ec.answer_candidates) for f in folds]
        means = [sum(p[k] for p in per) / len(per) for k in keys]
        lines.append(f"| {name} | " + " | ".join(f"{m:.3f}" for m in means) + " |")
    for name, attr in systems.items():
        conf: list[float] = []
        right: list[bool] = []
        for f in folds:
            ds, ok = ec.covering_labels(f.rows, getattr(f, attr))
            conf += [d.confidence for d in ds]
            right += [bool(x) for x in ok]
        ece, table = reliability(conf, right)
        lines += [
            "",
            f"Calibration, {name}: {len(conf)} covering events, ECE {ece:.3f}",
            "",
            "| confidence bin | events | mean confidence | type right |",
            "| --- | ---: | ---: | ---: |",
            *[f"| {t} |" for t in table],
        ]
    if compare:
        lines += guards_table(ec, parsed, GUARD_LADDER)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--limit", type=int, help="score only the first N rows of each set")
    parser.add_argument("--errors", action="store_true", help="print aggregate error reasons")
    parser.add_argument("--misses", action="store_true", help="bucket missed pairs by construction")
    parser.add_argument(
        "--show", type=int, default=0, help="with --misses: print N sentences per bucket"
    )
    parser.add_argument("--skip-quad", action="store_true", help="plv_train only")
    parser.add_argument(
        "--cv", action="store_true", help="cross-validate the type combination and confidence"
    )
    parser.add_argument(
        "--guards", help="with --cv: comma-separated retyping guards (default: the trainer's)"
    )
    parser.add_argument(
        "--compare-guards", action="store_true", help="with --cv: CV each set in GUARD_LADDER"
    )
    parser.add_argument(
        "--lexicon-only", action="store_true", help="the rule coder's types and confidence"
    )
    parser.add_argument(
        "--overlap-only", action="store_true", help="a pronoun side must overlap the mark too"
    )
    opts = parser.parse_args(argv)
    global RESOLVE_PRONOUNS, COMBINE
    RESOLVE_PRONOUNS = not opts.overlap_only
    COMBINE = not opts.lexicon_only
    if not (opts.shared / PLV).is_file():
        print(f"skipped: {opts.shared / PLV} not found; pass --shared", file=sys.stderr)
        return 0
    from realpolitik.api import get_engine

    nlp = get_engine().nlp
    if opts.cv:
        print(f"`{' '.join(['.venv/bin/python', 'benchmarks/end_to_end.py', *sys.argv[1:]])}`\n")
        guards = None if opts.guards is None else [g for g in opts.guards.split(",") if g]
        print(cv_report(opts.shared, nlp, guards, opts.compare_guards))
        return 0
    rows, bad = read_plv(opts.shared / PLV)
    rows = rows[: opts.limit]
    errors = Errors() if opts.errors or opts.misses else None
    started = time.perf_counter()
    tallies = score_plv(rows, nlp, errors)
    print(f"`{' '.join(['.venv/bin/python', 'benchmarks/end_to_end.py', *sys.argv[1:]])}`\n")
    print(
        f"plv_train.tsv: {len(rows)} rows ({bad} left out: no source or target marked), "
        f"{time.perf_counter() - started:.1f} s\n"
    )
    print(plv_table(tallies))
    if errors is not None and opts.errors:
        print("\n" + errors_report(errors))
    if errors is not None and opts.misses:
        print("\n" + misses_report(errors, opts.show))
    if not opts.skip_quad and (opts.shared / QUAD).is_file():
        sentences = read_quad(opts.shared / QUAD)[: opts.limit]
        print(f"\ncameo_quad_sentences.tsv: {len(sentences)} sentences, most confident event\n")
        print(quad_table(score_quad(sentences, nlp)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
