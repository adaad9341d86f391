"""Coded events, filtered like `realpolitik events`, plus full-text search (`q`)."""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from realpolitik.web import params
from realpolitik.web.pagination import PagingDep, page_from_probe, page_of
from realpolitik.web.schemas import ERRORS, Page
from realpolitik.web.search import search
from realpolitik.web.state import WebState, web_state

router = APIRouter(tags=["events"], responses=ERRORS)
State = Annotated[WebState, Depends(web_state)]


@router.get("/events", response_model=Page, summary="Events, filtered and searched")
def list_events(
    state: State,
    paging: PagingDep,
    actor: Annotated[str | None, Query(description="Actor id or country code.")] = None,
    pair: Annotated[str | None, Query(description="Two actors, either way round: A,B.")] = None,
    type: Annotated[str | None, Query(description="PLOVER event type.")] = None,
    quad: Annotated[int | None, Query(ge=1, le=4, description="Quad class 1-4.")] = None,
    modality: Annotated[str | None, Query(description="asserted, negated, ...")] = None,
    since: Annotated[str | None, Query(description="From this date (YYYY[-MM[-DD]]).")] = None,
    until: Annotated[str | None, Query(description="Up to this date, inclusive.")] = None,
    doc_id: Annotated[str | None, Query(description="Only this document's events.")] = None,
    q: Annotated[str | None, Query(description='Words or "a phrase" in the evidence.')] = None,
) -> dict[str, Any]:
    """Contract events ordered by date; `total` is given when `q` is (the search reads all)."""
    query = partial(
        state.store.events, actor=actor, pair=params.pair(pair),
        event_type=params.event_type(type), quad=quad, modality=params.modality(modality),
        since=params.date("since", since), until=params.date("until", until), doc_id=doc_id,
    )  # fmt: skip
    if q and q.strip():
        page = page_of(search(query(), q), paging)
    else:
        page = page_from_probe(query(limit=paging.limit + 1, offset=paging.offset), paging)
    page["items"] = [e.to_contract() for e in page["items"]]
    return page


@router.get("/event-groups", response_model=Page, summary="Events folded by happening")
def list_event_groups(
    state: State,
    paging: PagingDep,
    actor: Annotated[str | None, Query(description="Actor id or country code.")] = None,
    pair: Annotated[str | None, Query(description="Two actors, either way round: A,B.")] = None,
    type: Annotated[str | None, Query(description="PLOVER event type.")] = None,
    quad: Annotated[int | None, Query(ge=1, le=4, description="Quad class 1-4.")] = None,
    modality: Annotated[str | None, Query(description="asserted, negated, ...")] = None,
    since: Annotated[str | None, Query(description="From this date (YYYY[-MM[-DD]]).")] = None,
    until: Annotated[str | None, Query(description="Up to this date, inclusive.")] = None,
) -> dict[str, Any]:
    """One record per reported happening: mentions (sentences), sources (articles), members."""
    found = state.store.event_groups(
        actor=actor, pair=params.pair(pair), event_type=params.event_type(type), quad=quad,
        modality=params.modality(modality), since=params.date("since", since),
        until=params.date("until", until), limit=paging.limit + 1, offset=paging.offset,
    )  # fmt: skip
    return page_from_probe(found, paging)
