"""Every command through the CLI runner, with contract output validated against the schemas."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from realpolitik.cli import app

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples" / "corpus"
runner = CliRunner()


def _jsonl(output: str) -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(line) for line in output.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    db = f"sqlite:///{tmp_path_factory.mktemp('cli') / 'demo.db'}"
    result = runner.invoke(app, ["ingest", str(SAMPLES), "--db", db])
    assert result.exit_code == 0, result.output
    return db


def test_ingest_is_idempotent(demo_db: str) -> None:
    again = runner.invoke(app, ["ingest", str(SAMPLES), "--db", demo_db])
    assert again.exit_code == 0
    assert "0 stored, 10 unchanged, 0 failed" in again.output


def test_relations_follow_the_contract(demo_db: str, validator) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["relations", "--db", demo_db])
    assert result.exit_code == 0
    rows = _jsonl(result.stdout)
    assert {r["kind"] for r in rows} >= {"cooperation", "conflict", "mediation", "patronage"}
    for row in rows:
        validator(row, "relation.schema.json")
        assert row["evidence"], "every relation cites a sentence"


def test_events_filters(demo_db: str, validator) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["events", "--db", demo_db, "--actor", "IRN", "--since", "2024-01"])
    assert result.exit_code == 0
    rows = _jsonl(result.stdout)
    assert rows
    for row in rows:
        validator(row, "event.schema.json")
        assert row["date"] >= "2024-01"
        countries = {e["country"] for e in row["actor"] + row["recipient"]} | {
            e["id"] for e in row["actor"] + row["recipient"]
        }
        assert "IRN" in countries


def test_dyad_table_and_jsonl(demo_db: str) -> None:
    table = runner.invoke(app, ["dyad", "IRN", "ISR", "--db", demo_db, "--format", "table"])
    assert table.exit_code == 0 and "IRN – ISR" in table.stdout and "Score by month" in table.stdout
    rows = _jsonl(runner.invoke(app, ["dyad", "IRN", "ISR", "--db", demo_db]).stdout)
    assert rows and all(
        {"IRN", "ISR"} <= {e["country"] for e in r["actor"] + r["recipient"]} for r in rows
    )


def test_summary_shows_mediators_and_proxies(demo_db: str) -> None:
    result = runner.invoke(app, ["summary", "--db", demo_db])
    assert result.exit_code == 0
    assert "Mediators" in result.stdout and "Patrons and proxies" in result.stdout
    assert "mediation via" in result.stdout and "“" in result.stdout


def test_actors_and_unknown(demo_db: str) -> None:
    known = _jsonl(runner.invoke(app, ["actors", "--db", demo_db]).stdout)
    assert any(a["id"] == "IRN" and a["events"] > 0 for a in known)
    unknown = runner.invoke(app, ["actors", "--db", demo_db, "--unknown"])
    assert unknown.exit_code == 0
    for row in _jsonl(unknown.stdout):
        assert row["count"] >= 1 and row["example"]


@pytest.mark.parametrize("fmt", ["plover-jsonl", "csv", "parquet"])
def test_export_round_trips(demo_db: str, tmp_path: Path, fmt: str, validator) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / f"events.{fmt}"
    result = runner.invoke(app, ["export", "--db", demo_db, "--format", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    if fmt == "plover-jsonl":
        rows = _jsonl(out.read_text())
        for row in rows:
            validator(row, "event.schema.json")
        count = len(rows)
    else:
        import pyarrow.csv as pcsv
        import pyarrow.parquet as pq

        table = pcsv.read_csv(out) if fmt == "csv" else pq.read_table(out)
        assert {"event", "actor_ids", "recipient_ids", "sentence"} <= set(table.column_names)
        count = table.num_rows
    assert f"{count} events written" in result.output and count > 0


def test_extract_prints_contract_events(tmp_path: Path, validator) -> None:  # type: ignore[no-untyped-def]
    article = tmp_path / "a.txt"
    article.write_text(
        "Israeli warplanes struck Hezbollah positions in southern Lebanon on Tuesday.\n"
    )
    result = runner.invoke(app, ["extract", str(article), "--date", "2024-01-10"])
    assert result.exit_code == 0
    rows = _jsonl(result.stdout)
    assert [r["event"] for r in rows] == ["ASSAULT"]
    validator(rows[0], "event.schema.json")
    assert rows[0]["doc_id"] == "a" and rows[0]["date"] == "2024-01-09"


def test_extract_rejects_a_bad_date(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Iran met Oman.")
    result = runner.invoke(app, ["extract", str(article), "--date", "yesterday"])
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output


def test_classify(tmp_path: Path) -> None:
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text(
        json.dumps(
            {
                "id": "p1",
                "sentence": "Turkish troops shelled Kurdish fighters near the border.",
                "source": "Turkish troops",
                "target": "Kurdish fighters",
            }
        )
        + "\n"
        + json.dumps(
            {
                "id": "p2",
                "sentence": "The foreign minister of Oman met his Iranian counterpart.",
                "source": "The foreign minister of Oman",
                "target": "his Iranian counterpart",
            }
        )
        + "\n"
    )
    result = runner.invoke(app, ["classify", "--input", str(pairs)])
    assert result.exit_code == 0
    rows = {r["id"]: r for r in _jsonl(result.stdout)}
    assert rows["p1"]["event"] == "ASSAULT" and rows["p1"]["quad_code"] == 4
    assert rows["p2"]["event"] == "CONSULT" and rows["p2"]["quad_code"] == 1
    assert set(rows["p1"]) == {"id", "event", "mode", "quad_code", "confidence"}


def test_classify_names_the_bad_line(tmp_path: Path) -> None:
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text('{"id": "1", "sentence": "x", "source": "a", "target": "b"}\n{not json\n')
    result = runner.invoke(app, ["classify", "--input", str(pairs)])
    assert result.exit_code == 1 and f"{pairs}:2:" in result.output


def test_resolve(tmp_path: Path, validator) -> None:  # type: ignore[no-untyped-def]
    names = tmp_path / "names.jsonl"
    lines = [
        {"id": "1", "text": "Iraqi troops"},
        {"id": "2", "text": "the Kremlin"},
        {"id": "3", "text": "Hizballah"},
        {"id": "4", "text": "the Omani foreign minister"},
        {"id": "5", "text": "Taliban", "date": "2023-05-01"},
        {"id": "6", "text": "Helmand River"},
    ]
    names.write_text("".join(json.dumps(x) + "\n" for x in lines))
    result = runner.invoke(app, ["resolve", "--input", str(names)])
    assert result.exit_code == 0
    rows = {r["id"]: r for r in _jsonl(result.stdout)}
    for row in rows.values():
        validator(row, "entity.schema.json")
    assert (rows["1"]["country"], rows["1"]["sector"]) == ("IRQ", "MIL")
    assert (rows["2"]["country"], rows["2"]["sector"]) == ("RUS", "GOV")
    assert (rows["3"]["country"], rows["3"]["kind"]) == ("LBN", "armed_group")
    assert (rows["4"]["country"], rows["4"]["sector"]) == ("OMN", "GOV")
    assert (rows["5"]["country"], rows["5"]["sector"]) == ("AFG", "GOV")
    assert rows["6"]["country"] is None and rows["6"]["sector"] is None


def test_every_command_has_an_example_in_its_help() -> None:
    for command in (
        "ingest",
        "extract",
        "classify",
        "resolve",
        "events",
        "relations",
        "dyad",
        "actors",
        "export",
        "summary",
        "upgrade",
        "brief",
        "timeline",
        "network",
        "export-network",
        "serve",
    ):
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0 and "Example: realpolitik" in result.output, command


def test_events_grouped_fold_reports(demo_db: str) -> None:
    plain = _jsonl(runner.invoke(app, ["events", "--db", demo_db, "--modality", "asserted"]).stdout)
    result = runner.invoke(app, ["events", "--db", demo_db, "--grouped", "--modality", "asserted"])
    assert result.exit_code == 0
    groups = _jsonl(result.stdout)
    assert groups and sum(g["mentions"] for g in groups) == len(plain)
    for group in groups:
        assert group["mentions"] == len(group["members"]) >= 1
        assert 1 <= group["sources"] <= group["mentions"]


def test_upgrade_of_a_current_store_does_nothing(demo_db: str) -> None:
    result = runner.invoke(app, ["upgrade", "--db", demo_db, "--dry-run"])
    assert result.exit_code == 0 and "up to date" in result.output
