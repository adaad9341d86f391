"""Stated ties: patronage, alliance, rivalry and dispute, on our own sentences."""

from __future__ import annotations

from realpolitik.model import Document


def _links(engine, text: str):  # type: ignore[no-untyped-def]
    coded = engine.code_one(Document(id="t", text=text, date="2024-03-20"))
    return [(link.kind, link.a.entity.id, link.b.entity.id, link.issue) for link in coded.links]


def test_backed_names_patron_and_client(engine):  # type: ignore[no-untyped-def]
    links = _links(engine, "Iran-backed Houthi rebels fired missiles at ships in the Red Sea.")
    assert ("patronage", "IRN", "HOUTHIS", None) in links


def test_client_keeps_its_own_country(engine):  # type: ignore[no-untyped-def]
    coded = engine.code_one(
        Document(id="t", text="Iran-backed Hezbollah fired rockets at Israel.", date="2024-03-20")
    )
    client = next(link.b for link in coded.links if link.kind == "patronage")
    assert client.entity.id == "HEZBOLLAH" and client.entity.country == "LBN"


def test_proxy_apposition(engine):  # type: ignore[no-untyped-def]
    links = _links(engine, "Iran armed its proxy Hezbollah in Lebanon.")
    assert ("patronage", "IRN", "HEZBOLLAH", None) in links


def test_influence_over_militias(engine):  # type: ignore[no-untyped-def]
    links = _links(engine, "Talks focused on Iran's influence over militias in Iraq and Syria.")
    assert any(kind == "patronage" and a == "IRN" and "REB" in b for kind, a, b, _ in links)


def test_alliance_and_rivalry(engine):  # type: ignore[no-untyped-def]
    assert ("alliance", "RUS", "IRN", None) in _links(
        engine, "The war in Syria brought Russia and Iran together."
    )
    rivals = _links(engine, "Saudi Arabia and Iran have long been regional rivals.")
    assert ("rivalry", "SAU", "IRN", None) in rivals


def test_dispute_with_its_issue(engine):  # type: ignore[no-untyped-def]
    links = _links(engine, "The water dispute between Iran and Afghanistan has worsened.")
    assert ("dispute", "IRN", "AFG", "water") in links


def test_backed_group_is_the_group_named_before(engine):  # type: ignore[no-untyped-def]
    links = _links(
        engine,
        "Hezbollah fired rockets at Israel on Sunday. Israel hit the Iran-backed group on Monday.",
    )
    assert ("patronage", "IRN", "HEZBOLLAH", None) in links
