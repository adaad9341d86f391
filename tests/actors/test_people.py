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
MIN_COUNTRIES = 80

_HOS = re.compile(
    r"^(Acting |Interim )?(President|King|Queen|Emir|Sultan|Supreme Leader|Emperor|Grand Duke)\b"
    r"(?! of the European| of the Kurdistan| of the Palestinian)"
    r"|^Chairman of the (Supreme Council of the Armed Forces|Presidential Leadership Council"
    r"|Presidential Council|National Transitional Council|Transitional Military Council"
    r"|Sovereignty Council|State Peace and Development Council"
    r"|State Law and Order Restoration Council)"
    r"|^Secretary-General of the General People's Congress"  # the Jamahiriya's formal head
)
# Pakistan's chief executive (1999-2002) and Afghanistan's (2014-20) headed the government, as
# Bangladesh's Chief Adviser heads its caretaker and interim governments with a prime minister's
# powers (https://wikimili.com/en/Chief_Adviser_of_Bangladesh).
_HOG = re.compile(
    r"(?<!Deputy )(?<!Alternate )(?<!Vice )\b(Prime Minister|Premier|Chancellor|Taoiseach)\b"
    r"(?! of the Exchequer)|^Chief Executive$|^Chief Adviser\b"
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
# state and government at once, and its president (a yearly post) stands for both. Sudan's
# president had no prime minister from 1989 until the post came back on 2017-03-02; Myanmar's
# 2008 constitution made the president head of the government from 2011-03-30 (the junta's
# prime ministers are recorded before); Georgia's president headed the executive under the 1995
# constitution, with a State Minister coordinating the cabinet.
_PRESIDENTIAL = {
    "USA": START, "MEX": START, "BRA": START, "ARG": START, "ZAF": START, "NGA": START,
    "KEN": START, "IRN": START, "KOR": START, "ARE": START, "RUS": None, "TUR": dt.date(2018, 7, 9),
    "SYR": dt.date(2025, 3, 29), "CHL": START, "COL": START, "IDN": START, "PHL": START,
    "CUB": START, "CHE": START, "VEN": START, "AFG": dt.date(2001, 12, 22), "SDN": START,
    "MMR": dt.date(2011, 3, 30), "GEO": START,
}  # fmt: skip
# ... and until a date, where a head of government came (back) later: Afghanistan's republic
# had no prime minister; the Taliban government named one (2021-09-07). Sudan: Bakri Hassan Saleh
# was sworn in as prime minister on 2017-03-02. Georgia: the prime minister's post came back in
# February 2004 (Zurab Zhvania).
_PRESIDENTIAL_UNTIL = {
    "AFG": dt.date(2021, 8, 15), "SDN": dt.date(2017, 3, 2), "GEO": dt.date(2004, 2, 17),
}  # fmt: skip
# Commonwealth realms: the British monarch is head of state.
_REALMS = {"CAN": "GBR", "AUS": "GBR", "NZL": "GBR"}
# Offices that were really vacant (or held by no national authority) for longer than
# `MAX_GAP_DAYS`: only these periods, each with its source, are exempt from the gap rule; a
# country's other offices and years must still be covered.
_VACANT: dict[tuple[str, str], list[tuple[dt.date, dt.date, str]]] = {
    # Iraq under occupation: no sovereign government from the fall of Baghdad until the
    # Coalition Provisional Authority handed over to the interim government (2004-06-28); the
    # defence ministry was dissolved (CPA Order 2) and the Governing Council named a foreign
    # minister only in September 2003. Source: public record, Ministry of Defence (Iraq),
    # https://en.wikipedia-on-ipfs.org/wiki/Ministry_of_Defence_(Iraq)
    ("IRQ", "hos"): [(dt.date(2003, 4, 9), dt.date(2004, 6, 28), "CPA occupation")],
    ("IRQ", "hog"): [(dt.date(2003, 4, 9), dt.date(2004, 6, 28), "CPA occupation")],
    ("IRQ", "dm"): [(dt.date(2003, 4, 9), dt.date(2004, 6, 28), "ministry dissolved by the CPA")],
    ("IRQ", "fm"): [(dt.date(2003, 4, 9), dt.date(2003, 9, 1), "no minister until the IGC's")],
    # Afghanistan between the fall of the Taliban government in Kabul (2001-11-13) and the
    # Bonn Interim Administration (2001-12-22), and between the Taliban's return to Kabul
    # (2021-08-15) and their first cabinet (2021-09-07). Source: the KB's own dates (Mullah
    # Omar, Karzai, Hibatullah) and https://wikimili.com/en/Cabinet_of_Afghanistan
    **{
        ("AFG", office): [
            (dt.date(2001, 11, 13), dt.date(2001, 12, 22), "before the Interim Administration"),
            (dt.date(2021, 8, 15), dt.date(2021, 9, 7), "before the Taliban cabinet"),
        ]
        for office in ("hog", "fm", "dm")
    },
    # Lebanon's parliament failed to elect a president after Lahoud, Suleiman and Michel Aoun;
    # the Council of Ministers exercised the presidency's powers. Source: public record of
    # Lebanese presidents (the end and start dates of the presidents in people.yaml).
    # Nigeria: ministers' appointments end with the president's term (29 May) and the next
    # cabinet is sworn in only after Senate screening; the permanent secretaries run the
    # ministries in between. Sources: 2007, http://news.bbc.co.uk/2/hi/africa/6914380.stm
    # (sworn in 2007-07-26); 2011, http://abbeybamdy.blogspot.com/2011/05 (appointments ended
    # 2011-05-29; new ministers July 2011, http://cryer.org.uk/Minister_of_Defence_(Nigeria));
    # 2015, http://www.reuters.com/article/nigeria-politics-cabinet-idUSL8N13620920151111;
    # 2019, https://www.thisdaylive.com/index.php/2019/08/06/buhari-to-swear-in-new-ministers-august-21/;
    # 2023, https://dailypost.ng/2023/08/21/tinubu-inaugurates-umahi-keyamo-other-ministers/
    **{
        ("NGA", office): [
            (dt.date(2007, 5, 29), dt.date(2007, 7, 26), "between Obasanjo's and Yar'Adua's"),
            (dt.date(2011, 5, 29), dt.date(2011, 7, 11), "between Jonathan's two cabinets"),
            (dt.date(2015, 5, 29), dt.date(2015, 11, 11), "before Buhari's first cabinet"),
            (dt.date(2019, 5, 29), dt.date(2019, 8, 21), "before Buhari's second cabinet"),
            (dt.date(2023, 5, 29), dt.date(2023, 8, 21), "before Tinubu's cabinet"),
        ]
        for office in ("fm", "dm")
    },
    # Yemen: Khaled al-Yamani resigned the foreign ministry on 2019-06-10 and Hadi named
    # Mohammed al-Hadhrami only on 2019-09-19. Sources:
    # https://www.jpost.com/Breaking-News/Yemen-foreign-minister-resigns-amid-differences-over-UN-efforts-592068
    # and https://www.middleeastmonitor.com/20190920-hadi-reshuffles-cabinet-in-yemens-south/
    ("YEM", "fm"): [(dt.date(2019, 6, 10), dt.date(2019, 9, 19), "after al-Yamani resigned")],
    # Sudan: the coup of 2019-04-11 dissolved the cabinet; the Transitional Military Council named
    # no prime minister and no ministers (it removed Ibn Auf from defence on 2019-04-14) until
    # Hamdok was sworn in (2019-08-21) and his cabinet took the oath (2019-09-08). Sources:
    # https://worddisk.com/wiki/Cabinet_of_Sudan/ (the cabinet dissolved after the coup),
    # https://gulfnews.com/amp/world/mena/sudan-sacks-defence-minister-names-new-intelligence-head-1.1555271375745
    # and https://english.aawsat.com/home/article/1894381/abdalla-career-diplomat-turned-sudans-first-female-foreign-minister?page=6
    ("SDN", "hog"): [(dt.date(2019, 4, 11), dt.date(2019, 8, 21), "military council, no premier")],
    ("SDN", "fm"): [(dt.date(2019, 4, 11), dt.date(2019, 9, 8), "cabinet dissolved by the coup")],
    ("SDN", "dm"): [(dt.date(2019, 4, 14), dt.date(2019, 9, 8), "Ibn Auf removed, none named")],
    ("LBN", "hos"): [
        (dt.date(2007, 11, 23), dt.date(2008, 5, 25), "vacancy after Emile Lahoud"),
        (dt.date(2014, 5, 25), dt.date(2016, 10, 31), "vacancy after Michel Suleiman"),
        (dt.date(2022, 10, 31), dt.date(2025, 1, 9), "vacancy after Michel Aoun"),
    ],
}


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
            until = _PRESIDENTIAL_UNTIL.get(country, dt.date(2100, 1, 1))
            spans[(country, "hog")] += [
                (max(a, start), min(b, until))
                for a, b in spans[(country, "hos")]
                if b > start and a < until
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


def covered_countries(kb: KnowledgeBase, vacancies: bool = True) -> list[str]:
    """Countries whose head of state and government, foreign and defence ministers are known
    for every day from 2000 to mid-2025, bar gaps of `MAX_GAP_DAYS` per office and the
    documented vacancies of `_VACANT` (unless `vacancies` is false)."""
    spans = _spans(kb)
    for key, periods in _VACANT.items() if vacancies else ():
        spans[key] += [(a, b) for a, b, _ in periods]
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


def test_vacancies_exempt_only_their_own_periods(kb: KnowledgeBase) -> None:
    """The vacancy list is what lets Lebanon, Iraq and Nigeria pass, and it cannot cover for missing
    people: each period is bounded, sourced and far shorter than the 25 years checked."""
    without = covered_countries(kb, vacancies=False)
    assert "LBN" not in without and "IRQ" not in without and "NGA" not in without
    assert {"LBN", "IRQ", "AFG", "NGA"} <= set(covered_countries(kb))
    for periods in _VACANT.values():
        assert all(
            START <= a < b <= END and (b - a).days < 3 * 365 and why for a, b, why in periods
        )


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
        ("Khawaja Asif", "2015-06-01", "PAK", "MIL"),  # defence, foreign, out, defence again
        ("Khawaja Asif", "2018-01-10", "PAK", "GOV"),
        ("Khawaja Asif", "2020-01-10", "PAK", None),
        ("Khawaja Asif", "2024-06-01", "PAK", "MIL"),
        ("Nicolás Maduro", "2025-06-01", "VEN", "GOV"),  # president until his capture, 2026-01-03
        ("Nicolás Maduro", "2026-03-01", "VEN", None),
        ("Delcy Rodríguez", "2026-03-01", "VEN", "GOV"),
        ("Khurram Dastgir Khan", "2017-10-01", "PAK", "MIL"),  # foreign minister with defence
        ("Khurram Dastgir Khan", "2018-05-10", "PAK", "GOV"),
        ("Mahmoud Hammoud", "2003-10-01", "LBN", "MIL"),  # foreign, defence, foreign again
        ("Mahmoud Hammoud", "2005-01-10", "LBN", "GOV"),
        ("Zeina Akar", "2020-06-01", "LBN", "MIL"),  # defence, then acting foreign minister too
        ("Zeina Akar", "2021-07-01", "LBN", "GOV"),
        ("Saadoun al-Dulaimi", "2008-01-10", "IRQ", None),  # between his two terms at defence
        ("Saadoun al-Dulaimi", "2012-06-01", "IRQ", "MIL"),
        ("Mohammed Saeed al-Sahhaf", "2000-06-01", "IRQ", "GOV"),
        ("Mullah Yaqoob", "2022-01-10", "AFG", "MIL"),  # the Taliban government's defence minister
        ("José Vicente Rangel", "2000-06-01", "VEN", "GOV"),  # foreign, then defence minister
        ("José Vicente Rangel", "2001-06-01", "VEN", "MIL"),
        ("Vladimir Padrino López", "2020-06-01", "VEN", "MIL"),
        ("Ngozi Okonjo-Iweala", "2006-07-01", "NGA", "GOV"),  # foreign minister for ten weeks
        ("Geoffrey Onyeama", "2019-07-01", "NGA", None),  # between Buhari's two cabinets
        ("Geoffrey Onyeama", "2020-07-01", "NGA", "GOV"),
        ("Mansur Dan Ali", "2017-07-01", "NGA", "MIL"),
        ("No Kwang-chol", "2019-01-10", "PRK", "MIL"),  # defence minister twice
        ("No Kwang-chol", "2022-01-10", "PRK", None),
        ("No Kwang-chol", "2025-01-10", "PRK", "MIL"),
        ("Choe Son-hui", "2024-01-10", "PRK", "GOV"),
        ("Mahmoud al-Subaihi", "2016-06-01", "YEM", "MIL"),  # held by the Houthis, not replaced
        ("Mahmoud al-Subaihi", "2020-06-01", "YEM", None),
        ("Ahmed Awad bin Mubarak", "2022-06-01", "YEM", "GOV"),
        ("Khaled Bahah", "2015-06-01", "YEM", "GOV"),
        ("Khalid al-Jarrah al-Sabah", "2015-06-01", "KWT", "MIL"),  # defence, then interior
        ("Khalid al-Jarrah al-Sabah", "2018-06-01", "KWT", None),
        ("Moussa Koussa", "2010-06-01", "LBY", "GOV"),  # the Jamahiriya's foreign secretary
        ("Moussa Koussa", "2012-06-01", "LBY", None),
        ("Abu-Bakr Yunis Jabr", "2005-06-01", "LBY", "MIL"),
        ("Abdullah al-Thani", "2013-10-01", "LBY", "MIL"),  # defence, then prime minister too
        ("Abdullah al-Thani", "2015-06-01", "LBY", "GOV"),
        ("Fayez al-Sarraj", "2019-06-01", "LBY", "GOV"),  # held defence as head of the GNA
        ("Ahmed Ouyahia", "2007-06-01", "DZA", None),  # between his terms as prime minister
        ("Ahmed Ouyahia", "2010-06-01", "DZA", "GOV"),
        ("Abdelmadjid Tebboune", "2021-06-01", "DZA", "GOV"),  # president holding defence
        ("Abdellatif Loudiyi", "2015-06-01", "MAR", "MIL"),
        ("Khalifa bin Ahmed Al Khalifa", "2005-06-01", "BHR", "MIL"),
        ("Raychelle Omamo", "2015-06-01", "KEN", "MIL"),  # defence, then foreign affairs
        ("Raychelle Omamo", "2021-06-01", "KEN", "GOV"),
        ("Siraj Fegessa", "2012-06-01", "ETH", "MIL"),
        ("Min Aung Hlaing", "2023-06-01", "MMR", "GOV"),  # army chief heading the junta
        ("Mukhtar Altynbayev", "2005-06-01", "KAZ", "MIL"),
        ("Mukhtar Altynbayev", "2008-06-01", "KAZ", None),  # chief of staff, not coded
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
        "TSAI_ING_WEN", "ADNAN_BADRAN", "TONY_TAN", "RAO_SIKANDAR_IQBAL", "PAEK_NAM_SUN",
        "MOUSSA_KOUSSA", "MELES_ZENAWI", "NURSULTAN_NAZARBAYEV",
    ):  # fmt: skip
        entry = kb.entry(eid)
        assert entry is not None and entry.kind == "person" and "public record" in entry.basis
