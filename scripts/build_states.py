"""Generate src/realpolitik/actors/data/states.csv.

Sources:
- `country_converter`'s country table (short and official names, UN membership year),
- `pycountry` (ISO 3166-1 names, official names, common names),
- the hand-written `state_facts.csv` beside the output (demonyms, capital, seats of power,
  extra aliases, aliases to drop, Wikidata ids).

Covers the 193 UN members, the two observer states (Palestine, Holy See) and Taiwan and
Kosovo. Run from the project root:

    .venv/bin/python scripts/build_states.py

The output is deterministic (sorted by ISO3), so re-running it gives a clean diff.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

import country_converter
import pycountry

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "realpolitik" / "actors" / "data"
FACTS = DATA / "state_facts.csv"
OUTPUT = DATA / "states.csv"

COLUMNS = [
    "iso3", "name", "official_name", "aliases", "demonyms", "seats",
    "un_status", "wikidata_id", "basis",
]  # fmt: skip
OBSERVERS = ("PSE", "VAT")
NON_MEMBERS = ("TWN", "XKX")
EXPECTED_MEMBERS = 193


def split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split("|") if v.strip()]


def dedupe(values: list[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for v in values:
        if v not in seen:
            seen.add(v)
            out.append(v)
    return out


def tidy(name: str) -> list[str]:
    """ISO names in their natural order: "Iran, Islamic Republic of" -> "Islamic Republic of
    Iran"; "Holy See (Vatican City State)" -> "Holy See", "Vatican City State"."""
    name = name.strip()
    if not name:
        return []
    m = re.fullmatch(r"(.+?)\s*\((.+)\)", name)
    if m:
        return tidy(m.group(1)) + tidy(m.group(2))
    if ", " in name:
        head, tail = name.split(", ", 1)
        name = f"{tail} {head}"
    name = re.sub(r"^(?:the|The)\s+", "", name)
    return [name]


def coco_rows() -> dict[str, dict[str, str]]:
    """country_converter's table, read with the csv module (its own reader trips on
    newer pandas, which turns Namibia's ISO2 code "NA" into a missing value)."""
    path = Path(country_converter.__file__).parent / "country_data.tsv"
    with path.open(encoding="utf-8", newline="") as f:
        return {r["ISO3"]: r for r in csv.DictReader(f, delimiter="\t")}


def load_facts() -> dict[str, dict[str, str]]:
    with FACTS.open(encoding="utf-8", newline="") as f:
        return {r["iso3"]: r for r in csv.DictReader(f)}


def build() -> list[dict[str, str]]:
    coco = coco_rows()
    facts = load_facts()
    members = sorted(iso for iso, r in coco.items() if r["UNmember"].strip())
    if len(members) != EXPECTED_MEMBERS:
        sys.exit(f"country_converter lists {len(members)} UN members, expected {EXPECTED_MEMBERS}")
    status = {iso: "member" for iso in members}
    status.update(dict.fromkeys(OBSERVERS, "observer"))
    status.update(dict.fromkeys(NON_MEMBERS, "non-member"))
    missing = sorted(set(status) - set(facts))
    if missing:
        sys.exit(f"state_facts.csv lacks rows for {missing}")
    extra = sorted(set(facts) - set(status))
    if extra:
        sys.exit(f"state_facts.csv has rows for unknown codes {extra}")

    rows = []
    for iso in sorted(status):
        cr = coco[iso]
        fr = facts[iso]
        pc = pycountry.countries.get(alpha_3=iso)
        drop = set(split(fr.get("not_aliases")))
        name = fr.get("name", "").strip() or cr["name_short"].strip()

        official_candidates = []
        if pc is not None and getattr(pc, "official_name", None):
            official_candidates += tidy(pc.official_name)
        official_candidates += tidy(cr["name_official"])
        official = next((o for o in official_candidates if o not in drop), name)

        generated = tidy(cr["name_short"]) + tidy(cr["name_official"])
        if pc is not None:
            generated += tidy(pc.name)
            for attr in ("official_name", "common_name"):
                if getattr(pc, attr, None):
                    generated += tidy(getattr(pc, attr))
        aliases = [official, *generated, *split(fr.get("aliases"))]
        aliases = [a for a in dedupe(aliases) if a != name and a not in drop]

        seats = split(fr.get("capital")) + split(fr.get("seats"))
        sources = ["pycountry ISO 3166-1", "country_converter"] if pc else ["country_converter"]
        basis = f"{' + '.join(sources)} (names; UN status); state_facts.csv: {fr['basis']}"
        rows.append(
            {
                "iso3": iso,
                "name": name,
                "official_name": official,
                "aliases": "|".join(aliases),
                "demonyms": "|".join(dedupe(split(fr.get("demonyms")))),
                "seats": "|".join(dedupe(seats)),
                "un_status": status[iso],
                "wikidata_id": fr.get("wikidata_id", "").strip(),
                "basis": basis,
            }
        )
    return rows


def main() -> None:
    rows = build()
    with OUTPUT.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["un_status"]] = counts.get(r["un_status"], 0) + 1
    print(f"wrote {len(rows)} states to {OUTPUT.relative_to(ROOT)}: {counts}")


if __name__ == "__main__":
    main()
