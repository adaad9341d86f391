"""The actor network: one node per party, one edge per pair, weighted by what happened.

Parties are keyed as relations key them (`party_key`: a state's country, else the entity),
so "Tehran", "Iranian officials" and Iran's foreign minister are one node. An edge counts
the cooperative (quad 1-2) and conflictual (quad 3-4) events between its two parties in
the period, and carries the stated ties (patronage, mediation, alliance, rivalry, dispute)
whose dates overlap it, so proxies show on the map even without events between them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from statistics import fmean
from typing import Any

from realpolitik.model import Entity, Event, Mention
from realpolitik.relations.aggregate import party_key

TIE_KINDS = ("patronage", "mediation", "alliance", "rivalry", "dispute")
_COOPERATIVE_QUADS = {1, 2}


@dataclass
class _Edge:
    source: str
    target: str
    cooperation: int = 0
    conflict: int = 0
    intensities: list[float] = field(default_factory=list)
    ties: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        score = round(fmean(self.intensities), 2) if self.intensities else None
        kind = "tie" if score is None else "cooperation" if score > 0 else "conflict"
        return {
            "id": f"{self.source}|{self.target}", "source": self.source, "target": self.target,
            "events": self.cooperation + self.conflict, "cooperation": self.cooperation,
            "conflict": self.conflict, "score": score, "kind": kind, "ties": self.ties,
        }  # fmt: skip


@dataclass
class _Node:
    id: str
    label: str
    kind: str
    country: str | None
    events: int = 0


class NetworkBuilder:
    """Accumulates events and relation ties into nodes and edges."""

    def __init__(self, names: dict[str, str]) -> None:
        self.names = names  # actor id -> stored canonical name
        self.nodes: dict[str, _Node] = {}
        self.edges: dict[tuple[str, str], _Edge] = {}

    def add_events(self, events: Iterable[Event]) -> None:
        for event in events:
            for a in event.actor:
                for b in event.recipient:
                    self._add_event(event, a, b)

    def add_ties(self, relations: Iterable[dict[str, Any]], since: str | None,
                 until: str | None) -> None:  # fmt: skip
        for rel in relations:
            if rel["kind"] in TIE_KINDS and overlaps(rel["first"], rel["last"], since, until):
                edge = self._edge(self._node(rel["a"]), self._node(rel["b"]))
                via = [{"id": v["id"], "name": v["name"]} for v in rel["via"]]
                edge.ties.append({"kind": rel["kind"], "a": rel["a"]["id"], "via": via,
                                  "issue": rel["issue"], "events": rel["events"]})  # fmt: skip

    def result(self) -> dict[str, list[dict[str, Any]]]:
        nodes = sorted(self.nodes.values(), key=lambda n: (-n.events, n.id))
        edges = sorted(self.edges.values(), key=lambda e: (e.source, e.target))
        return {"nodes": [vars(n) for n in nodes], "edges": [e.as_dict() for e in edges]}

    def _add_event(self, event: Event, a: Mention, b: Mention) -> None:
        if party_key(a) == party_key(b):
            return
        node_a, node_b = self._node_of(a), self._node_of(b)
        node_a.events += 1
        node_b.events += 1
        edge = self._edge(node_a.id, node_b.id)
        if event.quad_code in _COOPERATIVE_QUADS:
            edge.cooperation += 1
        else:
            edge.conflict += 1
        edge.intensities.append(event.intensity)

    def _node_of(self, mention: Mention) -> _Node:
        e = mention.entity
        return self.nodes[self._node({"id": e.id, "name": e.name, "kind": e.kind,
                                      "country": e.country, "sector": e.sector})]  # fmt: skip

    def _node(self, entity: dict[str, Any]) -> str:
        """The node id (party key) for a contract entity, creating the node on first sight."""
        key = _party(entity)
        if key not in self.nodes:
            whole_state = key != entity["id"]
            label = self.names.get(key, key if whole_state else entity["name"])
            kind = "state" if whole_state else entity["kind"]
            self.nodes[key] = _Node(key, label, kind, entity.get("country"))
        return key

    def _edge(self, ka: str, kb: str) -> _Edge:
        pair = (ka, kb) if ka < kb else (kb, ka)
        if pair not in self.edges:
            self.edges[pair] = _Edge(*pair)
        return self.edges[pair]


def _party(entity: dict[str, Any]) -> str:
    """`party_key` of a contract entity dict."""
    e = Entity(entity["id"], entity["name"], entity.get("country"), entity.get("sector"),
               entity["kind"])  # fmt: skip
    return party_key(Mention(e, "", 0, 0))


def overlaps(first: str | None, last: str | None, since: str | None, until: str | None) -> bool:
    """Whether a [first, last] span of ISO dates of any precision meets [since, until]."""
    if since and last and not (last >= since or since.startswith(last)):
        return False
    return not (until and first and not (first <= until or first.startswith(until)))


def build_network(
    events: Iterable[Event],
    relations: Iterable[dict[str, Any]],
    names: dict[str, str],
    since: str | None = None,
    until: str | None = None,
) -> dict[str, list[dict[str, Any]]]:
    """Nodes and edges for the map: events weigh edges, relations add stated ties."""
    builder = NetworkBuilder(names)
    builder.add_events(events)
    builder.add_ties(relations, since, until)
    return builder.result()
