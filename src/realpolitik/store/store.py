"""Keep documents, events, links and relations in a SQL database, and read them back.

SQLite by default (a file, WAL mode, foreign keys on); PostgreSQL through the same code
(`postgresql+psycopg://...`). Everything goes through SQLAlchemy Core with portable types;
the dialect-specific pieces are the upsert (`INSERT ... ON CONFLICT`, spelt the same by
both), the write locks (`locks.py`) and, on SQLite, the store beginning its own
transactions: pysqlite would not begin one before DDL (so a migration would not be atomic)
and begins writes DEFERRED (so a writer whose read snapshot went stale fails instead of
waiting). Write transactions begin IMMEDIATE; reads plain BEGIN.

Each document is written in one transaction: either all of its rows land or none do. Opening
an older store upgrades it first (`migrations.py`); a newer one is refused.
"""

from __future__ import annotations

import math
import os
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    RowMapping,
    Select,
    Table,
    Text,
    and_,
    cast,
    create_engine,
    delete,
    desc,
    distinct,
    event,
    exists,
    func,
    nulls_last,
    or_,
    select,
    text,
    true,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import (
    ArgumentError,
    DBAPIError,
    IntegrityError,
    OperationalError,
    SQLAlchemyError,
)

from realpolitik.model import Document, Entity, Event, Link, Mention, Relation
from realpolitik.store import groups, locks, migrations
from realpolitik.store.schema import (
    actors,
    aliases,
    documents,
    event_participants,
    events,
    link_participants,
    links,
    mentions,
    pending_relations,
    relations,
    sentences,
)

Row = dict[str, Any]
_Id = TypeVar("_Id", str, int)

_SIDES = ("actor", "recipient")  # the roles an `actor` filter matches
_PAIR_CAP = 20_000  # participant rows counted at most to tell the rarer party of a pair
_CHUNK = 500  # ids per IN (...) list, well under every backend's parameter limit
_SQLITE_BUSY_TIMEOUT_MS = 10_000
_SUPPORTED = ("sqlite", "postgresql")
_WRITE = "realpolitik_write"  # execution option: this transaction writes (SQLite: IMMEDIATE)
_DIALECT_INSERT: dict[str, Callable[[Table], Any]] = {
    "sqlite": sqlite.insert,
    "postgresql": postgresql.insert,
}


class StoreError(Exception):
    """A database problem, with a one-line message that says how to fix it."""


def normalize_url(url_or_path: str) -> str:
    """A SQLAlchemy URL from what a user typed: a URL, or a bare path to a SQLite file.

    `postgresql://` and `postgres://` select the psycopg (v3) driver.
    """
    if "://" not in url_or_path:
        return f"sqlite:///{os.path.expanduser(url_or_path)}"
    scheme, rest = url_or_path.split("://", 1)
    if scheme in ("postgresql", "postgres"):
        return f"postgresql+psycopg://{rest}"
    return url_or_path


class Store:
    """The realpolitik database. Create it with a URL or `Store.from_url(path_or_url)`.

    Opening creates the schema in an empty database and upgrades an older one in place;
    `migrate=False` leaves an older one as it is, for `upgrade(dry_run=True)` to report on
    (reading or writing it before `upgrade()` may then fail).
    """

    def __init__(self, url: str = "sqlite:///realpolitik.db", migrate: bool = True) -> None:
        self.url = normalize_url(url)
        self.engine = _make_engine(self.url)
        self.shown_url = _shown(self.url, self.engine)
        if self._plan() and migrate:
            self.upgrade()

    @classmethod
    def from_url(cls, url_or_path: str, migrate: bool = True) -> Store:
        """Accepts "sqlite:///x.db", "postgresql://...", or a bare path "x.db" (SQLite)."""
        return cls(url_or_path, migrate=migrate)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.engine.dispose()

    # ---- writing ---------------------------------------------------------------------

    def has_document(self, content_hash: str) -> bool:
        with self._errors("read documents"), self.engine.connect() as conn:
            return _hash_stored(conn, content_hash)

    def save_document(
        self,
        doc: Document,
        sentences: Sequence[tuple[int, int, str]],
        mentions: Sequence[Mention],
        unresolved: Sequence[tuple[str, int, int, str]],
        events: Sequence[Event],
        links: Sequence[Link],
    ) -> bool:
        """Store one document and everything found in it, in one transaction.

        Returns False, writing nothing, when a document with the same content is stored.
        A stored document with the same id but other content is replaced. `unresolved`
        holds (text, start, end, NER label) of names the knowledge base did not resolve.
        """
        action = f"save document {doc.id!r}"
        try:
            rows = _document_rows(doc, sentences, mentions, unresolved, events, links)
        except (AttributeError, TypeError, ValueError) as exc:
            raise StoreError(
                f"cannot {action}: malformed record ({exc}); nothing was written"
            ) from exc
        with self._write(action, locks.DOCUMENTS) as conn:
            if _hash_stored(conn, doc.hash):
                return False
            replaces = _document_stored(conn, doc.id)
            _delete_document(conn, doc.id)
            _group(conn, rows.tables["events"], events)
            rows.write(conn)
            conn.execute(delete(pending_relations).where(pending_relations.c.doc_id == doc.id))
            conn.execute(pending_relations.insert(), [{"doc_id": doc.id, "replaced": replaces}])
        return True

    def replace_relations(
        self, relations_: Sequence[Relation], settled: Sequence[str] = ()
    ) -> None:
        """Swap the relations cache for `relations_`, in one transaction, and take the
        `settled` documents (those `relations_` were aggregated with) off the pending list.

        Locked, so that two rebuilds at once run one after the other: on PostgreSQL both
        could otherwise delete the old rows and then both insert, doubling the cache.
        """
        rows = [_relation_row(r) for r in relations_]
        with self._write("save relations", locks.RELATIONS) as conn:
            conn.execute(delete(relations))
            _insert(conn, relations, rows)
            _settle(conn, settled)

    def pending_relations(self) -> dict[str, bool]:
        """The documents stored since the relations cache last took them in, each with
        whether it replaced an older version (whose pairs the cache may still show)."""
        with self._errors("read pending documents"), self.engine.connect() as conn:
            q = select(pending_relations.c.doc_id, pending_relations.c.replaced)
            return {doc_id: bool(replaced) for doc_id, replaced in conn.execute(q)}

    def upgrade(self, dry_run: bool = False) -> list[str]:
        """Bring the schema up to date; the steps run ("2: group the events ..."), [] if none.

        With `dry_run` nothing changes and the steps that would run are returned.
        """
        if dry_run:
            return self._plan()
        with self._write("upgrade the schema", locks.SCHEMA) as conn:
            return migrations.upgrade(conn)

    # ---- reading ---------------------------------------------------------------------

    def documents(self) -> list[Row]:
        """id, title, date, url and number of events of every stored document."""
        n_events = (
            select(func.count())
            .select_from(events)
            .where(events.c.doc_id == documents.c.id)
            .scalar_subquery()
        )
        q = select(
            documents.c.id, documents.c.title, documents.c.date, documents.c.url,
            n_events.label("events"),
        ).order_by(nulls_last(documents.c.date.asc()), documents.c.id)  # fmt: skip
        return self._rows("read documents", q)

    def document(self, doc_id: str) -> Document | None:
        q = select(documents).where(documents.c.id == doc_id)
        found = self._rows("read documents", q)
        if not found:
            return None
        r = found[0]
        return Document(
            id=r["id"], text=r["text"], date=r["date"], url=r["url"],
            title=r["title"], source=r["source"],
        )  # fmt: skip

    def events(
        self,
        actor: str | None = None,
        pair: tuple[str, str] | None = None,
        since: str | None = None,
        until: str | None = None,
        event_type: str | None = None,
        quad: int | None = None,
        modality: str | None = None,
        doc_id: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Event]:
        """Events matching every filter given, ordered by date then id.

        `actor` is an actor id or a country code, matched against the actor and recipient
        sides; `pair` wants one on each side, either way round. `since`/`until` take dates
        of any precision and keep events whose date overlaps the range ("2024" overlaps
        since="2024-06"; "2024-01-15" is within until="2024-01").
        """
        alone = not any((pair, since, until, event_type, quad, modality, doc_id))
        with self._errors("read events"), self.engine.connect() as conn:
            pair = _rarer_first(conn, pair)
            filters = _event_filters(actor, pair, since, until, event_type, quad, modality, doc_id)
            by_date: ColumnElement[Any] = events.c.date
            if actor and alone and limit is not None and _walk_pays(conn, actor, limit + offset):
                filters = [_has_part(actor, _SIDES)]
            elif actor or pair:
                by_date = _unindexed(by_date)
            q = select(events).where(*filters)
            q = q.order_by(nulls_last(by_date.asc()), events.c.id)
            if limit is not None:
                q = q.limit(limit)
            if offset:
                q = q.offset(offset)
            rows = list(conn.execute(q).mappings())  # no dict copies: a third faster
            parts = _participants(conn, event_participants, "event_id", [r["id"] for r in rows])
        return [_event_from_row(r, parts[r["id"]]) for r in rows]

    def count_events(
        self,
        actor: str | None = None,
        pair: tuple[str, str] | None = None,
        since: str | None = None,
        until: str | None = None,
        event_type: str | None = None,
        quad: int | None = None,
        modality: str | None = None,
        doc_id: str | None = None,
    ) -> int:
        """How many events `events` would return with the same filters and no limit."""
        with self._errors("count events"), self.engine.connect() as conn:
            pair = _rarer_first(conn, pair)
            filters = _event_filters(actor, pair, since, until, event_type, quad, modality, doc_id)
            q = select(func.count()).select_from(events).where(*filters)
            return int(conn.execute(q).scalar_one())

    def event_groups(
        self,
        actor: str | None = None,
        pair: tuple[str, str] | None = None,
        since: str | None = None,
        until: str | None = None,
        event_type: str | None = None,
        quad: int | None = None,
        modality: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Row]:
        """Stored events folded into the happenings they report, ordered by date then id.

        One record per group, however many sentences and articles report it (most groups
        have one member). A group matches when one of its members passes every filter (as
        in `events`) and then comes whole. Each record:
        group_id, event, quad_code, modality, date, date_precision, location, actors and
        recipients (contract entities of the member with the most precise date), parties
        (party keys), mentions (member events), sources (distinct documents) and members
        (id, doc_id, sentence, date of each). Grouping rules: `realpolitik.store.groups`.
        """
        first = func.min(events.c.date)
        with self._errors("read event groups"), self.engine.connect() as conn:
            pair = _rarer_first(conn, pair)
            filters = _event_filters(actor, pair, since, until, event_type, quad, modality, None)
            q = (
                select(events.c.group_id)
                .where(events.c.group_id.is_not(None), *filters)
                .group_by(events.c.group_id)
                .order_by(nulls_last(first.asc()), events.c.group_id)
                .offset(offset)
                .limit(limit)
            )
            order = list(conn.execute(q).scalars())
            rows = _group_members(conn, order)
            parts = _participants(conn, event_participants, "event_id", [r["id"] for r in rows])
        members = [(r["group_id"], _event_from_row(r, parts[r["id"]])) for r in rows]
        return groups.summaries(order, members)

    def links(self, doc_id: str | None = None) -> list[Link]:
        q = select(links).order_by(links.c.doc_id, links.c.id)
        if doc_id is not None:
            q = q.where(links.c.doc_id == doc_id)
        with self._errors("read links"), self.engine.connect() as conn:
            rows = [dict(r) for r in conn.execute(q).mappings()]
            parts = _participants(conn, link_participants, "link_id", [r["id"] for r in rows])
        return [_link_from_row(r, parts[r["id"]]) for r in rows]

    def relations(self, kind: str | None = None, actor: str | None = None) -> list[Row]:
        """The stored relation contract dicts; `actor` is an id or country on any side."""
        q = select(relations.c.payload).order_by(relations.c.id)
        if kind is not None:
            q = q.where(relations.c.kind == kind)
        if actor is not None:
            q = q.where(_relation_may_involve(actor))
        payloads = [r["payload"] for r in self._rows("read relations", q)]
        if actor is None:
            return payloads
        return [p for p in payloads if _relation_involves(p, actor)]

    def actors(self) -> list[Row]:
        """Every actor with its latest snapshot and how often it is mentioned / takes part."""
        n_mentions = (
            select(func.count())
            .select_from(mentions)
            .where(mentions.c.actor_id == actors.c.id)
            .scalar_subquery()
        )
        n_events = (
            select(func.count(distinct(event_participants.c.event_id)))
            .where(event_participants.c.actor_id == actors.c.id)
            .scalar_subquery()
        )
        q = select(
            actors.c.id, actors.c.name, actors.c.kind, actors.c.country, actors.c.sector,
            actors.c.wikidata_id, n_mentions.label("mentions"), n_events.label("events"),
        ).order_by(desc("events"), desc("mentions"), actors.c.id)  # fmt: skip
        return self._rows("read actors", q)

    def unknown_actors(self, limit: int = 50) -> list[Row]:
        """Names the knowledge base did not resolve, most frequent first.

        Each: text, count (mentions), documents, label, and an example sentence with its
        doc_id.
        """
        q = (
            select(
                mentions.c.text,
                func.count().label("count"),
                func.count(distinct(mentions.c.doc_id)).label("documents"),
                func.min(mentions.c.id).label("example_id"),
            )
            .where(mentions.c.actor_id.is_(None))
            .group_by(mentions.c.text)
            .order_by(desc("count"), mentions.c.text)
            .limit(limit)
        )
        with self._errors("read unknown actors"), self.engine.connect() as conn:
            names = [dict(r) for r in conn.execute(q).mappings()]
            examples = _examples(conn, [n["example_id"] for n in names])
        for n in names:
            n.update(examples.get(n.pop("example_id"), {}))
        return names

    def sentences(self, doc_id: str) -> list[Row]:
        """idx, start, end and text of each sentence of a document, in order."""
        s = sentences.c
        q = select(s.idx, s.start, s.end, s.text).where(s.doc_id == doc_id).order_by(s.idx)
        return self._rows("read sentences", q)

    def aliases(self, actor_id: str) -> list[str]:
        """Every surface form the actor was seen under, alphabetically."""
        a = aliases.c
        q = select(a.text).where(a.actor_id == actor_id).order_by(a.text)
        return [r["text"] for r in self._rows("read aliases", q)]

    def counts(self) -> dict[str, int]:
        tables = {
            "documents": documents, "sentences": sentences, "mentions": mentions,
            "events": events, "links": links, "relations": relations,
        }  # fmt: skip
        with self._errors("count rows"), self.engine.connect() as conn:
            return {
                name: conn.execute(select(func.count()).select_from(t)).scalar_one()
                for name, t in tables.items()
            }

    # ---- plumbing --------------------------------------------------------------------

    def _rows(self, action: str, query: Select[Any]) -> list[Row]:
        with self._errors(action), self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(query).mappings()]

    @contextmanager
    def _errors(self, action: str) -> Iterator[None]:
        """Turn database exceptions into a StoreError with a one-line fix."""
        try:
            yield
        except SQLAlchemyError as exc:
            raise StoreError(_explain(exc, action, self.shown_url)) from exc

    @contextmanager
    def _write(self, action: str, lock: int) -> Iterator[Connection]:
        """A write transaction holding `lock`; SQLite begins it IMMEDIATE (one writer)."""
        with self._errors(action), self.engine.connect() as conn:
            conn.execution_options(**{_WRITE: True})
            with self._newer_refused(), conn.begin():
                locks.hold(conn, lock)
                yield conn

    def _plan(self) -> list[str]:
        """The schema steps pending; StoreError for a store newer than this code."""
        with self._errors("open"), self._newer_refused(), self.engine.connect() as conn:
            return migrations.plan(conn)

    @contextmanager
    def _newer_refused(self) -> Iterator[None]:
        try:
            yield
        except migrations.NewerStoreError as exc:
            raise StoreError(
                f"{self.shown_url} has {exc}: it was written by a newer realpolitik; "
                "upgrade realpolitik (pip install -U realpolitik) or pass another --db"
            ) from exc


# ---- engine and errors -------------------------------------------------------------------


def _make_engine(url: str) -> Engine:
    try:
        engine = create_engine(url)
    except (ArgumentError, ImportError) as exc:
        hint = "pip install 'psycopg[binary]'" if isinstance(exc, ImportError) else (
            "pass sqlite:///PATH, a file path, or postgresql+psycopg://USER@HOST/DB"
        )  # fmt: skip
        raise StoreError(f"cannot use database {url!r}: {_one_line(str(exc))}; {hint}") from exc
    if engine.dialect.name not in _SUPPORTED:
        raise StoreError(
            f"unsupported database {engine.dialect.name!r}; pass a SQLite path or a "
            "postgresql+psycopg:// URL"
        )
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


def _shown(url: str, engine: Engine) -> str:
    """The URL as the user wrote it, unless it holds a password, which is masked."""
    return url if engine.url.password is None else engine.url.render_as_string()


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """Per connection: the store begins transactions itself (`_sqlite_begin`), enforces
    foreign keys, waits on locks, and keeps a write-ahead log."""
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={_SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode=WAL")
    finally:
        cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    """BEGIN IMMEDIATE for a write: take the write lock up front, waiting busy_timeout for
    it, rather than fail later when another writer has moved the database on."""
    write = conn.get_execution_options().get(_WRITE, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def _one_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[0] if lines else "unknown error"


def _explain(exc: SQLAlchemyError, action: str, url: str) -> str:
    """One line: what failed, why, and what to do about it."""
    orig = exc.orig if isinstance(exc, DBAPIError) else None
    reason = _one_line(str(orig if orig is not None else exc))
    low = reason.lower()
    if "readonly" in low or "read-only" in low:
        return f"cannot write to {url}: {reason}; check the file's permissions or pass another --db"
    if "unable to open database" in low:
        return (
            f"cannot open {url}: {reason}; check that its directory exists and is writable, "
            "or pass another --db"
        )
    if "locked" in low or "busy" in low:
        return f"cannot {action} in {url}: {reason}; another process holds it, try again later"
    if "permission denied" in low:
        return f"cannot {action} in {url}: {reason}; grant the database user access"
    if isinstance(exc, IntegrityError):
        return (
            f"cannot {action} in {url}: {reason}; the record breaks a database constraint "
            "(a bug in the stage that built it); nothing was written"
        )
    if action == "open" and isinstance(exc, OperationalError):
        return f"cannot connect to {url}: {reason}; check the server and URL, or pass another --db"
    return f"cannot {action} in {url}: {reason}"


# ---- writing helpers ---------------------------------------------------------------------


@dataclass
class _DocumentRows:
    """Every row one document contributes, per table, in insertion order."""

    tables: dict[str, list[Row]] = field(default_factory=lambda: defaultdict(list))

    def write(self, conn: Connection) -> None:
        _upsert(conn, actors, _unique(self.tables["actors"], ("id",)), ("id",))
        _upsert(conn, aliases, _unique(self.tables["aliases"], ("actor_id", "text")),
                ("actor_id", "text"))  # fmt: skip
        for table in (documents, sentences, mentions, events, event_participants, links,
                      link_participants):  # fmt: skip
            _insert(conn, table, self.tables[table.name])


def _document_rows(
    doc: Document,
    sentence_spans: Sequence[tuple[int, int, str]],
    resolved: Sequence[Mention],
    unresolved: Sequence[tuple[str, int, int, str]],
    events_: Sequence[Event],
    links_: Sequence[Link],
) -> _DocumentRows:
    rows = _DocumentRows()
    t = rows.tables
    t["documents"].append(_document_row(doc))
    t["sentences"] += [
        {"doc_id": doc.id, "idx": i, "start": s, "end": e, "text": text}
        for i, (s, e, text) in enumerate(sentence_spans)
    ]
    t["mentions"] += [_mention_row(doc.id, m.entity.id, m.text, m.start, m.end, None)
                      for m in resolved]  # fmt: skip
    t["mentions"] += [_mention_row(doc.id, None, text, s, e, label)
                      for text, s, e, label in unresolved]  # fmt: skip
    for ev in events_:
        t["events"].append(_event_row(ev))
        t["event_participants"] += _participant_rows("event_id", ev.id, _event_roles(ev))
    for link in links_:
        t["links"].append(_link_row(link))
        t["link_participants"] += _participant_rows("link_id", link.id, _link_roles(link))
    seen = [*resolved, *_all_mentions(events_, links_)]
    t["actors"] += [_actor_row(m.entity) for m in seen]
    t["aliases"] += [{"actor_id": m.entity.id, "text": m.text} for m in seen]
    return rows


def _group(conn: Connection, event_rows: list[Row], events_: Sequence[Event]) -> None:
    """Fill in each event row's group (see groups.py) and the parties it was matched on."""
    reports = {r.id: r for r in map(groups.report_of, events_)}
    assigned = groups.Grouper(conn).assign(list(reports.values()))
    for row in event_rows:
        row["group_id"] = assigned[row["id"]]
        row["parties"] = reports[row["id"]].parties_text


def _document_row(doc: Document) -> Row:
    return {
        "id": doc.id, "content_hash": doc.hash, "title": doc.title, "url": doc.url,
        "date": doc.date, "source": doc.source, "text": doc.text,
        "ingested_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }  # fmt: skip


def _mention_row(doc_id: str, actor_id: str | None, text: str, start: int, end: int,
                 label: str | None) -> Row:  # fmt: skip
    return {"doc_id": doc_id, "actor_id": actor_id, "text": text, "start": start,
            "end": end, "label": label}  # fmt: skip


def _actor_row(e: Entity) -> Row:
    return {"id": e.id, "name": e.name, "kind": e.kind, "country": e.country,
            "sector": e.sector, "wikidata_id": e.wikidata_id}  # fmt: skip


def _event_row(ev: Event) -> Row:
    return {
        "id": ev.id, "doc_id": ev.doc_id, "event": ev.event, "mode": ev.mode,
        "context": list(ev.context), "quad_code": ev.quad_code, "intensity": ev.intensity,
        "cameo": ev.cameo, "modality": ev.modality, "historical": ev.historical,
        "date": ev.date, "date_precision": ev.date_precision, "date_source": ev.date_source,
        "location": ev.location, "sentence": ev.sentence,
        "sentence_start": ev.sentence_start, "sentence_end": ev.sentence_end,
        "event_text": ev.event_text, "confidence": ev.confidence, "issue": ev.issue,
    }  # fmt: skip


def _link_row(link: Link) -> Row:
    return {
        "id": link.id, "doc_id": link.doc_id, "kind": link.kind, "issue": link.issue,
        "modality": link.modality, "date": link.date, "sentence": link.sentence,
        "sentence_start": link.sentence_start, "sentence_end": link.sentence_end,
        "confidence": link.confidence,
    }  # fmt: skip


def _relation_row(r: Relation) -> Row:
    return {
        "kind": r.kind, "a_id": r.a.entity.id, "b_id": r.b.entity.id,
        "via": [m.entity.id for m in r.via], "score": r.score, "events": r.events,
        "first": r.first, "last": r.last, "issue": r.issue, "payload": r.to_contract(),
    }  # fmt: skip


def _event_roles(ev: Event) -> dict[str, list[Mention]]:
    claimed = [ev.claimed_by] if ev.claimed_by is not None else []
    return {"actor": ev.actor, "recipient": ev.recipient, "mediator": ev.mediator,
            "claimed_by": claimed}  # fmt: skip


def _link_roles(link: Link) -> dict[str, list[Mention]]:
    return {"a": [link.a], "b": [link.b], "via": link.via}


def _all_mentions(events_: Sequence[Event], links_: Sequence[Link]) -> Iterator[Mention]:
    for roles in [*map(_event_roles, events_), *map(_link_roles, links_)]:
        for ms in roles.values():
            yield from ms


def _participant_rows(key: str, owner_id: str, roles: dict[str, list[Mention]]) -> list[Row]:
    return [
        {key: owner_id, "role": role, "position": i, **_snapshot(m)}
        for role, ms in roles.items()
        for i, m in enumerate(ms)
    ]


def _snapshot(m: Mention) -> Row:
    e = m.entity
    return {
        "actor_id": e.id, "raw_text": m.text, "start": m.start, "end": m.end,
        "name": e.name, "country": e.country, "sector": e.sector, "kind": e.kind,
        "wikidata_id": e.wikidata_id,
    }  # fmt: skip


def _unique(rows: list[Row], keys: tuple[str, ...]) -> list[Row]:
    """Rows deduplicated on `keys`, the last one seen winning."""
    return list({tuple(r[k] for k in keys): r for r in rows}.values())


def _insert(conn: Connection, table: Table, rows: list[Row]) -> None:
    if rows:
        conn.execute(table.insert(), rows)


def _upsert(conn: Connection, table: Table, rows: list[Row], keys: tuple[str, ...]) -> None:
    """Insert rows, overwriting the non-key columns of rows already there."""
    if not rows:
        return
    stmt = _DIALECT_INSERT[conn.dialect.name](table)
    updates = {c: stmt.excluded[c] for c in rows[0] if c not in keys}
    if updates:
        stmt = stmt.on_conflict_do_update(index_elements=list(keys), set_=updates)
    else:
        stmt = stmt.on_conflict_do_nothing(index_elements=list(keys))
    conn.execute(stmt, rows)


def _hash_stored(conn: Connection, content_hash: str) -> bool:
    q = select(documents.c.id).where(documents.c.content_hash == content_hash).limit(1)
    return conn.execute(q).first() is not None


def _document_stored(conn: Connection, doc_id: str) -> bool:
    return conn.execute(select(documents.c.id).where(documents.c.id == doc_id)).first() is not None


def _delete_document(conn: Connection, doc_id: str) -> None:
    """Remove a document and every row it owns (actors and aliases stay)."""
    event_ids = select(events.c.id).where(events.c.doc_id == doc_id)
    link_ids = select(links.c.id).where(links.c.doc_id == doc_id)
    conn.execute(delete(event_participants).where(event_participants.c.event_id.in_(event_ids)))
    conn.execute(delete(link_participants).where(link_participants.c.link_id.in_(link_ids)))
    for table in (events, links, mentions, sentences):
        conn.execute(delete(table).where(table.c.doc_id == doc_id))
    conn.execute(delete(documents).where(documents.c.id == doc_id))


# ---- reading helpers ---------------------------------------------------------------------


def _event_filters(
    actor: str | None,
    pair: tuple[str, str] | None,
    since: str | None,
    until: str | None,
    event_type: str | None,
    quad: int | None,
    modality: str | None,
    doc_id: str | None,
) -> list[ColumnElement[bool]]:
    clauses: list[ColumnElement[bool]] = []
    if actor is not None:
        clauses.append(_takes_part(actor, _SIDES))
    if pair is not None:  # the events of a are collected, b is looked up in each
        a, b = pair
        clauses.append(or_(
            and_(_takes_part(a, ("actor",)), _has_part(b, ("recipient",))),
            and_(_takes_part(a, ("recipient",)), _has_part(b, ("actor",))),
        ))  # fmt: skip
    if since:
        clauses.append(_since(since))
    if until:
        clauses.append(_until(until))
    equal = {"event": event_type, "quad_code": quad, "modality": modality, "doc_id": doc_id}
    clauses += [events.c[col] == value for col, value in equal.items() if value is not None]
    return clauses


def _takes_part(who: str, roles: tuple[str, ...]) -> ColumnElement[bool]:
    """The event has a participant in one of `roles` whose id or country is `who`.

    An uncorrelated IN-subquery: the database finds the few matching participant rows once
    through the actor_id and country indexes, instead of probing participants per event.
    """
    p = event_participants.c
    matching = select(p.event_id).where(p.role.in_(roles), or_(p.actor_id == who, p.country == who))
    return events.c.id.in_(matching)


def _has_part(who: str, roles: tuple[str, ...]) -> ColumnElement[bool]:
    """`_takes_part` as a correlated EXISTS: the database then reads events in the order
    asked for (the date-then-id index) and probes each one's participants, stopping once
    the page is full. Cheap when the actor is in many events, ruinous when in few."""
    p = event_participants.c
    return exists().where(
        p.event_id == events.c.id, p.role.in_(roles), or_(p.actor_id == who, p.country == who)
    )


def _unindexed(column: ColumnElement[Any]) -> ColumnElement[Any]:
    """`column` as an expression no index provides (`date || ''`, the same values): ordering
    by it keeps PostgreSQL from walking the date index for an actor's or a pair's events,
    which its planner does for a rare actor it takes for a common one (7 s instead of 0.2
    for a page of an actor in 738 of a million events)."""
    return column.concat("")


def _walk_pays(conn: Connection, who: str, rows: int) -> bool:
    """Whether the first `rows` events of `who` are found faster by walking all events in
    date order (`_has_part`) than by collecting and sorting every event of `who`.

    Walking costs about rows * N / n events for an actor in n of N events; collecting
    costs n: walk when n >= sqrt(rows * N). n is counted from the participant index only
    up to that bound, so the choice itself stays cheap for a busy actor. SQLite's planner
    cannot tell a busy actor from a rare one (it keeps no statistics per value), so the
    store chooses; PostgreSQL gets the same query either way round.
    """
    total = _estimated_events(conn)
    if total <= 0:
        return False
    enough = math.isqrt(rows * total) + 1
    return _count_upto(conn, who, enough) >= enough


def _count_upto(conn: Connection, who: str, cap: int) -> int:
    """About how many actor or recipient participant rows have id or country `who`: the
    larger of the two counts, each read from its own index and stopped at `cap` (one query
    with OR would make PostgreSQL gather every matching row first)."""
    p = event_participants.c
    found = 0
    for column in (p.actor_id, p.country):
        some = select(p.event_id).where(column == who, p.role.in_(_SIDES)).limit(cap).subquery()
        found = max(found, int(conn.execute(select(func.count()).select_from(some)).scalar_one()))
    return found


def _rarer_first(conn: Connection, pair: tuple[str, str] | None) -> tuple[str, str] | None:
    """The pair with its rarer party first (a pair matches either way round). The events of
    the first are collected and the second looked up in each, so a busy actor paired with
    a rare one costs the rare one's events, not the busy one's."""
    if pair is None:
        return None
    a, b = pair
    in_a = _count_upto(conn, a, _PAIR_CAP)
    return (b, a) if _count_upto(conn, b, in_a) < in_a else (a, b)


_LARGEST_ROWID = text("SELECT max(rowid) FROM events")
_RELTUPLES = text("SELECT reltuples FROM pg_class WHERE oid = to_regclass('events')")


def _estimated_events(conn: Connection) -> int:
    """About how many events are stored, without counting them: SQLite's largest rowid
    (rows ever inserted, an upper bound), PostgreSQL's planner estimate (-1 before the
    table was first analysed)."""
    query = _LARGEST_ROWID if conn.dialect.name == "sqlite" else _RELTUPLES
    return int(conn.execute(query).scalar() or 0)


def _coarser(date: str) -> list[str]:
    """The coarser dates that contain `date`: "2024-03-15" -> ["2024", "2024-03"]."""
    parts = date.split("-")
    return ["-".join(parts[:i]) for i in range(1, len(parts))]


def _since(since: str) -> ColumnElement[bool]:
    """Event dates whose period ends on or after the start of `since`."""
    return or_(events.c.date >= since, events.c.date.in_(_coarser(since)))


def _until(until: str) -> ColumnElement[bool]:
    """Event dates whose period starts on or before the end of `until`."""
    return or_(events.c.date <= until, events.c.date.startswith(until, autoescape=True))


def _chunks(ids: list[_Id]) -> Iterator[list[_Id]]:
    for i in range(0, len(ids), _CHUNK):
        yield ids[i : i + _CHUNK]


def _participants(
    conn: Connection, table: Table, key: str, ids: list[str]
) -> defaultdict[str, dict[str, list[Mention]]]:
    """owner id -> role -> mentions in position order, for the owners in `ids`."""
    found: defaultdict[str, dict[str, list[Mention]]] = defaultdict(lambda: defaultdict(list))
    for chunk in _chunks(ids):
        q = (
            select(table)
            .where(table.c[key].in_(chunk))
            .order_by(table.c[key], table.c.role, table.c.position)
        )
        for r in conn.execute(q).mappings():
            found[r[key]][r["role"]].append(_mention_from_row(r))
    return found


def _mention_from_row(r: Any) -> Mention:
    entity = Entity(
        id=r["actor_id"], name=r["name"], country=r["country"], sector=r["sector"],
        kind=r["kind"], wikidata_id=r["wikidata_id"],
    )  # fmt: skip
    return Mention(entity=entity, text=r["raw_text"], start=r["start"], end=r["end"])


def _event_from_row(r: Row | RowMapping, roles: dict[str, list[Mention]]) -> Event:
    claimed = roles.get("claimed_by", [])
    return Event(
        id=r["id"], doc_id=r["doc_id"], event=r["event"], quad_code=r["quad_code"],
        intensity=r["intensity"], actor=list(roles.get("actor", [])),
        recipient=list(roles.get("recipient", [])), sentence=r["sentence"],
        sentence_start=r["sentence_start"], sentence_end=r["sentence_end"], mode=r["mode"],
        context=list(r["context"] or []), cameo=r["cameo"],
        mediator=list(roles.get("mediator", [])), modality=r["modality"],
        historical=bool(r["historical"]), claimed_by=claimed[0] if claimed else None,
        date=r["date"], date_precision=r["date_precision"], date_source=r["date_source"],
        location=r["location"], event_text=r["event_text"], confidence=r["confidence"],
        issue=r["issue"],
    )  # fmt: skip


def _link_from_row(r: Row, roles: dict[str, list[Mention]]) -> Link:
    return Link(
        id=r["id"], doc_id=r["doc_id"], kind=r["kind"], a=roles["a"][0], b=roles["b"][0],
        sentence=r["sentence"], sentence_start=r["sentence_start"],
        sentence_end=r["sentence_end"], via=list(roles.get("via", [])), issue=r["issue"],
        modality=r["modality"], date=r["date"], confidence=r["confidence"],
    )  # fmt: skip


def _group_members(conn: Connection, group_ids: list[str]) -> list[Row]:
    """The event rows of the groups in `group_ids`."""
    found: list[Row] = []
    for chunk in _chunks(group_ids):
        q = select(events).where(events.c.group_id.in_(chunk)).order_by(events.c.id)
        found += [dict(r) for r in conn.execute(q).mappings()]
    return found


def _relation_may_involve(actor: str) -> ColumnElement[bool]:
    """Relations whose sides are `actor`, or whose payload holds it as a quoted value: a
    superset, done in SQL (the indexed sides, then a scan of the JSON text, never decoded),
    that `_relation_involves` narrows to sides, mediators and their countries exactly."""
    r = relations.c
    if not actor.isascii() or '"' in actor or "\\" in actor:  # JSON would escape it
        return true()
    quoted = cast(r.payload, Text).contains(f'"{actor}"', autoescape=True)
    return or_(r.a_id == actor, r.b_id == actor, quoted)


def _relation_involves(payload: Row, actor: str) -> bool:
    sides = [payload["a"], payload["b"], *payload.get("via", [])]
    return any(actor in (side.get("id"), side.get("country")) for side in sides)


def _examples(conn: Connection, mention_ids: list[int]) -> dict[int, Row]:
    """mention id -> its doc_id, NER label and the sentence it sits in."""
    m, s = mentions.c, sentences.c
    in_sentence = and_(s.doc_id == m.doc_id, s.start <= m.start, s.end > m.start)
    found: dict[int, Row] = {}
    for chunk in _chunks(mention_ids):
        q = (
            select(m.id, m.doc_id, m.label, s.text.label("example"))
            .select_from(mentions.outerjoin(sentences, in_sentence))
            .where(m.id.in_(chunk))
            .order_by(m.id, s.idx)
        )
        for r in conn.execute(q).mappings():
            found.setdefault(r["id"], {"label": r["label"], "example": r["example"],
                                       "doc_id": r["doc_id"]})  # fmt: skip
    return found


# ---- incremental relations ---------------------------------------------------------------
# For `realpolitik.api.refresh_relations`: after a batch, only the actor pairs the new
# documents touch are aggregated again. Module-level functions over a Store, so the class
# above stays as it is.

_PAIRS_PER_QUERY = 100


def events_of_pairs(store: Store, pairs: Sequence[tuple[str, str]]) -> list[Event]:
    """Events with one side of a pair among the actors and the other among the recipients,
    for any of `pairs` (actor ids or country codes, as `Store.events(pair=...)`); a superset
    of the events between those parties, each once, in no particular order."""
    found: dict[str, Event] = {}
    with store._errors("read events"), store.engine.connect() as conn:
        for i in range(0, len(pairs), _PAIRS_PER_QUERY):
            chunk = pairs[i : i + _PAIRS_PER_QUERY]
            between = [_event_filters(None, p, None, None, None, None, None, None)[0]
                       for p in chunk]  # fmt: skip
            q = select(events).where(or_(*between))
            rows = [dict(r) for r in conn.execute(q).mappings() if r["id"] not in found]
            parts = _participants(conn, event_participants, "event_id", [r["id"] for r in rows])
            found.update((r["id"], _event_from_row(r, parts[r["id"]])) for r in rows)
    return list(found.values())


def links_of_parties(store: Store, keys: Sequence[str]) -> list[Link]:
    """Links with a side (a or b) whose actor id or country is one of `keys`: a superset of
    the links between those parties, in no particular order."""
    p = link_participants.c
    wanted = sorted(set(keys))
    with store._errors("read links"), store.engine.connect() as conn:
        ids: set[str] = set()
        for chunk in _chunks(wanted):
            q = select(p.link_id).where(
                p.role.in_(("a", "b")), or_(p.actor_id.in_(chunk), p.country.in_(chunk))
            )
            ids.update(conn.execute(q).scalars())
        rows: list[Row] = []
        for chunk in _chunks(sorted(ids)):
            rows += [dict(r) for r in conn.execute(select(links).where(links.c.id.in_(chunk)))
                     .mappings()]  # fmt: skip
        parts = _participants(conn, link_participants, "link_id", [r["id"] for r in rows])
    return [_link_from_row(r, parts[r["id"]]) for r in rows]


def rewrite_relations(
    store: Store,
    drop: Callable[[Row], bool],
    new: Sequence[Relation],
    order: Callable[[Row], Any],
    settled: Sequence[str] = (),
) -> None:
    """Replace the cached relations whose payload `drop` picks with `new`, keep the others,
    and write the cache back sorted by `order` (of payloads), in one locked transaction
    (as `replace_relations`): when `new` is what a rebuild finds for the dropped pairs, the
    cache ends as a rebuild would leave it. The `settled` documents leave the pending list
    in the same transaction."""
    fresh = [_relation_row(r) for r in new]
    columns = [c for c in relations.c if c.name != "id"]
    with store._write("save relations", locks.RELATIONS) as conn:
        stored = conn.execute(select(*columns).order_by(relations.c.id)).mappings()
        kept = [dict(r) for r in stored if not drop(r["payload"])]
        rows = sorted([*kept, *fresh], key=lambda r: order(r["payload"]))
        conn.execute(delete(relations))
        _insert(conn, relations, rows)
        _settle(conn, settled)


def settle_pending(store: Store, doc_ids: Sequence[str]) -> None:
    """Take documents whose pairs changed nothing in the cache off the pending list."""
    if doc_ids:
        with store._write("save relations", locks.RELATIONS) as conn:
            _settle(conn, doc_ids)


def _settle(conn: Connection, doc_ids: Sequence[str]) -> None:
    """Take documents off the pending list: the relations now include them."""
    for chunk in _chunks(sorted(set(doc_ids))):
        conn.execute(delete(pending_relations).where(pending_relations.c.doc_id.in_(chunk)))
