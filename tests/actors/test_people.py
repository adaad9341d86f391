"""The people files: coverage of the offices the issue names, and date-aware coding of people
whose role changed."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict

import pytest

from realpolitik.actors.kb import KnowledgeBase, _pad

START, END = dt.date(2000, 1, 1), dt.date(2025, 7, 1)  # the README: later changes may lag
MAX_GAP_DAYS = 92  # vacancies and acting holders the files leave out, per office
# The issue asks for 60 countries; the files cover fewer so far (see the data README). This is
# the floor they reach today, so that a regression fails; raise it as the files grow.
MIN_COUNTRIES = 60

_HOS = re.compile(
    r"^(Acting |Interim )?(President|King|Queen|Emir|Sultan|Supreme Leader|Emperor|Grand Duke)\b"
    r"(?! of the European| of the Kurdistan| of the Palestinian)"
    r"|^Chairman of the (Supreme Council of the Armed Forces|Presidential Leadership Council)"
)
_HOG = re.compile(
    r"(?<!Deputy )(?<!Alternate )(?<!Vice )\b(Prime Minister|Premier|Chancellor|Taoiseach)\b"
    r"(?! of the Exchequer)"
)
_FM = re.compile(
    r"Foreign Minister|Foreign Secretary|^Secretary of State$|Minister of External Affairs"
    r"|Minister Responsible for Foreign Affairs|Secretary of Foreign Affairs"
)
_DM = re.compile(
    r"Defen[cs]e Minister|Secretary of Defense|Defence Secretary|Minister of the Armed Forces"
    r"|Secretary of National Defense|Director General of the Defense Agency"
    r"|for Defen[cs]e Affairs"
)
_OFFICES = {"hos": _HOS, "hog": _HOG, "fm": _FM, "dm": _DM}
# Where the president (or emir) heads the government, from a date: the head of state's days
# count for the head of government too. Cuba's president chaired the Council of Ministers until
# the post of prime minister came back (2019); Switzerland's collegial Federal Council is head of
# state and government at once, and its president (a yearly post) stands for both.
_PRESIDENTIAL = {
    "USA": START, "MEX": START, "BRA": START, "ARG": START, "ZAF": START, "NGA": START,
    "KEN": START, "IRN": START, "KOR": START, "ARE": START, "RUS": None, "TUR": dt.date(2018, 7, 9),
    "SYR": dt.date(2025, 3, 29), "CHL": START, "COL": START, "IDN": START, "PHL": START,
    "CUB": START, "CHE": START,
}  # fmt: skip
# Commonwealth realms: the British monarch is head of state.
_REALMS = {"CAN": "GBR", "AUS": "GBR", "NZL": "GBR"}


def _day(text: str) -> dt.date:
    return dt.date.fromisoformat(_pad(text))


def _spans(kb: KnowledgeBase) -> dict[tuple[str, str], list[tuple[dt.date, dt.date]]]:
    spans: dict[tuple[str, str], list[tuple[dt.date, dt.date]]] = defaultdict(list)
    for e in kb.entries():
        if e.kind != "person":
            continue
        for role in e.periods:
            country = role.country or e.country
            since = _day(role.since) if role.since else dt.date(1900, 1, 1)
            until = _day(role.until) if role.until else dt.date(2100, 1, 1)
            for office, rx in _OFFICES.items():
                if country and rx.search(role.title or ""):
                    spans[(country, office)].append((since, until))
    for country, start in _PRESIDENTIAL.items():
        if start is not None:
            spans[(country, "hog")] += [
                (max(a, start), b) for a, b in spans[(country, "hos")] if b > start
            ]
    for realm, crown in _REALMS.items():
        spans[(realm, "hos")] += spans[(crown, "hos")]
    return spans


def _gap_days(spans: list[tuple[dt.date, dt.date]]) -> int:
    gap, reached = 0, START
    for a, b in sorted(spans):
        if b <= START or a >= END:
            continue
        if a > reached:
            gap += (a - reached).days
        reached = max(reached, b)
    return gap + max(0, (END - reached).days)


def covered_countries(kb: KnowledgeBase) -> list[str]:
    """Countries whose head of state and government, foreign and defence ministers are known
    for every day from 2000 to mid-2025, bar gaps of `MAX_GAP_DAYS` per office."""
    spans = _spans(kb)
    countries = {c for c, _ in spans}
    return sorted(
        c for c in countries if all(_gap_days(spans[(c, o)]) <= MAX_GAP_DAYS for o in _OFFICES)
    )


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.load()


def test_office_coverage_of_many_countries(kb: KnowledgeBase) -> None:
    covered = covered_countries(kb)
    assert len(covered) >= MIN_COUNTRIES, covered
    for country in ("USA", "GBR", "FRA", "DEU", "RUS", "CHN", "JPN", "IND", "ISR", "IRN"):
        assert country in covered


def test_gap_counting_sees_a_missing_office(kb: KnowledgeBase) -> None:
    """The coverage check can fail: a country with only presidents is not covered."""
    assert _gap_days([(dt.date(2000, 1, 1), dt.date(2010, 1, 1))]) > MAX_GAP_DAYS
    assert "RWA" not in covered_countries(kb)


@pytest.mark.parametrize(
    ("name", "date", "country", "sector"),
    [
        ("Biden", "2013-05-01", "USA", "GOV"),  # vice president
        ("Joe Biden", "2018-05-01", "USA", None),  # between offices: no sector
        ("Pranab Mukherjee", "2005-03-01", "IND", "MIL"),  # defence minister
        ("Pranab Mukherjee", "2008-03-01", "IND", "GOV"),  # external affairs
        ("Pranab Mukherjee", "2019-03-01", "IND", None),  # former president
        ("Alain Juppé", "2011-01-10", "FRA", "MIL"),  # defence, then foreign minister
        ("Alain Juppé", "2011-06-10", "FRA", "GOV"),
        ("Sébastien Lecornu", "2023-06-01", "FRA", "MIL"),  # armed forces, then prime minister
        ("Sébastien Lecornu", "2025-11-01", "FRA", "GOV"),
        ("Radoslaw Sikorski", "2006-06-01", "POL", "MIL"),
        ("Radoslaw Sikorski", "2017-06-01", "POL", None),  # out of office
        ("Radoslaw Sikorski", "2024-06-01", "POL", "GOV"),  # foreign minister again
        ("Romano Prodi", "2002-06-01", "EUR", "GOV"),  # Commission president, then premier
        ("Romano Prodi", "2007-06-01", "ITA", "GOV"),
        ("Taro Kono", "2020-03-01", "JPN", "MIL"),
        ("Marise Payne", "2020-03-01", "AUS", "GOV"),
        ("Mohammed bin Rashid", "2010-03-01", "ARE", "GOV"),  # prime minister and defence
        ("Sedki Sobhi", "2016-03-01", "EGY", "MIL"),
        ("Alexander Stubb", "2010-03-01", "FIN", "GOV"),  # foreign minister, later president
        ("Alexander Stubb", "2020-03-01", "FIN", None),
        ("Prabowo Subianto", "2021-03-01", "IDN", "MIL"),  # defence minister, then president
        ("Prabowo Subianto", "2025-03-01", "IDN", "GOV"),
        ("Leo Varadkar", "2018-03-01", "IRL", "GOV"),  # Taoiseach, holding defence as well
        ("Michelle Bachelet", "2020-03-01", "UNO", "GOV"),  # between her terms in Chile
        ("José Manuel Barroso", "2003-03-01", "PRT", "GOV"),
        ("José Manuel Barroso", "2010-03-01", "EUR", "GOV"),
        ("Tony Tan", "2000-03-01", "SGP", "MIL"),  # defence minister, later president
        ("Tony Tan", "2015-03-01", "SGP", "GOV"),
        ("Stefan Yanev", "2021-06-01", "BGR", "GOV"),  # caretaker premier between defence posts
        ("Stefan Yanev", "2022-01-10", "BGR", "MIL"),
        ("Nickolay Mladenov", "2009-10-01", "BGR", "MIL"),
        ("Nickolay Mladenov", "2011-10-01", "BGR", "GOV"),
        ("Ural Latypov", "2000-06-01", "BLR", "GOV"),  # foreign minister until November 2000
        ("Ural Latypov", "2001-06-01", "BLR", None),
        ("Leonid Maltsev", "1998-06-01", "BLR", None),  # between his two terms at defence
        ("Leonid Maltsev", "2005-06-01", "BLR", "MIL"),
        ("Khalid al-Attiyah", "2014-06-01", "QAT", "GOV"),  # foreign, then defence affairs
        ("Khalid al-Attiyah", "2020-06-01", "QAT", "MIL"),
    ],
)
def test_people_code_as_what_they_are_at_the_date(
    kb: KnowledgeBase, name: str, date: str, country: str, sector: str | None
) -> None:
    entity = kb.lookup(name, date)
    assert entity is not None and entity.kind == "person"
    assert (entity.country, entity.sector) == (country, sector)


def test_the_regional_people_files_load(kb: KnowledgeBase) -> None:
    """Every people*.yaml file is read: entries from each regional file are present."""
    for eid in (
        "GEOFF_HOON", "SULTAN_BIN_ABDULAZIZ", "CHI_HAOTIAN", "VICENTE_FOX", "ERKKI_TUOMIOJA",
        "TSAI_ING_WEN", "ADNAN_BADRAN", "TONY_TAN",
    ):  # fmt: skip
        entry = kb.entry(eid)
        assert entry is not None and entry.kind == "person" and "public record" in entry.basis
