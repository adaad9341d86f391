"""Code PETRARCH's unit-test records and count the expected codings realpolitik reproduces.

The records (../shared/data/petrarch_unit_tests/PETR.UnitTest.records.xml) are sentences
about PETRARCH's fictional states (Arnor, Gondor, ...), each with the CAMEO codings PETRARCH
should produce: source actor code, target actor code, event code. The dictionaries are
converted to a knowledge-base file with scripts/petrarch_to_yaml.py and every record is coded
with `realpolitik.api.extract` (the `realpolitik extract --actors FILE` path), one JSONL
document per record, dated by the record.

Actor codes named: each coding's source and target code is looked for among all actor
mentions the record's text yields (events or not), by country and by country and sector:
this isolates actor recognition from event coding.

How a coding counts (forward direction only: source must be an event's actor, target its
recipient, in an event from the same record):

- pairs by country: some event has an actor whose `country` is the first three letters of
  the source code and a recipient whose `country` is those of the target code (``---`` is a
  null country);
- pairs by code: the same, and each side's `sector` equals the next three letters of its
  code (null when the code has none);
- type / quad: among events matching by code, one whose PLOVER type is the CAMEO code's in
  ../shared/data/cameo2plover-2021.txt (longest listed prefix), or whose quad class is that
  type's. Codings whose CAMEO code the table does not map (01x/02x statements and appeals,
  PETRARCH's private 9xx codes) are left out of these two rates and counted apart.

Codings with a discarded or malformed code ("###", '"INJURY TOLL"') are left out and counted.
Reported beside recall: system events matching no expected coding of their record, and
records that expect no event at all but got one. ``--categories`` sorts the codings missed by
country into one reason each (first that applies): a CAMEO code with no PLOVER type (we code
no statements); an actor code named by no mention; no
event predicate of the lexicon in the text; a predicate but no event; events, but none with
the pair either way (wrong arguments); only the reversed pair. For pairs found, it counts the
expected -> our type confusions: PETRARCH's validation verb dictionary gives some verbs codes
of its own (RESTORE 064, WELCOME 041) that the CAMEO codebook does not, so type rates here
measure agreement with that dictionary, not with CAMEO.

    .venv/bin/python benchmarks/petrarch.py [--shared ../shared] [--json out.json] [-v]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = ROOT.parent / "shared"
RECORDS = Path("data") / "petrarch_unit_tests" / "PETR.UnitTest.records.xml"
CAMEO_TABLE = Path("data") / "cameo2plover-2021.txt"
CODE_RE = re.compile(r"^(?:[A-Z]{3}|---)(?:[A-Z]{3})?[A-Z]*$")


@dataclass(frozen=True)
class Coding:
    """One expected PETRARCH coding."""

    source: str
    target: str
    cameo: str


@dataclass
class Record:
    """One unit-test sentence and what PETRARCH should code from it."""

    id: str
    category: str
    date: str
    text: str
    codings: list[Coding] = field(default_factory=list)
    no_events: bool = False
    skipped: int = 0  # codings with discarded or malformed codes


def load_converter() -> ModuleType:
    path = ROOT / "scripts" / "petrarch_to_yaml.py"
    spec = importlib.util.spec_from_file_location("petrarch_to_yaml", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def read_records(path: Path) -> list[Record]:
    root = ET.parse(path).getroot()
    records: list[Record] = []
    for sent in root.iter("Sentence"):
        raw = sent.get("date", "")
        text_el = sent.find("Text")
        record = Record(
            id=sent.get("id", f"record-{len(records)}"),
            category=sent.get("category", ""),
            date=f"{raw[:4]}-{raw[4:6]}-{raw[6:8]}" if len(raw) == 8 else "",
            text=" ".join((text_el.text or "").split()) if text_el is not None else "",
        )
        for coding in sent.iter("EventCoding"):
            if coding.get("noevents"):
                record.no_events = True
                continue
            src, tgt, code = (
                coding.get(k, "").strip() for k in ("sourcecode", "targetcode", "eventcode")
            )
            if CODE_RE.match(src) and CODE_RE.match(tgt) and code.isdigit():
                record.codings.append(Coding(src, tgt, code))
            else:
                record.skipped += 1
        records.append(record)
    return records


def read_cameo_table(path: Path) -> dict[str, str]:
    """CAMEO code -> PLOVER event type, from lines like ``064: COOPERATE, , intelligence``."""
    table = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^(\d{2,4}):\s*([A-Z]+)", line)
        if m:
            table[m[1]] = m[2]
    return table


def plover_type(cameo: str, table: dict[str, str]) -> str | None:
    for n in range(len(cameo), 1, -1):
        if cameo[:n] in table:
            return table[cameo[:n]]
    return None


def split_code(code: str) -> tuple[str | None, str | None]:
    country = None if code.startswith("---") else code[:3]
    return country, code[3:6] or None


def side_matches(entities: list[dict[str, Any]], code: str, with_sector: bool) -> bool:
    country, sector = split_code(code)
    return any(
        e.get("country") == country and (not with_sector or e.get("sector") == sector)
        for e in entities
    )


def pair_matches(event: dict[str, Any], coding: Coding, with_sector: bool) -> bool:
    return side_matches(event["actor"], coding.source, with_sector) and side_matches(
        event["recipient"], coding.target, with_sector
    )


def extract(
    records: list[Record], actor_file: Path
) -> tuple[dict[str, list[dict[str, Any]]], dict[str, list[dict[str, Any]]]]:
    """Events and actor mentions per record id, in one pass over one JSONL file: the
    reading and coding `realpolitik.api.extract` does, keeping the mentions as well."""
    from realpolitik import api
    from realpolitik.ingest import read_documents
    from realpolitik.model import Document

    engine = api.get_engine(actor_files=(str(actor_file),))
    events: dict[str, list[dict[str, Any]]] = defaultdict(list)
    mentions: dict[str, list[dict[str, Any]]] = defaultdict(list)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "records.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for r in records:
                fh.write(json.dumps({"id": r.id, "text": r.text, "date": r.date or None}) + "\n")
        docs = [d for d in read_documents([str(path)]) if isinstance(d, Document)]
        for coded in engine.code(docs):
            doc_id = coded.document.id
            events[doc_id] += [e.to_contract() for e in coded.events]
            mentions[doc_id] += [m.to_contract() for m in coded.mentions]
    return events, mentions


@dataclass
class Tally:
    expected: int = 0
    sides: int = 0  # source and target codes, each counted
    seen_country: int = 0  # sides named by some mention of the record, by country
    seen_code: int = 0  # ... by country and sector
    by_country: int = 0
    by_code: int = 0
    typed: int = 0  # codings whose CAMEO code maps to a PLOVER type
    type_ok: int = 0
    quad_ok: int = 0


def score(
    records: list[Record],
    events: dict[str, list[dict[str, Any]]],
    mentions: dict[str, list[dict[str, Any]]],
    table: dict[str, str],
) -> dict[str, Any]:
    from realpolitik.model import QUAD_OF_TYPE

    tallies: dict[str, Tally] = defaultdict(Tally)
    misses: list[str] = []
    unmatched_events = false_alarms = 0
    for r in records:
        found = events.get(r.id, [])
        if r.no_events and not r.codings and found:
            false_alarms += 1
        for e in found:
            if not any(pair_matches(e, c, False) for c in r.codings):
                unmatched_events += 1
        named = mentions.get(r.id, [])
        for c in r.codings:
            for t in (tallies[r.category], tallies["all"]):
                _count(t, c, found, table, QUAD_OF_TYPE)
                for code in (c.source, c.target):
                    t.sides += 1
                    t.seen_country += side_matches(named, code, False)
                    t.seen_code += side_matches(named, code, True)
            if not any(pair_matches(e, c, False) for e in found):
                misses.append(f"{r.id}: {c.source} -> {c.target} ({c.cameo}): {r.text[:90]}")
    return {
        "tallies": tallies,
        "misses": misses,
        "system_events": sum(len(v) for v in events.values()),
        "unmatched_events": unmatched_events,
        "false_alarms": false_alarms,
        "no_event_records": sum(1 for r in records if r.no_events and not r.codings),
        "skipped_codings": sum(r.skipped for r in records),
    }


def _count(
    t: Tally,
    c: Coding,
    found: list[dict[str, Any]],
    table: dict[str, str],
    quads: dict[str, int],
) -> None:
    t.expected += 1
    t.by_country += any(pair_matches(e, c, False) for e in found)
    coded = [e for e in found if pair_matches(e, c, True)]
    t.by_code += bool(coded)
    kind = plover_type(c.cameo, table)
    if kind is None:
        return
    t.typed += 1
    t.type_ok += any(e["event"] == kind for e in coded)
    t.quad_ok += any(e["quad_code"] == quads[kind] for e in coded)


def _has_predicate(text: str) -> bool:
    from realpolitik.api import get_engine
    from realpolitik.events.lexicon import load_lexicon

    lexicon = load_lexicon()
    nlp = get_engine().nlp
    with nlp.select_pipes(enable=["tok2vec", "tagger", "attribute_ruler", "lemmatizer"]):
        doc = nlp(text)
    return any(
        (t.pos_ in ("VERB", "AUX") and lexicon.for_verb(t) is not None)
        or (t.pos_ in ("NOUN", "PROPN") and lexicon.for_noun(t) is not None)
        for t in doc
    )


def _reason(
    r: Record,
    c: Coding,
    found: list[dict[str, Any]],
    named: list[dict[str, Any]],
    table: dict[str, str],
) -> str:
    if plover_type(c.cameo, table) is None:
        return "CAMEO code with no PLOVER type (01x/02x statements, appeals; 9xx)"
    if not side_matches(named, c.source, False) or not side_matches(named, c.target, False):
        return "actor missing (a code named by no mention)"
    if not found:
        return "predicate, no event" if _has_predicate(r.text) else "no predicate in lexicon"
    reverse = Coding(c.target, c.source, c.cameo)
    if any(pair_matches(e, reverse, False) for e in found):
        return "pair found reversed"
    return "wrong arguments (events on other pairs)"


def categories(
    records: list[Record],
    events: dict[str, list[dict[str, Any]]],
    mentions: dict[str, list[dict[str, Any]]],
    table: dict[str, str],
) -> str:
    """Aggregate reasons for missed codings and type confusions on found pairs."""
    reasons: Counter[str] = Counter()
    confusions: Counter[str] = Counter()
    for r in records:
        found = events.get(r.id, [])
        for c in r.codings:
            matched = [e for e in found if pair_matches(e, c, False)]
            if not matched:
                reasons[_reason(r, c, found, mentions.get(r.id, []), table)] += 1
                continue
            kind = plover_type(c.cameo, table)
            if kind is not None and not any(e["event"] == kind for e in matched):
                confusions[f"{kind} ({c.cameo}) -> {matched[0]['event']}"] += 1
    lines = ["Missed codings (by country), by reason:"]
    lines += [f"- {k}: {v}" for k, v in reasons.most_common()]
    lines.append("\nType confusions on found pairs (expected (CAMEO) -> ours):")
    lines += [f"- {k}: {v}" for k, v in confusions.most_common(15)]
    return "\n".join(lines)


def _rate(n: int, d: int) -> str:
    return f"{n}/{d} ({n / d:.2f})" if d else "0/0"


def markdown(result: dict[str, Any]) -> str:
    lines = [
        "| category | codings | actor codes named (country) | (code) | pairs by country "
        "| pairs by code | + PLOVER type | + quad |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    tallies: dict[str, Tally] = result["tallies"]
    for name in sorted(k for k in tallies if k != "all") + ["all"]:
        t = tallies[name]
        label = "**all**" if name == "all" else name or "(none)"
        lines.append(
            f"| {label} | {t.expected} | {_rate(t.seen_country, t.sides)} | "
            f"{_rate(t.seen_code, t.sides)} | {_rate(t.by_country, t.expected)} | "
            f"{_rate(t.by_code, t.expected)} | {_rate(t.type_ok, t.typed)} | "
            f"{_rate(t.quad_ok, t.typed)} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--actors", type=Path, default=ROOT / "build" / "petrarch_actors.yaml")
    parser.add_argument("--json", type=Path)
    parser.add_argument("-v", "--verbose", action="store_true", help="list the missed codings")
    parser.add_argument("--categories", action="store_true", help="why codings were missed")
    args = parser.parse_args(argv)
    if not (args.shared / RECORDS).is_file():
        print(f"{args.shared / RECORDS}: not found; pass --shared", file=sys.stderr)
        return 2
    converter = load_converter()
    items, counts = converter.convert(args.shared)
    converter.write(items, args.actors)
    records = read_records(args.shared / RECORDS)
    started = time.perf_counter()
    events, mentions = extract(records, args.actors)
    elapsed = time.perf_counter() - started
    result = score(records, events, mentions, read_cameo_table(args.shared / CAMEO_TABLE))
    tallies: dict[str, Tally] = result["tallies"]
    print(f"PETRARCH unit-test records: {len(records)} records, {elapsed:.1f} s to code\n")
    print("Command: `python benchmarks/petrarch.py`\n")
    print(f"Knowledge base: {args.actors} ({', '.join(f'{v} {k}' for k, v in counts.items())})\n")
    print(markdown(result))
    untyped = tallies["all"].expected - tallies["all"].typed
    print(
        f"\nLeft out: {result['skipped_codings']} codings with discarded or malformed codes; "
        f"{untyped} codings whose CAMEO code has no PLOVER type are left out of the type and "
        f"quad rates only.\nSystem events: {result['system_events']}, of which "
        f"{result['unmatched_events']} match no expected coding of their record (by country); "
        f"records expecting no event that got one: {result['false_alarms']}/"
        f"{result['no_event_records']}."
    )
    if args.verbose:
        print("\nMissed codings (by country):")
        print("\n".join(f"- {m}" for m in result["misses"]))
    if args.categories:
        print(
            "\n"
            + categories(records, events, mentions, read_cameo_table(args.shared / CAMEO_TABLE))
        )
    if args.json:
        payload = {k: v for k, v in result.items() if k != "tallies"} | {
            "tallies": {k: vars(v) for k, v in tallies.items()},
            "counts": dict(Counter(counts)),
        }
        args.json.write_text(json.dumps(payload, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
