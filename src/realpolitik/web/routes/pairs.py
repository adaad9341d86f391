"""Two actors: their timeline and events (`realpolitik.api.dyad`), and a short brief."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends

from realpolitik import api
from realpolitik.web import dyads
from realpolitik.web.pagination import PagingDep, page_of
from realpolitik.web.schemas import ERRORS, BriefOut, PairOut
from realpolitik.web.state import WebState, web_state

router = APIRouter(tags=["pairs"], responses=ERRORS)
State = Annotated[WebState, Depends(web_state)]


def _entity(state: WebState, who: str) -> dict[str, Any]:
    row = next((r for r in state.store.actors() if r["id"] == who), None)
    return row or {"id": who, "name": who, "kind": None, "country": who}


def _pair_relations(state: WebState, a: str, b: str) -> list[dict[str, Any]]:
    return [r for r in state.store.relations(actor=a) if dyads.involves(r, b)]


@router.get("/pairs/{a}/{b}", response_model=PairOut, summary="A pair's timeline and events")
def get_pair(a: str, b: str, state: State, paging: PagingDep) -> dict[str, Any]:
    """Events between a and b (ids or country codes, either way round), the score by month
    and the relations the store holds for the pair. limit/offset page the events."""
    dyad = api.dyad(state.db, a, b)
    events = page_of(dyad.events, paging)
    events["items"] = [e.to_contract() for e in events["items"]]
    return {
        "a": _entity(state, a), "b": _entity(state, b), "score": dyad.score,
        "timeline": dyads.timeline(dyad), "relations": _pair_relations(state, a, b),
        "events": events,
    }  # fmt: skip


@router.get("/brief/{a}/{b}", response_model=BriefOut, summary="A short brief on a pair")
def get_brief(a: str, b: str, state: State) -> dict[str, Any]:
    """A few sentences from the pair's events and relations; every figure is from the store."""
    ea, eb = _entity(state, a), _entity(state, b)
    dyad = api.dyad(state.db, a, b)
    lines = dyads.brief((ea["name"], eb["name"]), dyad, _pair_relations(state, a, b))
    return {"a": ea, "b": eb, "lines": lines}
