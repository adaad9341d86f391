"""The read API over the ingested sample corpus, on SQLite and (when configured) PostgreSQL:
pagination, filters, search, actors, pairs, network, errors, OpenAPI, CORS and headers."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from realpolitik import api
from realpolitik.web import create_app


def _get(client: TestClient, url: str, status: int = 200, **params: Any) -> Any:
    response = client.get(url, params=params)
    assert response.status_code == status, response.text
    return response.json()


def _all(client: TestClient, url: str, **params: Any) -> list[dict[str, Any]]:
    """Every item of a paged list, following next_offset."""
    items: list[dict[str, Any]] = []
    offset: int | None = 0
    while offset is not None:
        page = _get(client, url, limit=7, offset=offset, **params)
        items += page["items"]
        offset = page["next_offset"]
    return items


def _parties(event: dict[str, Any]) -> set[str]:
    return {x for e in event["actor"] + event["recipient"] for x in (e["id"], e["country"])}


def _error(body: dict[str, Any]) -> None:
    assert set(body) == {"error", "detail"} and body["error"]


def test_documents_page_and_total(client: TestClient) -> None:
    first = _get(client, "/api/documents", limit=3)
    assert len(first["items"]) == 3 and first["total"] == 10 and first["next_offset"] == 3
    last = _get(client, "/api/documents", limit=3, offset=9)
    assert len(last["items"]) == 1 and last["next_offset"] is None
    ids = [d["id"] for d in _all(client, "/api/documents")]
    assert len(ids) == len(set(ids)) == 10


def test_document_has_text_sentences_and_events_on_offsets(client: TestClient, validator) -> None:  # type: ignore[no-untyped-def]
    doc = _get(client, "/api/documents/sample-02")
    text = doc["text"]
    assert doc["title"] and doc["date"] == "2023-03-11" and doc["sentences"]
    for s in doc["sentences"]:
        assert text[s["start"] : s["end"]] == s["text"]
    assert doc["events"]
    for event in doc["events"]:
        validator(event, "event.schema.json")
        assert text[event["text_info"]["start"] : event["text_info"]["end"]] == event["sentence"]


def test_unknown_document_and_route_are_json_404(client: TestClient) -> None:
    _error(_get(client, "/api/documents/no-such-doc", 404))
    _error(_get(client, "/api/nothing-here", 404))


def test_event_filters_hold_for_every_item(client: TestClient, validator) -> None:  # type: ignore[no-untyped-def]
    by_actor = _all(client, "/api/events", actor="IRN")
    assert by_actor and all("IRN" in _parties(e) for e in by_actor)
    for event in by_actor:
        validator(event, "event.schema.json")
    pair = _all(client, "/api/events", pair="ISR,IRN")
    assert pair and all({"IRN", "ISR"} <= _parties(e) for e in pair)
    assault = _all(client, "/api/events", type="assault")
    assert assault and all(e["event"] == "ASSAULT" for e in assault)
    quad = _all(client, "/api/events", quad=4)
    assert quad and all(e["quad_code"] == 4 for e in quad)
    negated = _all(client, "/api/events", modality="negated")
    assert all(e["modality"] == "negated" for e in negated)
    period = _all(client, "/api/events", since="2024-01", until="2024-03")
    assert period and all("2024-01" <= e["date"][:7] <= "2024-03" for e in period)


def test_event_pages_add_up_to_the_store(client: TestClient, corpus_url: str) -> None:
    paged = [e["id"] for e in _all(client, "/api/events")]
    stored = [e.id for e in api.events(corpus_url)]
    assert paged == stored and len(stored) > 20


@pytest.mark.parametrize(
    "params",
    [{"pair": "IRN"}, {"type": "HUG"}, {"quad": 5}, {"modality": "maybe"}, {"since": "soon"},
     {"limit": 0}, {"limit": 10_000}, {"offset": -1}],
)  # fmt: skip
def test_bad_event_parameters_are_422(client: TestClient, params: dict[str, Any]) -> None:
    _error(_get(client, "/api/events", 422, **params))


def test_search_finds_words_and_phrases_in_evidence(client: TestClient) -> None:
    phrase = _get(client, "/api/events", q='"PRISONER exchange"', limit=500)
    assert phrase["items"] and phrase["total"] == len(phrase["items"])
    assert all("prisoner exchange" in e["sentence"].lower() for e in phrase["items"])
    words = _get(client, "/api/events", q="Iran drones", limit=500)["items"]
    assert words and all(
        "iran" in e["sentence"].lower() and "drones" in e["sentence"].lower() for e in words
    )
    narrowed = _get(client, "/api/events", q="Iran", actor="ISR", limit=500)["items"]
    assert all("ISR" in _parties(e) and "iran" in e["sentence"].lower() for e in narrowed)
    assert _get(client, "/api/events", q="zzzz-not-there")["items"] == []


def test_actors_with_counts_and_filters(client: TestClient) -> None:
    actors = _all(client, "/api/actors")
    iran = next(a for a in actors if a["id"] == "IRN")
    assert iran["events"] > 0 and iran["mentions"] >= iran["events"] // 2
    groups = _get(client, "/api/actors", kind="armed_group", limit=500)["items"]
    assert groups and all(a["kind"] == "armed_group" for a in groups)
    assert [a["id"] for a in _get(client, "/api/actors", q="hezbol")["items"]] == ["HEZBOLLAH"]
    _error(_get(client, "/api/actors", 422, kind="wizard"))


def test_actor_page_has_aliases_patrons_and_proxies(client: TestClient) -> None:
    iran = _get(client, "/api/actors/IRN")
    assert "Iran" in iran["aliases"] and len(iran["aliases"]) > 3
    proxies = {r["b"]["id"] for r in iran["proxies"]}
    assert "HEZBOLLAH" in proxies or "HOUTHIS" in proxies
    assert all(r["kind"] == "patronage" and r["a"]["id"] == "IRN" for r in iran["proxies"])
    client_id = next(iter(proxies))
    patrons = _get(client, f"/api/actors/{client_id}")["patrons"]
    assert any(r["a"]["id"] == "IRN" for r in patrons)
    _error(_get(client, "/api/actors/NOBODY", 404))


def test_relations_by_kind_and_actor(client: TestClient, validator) -> None:  # type: ignore[no-untyped-def]
    mediation = _all(client, "/api/relations", kind="mediation")
    assert mediation and all(r["kind"] == "mediation" and r["via"] for r in mediation)
    for rel in _all(client, "/api/relations", actor="ISR"):
        validator(rel, "relation.schema.json")
        assert "ISR" in {rel["a"]["country"], rel["b"]["country"], rel["a"]["id"], rel["b"]["id"]}
    _error(_get(client, "/api/relations", 422, kind="friendship"))


def test_pair_timeline_counts_its_events(client: TestClient) -> None:
    pair = _get(client, "/api/pairs/IRN/ISR", limit=500)
    events = pair["events"]["items"]
    assert pair["a"]["name"] == "Iran" and events and pair["events"]["total"] == len(events)
    assert all({"IRN", "ISR"} <= _parties(e) for e in events)
    dated = [e for e in events if e["modality"] == "asserted" and e["date"]]
    assert sum(m["cooperation"] + m["conflict"] for m in pair["timeline"]) == len(dated)
    assert pair["score"] is not None and pair["score"] < 0
    assert pair["relations"] and all(
        {"IRN", "ISR"} <= {r["a"]["id"], r["b"]["id"], r["a"]["country"], r["b"]["country"]}
        for r in pair["relations"]
    )


def test_brief_states_what_the_pair_shows(client: TestClient) -> None:
    pair = _get(client, "/api/pairs/IRN/ISR", limit=500)
    brief = _get(client, "/api/brief/IRN/ISR")
    asserted = sum(1 for e in pair["events"]["items"] if e["modality"] == "asserted")
    assert brief["lines"][0].startswith(f"Iran and Israel: {asserted} reported events")
    assert _get(client, "/api/brief/IRN/NOBODY")["lines"] == [
        "No stored events between Iran and NOBODY."
    ]


def test_network_weights_match_events(client: TestClient, corpus_url: str) -> None:
    net = _get(client, "/api/network")
    nodes = {n["id"] for n in net["nodes"]}
    assert {"IRN", "ISR", "HEZBOLLAH"} <= nodes
    for edge in net["edges"]:
        assert {edge["source"], edge["target"]} <= nodes
        assert edge["events"] == edge["cooperation"] + edge["conflict"]
    edge = next(e for e in net["edges"] if {e["source"], e["target"]} == {"IRN", "ISR"})
    found = api.events(corpus_url, pair=("IRN", "ISR"), modality="asserted")
    assert edge["events"] >= 1 and edge["conflict"] >= 1 and edge["kind"] == "conflict"
    assert edge["events"] <= sum(len(e.actor) * len(e.recipient) for e in found)
    ties = [t["kind"] for e in net["edges"] for t in e["ties"]]
    assert "patronage" in ties and "mediation" in ties


def test_network_filters_narrow_it(client: TestClient) -> None:
    everything = _get(client, "/api/network", modality="all")
    asserted = _get(client, "/api/network")
    total = lambda net: sum(e["events"] for e in net["edges"])  # noqa: E731
    assert total(everything) >= total(asserted) > 0
    old = _get(client, "/api/network", until="2020")
    assert 0 < total(old) < total(asserted)
    assert all(t for e in old["edges"] for t in [e["events"] or e["ties"]])
    _error(_get(client, "/api/network", 422, since="yesterday-ish"))


def test_openapi_lists_every_endpoint(client: TestClient) -> None:
    paths = set(_get(client, "/openapi.json")["paths"])
    assert {
        "/api/documents", "/api/documents/{doc_id}", "/api/events", "/api/actors",
        "/api/actors/{actor_id}", "/api/relations", "/api/pairs/{a}/{b}", "/api/network",
        "/api/brief/{a}/{b}", "/api/ingest", "/api/extract",
    } <= paths  # fmt: skip
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/static/vendor/swagger-ui-bundle.js" in docs.text


def test_cors_closed_unless_configured(client: TestClient, corpus_url: str) -> None:
    origin = {"Origin": "https://analyst.example"}
    closed = client.get("/api/documents", headers=origin)
    assert "access-control-allow-origin" not in closed.headers
    with TestClient(create_app(corpus_url, cors_origins=["https://analyst.example"])) as open_:
        allowed = open_.get("/api/documents", headers=origin)
        other = open_.get("/api/documents", headers={"Origin": "https://evil.example"})
    assert allowed.headers["access-control-allow-origin"] == "https://analyst.example"
    assert "access-control-allow-origin" not in other.headers


def test_workbench_page_and_headers(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and "/static/app.js" in page.text
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert page.headers["x-content-type-options"] == "nosniff"
    assert client.get("/static/app.js").status_code == 200
