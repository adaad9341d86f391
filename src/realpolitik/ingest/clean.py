"""Scrape-noise removal. Its output is the text every downstream offset indexes into.

Lines are dropped or kept whole; inside a kept line only whitespace changes. Each drop
decision looks at the line alone (plus exact repeats), which makes cleaning idempotent.
"""

from __future__ import annotations

import re
import unicodedata

# Line breaks of every flavour become "\n"; invisible format characters that scrapes leave
# between words go. Controls other than tab and newline are deleted.
_LINE_BREAKS = {"\r\n": "\n", "\r": "\n"}
_TRANSLATE = str.maketrans(
    {
        "\u2028": "\n", "\u2029": "\n\n", "\x85": "\n", "\x0b": "\n", "\x0c": "\n",
        "\u200b": None, "\ufeff": None, "\u2060": None, "\u00ad": None,
        **{chr(c): None for c in (*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F)},
    }
)  # fmt: skip

# Whole lines that are page furniture, compared lower-cased without trailing punctuation.
_FURNITURE = frozenset(
    {
        "skip to main content", "skip to content", "skip to navigation",
        "skip to main navigation", "jump to content", "font change", "change font size",
        "text size", "advertisement", "advertising", "ad", "sponsored", "sponsored content",
        "advertisement - scroll to continue", "scroll to continue with content",
        "story continues below advertisement", "read more", "more", "related",
        "related articles", "related stories", "related news", "related content",
        "related topics", "more on this story", "most read", "most popular", "trending",
        "newsletter", "subscribe", "sign up", "sign in", "log in", "menu", "close",
        "listen", "listen to this article", "comments", "show comments", "leave a comment",
        "you may also like", "recommended", "recommended stories", "back to top",
    }
)  # fmt: skip
_FURNITURE_STRIP = " :.»›>|-–—…"  # dashes and guillemets included

# "READ: ...", "Photo: ..." and the like: a label with a colon opens a link or a caption.
_LABEL = re.compile(
    r"(?:read|more|read more|read also|also read|you can also read|you may also like"
    r"|related|see also|watch|listen|recommended|photo|photos|photograph|image|picture"
    r"|pic|caption|credit|file photo)\s*:",
    re.IGNORECASE,
)
# Openings of short promo, footer, caption and consent lines.
_SHORT_OPENING = re.compile(
    r"also read\b|you can also read\b|read more\b|click here\b|subscribe\b|sign up\b"
    r"|get our\b.*\bnewsletter|follow us\b|join our\b|share this (?:article|story)\b"
    r"|this (?:article|story) (?:is|was) (?:republished|originally published|first published)"
    r"|this (?:article|story) first appeared|republish this article"
    r"|(?:the )?(?:views|opinions) expressed\b|all rights reserved|copyright (?:©|\(c\)|\d{4})"
    r"|©|story continues below|continue reading\b|listen to (?:this )?article"
    r"|\((?:photo|image|picture|file photo|reporting by|writing by|editing by"
    r"|additional reporting)\b|we use cookies|this (?:web)?site uses cookies"
    r"|by continuing to (?:use|browse)|accept (?:all )?cookies|\d+\s*-?\s*min(?:ute)?s? read"
    r"|this (?:article|story) is (?:also )?available in\b|stay informed\b",
    re.IGNORECASE,
)
_SHORT_WORDS = 40
# A caption ends with its credit in parentheses: "... in Tehran (AFP)". Agencies usually
# cited as sources in running text ("the state news agency (IRNA)") are left out.
_CREDIT = re.compile(
    r"\b(?:AFP|Reuters|AP|EPA|Getty|Anadolu|Xinhua|Shutterstock|[Pp]hoto|[Ff]ile)\b"
)
_CREDIT_CHARS = 80
_CAPTION_WORDS = 40
# Tokens of share-button rows and credit-only lines.
_TOKEN_SPLIT = re.compile(r"[\s|•·/,]+")
_SHARE_TOKENS = frozenset(
    {
        "share", "this", "article", "story", "on", "via", "email", "e-mail", "mail", "print",
        "copy", "link", "x", "facebook", "twitter", "whatsapp", "linkedin", "telegram",
        "reddit", "pinterest", "messenger", "tweet", "flipboard", "bluesky", "threads",
    }
)  # fmt: skip
_SHARE_REQUIRED = frozenset(
    {"share", "email", "e-mail", "print", "facebook", "twitter", "whatsapp", "linkedin",
     "telegram", "reddit", "pinterest", "messenger", "tweet", "flipboard", "bluesky"}
)  # fmt: skip
_CREDIT_TOKENS = frozenset(
    {
        "afp", "reuters", "ap", "epa", "getty", "images", "via", "file", "photo", "anadolu",
        "agency", "xinhua", "shutterstock", "efe", "dpa", "sana", "irna", "tass", "sputnik",
        "credit", "photo:", "image", "image:", "credit:",
    }
)  # fmt: skip
_CREDIT_REQUIRED = frozenset(
    {"afp", "reuters", "ap", "epa", "getty", "anadolu", "xinhua", "shutterstock", "efe",
     "dpa", "sana", "irna", "tass", "sputnik"}
)  # fmt: skip
# Short lines that promote a newsletter or tell readers how to republish are footers.
_FOOTER_CUES = {"newsletter": 15, "republish": 60}  # cue -> most words the line may have
_COOKIE_CUES = ("we use", "uses cookies", "accept", "consent", "privacy", "continuing")
_COOKIE_WORDS = 60


def clean_text(raw: str) -> str:
    """Strip web-scrape noise line by line and tidy whitespace, keeping real paragraphs.

    Noise lines (links, share rows, captions, footers, cookie notices) and exact repeats
    of earlier lines go; runs of blank lines become one; the result has no trailing
    newline and `clean_text(clean_text(x)) == clean_text(x)`.
    """
    text = raw
    for old, new in _LINE_BREAKS.items():
        text = text.replace(old, new)
    text = unicodedata.normalize("NFC", text.translate(_TRANSLATE))
    kept: list[str] = []
    seen: set[str] = set()
    blank_before = False
    for raw_line in text.split("\n"):
        line = " ".join(raw_line.split())
        if not line:
            blank_before = bool(kept)
            continue
        if is_noise(line) or (line in seen and _has_letters(line)):
            continue
        seen.add(line)
        if blank_before:
            kept.append("")
            blank_before = False
        kept.append(line)
    return "\n".join(kept)


def is_noise(line: str) -> bool:
    """True if a whitespace-normalised line is page furniture rather than article text."""
    words = line.count(" ") + 1
    if line.lower().strip(_FURNITURE_STRIP) in _FURNITURE:
        return True
    if _LABEL.match(line):
        return True
    if words <= _SHORT_WORDS and _SHORT_OPENING.match(line):
        return True
    return (
        _is_bracketed(line, words)
        or _is_caption(line, words)
        or _only_tokens(line, _SHARE_TOKENS, _SHARE_REQUIRED)
        or _only_tokens(line, _CREDIT_TOKENS, _CREDIT_REQUIRED)
        or _is_cookie_notice(line, words)
        or _is_footer(line, words)
    )


def _has_letters(line: str) -> bool:
    return any(c.isalpha() for c in line)


def _is_bracketed(line: str, words: int) -> bool:
    """A short line wholly in square brackets is an editorial note or credit: [Getty Images]."""
    return words <= 12 and line.startswith("[") and line.endswith("]")


def _is_caption(line: str, words: int) -> bool:
    if words > _CAPTION_WORDS or not line.endswith(")"):
        return False
    inner = line[line.rfind("(") + 1 : -1]
    return "(" in line and 0 < len(inner) <= _CREDIT_CHARS and bool(_CREDIT.search(inner))


def _only_tokens(line: str, allowed: frozenset[str], required: frozenset[str]) -> bool:
    if len(line) > 120:
        return False
    tokens = [t for t in _TOKEN_SPLIT.split(line.lower()) if t]
    return (
        bool(tokens)
        and all(t in allowed for t in tokens)
        and any(t.rstrip(":") in required for t in tokens)
    )


def _is_footer(line: str, words: int) -> bool:
    low = line.lower()
    return any(words <= limit and cue in low for cue, limit in _FOOTER_CUES.items())


def _is_cookie_notice(line: str, words: int) -> bool:
    if words > _COOKIE_WORDS:
        return False
    low = line.lower()
    return "cookie" in low and any(cue in low for cue in _COOKIE_CUES)
