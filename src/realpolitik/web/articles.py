"""Posted articles: clean them as ingest cleans files, code them, and store them or not.

The engine loads on first use (seconds), then stays for the life of the process. Storing
is serialised: each stored article refreshes the relations of the actor pairs it touches,
exactly as `realpolitik ingest` does after a batch, so the API and the CLI leave the same
store behind.
"""

from __future__ import annotations

from realpolitik.api import RelationsUpdate, get_engine
from realpolitik.engine import CodedDocument
from realpolitik.ingest import clean_text, normalise_date
from realpolitik.model import Document, content_hash
from realpolitik.web.errors import ApiError
from realpolitik.web.schemas import ArticleIn, IngestResult
from realpolitik.web.state import WebState


def to_document(article: ArticleIn) -> Document:
    """A Document from posted JSON; 422 for an empty text or a date that is not one."""
    text = clean_text(article.text)
    if not text:
        raise ApiError(422, "empty article", "the text has no article content after cleaning")
    date = None
    if article.date and article.date.strip():
        date = normalise_date(article.date)
        if date is None:
            raise ApiError(
                422, "invalid date", f"{article.date!r} is not a date; use YYYY-MM-DD or YYYY-MM"
            )
    doc_id = (article.id or "").strip() or f"web-{content_hash(text)[:12]}"
    return Document(id=doc_id, text=text, date=date, url=article.url, title=article.title,
                    source="POST /api/ingest")  # fmt: skip


def code(state: WebState, doc: Document) -> CodedDocument:
    with state.engine_lock:
        return get_engine().code_one(doc)


def ingest(state: WebState, article: ArticleIn) -> IngestResult:
    """Code and store one article; a text already stored is left alone (stored=False)."""
    doc = to_document(article)
    with state.ingest_lock:
        if state.store.has_document(doc.hash):
            return IngestResult(id=doc.id, stored=False, events=0)
        coded = code(state, doc)
        update = RelationsUpdate()
        saved = update.save_document(state.store, coded)
        update.apply(state.store)
    return IngestResult(id=doc.id, stored=saved, events=len(coded.events) if saved else 0)
