"""The engine: documents in, coded documents out, through the spaCy pipeline.

This is where the stages meet. `ingest` hands over cleaned `Document`s; the `nlp`
pipeline (with the actors, events and links components) parses them; here the token-level
findings become contract records (`Mention`, `Event`, `Link`) with every entity fixed at the
date that matters for it.
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from spacy.tokens import Doc, Span

from realpolitik.actors.kb import KnowledgeBase
from realpolitik.actors.loader import knowledge_base
from realpolitik.actors.recognizer import ACTORS_KEY, UNKNOWN_KEY, ActorRef
from realpolitik.events.coder import RawEvent
from realpolitik.events.combine import Decision, combine_events
from realpolitik.model import Document, Entity, Event, Link, Mention
from realpolitik.nlp import DEFAULT_MODEL, load_pipeline
from realpolitik.relations.aggregate import party_key
from realpolitik.relations.statements import RawLink

# Event types a host country's capital makes the host a mediator of ("talks in Muscat").
_HOSTED_QUADS = {1, 2}
# Documents per `nlp.pipe` batch. spaCy's parser advances every document of a batch one
# transition at a time with one matrix product for all of them: 32 documents cost about a
# fifth less parser time than 8 (benchmarks/throughput.py), for the same parses.
BATCH_SIZE = 32

Other = TypeVar("Other")


@dataclass
class CodedDocument:
    """Everything the engine found in one document, ready for the store or for output."""

    document: Document
    sentences: list[tuple[int, int, str]] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    unresolved: list[tuple[str, int, int, str]] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)


class Engine:
    """Loads the pipeline once and codes documents, optionally over several processes."""

    def __init__(
        self,
        model: str = DEFAULT_MODEL,
        actor_files: Sequence[str | Path] = (),
        entities: str | None = None,
    ) -> None:
        """`entities`: "rules" or "ner" (spaCy's NER); None reads REALPOLITIK_ENTITIES."""
        self.model = model
        self.actor_files = tuple(str(f) for f in actor_files)
        self.kb = knowledge_base(self.actor_files)
        self.nlp = load_pipeline(model, self.actor_files, entities)

    def code(
        self, documents: Iterable[Document], batch_size: int = BATCH_SIZE
    ) -> Iterator[CodedDocument]:
        """Code documents in order, streaming them through `nlp.pipe` in batches."""
        for coded in self.code_stream(documents, batch_size):
            assert isinstance(coded, CodedDocument)
            yield coded

    def code_stream(
        self, items: Iterable[Document | Other], batch_size: int = BATCH_SIZE
    ) -> Iterator[CodedDocument | Other]:
        """Each `Document` of `items` coded, anything else (a reader's error) passed through,
        in input order: what `extract` needs to code a stream in batches (one document at a
        time is about a fifth slower overall: benchmarks/throughput.py)."""
        pending: deque[Document | Other] = deque()

        def as_docs() -> Iterator[Doc]:
            for item in items:
                pending.append(item)
                if isinstance(item, Document):
                    doc = self.nlp.make_doc(item.text)
                    doc._.rp_date = item.date
                    yield doc

        for doc in self.nlp.pipe(as_docs(), batch_size=batch_size):
            while not isinstance(head := pending.popleft(), Document):
                yield head
            yield self._convert(head, doc)
        yield from (item for item in pending if not isinstance(item, Document))

    def code_one(self, document: Document) -> CodedDocument:
        return next(self.code([document]))

    def _convert(self, document: Document, doc: Doc) -> CodedDocument:
        resolver = EntityResolver(self.kb, document.date)
        sents = list(doc.sents)
        # `doc` was made from `document.text`: slicing it is cheaper than `Span.text`
        sentences = [_bounds(s, document.text) for s in sents]
        where = {s.start: (i, b) for i, (s, b) in enumerate(zip(sents, sentences, strict=True))}
        coded = CodedDocument(document, sentences)
        for span in doc.spans.get(ACTORS_KEY, []):
            coded.mentions += resolver.mentions(span, document.date)
        coded.unresolved = [
            (s.text, s.start_char, s.end_char, s.label_) for s in doc.spans.get(UNKNOWN_KEY, [])
        ]
        counters: dict[int, itertools.count[int]] = {}
        raws = list(doc._.rp_events or [])
        for raw, decision in zip(raws, combine_events(raws), strict=True):
            idx, bounds = where[raw.sentence.start]  # `.sentence` walks the parse: read it once
            n = next(counters.setdefault(idx, itertools.count(1)))
            event_id = f"{document.id}-s{idx}-e{n}"
            coded.events.append(_event(raw, event_id, document, resolver, decision, bounds))
        for n, raw_link in enumerate(doc._.rp_links or [], start=1):
            bounds = where[raw_link.sentence.start][1]
            coded.links += _links(raw_link, f"{document.id}-l{n}", document, resolver, bounds)
        return coded


class EntityResolver:
    """Turns actor references into entities at a given date, for one document."""

    def __init__(self, kb: KnowledgeBase, publication: str | None) -> None:
        self.kb = kb
        self.publication = publication
        # Entities are frozen and a document names the same actors again and again.
        self._cache: dict[tuple[ActorRef, str | None], Entity | None] = {}

    def entity(self, ref: ActorRef, date: str | None) -> Entity | None:
        key = (ref, date)
        if key not in self._cache:
            self._cache[key] = self._entity(ref, date)
        return self._cache[key]

    def _entity(self, ref: ActorRef, date: str | None) -> Entity | None:
        if ref.entry_id is None:
            return _generic_entity(ref)
        base = self.kb.entity(ref.entry_id, date, ref.title)  # a person's title overrides roles
        if base is None or ref.sector is None or base.kind != "state":
            return base
        if ref.sector == "GOV":  # "Tehran", "Iranian officials": the state as government
            return Entity(base.id, base.name, base.country, "GOV", "state", base.wikidata_id)
        kind = ref.kind or "state_organ"
        return Entity(
            f"{base.id}-{ref.sector}",
            f"{base.name} ({_SECTOR_NAMES.get(ref.sector, ref.sector)})",
            base.country,
            ref.sector,
            kind,
            base.wikidata_id if kind == "state_organ" else None,  # Iran's people are not Q794
        )

    def mentions(self, span: Span, date: str | None) -> list[Mention]:
        out = []
        for ref in span._.rp_refs:
            entity = self.entity(ref, date)
            if entity is not None:
                out.append(Mention(entity, span.text, span.start_char, span.end_char))
        return out

    def all(self, spans: Iterable[Span], date: str | None) -> list[Mention]:
        found: list[Mention] = []
        for span in spans:
            found += [m for m in self.mentions(span, date) if m not in found]
        return found


_SECTOR_NAMES = {
    "GOV": "government", "MIL": "military", "COP": "police", "SPY": "intelligence",
    "LEG": "legislature", "JUD": "judiciary", "REB": "rebels", "OPP": "opposition",
    "CVL": "civilians", "BUS": "business", "MED": "media", "JRN": "journalists",
    "REL": "religious", "PTY": "party", "LAB": "labour", "EDU": "education",
    "HLH": "health", "CRM": "criminals", "UAF": "armed men", "REF": "refugees",
    "ELI": "elites", "NGO": "non-governmental organisations", "IGO": "international bodies",
}  # fmt: skip


def _generic_entity(ref: ActorRef) -> Entity:
    """A class of actors the text names without a proper name: "militias in Iraq"."""
    noun = ref.generic or "actors"
    where = ref.country or "XXX"
    name = noun if ref.country is None else f"{noun} ({ref.country})"
    return Entity(
        f"{where}-{ref.sector}-{noun}".upper(), name, ref.country, ref.sector, ref.kind or "other"
    )


def _event(
    raw: RawEvent,
    event_id: str,
    document: Document,
    resolver: EntityResolver,
    decision: Decision | None = None,
    bounds: tuple[int, int, str] | None = None,
) -> Event:
    """The contract Event; `decision` (events/combine.py) may retype it and sets its confidence."""
    when = raw.time.value if raw.time else document.date
    actor = resolver.all(raw.actors, when)
    recipient = resolver.all(raw.recipients, when)
    if raw.actors == raw.recipients and len(actor) == 2:  # "the two countries met"
        actor, recipient = actor[:1], actor[1:]
    targets = {party_key(m) for m in recipient}
    actor = [m for m in actor if party_key(m) not in targets] or actor
    sides = {party_key(m) for m in actor + recipient} | {
        m.entity.country for m in actor + recipient if m.entity.country
    }
    mediator = [m for m in resolver.all(raw.mediators, when) if party_key(m) not in sides]
    location = None
    pred = raw.predicate if decision is None else decision.predicate
    confidence = raw.confidence if decision is None else decision.confidence
    if raw.place is not None:
        location, host = _location(raw, resolver, when)
        hosted = host is not None and pred.quad in _HOSTED_QUADS
        if (
            hosted
            and host is not None
            and party_key(host) not in sides | {party_key(m) for m in mediator}
        ):
            mediator.append(host)
    start, end, text = bounds or _bounds(raw.sentence)
    claimed = resolver.mentions(raw.claimed_by, when) if raw.claimed_by is not None else []
    return Event(
        id=event_id, doc_id=document.id, event=pred.type, quad_code=pred.quad,
        intensity=pred.intensity, actor=actor, recipient=recipient,
        sentence=text, sentence_start=start, sentence_end=end,
        mode=pred.mode, context=list(pred.context), cameo=pred.cameo, mediator=mediator,
        modality=raw.modality, historical=raw.historical,
        claimed_by=claimed[0] if claimed else None,
        date=when, date_precision=raw.time.precision if raw.time else _precision(document.date),
        date_source="text" if raw.time else ("publication" if document.date else "unknown"),
        location=location, event_text=raw.event_text, confidence=confidence, issue=raw.issue,
    )  # fmt: skip


def _bounds(sent: Span, text: str | None = None) -> tuple[int, int, str]:
    """A sentence's offsets and text without the line breaks spaCy keeps at its end (`text`:
    the document's text, when the caller has it)."""
    body = (sent.text if text is None else text[sent.start_char : sent.end_char]).rstrip()
    return sent.start_char, sent.start_char + len(body), body


def _precision(date: str | None) -> str:
    if not date:
        return "unknown"
    return {1: "year", 2: "month", 3: "day"}[len(date.split("-"))]


def _location(
    raw: RawEvent, resolver: EntityResolver, when: str | None
) -> tuple[dict[str, str | None], Mention | None]:
    """The place the text names and, when it lies in a state, that state as potential host."""
    assert raw.place is not None
    doc = raw.place.doc
    spans = [
        s
        for s in doc.spans.get(ACTORS_KEY, [])
        if raw.place.left_edge.i <= s.start <= raw.place.right_edge.i
    ]
    mentions = resolver.all(spans, when)
    states = [m for m in mentions if m.entity.kind == "state"]
    host = states[0] if states else None
    name = (
        raw.place.text
        if raw.place.ent_type_
        else doc[raw.place.left_edge.i : raw.place.right_edge.i + 1].text
    )
    country = host.entity.country if host else resolver.kb.place_country(name)  # "in Mosul"
    return {"name": name, "country": country}, host


def _links(
    raw: RawLink,
    link_id: str,
    document: Document,
    resolver: EntityResolver,
    bounds: tuple[int, int, str] | None = None,
) -> list[Link]:
    date = document.date
    a_mentions = resolver.all(raw.a, date)
    if raw.a == raw.b and len(a_mentions) == 2:
        pairs = [(a_mentions[0], a_mentions[1])]
    else:
        pairs = [(a, b) for a in a_mentions for b in resolver.all(raw.b, date)]
    start, end, text = bounds or _bounds(raw.sentence)
    return [
        Link(
            id=f"{link_id}-{n}",
            doc_id=document.id,
            kind=raw.kind,
            a=a,
            b=b,
            sentence=text,
            sentence_start=start,
            sentence_end=end,
            issue=raw.issue,
            date=date,
            confidence=raw.confidence,
        )
        for n, (a, b) in enumerate(pairs, start=1)
        if party_key(a) != party_key(b)
    ]


_WORKER: Engine | None = None


def _init_worker(model: str, actor_files: tuple[str, ...]) -> None:
    global _WORKER
    _WORKER = Engine(model, actor_files)


def _code_chunk(documents: list[Document]) -> list[CodedDocument]:
    assert _WORKER is not None
    return list(_WORKER.code(documents))


def code_parallel(
    documents: Iterable[Document],
    workers: int,
    model: str = DEFAULT_MODEL,
    actor_files: Sequence[str] = (),
    chunk_size: int = 4,
) -> Iterator[CodedDocument]:
    """Code documents on `workers` processes, each with its own pipeline, keeping order.

    At most `workers * 4` chunks are in flight (`pool.map` would read the whole input
    first), so memory stays bounded however large the corpus.
    """
    with ProcessPoolExecutor(
        workers, initializer=_init_worker, initargs=(model, tuple(actor_files))
    ) as pool:
        chunks = _chunks(documents, chunk_size)
        for _chunk, coded in map_in_order(pool, _code_chunk, chunks, workers * 4):
            yield from coded


Item = TypeVar("Item")
Result = TypeVar("Result")


def map_in_order(
    pool: Executor, fn: Callable[[Item], Result], items: Iterable[Item], in_flight: int
) -> Iterator[tuple[Item, Result]]:
    """Each item with `fn(item)` run on `pool`, in input order, with at most `in_flight`
    calls submitted and not yet read (`Executor.map` would read all of `items` first)."""
    window: deque[tuple[Item, Future[Result]]] = deque()
    for item in items:
        window.append((item, pool.submit(fn, item)))
        if len(window) >= in_flight:
            done, future = window.popleft()
            yield done, future.result()
    while window:
        done, future = window.popleft()
        yield done, future.result()


def _chunks(items: Iterable[Document], size: int) -> Iterator[list[Document]]:
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk
