"""Bring a store written by an older realpolitik up to the current schema, without loss.

`MIGRATIONS[n]` takes a version n-1 database to version n. A step is additive: it adds
columns, indexes or tables and fills them from what is stored, never drops or rewrites what
a user stored. Steps are written against the database as it stood at their version (plain
DDL, explicit columns), not against `schema.py`, which only describes the newest version,
and they check before they add, so a step interrupted by a crash reruns cleanly.

`upgrade` runs in one transaction that first takes the schema lock (PostgreSQL: an advisory
lock; SQLite: the store begins write transactions IMMEDIATE), then rereads the version, so of
two processes opening an old store at once one upgrades and the other finds nothing to do.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection, delete, inspect, select, text

from realpolitik.store import locks
from realpolitik.store.groups import assign_all
from realpolitik.store.schema import metadata, schema_version

Step = Callable[[Connection], None]
FIRST_VERSION = 1  # the schema realpolitik first shipped; it has no step


class NewerStoreError(Exception):
    """The database was written by a newer realpolitik than this one."""

    def __init__(self, found: int, latest: int) -> None:
        super().__init__(f"schema version {found}, newer than the {latest} this realpolitik reads")
        self.found, self.latest = found, latest


def _add_event_groups(conn: Connection) -> None:
    """group the events that report one happening (events.group_id, events.parties)"""
    found = {c["name"] for c in inspect(conn).get_columns("events")}
    for column in ("group_id", "parties"):
        if column not in found:
            conn.execute(text(f"ALTER TABLE events ADD COLUMN {column} TEXT"))
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_events_group_id ON events (group_id)"))
    conn.execute(text(
        "CREATE INDEX IF NOT EXISTS ix_events_group_lookup ON events (event, parties, date)"
    ))  # fmt: skip
    assign_all(conn)


def _index_participant_countries(conn: Connection) -> None:
    """index event participants by country and by actor, with their role and event

    Events of a country or an actor are then found from the index alone, without reading
    the participant rows.
    """
    for name, column in (("country", "country"), ("actor_role", "actor_id")):
        conn.execute(text(
            f"CREATE INDEX IF NOT EXISTS ix_event_participants_{name} "
            f"ON event_participants ({column}, role, event_id)"
        ))  # fmt: skip


def _index_events_by_date_and_id(conn: Connection) -> None:
    """index events by date then id, the order every event listing is read in

    A page of events (the newest listing, or a busy actor's) is then read off the index in
    order and stops after the page, instead of sorting every matching event first.
    """
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_events_date_id ON events (date, id)"))


def _add_pending_relations(conn: Connection) -> None:
    """keep the documents whose relations are not refreshed yet (pending_relations)

    A run stopped between storing documents and refreshing their actor pairs leaves them
    listed, and the next refresh takes them in; the store starts with none pending, since
    every earlier run rebuilt the cache.
    """
    conn.execute(text(
        "CREATE TABLE IF NOT EXISTS pending_relations "
        "(doc_id TEXT NOT NULL PRIMARY KEY, replaced BOOLEAN NOT NULL)"
    ))  # fmt: skip


MIGRATIONS: dict[int, Step] = {
    2: _add_event_groups,
    3: _index_participant_countries,
    4: _index_events_by_date_and_id,
    5: _add_pending_relations,
}


def latest() -> int:
    """The version the code writes: that of the last step."""
    return max(MIGRATIONS, default=FIRST_VERSION)


def describe(version: int) -> str:
    """A step as one line: its number, then the first line of its docstring."""
    lines = (MIGRATIONS[version].__doc__ or MIGRATIONS[version].__name__).strip().splitlines()
    return f"{version}: {lines[0]}"


def stored_version(conn: Connection) -> int | None:
    """The database's schema version; None for an empty one.

    A version-1 database whose first open died between creating the tables and recording the
    version counts as version 1.
    """
    tables = inspect(conn)
    found = []
    if tables.has_table(schema_version.name):
        found = list(conn.execute(select(schema_version.c.version)).scalars())
    if found:
        return max(found)
    return FIRST_VERSION if tables.has_table("documents") else None


def plan(conn: Connection) -> list[str]:
    """What `upgrade` would do, one line per step; [] when the schema is current.

    Raises NewerStoreError for a database written by a newer realpolitik.
    """
    version = stored_version(conn)
    if version is None:
        return [f"{latest()}: create the schema"]
    if version > latest():
        raise NewerStoreError(version, latest())
    return [describe(v) for v in sorted(MIGRATIONS) if v > version]


def upgrade(conn: Connection) -> list[str]:
    """Create or upgrade the schema inside `conn`'s write transaction; the steps it ran.

    An empty database gets the newest schema at once; an old one each step above its
    version, in order; then the version is set to the latest.
    """
    locks.hold(conn, locks.SCHEMA)
    steps = plan(conn)  # reread under the lock: another process may have just upgraded
    version = stored_version(conn)
    if version is None:
        metadata.create_all(conn)
    else:
        for step in sorted(v for v in MIGRATIONS if v > version):
            MIGRATIONS[step](conn)
    if steps:
        _record(conn, latest())
    return steps


def _record(conn: Connection, version: int) -> None:
    schema_version.create(conn, checkfirst=True)
    conn.execute(delete(schema_version))
    conn.execute(schema_version.insert(), [{"version": version}])
