"""Stored articles: the list, and one article with its sentences and events."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from realpolitik.web.errors import ApiError
from realpolitik.web.pagination import PagingDep, page_of
from realpolitik.web.schemas import ERRORS, DocumentOut, Page
from realpolitik.web.state import WebState, web_state

router = APIRouter(tags=["documents"], responses=ERRORS)
State = Annotated[WebState, Depends(web_state)]


@router.get("/documents", response_model=Page, summary="Stored articles")
def list_documents(
    state: State,
    paging: PagingDep,
    q: Annotated[str | None, Query(description="Words in the title or id.")] = None,
) -> dict[str, Any]:
    """id, title, date, url and event count of every stored article, oldest first."""
    rows = state.store.documents()
    if q:
        wanted = q.casefold()
        rows = [r for r in rows if wanted in f"{r['id']} {r['title'] or ''}".casefold()]
    return page_of(rows, paging)


@router.get("/documents/{doc_id}", response_model=DocumentOut, summary="One article")
def get_document(doc_id: str, state: State) -> dict[str, Any]:
    """The cleaned text (every offset points into it), its sentences, and its events."""
    doc = state.store.document(doc_id)
    if doc is None:
        raise ApiError(404, "no such document", f"{doc_id!r} is not stored; see /api/documents")
    return {
        "id": doc.id, "title": doc.title, "date": doc.date, "url": doc.url, "text": doc.text,
        "sentences": state.store.sentences(doc_id),
        "events": [e.to_contract() for e in state.store.events(doc_id=doc_id)],
    }  # fmt: skip
