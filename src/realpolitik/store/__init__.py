"""The store stage: documents, events, links and relations in a SQL database.

`Store("sqlite:///realpolitik.db")` (the default) or `Store.from_url("x.db")`; PostgreSQL
through `postgresql+psycopg://...`. The schema lives in `realpolitik.store.schema`, the
steps that upgrade an older store in `migrations`, and the rule that folds the reports of
one event into a group in `groups`.
"""

from realpolitik.store.store import Store, StoreError

__all__ = ["Store", "StoreError"]
