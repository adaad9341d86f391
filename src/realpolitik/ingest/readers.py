"""Paths in, cleaned `Document`s out: files, directories, JSONL and stdin.

Every bad input becomes an `IngestError` yielded in the document's place, so one broken
file or line never stops a batch; the caller decides whether to report or abort.
"""

from __future__ import annotations

import io
import json
import logging
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from realpolitik.ingest.clean import clean_text
from realpolitik.ingest.dates import normalise_date
from realpolitik.ingest.decode import SNIFF_BYTES, decode, looks_binary
from realpolitik.ingest.errors import IngestError
from realpolitik.ingest.frontmatter import parse_front_matter
from realpolitik.ingest.html import extract, looks_like_html
from realpolitik.model import Document

logger = logging.getLogger("realpolitik.ingest")

STDIN = "-"
STDIN_LABEL = "<stdin>"
STDIN_ID = "stdin"
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
_UNICODE = frozenset({"utf-8", "utf-8-sig", "utf-16", "utf-32"})
_DATE_FORMS = "YYYY-MM-DD (or YYYY-MM, YYYY)"
_EMPTY = "empty document (no article text left after cleaning); check the file has text"
_BINARY = "looks binary (not text, HTML or JSONL); pass a .txt, .html or .jsonl file"

Result = Document | IngestError


def read_documents(
    paths: Iterable[str | Path], date: str | None = None, max_bytes: int = 20_000_000
) -> Iterator[Result]:
    """Read every path ('-' for stdin; directories recursively) into Documents or errors.

    `date` supplies the publication date: it wins over HTML metadata and front matter,
    but a JSONL record's own date wins over it. A malformed `date` raises ValueError
    here, before anything is read; bad files never raise, they yield an IngestError.
    """
    explicit = None
    if date is not None:
        explicit = normalise_date(date)
        if explicit is None:
            raise ValueError(f"--date {date!r} is not a date; use {_DATE_FORMS}")
    if max_bytes <= 0:
        raise ValueError(f"max_bytes must be positive, got {max_bytes}")
    return _read_all(paths, explicit, max_bytes)


def _read_all(paths: Iterable[str | Path], date: str | None, max_bytes: int) -> Iterator[Result]:
    for item in paths:
        if str(item) == STDIN:
            yield from _read_stdin(date, max_bytes)
        else:
            yield from _read_path(Path(item), date, max_bytes)


def _read_path(path: Path, date: str | None, max_bytes: int) -> Iterator[Result]:
    if path.is_dir():
        yield from _read_dir(path, date, max_bytes)
        return
    try:
        yield from _read_file(path, date, max_bytes)
    except OSError as err:
        yield _os_error(str(path), err)


def _read_dir(root: Path, date: str | None, max_bytes: int) -> Iterator[Result]:
    found = False
    for entry in _walk(root, set()):
        if isinstance(entry, IngestError):
            yield entry
            continue
        found = True
        yield from _read_path(entry, date, max_bytes)
    if not found:
        yield IngestError(str(root), "directory has no files to read; check the path")


def _walk(directory: Path, seen: set[Path]) -> Iterator[Path | IngestError]:
    """Files under `directory` in sorted order, skipping hidden and backup files."""
    try:
        real = directory.resolve()
        entries = sorted(directory.iterdir(), key=lambda p: p.name)
    except OSError as err:
        yield _os_error(str(directory), err)
        return
    if real in seen:  # a symlink loop
        return
    seen.add(real)
    for entry in entries:
        if entry.name.startswith(".") or entry.name.endswith("~"):
            continue
        if entry.is_dir():
            yield from _walk(entry, seen)
        else:
            yield entry


def _read_file(path: Path, date: str | None, max_bytes: int) -> Iterator[Result]:
    label = str(path)
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:  # streamed, so the size limit is per line
        with path.open("rb") as stream:
            yield from _read_jsonl(stream, label, date, max_bytes)
        return
    size = path.stat().st_size
    if size > max_bytes:
        yield _too_big(label, size, max_bytes)
        return
    with path.open("rb") as stream:
        data = stream.read(max_bytes + 1)  # the file may have grown, or be a pipe
    if len(data) > max_bytes:
        yield _too_big(label, len(data), max_bytes)
        return
    yield from _read_bytes(data, label, path.stem, date, max_bytes, suffix in HTML_SUFFIXES)


def _read_stdin(date: str | None, max_bytes: int) -> Iterator[Result]:
    stream = _stdin_bytes()
    head = _peek(stream)
    if not looks_binary(head) and _looks_like_jsonl(head):
        yield from _read_jsonl(stream, STDIN_LABEL, date, max_bytes)
        return
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        yield _too_big(STDIN_LABEL, None, max_bytes)
        return
    yield from _read_bytes(data, STDIN_LABEL, STDIN_ID, date, max_bytes, False)


def _stdin_bytes() -> BinaryIO:
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is not None:
        return buffer
    return io.BytesIO(sys.stdin.read().encode("utf-8"))  # a text-only stand-in (tests)


def _read_bytes(
    data: bytes, label: str, doc_id: str, date: str | None, max_bytes: int, html: bool
) -> Iterator[Result]:
    """One whole file's bytes: binary check, decoding, then HTML, JSONL or plain text."""
    if looks_binary(data):
        yield IngestError(label, _BINARY)
        return
    if not html and _looks_like_jsonl(data[:SNIFF_BYTES]):
        yield from _read_jsonl(io.BytesIO(data), label, date, max_bytes)
        return
    text = _decode(data, label)
    if html or looks_like_html(text):
        yield _from_html(text, label, doc_id, date)
    else:
        yield _from_text(text, label, doc_id, date)


def _from_text(raw: str, label: str, doc_id: str, date: str | None) -> Result:
    meta, body = parse_front_matter(raw)
    text = clean_text(body)
    if not text:
        return IngestError(label, _EMPTY)
    if date is None and meta.get("date"):
        date = normalise_date(meta["date"])
        if date is None:
            return IngestError(
                label, f"front-matter date {meta['date']!r} is not a date; use {_DATE_FORMS}"
            )
    return Document(
        id=meta.get("id") or doc_id,
        text=text,
        date=date,
        url=meta.get("url") or None,
        title=meta.get("title") or None,
        source=label,
    )


def _from_html(raw: str, label: str, doc_id: str, date: str | None) -> Result:
    try:
        page = extract(raw)
    except Exception as err:  # trafilatura/lxml on garbage: report, never crash the batch
        return IngestError(label, f"could not parse HTML ({type(err).__name__}); check the file")
    if page is None:
        return IngestError(label, "no article text found in HTML; check it is an article page")
    text = clean_text(page.text)
    if not text:
        return IngestError(label, _EMPTY)
    page_date = normalise_date(page.date) if page.date else None
    return Document(
        id=doc_id,
        text=text,
        date=date or page_date,
        url=page.url,
        title=page.title,
        source=label,
    )


def _read_jsonl(stream: BinaryIO, label: str, date: str | None, max_bytes: int) -> Iterator[Result]:
    """One document per line; a broken line yields an error and the rest goes on."""
    if looks_binary(_peek(stream)):
        yield IngestError(label, _BINARY)
        return
    warned = False
    seen_any = False
    for number, line, size in _lines(stream, max_bytes):
        seen_any = seen_any or size > 0
        if line is None:
            yield _too_big(label, size, max_bytes, number)
            continue
        if not line.strip():
            continue
        text, encoding = decode(line)
        if encoding not in _UNICODE and not warned:
            logger.warning("%s:%d: not valid UTF-8; decoded as %s", label, number, encoding)
            warned = True
        yield _record(text, label, number, date)
    if not seen_any:
        yield IngestError(label, "empty document (no JSON records); check the file")


def _lines(stream: BinaryIO, max_bytes: int) -> Iterator[tuple[int, bytes | None, int]]:
    """(line number, line or None if over `max_bytes`, size), never holding a huge line."""
    number = 0
    while chunk := stream.readline(max_bytes + 1):
        number += 1
        if len(chunk) <= max_bytes or chunk.endswith(b"\n"):
            yield number, chunk, len(chunk.strip())
            continue
        size = len(chunk)
        while chunk and not chunk.endswith(b"\n"):  # skip the rest of the oversized line
            chunk = stream.readline(1 << 20)
            size += len(chunk)
        yield number, None, size


def _record(text: str, label: str, number: int, date: str | None) -> Result:
    """One JSONL line as a Document: id and text required, date/url/title optional."""
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as err:
        message = f"not valid JSON ({err.msg} at column {err.colno}); fix or remove the line"
        return IngestError(label, message, number)
    return document_from_record(obj, label, date, number)


def document_from_record(
    obj: object, label: str, date: str | None, number: int | None = None
) -> Result:
    """One record {id, text, date?, url?, title?} as a Document, or why it is bad.

    The one set of rules for every reader of records: JSONL lines here, Parquet and Spark
    rows in `realpolitik.scale.records`, so both paths code the same text.
    """

    def bad(message: str) -> IngestError:
        return IngestError(label, message, number)

    if not isinstance(obj, dict):
        return bad(f"a JSON {type(obj).__name__}, not an object; write one {{...}} per line")
    doc_id = obj.get("id")
    if isinstance(doc_id, bool) or not isinstance(doc_id, str | int) or not str(doc_id).strip():
        return bad('missing "id" (a non-empty string); give every record an id')
    raw = obj.get("text")
    if raw is None:
        return bad('missing "text"; give every record its article text')
    if not isinstance(raw, str):
        return bad(f'"text" is a {type(raw).__name__}, not a string; put the article in a string')
    fields: dict[str, str | None] = {}
    for key in ("date", "url", "title"):
        value = obj.get(key)
        if value is not None and not isinstance(value, str):
            return bad(f'"{key}" is a {type(value).__name__}, not a string; quote it')
        fields[key] = value.strip() if value and value.strip() else None
    record_date = fields["date"]
    if record_date is not None:
        record_date = normalise_date(record_date)
        if record_date is None:
            return bad(f"date {fields['date']!r} is not a date; use {_DATE_FORMS}")
    cleaned = clean_text(raw)
    if not cleaned:
        return bad(_EMPTY.replace("the file has", "the record has"))
    return Document(
        id=str(doc_id).strip(),
        text=cleaned,
        date=record_date or date,
        url=fields["url"],
        title=fields["title"],
        source=label if number is None else f"{label}:{number}",
    )


def _decode(data: bytes, label: str) -> str:
    text, encoding = decode(data)
    if encoding not in _UNICODE:
        logger.warning("%s: not valid UTF-8; decoded as %s", label, encoding)
    return text


def _looks_like_jsonl(head: bytes) -> bool:
    """True if the first non-blank line is a JSON object (or, cut off, starts like one)."""
    start = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if not start.startswith(b"{"):
        return False
    first, newline, _ = start.partition(b"\n")
    if not newline and len(head) >= SNIFF_BYTES:
        return True  # a long first line, cut off by the sniff window
    try:
        return isinstance(json.loads(first), dict)
    except ValueError:
        return False


def _peek(stream: BinaryIO, size: int = SNIFF_BYTES) -> bytes:
    peek = getattr(stream, "peek", None)
    if peek is not None:
        return bytes(peek(size)[:size])
    position = stream.tell()
    head = stream.read(size)
    stream.seek(position)
    return head


def _too_big(label: str, size: int | None, max_bytes: int, line: int | None = None) -> IngestError:
    what = "is" if size is None else f"is {_size(size)},"
    unit, fix = ("article", "split it or pass JSONL") if line is None else ("record", "split it")
    return IngestError(label, f"{what} over the {_size(max_bytes)} limit per {unit}; {fix}", line)


def _size(n: int) -> str:
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("KB", 1e3)):
        if n >= scale:
            return f"{n / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{n} bytes"


def _os_error(label: str, err: OSError) -> IngestError:
    if isinstance(err, FileNotFoundError):
        return IngestError(label, "No such file or directory; check the path")
    if isinstance(err, PermissionError):
        return IngestError(label, "permission denied; check the file's permissions")
    return IngestError(label, f"cannot read it ({err.strerror or err}); check the path")
