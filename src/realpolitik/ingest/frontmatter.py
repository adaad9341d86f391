"""Markdown-style front matter, which carries a plain-text article's date, title and URL."""

from __future__ import annotations

import re

_FENCE = "---"
_MAX_LINES = 50  # a longer "header" is an article that starts with a rule, not metadata
_FIELD = re.compile(r"([A-Za-z_][\w-]*)\s*:\s?(.*)")


def parse_front_matter(raw: str) -> tuple[dict[str, str], str]:
    """Split `raw` into (metadata, rest).

    Front matter is a first line '---', then 'key: value' lines, then '---'. Keys come
    back lower-cased, values stripped and unquoted. Anything else (no closing fence, a line
    that is not 'key: value') means there is no front matter: ({}, raw).
    """
    text = raw.removeprefix("\ufeff")
    lines = text.split("\n", _MAX_LINES + 2)
    if not lines or lines[0].rstrip() != _FENCE:
        return {}, raw
    meta: dict[str, str] = {}
    for index, line in enumerate(lines[1 : _MAX_LINES + 2], start=1):
        stripped = line.strip()
        if stripped == _FENCE:
            return meta, "\n".join(lines[index + 1 :])
        if not stripped or stripped.startswith("#"):
            continue
        field = _FIELD.fullmatch(stripped)
        if field is None:
            return {}, raw
        meta[field[1].lower()] = _unquote(field[2].strip())
    return {}, raw


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value
