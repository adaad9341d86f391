"""Posting articles: ingest (stored, token required) and extract (coded on the spot)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Response

from realpolitik.web import articles
from realpolitik.web.schemas import WRITE_ERRORS, ArticleIn, ExtractResult, IngestResult
from realpolitik.web.security import require_local_or_token, require_token
from realpolitik.web.state import WebState, web_state

router = APIRouter(tags=["articles"], responses=WRITE_ERRORS)
State = Annotated[WebState, Depends(web_state)]


@router.post(
    "/ingest",
    response_model=IngestResult,
    status_code=201,
    dependencies=[Depends(require_token)],
    summary="Code and store an article",
)
def post_ingest(article: ArticleIn, state: State, response: Response) -> IngestResult:
    """Needs `Authorization: Bearer <token>`. 201 when stored; 200 with stored=false when
    the same text is already in the store (re-posting is a no-op)."""
    result = articles.ingest(state, article)
    if not result.stored:
        response.status_code = 200
    return result


@router.post(
    "/extract",
    response_model=ExtractResult,
    dependencies=[Depends(require_local_or_token)],
    summary="Code an article without storing it",
)
def post_extract(article: ArticleIn, state: State) -> dict[str, Any]:
    """Open to loopback clients; from elsewhere it needs the bearer token. Offsets in the
    events point into the returned (cleaned) `text`."""
    doc = articles.to_document(article)
    coded = articles.code(state, doc)
    return {"text": doc.text, "date": doc.date, "events": [e.to_contract() for e in coded.events]}
