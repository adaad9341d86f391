"""POLECAT, GDELT 2.0 and ICEWS tables and the network files, written and read back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd
import pytest
from typer.testing import CliRunner

from realpolitik.cli import app
from realpolitik.model import MODALITIES, Document, Entity, Event, Mention
from realpolitik.relations.exports import (
    GDELT_EVENT_COLUMNS,
    GDELT_MENTION_COLUMNS,
    ICEWS_COLUMNS,
    POLECAT_COLUMNS,
    export_network,
    export_table,
)
from realpolitik.store import Store

runner = CliRunner()

IRN_GOV = Entity("IRN", "Iran", "IRN", "GOV", "state", "Q794")
USA = Entity("USA", "United States", "USA", None, "state", "Q30")
OMN = Entity("OMN", "Oman", "OMN", None, "state", "Q842")
HEZ = Entity("HEZBOLLAH", "Hezbollah", "LBN", "REB", "armed_group", "Q41053")
ISR = Entity("ISR", "Israel", "ISR", None, "state", "Q801")


Spec = dict[str, Any]


def _doc(
    doc_id: str, url: str, date: str, lines: list[tuple[str, list[Spec]]]
) -> tuple[Document, list[tuple[int, int, str]], list[Event]]:
    """A document whose sentences are `lines`, each with the events coded in it."""
    text, sentences, events = "", [], []
    for idx, (sentence, specs) in enumerate(lines):
        start = len(text)
        text += sentence + " "
        sentences.append((start, start + len(sentence), sentence))
        for n, spec in enumerate(specs, start=1):
            events.append(_event(f"{doc_id}-s{idx}-e{n}", doc_id, sentence, start, spec))
    return Document(doc_id, text, date=date, url=url), sentences, events


def _mention(entity: Entity, sentence: str, start: int) -> Mention:
    word = entity.name.split()[0]
    at = sentence.find(word)
    return Mention(entity, word, start + max(at, 0), start + max(at, 0) + len(word))


def _event(event_id: str, doc_id: str, sentence: str, start: int, spec: Spec) -> Event:
    return Event(
        id=event_id, doc_id=doc_id, event=spec["type"], quad_code=spec["quad"],
        intensity=spec["intensity"], cameo=spec["cameo"],
        actor=[_mention(a, sentence, start) for a in spec["actor"]],
        recipient=[_mention(r, sentence, start) for r in spec["recipient"]],
        mediator=[_mention(m, sentence, start) for m in spec.get("mediator", [])],
        sentence=sentence, sentence_start=start, sentence_end=start + len(sentence),
        modality=spec.get("modality", "asserted"), date=spec["date"],
        event_text=spec.get("text"), confidence=0.8, location=spec.get("location"),
        context=spec.get("context", []),
    )  # fmt: skip


TALKS = {
    "type": "CONSULT", "quad": 1, "intensity": 1.0, "cameo": "040", "date": "2024-01",
    "actor": [USA], "recipient": [IRN_GOV], "mediator": [OMN], "text": "held talks",
    "location": {"name": "Muscat", "country": "OMN"}, "context": ["diplomatic"],
}  # fmt: skip
ATTACK = {
    "type": "ASSAULT", "quad": 4, "intensity": -10.0, "cameo": "190", "date": "2024-03-02",
    "actor": [HEZ, IRN_GOV], "recipient": [ISR], "text": "fired rockets",
}  # fmt: skip
MIGHT = {**ATTACK, "type": "THREATEN", "quad": 3, "intensity": -6.0, "cameo": "138",
         "modality": "hypothetical", "text": "might strike"}  # fmt: skip


@pytest.fixture(scope="module")
def hand_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    db = f"sqlite:///{tmp_path_factory.mktemp('exports') / 'hand.db'}"
    docs = [
        _doc("a1", "https://www.wire.example/a1", "2024-03-20", [
            ("Officials briefed reporters.", []),
            ("The United States held talks with Iran in Muscat, through Oman.", [TALKS]),
            ("Hezbollah and Iran fired rockets at Israel.", [ATTACK]),
            ("Hezbollah might strike Israel again.", [MIGHT]),
        ]),
        _doc("b2", "https://paper.example/b2", "2024-03-21", [
            ("Intro.", []), ("Filler.", []), ("More filler.", []), ("Still filler.", []),
            ("The United States and Iran held talks in Muscat with Oman's help.", [TALKS]),
        ]),
    ]  # fmt: skip
    with Store(db) as store:
        for doc, sentences, events in docs:
            assert store.save_document(doc, sentences, [], [], events, [])
    return db


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False)


def test_polecat_rows_join_several_actors(hand_db: str, tmp_path: Path) -> None:
    path = tmp_path / "p.tsv"
    assert export_table(hand_db, "polecat-tsv", path) == 3  # the hypothetical is left out
    df = _read(path)
    assert tuple(df.columns) == POLECAT_COLUMNS
    attack = df[df["Event Type"] == "ASSAULT"].iloc[0]
    assert attack["Actor Name"] == "Hezbollah;Iran" and attack["Actor Country"] == "LBN;IRN"
    assert attack["Actor Sectors"] == "REB;GOV" and attack["Primary Actor Sector"] == "REB"
    assert attack["Wikipedia Actor ID"] == "Q41053;Q794" and attack["Event Date"] == "2024-03-02"
    assert attack["Quad Code"] == "4" and float(attack["Event Intensity"]) == -10.0
    talks = df[df["Event ID"] == "a1-s1-e1"].iloc[0]
    assert talks["Event Date"] == "2024-01-01" and talks["Placename"] == "Muscat"
    assert talks["Contexts"] == "diplomatic" and talks["Source"] == "wire.example"
    assert talks["Publication Date"] == "2024-03-20" and "Hezbollah" in talks["Story Organizations"]


def test_gdelt_events_group_the_same_event_across_articles(hand_db: str, tmp_path: Path) -> None:
    events, mentions = tmp_path / "e.tsv", tmp_path / "m.tsv"
    assert export_table(hand_db, "gdelt-events", events) == 3  # talks once; attack per pair
    assert export_table(hand_db, "gdelt-mentions", mentions) == 4
    ev, mn = _read(events), _read(mentions)
    assert tuple(ev.columns) == GDELT_EVENT_COLUMNS and len(GDELT_EVENT_COLUMNS) == 61
    assert tuple(mn.columns) == GDELT_MENTION_COLUMNS and len(GDELT_MENTION_COLUMNS) == 16
    talks = ev[ev["EventCode"] == "040"].iloc[0]
    assert (talks["NumMentions"], talks["NumArticles"], talks["NumSources"]) == ("2", "2", "2")
    assert talks["Actor1Code"] == "USA" and talks["Actor2Code"] == "IRNGOV"
    assert talks["Actor2Type1Code"] == "GOV" and talks["Actor2Name"] == "IRAN"
    assert (talks["SQLDATE"], talks["MonthYear"], talks["Year"]) == ("20240101", "202401", "2024")
    assert (talks["EventBaseCode"], talks["EventRootCode"], talks["QuadClass"]) == (
        "040",
        "04",
        "1",
    )
    assert talks["IsRootEvent"] == "1"  # sentence 1 of a1 is in the lead
    assert talks["ActionGeo_FullName"] == "Muscat" and talks["ActionGeo_CountryCode"] == "OMN"
    assert talks["DATEADDED"] == "20240320000000"
    assert talks["SOURCEURL"] == "https://www.wire.example/a1"
    attack = ev[ev["EventCode"] == "190"]
    assert sorted(attack["Actor1Code"]) == ["IRNGOV", "LBNREB"]
    assert set(attack["GoldsteinScale"].astype(float)) == {-10.0}
    joined = mn.merge(ev, on="GLOBALEVENTID")
    assert len(joined) == len(mn)  # every mention has its event
    talk_mentions = mn[mn["GLOBALEVENTID"] == talks["GLOBALEVENTID"]]
    assert sorted(talk_mentions["SentenceID"]) == ["2", "5"]
    row = talk_mentions[talk_mentions["SentenceID"] == "2"].iloc[0]
    with Store(hand_db) as store:
        doc = store.document("a1")
    assert doc is not None
    doc_text = doc.text
    action = int(row["ActionCharOffset"])
    assert doc_text[action : action + len("held talks")] == "held talks"
    assert doc_text[int(row["Actor1CharOffset"]) :].startswith("United")
    assert row["Confidence"] == "80" and int(row["MentionDocLen"]) == len(doc_text)


def test_icews_rows_one_per_pair(hand_db: str, tmp_path: Path) -> None:
    path = tmp_path / "i.tsv"
    assert export_table(hand_db, "icews-tsv", path) == 4
    df = _read(path)
    assert tuple(df.columns) == ICEWS_COLUMNS
    attack = df[df["CAMEO Code"] == "190"]
    assert list(attack["Event ID"]) == ["a1-s2-e1", "a1-s2-e1.2"]
    assert list(attack["Source Name"]) == ["Hezbollah", "Iran"]
    assert list(attack["Source Country"]) == ["Lebanon", "Iran"]
    assert set(attack["Target Country"]) == {"Israel"} and set(attack["Event Text"]) == {"Fight"}
    assert list(attack["Source Sectors"]) == ["Rebel", "Government"]
    talks = df[df["Event ID"] == "b2-s4-e1"].iloc[0]
    assert talks["Sentence Number"] == "5" and talks["Country"] == "Oman"
    assert talks["Story ID"] == "b2" and talks["Publisher"] == "paper.example"


def test_modalities_on_request(hand_db: str, tmp_path: Path) -> None:
    path = tmp_path / "all.tsv"
    assert export_table(hand_db, "polecat-tsv", path, modalities=MODALITIES) == 4
    assert "THREATEN" in set(_read(path)["Event Type"])
    with pytest.raises(ValueError, match="unknown modality"):
        export_table(hand_db, "polecat-tsv", path, modalities=("maybe",))
    with pytest.raises(ValueError, match="unknown table format"):
        export_table(hand_db, "acled", path)


def test_no_header_and_period(hand_db: str, tmp_path: Path) -> None:
    path = tmp_path / "h.tsv"
    assert export_table(hand_db, "icews-tsv", path, since="2024-03", header=False) == 2
    rows = path.read_text(encoding="utf-8").splitlines()
    assert len(rows) == 2 and rows[0].startswith("a1-s2-e1\t2024-03-02\t")


# ---- on the sample corpus, through the CLI -----------------------------------------------


@pytest.mark.parametrize("fmt", ["polecat-tsv", "gdelt-events", "gdelt-mentions", "icews-tsv"])
def test_export_table_command(sample_db: str, fmt: str, tmp_path: Path) -> None:
    path = tmp_path / f"{fmt}.tsv"
    result = runner.invoke(
        app, ["export-table", "--db", sample_db, "--format", fmt, "-o", str(path)]
    )
    assert result.exit_code == 0, result.output
    df = _read(path)
    assert f"{len(df)} rows written" in result.output
    with Store(sample_db) as store:
        asserted = store.events(modality="asserted")
    if fmt == "polecat-tsv":
        assert sorted(df["Event ID"]) == sorted(e.id for e in asserted)
    elif fmt == "gdelt-events":
        assert df["NumMentions"].astype(int).sum() == len(_read_mentions(sample_db, tmp_path))
        assert set(df["QuadClass"]) <= {"1", "2", "3", "4"}
    else:
        assert len(df) >= len(asserted) - sum(1 for e in asserted if not e.actor or not e.recipient)


def _read_mentions(db: str, tmp_path: Path) -> pd.DataFrame:
    path = tmp_path / "mentions.tsv"
    export_table(db, "gdelt-mentions", path)
    return _read(path)


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_export_network_command(sample_db: str, fmt: str, tmp_path: Path) -> None:
    path = tmp_path / f"net.{fmt}"
    result = runner.invoke(app, ["export-network", "--db", sample_db, "--format", fmt,
                                 "-o", str(path)])  # fmt: skip
    assert result.exit_code == 0, result.output
    g = nx.read_gexf(path) if fmt == "gexf" else nx.read_graphml(path)
    nodes, edges = export_network(sample_db, fmt, tmp_path / f"again.{fmt}")
    assert (g.number_of_nodes(), g.number_of_edges()) == (nodes, edges)
    assert f"{nodes} actors and {edges} ties" in result.output
    assert g.nodes["IRN"]["label"] == "Iran"
    for _, _, d in g.edges(data=True):
        assert d["sign"] in (-1, 0, 1) and d["events"] == d["cooperation"] + d["conflict"]


def test_bad_format_is_a_one_line_error(sample_db: str, tmp_path: Path) -> None:
    result = runner.invoke(app, ["export-table", "--db", sample_db, "--format", "xls",
                                 "-o", str(tmp_path / "x")])  # fmt: skip
    assert result.exit_code == 2 and "unknown table format 'xls'" in result.output
    result = runner.invoke(app, ["export-network", "--db", sample_db, "--format", "dot",
                                 "-o", str(tmp_path / "x")])  # fmt: skip
    assert result.exit_code == 2 and "unknown network format 'dot'" in result.output


# ---- one happening, several reports: counts from the event groups -------------------------

REPORTS = [  # written for this test: two outlets report the same talks a day apart
    {"id": "wire-a", "date": "2024-05-06", "url": "https://wire.example/talks",
     "text": "Iran and the United States held indirect talks in Muscat on Sunday, Iranian "
             "state media reported."},
    {"id": "paper-b", "date": "2024-05-08", "url": "https://www.paper.example/muscat",
     "text": "American and Iranian negotiators met in the Omani capital Muscat on Monday to "
             "discuss the nuclear programme. Israel accused Iran of arming Hezbollah on "
             "Tuesday."},
]  # fmt: skip


def test_gdelt_counts_come_from_event_groups(tmp_path: Path) -> None:
    """The talks are reported on two days and with two place names: one event group, so one
    GDELT event with two mentions in two articles from two sources; the tables read back
    with pandas and join on GLOBALEVENTID."""
    import json

    from realpolitik.api import ingest

    articles = tmp_path / "reports.jsonl"
    articles.write_text("\n".join(json.dumps(r) for r in REPORTS) + "\n", encoding="utf-8")
    db = f"sqlite:///{tmp_path}/groups.db"
    assert ingest([articles], db).ok
    with Store(db) as store:
        talks_groups = store.event_groups(event_type="CONSULT", modality="asserted")
    assert len(talks_groups) == 1 and talks_groups[0]["mentions"] == 2
    events, mentions = tmp_path / "e.tsv", tmp_path / "m.tsv"
    export_table(db, "gdelt-events", events)
    export_table(db, "gdelt-mentions", mentions)
    ev, mn = _read(events), _read(mentions)
    talks = ev[ev["EventRootCode"] == "04"]
    assert len(talks) == 1
    row = talks.iloc[0]
    assert (row["NumMentions"], row["NumArticles"], row["NumSources"]) == ("2", "2", "2")
    assert {row["Actor1Code"], row["Actor2Code"]} == {"IRN", "USA"}
    assert row["SQLDATE"] == "20240505"  # the report with the most precise, earliest date leads
    joined = mn.merge(ev[["GLOBALEVENTID", "NumMentions"]], on="GLOBALEVENTID", how="left")
    assert joined["NumMentions"].notna().all()
    per_event = mn.groupby("GLOBALEVENTID").size()
    counts = zip(ev["GLOBALEVENTID"], ev["NumMentions"], strict=True)
    assert all(per_event[i] == int(n) for i, n in counts)
    accused = ev[ev["EventRootCode"] == "11"].iloc[0]
    assert (accused["NumMentions"], accused["NumArticles"]) == ("1", "1")
    assert set(mn[mn["GLOBALEVENTID"] == row["GLOBALEVENTID"]]["MentionSourceName"]) == {
        "wire.example", "paper.example",
    }  # fmt: skip
