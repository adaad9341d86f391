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


def test_proxy_of_the_sentence_subject_across_a_colon(engine):  # type: ignore[no-untyped-def]
    text = (
        "Iran expanded its role in Yemen for two reasons: these were showing its reach and "
        "supplying its proxy the Houthis with drones."
    )
    assert ("patronage", "IRN", "HOUTHIS", None) in _links(engine, text)
    two = "Iran and Saudi Arabia competed in Yemen: this meant supplying its proxy the Houthis."
    assert not any(kind == "patronage" for kind, *_ in _links(engine, two))


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


def test_divergence_of_a_pair(engine):  # type: ignore[no-untyped-def]
    """Stated turns apart, with the pair named, coordinated, or standing behind "their"."""
    assert ("divergence", "EGY", "ARE", None) in _links(
        engine, "Cairo and Abu Dhabi are drifting apart over Sudan."
    )
    assert ("divergence", "TUR", "QAT", None) in _links(
        engine, "A growing rift between Turkey and Qatar worried diplomats."
    )
    assert ("divergence", "EGY", "TUR", None) in _links(
        engine, "Relations between Egypt and Turkey soured last year."
    )
    assert ("divergence", "EGY", "ARE", None) in _links(
        engine,
        "The war in Libya drew Egypt and the United Arab Emirates together. "
        "Their strategic aims now appear to be slowly diverging.",
    )


def test_no_divergence_without_a_turn(engine):  # type: ignore[no-untyped-def]
    """Speculation is no turn, and standing differences are no turn either."""
    kinds = {k for k, *_ in _links(engine, "The dispute could drive Egypt and Ethiopia apart.")}
    assert "divergence" not in kinds
    kinds = {k for k, *_ in _links(engine, "Differences between Egypt and Ethiopia remain.")}
    assert "divergence" not in kinds


def test_rivalry_between_the_two_allies(engine):  # type: ignore[no-untyped-def]
    """One span standing for both sides ("the two allies") still gives a pair."""
    links = _links(
        engine,
        "The war in Libya drew Egypt and the United Arab Emirates together. "
        "Their competing aims only increase the rivalry between the two allies.",
    )
    assert ("alliance", "EGY", "ARE", None) in links
    assert ("rivalry", "EGY", "ARE", None) in links


def test_enmity_apart_from_rivalry(engine):  # type: ignore[no-untyped-def]
    """Enemies and adversaries are stated enmity; rivals stay rivals."""
    assert ("enmity", "EGY", "ETH", None) in _links(engine, "Egypt and Ethiopia are old enemies.")
    assert ("enmity", "EGY", "ETH", None) in _links(
        engine,
        "The summit showed Egypt's resolve to build partnerships across Africa against "
        "their shared foe, Ethiopia.",
    )
    rivals = _links(engine, "Saudi Arabia and Iran have long been regional rivals.")
    assert {k for k, *_ in rivals} == {"rivalry"}
