"""Resolve the date expressions of news prose against the publication date.

"7 October" in an article of March 2024 is 2023-10-07; "in January" is 2024-01; "a few
days ago" is the publication month. Each answer carries its precision so nobody mistakes a
month for a day.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))

_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_DAY_MONTH = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_RE})\.?(?:,?\s+(\d{{4}}))?\b", re.I
)
_MONTH_DAY = re.compile(
    rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?", re.I
)
_MONTH_YEAR = re.compile(rf"\b({_MONTH_RE})\.?(?:\s+of)?\s+(\d{{4}})\b", re.I)
_MONTH = re.compile(rf"\b({_MONTH_RE})\b", re.I)
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)s?\b")
_WEEKDAY = re.compile(r"\b(" + "|".join(_WEEKDAYS) + r")\b", re.I)


@dataclass(frozen=True)
class TimeRef:
    """A date as precise as the text makes it: YYYY, YYYY-MM or YYYY-MM-DD."""

    value: str
    precision: str  # day | month | year


def parse_iso(text: str | None) -> date | None:
    """A publication date string (YYYY[-MM[-DD]]) as a date, coarse parts filled with 1."""
    if not text:
        return None
    parts = [int(p) for p in text.split("-")[:3]]
    while len(parts) < 3:
        parts.append(1)
    try:
        return date(*parts)
    except ValueError:
        return None


def _day(d: date) -> TimeRef:
    return TimeRef(d.isoformat(), "day")


def _month(year: int, month: int) -> TimeRef:
    return TimeRef(f"{year:04d}-{month:02d}", "month")


def _past_year_for(month: int, day: int, pub: date | None) -> int | None:
    """The year that puts a day-month mention at or before the publication date."""
    if pub is None:
        return None
    year = pub.year
    if (month, day) > (pub.month, pub.day):
        year -= 1
    return year


@lru_cache(maxsize=4096)
def resolve_date(text: str, publication: str | None) -> TimeRef | None:
    """Resolve one temporal expression; None when it fixes no calendar date. Cached: the
    same expressions recur across the events of an article (the result is immutable)."""
    pub = parse_iso(publication)
    lowered = text.lower()
    for resolver in (_absolute, _relative):
        found = resolver(lowered, pub)
        if found is not None:
            return found
    return None


def _absolute(text: str, pub: date | None) -> TimeRef | None:
    if m := _ISO.search(text):
        return TimeRef(m.group(0), "day")
    for pattern, day_group, month_group in ((_DAY_MONTH, 1, 2), (_MONTH_DAY, 2, 1)):
        if m := pattern.search(text):
            day, month = int(m.group(day_group)), _MONTHS[m.group(month_group).lower()]
            year = int(m.group(3)) if m.group(3) else _past_year_for(month, day, pub)
            if year is not None and 1 <= day <= calendar.monthrange(year, month)[1]:
                return _day(date(year, month, day))
    if m := _MONTH_YEAR.search(text):
        return _month(int(m.group(2)), _MONTHS[m.group(1).lower()])
    if (m := _MONTH.search(text)) and pub is not None:
        month = _MONTHS[m.group(1).lower()]
        return _month(pub.year if month <= pub.month else pub.year - 1, month)
    if m := _YEAR.search(text):
        return TimeRef(m.group(1), "year")
    return None


def _relative(text: str, pub: date | None) -> TimeRef | None:
    if pub is None:
        return None
    this_month = _month(pub.year, pub.month)
    simple = {
        "today": _day(pub), "yesterday": _day(pub - timedelta(days=1)),
        "last week": _month(*_ym(pub - timedelta(days=7))),
        "days ago": this_month, "this week": this_month, "this month": this_month,
        "last month": _month(*_ym(pub.replace(day=1) - timedelta(days=1))),
        "this year": TimeRef(str(pub.year), "year"),
        "last year": TimeRef(str(pub.year - 1), "year"),
    }  # fmt: skip
    for phrase, ref in simple.items():
        if phrase in text:
            return ref
    if m := _WEEKDAY.search(text):
        back = (pub.weekday() - _WEEKDAYS[m.group(1).lower()]) % 7
        return _day(pub - timedelta(days=back))
    return None


def _ym(d: date) -> tuple[int, int]:
    return d.year, d.month
