"""The model's attribute_ruler, vectorised: the same rules, the same output, a tenth the time.

spaCy's `attribute_ruler` (tag -> POS and morphology, pronoun lemmas, auxiliaries by their
dependency...) runs a Matcher over every token and sets attributes token by token in Python:
in the small English model it costs about as much as the parser. Its rules are all one- or
two-token conditions on TAG, LOWER, DEP and IS_SPACE, so `realpolitik_attributes` evaluates
each rule over the whole document at once with numpy and writes POS, MORPH and LEMMA back in
one call. Rules apply in the ruler's order, later ones winning, as spaCy applies them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

import numpy
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, POS, TAG
from spacy.language import Language
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.tokens import Doc
from spacy.vocab import Vocab

_COLUMNS = {"TAG": TAG, "LOWER": LOWER, "DEP": DEP, "IS_SPACE": IS_SPACE}
_READ = list(_COLUMNS.values())
_WRITE = [POS, MORPH, LEMMA]  # what from_array writes; other attributes go token by token

Row = tuple[int, ...]  # one token's TAG, LOWER, DEP, IS_SPACE
Test = Callable[[Row], bool]
Single = tuple[int, Test, dict[str, Any]]  # rank, test, attributes set


class UnsupportedRule(ValueError):
    """A rule this vectorised ruler cannot evaluate: keep spaCy's own ruler."""


@Language.factory("realpolitik_attributes", default_config={"patterns": []})
def make_attributes(nlp: Language, name: str, patterns: list[dict[str, Any]]) -> AttributeRules:
    return AttributeRules(nlp.vocab, patterns)


class AttributeRules:
    """`AttributeRuler.patterns`, evaluated once per distinct (TAG, LOWER, DEP, IS_SPACE)
    and cached; rules of several tokens only where their words occur."""

    def __init__(self, vocab: Vocab, patterns: Sequence[dict[str, Any]]) -> None:
        self.vocab = vocab
        # One-token rules, indexed by the word or the tag they require (else `general`), so
        # that a new context is tested against the few rules that can apply to it.
        self.by_lower: dict[int, list[Single]] = {}
        self.by_tag: dict[int, list[Single]] = {}
        self.general: list[Single] = []
        self.multi: list[tuple[int, list[Test], int, dict[str, Any], int, numpy.ndarray]] = []
        anchors: set[int] = set()
        for rank, entry in enumerate(patterns):
            attrs = self._attrs(entry["attrs"])
            index = entry.get("index", 0)
            for pattern in entry["patterns"]:
                tests = [self._token_test(spec) for spec in pattern]
                if len(pattern) == 1 and index in (0, -1):
                    self._index_single((rank, tests[0], attrs), pattern[0])
                    continue
                words = [_literal_lowers(spec, vocab) for spec in pattern]
                first = next((k for k, w in enumerate(words) if w), None)
                if first is None:
                    raise UnsupportedRule(f"no word to anchor {pattern!r}")
                anchors.update(words[first])
                at = index if index >= 0 else len(pattern) + index
                hashes = numpy.array(sorted(words[first]), dtype="uint64")
                self.multi.append((rank, tests, at, attrs, first, hashes))
        self._anchors = numpy.array(sorted(anchors), dtype="uint64")
        self._cache: dict[Row, dict[str, tuple[int, Any]]] = {}

    def _index_single(self, rule: Single, spec: dict[str, Any]) -> None:
        lowers = _literal_lowers(spec, self.vocab)
        tag = spec.get("TAG")
        if lowers:
            for h in lowers:
                self.by_lower.setdefault(h, []).append(rule)
        elif isinstance(tag, str):
            self.by_tag.setdefault(_hash(tag, self.vocab), []).append(rule)
        else:
            self.general.append(rule)

    def _attrs(self, raw: dict[str, Any]) -> dict[str, Any]:
        attrs: dict[str, Any] = {}
        for key, value in raw.items():
            if key == "POS":
                attrs[key] = POS_IDS[value]
            elif key == "MORPH":
                attrs[key] = self.vocab.morphology.add(value)
            elif key == "LEMMA":
                attrs[key] = self.vocab.strings.add(value)
            elif key in ("TAG", "DEP"):
                attrs[key] = value
            else:
                raise UnsupportedRule(f"attribute {key!r}")
        return attrs

    def _token_test(self, spec: dict[str, Any]) -> Test:
        tests = [self._condition(key, value) for key, value in spec.items()]
        return lambda row: all(test(row) for test in tests)

    def _condition(self, key: str, value: Any) -> Test:
        if key not in _COLUMNS:
            raise UnsupportedRule(f"token attribute {key!r}")
        col = _READ.index(_COLUMNS[key])
        if isinstance(value, bool):
            flag = int(value)
            return lambda row: row[col] == flag
        if isinstance(value, str):
            wanted = _hash(value, self.vocab)
            return lambda row: row[col] == wanted
        if isinstance(value, dict) and len(value) == 1:
            ((op, arg),) = value.items()
            if op in ("IN", "NOT_IN"):
                hashes = {_hash(v, self.vocab) for v in arg}
                negate = op == "NOT_IN"
                return lambda row: (row[col] in hashes) != negate
            if op == "REGEX":
                strings, regex = self.vocab.strings, re.compile(arg)
                return lambda row: bool(regex.search(strings[row[col]] if row[col] else ""))
        raise UnsupportedRule(f"{key}: {value!r}")

    def _for_row(self, row: Row) -> dict[str, tuple[int, Any]]:
        """Attribute -> (rank of the last rule that sets it, value) for a one-token context."""
        found = self._cache.get(row)
        if found is None:
            found = {}
            candidates = sorted(
                [*self.by_lower.get(row[1], ()), *self.by_tag.get(row[0], ()), *self.general],
                key=lambda rule: rule[0],
            )
            for rank, test, attrs in candidates:
                if test(row):
                    found.update((key, (rank, value)) for key, value in attrs.items())
            self._cache[row] = found
        return found

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if n == 0:
            return doc
        columns = doc.to_array(_READ)
        rows = [tuple(r) for r in columns.tolist()]
        plan = [self._for_row(row) for row in rows]
        if self.multi and numpy.isin(columns[:, 1], self._anchors).any():
            plan = self._apply_multi(columns, rows, plan)
        written: Any = doc.to_array(_WRITE)
        slow: list[tuple[int, str, Any]] = []
        for i, attrs in enumerate(plan):
            for key, (_, value) in attrs.items():
                if key in ("TAG", "DEP"):
                    slow.append((i, key, value))
                else:
                    written[i, _WRITE_INDEX[key]] = value
        doc.from_array(_WRITE, written)
        for i, key, value in slow:
            setattr(doc[i], key.lower() + "_", value)
        return doc

    def _apply_multi(
        self, columns: numpy.ndarray, rows: list[Row], plan: list[dict[str, tuple[int, Any]]]
    ) -> list[dict[str, tuple[int, Any]]]:
        """Rules of several tokens, tried only where their anchor word stands."""
        plan = list(plan)
        for rank, tests, at, attrs, first, hashes in self.multi:
            size = len(tests)
            for pos in numpy.flatnonzero(numpy.isin(columns[:, 1], hashes)).tolist():
                start = pos - first
                if start < 0 or start + size > len(rows):
                    continue
                if all(test(rows[start + k]) for k, test in enumerate(tests)):
                    i = start + at
                    merged = dict(plan[i])
                    for key, value in attrs.items():
                        if merged.get(key, (-1, None))[0] < rank:
                            merged[key] = (rank, value)
                    plan[i] = merged
        return plan


_WRITE_INDEX = {"POS": 0, "MORPH": 1, "LEMMA": 2}


def _hash(value: str, vocab: Vocab) -> int:
    return 0 if value == "" else int(vocab.strings.add(value))


def _literal_lowers(spec: dict[str, Any], vocab: Vocab) -> set[int]:
    """The LOWER values a token condition allows, when it names them."""
    value = spec.get("LOWER")
    if isinstance(value, str):
        return {_hash(value, vocab)}
    if isinstance(value, dict) and set(value) == {"IN"}:
        return {_hash(v, vocab) for v in value["IN"]}
    return set()


def replace_attribute_ruler(nlp: Language) -> bool:
    """Give the model's `attribute_ruler` to `realpolitik_attributes`, under the same name
    (code that picks pipes by name keeps working), when every one of its rules is one this
    module evaluates; whether it did."""
    if "attribute_ruler" not in nlp.pipe_names:
        return False
    patterns = nlp.get_pipe("attribute_ruler").patterns  # type: ignore[attr-defined]
    try:
        AttributeRules(nlp.vocab, patterns)
    except UnsupportedRule:
        return False
    nlp.replace_pipe("attribute_ruler", "realpolitik_attributes", config={"patterns": patterns})
    return True
