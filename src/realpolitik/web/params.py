"""Query parameters checked once, with a 422 that says what a good value looks like."""

from __future__ import annotations

from realpolitik.ingest import normalise_date
from realpolitik.model import MODALITIES, PLOVER_TYPES, RELATION_KINDS
from realpolitik.web.errors import ApiError


def _bad(name: str, value: str, fix: str) -> ApiError:
    return ApiError(422, f"invalid parameter {name!r}", f"{value!r}: {fix}")


def date(name: str, value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    normal = normalise_date(value)
    if normal is None:
        raise _bad(name, value, "use YYYY, YYYY-MM or YYYY-MM-DD")
    return normal


def event_type(value: str | None) -> str | None:
    if value is None:
        return None
    if value.upper() not in PLOVER_TYPES:
        raise _bad("type", value, f"use a PLOVER type: {', '.join(PLOVER_TYPES)}")
    return value.upper()


def modality(value: str | None) -> str | None:
    if value is None:
        return None
    if value not in MODALITIES:
        raise _bad("modality", value, f"use one of {', '.join(MODALITIES)}")
    return value


def relation_kind(value: str | None) -> str | None:
    if value is not None and value not in RELATION_KINDS:
        raise _bad("kind", value, f"use one of {', '.join(RELATION_KINDS)}")
    return value


def pair(value: str | None) -> tuple[str, str] | None:
    if value is None:
        return None
    parts = [p.strip() for p in value.split(",")]
    if len(parts) != 2 or not all(parts):
        raise _bad("pair", value, "use pair=A,B with two actor ids or country codes, e.g. IRN,ISR")
    return parts[0], parts[1]
