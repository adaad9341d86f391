"""Actors: the list with counts, and one actor's aliases, relations, patrons and proxies."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from realpolitik.model import ENTITY_KINDS
from realpolitik.web.errors import ApiError
from realpolitik.web.pagination import PagingDep, page_of
from realpolitik.web.schemas import ERRORS, ActorOut, Page
from realpolitik.web.state import WebState, web_state

router = APIRouter(tags=["actors"], responses=ERRORS)
State = Annotated[WebState, Depends(web_state)]


@router.get("/actors", response_model=Page, summary="Actors with counts")
def list_actors(
    state: State,
    paging: PagingDep,
    q: Annotated[str | None, Query(description="Words in the id or name.")] = None,
    kind: Annotated[str | None, Query(description="state, person, armed_group, ...")] = None,
) -> dict[str, Any]:
    """Every stored actor with its mention and event counts, busiest first."""
    if kind is not None and kind not in ENTITY_KINDS:
        raise ApiError(422, "invalid parameter 'kind'", f"use one of {', '.join(ENTITY_KINDS)}")
    rows = state.store.actors()
    if kind:
        rows = [r for r in rows if r["kind"] == kind]
    if q:
        wanted = q.casefold()
        rows = [r for r in rows if wanted in f"{r['id']} {r['name']}".casefold()]
    return page_of(rows, paging)


@router.get("/actors/{actor_id}", response_model=ActorOut, summary="One actor")
def get_actor(actor_id: str, state: State) -> dict[str, Any]:
    """Its snapshot and counts, the names it was seen under, and its relations split into
    patrons (who back it), proxies (whom it backs) and the pairs it mediates between."""
    row = next((r for r in state.store.actors() if r["id"] == actor_id), None)
    if row is None:
        raise ApiError(404, "no such actor", f"{actor_id!r} is not stored; see /api/actors")
    rels = [r for r in state.store.relations(actor=actor_id) if _involves(r, actor_id, row)]

    def side(r: dict[str, Any], key: str) -> bool:
        return _is(r[key], actor_id, row)

    return {
        "actor": row,
        "aliases": state.store.aliases(actor_id),
        "relations": rels,
        "patrons": [r for r in rels if r["kind"] == "patronage" and side(r, "b")],
        "proxies": [r for r in rels if r["kind"] == "patronage" and side(r, "a")],
        "mediates": [
            r for r in rels if r["kind"] == "mediation" and any(_is(v, actor_id, row)
                                                                 for v in r["via"])
        ],
    }  # fmt: skip


def _is(entity: dict[str, Any], actor_id: str, row: dict[str, Any]) -> bool:
    """Whether a relation side stands for the actor (a state is stood for by its country)."""
    if entity["id"] == actor_id:
        return True
    return row["kind"] == "state" and entity.get("country") == actor_id


def _involves(rel: dict[str, Any], actor_id: str, row: dict[str, Any]) -> bool:
    return any(_is(e, actor_id, row) for e in (rel["a"], rel["b"], *rel["via"]))
