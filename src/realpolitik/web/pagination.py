"""limit/offset on every list, and one envelope for every page of results.

`total` is given when the whole list was computed anyway; lists paged in the database
probe one row past the page instead, so `next_offset` is always exact.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Query

MAX_LIMIT = 500


@dataclass(frozen=True)
class Paging:
    limit: int
    offset: int


def _paging(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page.")] = 50,
    offset: Annotated[int, Query(ge=0, description="Items to skip.")] = 0,
) -> Paging:
    return Paging(limit, offset)


PagingDep = Annotated[Paging, Depends(_paging)]


def page_of(items: Sequence[Any], paging: Paging) -> dict[str, Any]:
    """One page of a list held whole in memory."""
    end = paging.offset + paging.limit
    return _envelope(list(items[paging.offset : end]), paging, len(items), end < len(items))


def page_from_probe(items: Sequence[Any], paging: Paging) -> dict[str, Any]:
    """A page read with `limit + 1` rows: the extra row only says that more follow."""
    more = len(items) > paging.limit
    return _envelope(list(items[: paging.limit]), paging, None, more)


def _envelope(items: list[Any], paging: Paging, total: int | None, more: bool) -> dict[str, Any]:
    return {
        "items": items,
        "limit": paging.limit,
        "offset": paging.offset,
        "total": total,
        "next_offset": paging.offset + paging.limit if more else None,
    }
