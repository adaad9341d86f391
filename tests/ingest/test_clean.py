"""clean_text drops scrape noise line by line and keeps article paragraphs intact."""

from __future__ import annotations

import pytest

from realpolitik.ingest import clean_text, parse_front_matter

BODY_1 = "Iran and Russia agreed on Tuesday to expand military cooperation in Syria."
BODY_2 = "The foreign ministers met in Moscow, officials in both capitals said."

NOISE = [
    "Skip to main content",
    "READ: Can Turkey and Russia push back Iran in Syria?",
    "MORE: Syria: The beginning of a long road",
    "Read more: Why the talks collapsed",
    "You Can Also Read: Ankara's new gamble",
    "Also read Egypt and Sudan sign water deal",
    "Related: Talks stall in Geneva",
    "Subscribe to our newsletter",
    "Sign up for our daily briefing",
    "This article is republished from The Conversation under a Creative Commons license.",
    "Republish this article",
    "The views expressed in this article belong to the author and do not necessarily "
    "reflect the editorial policy of the site.",
    "Photo: Iranian and Russian presidents meet in Tehran (AFP)",
    "(Photo by Jane Doe/Getty Images)",
    "Image: A convoy near Idlib",
    "[Getty Images]",
    "Russian President Vladimir Putin meets his Iranian counterpart in Tehran (AFP)",
    "font change",
    "Share this article",
    "Facebook",
    "Twitter",
    "Email",
    "Facebook Twitter Email",
    "Share on WhatsApp | LinkedIn",
    "Advertisement",
    "We use cookies to improve your experience. By continuing you accept our policy.",
    "5 min read",
    "AFP via Getty Images",
]


@pytest.mark.parametrize("noise", NOISE)
def test_drops_noise_line(noise: str) -> None:
    raw = f"{BODY_1}\n\n{noise}\n\n{BODY_2}\n"
    assert clean_text(raw) == f"{BODY_1}\n\n{BODY_2}"


@pytest.mark.parametrize(
    "body",
    [
        "Read the statement carefully, the minister told reporters in Ankara.",
        "More than 200 people were killed in the strikes, the UN said.",
        "Twitter users in Iran reported outages after the protests began.",
        "Email exchanges between the envoys were leaked to the press on Friday.",
        "The Syrian Arab News Agency (SANA)",
        "Photographs of the meeting were released by the Kremlin on Monday.",
        "Talks resumed in Doha (Qatar) on Monday after a two-week pause.",
    ],
)
def test_keeps_article_lines_that_resemble_noise(body: str) -> None:
    assert clean_text(f"{BODY_1}\n\n{body}") == f"{BODY_1}\n\n{body}"


def test_keeps_paragraph_breaks_and_single_newlines() -> None:
    raw = f"Title line\n\n{BODY_1}\n{BODY_2}\n\nA third paragraph."
    assert clean_text(raw) == raw


def test_collapses_blank_runs_and_trims_ends() -> None:
    raw = f"\n\n\n{BODY_1}\n\n\n\n\n{BODY_2}\n \n\t\n"
    assert clean_text(raw) == f"{BODY_1}\n\n{BODY_2}"


def test_normalises_whitespace_inside_lines_only() -> None:
    raw = f"  Iran\u00a0and   Russia\tsigned\u200b a deal.  \r\n{BODY_2}\r\n"
    assert clean_text(raw) == f"Iran and Russia signed a deal.\n{BODY_2}"


def test_carriage_returns_become_newlines() -> None:
    assert clean_text(f"{BODY_1}\r\rSecond.\rThird.") == f"{BODY_1}\n\nSecond.\nThird."


def test_unicode_is_nfc() -> None:
    decomposed = "Zu\u0308rich talks ended."
    assert clean_text(decomposed) == "Z\u00fcrich talks ended."


def test_drops_exact_repeats_of_earlier_lines() -> None:
    title = "Peace talks: How Iran and Russia may come to blows"
    raw = f"{title}\n\n{BODY_1}\n\n{title}\n\n{BODY_2}\n\n***\n\n***"
    assert clean_text(raw) == f"{title}\n\n{BODY_1}\n\n{BODY_2}\n\n***\n\n***"


def test_near_repeats_are_kept() -> None:
    raw = f"{BODY_1[:-1]}\n\n{BODY_1}"
    assert clean_text(raw) == raw


NOISY_ARTICLE = f"""Skip to main content

Peace talks in Geneva

font change
Share this article
Facebook
Twitter

{BODY_1}

Photo: Delegates arrive in Geneva (AFP)

READ: Earlier talks in Astana

   {BODY_2}



Advertisement

Peace talks in Geneva
Subscribe to our newsletter
"""


def test_noisy_article() -> None:
    assert clean_text(NOISY_ARTICLE) == f"Peace talks in Geneva\n\n{BODY_1}\n\n{BODY_2}"


@pytest.mark.parametrize(
    "raw",
    [NOISY_ARTICLE, "", "\n\n", "a\r\n\r\n\r\nb", " x \u2029 y ", "A\n\nA\n\nB\n\nA", *NOISE],
)
def test_clean_is_idempotent(raw: str) -> None:
    once = clean_text(raw)
    assert clean_text(once) == once


def test_pathological_lines_are_fast() -> None:
    for raw in ("(" * 200_000, "[" * 200_000 + "x", "READ" + " " * 200_000 + "x", "a " * 200_000):
        clean_text(raw)  # finishes: no regex backtracking blow-up


class TestFrontMatter:
    def test_parses_keys_and_rest(self) -> None:
        raw = (
            '---\ntitle: "Talks: round two"\ndate: 2024-03-20\nURL: https://x.org/a\n'
            "id: art-1\nsource: Example Times\n---\nBody line.\n"
        )
        meta, rest = parse_front_matter(raw)
        assert meta == {
            "title": "Talks: round two",
            "date": "2024-03-20",
            "url": "https://x.org/a",
            "id": "art-1",
            "source": "Example Times",
        }
        assert rest == "Body line.\n"

    def test_crlf(self) -> None:
        meta, rest = parse_front_matter("---\r\ndate: 2024-03\r\n---\r\nBody.")
        assert meta == {"date": "2024-03"}
        assert clean_text(rest) == "Body."

    @pytest.mark.parametrize(
        "raw",
        [
            "No front matter.\n---\nkey: v\n---\n",
            "---\ntitle: never closed\nBody.",
            "---\nThis is a sentence, not metadata.\n---\nBody.",
            "",
        ],
    )
    def test_absent_or_malformed_returns_raw(self, raw: str) -> None:
        assert parse_front_matter(raw) == ({}, raw)
