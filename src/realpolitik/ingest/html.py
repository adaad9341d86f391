"""Article extraction from HTML pages, via trafilatura."""

from __future__ import annotations

import re
from dataclasses import dataclass

import trafilatura

_HTML_TAG = re.compile(r"<(?:html|head|body|article|div|p)\b")


@dataclass(frozen=True)
class Extracted:
    """What a page gives us: article text with blank lines between paragraphs, and metadata."""

    text: str
    title: str | None
    date: str | None
    url: str | None


def looks_like_html(text: str) -> bool:
    """True if the text opens with a tag and reads as an HTML document or fragment."""
    head = text[:4096].lstrip().lower()
    if not head.startswith("<"):
        return False
    return "<!doctype html" in head or "<html" in head or len(_HTML_TAG.findall(head)) >= 2


def extract(html: str) -> Extracted | None:
    """The article in `html`, or None when trafilatura finds no main text.

    Precision over recall: a missed boilerplate paragraph costs less than coding events
    out of comments, tables or link lists.
    """
    doc = trafilatura.bare_extraction(
        html,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
        with_metadata=True,
    )
    text = getattr(doc, "text", None)
    if not isinstance(text, str) or not text.strip():
        return None
    return Extracted(
        text=text.replace("\n", "\n\n"),  # trafilatura puts one newline between paragraphs
        title=_field(doc, "title"),
        date=_field(doc, "date"),
        url=_field(doc, "url"),
    )


def _field(doc: object, name: str) -> str | None:
    value = getattr(doc, name, None)
    return value.strip() or None if isinstance(value, str) else None
