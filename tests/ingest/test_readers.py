"""read_documents: files, directories, JSONL and stdin to Documents, bad input to IngestError."""

from __future__ import annotations

import io
import json
import logging
import pickle
import sys
from pathlib import Path

import pytest

from realpolitik.ingest import IngestError, normalise_date, read_documents
from realpolitik.model import Document

BODY = (
    "Iran and Russia agreed on Tuesday to expand military cooperation in Syria, "
    "officials in both capitals said after talks in Moscow."
)
SEED = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "002_5483e36b42aa1243.txt"

HTML = """<!DOCTYPE html>
<html><head>
<title>Peace talks in Geneva | Example News</title>
<meta property="og:title" content="Peace talks in Geneva">
<meta property="article:published_time" content="2024-03-20T10:00:00Z">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article>
<h1>Peace talks in Geneva</h1>
<p>Delegations from Iran and Russia met in Geneva on Tuesday to discuss the future of Syria
and the shape of its institutions after more than a decade of war.</p>
<p>The talks, mediated by the United Nations special envoy, ended without an agreement,
but both sides pledged to return next month with new proposals on a ceasefire.</p>
<p>READ: Earlier rounds in Astana</p>
<p>Turkey, which backs several rebel groups in the north, sent observers to the meeting and
said it would support any deal that protected civilians in Idlib province.</p>
</article>
<footer>Copyright 2024 Example News</footer>
</body></html>
"""


def read(
    *paths: str | Path, date: str | None = None, max_bytes: int = 20_000_000
) -> list[Document | IngestError]:
    return list(read_documents(paths, date=date, max_bytes=max_bytes))


def only_doc(results: list[Document | IngestError]) -> Document:
    assert len(results) == 1, results
    assert isinstance(results[0], Document), results[0]
    return results[0]


def only_error(results: list[Document | IngestError]) -> IngestError:
    assert len(results) == 1, results
    assert isinstance(results[0], IngestError), results[0]
    assert "\n" not in str(results[0])
    return results[0]


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# --- plain text ------------------------------------------------------------------------


def test_plain_text(tmp_path: Path) -> None:
    path = write(tmp_path / "000_d4c7ff6cba1ce668.txt", f"Skip to main content\n\n{BODY}\n")
    doc = only_doc(read(path))
    assert doc.id == "000_d4c7ff6cba1ce668"
    assert doc.text == BODY
    assert (doc.date, doc.url, doc.title) == (None, None, None)
    assert doc.source == str(path)


def test_date_argument_supplies_date_for_text(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", BODY)
    assert only_doc(read(path, date="2024-03-20")).date == "2024-03-20"
    assert only_doc(read(path, date="2024-03")).date == "2024-03"
    assert only_doc(read(path, date="2024")).date == "2024"


@pytest.mark.parametrize("bad", ["yesterday", "2024-13-01", "2024-02-30", "20-03-2024", ""])
def test_malformed_date_argument_raises_before_reading(bad: str) -> None:
    with pytest.raises(ValueError, match="is not a date; use YYYY-MM-DD"):
        read_documents(["does-not-matter.txt"], date=bad)


def test_front_matter(tmp_path: Path) -> None:
    raw = (
        "---\ntitle: Peace talks\ndate: 2024-03-20T08:00:00+03:00\nurl: https://e.org/p\n"
        "id: mee-42\nsource: Example\n---\n\n" + BODY
    )
    doc = only_doc(read(write(tmp_path / "a.txt", raw)))
    assert (doc.id, doc.date, doc.title, doc.url) == (
        "mee-42",
        "2024-03-20",
        "Peace talks",
        "https://e.org/p",
    )
    assert doc.text == BODY


def test_date_argument_wins_over_front_matter(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", f"---\ndate: 2024-03-20\n---\n{BODY}")
    assert only_doc(read(path, date="2023-01-02")).date == "2023-01-02"


def test_malformed_front_matter_date(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", f"---\ndate: soon\n---\n{BODY}")
    err = only_error(read(path))
    assert str(err).startswith(f"{path}: front-matter date 'soon' is not a date")


# --- HTML ------------------------------------------------------------------------------


def test_html_metadata_and_paragraphs(tmp_path: Path) -> None:
    doc = only_doc(read(write(tmp_path / "page.html", HTML)))
    assert doc.id == "page"
    assert doc.date == "2024-03-20"
    assert doc.title == "Peace talks in Geneva"
    assert "Delegations from Iran and Russia met in Geneva" in doc.text
    assert "READ:" not in doc.text and "Home" not in doc.text
    paragraphs = doc.text.split("\n\n")
    assert any(p.startswith("The talks, mediated by the United Nations") for p in paragraphs)
    assert any(p.startswith("Turkey, which backs") for p in paragraphs)


def test_html_date_argument_wins(tmp_path: Path) -> None:
    path = write(tmp_path / "page.htm", HTML)
    assert only_doc(read(path, date="2024-01-05")).date == "2024-01-05"


def test_html_sniffed_from_content(tmp_path: Path) -> None:
    doc = only_doc(read(write(tmp_path / "saved_page", HTML)))
    assert doc.title == "Peace talks in Geneva"
    assert "<p>" not in doc.text


def test_html_without_article_text(tmp_path: Path) -> None:
    path = write(tmp_path / "broken.html", "<html><body><div><span></div></body>")
    err = only_error(read(path))
    assert err.path == str(path)
    assert "no article text found in HTML" in err.message


# --- JSONL -----------------------------------------------------------------------------


def jsonl(*records: object) -> str:
    return "\n".join(r if isinstance(r, str) else json.dumps(r) for r in records) + "\n"


def test_jsonl_records(tmp_path: Path) -> None:
    path = write(
        tmp_path / "batch.jsonl",
        jsonl(
            {
                "id": "a",
                "text": f"READ: x\n\n{BODY}",
                "date": "2024-03-20",
                "url": "u",
                "title": "T",
            },
            "",
            {"id": 7, "text": BODY},
        ),
    )
    first, second = read(path)
    assert isinstance(first, Document) and isinstance(second, Document)
    assert (first.id, first.text, first.date, first.url, first.title) == (
        "a",
        BODY,
        "2024-03-20",
        "u",
        "T",
    )
    assert first.source == f"{path}:1"
    assert (second.id, second.date, second.source) == ("7", None, f"{path}:3")


def test_jsonl_record_date_wins_over_argument(tmp_path: Path) -> None:
    path = write(
        tmp_path / "b.ndjson",
        jsonl({"id": "a", "text": BODY, "date": "2024-03-20"}, {"id": "b", "text": BODY}),
    )
    dated, undated = read(path, date="2020-01-01")
    assert isinstance(dated, Document) and isinstance(undated, Document)
    assert dated.date == "2024-03-20"
    assert undated.date == "2020-01-01"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('{"id": "x", "text": "unterminated', "not valid JSON"),
        ('["id", "text"]', "a JSON list, not an object"),
        ('{"id": "x"}', 'missing "text"'),
        ('{"text": "Body."}', 'missing "id"'),
        ('{"id": "", "text": "Body."}', 'missing "id"'),
        ('{"id": "x", "text": 42}', '"text" is a int, not a string'),
        ('{"id": "x", "text": "Body.", "date": "someday"}', "date 'someday' is not a date"),
        ('{"id": "x", "text": "Body.", "date": 2024}', '"date" is a int, not a string'),
        ('{"id": "x", "text": "  Advertisement  "}', "empty document"),
    ],
)
def test_jsonl_broken_line_reports_line_and_goes_on(
    tmp_path: Path, line: str, expected: str
) -> None:
    path = write(
        tmp_path / "c.jsonl", jsonl({"id": "ok1", "text": BODY}, line, {"id": "ok2", "text": BODY})
    )
    first, error, last = read(path)
    assert isinstance(first, Document) and isinstance(last, Document)
    assert (first.id, last.id) == ("ok1", "ok2")
    assert isinstance(error, IngestError)
    assert (error.path, error.line) == (str(path), 2)
    assert str(error).startswith(f"{path}:2: ")
    assert expected in error.message
    assert "\n" not in str(error)


def test_jsonl_size_limit_is_per_line(tmp_path: Path) -> None:
    small = {"id": "s", "text": BODY}
    big = {"id": "b", "text": "word " * 200}
    path = write(tmp_path / "d.jsonl", jsonl(small, big, small, small))
    assert path.stat().st_size > 500
    results = read(path, max_bytes=500)
    assert [type(r).__name__ for r in results] == [
        "Document",
        "IngestError",
        "Document",
        "Document",
    ]
    error = results[1]
    assert isinstance(error, IngestError) and error.line == 2
    assert "over the 500 bytes limit per record" in error.message


def test_jsonl_sniffed_from_content(tmp_path: Path) -> None:
    path = write(tmp_path / "export.txt", jsonl({"id": "a", "text": BODY}))
    doc = only_doc(read(path))
    assert (doc.id, doc.source) == ("a", f"{path}:1")


def test_empty_jsonl(tmp_path: Path) -> None:
    assert "empty document" in only_error(read(write(tmp_path / "e.jsonl", "\n\n"))).message


# --- bad files -------------------------------------------------------------------------


def test_missing_path_then_reading_goes_on(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    good = write(tmp_path / "good.txt", BODY)
    error, doc = read(missing, good)
    assert isinstance(error, IngestError) and isinstance(doc, Document)
    assert str(error) == f"{missing}: No such file or directory; check the path"


@pytest.mark.parametrize("content", ["", "   \n\t\n", "Skip to main content\nAdvertisement\n"])
def test_empty_document(tmp_path: Path, content: str) -> None:
    path = write(tmp_path / "empty.txt", content)
    assert str(only_error(read(path))).startswith(f"{path}: empty document")


@pytest.mark.parametrize(
    "data",
    [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(100), bytes(range(1, 32)) * 50 + b"text"],
)
def test_binary_file(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(data)
    err = only_error(read(path))
    assert (
        str(err)
        == f"{path}: looks binary (not text, HTML or JSONL); pass a .txt, .html or .jsonl file"
    )


def test_binary_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    path.write_bytes(bytes(2000))
    assert "looks binary" in only_error(read(path)).message


def test_file_over_size_limit_checked_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:
        f.truncate(52_400_000)  # sparse: stat says 52.4 MB, nothing is written
    err = only_error(read(path))
    assert str(err) == (
        f"{path}: is 52.4 MB, over the 20 MB limit per article; split it or pass JSONL"
    )


def test_latin1_text_is_decoded_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("Talks in Zürich ended on Friday – “quietly”.".encode("cp1252"))
    with caplog.at_level(logging.WARNING, logger="realpolitik.ingest"):
        doc = only_doc(read(path))
    assert doc.text == "Talks in Zürich ended on Friday – “quietly”."
    assert any(str(path) in r.getMessage() and "cp1252" in r.getMessage() for r in caplog.records)


def test_cyrillic_cp1251_is_not_read_as_cp1252(tmp_path: Path) -> None:
    text = "Министр иностранных дел России Сергей Лавров заявил во вторник о переговорах."
    path = tmp_path / "ru.txt"
    path.write_bytes(text.encode("cp1251"))
    assert only_doc(read(path)).text == text


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16"])
def test_unicode_with_bom(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(f"{BODY}\nZürich".encode(encoding))
    assert only_doc(read(path)).text == f"{BODY}\nZürich"


# --- directories and stdin -------------------------------------------------------------


def test_directory_walk_is_sorted_recursive_and_skips_hidden(tmp_path: Path) -> None:
    for name in ["b.txt", "a.txt", "sub/c.txt", "sub/a.txt", ".hidden.txt", ".git/x.txt", "z~"]:
        write(tmp_path / name, BODY)
    ids = [only_doc([r]).source for r in read(tmp_path)]
    assert ids == [str(tmp_path / n) for n in ["a.txt", "b.txt", "sub/a.txt", "sub/c.txt"]]


def test_empty_directory(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert "directory has no files" in only_error(read(tmp_path / "empty")).message


def test_stdin_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(f"READ: x\n{BODY}\n"))
    doc = only_doc(read("-", date="2024-03-20"))
    assert (doc.id, doc.text, doc.date, doc.source) == ("stdin", BODY, "2024-03-20", "<stdin>")


def test_stdin_jsonl(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(jsonl({"id": "a", "text": BODY}, "{oops")))
    doc, error = read("-")
    assert isinstance(doc, Document) and doc.source == "<stdin>:1"
    assert isinstance(error, IngestError) and str(error).startswith("<stdin>:2: not valid JSON")


# --- errors and dates ------------------------------------------------------------------


def test_ingest_error_shape() -> None:
    err = IngestError("a.jsonl", "not valid JSON\n(bad); fix it", line=3)
    assert str(err) == "a.jsonl:3: not valid JSON (bad); fix it"
    copy = pickle.loads(pickle.dumps(err))
    assert (copy.path, copy.line, copy.message) == ("a.jsonl", 3, err.message)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-20", "2024-03-20"),
        ("2024-3-5", "2024-03-05"),
        ("2024/03/20", "2024-03-20"),
        ("20240320", "2024-03-20"),
        ("2024-03-20T10:00:00Z", "2024-03-20"),
        ("2024-03-20 23:30:00 -0500", "2024-03-20"),
        ("2024-03", "2024-03"),
        ("2024", "2024"),
        ("March 20, 2024", "2024-03-20"),
        ("20 Mar 2024", "2024-03-20"),
        ("March 2024", "2024-03"),
        ("Wed, 20 Mar 2024 10:00:00 GMT", "2024-03-20"),
        ("2024-02-30", None),
        ("2024-03-20 and more", None),
        ("next week", None),
        ("", None),
    ],
)
def test_normalise_date(value: str, expected: str | None) -> None:
    assert normalise_date(value) == expected


# --- the real seed article -------------------------------------------------------------


def test_seed_article_is_cleaned() -> None:
    if not SEED.exists():
        pytest.skip("../shared not present")
    doc = only_doc(read(SEED))
    assert doc.id == SEED.stem
    assert "Skip to main content" not in doc.text
    assert not any(line.startswith("READ:") for line in doc.text.split("\n"))
    assert any("Securing the Assad regime" in line for line in doc.text.split("\n"))
