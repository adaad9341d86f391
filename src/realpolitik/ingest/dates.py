"""Publication dates, normalised to YYYY-MM-DD, or YYYY-MM / YYYY when that is all there is."""

from __future__ import annotations

import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime

# ISO-ish: 2024, 2024-03, 2024-03-20, 2024/3/20, 2024-03-20T10:00:00Z, 2024-03-20 10:00 +0200
_ISO = re.compile(r"(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?(?:[T ]\d{1,2}:\d{2}.*)?")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_HUMAN_DAY = ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%B %d %Y", "%b %d %Y")
_HUMAN_MONTH = ("%B %Y", "%b %Y")


def normalise_date(value: str) -> str | None:
    """Return `value` as YYYY-MM-DD (or YYYY-MM / YYYY), or None if it is not a date.

    Times and zones are dropped: the calendar day the source printed is what we keep.
    """
    text = value.strip()
    if not text:
        return None
    if m := _ISO.fullmatch(text) or _COMPACT.fullmatch(text):
        return _from_parts(*m.groups())
    return _from_human(text)


def _from_parts(year: str, month: str | None, day: str | None) -> str | None:
    try:
        if day is not None and month is not None:
            return date(int(year), int(month), int(day)).isoformat()
        if month is not None:
            return date(int(year), int(month), 1).isoformat()[:7]
        return f"{int(year):04d}" if int(year) >= 1 else None
    except ValueError:
        return None


def _from_human(text: str) -> str | None:
    cleaned = " ".join(text.replace(",", ", ").split()).replace(" ,", ",")
    for fmt in _HUMAN_DAY:
        try:
            return datetime.strptime(cleaned, fmt).date().isoformat()
        except ValueError:
            pass
    for fmt in _HUMAN_MONTH:
        try:
            return datetime.strptime(cleaned, fmt).date().isoformat()[:7]
        except ValueError:
            pass
    try:  # RFC 2822, as in feeds and HTTP headers
        return parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None
