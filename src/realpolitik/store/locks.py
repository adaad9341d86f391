"""Keep two processes from doing the same write at once.

PostgreSQL runs transactions side by side: two ingests could both see "no group yet" and
make two, two relation rebuilds could both delete and then both insert, two first opens
could both create the schema. Each such write therefore holds a transaction-scoped
advisory lock, released at commit or rollback. SQLite needs no lock here: the store begins
its write transactions IMMEDIATE, so there is only ever one writer.
"""

from __future__ import annotations

from sqlalchemy import Connection, func, select

NAMESPACE = 0x52504C54  # "RPLT": the first key of every realpolitik advisory lock
SCHEMA = 1  # creating or upgrading the schema
DOCUMENTS = 2  # saving a document (and grouping its events)
RELATIONS = 3  # replacing the relations cache


def hold(conn: Connection, key: int) -> None:
    """Block until this transaction holds lock `key` (PostgreSQL; a no-op on SQLite)."""
    if conn.dialect.name == "postgresql":
        conn.execute(select(func.pg_advisory_xact_lock(NAMESPACE, key)))
