"""scripts/petrarch_to_yaml.py: PETRARCH dictionaries to knowledge-base YAML.

The small dictionaries below are invented for these tests (the state of Zembla and friends);
the last tests convert PETRARCH's own validation dictionaries from ../shared when present.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from realpolitik.actors.kb import KnowledgeBase

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
PETRARCH = SHARED / "data" / "petrarch_unit_tests"

ACTORS = """\
<!-- an invented dictionary -->
ZEMBLA_  [QZB]   # exact: no stem matching
+ZEMBLAN
+ONHAVA
KINBOTE  [QZBGOV]
GRADUS
+JACOB_GRAY
\t[QZBSPY 19580101 - 19591231]
\t[QZBREB >600101]
\t[QZB]
SHADES_BRIGADE [QZBREB]
NOBODY  [---]
ESTOTI  [QES]
"""

AGENTS = """\
!TROOPER! = TROOPER, TROOPERS
HETMAN [~MILHET]  # regular plural
ZEMSTVO_DEPUTY {ZEMSTVO_DEPUTIES} [~LEGZEM]
GRAND_VIZIER {} [~GOV]
BORDER_!TROOPER! [~COP]
RIGHTS_BODY [NGO~]
"""


@pytest.fixture(scope="module")
def conv() -> ModuleType:
    path = ROOT / "scripts" / "petrarch_to_yaml.py"
    spec = importlib.util.spec_from_file_location("petrarch_to_yaml", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def zembla(conv: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    entries = conv.convert_actors(conv.parse_actors(ACTORS), *conv.builtin_ids())
    nouns, skipped = conv.parse_agents(AGENTS)
    assert skipped == 1  # RIGHTS_BODY [NGO~] has no sector-noun equivalent
    out = tmp_path_factory.mktemp("petrarch") / "zembla.yaml"
    conv.write(entries + nouns, out)
    return KnowledgeBase.load(extra=[out])


def test_a_three_letter_code_is_a_state_with_names_demonyms_and_seats(
    zembla: KnowledgeBase,
) -> None:
    entry = zembla.entry("QZB")
    assert entry is not None and entry.kind == "state" and entry.name == "Zembla"
    assert "Zemblan" in entry.demonyms and "Onhava" in entry.aliases
    assert "Kinbote" in entry.seats  # coded as the state's government
    found = zembla.lookup("Kinbote")
    assert found is not None and (found.id, found.sector) == ("QZB", "GOV")


def test_exact_names_are_not_expanded_but_stems_are(zembla: KnowledgeBase) -> None:
    assert zembla.lookup("Zemblas") is None  # ZEMBLA_ ends in an underscore
    found = zembla.lookup("Estotians")  # ESTOTI matches any word it starts
    assert found is not None and found.id == "QES"


def test_date_restrictions_become_periods(zembla: KnowledgeBase) -> None:
    at = {d: zembla.lookup("Jacob Gray", d) for d in ("1957-06-01", "1959-12-31", "1961-01-01")}
    assert {d: (e.country, e.sector) for d, e in at.items() if e} == {
        "1957-06-01": ("QZB", None),
        "1959-12-31": ("QZB", "SPY"),  # PETRARCH's ranges include their last day
        "1961-01-01": ("QZB", "REB"),
    }


def test_agent_codes_give_kind_and_null_codes_are_left_out(zembla: KnowledgeBase) -> None:
    brigade = zembla.lookup("Shades Brigade")
    assert brigade is not None and (brigade.kind, brigade.country, brigade.sector) == (
        "armed_group",
        "QZB",
        "REB",
    )
    assert zembla.lookup("Nobody") is None


def test_agents_become_sector_nouns(zembla: KnowledgeBase) -> None:
    assert zembla.sector_for_noun("hetmen") is None  # only PETRARCH's regular plural
    assert zembla.sector_for_noun("hetmans") == "MIL"
    assert zembla.sector_for_noun("zemstvo deputies") == "LEG"
    assert zembla.sector_for_noun("grand vizier") == "GOV"
    assert zembla.sector_for_noun("grand viziers") is None  # {} means no plural
    assert zembla.sector_for_noun("border troopers") == "COP"  # macro expanded


def test_english_plural(conv: ModuleType) -> None:
    assert [conv.english_plural(n) for n in ("embassy", "border police", "attorney", "box")] == [
        "embassies",
        "border polices",
        "attorneys",
        "boxes",
    ]


@pytest.mark.skipif(not PETRARCH.is_dir(), reason="../shared/data/petrarch_unit_tests absent")
def test_the_validation_dictionaries_convert_and_load(conv: ModuleType, tmp_path: Path) -> None:
    items, counts = conv.convert(SHARED)
    assert counts["entries written"] > 50 and counts["sector nouns"] > 50
    out = tmp_path / "petrarch.yaml"
    conv.write(items, out)
    kb = KnowledgeBase.load(extra=[out])
    gondor = kb.lookup("Gondor")
    assert gondor is not None and gondor.kind == "state"
    assert kb.sector_for_noun("foreign minister") == "GOV"
