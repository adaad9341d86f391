"""The actor network for the map, over a period and a modality."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from realpolitik.web import params
from realpolitik.web.network import build_network
from realpolitik.web.schemas import ERRORS, NetworkOut
from realpolitik.web.state import WebState, web_state

router = APIRouter(tags=["network"], responses=ERRORS)
State = Annotated[WebState, Depends(web_state)]


@router.get("/network", response_model=NetworkOut, summary="Actor network")
def get_network(
    state: State,
    since: Annotated[str | None, Query(description="From this date (YYYY[-MM[-DD]]).")] = None,
    until: Annotated[str | None, Query(description="Up to this date, inclusive.")] = None,
    modality: Annotated[
        str, Query(description="Events of this modality weigh edges; 'all' for every one.")
    ] = "asserted",
) -> dict[str, Any]:
    """Nodes (parties) and edges with cooperation/conflict counts, mean intensity and the
    stated ties (patronage, mediation, alliance, rivalry, dispute) of each pair."""
    start, end = params.date("since", since), params.date("until", until)
    chosen = None if modality == "all" else params.modality(modality)
    events = state.store.events(since=start, until=end, modality=chosen)
    names = {r["id"]: r["name"] for r in state.store.actors()}
    return build_network(events, state.store.relations(), names, start, end)
