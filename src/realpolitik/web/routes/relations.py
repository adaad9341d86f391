"""Relations between actor pairs, as the contract gives them, with their evidence."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from realpolitik.web import params
from realpolitik.web.pagination import PagingDep, page_of
from realpolitik.web.schemas import ERRORS, Page
from realpolitik.web.state import WebState, web_state

router = APIRouter(tags=["relations"], responses=ERRORS)
State = Annotated[WebState, Depends(web_state)]


@router.get("/relations", response_model=Page, summary="Relations")
def list_relations(
    state: State,
    paging: PagingDep,
    kind: Annotated[str | None, Query(description="cooperation, conflict, mediation, ...")] = None,
    actor: Annotated[str | None, Query(description="Actor id or country on any side.")] = None,
) -> dict[str, Any]:
    """Contract relations, strongest first within each kind."""
    return page_of(state.store.relations(kind=params.relation_kind(kind), actor=actor), paging)
