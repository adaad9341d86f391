"""How the cooperation/conflict balance of each actor pair moves over time, and where it turns.

Events are binned per pair (pairs keyed like `aggregate.party_key`, so "Tehran" and the
Iranian foreign minister both count for Iran) into windows: a month (default), a quarter, a
year or N days. Only asserted events make a window's balance; hypothetical and future events
are kept beside it and counted apart, negated ones too, so speculation never reads as fact.

A window's *stance* comes from counting its asserted events: more cooperation (quad 1-2) than
conflict (quad 3-4) is "cooperation"; more conflict is "conflict" when material conflict
(quad 4) is at least half of it and "strain" when it is mostly verbal (quad 3); a tie is
"mixed". A *shift* is a turn between cooperation and strain/conflict (either way) from one
window to the next window that has enough events; thinner windows in between are skipped, so
a quiet month does not hide a turn. The events of the new stance are returned as its marks.

A turn may also be *stated*: "their interests are drifting apart" (a divergence statement,
`relations.statements`) says the pair was aligned and is moving apart, even when the events
alone cannot show it (an analysis piece with no dates). A stated turn is a shift from
cooperation to strain when the pair has alignment on record up to the statement's window
(asserted cooperation events, or a stated alliance); its marks are the pair's asserted
conflict events in that window, its statements the divergence sentences. When the events
already show a deterioration into that window, the statements join that shift instead.

An event's date may be coarser than the window ("2024" in a month window, "2024-03" in a
7-day window). Such events are not spread over windows they may not belong to: they form a
window of their own, labelled with their own date and sorted by its first day. Undated
events form the "undated" window, which never takes part in a shift.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from statistics import fmean

from realpolitik.actors.loader import knowledge_base
from realpolitik.model import Event, Link, Mention
from realpolitik.relations.aggregate import party_key, party_pair, state_representative
from realpolitik.store import Store

NAMED_WINDOWS = ("month", "quarter", "year")
STANCES = ("cooperation", "mixed", "strain", "conflict")
SPECULATIVE = ("hypothetical", "future")
UNDATED = "undated"
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_DAYS = re.compile(r"^(\d+)\s*d(?:ays?)?$")
_EPOCH = date(1970, 1, 1)
_TREND_STEP = 1.0  # score change (on the -10..+10 scale) that counts as a trend

Namer = Callable[[Mention], str]


def parse_date(value: str | None) -> tuple[int, int | None, int | None] | None:
    """(year, month, day) of a YYYY[-MM[-DD]] date, coarser parts None; None if malformed."""
    match = _DATE.match(value or "")
    if match is None:
        return None
    y, m, d = match.groups()
    return int(y), int(m) if m else None, int(d) if d else None


def first_day(value: str) -> date | None:
    """The first day a date of any precision covers: "2024" -> 2024-01-01."""
    parts = parse_date(value)
    if parts is None:
        return None
    y, m, d = parts
    try:
        return date(y, m or 1, d or 1)
    except ValueError:
        return None


def overlaps(value: str | None, since: str | None, until: str | None) -> bool:
    """Whether a date of any precision overlaps [since, until], as the store's filters do."""
    if since is None and until is None:
        return True
    if not value:
        return False
    after = since is None or value >= since or since.startswith(value)
    before = until is None or value <= until or value.startswith(until)
    return after and before


@dataclass(frozen=True)
class Window:
    """A binning of time: a calendar month, quarter or year, or N days counted from 1970-01-01
    (fixed anchors, so the same event lands in the same window whatever else is queried)."""

    unit: str  # month | quarter | year | days
    days: int = 0

    @classmethod
    def parse(cls, spec: str | int | Window) -> Window:
        """ "month", "quarter", "year", "30d", "30 days", "30" or 30."""
        if isinstance(spec, Window):
            return spec
        text = str(spec).strip().lower()
        if text in NAMED_WINDOWS:
            return cls(text)
        match = _DAYS.match(text) or re.match(r"^(\d+)$", text)
        if match is None or int(match.group(1)) < 1:
            raise ValueError(
                f"unknown window {spec!r}; use month, quarter, year or a number of days (30d)"
            )
        return cls("days", int(match.group(1)))

    def __str__(self) -> str:
        return f"{self.days}d" if self.unit == "days" else self.unit

    def place(self, value: str | None) -> tuple[str, date | None, bool]:
        """(label, first day, coarse) of the window holding a date; coarse dates keep their own
        label; a missing or malformed date goes to the undated window."""
        parts = parse_date(value)
        start = first_day(value) if value else None
        if parts is None or start is None or value is None:
            return UNDATED, None, False
        y, m, d = parts
        if self.unit == "year":
            return str(y), date(y, 1, 1), False
        if self.unit == "month" and m is not None:
            return f"{y}-{m:02d}", date(y, m, 1), False
        if self.unit == "quarter" and m is not None:
            q = (m - 1) // 3
            return f"{y}-Q{q + 1}", date(y, 3 * q + 1, 1), False
        if self.unit == "days" and d is not None:
            begin = _EPOCH + timedelta(days=(start - _EPOCH).days // self.days * self.days)
            return begin.isoformat(), begin, False
        return value, start, True


@dataclass
class Period:
    """One window of one pair: its asserted events and, apart, the speculated and negated."""

    label: str
    start: date | None
    coarse: bool = False
    asserted: list[Event] = field(default_factory=list)
    speculative: list[Event] = field(default_factory=list)
    negated: list[Event] = field(default_factory=list)

    def add(self, event: Event) -> None:
        if event.modality == "asserted":
            self.asserted.append(event)
        elif event.modality == "negated":
            self.negated.append(event)
        else:
            self.speculative.append(event)

    @property
    def cooperation(self) -> int:
        return sum(1 for e in self.asserted if e.quad_code in (1, 2))

    @property
    def verbal_conflict(self) -> int:
        return sum(1 for e in self.asserted if e.quad_code == 3)

    @property
    def material_conflict(self) -> int:
        return sum(1 for e in self.asserted if e.quad_code == 4)

    @property
    def conflict(self) -> int:
        return self.verbal_conflict + self.material_conflict

    @property
    def score(self) -> float | None:
        """Mean intensity of the asserted events (-10..+10), as relations score."""
        return round(fmean(e.intensity for e in self.asserted), 2) if self.asserted else None

    @property
    def balance(self) -> float | None:
        """(cooperation - conflict) / asserted events, in -1..+1."""
        n = len(self.asserted)
        return round((self.cooperation - self.conflict) / n, 2) if n else None

    @property
    def stance(self) -> str | None:
        if not self.asserted:
            return None
        if self.cooperation > self.conflict:
            return "cooperation"
        if self.conflict > self.cooperation:
            return "conflict" if self.material_conflict >= self.verbal_conflict else "strain"
        return "mixed"


def _sign(stance: str | None) -> int:
    return {"cooperation": 1, "strain": -1, "conflict": -1}.get(stance or "", 0)


@dataclass
class Shift:
    """A turn of a pair's relation between two windows, with the events that mark it and,
    for a turn the text states, the statements ("their interests diverge") and the stated
    alignment it turns from."""

    a: str
    b: str
    before: Period
    after: Period
    marks: list[Event]
    statements: list[Link] = field(default_factory=list)
    ties: list[Link] = field(default_factory=list)

    @property
    def stated(self) -> bool:
        return bool(self.statements)

    @property
    def from_stance(self) -> str | None:
        return self.before.stance or ("cooperation" if self.ties else None)

    @property
    def to_stance(self) -> str | None:
        if self.stated and _sign(self.after.stance) >= 0:
            return "strain"  # stated apart, though the window's events do not show it
        return self.after.stance

    @property
    def direction(self) -> str:
        return "deterioration" if _sign(self.to_stance) < 0 else "improvement"

    def describe(self, names: dict[str, str] | None = None) -> str:
        n = names or {}
        said = f", stated in {len(self.statements)} sentence" if self.statements else ""
        said += "s" if len(self.statements) > 1 else ""
        when = (
            f"{self.from_stance} → {self.to_stance} {_when(self.after.label)}"
            if self.before.label == self.after.label
            else f"{self.from_stance} {_when(self.before.label)} → {self.to_stance} "
            f"{_when(self.after.label)}"
        )
        return f"{n.get(self.a, self.a)} – {n.get(self.b, self.b)}: {when} ({self.direction}{said})"


def _when(label: str) -> str:
    return "(undated)" if label == UNDATED else f"in {label}"


@dataclass
class PairTimeline:
    """A pair's windows in time order (the undated window apart) and their turns."""

    a: str
    b: str
    window: Window
    periods: list[Period] = field(default_factory=list)
    undated: Period = field(default_factory=lambda: Period(UNDATED, None))
    names: dict[str, str] = field(default_factory=dict)
    statements: list[Link] = field(default_factory=list)  # the pair's stated ties and turns

    def all_events(self) -> list[Event]:
        found = [e for p in [*self.periods, self.undated] for e in _events_of(p)]
        return sorted(found, key=lambda e: (e.date or "9999", e.id))

    @property
    def asserted(self) -> list[Event]:
        return [e for e in self.all_events() if e.modality == "asserted"]

    @property
    def score(self) -> float | None:
        scored = self.asserted
        return round(fmean(e.intensity for e in scored), 2) if scored else None

    def trend(self) -> str:
        """'improving', 'deteriorating' or 'stable' from the first to the last scored window;
        'single window' or 'no dated events' when there is nothing to compare."""
        scores = [p.score for p in self.periods if p.score is not None]
        if not scores:
            return "no dated events"
        if len(scores) == 1:
            return "single window"
        change = scores[-1] - scores[0]
        if change >= _TREND_STEP:
            return "improving"
        if change <= -_TREND_STEP:
            return "deteriorating"
        return "stable"

    def shifts(self, min_events: int = 2) -> list[Shift]:
        """Turns between cooperation and strain/conflict across windows with enough events,
        and the turns the text states (see the module docstring)."""
        dense = [p for p in self.periods if len(p.asserted) >= min_events]
        out = []
        for before, after in zip(dense, dense[1:], strict=False):
            s1, s2 = _sign(before.stance), _sign(after.stance)
            if s1 and s2 and s1 != s2:
                marks = [e for e in after.asserted if _sign_of_quad(e.quad_code) == s2]
                out.append(Shift(self.a, self.b, before, after, marks))
        return self._stated_turns(out)

    def _stated_turns(self, shifts: list[Shift]) -> list[Shift]:
        said = [x for x in self.statements if x.kind == "divergence" and x.modality == "asserted"]
        by_window: dict[str, list[Link]] = {}
        for link in said:
            by_window.setdefault(self.window.place(link.date)[0], []).append(link)
        for label, links in by_window.items():
            after = self._period(label)
            known = next((s for s in shifts if s.after.label == label
                          and s.direction == "deterioration"), None)  # fmt: skip
            if known is not None:
                known.statements += links
                continue
            shift = self._stated_turn(after, links)
            if shift is not None:
                shifts.append(shift)
        return shifts

    def _period(self, label: str) -> Period:
        if label == UNDATED:
            return self.undated
        found = next((p for p in self.periods if p.label == label), None)
        if found is not None:
            return found
        return Period(label, *self.window.place(label)[1:2])

    def _stated_turn(self, after: Period, links: list[Link]) -> Shift | None:
        """Cooperation on record up to `after` (events or a stated alliance) turned to strain."""
        upto = after.start or date.max
        windows = [p for p in self.periods if (p.start or date.min) < upto] + [after]
        cooperative = [p for p in windows if p.cooperation]
        ties = [x for x in self.statements if x.kind == "alliance" and x.modality == "asserted"
                and (first_day(x.date or "") or date.min) <= upto]  # fmt: skip
        if not cooperative and not ties:
            return None
        latest_tie = max((x.date or "" for x in ties), default="") or None
        label = cooperative[-1].label if cooperative else self.window.place(latest_tie)[0]
        before = Period(label, None)
        for p in cooperative:
            before.asserted += [e for e in p.asserted if e.quad_code in (1, 2)]
        marks = [e for e in after.asserted if e.quad_code in (3, 4)]
        return Shift(self.a, self.b, before, after, marks, links, ties)


def _sign_of_quad(quad: int) -> int:
    return 1 if quad in (1, 2) else -1


def _events_of(period: Period) -> list[Event]:
    return [*period.asserted, *period.speculative, *period.negated]


def event_pairs(event: Event) -> Iterator[tuple[Mention, Mention]]:
    """The (actor, recipient) mentions of an event, one per distinct pair of parties."""
    seen: set[frozenset[str]] = set()
    for a in event.actor:
        for b in event.recipient:
            pair = frozenset((party_key(a), party_key(b)))
            if len(pair) == 2 and pair not in seen:
                seen.add(pair)
                yield a, b


def default_namer(mention: Mention) -> str:
    return mention.entity.name


def pair_timelines(
    events: Iterable[Event],
    window: str | int | Window = "month",
    namer: Namer | None = None,
    links: Iterable[Link] = (),
) -> dict[tuple[str, str], PairTimeline]:
    """Every pair's timeline, keyed by its sorted pair of party keys; `links` (stated ties
    and turns) let it find the turns the text states."""
    spec = Window.parse(window)
    name = namer or default_namer
    periods: dict[tuple[str, str], dict[str, Period]] = {}
    lines: dict[tuple[str, str], PairTimeline] = {}
    for event in events:
        label, start, coarse = spec.place(event.date)
        for a, b in event_pairs(event):
            pair = party_pair(a, b)
            line = lines.setdefault(pair, PairTimeline(pair[0], pair[1], spec))
            for m in (a, b):
                line.names.setdefault(party_key(m), name(m))
            if label == UNDATED:
                line.undated.add(event)
                continue
            bins = periods.setdefault(pair, {})
            bins.setdefault(label, Period(label, start, coarse)).add(event)
    for pair, line in lines.items():
        bins = periods.get(pair, {})
        line.periods = sorted(bins.values(), key=lambda p: (p.start or date.min, p.coarse))
    for link in links:
        pair = party_pair(link.a, link.b)
        if pair[0] != pair[1]:
            line = lines.setdefault(pair, PairTimeline(pair[0], pair[1], spec))
            for m in (link.a, link.b):
                line.names.setdefault(party_key(m), name(m))
            line.statements.append(link)
    return lines


def pair_timeline(
    events: Iterable[Event],
    a: str,
    b: str,
    window: str | int | Window = "month",
    namer: Namer | None = None,
    links: Iterable[Link] = (),
) -> PairTimeline:
    """One pair's timeline (party keys, either order); empty when they share no event."""
    key = tuple(sorted((a, b)))
    found = pair_timelines(events, window, namer, links).get((key[0], key[1]))
    return found or PairTimeline(key[0], key[1], Window.parse(window))


def shifts(
    events: Iterable[Event],
    window: str | int | Window = "month",
    min_events: int = 2,
    namer: Namer | None = None,
    links: Iterable[Link] = (),
) -> list[tuple[PairTimeline, Shift]]:
    """Every turn in every pair, latest first (stated turns too, given the `links`)."""
    found = [
        (line, shift)
        for line in pair_timelines(events, window, namer, links).values()
        for shift in line.shifts(min_events)
    ]
    found.sort(key=lambda ls: (ls[1].after.start or date.min, ls[1].a, ls[1].b), reverse=True)
    return found


def state_namer(actor_files: tuple[str, ...] = ()) -> Namer:
    """Name a state's organs and officials by their state ("Iran", not "Iran (military)")."""
    rep = state_representative(knowledge_base(actor_files).entity)
    return lambda m: rep(m).entity.name


def actor_key(text: str, actor_files: tuple[str, ...] = ()) -> str:
    """The party key a user's actor id stands for: a state organ's id gives its country."""
    kb = knowledge_base(actor_files)
    wanted = text.strip()
    entity = kb.entity(wanted) or kb.entity(wanted.upper())
    if entity is None:
        return wanted.upper()
    return party_key(Mention(entity, entity.name, 0, 0))


def timeline(
    db: str,
    a: str,
    b: str,
    window: str | int | Window = "month",
    since: str | None = None,
    until: str | None = None,
    actor_files: tuple[str, ...] = (),
) -> PairTimeline:
    """Two actors' cooperation/conflict balance per window, from a store."""
    ka, kb = actor_key(a, actor_files), actor_key(b, actor_files)
    with Store.from_url(db) as store:
        found = store.events(actor=ka, since=since, until=until)
        said = [x for x in store.links() if overlaps(x.date, since, until)]
    return pair_timeline(found, ka, kb, window, state_namer(actor_files), said)
