"""Request and response shapes, declared for validation and for the OpenAPI document.

Events, entities and relations are the contract dicts of `shared/contract`, passed through
as JSON objects; only the envelopes around them are modelled here.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

ContractDict = dict[str, Any]


class ErrorBody(BaseModel):
    """Every error: a short message and, when it helps, how to fix the request."""

    error: str
    detail: Any = None


class Page(BaseModel):
    """One page of a list. `total` is null when counting would cost a full read."""

    items: list[ContractDict]
    limit: int
    offset: int
    total: int | None
    next_offset: int | None


class ArticleIn(BaseModel):
    """An article to code: its text, and optionally its publication date and metadata."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, description="Article text (plain text).")
    date: str | None = Field(None, description="Publication date, YYYY-MM-DD (or YYYY-MM).")
    title: str | None = Field(None, max_length=1000)
    url: str | None = Field(None, max_length=2000)
    id: str | None = Field(
        None, min_length=1, max_length=200, description="Document id; default from content."
    )


class IngestResult(BaseModel):
    id: str
    stored: bool = Field(description="False when the same text was already stored.")
    events: int


class ExtractResult(BaseModel):
    """What coding a pasted article found; `text` is the cleaned text offsets point into."""

    text: str
    date: str | None
    events: list[ContractDict]


class DocumentOut(BaseModel):
    id: str
    title: str | None
    date: str | None
    url: str | None
    text: str
    sentences: list[ContractDict]
    events: list[ContractDict]


class ActorOut(BaseModel):
    actor: ContractDict
    aliases: list[str]
    relations: list[ContractDict]
    patrons: list[ContractDict] = Field(description="Patronage relations with this actor as b.")
    proxies: list[ContractDict] = Field(description="Patronage relations with this actor as a.")
    mediates: list[ContractDict] = Field(description="Mediation relations it is the via of.")


class PairOut(BaseModel):
    a: ContractDict
    b: ContractDict
    score: float | None
    timeline: list[ContractDict]
    relations: list[ContractDict]
    events: Page


class NetworkOut(BaseModel):
    nodes: list[ContractDict]
    edges: list[ContractDict]


class BriefOut(BaseModel):
    a: ContractDict
    b: ContractDict
    lines: list[str]


ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorBody, "description": text}
    for code, text in (
        (404, "Not found"), (422, "Invalid parameters"), (503, "Store unavailable"),
    )
}  # fmt: skip
WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    **{
        code: {"model": ErrorBody, "description": text}
        for code, text in ((401, "No bearer token"), (403, "Wrong token or writes disabled"),
                           (413, "Body too large"))
    },
}  # fmt: skip
