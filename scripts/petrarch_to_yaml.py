"""Convert PETRARCH's validation dictionaries into a realpolitik knowledge-base YAML file.

Reads ``PETR.Validate.actors.txt`` and ``PETR.Validate.agents.txt`` (the fictional
countries Arnor, Gondor, ... of PETRARCH's unit tests) from ``../shared`` and writes one
YAML file in the schema of ``src/realpolitik/actors/data/README.md``, for
``KnowledgeBase.load(extra=[...])`` or ``realpolitik extract --actors FILE``. The output is
generated at run time and never committed:

    .venv/bin/python scripts/petrarch_to_yaml.py [OUT.yaml] [--shared ../shared]

How the dictionaries map onto the schema:

- An actor whose code is three letters ("GONDOR [GON]") is a state with that code as its id;
  every name and ``+synonym`` with that code becomes an alias, and a synonym with a demonym
  ending (-ian, -i, -ese, -ish, -an, plural -s) a demonym. A code of the state plus ``GOV``
  ("WASHINGTON [USAGOV]") is a seat of that state. Other codes ("ISRAELI_TROOPS [ISRMIL]")
  become entries of their own: country = the first three letters, sector = the next three.
  Codes PETRARCH uses for "not an actor" (``---``, ``+++``) are left out; of a compound
  code ("ELR/GAL") the first is kept.
- Date restrictions (``[HOBGOV 19950601 - 19990815]``, ``< date``, ``> date``) become
  periods; PETRARCH's ranges include their last day, ours stop before ``until``.
- A name without PETRARCH's final underscore matches any word that starts with it
  ("DAGOLATH" matches "Dagolathi"); it is expanded into the stem plus the usual demonym and
  plural endings. A name with the underscore matches only itself.
- Entries whose id the built-in knowledge base already has only add their names, unless the
  dictionary gives a different country or sector.
- Agents ("FOREIGN_MINISTER [~GOVFRM]") become sector nouns (``- noun:``, ``sector:`` the
  first three letters of the agent code), with PETRARCH's plurals: ``{PLURAL}`` given, ``{}``
  none, otherwise the regular English plural; ``!MACRO!`` substitutions are expanded. Agents
  coded as actors of their own (``[NGO~]``) have no sector-noun equivalent and are skipped.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = ROOT.parent / "shared"
DEFAULT_OUT = ROOT / "build" / "petrarch_actors.yaml"
SUBDIR = Path("data") / "petrarch_unit_tests"
ACTORS = "PETR.Validate.actors.txt"
AGENTS = "PETR.Validate.agents.txt"

NULL_CODES = {"---", "+++", "###"}
NON_STATE_CODES = {"IGO", "NGO", "UNO", "EUR", "MNC", "NGM", "IMF", "IBR", "G77", "EEC"}
STEM_ENDINGS = ("s", "n", "ns", "an", "ans", "ian", "ians", "i", "is", "ese", "ish")
DEMONYM_RE = re.compile(r"(ian|ians|an|ans|ese|ish|i|is)$", re.I)
SMALL_WORDS = {"of", "the", "and", "for", "de", "al"}
SECTOR_KIND = {
    "GOV": "state_organ", "MIL": "state_organ", "COP": "state_organ", "SPY": "state_organ",
    "LEG": "state_organ", "JUD": "state_organ", "REB": "armed_group", "INS": "armed_group",
    "UAF": "armed_group", "PTY": "party", "MED": "media", "JRN": "media", "BUS": "business",
}  # fmt: skip
AGENT_RE = re.compile(r"^\s*(?P<name>[^{\[]+?)\s*(?:\{(?P<plural>[^}]*)\})?\s*\[(?P<code>[^\]]*)\]")
CODE_RE = re.compile(
    r"^\s*(?P<code>[A-Za-z0-9\-+#/]+)\s*"
    r"(?:(?P<op>[<>])\s*(?P<date>\d{6,8})|(?P<since>\d{6,8})\s*-\s*(?P<until>\d{6,8}))?\s*$"
)


# ---------------------------------------------------------------------- reading


@dataclass
class Code:
    """One bracketed code of an actor, with its optional date restriction."""

    code: str
    since: str | None = None
    until: str | None = None

    @property
    def country(self) -> str:
        return self.code[:3]

    @property
    def sector(self) -> str | None:
        """The agent part; only three letters fit the schema ("ITHTV" has none)."""
        part = self.code[3:6]
        return part if re.fullmatch(r"[A-Z]{3}", part) else None

    @property
    def dated(self) -> bool:
        return self.since is not None or self.until is not None


@dataclass
class Actor:
    """One dictionary entry: its names (the first is the headword) and codes."""

    names: list[tuple[str, bool]] = field(default_factory=list)  # (surface, exact)
    codes: list[Code] = field(default_factory=list)


def strip_comments(text: str) -> list[str]:
    """Lines without ``<!-- -->`` blocks and ``#`` comments, blank lines dropped."""
    text = re.sub(r"<!.*?-->", "", text, flags=re.S)
    lines = []
    for line in text.splitlines():
        line = re.sub(r"(^|\s)#.*$", "", line).rstrip()
        if line.strip():
            lines.append(line)
    return lines


def petrarch_date(value: str) -> str:
    """PETRARCH's YYYYMMDD or YYMMDD (years before 30 are 20xx) as an ISO date."""
    if len(value) == 6:
        yy = int(value[:2])
        value = f"{2000 + yy if yy < 30 else 1900 + yy}{value[2:]}"
    return f"{value[:4]}-{value[4:6]}-{value[6:8]}"


def day_after(iso: str) -> str:
    return (dt.date.fromisoformat(iso) + dt.timedelta(days=1)).isoformat()


def parse_code(raw: str) -> Code | None:
    m = CODE_RE.match(raw)
    if m is None:
        return None
    code = m["code"].split("/")[0].upper()
    if code[:3] in NULL_CODES or not re.fullmatch(r"[A-Z0-9]{3,}", code):
        return None
    if m["op"] == "<":
        return Code(code, until=petrarch_date(m["date"]))
    if m["op"] == ">":
        return Code(code, since=petrarch_date(m["date"]))
    if m["since"]:
        return Code(code, petrarch_date(m["since"]), day_after(petrarch_date(m["until"])))
    return Code(code)


def parse_actors(text: str) -> list[Actor]:
    """Entries in file order: a headword line, ``+synonym`` lines, indented code lines."""
    actors: list[Actor] = []
    for line in strip_comments(text):
        stripped = line.strip()
        head, _, _ = stripped.partition("[")
        codes = [c for c in map(parse_code, re.findall(r"\[([^\]]*)\]", stripped)) if c]
        if stripped.startswith("+") and actors:
            actors[-1].names.append(_name(head[1:]))
        elif line[0].isspace() and stripped.startswith("[") and actors:
            pass
        else:
            actors.append(Actor())
            if head.strip():
                actors[-1].names.append(_name(head))
        if actors:
            actors[-1].codes += codes
    return [a for a in actors if a.names and a.codes]


def _name(raw: str) -> tuple[str, bool]:
    """PETRARCH's word form (underscores for spaces; a final underscore: exact match)."""
    raw = raw.strip()
    exact = raw.endswith("_")
    words = [w for w in raw.strip("_").replace("_", " ").split() if w]
    return " ".join(_case(w, i) for i, w in enumerate(words)), exact


def _case(word: str, position: int) -> str:
    """Dictionary words are upper case; text has them title-cased ("of" and "the" inside a
    name in lower case), dotted abbreviations as written."""
    if "." in word:
        return word.upper()
    if position and word.lower() in SMALL_WORDS:
        return word.lower()
    return "-".join(part.capitalize() for part in word.split("-"))


def surfaces(name: str, exact: bool) -> list[str]:
    """The name (and with its short words in capitals, for acronyms: "IMF", "the AU"), and
    for a one-word stem the words PETRARCH's prefix match would take."""
    words = name.split()
    upper = " ".join(
        w.upper() if len(w) <= 3 and w.lower() not in SMALL_WORDS else w for w in words
    )
    forms = [name] + ([upper] if upper != name else [])
    if exact or len(words) > 1:
        return forms
    return forms + [name + ending for ending in STEM_ENDINGS]


# ---------------------------------------------------------------------- converting


def entry_id(name: str) -> str:
    ident = re.sub(r"[^A-Z0-9]+", "_", name.upper()).strip("_")
    return ident if ident[:1].isalpha() else f"P_{ident}"


def kind_of(code: Code, plain: bool) -> str:
    """A bare three-letter code is a state (or a body PETRARCH codes like one); anything
    else takes its kind from its agent part."""
    if plain:
        return "igo" if code.country in NON_STATE_CODES else "state"
    if code.country in ("IGO", "UNO", "EUR"):
        return "igo"
    if code.country == "NGO":
        return "ngo"
    return SECTOR_KIND.get(code.sector or "", "other")


def convert_actors(
    actors: Iterable[Actor],
    known: dict[str, tuple[str | None, str | None]],
    names: dict[str, str],
) -> list[dict[str, Any]]:
    """Entries by id. `known` maps built-in ids to their (country, sector), `names` to their
    canonical names."""
    entries: dict[str, dict[str, Any]] = {}
    seats: list[tuple[str, list[str]]] = []
    for actor in actors:
        default = next((c for c in actor.codes if not c.dated), actor.codes[0])
        plain_state = len(default.code) == 3 and not any(c.sector for c in actor.codes)
        if plain_state:
            ident = default.code if re.fullmatch(r"[A-Z][A-Z0-9_]*", default.code) else ""
        elif default.sector == "GOV" and len(default.code) == 6 and not actor.codes[1:]:
            seats.append((default.country, [n for n, _ in actor.names]))
            continue
        else:
            ident = ""
        ident = ident or entry_id(actor.names[0][0])
        entry = entries.setdefault(ident, {"id": ident, "aliases": [], "demonyms": []})
        _fill(entry, actor, default, kind_of(default, plain_state), known, names)
    for country, names in seats:
        target = entries.setdefault(country, {"id": country, "aliases": []})
        target.setdefault("seats", []).extend(n for n in names if n not in target.get("seats", []))
        if country not in known and "kind" not in target:
            target.update(name=names[0], kind="state", country=country)
    return [_tidy(e) for e in entries.values()]


def _fill(
    entry: dict[str, Any],
    actor: Actor,
    default: Code,
    kind: str,
    known: dict[str, tuple[str | None, str | None]],
    names: dict[str, str],
) -> None:
    """Add one dictionary entry's names, codes and dates to the entry of its id."""
    headword = actor.names[0][0]
    first = entry.setdefault("_first", headword)  # the dictionary's own name for the state
    heads = [h for h in (names.get(entry["id"]), first) if h]
    for name, exact in actor.names:
        if kind == "state" and any(_is_demonym(name, head) for head in heads):
            entry["demonyms"] += [name] if name not in entry["demonyms"] else []
            forms = surfaces(name, exact)[1:]
        else:
            forms = surfaces(name, exact)
        entry["aliases"] += [f for f in forms if f not in entry["aliases"]]
    base = known.get(entry["id"])
    country = default.country if re.fullmatch(r"[A-Z]{3}", default.country) else None
    if base is None and "name" not in entry:
        entry.update(name=headword, kind=kind, country=country, sector=default.sector)
    elif base is not None and base != (country, default.sector) and "kind" not in entry:
        entry.update(country=country, sector=default.sector)
    periods = [
        {k: v for k, v in (("since", c.since), ("until", c.until)) if v}
        | {"country": c.country, "sector": c.sector}
        for c in actor.codes
        if c.dated
    ]
    if periods:
        entry["periods"] = periods


def _is_demonym(name: str, state_name: str) -> bool:
    """ "Israeli" of "Israel", "Eriadorian" of "Eriador": a longer word that starts like the
    state's name and has a demonym ending (not "Afghanistan", which only ends like one, nor
    the city "Tunis" of "Tunisia")."""
    same_stem = name[:4].lower() == state_name[:4].lower()
    return same_stem and len(name) > len(state_name) and bool(DEMONYM_RE.search(name))


def _tidy(entry: dict[str, Any]) -> dict[str, Any]:
    entry = {k: v for k, v in entry.items() if not k.startswith("_")}
    out = {k: v for k, v in entry.items() if v not in ([], None) or k == "sector"}
    out["basis"] = "PETRARCH validation dictionary (PETR.Validate.actors.txt)"
    return out


def parse_agents(text: str) -> tuple[list[dict[str, Any]], int]:
    """Sector nouns from the agents dictionary, and how many agents had no sector."""
    macros: dict[str, list[str]] = {}
    nouns: list[dict[str, Any]] = []
    skipped = 0
    for line in strip_comments(text):
        if "=" in line and line.strip().startswith("!"):
            key, _, values = line.partition("=")
            macros[key.strip()] = [v.strip() for v in values.split(",") if v.strip()]
            continue
        m = AGENT_RE.match(line)
        if m is None:
            continue
        code = m["code"].strip()
        if not code.startswith("~") or len(code) < 4:
            skipped += 1  # "[NGO~]": the agent is an actor code of its own
            continue
        sector = code[1:4].upper()
        for noun, plural in _expand(m["name"], m["plural"], macros):
            item: dict[str, Any] = {"noun": noun, "sector": sector}
            if plural:
                item["plural"] = plural
            nouns.append(item)
    return nouns, skipped


def _expand(name: str, plural: str | None, macros: dict[str, list[str]]) -> list[tuple[str, str]]:
    """(noun, plural) pairs: macro substitutions are final forms; otherwise PETRARCH's plural."""
    for key, values in macros.items():
        if key in name:
            return [(_words(name.replace(key, v)), "") for v in values]
    noun = _words(name)
    if plural is not None:
        return [(noun, _words(plural) if plural.strip() else "")]
    return [(noun, english_plural(noun))]


def _words(raw: str) -> str:
    return " ".join(raw.strip().strip("_").replace("_", " ").lower().split())


def english_plural(noun: str) -> str:
    head, _, last = noun.rpartition(" ")
    if re.search(r"(s|x|z|ch|sh)$", last):
        last += "es"
    elif re.search(r"[^aeiou]y$", last):
        last = last[:-1] + "ies"
    else:
        last += "s"
    return f"{head} {last}".strip()


# ---------------------------------------------------------------------- main


def builtin_ids() -> tuple[dict[str, tuple[str | None, str | None]], dict[str, str]]:
    """The built-in entries' (country, sector) and names, by id."""
    from realpolitik.actors.kb import KnowledgeBase

    entries = list(KnowledgeBase.load().entries())
    return {e.id: (e.country, e.sector) for e in entries}, {e.id: e.name for e in entries}


def convert(shared: Path) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """The YAML items (entries, then sector nouns) and counts for the log."""
    folder = shared / SUBDIR
    actors = parse_actors((folder / ACTORS).read_text(encoding="utf-8", errors="replace"))
    entries = convert_actors(actors, *builtin_ids())
    nouns, skipped = parse_agents((folder / AGENTS).read_text(encoding="utf-8", errors="replace"))
    counts = {
        "actor entries read": len(actors),
        "entries written": len(entries),
        "sector nouns": len(nouns),
        "agents skipped": skipped,
    }
    return entries + nouns, counts


def write(items: list[dict[str, Any]], out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    header = (
        "# Generated by scripts/petrarch_to_yaml.py from PETRARCH's validation dictionaries\n"
        "# (openeventdata, MIT). Do not commit: regenerate from ../shared.\n"
    )
    body = yaml.safe_dump(items, sort_keys=False, allow_unicode=True, width=100)
    out.write_text(header + body, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    args = parser.parse_args(argv)
    if not (args.shared / SUBDIR / ACTORS).is_file():
        print(f"{args.shared / SUBDIR / ACTORS}: not found; pass --shared", file=sys.stderr)
        return 2
    items, counts = convert(args.shared)
    write(items, args.out)
    print(f"wrote {args.out}: " + ", ".join(f"{v} {k}" for k, v in counts.items()), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
