"""Stored events in the shapes other event data sets use, and the actor network as a graph file.

Tables (tab-separated, UTF-8, one header row):

- ``polecat-tsv``: POLECAT's 40 columns, one row per event; several actors or recipients
  are joined with ";" as POLECAT does.
- ``gdelt-events``: GDELT 2.0's 61 event columns. One row per event group (one happening,
  however many sentences and articles report it: `realpolitik.store.groups`) and pair of
  parties: the group's reports are its mentions, counted in NumMentions (sentences),
  NumArticles (documents) and NumSources (URL domains; documents without a URL count as one
  source). The row's date, codes and place are those of the report with the most precise
  date.
- ``gdelt-mentions``: GDELT 2.0's 16 mention columns, one row per sentence reporting an
  event, joined to ``gdelt-events`` by GLOBALEVENTID.
- ``icews-tsv``: ICEWS's 20 columns, one row per (source, target) pair of an event.

Mappings and their known approximations (docs/exports.md has the full tables):

- Only asserted events are exported by default: none of these formats has a modality column,
  so a hypothetical or negated event would read as fact. Pass other modalities on purpose.
- Dates coarser than a day ("2024-03", "2024") are padded to their first day; GDELT's time
  stamps (DATEADDED, EventTimeDate, MentionTimeDate) are dates at 00:00:00, DATEADDED being
  the publication date. Use the PLOVER JSON Lines export where date precision matters.
- GDELT/ICEWS take one actor and one target per row: an event with several actors or
  recipients gives one row per distinct pair of parties.
- Actor codes are CAMEO-style: the country (ISO alpha-3, or PLOVER's IGO/UNO/EUR/NGO/MNC)
  followed by the PLOVER sector ("IRNGOV", "LBNREB"); PLOVER sectors mostly coincide with
  CAMEO role codes (PTY has no CAMEO twin). Known-group, ethnic and religion codes are empty.
- EventCode is the CAMEO code the coder gave (EventBaseCode its first three digits,
  EventRootCode its first two); QuadClass is our quad code (the same 1-4 classes);
  GoldsteinScale and POLECAT's Event Intensity and ICEWS's Intensity are our intensity
  (PLOVER/Goldstein-style, -10..+10). ICEWS's Event Text names the CAMEO root category.
- IsRootEvent is 1 when a mention is among the first three sentences of its article (GDELT:
  the lead paragraph). AvgTone and MentionDocTone are empty: we measure no tone.
- Geography: the event's place name fills ActionGeo_FullName / Placename / Raw Placename and
  its state fills the country columns as ISO alpha-3 (GDELT uses FIPS 10-4 codes, which we
  do not carry; ICEWS uses country names, which we do give). No coordinates, no GeoNames ids,
  no Actor1Geo/Actor2Geo.
- POLECAT: Actor COW / Recipient COW are empty (we carry no Correlates of War table);
  Wikipedia Actor ID holds the Wikidata QID; Story People / Organizations / Locations list
  the persons, non-state actors and places of the events coded in the same article.
- GLOBALEVENTID is a stable 48-bit integer hashed from the event's key; ICEWS Event ID is
  our event id, suffixed ".2", ".3"... for the further pairs of one event.
"""

from __future__ import annotations

import csv
import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import realpolitik
from realpolitik.actors.loader import knowledge_base
from realpolitik.model import MODALITIES, Entity, Event, Mention
from realpolitik.relations.aggregate import party_pair
from realpolitik.relations.network import NETWORK_FORMATS, load_network, write_network
from realpolitik.relations.timeline import event_pairs, first_day
from realpolitik.store import Store
from realpolitik.store.groups import lead_key

TABLE_FORMATS = ("polecat-tsv", "gdelt-events", "gdelt-mentions", "icews-tsv")

POLECAT_COLUMNS = (
    "Event ID", "Event Date", "Event Type", "Event Mode", "Event Intensity", "Quad Code",
    "Contexts", "Actor Name", "Actor Country", "Actor COW", "Primary Actor Sector",
    "Actor Sectors", "Actor Title", "Actor Name Raw", "Wikipedia Actor ID", "Recipient Name",
    "Recipient Country", "Recipient COW", "Primary Recipient Sector", "Recipient Sectors",
    "Recipient Title", "Recipient Name Raw", "Wikipedia Recipient ID", "Placename", "City",
    "District", "Province", "Country", "Latitude", "Longitude", "GeoNames ID", "Raw Placename",
    "Feature Type", "Source", "Publication Date", "Story People", "Story Organizations",
    "Story Locations", "Language", "Version",
)  # fmt: skip

_GDELT_ACTOR = (
    "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
    "Religion2Code", "Type1Code", "Type2Code", "Type3Code",
)  # fmt: skip
_GDELT_GEO = (
    "Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID",
)  # fmt: skip
GDELT_EVENT_COLUMNS = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{c}" for c in _GDELT_ACTOR), *(f"Actor2{c}" for c in _GDELT_ACTOR),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
    "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{c}" for c in _GDELT_GEO), *(f"Actor2Geo_{c}" for c in _GDELT_GEO),
    *(f"ActionGeo_{c}" for c in _GDELT_GEO), "DATEADDED", "SOURCEURL",
)  # fmt: skip
GDELT_MENTION_COLUMNS = (
    "GLOBALEVENTID", "EventTimeDate", "MentionTimeDate", "MentionType", "MentionSourceName",
    "MentionIdentifier", "SentenceID", "Actor1CharOffset", "Actor2CharOffset",
    "ActionCharOffset", "InRawText", "Confidence", "MentionDocLen", "MentionDocTone",
    "MentionDocTranslationInfo", "Extras",
)  # fmt: skip
ICEWS_COLUMNS = (
    "Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country", "Event Text",
    "CAMEO Code", "Intensity", "Target Name", "Target Sectors", "Target Country", "Story ID",
    "Sentence Number", "Publisher", "City", "District", "Province", "Country", "Latitude",
    "Longitude",
)  # fmt: skip

CAMEO_ROOTS = {
    "01": "Make public statement", "02": "Appeal", "03": "Express intent to cooperate",
    "04": "Consult", "05": "Engage in diplomatic cooperation",
    "06": "Engage in material cooperation", "07": "Provide aid", "08": "Yield",
    "09": "Investigate", "10": "Demand", "11": "Disapprove", "12": "Reject",
    "13": "Threaten", "14": "Protest", "15": "Exhibit force posture", "16": "Reduce relations",
    "17": "Coerce", "18": "Assault", "19": "Fight", "20": "Use unconventional mass violence",
}  # fmt: skip
SECTOR_NAMES = {
    "GOV": "Government", "MIL": "Military", "COP": "Police", "SPY": "Intelligence",
    "LEG": "Legislative", "JUD": "Judicial", "REB": "Rebel", "OPP": "Opposition",
    "CVL": "Civilian", "BUS": "Business", "MED": "Media", "JRN": "Journalist",
    "REL": "Religious", "PTY": "Party", "UAF": "Unidentified Armed Forces",
    "IGO": "International Organization", "NGO": "Non-Governmental Organization",
}  # fmt: skip
_NON_STATE = {"IGO", "UNO", "EUR", "NGO", "MNC"}
_LEAD_SENTENCES = 3
_PERSON_KINDS = {"person"}
_ORG_KINDS = {"armed_group", "party", "igo", "ngo", "business", "media", "other"}


# ---- shared helpers ----------------------------------------------------------------------


def padded_date(value: str | None) -> str:
    """YYYY-MM-DD, a coarser date padded to its first day; '' when unknown."""
    day = first_day(value) if value else None
    return day.isoformat() if day else ""


def _compact(value: str | None) -> str:
    return padded_date(value).replace("-", "")


def cameo_actor_code(entity: Entity) -> str:
    """CAMEO-style actor code: country (or non-state code) then sector: "IRNGOV", "LBNREB"."""
    return f"{entity.country or ''}{entity.sector or ''}"


def _iso(entity: Entity) -> str:
    """The actor's state as ISO alpha-3, '' for non-state codes."""
    c = entity.country or ""
    return c if len(c) == 3 and c not in _NON_STATE else ""


def _sequence_of(event: Event) -> int | None:
    """The sentence index in the event id (doc-s4-e1 -> 4), when there is one."""
    parts = event.id.rsplit("-s", 1)
    if len(parts) == 2 and "-e" in parts[1]:
        number = parts[1].split("-e", 1)[0]
        return int(number) if number.isdigit() else None
    return None


def _domain(url: str | None) -> str:
    return urlparse(url).netloc.lower().removeprefix("www.") if url else ""


def _join(values: Iterable[str | None]) -> str:
    return ";".join(v or "" for v in values)


@dataclass
class _Docs:
    """What the tables need to know about each document: date, URL, source, length."""

    meta: dict[str, dict[str, Any]]
    lengths: dict[str, int] = field(default_factory=dict)

    def date(self, doc_id: str) -> str | None:
        return self.meta.get(doc_id, {}).get("date")

    def url(self, doc_id: str) -> str:
        return str(self.meta.get(doc_id, {}).get("url") or "")

    def source(self, doc_id: str) -> str:
        return _domain(self.url(doc_id))


# ---- POLECAT -----------------------------------------------------------------------------


def polecat_rows(events: Sequence[Event], docs: _Docs) -> Iterator[dict[str, Any]]:
    """One POLECAT row per event."""
    story = _story_entities(events)
    for e in events:
        where = e.location or {}
        people, orgs, places = story[e.doc_id]
        yield {
            "Event ID": e.id, "Event Date": padded_date(e.date), "Event Type": e.event,
            "Event Mode": e.mode or "", "Event Intensity": e.intensity, "Quad Code": e.quad_code,
            "Contexts": ";".join(e.context), **_polecat_side("Actor", e.actor),
            **_polecat_side("Recipient", e.recipient), "Placename": where.get("name") or "",
            "City": "", "District": "", "Province": "", "Country": where.get("country") or "",
            "Latitude": "", "Longitude": "", "GeoNames ID": "",
            "Raw Placename": where.get("name") or "", "Feature Type": "",
            "Source": docs.source(e.doc_id), "Publication Date": padded_date(docs.date(e.doc_id)),
            "Story People": ";".join(people), "Story Organizations": ";".join(orgs),
            "Story Locations": ";".join(places), "Language": "en",
            "Version": f"realpolitik {realpolitik.__version__}",
        }  # fmt: skip


def _polecat_side(names: str, mentions: Sequence[Mention]) -> dict[str, str]:
    """The eight POLECAT columns of one side ("Actor" or "Recipient")."""
    return {
        f"{names} Name": _join(m.entity.name for m in mentions),
        f"{names} Country": _join(m.entity.country for m in mentions),
        f"{names} COW": "",
        f"Primary {names} Sector": (mentions[0].entity.sector or "") if mentions else "",
        f"{names} Sectors": _join(m.entity.sector for m in mentions),
        f"{names} Title": "",
        f"{names} Name Raw": _join(m.text for m in mentions),
        f"Wikipedia {names} ID": _join(m.entity.wikidata_id for m in mentions),
    }


def _story_entities(
    events: Sequence[Event],
) -> defaultdict[str, tuple[list[str], list[str], list[str]]]:
    """Per document: the persons, organisations and places of its coded events."""
    story: defaultdict[str, tuple[list[str], list[str], list[str]]] = defaultdict(
        lambda: ([], [], [])
    )
    for e in events:
        people, orgs, places = story[e.doc_id]
        for m in [*e.actor, *e.recipient, *e.mediator]:
            bucket = people if m.entity.kind in _PERSON_KINDS else orgs
            if (m.entity.kind in _PERSON_KINDS | _ORG_KINDS) and m.entity.name not in bucket:
                bucket.append(m.entity.name)
        place = (e.location or {}).get("name")
        if place and place not in places:
            places.append(place)
    return story


# ---- GDELT -------------------------------------------------------------------------------


@dataclass
class _Mention:
    """One sentence reporting one (actor, recipient) pair of an event."""

    event: Event
    actor: Mention
    recipient: Mention


@dataclass
class _GdeltEvent:
    """One happening (an event group) between one pair of parties, with its reports; the
    report with the most precise date leads (it gives the row's date, codes and place)."""

    key: tuple[str, ...]  # (group id, party key, party key)
    mentions: list[_Mention] = field(default_factory=list)

    @property
    def id(self) -> int:
        return int(hashlib.sha1("|".join(self.key).encode()).hexdigest()[:12], 16)


def _gdelt_events(events: Sequence[Event], groups: dict[str, str]) -> list[_GdeltEvent]:
    """The events folded by their group (event id -> group id; an event without one is a
    group of its own), one per pair of parties, in order of first report."""
    found: dict[tuple[str, ...], _GdeltEvent] = {}
    for e in events:
        gid = groups.get(e.id) or f"g-{e.id}"
        for actor, recipient in event_pairs(e):
            key = (gid, *party_pair(actor, recipient))
            found.setdefault(key, _GdeltEvent(key)).mentions.append(_Mention(e, actor, recipient))
    for group in found.values():
        group.mentions.sort(key=lambda m: lead_key(m.event))
    return list(found.values())


def gdelt_event_rows(
    events: Sequence[Event], docs: _Docs, groups: dict[str, str] | None = None
) -> Iterator[dict[str, Any]]:
    """One GDELT 2.0 event row per event group and pair of parties."""
    for group in _gdelt_events(events, groups or {}):
        first = group.mentions[0]
        e = first.event
        doc_ids = {m.event.doc_id for m in group.mentions}
        sources = {docs.source(d) for d in doc_ids}
        code = e.cameo or ""
        day = first_day(e.date) if e.date else None
        root = any((_sequence_of(m.event) or 0) < _LEAD_SENTENCES for m in group.mentions)
        yield {
            "GLOBALEVENTID": group.id, "SQLDATE": _compact(e.date),
            "MonthYear": _compact(e.date)[:6], "Year": _compact(e.date)[:4],
            "FractionDate": _fraction(day),
            **_gdelt_actor("Actor1", first.actor.entity),
            **_gdelt_actor("Actor2", first.recipient.entity),
            "IsRootEvent": int(root), "EventCode": code, "EventBaseCode": code[:3],
            "EventRootCode": code[:2], "QuadClass": e.quad_code, "GoldsteinScale": e.intensity,
            "NumMentions": len(group.mentions), "NumSources": len(sources),
            "NumArticles": len(doc_ids), "AvgTone": "",
            **_gdelt_geo("Actor1Geo", None), **_gdelt_geo("Actor2Geo", None),
            **_gdelt_geo("ActionGeo", e.location),
            "DATEADDED": _stamp(docs.date(e.doc_id) or e.date),
            "SOURCEURL": docs.url(e.doc_id) or e.doc_id,
        }  # fmt: skip


def _fraction(day: date | None) -> str:
    if day is None:
        return ""
    return f"{day.year + (day.timetuple().tm_yday - 1) / 365:.4f}"


def _stamp(value: str | None) -> str:
    compact = _compact(value)
    return f"{compact}000000" if compact else ""


def _gdelt_actor(prefix: str, entity: Entity) -> dict[str, str]:
    values = {
        "Code": cameo_actor_code(entity), "Name": entity.name.upper(),
        "CountryCode": _iso(entity), "Type1Code": entity.sector or "",
    }  # fmt: skip
    return {f"{prefix}{c}": values.get(c, "") for c in _GDELT_ACTOR}


def _gdelt_geo(prefix: str, location: dict[str, Any] | None) -> dict[str, str]:
    where = location or {}
    values = {"FullName": where.get("name") or "", "CountryCode": where.get("country") or ""}
    return {f"{prefix}_{c}": values.get(c, "") for c in _GDELT_GEO}


def gdelt_mention_rows(
    events: Sequence[Event], docs: _Docs, groups: dict[str, str] | None = None
) -> Iterator[dict[str, Any]]:
    """One GDELT 2.0 mention row per sentence reporting an event pair."""
    for group in _gdelt_events(events, groups or {}):
        for m in group.mentions:
            e = m.event
            sentence = _sequence_of(e)
            action = e.sentence.find(e.event_text) if e.event_text else -1
            yield {
                "GLOBALEVENTID": group.id, "EventTimeDate": _stamp(e.date),
                "MentionTimeDate": _stamp(docs.date(e.doc_id) or e.date), "MentionType": 1,
                "MentionSourceName": docs.source(e.doc_id),
                "MentionIdentifier": docs.url(e.doc_id) or e.doc_id,
                "SentenceID": "" if sentence is None else sentence + 1,
                "Actor1CharOffset": m.actor.start, "Actor2CharOffset": m.recipient.start,
                "ActionCharOffset": e.sentence_start + action if action >= 0 else -1,
                "InRawText": 1, "Confidence": round(e.confidence * 100),
                "MentionDocLen": docs.lengths.get(e.doc_id, ""), "MentionDocTone": "",
                "MentionDocTranslationInfo": "", "Extras": "",
            }  # fmt: skip


# ---- ICEWS -------------------------------------------------------------------------------


def icews_rows(events: Sequence[Event], docs: _Docs, country_name: Any) -> Iterator[dict[str, Any]]:
    """One ICEWS row per (source, target) pair of each event."""
    for e in events:
        where = e.location or {}
        sentence = _sequence_of(e)
        for n, (src, tgt) in enumerate(event_pairs(e), start=1):
            yield {
                "Event ID": e.id if n == 1 else f"{e.id}.{n}", "Event Date": padded_date(e.date),
                "Source Name": src.entity.name, "Source Sectors": _sector(src.entity),
                "Source Country": country_name(src.entity.country),
                "Event Text": CAMEO_ROOTS.get((e.cameo or "")[:2], e.event.title()),
                "CAMEO Code": e.cameo or "", "Intensity": e.intensity,
                "Target Name": tgt.entity.name, "Target Sectors": _sector(tgt.entity),
                "Target Country": country_name(tgt.entity.country), "Story ID": e.doc_id,
                "Sentence Number": "" if sentence is None else sentence + 1,
                "Publisher": docs.source(e.doc_id), "City": "", "District": "", "Province": "",
                "Country": country_name(where.get("country")), "Latitude": "", "Longitude": "",
            }  # fmt: skip


def _sector(entity: Entity) -> str:
    return SECTOR_NAMES.get(entity.sector or "", entity.sector or "")


def _country_namer(actor_files: tuple[str, ...]) -> Any:
    kb = knowledge_base(actor_files)

    def name(code: str | None) -> str:
        if not code or code in _NON_STATE:
            return ""
        entity = kb.entity(code)
        return entity.name if entity is not None else code

    return name


# ---- writing -----------------------------------------------------------------------------


def write_tsv(
    rows: Iterable[dict[str, Any]], columns: Sequence[str], path: str | Path, header: bool = True
) -> int:
    """Write rows as TSV (tabs and newlines inside values become spaces); the row count."""
    count = 0
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        if header:
            writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(row.get(c, "")) for c in columns])
            count += 1
    return count


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        return " ".join(value.split()) if any(ch in value for ch in "\t\r\n") else value
    return value


def export_table(
    db: str,
    fmt: str,
    out: str | Path,
    modalities: Sequence[str] = ("asserted",),
    since: str | None = None,
    until: str | None = None,
    header: bool = True,
    actor_files: Sequence[str] = (),
) -> int:
    """Write the store's events as POLECAT, GDELT 2.0 (events or mentions) or ICEWS TSV;
    returns the number of rows written."""
    if fmt not in TABLE_FORMATS:
        raise ValueError(f"unknown table format {fmt!r}; choose one of {', '.join(TABLE_FORMATS)}")
    unknown = [m for m in modalities if m not in MODALITIES]
    if unknown:
        raise ValueError(f"unknown modality {unknown[0]!r}; choose from {', '.join(MODALITIES)}")
    with Store.from_url(db) as store:
        events = [e for e in store.events(since=since, until=until) if e.modality in modalities]
        docs = _Docs({d["id"]: d for d in store.documents()})
        if fmt == "gdelt-mentions":
            for doc_id in {e.doc_id for e in events}:
                doc = store.document(doc_id)
                docs.lengths[doc_id] = len(doc.text) if doc else 0
        groups = _group_ids(store, since, until) if fmt.startswith("gdelt") else {}
    if fmt == "polecat-tsv":
        return write_tsv(polecat_rows(events, docs), POLECAT_COLUMNS, out, header)
    if fmt == "gdelt-events":
        rows = gdelt_event_rows(events, docs, groups)
        return write_tsv(rows, GDELT_EVENT_COLUMNS, out, header)
    if fmt == "gdelt-mentions":
        rows = gdelt_mention_rows(events, docs, groups)
        return write_tsv(rows, GDELT_MENTION_COLUMNS, out, header)
    names = _country_namer(tuple(actor_files))
    return write_tsv(icews_rows(events, docs, names), ICEWS_COLUMNS, out, header)


def _group_ids(store: Store, since: str | None, until: str | None) -> dict[str, str]:
    """event id -> the id of the group of reports it belongs to (`Store.event_groups`)."""
    found = store.event_groups(since=since, until=until, modality=None)
    return {m["id"]: g["group_id"] for g in found for m in g["members"]}


def export_network(
    db: str,
    fmt: str,
    out: str | Path,
    since: str | None = None,
    until: str | None = None,
    actor_files: Sequence[str] = (),
) -> tuple[int, int]:
    """Write the signed actor network of a period as GEXF or GraphML; (nodes, edges)."""
    if fmt not in NETWORK_FORMATS:
        raise ValueError(
            f"unknown network format {fmt!r}; choose one of {', '.join(NETWORK_FORMATS)}"
        )
    graph = load_network(db, since, until, actor_files)
    write_network(graph, fmt, out)
    return graph.number_of_nodes(), graph.number_of_edges()
