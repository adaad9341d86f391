"""The analyst's brief: every line cited to a stored sentence, speculation kept apart, HTML
escaped, charts drawn; on hand-built events, the sample corpus and the seeds together."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from realpolitik.api import ingest
from realpolitik.cli import app
from realpolitik.model import Document, Entity, Event, Link, Mention
from realpolitik.relations.brief import brief, render_chart
from realpolitik.store import Store

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
runner = CliRunner()

CITE = re.compile(r"\[([^\[\],]+), (s\d+|@\d+)\]")
SOURCE = re.compile(r"^- \[([^\],]+), (s\d+|@\d+)\][^“]*: “(.*)”$")

IRN = Entity("IRN", "Iran", "IRN", None, "state")
USA = Entity("USA", "United States", "USA", None, "state")
OMN = Entity("OMN", "Oman", "OMN", None, "state")
HOUTHIS = Entity("HOUTHIS", "Houthis", "YEM", "REB", "armed_group")
SENTENCES = [
    ("In January the United States held talks with Iran in Muscat.", "CONSULT", 1, 1.0,
     "2024-01", "asserted", [OMN]),
    ("Iran and the United States agreed on a prisoner swap.", "AGREE", 1, 4.0, "2024-01",
     "asserted", []),
    ("In March <script>alert('x')</script> the United States & allies struck Iran.",
     "ASSAULT", 4, -10.0, "2024-03", "asserted", []),
    ("The United States accused Iran of arming the Houthis.", "ACCUSE", 3, -2.0, "2024-03",
     "asserted", []),
    ("Iran might retaliate against the United States.", "ASSAULT", 4, -10.0, "2024-03",
     "hypothetical", []),
    ("Iran did not agree to new talks with the United States.", "AGREE", 1, 4.0, "2024-03",
     "negated", []),
]  # fmt: skip
TIE = "Iran-backed Houthis kept up their attacks."


def _mention(entity: Entity, text: str, offset: int) -> Mention:
    word = entity.name.split()[-1]
    at = max(text.find(word), 0)
    return Mention(entity, word, offset + at, offset + at + len(word))


def _hand_document() -> tuple[Document, list[tuple[int, int, str]], list[Event], list[Link]]:
    text, sentences, events = "", [], []
    for idx, (sentence, kind, quad, intensity, when, modality, via) in enumerate(SENTENCES):
        start = len(text)
        text += sentence + " "
        sentences.append((start, start + len(sentence), sentence))
        actor, recipient = (IRN, USA) if sentence.startswith("Iran") else (USA, IRN)
        events.append(Event(
            id=f"h-s{idx}-e1", doc_id="h", event=kind, quad_code=quad, intensity=intensity,
            actor=[_mention(actor, sentence, start)],
            recipient=[_mention(recipient, sentence, start)],
            mediator=[_mention(m, sentence, start) for m in via], sentence=sentence,
            sentence_start=start, sentence_end=start + len(sentence), modality=modality,
            date=when, event_text=sentence.split()[2],
        ))  # fmt: skip
    start = len(text)
    text += TIE
    sentences.append((start, start + len(TIE), TIE))
    link = Link(
        id="h-l1-1", doc_id="h", kind="patronage", a=_mention(IRN, TIE, start),
        b=_mention(HOUTHIS, TIE, start), sentence=TIE, sentence_start=start,
        sentence_end=start + len(TIE), date="2024-03-20",
    )  # fmt: skip
    doc = Document("h", text, date="2024-03-20", url="https://example.org/h", title="Hand & <b>")
    return doc, sentences, events, [link]


@pytest.fixture(scope="module")
def hand_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    db = f"sqlite:///{tmp_path_factory.mktemp('brief') / 'hand.db'}"
    doc, sentences, events, links = _hand_document()
    with Store(db) as store:
        assert store.save_document(doc, sentences, [], [], events, links)
    return db


def check_citations(markdown: str, db: str) -> int:
    """Every bullet cites [doc, sentence]; every citation is listed under Sources with a
    sentence that is really there in the stored document. Returns the number of citations."""
    body, sources = markdown.split("\n## Sources\n")
    bullets = [line for line in body.splitlines() if line.lstrip().startswith("- ")]
    assert bullets
    for line in bullets:
        assert CITE.search(line), f"line without citation: {line}"
    listed = {}
    for line in sources.strip().splitlines():
        match = SOURCE.match(line)
        assert match, f"malformed source: {line}"
        listed[(match[1], match[2])] = match[3]
    assert set(CITE.findall(body)) == set(listed)
    with Store(db) as store:
        for (doc_id, where), quoted in listed.items():
            doc = store.document(doc_id)
            assert doc is not None
            said = quoted.rstrip("…")
            assert said in _flat(doc.text)
            if where.startswith("@"):
                assert _flat(doc.text[int(where[1:]) :]).startswith(said)
            else:  # sN: the document's sentence N, as stored (and as event ids number them)
                numbered = {f"s{r['idx']}": r["text"] for r in store.sentences(doc_id)}
                assert said in _flat(numbered[where])
                in_sentence = [e for e in store.events(doc_id=doc_id) if f"-{where}-" in e.id]
                assert all(_flat(e.sentence) == _flat(numbered[where]) for e in in_sentence)
    return len(listed)


def _flat(text: str) -> str:
    return " ".join(text.split())


def _section(markdown: str, title: str) -> str:
    return markdown.split(f"## {title}")[1].split("\n## ")[0]


def test_pair_brief_cites_every_line(hand_db: str) -> None:
    note = brief(hand_db, "IRN", "USA")
    md = note.to_markdown()
    assert check_citations(md, hand_db) == 7  # six event sentences and the stated tie
    assert md.startswith("# Iran – United States")
    summary = _section(md, "Summary")
    assert "4 asserted events (2024-01 … 2024-03), overall mixed, mean intensity -1.75" in summary
    assert summary.index("their relation turns from cooperation to conflict") < summary.index(
        "Events on record"
    )  # the gist comes first
    assert "score trend deteriorating" in summary and "Turn:" in summary
    assert "Oman mediated" in _section(md, "Mediators and proxies involved")
    assert "Oman mediated between Iran and United States" in md
    assert "Iran backs Houthis" in _section(md, "Mediators and proxies involved")


def test_speculation_is_kept_apart(hand_db: str) -> None:
    md = brief(hand_db, "IRN", "USA").to_markdown()
    speculated = _section(md, "What is speculated")
    assert "[hypothetical] Iran ASSAULT United States" in speculated
    assert "[negated] Iran AGREE United States" in speculated
    timeline = _section(md, "Timeline")
    assert "2024-03: 2 asserted (0 cooperation, 2 conflict)" in timeline
    assert "1 speculated; 1 negated" in timeline
    cooperation = _section(md, "Areas of cooperation")
    assert "AGREE: 1 event" in cooperation  # the negated AGREE is not an area of cooperation


def test_html_escapes_article_text(hand_db: str) -> None:
    page = brief(hand_db, "USA", "IRN").to_html(chart="chart.svg")
    assert "<script>" not in page and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "&amp; allies" in page and "Hand &amp; &lt;b&gt;" in page
    assert '<img src="chart.svg"' in page and page.count("<li") >= 10


@pytest.mark.parametrize("suffix", ["png", "svg"])
def test_chart_files(hand_db: str, suffix: str, tmp_path: Path) -> None:
    note = brief(hand_db, "IRN", "USA")
    path = tmp_path / f"chart.{suffix}"
    render_chart(note.periods, path, note.title)
    data = path.read_bytes()
    assert data.startswith(b"\x89PNG") if suffix == "png" else b"<svg" in data[:2000]
    with pytest.raises(ValueError, match=".png or .svg"):
        render_chart(note.periods, tmp_path / "chart.jpg")


def test_actor_brief_and_bad_requests(hand_db: str) -> None:
    md = brief(hand_db, "IRN").to_markdown()
    check_citations(md, hand_db)
    assert "## Partners" in md and "United States: mixed" in md
    with pytest.raises(LookupError, match="no event or stated tie involves XYZ"):
        brief(hand_db, "XYZ")
    with pytest.raises(ValueError, match="same party"):
        brief(hand_db, "IRN", "irn")


# ---- on the sample corpus, through the CLI -----------------------------------------------


def test_brief_command_writes_markdown_html_and_chart(sample_db: str, tmp_path: Path) -> None:
    md, page, chart = tmp_path / "b.md", tmp_path / "b.html", tmp_path / "c.svg"
    result = runner.invoke(app, ["brief", "IRN", "USA", "--db", sample_db, "--out", str(md),
                                 "--html", str(page), "--chart", str(chart)])  # fmt: skip
    assert result.exit_code == 0, result.output
    text = md.read_text(encoding="utf-8")
    assert check_citations(text, sample_db) > 2
    assert "mediated" in _section(text, "Mediators and proxies involved")
    assert '<img src="c.svg"' in page.read_text(encoding="utf-8")
    assert b"<svg" in chart.read_bytes()[:2000]


def test_brief_command_on_one_actor_to_stdout(sample_db: str) -> None:
    result = runner.invoke(app, ["brief", "IRN", "--db", sample_db, "--window", "quarter"])
    assert result.exit_code == 0, result.output
    assert "## Partners" in result.stdout and "Timeline (by quarter)" in result.stdout
    check_citations(result.stdout, sample_db)


def test_brief_command_errors(sample_db: str) -> None:
    unknown = runner.invoke(app, ["brief", "NOWHERE", "--db", sample_db])
    assert unknown.exit_code == 2 and "no event or stated tie involves NOWHERE" in unknown.output
    window = runner.invoke(app, ["brief", "IRN", "--db", sample_db, "--window", "fortnight"])
    assert window.exit_code == 2 and "unknown window" in window.output


# ---- the seeds, ingested together --------------------------------------------------------


def _seed_dates() -> dict[str, str | None]:
    dates: dict[str, str | None] = {}
    for gold in (SHARED / "gold").glob("*.json"):
        data: dict[str, Any] = json.loads(gold.read_text(encoding="utf-8"))
        dates[data["doc"]] = data["publication_date"]
    return dates


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    seeds = sorted(p for n in ("000", "001", "002") for p in (SHARED / "seeds").glob(f"{n}*"))
    if len(seeds) < 3:
        pytest.skip("../shared/seeds/000*, 001*, 002* not present (the seeds live in ../shared)")
    db = f"sqlite:///{tmp_path_factory.mktemp('seeds') / 'seeds.db'}"
    dates = _seed_dates()
    for seed in seeds:  # one store; each seed with its own publication date where gold has it
        assert ingest([seed], db, date=dates.get(seed.name)).stored == 1
    return db


def test_seeds_together_hold_russia_iran(seeds_db: str) -> None:
    with Store(seeds_db) as store:
        rels = [
            r
            for r in store.relations(actor="RUS")
            if {r["a"]["country"], r["b"]["country"]} == {"RUS", "IRN"}
        ]
    assert rels, "the Russia–Iran pair has relations"
    assert all(r["evidence"] for r in rels)
    result = runner.invoke(app, ["brief", "IRN", "RUS", "--db", seeds_db])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# Iran – Russia")
    check_citations(result.stdout, seeds_db)


def test_seed_brief_reads_as_a_note(seeds_db: str) -> None:
    """Iran–Russia from the seeds: the gist leads and names the stated turn, the turn cites
    its statements, a stated tie is listed once per section, and the proxies come from the
    article about the pair only."""
    md = brief(seeds_db, "IRN", "RUS").to_markdown()
    summary = _section(md, "Summary")
    first = summary.strip().splitlines()[0]
    assert first.startswith("- Iran and Russia are stated to be aligned")
    assert "turns from cooperation to strain (stated in the text)" in first
    assert "Turn: Iran – Russia: cooperation → strain" in summary
    assert "Stated tie" not in summary  # the ties are in the sections below, not repeated here
    for title in ("Areas of cooperation", "Disputes and their issues"):
        lines = [x for x in _section(md, title).splitlines() if x.startswith("- ")]
        assert len(lines) == len(set(lines))
    proxies = _section(md, "Mediators and proxies involved")
    pair_docs = {d for d, _ in CITE.findall(summary)}
    assert {d for d, _ in CITE.findall(proxies)} <= pair_docs
    assert "@" not in "".join(w for _, w in CITE.findall(md))  # every sentence by number
