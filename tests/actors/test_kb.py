"""The actor knowledge base: data coverage, lookups, dates, user files and errors."""

from __future__ import annotations

import csv
import importlib.util
import re
from importlib import resources
from pathlib import Path

import pytest
import yaml

from realpolitik.actors.kb import (
    AliasKind,
    Entry,
    KnowledgeBase,
    KnowledgeBaseError,
    normalise,
)
from realpolitik.model import ENTITY_KINDS, Entity

ROOT = Path(__file__).resolve().parents[2]
DATA = resources.files("realpolitik.actors").joinpath("data")
YAML_FILES = ("organs.yaml", "armed_groups.yaml", "igos.yaml", "people.yaml", "media.yaml")

# The 193 UN member states (ISO 3166-1 alpha-3), written out so the test does not lean on
# the data it checks.
UN_MEMBERS = """
    AFG AGO ALB AND ARE ARG ARM ATG AUS AUT AZE BDI BEL BEN BFA BGD
    BGR BHR BHS BIH BLR BLZ BOL BRA BRB BRN BTN BWA CAF CAN CHE CHL
    CHN CIV CMR COD COG COL COM CPV CRI CUB CYP CZE DEU DJI DMA DNK
    DOM DZA ECU EGY ERI ESP EST ETH FIN FJI FRA FSM GAB GBR GEO GHA
    GIN GMB GNB GNQ GRC GRD GTM GUY HND HRV HTI HUN IDN IND IRL IRN
    IRQ ISL ISR ITA JAM JOR JPN KAZ KEN KGZ KHM KIR KNA KOR KWT LAO
    LBN LBR LBY LCA LIE LKA LSO LTU LUX LVA MAR MCO MDA MDG MDV MEX
    MHL MKD MLI MLT MMR MNE MNG MOZ MRT MUS MWI MYS NAM NER NGA NIC
    NLD NOR NPL NRU NZL OMN PAK PAN PER PHL PLW PNG POL PRK PRT PRY
    QAT ROU RUS RWA SAU SDN SEN SGP SLB SLE SLV SMR SOM SRB SSD STP
    SUR SVK SVN SWE SWZ SYC SYR TCD TGO THA TJK TKM TLS TON TTO TUN
    TUR TUV TZA UGA UKR URY USA UZB VCT VEN VNM VUT WSM YEM ZAF ZMB
    ZWE
""".split()  # noqa: SIM905


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.load()


def _entity(kb: KnowledgeBase, eid: str, date: str | None = None) -> Entity:
    entity = kb.entity(eid, date)
    assert entity is not None, eid
    return entity


def _lookup(kb: KnowledgeBase, text: str, date: str | None = None) -> Entity:
    entity = kb.lookup(text, date)
    assert entity is not None, text
    return entity


def _states_rows() -> list[dict[str, str]]:
    return list(
        csv.DictReader(DATA.joinpath("states.csv").read_text(encoding="utf-8").splitlines())
    )


# ------------------------------------------------------------------ coverage


def test_un_member_list_is_complete() -> None:
    assert len(UN_MEMBERS) == 193 == len(set(UN_MEMBERS))


@pytest.mark.parametrize("iso3", [*UN_MEMBERS, "PSE", "VAT", "TWN", "XKX"])
def test_every_state_is_present(kb: KnowledgeBase, iso3: str) -> None:
    entry = kb.entry(iso3)
    assert entry is not None, iso3
    assert entry.kind == "state"
    assert entry.country == iso3
    assert entry.sector is None
    assert entry.name


def test_states_csv_columns_and_status() -> None:
    rows = _states_rows()
    assert list(rows[0]) == [
        "iso3", "name", "official_name", "aliases", "demonyms", "seats",
        "un_status", "wikidata_id", "basis",
    ]  # fmt: skip
    status = {r["iso3"]: r["un_status"] for r in rows}
    assert sorted(iso for iso, s in status.items() if s == "member") == sorted(UN_MEMBERS)
    assert status["PSE"] == status["VAT"] == "observer"
    assert status["TWN"] == status["XKX"] == "non-member"
    assert len(rows) == 197


def test_states_csv_matches_its_build_script() -> None:
    """The committed CSV is what scripts/build_states.py generates (run it after editing
    state_facts.csv)."""
    spec = importlib.util.spec_from_file_location(
        "build_states", ROOT / "scripts" / "build_states.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.build() == _states_rows()


def test_common_short_names(kb: KnowledgeBase) -> None:
    names = {
        iso: _entity(kb, iso).name for iso in ("IRN", "RUS", "SYR", "KOR", "USA", "GBR", "TUR")
    }
    assert names == {
        "IRN": "Iran", "RUS": "Russia", "SYR": "Syria", "KOR": "South Korea",
        "USA": "United States", "GBR": "United Kingdom", "TUR": "Turkey",
    }  # fmt: skip


def test_counts_per_kind(kb: KnowledgeBase) -> None:
    kinds: dict[str, int] = {}
    for e in kb.entries():
        kinds[e.kind] = kinds.get(e.kind, 0) + 1
    assert kinds["state"] == 197
    assert kinds["person"] >= 150
    assert kinds["state_organ"] >= 60
    assert kinds["armed_group"] >= 30
    assert kinds["media"] >= 40
    assert kinds["igo"] >= 25


# ------------------------------------------------------------------ data hygiene


def test_every_entry_has_a_basis(kb: KnowledgeBase) -> None:
    missing = [e.id for e in kb.entries() if not e.basis.strip()]
    assert missing == []


def test_codes_are_well_formed(kb: KnowledgeBase) -> None:
    code = re.compile(r"^[A-Z]{3}$")
    for e in kb.entries():
        assert e.kind in ENTITY_KINDS, e.id
        assert re.fullmatch(r"[A-Z][A-Z0-9_]*", e.id), e.id
        assert e.country is None or code.match(e.country), (e.id, e.country)
        assert e.sector is None or code.match(e.sector), (e.id, e.sector)
        assert e.wikidata_id is None or re.fullmatch(r"Q[0-9]+", e.wikidata_id), e.id
        for p in e.periods:
            assert p.country is None or code.match(p.country), (e.id, p)
            assert p.sector is None or code.match(p.sector), (e.id, p)
        for patron in e.patrons:
            assert kb.entry(patron.id) is not None, (e.id, patron.id)
        if e.organisation is not None:
            assert kb.entry(e.organisation) is not None, (e.id, e.organisation)


def test_every_entity_has_a_country(kb: KnowledgeBase) -> None:
    assert [e.id for e in kb.entries() if e.at().country is None] == []


def test_builtin_ids_are_unique_across_files() -> None:
    ids = [r["iso3"] for r in _states_rows()]
    for name in YAML_FILES:
        ids += [
            item["id"] for item in yaml.safe_load(DATA.joinpath(name).read_text(encoding="utf-8"))
        ]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert duplicates == []


def test_people_have_roles_with_valid_dates(kb: KnowledgeBase) -> None:
    people = [e for e in kb.entries() if e.kind == "person"]
    assert len(people) >= 150
    for person in people:
        assert person.periods, person.id
        for role in person.periods:
            assert role.title, person.id
            if role.since and role.until:
                assert role.since < role.until, (person.id, role)


def test_shared_surnames_are_only_the_intended_ones(kb: KnowledgeBase) -> None:
    """Names shared by different entries are few and resolved by date, or (the treasuries of
    the US, Britain and Australia) by the country the document names."""
    owners: dict[str, set[str]] = {}
    for surface, eid, _ in kb.aliases():
        owners.setdefault(normalise(surface), set()).add(eid)
    shared = {key for key, ids in owners.items() if len(ids) > 1}
    treasuries = {"treasury", "department of the treasury"}
    assert shared <= {"clinton", "powell", "rice", "king abdullah", "sharif"} | treasuries
    assert owners["treasury"] == {"US_TREASURY", "GBR_TREASURY", "AUS_TREASURY"}


# ------------------------------------------------------------------ lookups


@pytest.mark.parametrize(
    ("text", "eid", "sector"),
    [
        ("the US", "USA", None),
        ("U.S.", "USA", None),
        ("United States of America", "USA", None),
        ("America", "USA", None),
        ("Britain", "GBR", None),
        ("the UK", "GBR", None),
        ("Great Britain", "GBR", None),
        ("Russian Federation", "RUS", None),
        ("Türkiye", "TUR", None),
        ("Turkiye", "TUR", None),
        ("DPRK", "PRK", None),
        ("North Korea", "PRK", None),
        ("Burma", "MMR", None),
        ("Islamic Republic of Iran", "IRN", None),
        ("Iranian", "IRN", None),
        ("Iranians", "IRN", None),
        ("Emirati", "ARE", None),
        ("Omani", "OMN", None),
        ("Swiss", "CHE", None),
        ("Tehran", "IRN", "GOV"),
        ("the Kremlin", "RUS", "GOV"),
        ("Kremlin", "RUS", "GOV"),
        ("White House", "USA", "GOV"),
        ("Downing Street", "GBR", "GOV"),
        ("Zhongnanhai", "CHN", "GOV"),
        ("Élysée", "FRA", "GOV"),
        ("Elysee", "FRA", "GOV"),
        ("Muscat", "OMN", "GOV"),
        ("Hizballah", "HEZBOLLAH", "REB"),
        ("Hezbollah's", "HEZBOLLAH", "REB"),
        ("Ansar Allah", "HOUTHIS", "REB"),
        ("Houthi", "HOUTHIS", "REB"),
        ("IS-K", "ISKP", "REB"),
        ("ISIS-K", "ISKP", "REB"),
        ("Islamic State Khorasan Province", "ISKP", "REB"),
        ("Daesh", "ISIS", "REB"),
        ("Hamas", "HAMAS", "REB"),
        ("IRGC", "IRGC", "MIL"),
        ("Mossad", "MOSSAD", "SPY"),
        ("the Pentagon", "PENTAGON", "MIL"),
        ("State Department", "STATE_DEPARTMENT", "GOV"),
        ("Knesset", "KNESSET", "LEG"),
        ("United Nations", "UN", None),
        ("U.N.", "UN", None),
        ("IAEA", "IAEA", None),
        ("European Union", "EU", None),
    ],
)
def test_lookup(kb: KnowledgeBase, text: str, eid: str, sector: str | None) -> None:
    entity = kb.lookup(text)
    assert entity is not None, text
    assert (entity.id, entity.sector) == (eid, sector)


def test_lookup_carries_the_contract_fields(kb: KnowledgeBase) -> None:
    iran = kb.lookup("Tehran")
    assert iran is not None
    assert iran.to_contract("Tehran") == {
        "id": "IRN", "name": "Iran", "raw_text": "Tehran", "country": "IRN",
        "sector": "GOV", "kind": "state", "wikidata_id": "Q794",
    }  # fmt: skip
    hezbollah = kb.lookup("Hizballah")
    assert hezbollah is not None and hezbollah.country == "LBN" and hezbollah.kind == "armed_group"
    un = kb.lookup("UN")
    assert un is not None and un.country == "UNO"
    eu = kb.lookup("EU")
    assert eu is not None and eu.country == "EUR"


def test_lookup_normalises_quotes_case_and_articles(kb: KnowledgeBase) -> None:
    assert kb.lookup("Iran’s") == kb.lookup("IRAN") == kb.lookup("iran")
    assert kb.lookup("The United States") == kb.lookup("USA")
    assert normalise("the U.S.’s") == "us"
    assert normalise("Hay'at Tahrir al-Sham") == "hayat tahrir al sham"


def test_lowercase_words_do_not_match_acronyms(kb: KnowledgeBase) -> None:
    assert kb.lookup("us") is None
    assert kb.lookup("who") is None
    assert kb.lookup("let") is None
    assert _lookup(kb, "LeT").id == "LASHKAR_E_TAIBA"
    assert _lookup(kb, "Us").id == "USA"
    who = kb.lookup("WHO")
    assert who is not None and who.id == "WHO"


def test_unknown_names(kb: KnowledgeBase) -> None:
    assert kb.lookup("Narnia") is None
    assert kb.lookup("") is None
    assert kb.fuzzy_lookup("Zzyzx Qwerty") is None


def test_fuzzy_lookup_catches_transliterations(kb: KnowledgeBase) -> None:
    found = kb.fuzzy_lookup("Hizbolla")
    assert found is not None and found.id == "HEZBOLLAH"
    found = kb.fuzzy_lookup("Amir Abdolahian", date="2023-05-01")
    assert found is not None and found.id == "HOSSEIN_AMIR_ABDOLLAHIAN" and found.sector == "GOV"
    assert kb.fuzzy_lookup("Hizbolla", cutoff=100) is None


def test_aliases_list_names_demonyms_and_seats(kb: KnowledgeBase) -> None:
    triples = set(kb.aliases())
    assert ("Iran", "IRN", AliasKind.NAME) in triples
    assert ("Iranian", "IRN", AliasKind.DEMONYM) in triples
    assert ("Tehran", "IRN", AliasKind.SEAT) in triples
    assert ("Hizballah", "HEZBOLLAH", AliasKind.NAME) in triples
    assert not any(eid == "AXIOS" for _, eid, _ in triples)


def test_media_are_never_actors(kb: KnowledgeBase) -> None:
    names = kb.media_names()
    assert {"axios", "reuters", "tasnim", "al jazeera", "irna"} <= names
    assert all(n == n.lower() for n in names)
    assert kb.lookup("Axios") is None
    axios = kb.entity("AXIOS")
    assert axios is not None and axios.kind == "media" and axios.sector == "MED"


# ------------------------------------------------------------------ dates


def test_taliban_sector_follows_the_fall_of_kabul(kb: KnowledgeBase) -> None:
    assert _entity(kb, "TALIBAN", "2020-01-01").sector == "REB"
    assert _entity(kb, "TALIBAN", "2022-01-01").sector == "GOV"
    assert _entity(kb, "TALIBAN", "2021-08-15").sector == "GOV"
    assert _entity(kb, "TALIBAN", "2021-08-14").sector == "REB"
    assert _entity(kb, "TALIBAN").sector == "GOV"
    taliban = kb.lookup("Taliban", date="2019")
    assert taliban is not None and (taliban.country, taliban.sector) == ("AFG", "REB")


def test_other_dated_groups(kb: KnowledgeBase) -> None:
    assert _entity(kb, "HTS", "2020-06").sector == "REB"
    assert _entity(kb, "HTS", "2025-02-01").sector == "GOV"
    assert _entity(kb, "RSF", "2020").sector == "MIL"
    assert _entity(kb, "RSF", "2024").sector == "REB"


def test_biden_is_government_as_vice_president_and_president(kb: KnowledgeBase) -> None:
    for date in ("2013", "2013-06-01", "2022", "2022-11-08"):
        biden = kb.lookup("Biden", date=date)
        assert biden is not None, date
        assert (biden.id, biden.country, biden.sector) == ("JOE_BIDEN", "USA", "GOV"), date
    assert _entity(kb, "JOE_BIDEN", "2005").sector == "LEG"
    assert _entity(kb, "JOE_BIDEN", "2018").sector is None
    assert _entity(kb, "JOE_BIDEN", "2018").country == "USA"


def test_people_roles(kb: KnowledgeBase) -> None:
    putin = kb.entry("VLADIMIR_PUTIN")
    assert isinstance(putin, Entry)
    assert putin.at("2010").sector == "GOV"
    assert putin.at().sector == "GOV"
    soleimani = kb.entity("QASEM_SOLEIMANI", "2019")
    assert soleimani is not None and (soleimani.country, soleimani.sector) == ("IRN", "MIL")
    after = kb.entity("QASEM_SOLEIMANI", "2021")
    assert after is not None and (after.country, after.sector) == ("IRN", None)
    assert _entity(kb, "QASEM_SOLEIMANI").sector == "MIL"  # latest role
    carney = kb.entity("MARK_CARNEY", "2016")
    assert carney is not None and (carney.country, carney.sector) == ("GBR", "GOV")
    nasrallah = kb.entry("HASSAN_NASRALLAH")
    assert nasrallah is not None and nasrallah.organisation == "HEZBOLLAH"
    assert nasrallah.at("2010").country == "LBN" and nasrallah.at("2010").sector == "REB"
    trump = kb.entity("DONALD_TRUMP", "2022")
    assert trump is not None and trump.sector is None
    assert _entity(kb, "DONALD_TRUMP", "2025-06").sector == "GOV"


def test_shared_surnames_resolve_by_date(kb: KnowledgeBase) -> None:
    assert _lookup(kb, "Clinton", date="2000-06").id == "BILL_CLINTON"
    assert _lookup(kb, "Clinton", date="2011").id == "HILLARY_CLINTON"
    assert _lookup(kb, "Rice", date="2003").id == "CONDOLEEZZA_RICE"
    assert _lookup(kb, "Rice", date="2015").id == "SUSAN_RICE"
    assert _lookup(kb, "Sharif", date="2015").id == "NAWAZ_SHARIF"
    assert _lookup(kb, "Sharif", date="2024-06").id == "SHEHBAZ_SHARIF"


def test_patrons(kb: KnowledgeBase) -> None:
    assert "IRN" in kb.patrons("HEZBOLLAH")
    assert "IRN" in kb.patrons("HEZBOLLAH", "2006-07-12")
    assert kb.patrons("HEZBOLLAH", "1975") == []
    assert "IRN" in kb.patrons("HOUTHIS", "2024")
    assert "RUS" in kb.patrons("WAGNER", "2022")
    assert "TUR" in kb.patrons("SNA", "2019")
    assert "USA" in kb.patrons("SDF", "2019")
    for client in ("HAMAS", "PIJ", "KATAIB_HEZBOLLAH", "FATEMIYOUN", "ZAINABIYOUN"):
        assert "IRN" in kb.patrons(client), client
    assert kb.patrons("NO_SUCH_ID") == []


# ------------------------------------------------------------------ sector nouns


@pytest.mark.parametrize(
    ("noun", "sector"),
    [
        ("troops", "MIL"),
        ("Troops", "MIL"),
        ("soldier", "MIL"),
        ("warplanes", "MIL"),
        ("foreign minister", "GOV"),
        ("Foreign Ministers", "GOV"),
        ("officials", "GOV"),
        ("authorities", "GOV"),
        ("national security adviser", "GOV"),
        ("police", "COP"),
        ("border guards", "COP"),
        ("spies", "SPY"),
        ("lawmakers", "LEG"),
        ("judiciary", "JUD"),
        ("militias", "REB"),
        ("militia", "REB"),
        ("protesters", "OPP"),
        ("civilians", "CVL"),
        ("companies", "BUS"),
        ("journalists", "JRN"),
        ("clerics", "REL"),
        ("party", "PTY"),
    ],
)
def test_sector_for_noun(kb: KnowledgeBase, noun: str, sector: str) -> None:
    assert kb.sector_for_noun(noun) == sector


def test_sector_nouns(kb: KnowledgeBase) -> None:
    nouns = kb.sector_nouns()
    assert {"troops", "militia", "militias", "foreign minister", "foreign ministers"} <= set(nouns)
    assert all(n == n.lower() for n in nouns)
    assert kb.sector_for_noun("teapot") is None


# ------------------------------------------------------------------ users' files


ARNOR = """\
- id: ARN
  name: Arnor
  kind: state
  aliases: [Kingdom of Arnor]
  demonyms: [Arnorian, Arnorians]
  capital: Annúminas
  seats: [Fornost]
  basis: "fictional state of the PETRARCH validation dictionaries"
- id: HEZBOLLAH
  aliases: [Hizb]
- id: DUNEDAIN
  name: Rangers of the North
  kind: armed_group
  country: ARN
  sector: REB
  patrons: [{id: ARN, since: 2001}]
"""


def test_user_file_adds_a_state(tmp_path: Path) -> None:
    path = tmp_path / "arnor.yaml"
    path.write_text(ARNOR, encoding="utf-8")
    kb = KnowledgeBase.load(extra=[path])
    arnorian = kb.lookup("Arnorian")
    assert arnorian is not None
    assert (arnorian.id, arnorian.country, arnorian.sector, arnorian.kind) == (
        "ARN",
        "ARN",
        None,
        "state",
    )
    capital = kb.lookup("Annuminas")
    assert capital is not None and (capital.id, capital.sector) == ("ARN", "GOV")
    assert _lookup(kb, "Fornost").sector == "GOV"
    assert _lookup(kb, "Kingdom of Arnor").id == "ARN"
    # an existing entry is extended, not replaced
    hezbollah = kb.lookup("Hizb")
    assert hezbollah is not None and (hezbollah.id, hezbollah.country) == ("HEZBOLLAH", "LBN")
    assert _lookup(kb, "Hizballah").id == "HEZBOLLAH"
    assert kb.patrons("HEZBOLLAH") == ["IRN"]
    # user entries have a default basis and their own patrons
    rangers = kb.entry("DUNEDAIN")
    assert rangers is not None and rangers.basis and kb.patrons("DUNEDAIN", "2005") == ["ARN"]
    # the built-in knowledge base is untouched
    assert KnowledgeBase.load().lookup("Arnorian") is None
    assert KnowledgeBase.load().lookup("Hizb") is None


def test_user_file_overrides_and_wins_shared_names(tmp_path: Path) -> None:
    path = tmp_path / "override.yaml"
    path.write_text(
        "- id: TUR\n  name: Türkiye\n  basis: house style\n"
        "- id: MY_PARLIAMENT\n  name: Iran's parliament\n  aliases: [Majlis]\n"
        "  kind: state_organ\n  country: IRN\n  sector: LEG\n",
        encoding="utf-8",
    )
    kb = KnowledgeBase.load(extra=[str(path)])
    turkey = kb.entry("TUR")
    assert turkey is not None and turkey.name == "Türkiye" and "Turkey" in turkey.aliases
    assert _lookup(kb, "Turkey").id == "TUR"
    assert _lookup(kb, "Majlis").id == "MY_PARLIAMENT"


def test_user_file_without_builtin(tmp_path: Path) -> None:
    path = tmp_path / "arnor.yaml"
    path.write_text(ARNOR.split("- id: HEZBOLLAH")[0], encoding="utf-8")
    kb = KnowledgeBase.load(extra=[path], include_builtin=False)
    assert [e.id for e in kb.entries()] == ["ARN"]
    assert kb.lookup("Iran") is None


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (
            "- id: ARN\n  name: Arnor\n  aliases: [Arnor, Arnorian\n  kind: state\n",
            4,
            "invalid YAML",
        ),
        ("- id: ARN\n  name: Arnor\n   kind: state\n", 3, "invalid YAML"),
        (
            "- id: ARN\n  name: Arnor\n  kind: state\n- id: ORC\n  name: Orcs\n  kind: horde\n",
            4,
            "unknown kind",
        ),
        ("- id: ARN\n  name: Arnor\n  kind: state\n  colour: blue\n", 1, "unknown field"),
        ("- id: arnor\n  name: Arnor\n  kind: state\n", 1, "id"),
        ("- id: ARN\n  name: Arnor\n  kind: state\n  country: Arnor\n", 1, "country"),
        (
            "- id: ARN\n  name: Arnor\n  kind: state\n  periods:\n"
            "    - {since: 2001-13, sector: GOV}\n",
            5,
            "since",
        ),
        ("id: ARN\nname: Arnor\n", 1, "list"),
        ("- id: ARN\n  kind: state\n", 1, "no name"),
    ],
)
def test_bad_user_file_names_file_and_line(
    tmp_path: Path, text: str, line: int, words: str
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(KnowledgeBaseError) as err:
        KnowledgeBase.load(extra=[path])
    message = str(err.value)
    assert message.startswith(f"{path}:{line}: "), message
    assert words in message
    assert "\n" not in message


def test_missing_user_file(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeBaseError, match="cannot read"):
        KnowledgeBase.load(extra=[tmp_path / "nope.yaml"])
