"""A pair of actors over time: the monthly cooperation/conflict timeline the workbench
draws, and a short readable brief built from the dyad and the pair's relations."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from realpolitik.api import Dyad
from realpolitik.model import Event

_COOPERATIVE_QUADS = {1, 2}


def timeline(dyad: Dyad) -> list[dict[str, Any]]:
    """Per month with dated asserted events: cooperative and conflictual counts, mean score."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: {"cooperation": 0, "conflict": 0})
    for e in dyad.events:
        if e.modality == "asserted" and e.date:
            side = "cooperation" if e.quad_code in _COOPERATIVE_QUADS else "conflict"
            counts[e.date[:7]][side] += 1
    return [
        {"month": month, **counts[month], "events": n, "score": score}
        for month, n, score in dyad.by_month
    ]


def involves(rel: dict[str, Any], who: str) -> bool:
    """Whether `who` (actor id or country) is side a or b of a relation."""
    return any(who in (side["id"], side.get("country")) for side in (rel["a"], rel["b"]))


def brief(names: tuple[str, str], dyad: Dyad, relations: Sequence[dict[str, Any]]) -> list[str]:
    """A few plain sentences: how much happened, how it balanced, what ties the text states,
    and the latest evidence. Every figure comes from the dyad or the stored relations."""
    a, b = names
    asserted = [e for e in dyad.events if e.modality == "asserted"]
    if not dyad.events:
        return [f"No stored events between {a} and {b}."]
    lines = [_overview(a, b, asserted, dyad)]
    unscored = len(dyad.events) - len(asserted)
    if unscored:
        lines.append(f"{unscored} more reported as negated, hypothetical or future; not scored.")
    lines += [_relation_line(r) for r in relations]
    latest = _latest(dyad.events)
    if latest is not None:
        lines.append(f"Latest ({latest.date or 'undated'}, {latest.event}): {latest.sentence}")
    return lines


def _overview(a: str, b: str, asserted: list[Event], dyad: Dyad) -> str:
    coop = sum(1 for e in asserted if e.quad_code in _COOPERATIVE_QUADS)
    dates = sorted(e.date for e in asserted if e.date)
    span = f" from {dates[0]} to {dates[-1]}" if dates else ""
    score = dyad.score
    tone = "" if score is None else f"; mean intensity {score:+.1f} ({_tone(score)})"
    return (
        f"{a} and {b}: {len(asserted)} reported events{span}, {coop} cooperative and "
        f"{len(asserted) - coop} conflictual{tone}."
    )


def _tone(score: float) -> str:
    return "cooperative" if score > 0 else "conflictual" if score < 0 else "neutral"


def _relation_line(rel: dict[str, Any]) -> str:
    a, b = rel["a"]["name"], rel["b"]["name"]
    kind = rel["kind"]
    if kind == "patronage":
        text = f"{a} backs {b} (patronage)"
    elif kind == "mediation":
        via = ", ".join(v["name"] for v in rel["via"]) or "a third party"
        text = f"{via} mediates between {a} and {b}"
    elif kind == "dispute":
        text = f"{a} and {b} dispute {rel['issue'] or 'an issue'}"
    else:
        text = f"{a} and {b}: {kind}"
    score = "" if rel["score"] is None else f", score {rel['score']:+.1f}"
    return f"{text} ({rel['events']} supporting{score})."


def _latest(events: Sequence[Event]) -> Event | None:
    dated = [e for e in events if e.date]
    return max(dated, key=lambda e: e.date or "") if dated else (events[-1] if events else None)
