"""The signed actor network: signs, common friends and enemies, tension triads, brokers,
graph files; then on a store built from the sample corpus, and through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from realpolitik.cli import app
from realpolitik.model import Entity, Event, Link, Mention
from realpolitik.relations.network import (
    brokers,
    build_network,
    common_neighbours,
    load_network,
    shared_enemies,
    tension_triads,
    write_network,
)

runner = CliRunner()

E = {
    code: Entity(code, name, country, sector, kind)
    for code, name, country, sector, kind in [
        ("IRN", "Iran", "IRN", None, "state"),
        ("USA", "United States", "USA", None, "state"),
        ("OMN", "Oman", "OMN", None, "state"),
        ("RUS", "Russia", "RUS", None, "state"),
        ("SYR", "Syria", "SYR", None, "state"),
        ("TALIBAN", "Taliban", "AFG", "REB", "armed_group"),
        ("ISKP", "Islamic State Khorasan Province", "AFG", "REB", "armed_group"),
        ("HEZBOLLAH", "Hezbollah", "LBN", "REB", "armed_group"),
        ("IRN-MIL", "Iran (military)", "IRN", "MIL", "state_organ"),
    ]
}
INTENSITY = {"CONSULT": (1, 1.0), "AID": (2, 7.0), "ACCUSE": (3, -2.0), "ASSAULT": (4, -10.0)}
_n = iter(range(1, 10_000))


def _m(code: str) -> Mention:
    return Mention(E[code], E[code].name, 0, 3)


def ev(
    kind: str, actor: list[str], recipient: list[str], mediator: tuple[str, ...] = (),
    modality: str = "asserted",
) -> Event:  # fmt: skip
    quad, intensity = INTENSITY[kind]
    n = next(_n)
    return Event(
        id=f"d-s{n}-e1", doc_id="d", event=kind, quad_code=quad, intensity=intensity,
        actor=[_m(a) for a in actor], recipient=[_m(r) for r in recipient],
        sentence=f"Sentence {n} about {kind}.", sentence_start=n * 40, sentence_end=n * 40 + 30,
        mediator=[_m(m) for m in mediator], modality=modality, date="2024-01",
    )  # fmt: skip


def link(kind: str, a: str, b: str, issue: str | None = None) -> Link:
    n = next(_n)
    return Link(
        id=f"d-l{n}-1", doc_id="d", kind=kind, a=_m(a), b=_m(b), sentence=f"Tie {n}.",
        sentence_start=n * 40, sentence_end=n * 40 + 6, issue=issue,
    )  # fmt: skip


@pytest.fixture(scope="module")
def graph() -> nx.Graph:
    events = [
        ev("CONSULT", ["USA"], ["IRN"], mediator=("OMN",)),
        ev("CONSULT", ["IRN-MIL"], ["USA"], mediator=("OMN",)),
        ev("AID", ["IRN"], ["TALIBAN"]),
        ev("ASSAULT", ["IRN", "TALIBAN"], ["ISKP"]),
        ev("AID", ["IRN"], ["SYR"]),
        ev("AID", ["RUS"], ["SYR"]),
        ev("ACCUSE", ["IRN"], ["RUS"]),
        ev("ASSAULT", ["USA"], ["ISKP"], modality="hypothetical"),
    ]
    links = [link("patronage", "IRN", "HEZBOLLAH"), link("dispute", "IRN", "TALIBAN", "water")]
    return build_network(events, links)


def test_nodes_are_parties_and_edges_carry_counts_kinds_and_signs(graph: nx.Graph) -> None:
    assert "IRN-MIL" not in graph and graph.nodes["IRN"]["label"] == "Iran"
    usa_irn = graph.edges["IRN", "USA"]
    assert (usa_irn["cooperation"], usa_irn["conflict"], usa_irn["sign"]) == (2, 0, 1)
    assert usa_irn["mediators"] == "OMN" and "mediation" in usa_irn["kinds"].split(";")
    tal = graph.edges["IRN", "TALIBAN"]
    assert tal["issues"] == "water" and {"cooperation", "dispute"} <= set(tal["kinds"].split(";"))
    assert graph.edges["IRN", "RUS"]["sign"] == -1
    patron = graph.edges["HEZBOLLAH", "IRN"]
    assert (patron["sign"], patron["patron"], patron["events"]) == (1, "IRN", 0)
    assert "score" not in patron  # no asserted event: the sign comes from the stated tie
    hypothetical = graph.edges["ISKP", "USA"]
    assert (hypothetical["sign"], hypothetical["speculative"], hypothetical["events"]) == (0, 1, 0)
    assert graph.edges["OMN", "USA"]["mediates"] == "IRN–USA"


def test_common_friends_and_enemies(graph: nx.Graph) -> None:
    found = common_neighbours(graph, "IRN", "TALIBAN")
    assert [(c.third, c.kind) for c in found] == [("ISKP", "enemy")]
    assert found[0].describe("Iran", "the Taliban") == (
        "Iran and the Taliban are both in conflict with Islamic State Khorasan Province"
    )
    assert found[0].evidence and found[0].evidence[0]["event_id"]
    divided = common_neighbours(graph, "IRN", "RUS")
    assert [(c.third, c.kind) for c in divided] == [("SYR", "friend")]
    assert shared_enemies(graph)[("IRN", "TALIBAN")] == ["ISKP"]
    assert common_neighbours(graph, "IRN", "NOWHERE") == []


def test_unbalanced_triads_are_tension_points(graph: nx.Graph) -> None:
    triads = tension_triads(graph)
    assert [(t.nodes, t.pattern) for t in triads] == [(("IRN", "RUS", "SYR"), "++-")]
    assert triads[0].describe(graph) == (
        "Syria is on good terms with both Iran and Russia, who are at odds"
    )
    # Iran, the Taliban and ISKP: two friends against one enemy is balanced, not reported.
    assert all(set(t.nodes) != {"IRN", "TALIBAN", "ISKP"} for t in triads)


def test_all_negative_triads_only_on_request() -> None:
    g = build_network([ev("ACCUSE", ["IRN"], ["USA"]), ev("ACCUSE", ["USA"], ["RUS"]),
                       ev("ACCUSE", ["RUS"], ["IRN"])])  # fmt: skip
    assert [t.pattern for t in tension_triads(g)] == ["---"]
    assert tension_triads(g, include_all_negative=False) == []


def test_brokers_mediate_or_bridge(graph: nx.Graph) -> None:
    found = brokers(graph)
    assert found[0].key == "OMN" and found[0].mediates == ["Iran–United States"]
    by_key = {b.key: b for b in found}
    assert by_key["IRN"].betweenness > 0 and not by_key["IRN"].mediates
    assert "USA" not in by_key or by_key["USA"].betweenness < by_key["IRN"].betweenness


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_graph_files_keep_attributes(graph: nx.Graph, fmt: str, tmp_path: Path) -> None:
    path = tmp_path / f"net.{fmt}"
    write_network(graph, fmt, path)
    back = nx.read_gexf(path) if fmt == "gexf" else nx.read_graphml(path)
    assert set(back.nodes) == set(graph.nodes)
    assert back.number_of_edges() == graph.number_of_edges()
    assert back.nodes["IRN"]["label"] == "Iran" and back.nodes["OMN"]["mediated"] == 1
    edge = back.edges["IRN", "TALIBAN"]
    assert edge["sign"] == 1 and edge["issues"] == "water" and edge["cooperation"] == 1
    assert isinstance(edge["score"], float) and edge["score"] == pytest.approx(7.0)
    assert json.loads(edge["evidence"])[0]["doc_id"] == "d"


def test_unknown_graph_format(graph: nx.Graph, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="gexf, graphml"):
        write_network(graph, "dot", tmp_path / "x.dot")


# ---- on the sample corpus ----------------------------------------------------------------


def test_sample_network_is_consistent_with_its_events(sample_db: str) -> None:
    g = load_network(sample_db)
    assert {"IRN", "ISR", "USA"} <= set(g.nodes)
    for a, b, d in g.edges(data=True):
        assert d["events"] == d["cooperation"] + d["conflict"]
        assert d["kinds"] or d["speculative"] or d["negated"], (a, b)
        assert json.loads(d["evidence"]) or not d["kinds"], (a, b)
    mediators = {v for _, _, d in g.edges(data=True) for v in d["mediators"].split(";") if v}
    assert mediators and all(g.nodes[m]["mediated"] > 0 for m in mediators)
    assert {b.key for b in brokers(g) if b.mediates} == mediators


def test_period_filter_shrinks_the_network(sample_db: str) -> None:
    everything = load_network(sample_db)
    recent = load_network(sample_db, since="2024-01")
    assert 0 < recent.number_of_edges() < everything.number_of_edges()
    assert recent.graph["since"] == "2024-01"


def test_network_command(sample_db: str) -> None:
    result = runner.invoke(app, ["network", "--db", sample_db, "--pair", "IRN", "USA"])
    assert result.exit_code == 0, result.output
    for heading in ("Brokers", "Tension points", "Shared enemies", "Common friends"):
        assert heading in result.stdout
    as_json = runner.invoke(app, ["network", "--db", sample_db, "--format", "json"])
    data = json.loads(as_json.stdout)
    assert data["nodes"] > 0 and data["brokers"] and {"tensions", "shared_enemies"} <= set(data)


def test_network_command_help_has_an_example() -> None:
    for command in ("network", "export-network", "timeline", "brief", "export-table"):
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0 and "Example: realpolitik " + command in result.stdout


def test_timeline_command(sample_db: str) -> None:
    result = runner.invoke(app, ["timeline", "IRN", "USA", "--db", sample_db, "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows and all(r["asserted"] == r["cooperation"] + r["conflict"] for r in rows)
    turns = runner.invoke(app, ["timeline", "--db", sample_db, "--min-events", "1",
                                "--format", "jsonl"])  # fmt: skip
    assert turns.exit_code == 0
    for row in map(json.loads, turns.stdout.splitlines()):
        assert row["direction"] in ("improvement", "deterioration") and row["evidence"]
    lonely = runner.invoke(app, ["timeline", "IRN", "--db", sample_db])
    assert lonely.exit_code == 2 and "give two actors" in lonely.output
