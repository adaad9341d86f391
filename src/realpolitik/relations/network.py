"""The signed actor network of a period, and what its structure says.

Nodes are parties keyed like `aggregate.party_key` (a state's organs and officials are the
state). An edge joins two parties that share asserted events or a stated tie; it carries the
cooperation and conflict counts and weights (sums of intensity) of their asserted events,
the hypothetical/future and negated events counted apart, every relation kind the pair has
(cooperation, conflict, alliance, rivalry, patronage, mediation, dispute), the issues of its
disputes, its mediators and, for patronage, the patron. A mediator is also joined to both
sides it mediates between (kind "mediation", `mediates` naming the pair).

An edge's sign is the sign of its asserted events' mean intensity when it has any; else the
balance of its stated ties (alliance, patronage and mediation count +1; rivalry and dispute
-1). On the signed graph:

- common friends and enemies of two actors are third parties both are tied to with the same
  sign ("Iran and the Taliban both fight ISKP"), or with opposite signs ("divided");
- tension points are unbalanced triads (structural balance): an odd number of negative edges.
  "++-" (two friends of one actor at odds with each other) is the classic tension; "---" is
  unbalanced in Cartwright-Harary's strict sense but allowed by Davis's weak balance, so it is
  reported with its pattern and can be left out;
- brokers are actors that mediate between others (mediation relations) or bridge the
  cooperation graph (betweenness centrality over the positive edges).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

import networkx as nx

from realpolitik.actors.loader import knowledge_base
from realpolitik.model import Event, Link, Mention, Relation
from realpolitik.relations.aggregate import (
    Representative,
    aggregate,
    party_key,
    state_representative,
)
from realpolitik.relations.timeline import actor_key, event_pairs, overlaps
from realpolitik.store import Store

POSITIVE_TIES = ("alliance", "patronage", "mediation")
NEGATIVE_TIES = ("rivalry", "dispute", "conflict")  # conflict without a score: a stated enmity
NETWORK_FORMATS = ("gexf", "graphml")
_EVIDENCE_KEPT = 3


@dataclass
class _EdgeData:
    """What is gathered for one pair before it becomes edge attributes."""

    cooperation: int = 0
    conflict: int = 0
    cooperation_weight: float = 0.0
    conflict_weight: float = 0.0
    intensities: list[float] = field(default_factory=list)
    speculative: int = 0
    negated: int = 0
    kinds: set[str] = field(default_factory=set)
    issues: set[str] = field(default_factory=set)
    mediators: set[str] = field(default_factory=set)
    mediates: set[str] = field(default_factory=set)
    patron: str = ""
    dates: list[str] = field(default_factory=list)
    evidence: list[dict[str, str]] = field(default_factory=list)

    def cite(self, doc_id: str, sentence: str, event_id: str | None = None) -> None:
        if len(self.evidence) < _EVIDENCE_KEPT and all(
            e["sentence"] != sentence for e in self.evidence
        ):
            self.evidence.append(
                {"doc_id": doc_id, "sentence": sentence, "event_id": event_id or ""}
            )

    def add_event(self, event: Event) -> None:
        if event.modality != "asserted":
            if event.modality == "negated":
                self.negated += 1
            else:
                self.speculative += 1
            return
        self.intensities.append(event.intensity)
        if event.quad_code in (1, 2):
            self.cooperation += 1
            self.cooperation_weight += max(event.intensity, 0.0)
        else:
            self.conflict += 1
            self.conflict_weight += abs(min(event.intensity, 0.0))
        if event.date:
            self.dates.append(event.date)
        self.cite(event.doc_id, event.sentence, event.id)

    @property
    def score(self) -> float | None:
        if not self.intensities:
            return None
        return round(sum(self.intensities) / len(self.intensities), 2)

    @property
    def sign(self) -> int:
        score = self.score
        if score is not None:
            return (score > 0) - (score < 0)
        ties = sum(1 for k in self.kinds if k in POSITIVE_TIES) - sum(
            1 for k in self.kinds if k in NEGATIVE_TIES
        )
        return (ties > 0) - (ties < 0)

    def attributes(self) -> dict[str, Any]:
        """Scalar attributes only (GEXF and GraphML take no lists or None)."""
        dates = sorted(self.dates)
        attrs: dict[str, Any] = {
            "sign": self.sign,
            "events": self.cooperation + self.conflict,
            "cooperation": self.cooperation,
            "conflict": self.conflict,
            "cooperation_weight": round(self.cooperation_weight, 2),
            "conflict_weight": round(self.conflict_weight, 2),
            "speculative": self.speculative,
            "negated": self.negated,
            "kinds": ";".join(sorted(self.kinds)),
            "issues": ";".join(sorted(self.issues)),
            "mediators": ";".join(sorted(self.mediators)),
            "mediates": ";".join(sorted(self.mediates)),
            "patron": self.patron,
            "first": dates[0] if dates else "",
            "last": dates[-1] if dates else "",
            "evidence": json.dumps(self.evidence, ensure_ascii=False),
        }
        if self.score is not None:
            attrs["score"] = self.score
        return attrs


def build_network(
    events: Iterable[Event],
    links: Iterable[Link] = (),
    representative: Representative | None = None,
) -> nx.Graph:
    """The signed network of these events and stated ties (see the module docstring)."""
    rep = representative or (lambda m: m)
    events = list(events)
    links = list(links)
    nodes: dict[str, Mention] = {}
    edges: dict[tuple[str, str], _EdgeData] = defaultdict(_EdgeData)

    def edge(a: Mention, b: Mention) -> _EdgeData:
        ka, kb = party_key(a), party_key(b)
        for key, m in ((ka, a), (kb, b)):
            nodes.setdefault(key, rep(m))
        return edges[(min(ka, kb), max(ka, kb))]

    for event in events:
        for a, b in event_pairs(event):
            edge(a, b).add_event(event)
    for rel in aggregate(events, links, representative):
        _add_relation(rel, edge)
    return _graph(nodes, edges, events)


def _add_relation(rel: Relation, edge: Any) -> None:
    data: _EdgeData = edge(rel.a, rel.b)
    data.kinds.add(rel.kind)
    for ev in rel.evidence:
        data.cite(ev.doc_id, ev.sentence, ev.event_id)
    if rel.kind == "dispute" and rel.issue:
        data.issues.add(rel.issue)
    if rel.kind == "patronage":
        data.patron = party_key(rel.a)
    pair = f"{party_key(rel.a)}–{party_key(rel.b)}"
    for via in rel.via if rel.kind == "mediation" else []:
        data.mediators.add(party_key(via))
        for side in (rel.a, rel.b):
            tie: _EdgeData = edge(via, side)
            tie.kinds.add("mediation")
            tie.mediates.add(pair)
            for ev in rel.evidence:
                tie.cite(ev.doc_id, ev.sentence, ev.event_id)


def _graph(
    nodes: dict[str, Mention], edges: dict[tuple[str, str], _EdgeData], events: list[Event]
) -> nx.Graph:
    graph = nx.Graph()
    involved: dict[str, int] = defaultdict(int)
    for event in events:
        if event.modality == "asserted":
            for key in {party_key(m) for m in event.actor + event.recipient}:
                involved[key] += 1
    mediated: dict[str, int] = defaultdict(int)
    for data in edges.values():
        for via in data.mediators:
            mediated[via] += 1
    for key, m in sorted(nodes.items()):
        e = m.entity
        graph.add_node(
            key, label=e.name, kind=e.kind, country=e.country or "", sector=e.sector or "",
            events=involved[key], mediated=mediated[key],
        )  # fmt: skip
    for (a, b), data in sorted(edges.items()):
        graph.add_edge(a, b, **data.attributes())
    return graph


# ---- reading the structure ---------------------------------------------------------------


@dataclass
class Common:
    """A third party two actors are both tied to: friend, enemy, or one of each ("divided")."""

    third: str
    name: str
    kind: str  # friend | enemy | divided
    sign_a: int
    sign_b: int
    evidence: list[dict[str, str]]

    def describe(self, a: str, b: str) -> str:
        if self.kind == "friend":
            return f"{a} and {b} both cooperate with {self.name}"
        if self.kind == "enemy":
            return f"{a} and {b} are both in conflict with {self.name}"
        friend, foe = (a, b) if self.sign_a > 0 else (b, a)
        return f"{friend} cooperates with {self.name}, {foe} is in conflict with it"


def common_neighbours(graph: nx.Graph, a: str, b: str) -> list[Common]:
    """The third parties tied to both `a` and `b` with a non-zero sign, enemies first."""
    if a not in graph or b not in graph:
        return []
    out = []
    for c in sorted(set(graph[a]) & set(graph[b]) - {a, b}):
        sa, sb = graph[a][c]["sign"], graph[b][c]["sign"]
        if not sa or not sb:
            continue
        kind = "divided" if sa != sb else ("friend" if sa > 0 else "enemy")
        evidence = _evidence(graph[a][c]) + _evidence(graph[b][c])
        out.append(Common(c, graph.nodes[c]["label"], kind, sa, sb, evidence))
    order = {"enemy": 0, "friend": 1, "divided": 2}
    out.sort(key=lambda x: (order[x.kind], x.third))
    return out


def shared_enemies(graph: nx.Graph) -> dict[tuple[str, str], list[str]]:
    """Every pair of actors with a common enemy, and those enemies."""
    found: dict[tuple[str, str], list[str]] = defaultdict(list)
    for c in sorted(graph):
        foes = sorted(n for n in graph[c] if graph[c][n]["sign"] < 0)
        for a, b in combinations(foes, 2):
            found[(a, b)].append(c)
    return dict(found)


@dataclass
class Triad:
    """Three actors whose signed ties are unbalanced: a tension point."""

    nodes: tuple[str, str, str]
    signs: dict[tuple[str, str], int]
    pattern: str  # "++-" or "---"
    events: int
    evidence: list[dict[str, str]]

    def describe(self, graph: nx.Graph) -> str:
        name = {n: graph.nodes[n]["label"] for n in self.nodes}
        if self.pattern == "---":
            a, b, c = (name[n] for n in self.nodes)
            return f"{a}, {b} and {c} are all at odds (unbalanced only under strict balance)"
        (x, y), *_ = [pair for pair, s in self.signs.items() if s < 0]
        (hub,) = set(self.nodes) - {x, y}
        return f"{name[hub]} is on good terms with both {name[x]} and {name[y]}, who are at odds"


def tension_triads(graph: nx.Graph, include_all_negative: bool = True) -> list[Triad]:
    """Unbalanced triangles of signed edges, the busiest first."""
    signed = nx.Graph()
    signed.add_edges_from((a, b, d) for a, b, d in graph.edges(data=True) if d["sign"])
    out = []
    for a, b, c in _triangles(signed):
        pairs = ((a, b), (a, c), (b, c))
        signs = {p: int(signed.edges[p]["sign"]) for p in pairs}
        negatives = sum(1 for s in signs.values() if s < 0)
        if negatives % 2 == 0 or (negatives == 3 and not include_all_negative):
            continue
        events = sum(int(signed.edges[p]["events"]) for p in pairs)
        evidence = [ev for p in pairs for ev in _evidence(signed.edges[p])[:1]]
        out.append(Triad((a, b, c), signs, "---" if negatives == 3 else "++-", events, evidence))
    out.sort(key=lambda t: (t.pattern != "++-", -t.events, t.nodes))
    return out


def _triangles(graph: nx.Graph) -> list[tuple[str, str, str]]:
    found = []
    for a in sorted(graph):
        for b in sorted(n for n in graph[a] if n > a):
            for c in sorted(n for n in set(graph[a]) & set(graph[b]) if n > b):
                found.append((a, b, c))
    return found


@dataclass
class Broker:
    """An actor that sits between others: the pairs it mediates, and its betweenness."""

    key: str
    name: str
    mediates: list[str]
    betweenness: float

    def describe(self) -> str:
        parts = []
        if self.mediates:
            parts.append(f"mediates {', '.join(self.mediates)}")
        if self.betweenness:
            parts.append(f"betweenness {self.betweenness:.2f} on the cooperation graph")
        return f"{self.name} [{self.key}]: " + "; ".join(parts)


def brokers(graph: nx.Graph) -> list[Broker]:
    """Mediators and bridges of the cooperation graph, most mediations first."""
    positive = nx.Graph()
    positive.add_nodes_from(graph)
    positive.add_edges_from((a, b) for a, b, d in graph.edges(data=True) if d["sign"] > 0)
    between = nx.betweenness_centrality(positive, normalized=True)
    mediates: dict[str, set[str]] = defaultdict(set)
    for a, b, d in graph.edges(data=True):
        for via in filter(None, d["mediators"].split(";")):
            mediates[via].add(f"{graph.nodes[a]['label']}–{graph.nodes[b]['label']}")
    out = [
        Broker(n, graph.nodes[n]["label"], sorted(mediates[n]), round(between.get(n, 0.0), 3))
        for n in graph
        if mediates[n] or between.get(n, 0.0) > 0
    ]
    out.sort(key=lambda x: (-len(x.mediates), -x.betweenness, x.key))
    return out


def _evidence(data: dict[str, Any]) -> list[dict[str, str]]:
    found: list[dict[str, str]] = json.loads(data.get("evidence") or "[]")
    return found


# ---- files and stores --------------------------------------------------------------------


def write_network(graph: nx.Graph, fmt: str, path: str | Path) -> None:
    """Write GEXF (Gephi) or GraphML, with every node and edge attribute."""
    if fmt == "gexf":
        nx.write_gexf(graph, str(path))
    elif fmt == "graphml":
        nx.write_graphml(graph, str(path))
    else:
        raise ValueError(f"unknown network format {fmt!r}; choose one of gexf, graphml")


def load_network(
    db: str,
    since: str | None = None,
    until: str | None = None,
    actor_files: Sequence[str] = (),
) -> nx.Graph:
    """The signed network of the events and stated ties of a period, from a store."""
    with Store.from_url(db) as store:
        events = store.events(since=since, until=until)
        links = [link for link in store.links() if overlaps(link.date, since, until)]
    kb = knowledge_base(tuple(actor_files))
    graph = build_network(events, links, state_representative(kb.entity))
    graph.graph.update({"since": since or "", "until": until or ""})
    return graph


@dataclass
class NetworkSummary:
    """What `realpolitik network` prints: brokers, tension points and shared enemies."""

    graph: nx.Graph
    brokers: list[Broker]
    tensions: list[Triad]
    shared_enemies: dict[tuple[str, str], list[str]]
    common: list[Common] = field(default_factory=list)  # of the pair asked about, if any

    def to_dict(self) -> dict[str, Any]:
        g = self.graph
        return {
            "nodes": g.number_of_nodes(),
            "edges": g.number_of_edges(),
            "brokers": [
                {"id": b.key, "name": b.name, "mediates": b.mediates, "betweenness": b.betweenness}
                for b in self.brokers
            ],
            "tensions": [
                {
                    "actors": list(t.nodes),
                    "pattern": t.pattern,
                    "events": t.events,
                    "text": t.describe(g),
                    "evidence": t.evidence,
                }
                for t in self.tensions
            ],  # fmt: skip
            "shared_enemies": [
                {"a": a, "b": b, "enemies": enemies}
                for (a, b), enemies in self.shared_enemies.items()
            ],
            "common": [
                {"id": c.third, "name": c.name, "kind": c.kind, "evidence": c.evidence}
                for c in self.common
            ],
        }


def network(
    db: str,
    since: str | None = None,
    until: str | None = None,
    pair: tuple[str, str] | None = None,
    actor_files: Sequence[str] = (),
) -> NetworkSummary:
    """Brokers, tension triads and shared enemies of a period; with `pair`, that pair's common
    friends and enemies too."""
    graph = load_network(db, since, until, actor_files)
    files = tuple(actor_files)
    keys = [actor_key(x, files) for x in pair or ()]
    common = common_neighbours(graph, keys[0], keys[1]) if len(keys) == 2 else []
    return NetworkSummary(
        graph, brokers(graph), tension_triads(graph), shared_enemies(graph), common
    )
