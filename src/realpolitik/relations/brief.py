"""An analyst's note on two actors (or on one actor's neighbourhood), every line cited.

The brief reads like a desk note: a summary with the score and its trend, the timeline,
the areas of cooperation, the disputes and their issues, the mediators and proxies involved,
and what is only speculated (hypothetical, future and negated events, kept apart from the
facts). Every line carries at least one citation `[doc_id, s4]`: the document and the
sentence index used in event ids (`@1234`, the character offset, when no event shares the
sentence); the Sources section quotes each cited sentence. Markdown and HTML come from the
same `Brief`; in HTML all article text is escaped. The chart of the cooperation/conflict
balance per window is drawn with matplotlib's Agg canvas, to PNG or SVG by file suffix.
"""

from __future__ import annotations

import html
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx

from realpolitik.model import Event, Link
from realpolitik.relations.aggregate import party_key
from realpolitik.relations.network import common_neighbours, load_network, tension_triads
from realpolitik.relations.timeline import (
    UNDATED,
    Namer,
    PairTimeline,
    Period,
    Shift,
    Window,
    actor_key,
    event_pairs,
    overlaps,
    pair_timeline,
    pair_timelines,
    state_namer,
)
from realpolitik.store import Store

MAX_CITES = 3
_FEW_EVENTS = 3  # fewer asserted events than this: say the balance rests on little
_GIST = {
    "alliance": "stated to be aligned",
    "rivalry": "called rivals",
    "enmity": "called enemies",
    "dispute": "in a stated dispute",
    "patronage": "one stated to be the other's patron",
}
MAX_EVENTS_PER_WINDOW = 6
MAX_PARTNERS = 12
_SENTENCE_OF_ID = re.compile(r"-s(\d+)-e\d+$")
_CLIP = 140


@dataclass(frozen=True)
class Citation:
    """A sentence of a stored document: where a line's claim comes from."""

    doc_id: str
    where: str  # "s4": sentence index as in event ids; "@1234": character offset
    sentence: str

    @property
    def label(self) -> str:
        return f"[{self.doc_id}, {self.where}]"


@dataclass
class Line:
    text: str
    cites: list[Citation]
    indent: int = 0


@dataclass
class Section:
    title: str
    lines: list[Line] = field(default_factory=list)
    empty: str = "Nothing in the store."


@dataclass
class Brief:
    """The note: title, sections of cited lines, the sources, and the timeline for the chart."""

    title: str
    about: str
    sections: list[Section]
    documents: dict[str, dict[str, Any]]
    periods: list[Period] = field(default_factory=list)

    def sources(self) -> list[Citation]:
        seen: dict[tuple[str, str], Citation] = {}
        for section in self.sections:
            for line in section.lines:
                for c in line.cites:
                    seen.setdefault((c.doc_id, c.where), c)
        return list(seen.values())

    def to_markdown(self) -> str:
        return _markdown(self)

    def to_html(self, chart: str | None = None) -> str:
        return _html(self, chart)


class _Citer:
    """Turns events, links and network evidence into citations, numbering sentences as event
    ids do ("s4"); a sentence no event shares is cited by its character offset ("@1234")."""

    def __init__(
        self,
        events: Iterable[Event],
        links: Iterable[Link] = (),
        numbers: dict[tuple[str, int], int] | None = None,
    ) -> None:
        # (doc_id, sentence start) -> "sN": from the stored sentences when given, so that a
        # statement no event shares is cited by its number too; else from event ids.
        self.at: dict[tuple[str, int], str] = {k: f"s{n}" for k, n in (numbers or {}).items()}
        for e in events:
            match = _SENTENCE_OF_ID.search(e.id)
            if match:
                self.at.setdefault((e.doc_id, e.sentence_start), f"s{match.group(1)}")
        self.text: dict[tuple[str, str], str] = {}
        for e in events:
            self.text[(e.doc_id, e.sentence)] = self._where(e.doc_id, e.sentence_start)
        for link in links:
            key = (link.doc_id, link.sentence)
            self.text.setdefault(key, self._where(link.doc_id, link.sentence_start))

    def _where(self, doc_id: str, start: int) -> str:
        return self.at.get((doc_id, start), f"@{start}")

    def __call__(self, doc_id: str, start: int, sentence: str) -> Citation:
        return Citation(doc_id, self._where(doc_id, start), sentence)

    def events(self, events: Iterable[Event], limit: int = MAX_CITES) -> list[Citation]:
        return _unique([self(e.doc_id, e.sentence_start, e.sentence) for e in events], limit)

    def links(self, links: Iterable[Link], limit: int = MAX_CITES) -> list[Citation]:
        cites = [self(x.doc_id, x.sentence_start, x.sentence) for x in links]
        return _unique(cites, limit)

    def evidence(self, evidence: Iterable[dict[str, str]]) -> list[Citation]:
        """Citations for network evidence ({doc_id, sentence, event_id}) it can place."""
        cites = []
        for ev in evidence:
            match = _SENTENCE_OF_ID.search(ev.get("event_id") or "")
            where = f"s{match.group(1)}" if match else self.text.get((ev["doc_id"], ev["sentence"]))
            if where is not None:
                cites.append(Citation(ev["doc_id"], where, ev["sentence"]))
        return _unique(cites, MAX_CITES)


def _unique(cites: list[Citation], limit: int) -> list[Citation]:
    out: list[Citation] = []
    for c in cites:
        if c not in out:
            out.append(c)
    return out[:limit]


# ---- gathering ---------------------------------------------------------------------------


@dataclass
class _Context:
    """Everything a brief draws on, loaded once."""

    keys: tuple[str, ...]
    events: list[Event]  # every event the subject takes part in
    links: list[Link]  # every stated tie the subject takes part in
    graph: nx.Graph
    documents: dict[str, dict[str, Any]]
    namer: Namer
    window: Window
    cite: _Citer

    def name(self, key: str) -> str:
        if key in self.graph:
            return str(self.graph.nodes[key]["label"])
        return key


def _load(
    db: str,
    keys: tuple[str, ...],
    window: Window,
    since: str | None,
    until: str | None,
    actor_files: tuple[str, ...],
) -> _Context:
    with Store.from_url(db) as store:
        found = {e.id: e for k in keys for e in store.events(actor=k, since=since, until=until)}
        links = [x for x in store.links() if overlaps(x.date, since, until)]
        documents = {d["id"]: d for d in store.documents()}
        cited = {e.doc_id for e in found.values()} | {x.doc_id for x in links}
        numbers = {(d, r["start"]): r["idx"] for d in sorted(cited) for r in store.sentences(d)}
    events = sorted(found.values(), key=lambda e: (e.date or "9999", e.id))
    involved = [e for e in events if any(_involves(e, k) for k in keys)]
    mine = [x for x in links if set(keys) & {party_key(x.a), party_key(x.b)}]
    graph = load_network(db, since, until, actor_files)
    namer = state_namer(actor_files)
    cite = _Citer(events, links, numbers)
    return _Context(keys, involved, mine, graph, documents, namer, window, cite)


def _involves(event: Event, key: str) -> bool:
    return any(key in _pair_keys(a, b) for a, b in event_pairs(event))


def _pair_keys(a: Any, b: Any) -> tuple[str, str]:
    return party_key(a), party_key(b)


def _between(events: Iterable[Event], a: str, b: str) -> list[Event]:
    return [e for e in events if any({a, b} == set(_pair_keys(x, y)) for x, y in event_pairs(e))]


def _links_between(links: Iterable[Link], a: str, b: str) -> list[Link]:
    return [link for link in links if {party_key(link.a), party_key(link.b)} == {a, b}]


# ---- describing --------------------------------------------------------------------------


def _clip(text: str, width: int = _CLIP) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _names(ctx: _Context, mentions: Sequence[Any]) -> str:
    names: list[str] = []
    for m in mentions:
        n = ctx.namer(m)
        if n not in names:
            names.append(n)
    return " and ".join(names) or "?"


def _event_text(ctx: _Context, e: Event) -> str:
    via = f" via {_names(ctx, e.mediator)}" if e.mediator else ""
    claim = f", as claimed by {ctx.namer(e.claimed_by)}" if e.claimed_by else ""
    modality = "" if e.modality == "asserted" else f"[{e.modality}] "
    what = f"“{_clip(e.event_text or e.sentence, 90)}”"
    return (
        f"{e.date or 'undated'}: {modality}{_names(ctx, e.actor)} {e.event} "
        f"{_names(ctx, e.recipient)}{via}{claim}: {what}"
    )


def _score(value: float | None) -> str:
    return "n/a" if value is None else f"{value:+.2f}"


def _stance(events: Sequence[Event]) -> str:
    """cooperation, mixed, strain (mostly verbal conflict) or conflict, as timeline windows."""
    period = Period("", None)
    for e in events:
        period.add(e)
    return period.stance or "mixed"


def _span(events: Sequence[Event]) -> str:
    dates = sorted(e.date for e in events if e.date)
    if not dates:
        return "undated"
    return dates[0] if dates[0] == dates[-1] else f"{dates[0]} … {dates[-1]}"


def _asserted(events: Iterable[Event]) -> list[Event]:
    return [e for e in events if e.modality == "asserted"]


def _by_type_lines(ctx: _Context, events: Sequence[Event], pair: bool) -> list[Line]:
    """One line per PLOVER type: how often, in which contexts, between whom."""
    groups: dict[str, list[Event]] = defaultdict(list)
    for e in events:
        groups[e.event].append(e)
    lines = []
    for kind, found in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        contexts = Counter(c for e in found for c in e.context)
        ctx_text = f" ({', '.join(c for c, _ in contexts.most_common(3))})" if contexts else ""
        who = "" if pair else f" with {_partners_text(ctx, found)}"
        text = f"{kind}{ctx_text}: {len(found)} event{'s' * (len(found) != 1)}{who}, {_span(found)}"
        lines.append(Line(text, ctx.cite.events(found)))
    return lines


def _partners_text(ctx: _Context, events: Sequence[Event]) -> str:
    subject = ctx.keys[0]
    partners = Counter(
        k for e in events for a, b in event_pairs(e) for k in _pair_keys(a, b) if k != subject
    )
    return ", ".join(ctx.name(k) for k, _ in partners.most_common(4))


# ---- pair brief --------------------------------------------------------------------------


def _pair_summary(ctx: _Context, line: PairTimeline, ties: list[Link]) -> Section:
    """The note's gist first (what is stated, how it turns, what the events show), then the
    event balance, each turn, and what is kept apart as not established."""
    facts = line.asserted
    section = Section("Summary", empty="No asserted event or stated tie between them.")
    turns = line.shifts(min_events=1)
    gist = _gist(ctx, line, ties, turns)
    if gist is not None:
        section.lines.append(gist)
    if facts:
        first_last = [facts[0], facts[-1]]
        strongest = max(facts, key=lambda e: abs(e.intensity))
        thin = " — too few to weigh on their own" if len(facts) < _FEW_EVENTS else ""
        section.lines.append(Line(
            f"Events on record: {_counted(len(facts), 'asserted event')} ({_span(facts)}), "
            f"overall {_stance(facts)}, mean intensity {_score(line.score)}{thin}; "
            f"{_trend(line)}.",
            ctx.cite.events([*first_last, strongest]),
        ))  # fmt: skip
        scored = [p for p in line.periods if p.score is not None]
        if len(scored) > 1:
            section.lines.append(Line(
                f"Score moved from {_score(scored[0].score)} ({scored[0].label}) to "
                f"{_score(scored[-1].score)} ({scored[-1].label}).",
                ctx.cite.events([*scored[0].asserted[:1], *scored[-1].asserted[:1]]),
            ))  # fmt: skip
    for shift in turns:
        text = "Turn: " + shift.describe(line.names) + "."
        section.lines.append(Line(text, _turn_cites(ctx, shift)))
    apart = [e for e in line.all_events() if e.modality != "asserted"]
    if apart:
        counts = Counter(e.modality for e in apart)
        listed = ", ".join(f"{n} {m}" for m, n in sorted(counts.items()))
        section.lines.append(Line(
            f"Kept apart as not established: {listed} (see “What is speculated”).",
            ctx.cite.events(apart),
        ))  # fmt: skip
    return section


def _gist(ctx: _Context, line: PairTimeline, ties: list[Link], turns: list[Shift]) -> Line | None:
    """One sentence on how the two stand: the ties the text states, the turn, the events."""
    a, b = (ctx.name(k) for k in ctx.keys)
    stated = _group_links(ties)
    said = [_GIST[kind] for kind in stated if kind in _GIST]
    parts = [" and ".join(said)] if said else []
    cites = [c for kind in stated if kind in _GIST for c in ctx.cite.links(stated[kind][:1])]
    for turn in turns:
        how = " (stated in the text)" if turn.stated else ""
        parts.append(f"their relation turns from {turn.from_stance} to {turn.to_stance}{how}")
        cites += _turn_cites(ctx, turn)[:2]
    facts = line.asserted
    if not parts and not facts:
        return None
    if facts:
        parts.append(f"{_counted(len(facts), 'asserted event')} on record, "
                     f"{_stance(facts)} overall")  # fmt: skip
        cites += ctx.cite.events(facts[-1:])
    text = f"{a} and {b} " + ("are " if said else "— ") + "; ".join(parts) + "."
    return Line(text, _unique(cites, MAX_CITES + 1))


def _counted(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' * (n != 1)}"


def _turn_cites(ctx: _Context, shift: Shift) -> list[Citation]:
    """A turn's evidence: a statement of it, an event that marks it, another statement,
    then the stated alignment it turns from."""
    said, marks = ctx.cite.links(shift.statements), ctx.cite.events(shift.marks)
    ordered = [*said[:1], *marks[:1], *said[1:2], *ctx.cite.links(shift.ties[:1])]
    return _unique(ordered + said + marks, MAX_CITES + 1)


def _trend(line: PairTimeline) -> str:
    trend = line.trend()
    if trend in ("improving", "deteriorating", "stable"):
        return f"score trend {trend} (by {line.window})"
    return f"no score trend ({trend})"


def _group_links(links: Iterable[Link]) -> dict[str, list[Link]]:
    grouped: dict[str, list[Link]] = defaultdict(list)
    for link in links:
        if link.modality == "asserted":
            grouped[link.kind].append(link)
    return dict(sorted(grouped.items()))


def _tie_text(ctx: _Context, kind: str, links: Sequence[Link]) -> str:
    link = links[0]
    a, b = ctx.namer(link.a), ctx.namer(link.b)
    if kind != "patronage" and ctx.keys[0] == party_key(link.b):
        a, b = b, a  # the brief's subject first, as in its title
    issue = f" over {link.issue}" if link.issue else ""
    verb = {
        "patronage": f"{a} is patron of {b}",
        "alliance": f"{a} and {b} are stated to be aligned",
        "rivalry": f"{a} and {b} are stated to be rivals",
        "dispute": f"{a} and {b} have a dispute{issue}",
        "mediation": f"{a} and {b} deal through a mediator",
        "divergence": f"{a} and {b} are stated to be drifting apart",
        "enmity": f"{a} and {b} are called enemies",
    }.get(kind, f"{a} – {b}: {kind}")
    return f"Stated tie — {verb} ({len(links)} statement{'s' * (len(links) != 1)})."


def _timeline_section(ctx: _Context, periods: Sequence[Period], undated: Period) -> Section:
    section = Section(f"Timeline (by {ctx.window})", empty="No event in the store.")
    for p in [*periods, undated]:
        events = [*p.asserted, *p.speculative, *p.negated]
        if not events:
            continue
        extra = f"; {len(p.speculative)} speculated" if p.speculative else ""
        extra += f"; {len(p.negated)} negated" if p.negated else ""
        stance = p.stance or "no asserted events"
        section.lines.append(Line(
            f"{p.label}: {len(p.asserted)} asserted ({p.cooperation} cooperation, "
            f"{p.conflict} conflict), score {_score(p.score)}, {stance}{extra}",
            ctx.cite.events(events),
        ))  # fmt: skip
        ordered = sorted(events, key=lambda e: (e.date or "", e.id))
        for e in ordered[:MAX_EVENTS_PER_WINDOW]:
            section.lines.append(Line(_event_text(ctx, e), ctx.cite.events([e]), indent=1))
        if len(ordered) > MAX_EVENTS_PER_WINDOW:
            rest = ordered[MAX_EVENTS_PER_WINDOW:]
            section.lines.append(
                Line(f"… and {len(rest)} more in {p.label}", ctx.cite.events(rest), indent=1)
            )
    return section


def _cooperation_section(ctx: _Context, events: Sequence[Event], ties: list[Link]) -> Section:
    section = Section("Areas of cooperation", empty="No asserted cooperation found.")
    coop = [e for e in _asserted(events) if e.quad_code in (1, 2)]
    section.lines += _by_type_lines(ctx, coop, pair=len(ctx.keys) == 2)
    for kind in ("alliance", "patronage"):
        found = [link for link in ties if link.kind == kind and link.modality == "asserted"]
        if found:
            section.lines.append(Line(_tie_text(ctx, kind, found), ctx.cite.links(found)))
    return section


def _dispute_section(ctx: _Context, events: Sequence[Event], ties: list[Link]) -> Section:
    section = Section("Disputes and their issues", empty="No asserted conflict or dispute found.")
    conflict = [e for e in _asserted(events) if e.quad_code in (3, 4)]
    issues: dict[str, list[Event]] = defaultdict(list)
    for e in conflict:
        if e.issue:
            issues[e.issue].append(e)
    for issue, found in sorted(issues.items()):
        section.lines.append(
            Line(f"Issue — {issue}: {len(found)} event(s)", ctx.cite.events(found))
        )
    stated = _group_links(ties)
    by_issue: dict[str, list[Link]] = defaultdict(list)
    for link in stated.get("dispute", []):
        by_issue[link.issue or ""].append(link)
    tied = [*by_issue.values(), *(stated.get(k, []) for k in ("rivalry", "enmity", "divergence"))]
    for said in tied:
        if said:
            section.lines.append(Line(_tie_text(ctx, said[0].kind, said), ctx.cite.links(said)))
    section.lines += _by_type_lines(ctx, conflict, pair=len(ctx.keys) == 2)
    return section


def _mediators_section(ctx: _Context, events: Sequence[Event]) -> Section:
    """Mediators of the subject's events, proxies and patrons, and third parties around it."""
    section = Section("Mediators and proxies involved", empty="No mediator or proxy found.")
    via: dict[str, list[Event]] = defaultdict(list)
    for e in events:
        for m in e.mediator:
            via[party_key(m)].append(e)
    for key, found in sorted(via.items(), key=lambda kv: -len(kv[1])):
        sides = _partners_text(ctx, found) if len(ctx.keys) == 1 else ctx.name(ctx.keys[1])
        section.lines.append(Line(
            f"{ctx.name(key)} mediated between {ctx.name(ctx.keys[0])} and {sides} "
            f"({len(found)} event{'s' * (len(found) != 1)}, {_span(found)})",
            ctx.cite.events(found),
        ))  # fmt: skip
    about = _pair_documents(ctx) if len(ctx.keys) == 2 else None
    unnamed: dict[str, list[Link]] = defaultdict(list)
    for link in ctx.links:
        if link.kind != "patronage" or link.modality != "asserted":
            continue
        ka, kb = party_key(link.a), party_key(link.b)
        if len(ctx.keys) == 2 and {ka, kb} == set(ctx.keys):
            continue  # reported as a stated tie between the two
        if about is not None and link.doc_id not in about:
            continue  # a pair brief keeps the proxies of the articles about the pair
        if link.b.entity.id.startswith("XXX-"):  # a class of fighters, no group named
            unnamed[ctx.namer(link.a)].append(link)
            continue
        text = f"{ctx.namer(link.a)} backs {ctx.namer(link.b)} (proxy or client)"
        section.lines.append(Line(text, ctx.cite.links([link])))
    for patron, backed in unnamed.items():
        kinds = ", ".join(dict.fromkeys(x.b.entity.name for x in backed))
        text = f"{patron} backs armed groups the text does not name ({kinds})"
        section.lines.append(Line(text, ctx.cite.links(backed)))
    section.lines = _dedupe(section.lines)
    return section


def _pair_documents(ctx: _Context) -> set[str]:
    """The articles with an event or stated tie between the two actors of a pair brief."""
    a, b = ctx.keys
    return {e.doc_id for e in _between(ctx.events, a, b)} | {
        x.doc_id for x in _links_between(ctx.links, a, b)
    }


def _third_parties_section(ctx: _Context) -> Section:
    section = Section("Third parties: common friends, enemies, tensions", empty="None found.")
    if len(ctx.keys) == 2:
        a, b = ctx.keys
        for c in common_neighbours(ctx.graph, a, b):
            if _mixed(ctx.graph, a, c.third) or _mixed(ctx.graph, b, c.third):
                continue  # as many cooperative as conflictual events: no side to report
            cites = ctx.cite.evidence(c.evidence) or _edge_cites(ctx, a, b, c.third)
            if cites:
                section.lines.append(Line(c.describe(ctx.name(a), ctx.name(b)) + ".", cites))
    for triad in tension_triads(ctx.graph):
        if set(ctx.keys) <= set(triad.nodes):
            cites = ctx.cite.evidence(triad.evidence) or _triad_cites(ctx, triad.nodes)
            if cites:
                section.lines.append(Line("Tension: " + triad.describe(ctx.graph) + ".", cites))
    return section


def _mixed(graph: nx.Graph, x: str, y: str) -> bool:
    edge = graph.edges[x, y]
    return bool(edge.get("events")) and edge.get("cooperation") == edge.get("conflict")


def _edge_cites(ctx: _Context, a: str, b: str, third: str) -> list[Citation]:
    found = _between(ctx.events, a, third) + _between(ctx.events, b, third)
    links = _links_between(ctx.links, a, third) + _links_between(ctx.links, b, third)
    return (ctx.cite.events(found) + ctx.cite.links(links))[:MAX_CITES]


def _triad_cites(ctx: _Context, nodes: tuple[str, str, str]) -> list[Citation]:
    x, y, z = nodes
    found = _between(ctx.events, x, y) + _between(ctx.events, x, z) + _between(ctx.events, y, z)
    links = [link for p, q in ((x, y), (x, z), (y, z)) for link in _links_between(ctx.links, p, q)]
    return (ctx.cite.events(found) + ctx.cite.links(links))[:MAX_CITES]


def _speculated_section(ctx: _Context, events: Sequence[Event]) -> Section:
    section = Section(
        "What is speculated (not established)",
        empty="Nothing hypothetical, future or negated.",
    )
    for modality in ("future", "hypothetical", "negated"):
        for e in (x for x in events if x.modality == modality):
            section.lines.append(Line(_event_text(ctx, e), ctx.cite.events([e])))
    return section


def _dedupe(lines: list[Line]) -> list[Line]:
    seen: dict[str, Line] = {}
    for line in lines:
        if line.text in seen:
            kept = seen[line.text]
            kept.cites = (kept.cites + [c for c in line.cites if c not in kept.cites])[:MAX_CITES]
        else:
            seen[line.text] = line
    return list(seen.values())


def _pair_brief(ctx: _Context) -> Brief:
    a, b = ctx.keys
    line = pair_timeline(ctx.events, a, b, ctx.window, ctx.namer, ctx.links)
    events = line.all_events()
    ties = _links_between(ctx.links, a, b)
    sections = [
        _pair_summary(ctx, line, ties),
        _timeline_section(ctx, line.periods, line.undated),
        _cooperation_section(ctx, events, ties),
        _dispute_section(ctx, events, ties),
        _mediators_section(ctx, events),
        _third_parties_section(ctx),
        _speculated_section(ctx, events),
    ]
    title = f"{ctx.name(a)} – {ctx.name(b)}"
    about = (
        f"{a} and {b}: {_counted(len(line.asserted), 'asserted event')} ({len(events)} in all), "
        f"{_counted(len(ties), 'statement')} of ties and turns, from "
        f"{_counted(len({e.doc_id for e in events} | {x.doc_id for x in ties}), 'article')}"
    )
    return Brief(title, about, sections, ctx.documents, line.periods)


# ---- one actor's neighbourhood -----------------------------------------------------------


def _partners_section(ctx: _Context) -> Section:
    subject = ctx.keys[0]
    section = Section("Partners", empty="No partner found.")
    lines = [
        t for k, t in pair_timelines(ctx.events, ctx.window, ctx.namer).items() if subject in k
    ]
    lines.sort(key=lambda t: (-len(t.asserted), -len(t.all_events())))
    for t in lines[:MAX_PARTNERS]:
        other = t.b if t.a == subject else t.a
        facts = t.asserted
        if facts:
            text = (
                f"{ctx.name(other)}: {_stance(facts)}, mean intensity {_score(t.score)} over "
                f"{len(facts)} asserted event{'s' * (len(facts) != 1)} ({_span(facts)}), "
                f"trend {t.trend()}"
            )
        else:
            text = f"{ctx.name(other)}: only speculated or negated events ({len(t.all_events())})"
        section.lines.append(Line(text, ctx.cite.events(facts or t.all_events())))
    for kind, found in _group_links(ctx.links).items():
        if kind in ("alliance", "rivalry", "dispute"):
            for link in found:
                section.lines.append(Line(_tie_text(ctx, kind, [link]), ctx.cite.links([link])))
    section.lines = _dedupe(section.lines)
    return section


def _actor_summary(ctx: _Context) -> Section:
    facts = _asserted(ctx.events)
    section = Section("Summary", empty="No asserted event involving this actor in the store.")
    if facts:
        partners = {k for e in facts for a, b in event_pairs(e) for k in _pair_keys(a, b)}
        partners.discard(ctx.keys[0])
        strongest = max(facts, key=lambda e: abs(e.intensity))
        section.lines.append(Line(
            f"{ctx.name(ctx.keys[0])} takes part in {len(facts)} asserted events with "
            f"{len(partners)} partners ({_span(facts)}); overall {_stance(facts)}.",
            ctx.cite.events([facts[0], facts[-1], strongest]),
        ))  # fmt: skip
    turns = [
        (t, s)
        for k, t in pair_timelines(ctx.events, ctx.window, ctx.namer, ctx.links).items()
        if ctx.keys[0] in k
        for s in t.shifts(min_events=1)
    ]
    for t, s in turns:
        section.lines.append(Line("Turn: " + s.describe(t.names) + ".", _turn_cites(ctx, s)))
    return section


def _actor_periods(events: Sequence[Event], window: Window) -> tuple[list[Period], Period]:
    bins: dict[str, Period] = {}
    undated = Period(UNDATED, None)
    for e in events:
        label, start, coarse = window.place(e.date)
        if label == UNDATED:
            undated.add(e)
        else:
            bins.setdefault(label, Period(label, start, coarse)).add(e)
    ordered = sorted(bins.values(), key=lambda p: (p.start or date.min, p.coarse))
    return ordered, undated


def _actor_brief(ctx: _Context) -> Brief:
    (key,) = ctx.keys
    periods, undated = _actor_periods(ctx.events, ctx.window)
    sections = [
        _actor_summary(ctx),
        _partners_section(ctx),
        _timeline_section(ctx, periods, undated),
        _cooperation_section(ctx, ctx.events, []),
        _dispute_section(ctx, ctx.events, []),
        _mediators_section(ctx, ctx.events),
        _third_parties_section(ctx),
        _speculated_section(ctx, ctx.events),
    ]
    about = f"{key}: {len(_asserted(ctx.events))} asserted events, {len(ctx.events)} in all"
    return Brief(f"{ctx.name(key)} and its neighbourhood", about, sections, ctx.documents, periods)


# ---- entry point -------------------------------------------------------------------------


def brief(
    db: str,
    a: str,
    b: str | None = None,
    window: str | int | Window = "month",
    since: str | None = None,
    until: str | None = None,
    actor_files: Sequence[str] = (),
) -> Brief:
    """The analyst's note on `a` and `b` (ids or country codes), or on `a`'s neighbourhood."""
    files = tuple(actor_files)
    keys = tuple(actor_key(x, files) for x in (a, b) if x)
    if len(set(keys)) != len(keys):
        raise ValueError(f"{a} and {b} are the same party ({keys[0]}); name two actors")
    ctx = _load(db, keys, Window.parse(window), since, until, files)
    if not ctx.events and not ctx.links:
        raise LookupError(
            f"no event or stated tie involves {keys[0]} in the store; "
            "see `realpolitik actors --db ...` for the ids it holds"
        )
    return _pair_brief(ctx) if len(keys) == 2 else _actor_brief(ctx)


# ---- rendering ---------------------------------------------------------------------------


def _cites_md(cites: Sequence[Citation]) -> str:
    return " ".join(c.label for c in cites)


def _markdown(brief: Brief) -> str:
    out = [f"# {brief.title}", "", f"_{brief.about}. Each line cites [document, sentence]._", ""]
    for section in brief.sections:
        out += [f"## {section.title}", ""]
        if not section.lines:
            out += [f"_{section.empty}_", ""]
            continue
        out += [
            f"{'  ' * line.indent}- {line.text} {_cites_md(line.cites)}" for line in section.lines
        ]
        out.append("")
    out += ["## Sources", ""]
    for c in brief.sources():
        meta = _doc_meta(brief, c.doc_id)
        out.append(f"- {c.label}{' ' + meta if meta else ''}: “{_clip(c.sentence, 400)}”")
    return "\n".join(out) + "\n"


def _doc_meta(brief: Brief, doc_id: str) -> str:
    doc = brief.documents.get(doc_id, {})
    parts = [str(doc[k]) for k in ("title", "date", "url") if doc.get(k)]
    return f"({'; '.join(parts)})" if parts else ""


_CSS = """body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;line-height:1.45}
.cite{color:#555;font-size:.85em}li.sub{margin-left:1.5rem;list-style:circle}
blockquote{margin:.2rem 0 .8rem 1rem;color:#333}img{max-width:100%}"""


def _html(brief: Brief, chart: str | None) -> str:
    e = html.escape
    body = [f"<h1>{e(brief.title)}</h1>", f"<p><em>{e(brief.about)}</em></p>"]
    if chart:
        body.append(f'<img src="{e(chart, quote=True)}" alt="cooperation and conflict over time">')
    for section in brief.sections:
        body.append(f"<h2>{e(section.title)}</h2>")
        if not section.lines:
            body.append(f"<p><em>{e(section.empty)}</em></p>")
            continue
        items = [
            f"<li{' class=sub' if line.indent else ''}>{e(line.text)} "
            f'<span class="cite">{e(_cites_md(line.cites))}</span></li>'
            for line in section.lines
        ]
        body.append("<ul>" + "".join(items) + "</ul>")
    body.append("<h2>Sources</h2><ol>")
    for c in brief.sources():
        body.append(
            f"<li>{e(c.label)} {e(_doc_meta(brief, c.doc_id))}"
            f"<blockquote>{e(c.sentence)}</blockquote></li>"
        )
    body.append("</ol>")
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{e(brief.title)}'
        f"</title><style>{_CSS}</style></head><body>{''.join(body)}</body></html>\n"
    )


def render_chart(periods: Sequence[Period], path: str | Path, title: str = "") -> None:
    """Bars of cooperation (up) and conflict (down) events per window, the mean score as a
    line on its own axis; speculated events hatched. PNG or SVG by the file's suffix."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in ("png", "svg"):
        raise ValueError(f"{path}: the chart is written as .png or .svg")
    fig = Figure(figsize=(max(6.0, 0.6 * len(periods) + 3), 3.6), dpi=110)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    x = list(range(len(periods)))
    ax.bar(x, [p.cooperation for p in periods], color="#2e7d32", label="cooperation")
    ax.bar(x, [-p.conflict for p in periods], color="#c62828", label="conflict")
    ax.bar(
        x, [len(p.speculative) for p in periods], bottom=[p.cooperation for p in periods],
        color="none", edgecolor="#555", hatch="//", label="speculated",
    )  # fmt: skip
    ax.axhline(0, color="#333", linewidth=0.8)
    heights = [p.cooperation + len(p.speculative) for p in periods] + [p.conflict for p in periods]
    top = 1.1 * max(heights, default=1)
    ax.set_ylim(-top, top)  # zero level with the score axis's zero
    ax.set_xticks(x, [p.label for p in periods], rotation=45, ha="right", fontsize=8)
    ax.set_ylabel("events (conflict below 0)")
    if not periods:
        ax.text(0.5, 0.5, "no dated events", ha="center", va="center", transform=ax.transAxes)
    score_ax = ax.twinx()
    scored = [(i, p.score) for i, p in zip(x, periods, strict=True) if p.score is not None]
    score_ax.plot([i for i, _ in scored], [s for _, s in scored], "o-", color="#1565c0")
    score_ax.set_ylim(-10.5, 10.5)
    score_ax.set_ylabel("mean intensity", color="#1565c0")
    ax.legend(loc="upper left", fontsize=8)
    ax.set_title(title, fontsize=10)
    fig.tight_layout()
    fig.savefig(str(path), format=suffix)
