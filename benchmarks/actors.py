"""Score actor resolution on labelled phrases (benchmarks/actor_phrases.tsv).

Each row is an actor phrase with an optional context sentence and date, and the expected
`country` and `sector` (empty = null). The phrase goes through `realpolitik.api.resolve`,
the same path as `realpolitik resolve --input`. Reported per phrase kind and overall:
accuracy of country, of sector, and of both together, then the list of misses.

Phrase kinds: state (names and variants), demonym ("the Iranians", "ordinary Kazakhs"),
seat (capitals and seats of power), title (titles and descriptions), place ("protesters in
Tehran"), organ (named state organs), person (dated roles), group (non-state groups),
proxy ("Iran-backed militias": the client keeps its base country), coref ("the group"),
igo (international bodies and NGOs), nonactor (media, rivers, treaties: both null).

    .venv/bin/python benchmarks/actors.py [--phrases FILE.tsv] [--json out.json] [--misses N]
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PHRASES = ROOT / "benchmarks" / "actor_phrases.tsv"


@dataclass(frozen=True)
class Case:
    """One labelled phrase: what to resolve and what the answer should be."""

    phrase: str
    context: str | None
    date: str | None
    country: str | None
    sector: str | None
    kind: str


@dataclass(frozen=True)
class Outcome:
    """A case and what the resolver said about it."""

    case: Case
    country: str | None
    sector: str | None
    entity_id: str | None

    @property
    def country_ok(self) -> bool:
        return self.country == self.case.country

    @property
    def sector_ok(self) -> bool:
        return self.sector == self.case.sector

    @property
    def both_ok(self) -> bool:
        return self.country_ok and self.sector_ok


def read_cases(path: Path) -> list[Case]:
    """Rows of the TSV; an empty country, sector, context or date cell means null."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    return [
        Case(
            phrase=row["phrase"],
            context=row["context"] or None,
            date=row["date"] or None,
            country=row["country"] or None,
            sector=row["sector"] or None,
            kind=row["kind"],
        )
        for row in rows
    ]


def run(cases: list[Case], actor_files: tuple[str, ...] = ()) -> list[Outcome]:
    """Resolve every case through the public API, in order."""
    from realpolitik import api

    outcomes = []
    for case in cases:
        found = api.resolve(case.phrase, case.context, case.date, actor_files)
        outcomes.append(
            Outcome(case, found.get("country"), found.get("sector"), found.get("entity_id"))
        )
    return outcomes


def accuracy(outcomes: list[Outcome]) -> dict[str, float | int]:
    n = len(outcomes)
    if not n:
        return {"n": 0, "country": 0.0, "sector": 0.0, "both": 0.0}
    return {
        "n": n,
        "country": round(sum(o.country_ok for o in outcomes) / n, 3),
        "sector": round(sum(o.sector_ok for o in outcomes) / n, 3),
        "both": round(sum(o.both_ok for o in outcomes) / n, 3),
    }


def by_kind(outcomes: list[Outcome]) -> dict[str, dict[str, float | int]]:
    groups: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        groups[o.case.kind].append(o)
    table = {kind: accuracy(items) for kind, items in sorted(groups.items())}
    table["all"] = accuracy(outcomes)
    return table


def markdown(table: dict[str, dict[str, float | int]]) -> str:
    lines = ["| kind | n | country | sector | both |", "| --- | ---: | ---: | ---: | ---: |"]
    for kind, row in table.items():
        name = f"**{kind}**" if kind == "all" else kind
        lines.append(
            f"| {name} | {row['n']} | {row['country']:.3f} | {row['sector']:.3f} "
            f"| {row['both']:.3f} |"
        )
    return "\n".join(lines)


def _show(code: str | None) -> str:
    return code or "null"


def confusion(outcomes: list[Outcome], limit: int) -> str:
    """The misses, one line each: phrase, date, expected and got country/sector."""
    misses = [o for o in outcomes if not o.both_ok]
    lines = [f"{len(misses)} misses" + (f" (first {limit})" if len(misses) > limit else "")]
    for o in misses[:limit]:
        c = o.case
        lines.append(
            f"- [{c.kind}] {c.phrase!r} ({c.date or 'no date'}): expected "
            f"{_show(c.country)}/{_show(c.sector)}, got {_show(o.country)}/{_show(o.sector)}"
            f" ({o.entity_id or 'no entity'})"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phrases", type=Path, default=DEFAULT_PHRASES)
    parser.add_argument("--actors", action="append", default=[], help="extra KB YAML files")
    parser.add_argument("--json", type=Path, help="write the scores and misses here")
    parser.add_argument("--misses", type=int, default=200, help="misses to list (default 200)")
    args = parser.parse_args(argv)
    cases = read_cases(args.phrases)
    started = time.perf_counter()
    outcomes = run(cases, tuple(args.actors))
    elapsed = time.perf_counter() - started
    table = by_kind(outcomes)
    command = "python benchmarks/actors.py" + (
        f" --phrases {args.phrases}" if args.phrases != DEFAULT_PHRASES else ""
    )
    print(f"Actor resolution on {args.phrases.name} ({len(cases)} phrases, {elapsed:.1f} s)\n")
    print(f"Command: `{command}`\n")
    print(markdown(table))
    print()
    print(confusion(outcomes, args.misses))
    if args.json:
        payload: dict[str, Any] = {
            "phrases": str(args.phrases),
            "scores": table,
            "misses": [
                {**o.case.__dict__, "got_country": o.country, "got_sector": o.sector}
                for o in outcomes
                if not o.both_ok
            ],
        }
        args.json.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
