"""POST /api/ingest and /api/extract: tokens, size limits, bad articles, and what lands in
the store, on an empty SQLite store and (when configured) an empty PostgreSQL one."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from realpolitik.store import Store
from realpolitik.web import create_app

ARTICLE = {
    "text": "Iran accused Israel of attacking its embassy in Damascus. The United States "
    "imposed new sanctions on Iran on Tuesday.",
    "date": "2024-04-03",
    "title": "Test article",
    "id": "t-1",
}


@pytest.fixture
def writer(empty_url: str, token: str) -> Iterator[TestClient]:
    with TestClient(create_app(empty_url, token=token, max_upload_bytes=4000)) as c:
        yield c


def _counts(url: str) -> dict[str, int]:
    with Store.from_url(url) as store:
        return store.counts()


def test_ingest_needs_the_token(writer: TestClient, empty_url: str) -> None:
    missing = writer.post("/api/ingest", json=ARTICLE)
    assert missing.status_code == 401 and missing.headers["www-authenticate"] == "Bearer"
    assert missing.json()["error"] == "missing token"
    wrong = writer.post("/api/ingest", json=ARTICLE, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 403 and wrong.json()["error"] == "wrong token"
    assert _counts(empty_url)["documents"] == 0


def test_ingest_is_off_without_a_configured_token(empty_url: str, auth: dict[str, str]) -> None:
    with TestClient(create_app(empty_url)) as c:
        refused = c.post("/api/ingest", json=ARTICLE, headers=auth)
    assert refused.status_code == 403 and "--token" in refused.json()["detail"]


def test_ingest_stores_codes_and_rebuilds_relations(
    writer: TestClient, empty_url: str, auth: dict[str, str]
) -> None:
    first = writer.post("/api/ingest", json=ARTICLE, headers=auth)
    assert first.status_code == 201, first.text
    body = first.json()
    assert body["id"] == "t-1" and body["stored"] and body["events"] >= 1
    doc = writer.get("/api/documents/t-1").json()
    assert doc["date"] == "2024-04-03" and len(doc["events"]) == body["events"]
    assert writer.get("/api/relations").json()["total"] >= 1
    again = writer.post("/api/ingest", json=ARTICLE, headers=auth)
    assert again.status_code == 200 and again.json() == {"id": "t-1", "stored": False, "events": 0}
    assert _counts(empty_url)["documents"] == 1


def test_ingest_without_id_derives_one_from_content(
    writer: TestClient, auth: dict[str, str]
) -> None:
    posted = writer.post("/api/ingest", json={"text": ARTICLE["text"]}, headers=auth).json()
    assert posted["id"].startswith("web-") and posted["stored"]


@pytest.mark.parametrize(
    ("article", "error"),
    [({"text": "   "}, "empty article"), ({"text": "x", "date": "someday"}, "invalid date"),
     ({"text": "Iran met Oman.", "author": "me"}, "invalid request"), ({}, "invalid request")],
)  # fmt: skip
def test_bad_articles_are_422(
    writer: TestClient, article: dict[str, str], error: str, auth: dict[str, str]
) -> None:
    response = writer.post("/api/ingest", json=article, headers=auth)
    assert response.status_code == 422 and response.json()["error"] == error


def test_bodies_over_the_limit_are_413(
    writer: TestClient, empty_url: str, auth: dict[str, str]
) -> None:
    big = {**ARTICLE, "text": "Iran met Oman. " * 400}
    declared = writer.post("/api/ingest", json=big, headers=auth)
    assert declared.status_code == 413 and "4000" in declared.json()["detail"]

    def chunks() -> Iterator[bytes]:  # no Content-Length: the limit counts streamed bytes
        yield b'{"text": "'
        for _ in range(100):
            yield b"Iran met Oman. " * 10
        yield b'"}'

    streamed = writer.post(
        "/api/extract", content=chunks(), headers={**auth, "Content-Type": "application/json"}
    )
    assert streamed.status_code == 413
    assert _counts(empty_url)["documents"] == 0


def test_extract_codes_without_storing(
    writer: TestClient, empty_url: str, validator, auth: dict[str, str]
) -> None:  # type: ignore[no-untyped-def]
    found = writer.post("/api/extract", json=ARTICLE, headers=auth)
    assert found.status_code == 200, found.text
    body = found.json()
    assert body["events"] and body["date"] == "2024-04-03"
    for event in body["events"]:
        validator(event, "event.schema.json")
        start, end = event["text_info"]["start"], event["text_info"]["end"]
        assert body["text"][start:end] == event["sentence"]
    assert _counts(empty_url)["documents"] == 0


def test_extract_is_open_on_loopback_only(empty_url: str, token: str, auth: dict[str, str]) -> None:
    app = create_app(empty_url, token=token)
    with TestClient(app, client=("127.0.0.1", 40000)) as local:
        assert local.post("/api/extract", json=ARTICLE).status_code == 200
    with TestClient(app, client=("203.0.113.9", 40000)) as remote:
        assert remote.post("/api/extract", json=ARTICLE).status_code == 401
        assert remote.post("/api/extract", json=ARTICLE, headers=auth).status_code == 200
    with TestClient(create_app(empty_url), client=("203.0.113.9", 40000)) as no_token:
        assert no_token.post("/api/extract", json=ARTICLE).status_code == 403
