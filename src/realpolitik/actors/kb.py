"""The actor knowledge base: states, state organs, armed groups, parties, international
bodies, people and media outlets, with their names, aliases, demonyms and seats of power.

The built-in data lives in `realpolitik/actors/data` (see its README.md). Users extend or
override it with YAML files of the same schema::

    kb = KnowledgeBase.load(extra=["my_actors.yaml"])
    kb.lookup("Tehran", date="2024-01-05")   # Entity(id="IRN", ..., sector="GOV")

Dates are ISO strings at any precision (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``); a coarse date
stands for its first day. Periods and roles run from `since` (inclusive) to `until`
(exclusive); a missing bound is open.
"""

from __future__ import annotations

import csv
import fnmatch
import functools
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from realpolitik.model import ENTITY_KINDS, Entity

__all__ = [
    "AliasKind",
    "Entry",
    "KnowledgeBase",
    "KnowledgeBaseError",
    "Patron",
    "Period",
    "Title",
    "normalise",
]

BUILTIN_YAML: tuple[str, ...] = (
    "organs.yaml",
    "armed_groups.yaml",
    "igos.yaml",
    "people.yaml",
    "media.yaml",
)
PEOPLE_GLOB = "people_*.yaml"  # further people files, by region, loaded after people.yaml
STATES_CSV = "states.csv"
SECTOR_NOUNS_CSV = "sector_nouns.csv"
PLACES_CSV = "places.csv"
AMBIGUOUS_PLACES_CSV = "ambiguous_places.csv"

_ID_RE = re.compile(r"^[A-Z][A-Z0-9_]*$")
_CODE_RE = re.compile(r"^[A-Z]{3}$")
_DATE_RE = re.compile(r"^\d{4}(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?$")
_QID_RE = re.compile(r"^Q[0-9]+$")
_LINE = "__line__"

_FIELDS = frozenset(
    {
        "id", "name", "aliases", "kind", "country", "sector", "periods", "roles",
        "organisation", "patrons", "demonyms", "seats", "capital", "wikidata_id", "basis",
        "official_name",
    }
)  # fmt: skip
_NOUN_FIELDS = frozenset({"noun", "plural", "sector", "basis"})
_PERIOD_FIELDS = frozenset({"since", "until", "country", "sector", "title"})
_PATRON_FIELDS = frozenset({"id", "since", "until"})


class KnowledgeBaseError(ValueError):
    """A data file that cannot be read: the message is one line, ``path:line: message``."""


# --------------------------------------------------------------------------------------
# records


@dataclass(frozen=True)
class Period:
    """A span in which an entry's country/sector differ from its defaults (for people: a role)."""

    since: str | None
    until: str | None
    country: str | None = None
    sector: str | None = None
    title: str | None = None

    def contains(self, date: str) -> bool:
        d = _pad(date)
        return (self.since is None or _pad(self.since) <= d) and (
            self.until is None or d < _pad(self.until)
        )


@dataclass(frozen=True)
class Title:
    """The title a text gives a person ("former prime minister X", "opposition leader X").

    The text is evidence the knowledge base may lack: a person called "former prime
    minister" holds no prime-ministerial role then, whatever the data say; an "opposition
    leader" is in opposition. `noun` is the title as written (normalised), `sector` its
    PLOVER sector.
    """

    noun: str
    sector: str
    former: bool = False

    def fits(self, role: Period) -> bool:
        """Whether `role` is the office this title names: its title contains the noun
        ("prime minister" in "Prime Minister"), or, untitled, it has the noun's sector."""
        if role.title:
            return f" {self.noun} " in f" {normalise(role.title)} "
        return role.sector == self.sector


@dataclass(frozen=True)
class Patron:
    """A state or group that backs an entry, from `since` (inclusive) to `until` (exclusive)."""

    id: str
    since: str | None = None
    until: str | None = None

    def active(self, date: str | None) -> bool:
        if date is None:
            return self.until is None
        d = _pad(date)
        return (self.since is None or _pad(self.since) <= d) and (
            self.until is None or d < _pad(self.until)
        )


@dataclass
class Entry:
    """One actor as the data files describe it, across time."""

    id: str
    name: str
    kind: str
    country: str | None
    sector: str | None
    aliases: list[str] = field(default_factory=list)
    demonyms: list[str] = field(default_factory=list)
    seats: list[str] = field(default_factory=list)
    periods: list[Period] = field(default_factory=list)
    patrons: list[Patron] = field(default_factory=list)
    organisation: str | None = None
    wikidata_id: str | None = None
    basis: str = ""

    def at(self, date: str | None = None, title: Title | None = None) -> Entity:
        """This entry as an `Entity`, with the country and sector valid at `date`.

        Non-people: the period covering `date` overrides the defaults; without a date the
        open-ended (current) period does. People: inside a role, that role's sector and
        country; outside every role, the person's country and no sector; without a date,
        the latest role. A `title` from the text overrides the roles (see `_titled`).
        """
        country, sector = self.country, self.sector
        if self.kind == "person":
            sector = None
            if date is None:
                roles = [r for r in [_latest(self.periods)] if r is not None]
            else:
                roles = [p for p in self.periods if p.contains(date)]
            role = _latest(_titled(roles, title))
            if role is not None:
                country = role.country or self.country
                sector = role.sector
            elif title is not None and not title.former and title.sector == "OPP":
                sector = "OPP"  # "opposition leader X": in opposition, whatever the data say
        else:
            if date is None:
                period = _latest([p for p in self.periods if p.until is None])
            else:
                period = _latest([p for p in self.periods if p.contains(date)])
            if period is not None:
                country = period.country or country
                sector = period.sector or sector
        return Entity(
            id=self.id,
            name=self.name,
            country=country,
            sector=sector,
            kind=self.kind,
            wikidata_id=self.wikidata_id,
        )

    def active(self, date: str | None) -> bool:
        """Whether a person holds some role at `date` (other entries are always active)."""
        if self.kind != "person" or date is None or not self.periods:
            return True
        return any(p.contains(date) for p in self.periods)

    def surfaces(self) -> Iterator[tuple[str, AliasKind]]:
        yield self.name, AliasKind.NAME
        for a in self.aliases:
            yield a, AliasKind.NAME
        for d in self.demonyms:
            yield d, AliasKind.DEMONYM
        for s in self.seats:
            yield s, AliasKind.SEAT


class AliasKind(StrEnum):
    NAME = "name"
    DEMONYM = "demonym"
    SEAT = "seat"


_ALIAS_PRIORITY = {AliasKind.NAME: 0, AliasKind.DEMONYM: 1, AliasKind.SEAT: 2}


# --------------------------------------------------------------------------------------
# text and dates


_QUOTES = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u02bc": "'", "\u02bb": "'", "\u02be": "'", "\u02bf": "'", "`": "'", "\u00b4": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
        "\u00a0": " ",
    }
)  # fmt: skip
_POSSESSIVE_RE = re.compile(r"(?<=[\w.])'s$|(?<=s)'$")
_DROP_RE = re.compile(r"[.,'\"]")
_SPACE_RE = re.compile(r"[\s\-_/]+")


def normalise(text: str) -> str:
    """The key names are matched on: case-folded, accents and curly quotes flattened,
    possessive "'s" and a leading "the" dropped, dots, commas and apostrophes removed,
    hyphens read as spaces ("the U.S.'s" -> "us", "Hay'at Tahrir al-Sham" -> "hayat tahrir al
    sham", "Élysée" -> "elysee")."""
    t = unicodedata.normalize("NFKC", text).translate(_QUOTES).strip().strip('"').strip()
    t = _POSSESSIVE_RE.sub("", t)
    t = "".join(c for c in unicodedata.normalize("NFKD", t) if not unicodedata.combining(c))
    t = t.casefold()
    t = _DROP_RE.sub("", t)
    t = _SPACE_RE.sub(" ", t).strip()
    if t.startswith("the "):
        t = t[4:]
    return t


def _is_short_acronym(surface: str) -> bool:
    """ "US", "WHO", "LeT", "NATO": short names written with two or more capitals."""
    letters = re.sub(r"[.\-\s]", "", surface)
    return 2 <= len(letters) <= 4 and letters.isalpha() and sum(c.isupper() for c in letters) >= 2


def _pad(date: str) -> str:
    d = date[:10]
    if len(d) == 4:
        return d + "-01-01"
    if len(d) == 7:
        return d + "-01"
    return d


def _latest(periods: Sequence[Period]) -> Period | None:
    """The period that started last (an unknown start counts as the earliest)."""
    best: Period | None = None
    for p in periods:
        if best is None or _pad(p.since or "0000") >= _pad(best.since or "0000"):
            best = p
    return best


def _titled(roles: list[Period], title: Title | None) -> list[Period]:
    """The roles a title leaves: "former prime minister" drops the premiership (another
    office held then stays); a current title picks, among concurrent roles, the ones it
    names ("Defence Minister Barak" while also prime minister) with the title's own sector
    when it is specific ("army chief" of a role held as head of state and army chief), or,
    naming none, stands for itself: a role of its own sector."""
    if title is None:
        return roles
    named = [r for r in roles if title.fits(r)]
    if title.former:
        return [r for r in roles if r not in named]
    if named and " " in title.noun:  # "army chief X", head of state and army chief: MIL
        return [replace(r, sector=title.sector) for r in named]
    if named:
        return named
    if title.sector == "OPP" or any(r.sector == title.sector for r in roles):
        return [r for r in roles if r.sector == title.sector]
    latest = _latest(roles)  # "army chief X" whom the data know only as head of state
    return [replace(latest, sector=title.sector)] if latest is not None else []


def _dedupe(values: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for v in values:
        if v and v not in seen:
            seen.add(v)
            out.append(v)
    return out


# --------------------------------------------------------------------------------------
# YAML reading


class _Loader(yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader):  # type: ignore[misc]
    """Safe loader that keeps dates as strings and notes each mapping's line."""

    def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
        mapping = super().construct_mapping(node, deep=deep)
        mapping[_LINE] = node.start_mark.line + 1
        return mapping


_Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _Source:
    """Where an entry came from, for error messages and override precedence."""

    def __init__(self, path: str, rank: int) -> None:
        self.path = path
        self.rank = rank

    def error(self, line: int | None, message: str) -> KnowledgeBaseError:
        return KnowledgeBaseError(f"{self.path}:{line if line is not None else 1}: {message}")


def _parse_yaml(text: str, source: _Source) -> list[dict[str, Any]]:
    try:
        data = yaml.load(text, Loader=_Loader)  # a SafeLoader subclass
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark is not None else None
        msg = " ".join(str(e.problem or e.context or "invalid YAML").split())
        raise source.error(line, f"invalid YAML: {msg}") from None
    except yaml.YAMLError as e:
        raise source.error(None, f"invalid YAML: {' '.join(str(e).split())}") from None
    if data is None:
        return []
    if not isinstance(data, list):
        line = data.get(_LINE) if isinstance(data, dict) else None
        raise source.error(line, "expected a list of entries")
    for item in data:
        if not isinstance(item, dict):
            raise source.error(None, f"expected a mapping for each entry, got {item!r}")
    return data


def _str(value: Any, what: str, source: _Source, line: int | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise source.error(line, f"{what}: expected text, got {value!r}")
    return str(value).strip() or None


def _date(value: Any, what: str, source: _Source, line: int | None) -> str | None:
    text = _str(value, what, source, line)
    if text is not None and not _DATE_RE.match(text):
        raise source.error(line, f"{what}: expected YYYY, YYYY-MM or YYYY-MM-DD, got {text!r}")
    return text


def _code(value: Any, what: str, source: _Source, line: int | None) -> str | None:
    text = _str(value, what, source, line)
    if text is not None and not _CODE_RE.match(text):
        raise source.error(line, f"{what}: expected three capital letters, got {text!r}")
    return text


def _strings(value: Any, what: str, source: _Source, line: int | None) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise source.error(line, f"{what}: expected a list, got {value!r}")
    out = []
    for v in value:
        s = _str(v, what, source, line)
        if s:
            out.append(s)
    return out


def _periods(value: Any, what: str, source: _Source, line: int | None) -> list[Period]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise source.error(line, f"{what}: expected a list, got {value!r}")
    out = []
    for p in value:
        if not isinstance(p, dict):
            raise source.error(line, f"{what}: expected a mapping, got {p!r}")
        pl = p.get(_LINE, line)
        unknown = set(p) - _PERIOD_FIELDS - {_LINE}
        if unknown:
            raise source.error(
                pl, f"{what}: unknown field(s) {', '.join(sorted(map(str, unknown)))}"
            )
        since = _date(p.get("since"), f"{what}.since", source, pl)
        until = _date(p.get("until"), f"{what}.until", source, pl)
        if since and until and _pad(until) <= _pad(since):
            raise source.error(pl, f"{what}: until {until} is not after since {since}")
        out.append(
            Period(
                since=since,
                until=until,
                country=_code(p.get("country"), f"{what}.country", source, pl),
                sector=_code(p.get("sector"), f"{what}.sector", source, pl),
                title=_str(p.get("title"), f"{what}.title", source, pl),
            )
        )
    return out


def _patrons(value: Any, source: _Source, line: int | None) -> list[Patron]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise source.error(line, f"patrons: expected a list, got {value!r}")
    out = []
    for p in value:
        if isinstance(p, str):
            p = {"id": p}
        if not isinstance(p, dict):
            raise source.error(line, f"patrons: expected a mapping, got {p!r}")
        pl = p.get(_LINE, line)
        unknown = set(p) - _PATRON_FIELDS - {_LINE}
        if unknown:
            raise source.error(
                pl, f"patrons: unknown field(s) {', '.join(sorted(map(str, unknown)))}"
            )
        pid = _str(p.get("id"), "patrons.id", source, pl)
        if not pid or not _ID_RE.match(pid):
            raise source.error(pl, f"patrons: bad id {pid!r}")
        out.append(
            Patron(
                id=pid,
                since=_date(p.get("since"), "patrons.since", source, pl),
                until=_date(p.get("until"), "patrons.until", source, pl),
            )
        )
    return out


@dataclass
class _Parsed:
    entry: Entry
    keys: frozenset[str]
    source: _Source
    line: int | None


def _entry_from_mapping(raw: dict[str, Any], source: _Source) -> _Parsed:
    line = raw.get(_LINE)
    keys = frozenset(k for k in raw if k != _LINE)
    unknown = keys - _FIELDS
    if unknown:
        raise source.error(line, f"unknown field(s) {', '.join(sorted(map(str, unknown)))}")
    eid = _str(raw.get("id"), "id", source, line)
    if not eid:
        raise source.error(line, "entry has no id")
    if not _ID_RE.match(eid):
        raise source.error(line, f"id {eid!r}: use capital letters, digits and _")
    name = _str(raw.get("name"), "name", source, line)
    kind = _str(raw.get("kind"), "kind", source, line)
    if kind is not None and kind not in ENTITY_KINDS:
        raise source.error(line, f"{eid}: unknown kind {kind!r} (one of {', '.join(ENTITY_KINDS)})")
    country = _code(raw.get("country"), "country", source, line)
    if country is None and kind == "state" and _CODE_RE.match(eid):
        country = eid
    wikidata = _str(raw.get("wikidata_id"), "wikidata_id", source, line)
    if wikidata is not None and not _QID_RE.match(wikidata):
        raise source.error(line, f"{eid}: wikidata_id {wikidata!r} is not a Q-number")
    organisation = _str(raw.get("organisation"), "organisation", source, line)
    if organisation is not None and not _ID_RE.match(organisation):
        raise source.error(line, f"{eid}: organisation {organisation!r} is not an entry id")
    periods = _periods(raw.get("periods"), "periods", source, line)
    periods += _periods(raw.get("roles"), "roles", source, line)
    seats = _strings(raw.get("capital"), "capital", source, line)
    seats += _strings(raw.get("seats"), "seats", source, line)
    aliases = _strings(raw.get("official_name"), "official_name", source, line)
    aliases += _strings(raw.get("aliases"), "aliases", source, line)
    entry = Entry(
        id=eid,
        name=name or "",
        kind=kind or "",
        country=country,
        sector=_code(raw.get("sector"), "sector", source, line),
        aliases=_dedupe(aliases),
        demonyms=_dedupe(_strings(raw.get("demonyms"), "demonyms", source, line)),
        seats=_dedupe(seats),
        periods=periods,
        patrons=_patrons(raw.get("patrons"), source, line),
        organisation=organisation,
        wikidata_id=wikidata,
        basis=_str(raw.get("basis"), "basis", source, line) or "",
    )
    return _Parsed(entry, keys, source, line)


def _noun_from_mapping(raw: dict[str, Any], source: _Source) -> dict[str, str]:
    """A user's sector noun (``- noun: foreign minister``, ``sector: GOV``, optional
    ``plural``): the normalised surface forms it adds, each with its sector."""
    line = raw.get(_LINE)
    unknown = set(raw) - _NOUN_FIELDS - {_LINE}
    if unknown:
        raise source.error(line, f"unknown field(s) {', '.join(sorted(map(str, unknown)))}")
    noun = _str(raw.get("noun"), "noun", source, line)
    sector = _code(raw.get("sector"), "sector", source, line)
    if not noun or not sector:
        raise source.error(line, "a sector noun needs both `noun` and `sector`")
    forms = [noun, *_strings(raw.get("plural"), "plural", source, line)]
    return {key: sector for key in map(normalise, forms) if key}


# --------------------------------------------------------------------------------------
# built-in data


def _data_dir() -> Any:
    try:
        return resources.files("realpolitik.actors").joinpath("data")
    except (ModuleNotFoundError, TypeError):  # pragma: no cover - unusual installs
        return Path(__file__).resolve().parent / "data"


def _read_data(name: str) -> str:
    return str(_data_dir().joinpath(name).read_text(encoding="utf-8"))


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split("|") if v.strip()]


def _states_from_csv(text: str, source: _Source) -> list[_Parsed]:
    out = []
    keys = frozenset({"id", "name", "kind", "country", "aliases", "demonyms", "seats", "basis"})
    for lineno, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        iso = (row.get("iso3") or "").strip()
        if not _CODE_RE.match(iso):
            raise source.error(lineno, f"bad iso3 {iso!r}")
        entry = Entry(
            id=iso,
            name=row["name"].strip(),
            kind="state",
            country=iso,
            sector=None,
            aliases=_dedupe([row.get("official_name", "").strip(), *_split(row.get("aliases"))]),
            demonyms=_split(row.get("demonyms")),
            seats=_split(row.get("seats")),
            wikidata_id=(row.get("wikidata_id") or "").strip() or None,
            basis=(row.get("basis") or "").strip(),
        )
        out.append(_Parsed(entry, keys, source, lineno))
    return out


def _builtin_yaml_names() -> list[str]:
    """The built-in YAML files in load order: the fixed list, then every regional people
    file (sorted, so the order never depends on the file system)."""
    extra = sorted(
        str(p.name) for p in _data_dir().iterdir() if fnmatch.fnmatch(str(p.name), PEOPLE_GLOB)
    )
    return [*BUILTIN_YAML, *extra]


@functools.lru_cache(maxsize=1)
def _builtin() -> tuple[_Parsed, ...]:
    parsed: list[_Parsed] = []
    source = _Source(f"realpolitik/actors/data/{STATES_CSV}", 0)
    parsed += _states_from_csv(_read_data(STATES_CSV), source)
    for name in _builtin_yaml_names():
        source = _Source(f"realpolitik/actors/data/{name}", 0)
        parsed += [
            _entry_from_mapping(raw, source) for raw in _parse_yaml(_read_data(name), source)
        ]
    return tuple(parsed)


@functools.lru_cache(maxsize=1)
def _builtin_places() -> dict[str, str]:
    """Cities and regions that are places, never actors, keyed by `normalise`d name."""
    table: dict[str, str] = {}
    for row in csv.DictReader(io.StringIO(_read_data(PLACES_CSV))):
        key = normalise(row["place"])
        if key:
            table.setdefault(key, row["country"].strip())
    return table


@functools.lru_cache(maxsize=1)
def _builtin_sector_nouns() -> dict[str, str]:
    table: dict[str, str] = {}
    for row in csv.DictReader(io.StringIO(_read_data(SECTOR_NOUNS_CSV))):
        sector = row["sector"].strip()
        for form in (row["noun"], row.get("plural") or ""):
            key = normalise(form)
            if key:
                table.setdefault(key, sector)
    return table


@functools.lru_cache(maxsize=1)
def _builtin_context_nouns() -> dict[str, str]:
    """Sector nouns that name a state's own organ or office, keyed by `normalise`d form:
    "own" ("the government", "the court") or "bare" (specific without an article too:
    "police", "authorities", "officials")."""
    table: dict[str, str] = {}
    for row in csv.DictReader(io.StringIO(_read_data(SECTOR_NOUNS_CSV))):
        context = (row.get("context") or "").strip()
        if context:
            for form in (row["noun"], row.get("plural") or ""):
                if normalise(form):
                    table.setdefault(normalise(form), context)
    return table


@functools.lru_cache(maxsize=1)
def _builtin_ambiguous_places() -> dict[str, tuple[str, ...]]:
    """Names of places and peoples two states share ("Korean", "Punjab"), keyed by
    `normalise`d name: the context must say which."""
    table: dict[str, tuple[str, ...]] = {}
    for row in csv.DictReader(io.StringIO(_read_data(AMBIGUOUS_PLACES_CSV))):
        table[normalise(row["name"])] = tuple(_split(row["countries"]))
    return table


@functools.lru_cache(maxsize=1)
def _builtin_person_nouns() -> frozenset[str]:
    """Sector nouns that name a person ("minister", "rebel"), not a body or a thing
    ("ministry", "army", "drone"): what "he" or "she" can point back to."""
    rows = csv.DictReader(io.StringIO(_read_data(SECTOR_NOUNS_CSV)))
    return frozenset(
        normalise(form)
        for row in rows
        if (row.get("refers") or "").strip() == "person"
        for form in (row["noun"], row.get("plural") or "")
        if form.strip()
    )


def _copy(entry: Entry) -> Entry:
    return replace(
        entry,
        aliases=list(entry.aliases),
        demonyms=list(entry.demonyms),
        seats=list(entry.seats),
        periods=list(entry.periods),
        patrons=list(entry.patrons),
    )


def _merge(old: Entry, new: _Parsed) -> Entry:
    """A later file's entry over an earlier one with the same id: the fields it gives
    replace the old ones, except names, aliases, demonyms, seats and patrons, which add up
    (a renamed entry keeps its old name as an alias); periods/roles, when given, replace."""
    e, keys = new.entry, new.keys
    merged = _copy(old)
    if "name" in keys and e.name and e.name != old.name:
        merged.aliases = _dedupe([old.name, *merged.aliases])
        merged.name = e.name
    for attr in ("kind", "country", "sector", "organisation", "wikidata_id", "basis"):
        if attr in keys:
            setattr(merged, attr, getattr(e, attr))
    merged.aliases = _dedupe([*merged.aliases, *e.aliases])
    merged.demonyms = _dedupe([*merged.demonyms, *e.demonyms])
    merged.seats = _dedupe([*merged.seats, *e.seats])
    if keys & {"periods", "roles"}:
        merged.periods = list(e.periods)
    seen = {(p.id, p.since, p.until) for p in merged.patrons}
    merged.patrons += [p for p in e.patrons if (p.id, p.since, p.until) not in seen]
    return merged


# --------------------------------------------------------------------------------------
# the knowledge base


class KnowledgeBase:
    """Actors by id, and the indexes that resolve names, demonyms and seats to them."""

    def __init__(
        self, entries: Iterable[Entry], ranks: dict[str, int] | None = None,
        sector_nouns: dict[str, str] | None = None,
    ) -> None:  # fmt: skip
        self._entries: dict[str, Entry] = {}
        for e in entries:
            self._entries[e.id] = e
        self._ranks = dict(ranks or {})
        self._sector_nouns = dict(_builtin_sector_nouns() if sector_nouns is None else sector_nouns)
        self._index: dict[str, list[tuple[str, AliasKind, str]]] = {}
        self._media: set[str] = set()
        order: dict[str, int] = {}
        for n, e in enumerate(self._entries.values()):
            order[e.id] = n
            if e.kind == "media":
                self._media.update(s.casefold() for s, _ in e.surfaces() if s)
                continue
            for surface, akind in e.surfaces():
                key = normalise(surface)
                if not key:
                    continue
                bucket = self._index.setdefault(key, [])
                if not any(i == e.id and k == akind for i, k, _ in bucket):
                    bucket.append((e.id, akind, surface))
        self._order = order
        self._keys: list[str] = list(self._index)

    # ---- construction

    @classmethod
    def load(cls, extra: Sequence[str | Path] = (), include_builtin: bool = True) -> KnowledgeBase:
        """The built-in data (unless `include_builtin` is false), then each of `extra`'s
        YAML files in order. An entry whose id an earlier file already used overrides and
        extends that entry; see `_merge`. Items with a `noun` key are sector nouns
        ("foreign minister" GOV) and add to, or override, the built-in table."""
        if isinstance(extra, str | Path):
            extra = [extra]
        entries: dict[str, Entry] = {}
        ranks: dict[str, int] = {}
        parsed: list[_Parsed] = list(_builtin()) if include_builtin else []
        nouns = dict(_builtin_sector_nouns())  # the noun table is language, not actor data
        for rank, path in enumerate(extra, start=1):
            p = Path(path)
            source = _Source(str(path), rank)
            try:
                text = p.read_text(encoding="utf-8")
            except OSError as exc:
                raise source.error(None, f"cannot read: {exc.strerror or exc}") from None
            for raw in _parse_yaml(text, source):
                if "noun" in raw:
                    nouns.update(_noun_from_mapping(raw, source))
                else:
                    parsed.append(_entry_from_mapping(raw, source))
        for item in parsed:
            eid = item.entry.id
            if eid in entries:
                entries[eid] = _merge(entries[eid], item)
            else:
                entries[eid] = _copy(item.entry) if item.source.rank == 0 else item.entry
            ranks[eid] = max(ranks.get(eid, 0), item.source.rank)
        for item in parsed:
            e = entries[item.entry.id]
            if not e.name:
                raise item.source.error(item.line, f"{e.id}: entry has no name")
            if not e.kind:
                raise item.source.error(item.line, f"{e.id}: entry has no kind")
            if not e.basis:
                e.basis = f"user file {Path(item.source.path).name}"
        return cls(entries.values(), ranks, nouns)

    # ---- entries

    def entry(self, id: str) -> Entry | None:
        return self._entries.get(id)

    def entity(self, id: str, date: str | None = None, title: Title | None = None) -> Entity | None:
        """Entry `id` at `date`; a person's `title` in the text overrides the data's roles."""
        e = self._entries.get(id)
        return e.at(date, title) if e is not None else None

    def entries(self) -> Iterator[Entry]:
        return iter(self._entries.values())

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, id: object) -> bool:
        return id in self._entries

    # ---- names

    def aliases(self) -> Iterator[tuple[str, str, AliasKind]]:
        """(surface text, entry id, kind) for every name, alias, demonym and seat of every
        entry except media outlets (see `media_names`)."""
        for e in self._entries.values():
            if e.kind == "media":
                continue
            seen: set[tuple[str, AliasKind]] = set()
            for surface, akind in e.surfaces():
                if surface and (surface, akind) not in seen:
                    seen.add((surface, akind))
                    yield surface, e.id, akind

    def media_names(self) -> set[str]:
        """Lower-cased names and aliases of media outlets, which are never actors."""
        return set(self._media)

    def _resolve(self, key: str, text: str, date: str | None) -> Entity | None:
        bucket = self._index.get(key)
        if not bucket:
            return None
        lowercase_query = not any(c.isupper() for c in text)
        candidates = [c for c in bucket if not (lowercase_query and _is_short_acronym(c[2]))]
        if not candidates:
            return None

        def rank(c: tuple[str, AliasKind, str]) -> tuple[int, int, int, int]:
            e = self._entries[c[0]]
            return (
                0 if e.active(date) else 1,
                -self._ranks.get(e.id, 0),
                _ALIAS_PRIORITY[c[1]],
                self._order[e.id],
            )

        eid, akind, _ = min(candidates, key=rank)
        entity = self._entries[eid].at(date)
        if akind is AliasKind.SEAT and entity.kind == "state":  # an IGO's seat is the IGO
            entity = replace(entity, sector="GOV")
        return entity

    def lookup(self, text: str, date: str | None = None) -> Entity | None:
        """The entity whose name, alias, demonym or seat is `text` after `normalise`
        ("the US" -> USA, "Iranian" -> IRN, "Tehran" -> IRN with sector GOV).

        Where several entries share a name, people who hold a role at `date` come first,
        then entries from later user files, then names before demonyms before seats. An
        all-lowercase query does not match a short acronym of two to four letters written
        with two or more capitals ("us" is not "US", "who" is not "WHO", "let" is not
        "LeT"). Media outlets are never returned."""
        return self._resolve(normalise(text), text, date)

    def fuzzy_lookup(self, text: str, date: str | None = None, cutoff: float = 90) -> Entity | None:
        """`lookup`, falling back to the closest name by edit-distance similarity (0-100) at
        or above `cutoff`, for transliteration variants ("Hizbullah", "Amir Abdollahian")."""
        key = normalise(text)
        exact = self._resolve(key, text, date)
        if exact is not None or len(key) < 4:
            return exact
        from rapidfuzz import fuzz, process

        best = process.extractOne(key, self._keys, scorer=fuzz.ratio, score_cutoff=cutoff)
        if best is None:
            return None
        return self._resolve(best[0], text, date)

    # ---- sectors and patrons

    def sector_for_noun(self, text: str) -> str | None:
        """The PLOVER sector of a generic actor noun or title: "troops" -> MIL,
        "foreign minister" -> GOV, "protesters" -> OPP."""
        return self._sector_nouns.get(normalise(text))

    def person_noun(self, text: str) -> bool:
        """Whether a sector noun names a person ("foreign minister"), not a body ("ministry")."""
        return normalise(text) in _builtin_person_nouns()

    def context_noun(self, text: str) -> str | None:
        """Whether a sector noun names a state's own organ or office, whose country the
        context may give when the phrase names none: "own" ("the court ruled"), "bare" (also
        without an article: "police said"), else None ("troops", "the ambassador")."""
        key = normalise(text)
        if key not in self._sector_nouns:
            return None
        return _builtin_context_nouns().get(key)

    def shared_place(self, text: str) -> tuple[str, ...]:
        """The states a shared place name or demonym may stand for ("Korean" -> KOR, PRK);
        empty for names of one state or none."""
        return _builtin_ambiguous_places().get(normalise(text), ())

    def named(self, text: str) -> list[Entry]:
        """Every entry (media aside) with `text` as a name, alias, demonym or seat, in data
        order: "Treasury" is the US, British and Australian treasuries."""
        ids = dict.fromkeys(i for i, _, _ in self._index.get(normalise(text), []))
        return [self._entries[i] for i in ids]

    def sector_nouns(self) -> list[str]:
        """Every noun surface form the sector table knows, singular and plural, lowercased."""
        return sorted(self._sector_nouns)

    def place_country(self, text: str) -> str | None:
        """The state a place name lies in: a state's own name or seat ("Tehran" -> IRN), else
        a city or region from the built-in gazetteer ("Mosul" -> IRQ); None when unknown.
        Places say where actors are ("protesters in Mosul"); they are never actors."""
        key = normalise(text)
        entity = self._resolve(key, text, None)
        if entity is not None and entity.kind == "state":
            return entity.country
        return _builtin_places().get(key)

    def patrons(self, id: str, date: str | None = None) -> list[str]:
        """Ids of the entry's patrons at `date` (without a date: the current ones)."""
        e = self._entries.get(id)
        if e is None:
            return []
        return _dedupe(p.id for p in e.patrons if p.active(date))
