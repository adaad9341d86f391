"""Bytes to text: spotting binary files and decoding text that is not UTF-8.

Scraped articles arrive as UTF-8 mostly, but Windows-1252 and Latin-1 files are common;
they should read correctly ("Zürich", not "ZÃ¼rich" or a crash), with a warning.
"""

from __future__ import annotations

import codecs

SNIFF_BYTES = 8192

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: its BOM starts the same way
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# C0 controls that never occur in text (tab, newline, CR, form feed, escape excepted)
_CONTROL = (
    frozenset(range(0x00, 0x09)) | frozenset(range(0x0E, 0x1B)) | {0x1C, 0x1D, 0x1E, 0x1F, 0x7F}
)
_MAX_CONTROL_SHARE = 0.05
# In Western text decoded as cp1252 most letters are still ASCII; in, say, Cyrillic cp1251
# misread as cp1252 almost none are. Above this share, ask charset_normalizer instead.
_MAX_NON_ASCII_SHARE = 0.3


def bom_encoding(data: bytes) -> str | None:
    """The encoding a byte-order mark declares, if the data starts with one."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def looks_binary(head: bytes) -> bool:
    """True for data that is not text: NUL bytes or many control bytes in its first 8 KB."""
    sample = head[:SNIFF_BYTES]
    if not sample or bom_encoding(sample) in {"utf-16", "utf-32"}:
        return False
    if b"\x00" in sample:
        return True
    controls = sum(1 for byte in sample if byte in _CONTROL)
    return controls / len(sample) > _MAX_CONTROL_SHARE


def decode(data: bytes) -> tuple[str, str]:
    """Decode `data`, returning (text, encoding used).

    Tries the BOM, then UTF-8, then cp1252 for mostly-ASCII text (charset_normalizer
    guesses poorly on short Western text), then charset_normalizer, then Latin-1,
    which never fails.
    """
    encoding = bom_encoding(data) or "utf-8"
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
        if _mostly_ascii_letters(text):
            return text, "cp1252"
    except UnicodeDecodeError:
        pass
    guessed = _guess(data)
    if guessed is not None:
        return guessed
    return data.decode("latin-1"), "latin-1"


def _mostly_ascii_letters(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return True
    non_ascii = sum(1 for c in letters if not c.isascii())
    return non_ascii / len(letters) <= _MAX_NON_ASCII_SHARE


def _guess(data: bytes) -> tuple[str, str] | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # optional: trafilatura pulls it in, but we do not insist
        return None
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        return None
    return str(best), best.encoding
