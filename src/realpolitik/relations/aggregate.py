"""Aggregate events and stated ties into relations per actor pair.

States are compared as states: "Iranian officials", "Tehran" and Iran's foreign minister
all speak for Iran, so pairs are keyed by country for state actors and by entity for
everyone else. Only asserted events move cooperation/conflict scores; what is negated,
hypothetical or future is kept in the store but never scored as fact.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from statistics import fmean
from typing import Any

from realpolitik.model import Entity, Event, Evidence, Link, Mention, Relation

MAX_EVIDENCE = 5
_STATE_KINDS = {"state", "state_organ", "person"}
_ISO_LIKE = 3
_NON_STATE_CODES = {"IGO", "UNO", "EUR", "NGO", "MNC"}
# Stated ties that are relations of their own; a divergence states a turn, which the
# timeline reads (`relations.timeline`), not a relation kind of the contract. A stated
# enmity ("X's enemy Y") is the pair's conflict when no asserted event between them is on
# record (no score: only events move scores), else a rivalry beside the event balance.
TIE_KINDS = {"patronage", "alliance", "rivalry", "dispute", "mediation"}


def party_key(mention: Mention) -> str:
    """The identity relations are computed over: a state's country, else the entity id."""
    e = mention.entity
    country = e.country or ""
    if e.kind in _STATE_KINDS and len(country) == _ISO_LIKE and country not in _NON_STATE_CODES:
        return country
    return e.id


def party_pair(a: Mention, b: Mention) -> tuple[str, str]:
    """The sorted pair of party keys of two sides: the key of a pair's relations and lines."""
    first, second = sorted((party_key(a), party_key(b)))
    return first, second


@dataclass
class _Bucket:
    """Everything gathered for one (kind, pair[, via, issue]) before it becomes a relation."""

    a: Mention
    b: Mention
    via: list[Mention] = field(default_factory=list)
    intensities: list[float] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    count: int = 0

    def add(
        self,
        doc_id: str,
        sentence: str,
        event_id: str | None,
        date: str | None,
        intensity: float | None = None,
        counted: bool = True,
    ) -> None:
        """One piece of evidence; a statement (`counted` False) adds no event to the count."""
        self.count += counted
        if intensity is not None:
            self.intensities.append(intensity)
        if date:
            self.dates.append(date)
        if len(self.evidence) < MAX_EVIDENCE and all(e.sentence != sentence for e in self.evidence):
            self.evidence.append(Evidence(doc_id, sentence, event_id))


Representative = Callable[[Mention], Mention]


def aggregate(
    events: Iterable[Event], links: Iterable[Link], representative: Representative | None = None
) -> list[Relation]:
    """Relations from events (cooperation, conflict, mediation, dispute) and links.

    `representative` maps a mention to the one that stands for its party in output (for a
    state actor, the state itself); by default the first mention seen stands for it.
    """
    rep = representative or (lambda m: m)
    # A fixed order of reading, whatever order the store returns: the first mention seen
    # stands for a party and evidence is the first sentences seen, so a rebuild and an
    # incremental refresh (which reads only some pairs) agree, on SQLite and PostgreSQL.
    events = sorted(events, key=lambda e: (e.date is None, e.date or "", e.id))
    links = sorted(links, key=lambda x: (x.doc_id, x.id))
    buckets: dict[tuple[str, ...], _Bucket] = {}
    kinds: dict[tuple[str, ...], str] = {}

    def bucket(kind: str, a: Mention, b: Mention, *extra: str, ordered: bool = False) -> _Bucket:
        ka, kb_ = party_key(a), party_key(b)
        if not ordered and kb_ < ka:
            a, b, ka, kb_ = b, a, kb_, ka
        key = (kind, ka, kb_, *extra)
        kinds[key] = kind
        if key not in buckets:
            buckets[key] = _Bucket(rep(a), rep(b))
        return buckets[key]

    for event in events:
        _add_event(event, bucket)
    scored = {(k[1], k[2]) for k in buckets if k[0] == "balance"}
    for link in links:
        if link.modality != "asserted" or party_key(link.a) == party_key(link.b):
            continue
        kind = link.kind
        if kind == "enmity":
            kind = "rivalry" if party_pair(link.a, link.b) in scored else "balance"
        if kind not in TIE_KINDS and kind != "balance":
            continue
        extra = (link.issue or "",) if kind == "dispute" else ()
        b = bucket(kind, link.a, link.b, *extra, ordered=kind == "patronage")
        b.add(link.doc_id, link.sentence, None, link.date, counted=kind != "balance")
    return _relations(buckets, kinds)


def _add_event(event: Event, bucket: Callable[..., _Bucket]) -> None:
    if event.modality != "asserted":
        return
    for a in event.actor:
        for b in event.recipient:
            if party_key(a) == party_key(b):
                continue
            bucket("balance", a, b).add(
                event.doc_id, event.sentence, event.id, event.date, event.intensity
            )
            for via in event.mediator:
                m = bucket("mediation", a, b, party_key(via))
                if not m.via:
                    m.via.append(via)
                m.add(event.doc_id, event.sentence, event.id, event.date, event.intensity)
            if event.issue and event.quad_code == 3:
                bucket("dispute", a, b, event.issue).add(
                    event.doc_id, event.sentence, event.id, event.date, event.intensity
                )


def _relations(
    buckets: dict[tuple[str, ...], _Bucket], kinds: dict[tuple[str, ...], str]
) -> list[Relation]:
    out = []
    for key, b in buckets.items():
        kind = kinds[key]
        score = round(fmean(b.intensities), 2) if b.intensities else None
        if kind == "balance":
            kind = "cooperation" if (score or 0) > 0 else "conflict"
        dates = sorted(b.dates)
        out.append(Relation(
            kind=kind, a=b.a, b=b.b, via=list(b.via), score=score, events=b.count,
            first=dates[0] if dates else None, last=dates[-1] if dates else None,
            issue=key[3] or None if kind == "dispute" else None, evidence=b.evidence,
        ))  # fmt: skip
    out.sort(key=lambda r: relation_order(r.to_contract()))
    return out


def relation_order(payload: dict[str, Any]) -> tuple[Any, ...]:
    """The order relations are listed and stored in, on contract dicts: by kind, strongest
    first (most events, then largest score), then by parties, so that no two tie."""
    a, b = (contract_party_key(payload[side]) for side in ("a", "b"))
    via = tuple(contract_party_key(v) for v in payload.get("via") or [])
    score = abs(payload.get("score") or 0)
    return (payload["kind"], -payload["events"], -score, a, b, via, payload.get("issue") or "")


def contract_party_key(entity: dict[str, Any]) -> str:
    """`party_key` of a contract entity dict (a stored relation's side)."""
    e = Entity(
        entity["id"], entity.get("name") or "", entity.get("country"), entity.get("sector"),
        entity.get("kind") or "", entity.get("wikidata_id"),
    )  # fmt: skip
    return party_key(Mention(e, "", 0, 0))


def relation_pair(payload: dict[str, Any]) -> tuple[str, str]:
    """The sorted pair of party keys a stored relation is about."""
    a, b = sorted(contract_party_key(payload[side]) for side in ("a", "b"))
    return a, b


def state_representative(lookup: Callable[[str], Entity | None]) -> Representative:
    """Stand a state actor's mention in for its state: "Iranian officials" -> Iran."""

    def rep(mention: Mention) -> Mention:
        key = party_key(mention)
        plain = mention.entity.kind == "state" and mention.entity.sector is None
        if plain or key != mention.entity.country:
            return mention
        state = lookup(key)
        return Mention(state, mention.text, mention.start, mention.end) if state else mention

    return rep


def group_by_pair(relations: Iterable[Relation]) -> dict[tuple[str, str], list[Relation]]:
    """Relations indexed by their (unordered) pair of party keys."""
    grouped: dict[tuple[str, str], list[Relation]] = defaultdict(list)
    for rel in relations:
        grouped[party_pair(rel.a, rel.b)].append(rel)
    return grouped
