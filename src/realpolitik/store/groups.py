"""One event, many reports: which stored events report the same happening.

Two reports are of one event when they have

- the same parties: the set of party keys (`relations.aggregate.party_key`, so a state actor
  counts as its country) over actors and recipients together. "Iran met Oman", "Oman hosted
  Iran" and "Iranian and Omani ministers met" all agree. An event without parties merges
  with nothing;
- the same PLOVER type and quad class, and the same modality: what is denied, hypothetical
  or only announced never merges into what is asserted;
- compatible dates: two days at most WINDOW_DAYS apart; a day and the month it is in; the
  same month. A year or no date only ever merges within one document, with the same year
  (or no date): "in 2023 the US sanctioned Iran" names many sanctions;
- compatible places: the same location country, or either has none.

A group holds only reports that are pairwise of one event (complete link), so groups do not
chain: reports of 1, 4 and 7 March make two groups, not one. A new report joins the fitting
group with the most members (ties: the nearest date, then the smaller id) or starts its own,
so the assignment is greedy in ingestion order. It happens when a document is saved, in the
same transaction. Each event stores its party keys (`events.parties`, sorted, "|"-joined), so
candidates come from one query on the index (event, parties, date): the work grows with the
reports of the same type and parties on nearby dates, not with the store.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Connection, Select, bindparam, or_, select, update

from realpolitik.model import Entity, Event, Mention
from realpolitik.relations.aggregate import party_key
from realpolitik.store.schema import documents, event_participants, events

WINDOW_DAYS = 3
_CHUNK = 500
_SIDES = ("actor", "recipient")
_COARSE = ("year", "unknown")
_RANK = {"day": 0, "month": 1, "year": 2, "unknown": 3}
_JOIN = "|"


@dataclass(frozen=True)
class Report:
    """One event as grouping sees it."""

    id: str
    doc_id: str
    event: str
    quad_code: int
    modality: str
    parties: frozenset[str]
    date: str | None
    place: str | None  # the location's country

    @property
    def precision(self) -> str:
        return precision(self.date)

    @property
    def parties_text(self) -> str | None:
        """The parties as stored in events.parties; None for none."""
        return _JOIN.join(sorted(self.parties)) or None


def precision(value: str | None) -> str:
    """day, month, year or unknown, from the date's own shape (a malformed date is unknown)."""
    if value is None:
        return "unknown"
    if len(value) == 10 and _day(value) is not None:
        return "day"
    if len(value) == 7 and _day(f"{value}-01") is not None:
        return "month"
    return "year" if len(value) == 4 and value.isdigit() else "unknown"


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def report_of(ev: Event) -> Report:
    parties = frozenset(party_key(m) for m in (*ev.actor, *ev.recipient))
    return Report(ev.id, ev.doc_id, ev.event, ev.quad_code, ev.modality, parties, ev.date,
                  _place(ev.location))  # fmt: skip


def _place(location: Any) -> str | None:
    return (location.get("country") or None) if isinstance(location, dict) else None


# ---- the rule ----------------------------------------------------------------------------


def same_event(a: Report, b: Report, window: int = WINDOW_DAYS) -> bool:
    """Whether two reports are of one event (see the module docstring)."""
    return (
        bool(a.parties)
        and a.parties == b.parties
        and (a.event, a.quad_code, a.modality) == (b.event, b.quad_code, b.modality)
        and (a.place is None or b.place is None or a.place == b.place)
        and _dates_match(a, b, window)
    )


def _dates_match(a: Report, b: Report, window: int) -> bool:
    pa, pb = a.precision, b.precision
    if pa in _COARSE or pb in _COARSE:
        return a.doc_id == b.doc_id and a.date == b.date
    da, db = a.date or "", b.date or ""
    if pa == pb == "day":
        return abs(_days_apart(da, db)) <= window
    return da[:7] == db[:7]


def _days_apart(a: str, b: str) -> int:
    first, second = _day(a), _day(b)
    return (first - second).days if first and second else 0


def _distance(r: Report, members: list[Report]) -> int:
    """How far, in days, the nearest day-dated member is (0 when either is coarser)."""
    if r.precision != "day":
        return 0
    days = [abs(_days_apart(r.date or "", m.date or "")) for m in members
            if m.precision == "day"]  # fmt: skip
    return min(days, default=0)


# ---- assigning groups at save time -------------------------------------------------------


class Grouper:
    """Assigns group ids to one document's reports, inside its write transaction.

    Make one per document: it keeps the groups it has loaded or started, and the document's
    own reports join those too.
    """

    def __init__(self, conn: Connection, window: int = WINDOW_DAYS) -> None:
        self.conn = conn
        self.window = window
        self.groups: dict[str, list[Report]] = {}
        self.taken: set[str] = set()

    def assign(self, reports: Sequence[Report]) -> dict[str, str]:
        """event id -> group id, for each report in order."""
        ids = [_base_id(r) for r in reports]
        if ids:
            self.taken = set(self.conn.execute(_TAKEN, {"ids": ids}).scalars())
        return {r.id: self._place(r) for r in reports}

    def _place(self, r: Report) -> str:
        if r.parties:
            self._load_candidates(r)
            best = self._best(r)
            if best is not None:
                self.groups[best].append(r)
                return best
        gid = self._new_id(r)
        self.groups[gid] = [r]
        return gid

    def _best(self, r: Report) -> str | None:
        fitting = [(gid, ms) for gid, ms in self.groups.items()
                   if all(same_event(r, m, self.window) for m in ms)]  # fmt: skip
        if not fitting:
            return None
        return min(fitting, key=lambda g: (-len(g[1]), _distance(r, g[1]), g[0]))[0]

    def _load_candidates(self, r: Report) -> None:
        """Load the stored groups with a member of r's type, parties and modality near r's
        date: one indexed query, then all members of the groups that member fits (r must fit
        every member, not just one)."""
        params = _near(r, self.window)
        if params is None:
            return
        found = _fetch(self.conn, _NEAR, event=r.event, parties=r.parties_text,
                       modality=r.modality, **params)  # fmt: skip
        wanted = {gid for gid, c in found
                  if gid and gid not in self.groups and same_event(r, c, self.window)}  # fmt: skip
        if wanted:
            self.groups.update(load_groups(self.conn, sorted(wanted)))

    def _new_id(self, r: Report) -> str:
        """g-<founding event id>, suffixed when a group of that name already exists (a
        replaced document's old events may have founded one)."""
        base = gid = _base_id(r)
        n = 1
        while gid in self.groups or gid in self.taken or (gid != base and self._stored(gid)):
            n += 1
            gid = f"{base}-{n}"
        return gid

    def _stored(self, gid: str) -> bool:
        return bool(self.conn.execute(_TAKEN, {"ids": [gid]}).first())


def _base_id(r: Report) -> str:
    return f"g-{r.id}"


def _near(r: Report, window: int) -> dict[str, str] | None:
    """Bounds for _NEAR: the stored dates that can match r's; None when none outside its
    document can (a year or no date)."""
    value = r.date or ""
    if r.precision == "day":
        day, span = date.fromisoformat(value), timedelta(days=window)
        lo, hi = (day - span).isoformat(), (day + span).isoformat()
        return {"lo": lo, "hi": hi, "exact": value[:7]}
    if r.precision == "month":
        return {"lo": f"{value}-01", "hi": f"{value}-31", "exact": value}
    return None


# Prebuilt statements: compiled once, so grouping costs a query, not a query's construction.
_e, _p = events.c, event_participants.c
_COLUMNS = (_e.id, _e.doc_id, _e.event, _e.quad_code, _e.modality, _e.date, _e.location,
            _e.group_id, _e.parties)  # fmt: skip
_NEAR = select(*_COLUMNS).where(
    _e.event == bindparam("event"),
    _e.parties == bindparam("parties"),
    or_(_e.date.between(bindparam("lo"), bindparam("hi")), _e.date == bindparam("exact")),
    _e.modality == bindparam("modality"),
    _e.group_id.is_not(None),
)
_IN_GROUPS = (
    select(*_COLUMNS)
    .where(_e.group_id.in_(bindparam("ids", expanding=True)))
    .order_by(_e.doc_id, _e.sentence_start, _e.id)
)
_TAKEN = select(_e.group_id).where(_e.group_id.in_(bindparam("ids", expanding=True))).distinct()


def _fetch(conn: Connection, stmt: Select[Any], **params: Any) -> list[tuple[str | None, Report]]:
    """(group id, report) per stored event the statement finds, in its order."""
    return [
        (r["group_id"], Report(r["id"], r["doc_id"], r["event"], r["quad_code"], r["modality"],
                               frozenset((r["parties"] or "").split(_JOIN)) - {""}, r["date"],
                               _place(r["location"])))
        for r in conn.execute(stmt, params).mappings()
    ]  # fmt: skip


def load_groups(conn: Connection, group_ids: Sequence[str]) -> dict[str, list[Report]]:
    """The stored members of each group, as reports."""
    found: defaultdict[str, list[Report]] = defaultdict(list)
    for chunk in _chunks(list(group_ids)):
        for gid, report in _fetch(conn, _IN_GROUPS, ids=chunk):
            found[gid or ""].append(report)
    return found


def assign_all(conn: Connection, window: int = WINDOW_DAYS) -> int:
    """Group every stored event that has no group yet, document by document in ingestion
    order, as saving would have; returns how many events were grouped. For stores written
    before grouping existed: their events' parties are computed here, from participants."""
    d = documents.c
    doc_ids = conn.execute(select(d.id).order_by(d.ingested_at, d.id)).scalars().all()
    done = 0
    for doc_id in doc_ids:
        reports = _ungrouped(conn, doc_id)
        if reports:
            assigned = Grouper(conn, window).assign(reports)
            rows = [{"event_id": r.id, "new_group": assigned[r.id], "new_parties": r.parties_text}
                    for r in reports]  # fmt: skip
            conn.execute(_SET_GROUP, rows)
            done += len(reports)
    return done


_SET_GROUP = (
    update(events)
    .where(_e.id == bindparam("event_id"))
    .values(group_id=bindparam("new_group"), parties=bindparam("new_parties"))
)


def _ungrouped(conn: Connection, doc_id: str) -> list[Report]:
    """A document's events without a group, their parties read from their participants."""
    q = (
        select(_e.id, _e.doc_id, _e.event, _e.quad_code, _e.modality, _e.date, _e.location)
        .where(_e.doc_id == doc_id, _e.group_id.is_(None))
        .order_by(_e.sentence_start, _e.id)
    )
    rows = list(conn.execute(q).mappings())
    parties: defaultdict[str, set[str]] = defaultdict(set)
    for chunk in _chunks([r["id"] for r in rows]):
        who = select(_p.event_id, _p.actor_id, _p.name, _p.country, _p.sector, _p.kind,
                     _p.wikidata_id).where(_p.event_id.in_(chunk), _p.role.in_(_SIDES))  # fmt: skip
        for w in conn.execute(who).mappings():
            parties[w["event_id"]].add(party_key(_mention(w)))
    return [Report(r["id"], r["doc_id"], r["event"], r["quad_code"], r["modality"],
                   frozenset(parties[r["id"]]), r["date"], _place(r["location"]))
            for r in rows]  # fmt: skip


def _mention(r: Any) -> Mention:
    """A participant row as a mention, as much as party_key needs (no surface form)."""
    entity = Entity(r["actor_id"], r["name"], r["country"], r["sector"], r["kind"],
                    r["wikidata_id"])  # fmt: skip
    return Mention(entity, "", 0, 0)


def _chunks(ids: list[str]) -> Iterator[list[str]]:
    for i in range(0, len(ids), _CHUNK):
        yield ids[i : i + _CHUNK]


# ---- reading groups ----------------------------------------------------------------------


def summaries(order: Sequence[str], members: Iterable[tuple[str, Event]]) -> list[dict[str, Any]]:
    """One dict per group id in `order`, from its (group id, member event) pairs."""
    by_group: defaultdict[str, list[Event]] = defaultdict(list)
    for gid, ev in members:
        by_group[gid].append(ev)
    return [_summary(gid, by_group[gid]) for gid in order if by_group[gid]]


def lead_key(e: Event) -> tuple[int, str, str, int, str]:
    """The member that speaks for a group: the most precise date, then the earliest (also
    what leads a group's row in the GDELT export)."""
    return (_RANK[precision(e.date)], e.date or "", e.doc_id, e.sentence_start, e.id)


def _summary(gid: str, members: list[Event]) -> dict[str, Any]:
    ordered = sorted(members, key=lead_key)
    lead = ordered[0]
    return {
        "group_id": gid, "event": lead.event, "quad_code": lead.quad_code,
        "modality": lead.modality, "date": lead.date, "date_precision": lead.date_precision,
        "location": next((e.location for e in ordered if e.location), None),
        "actors": [m.to_contract() for m in lead.actor],
        "recipients": [m.to_contract() for m in lead.recipient],
        "parties": sorted(report_of(lead).parties),
        "mentions": len(members),
        "sources": len({e.doc_id for e in members}),
        "members": [
            {"id": e.id, "doc_id": e.doc_id, "sentence": e.sentence, "date": e.date}
            for e in sorted(members, key=lambda e: (e.doc_id, e.sentence_start, e.id))
        ],
    }  # fmt: skip
