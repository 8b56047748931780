"""Which database a read goes to: everything to the primary, except what asks for the reports' database.

Report pages read many rows and can be a little behind; they call `read_db_for_reports()` and pass
it to `.using()`, so with a replica configured (DATABASE_REPLICA_URL) they leave the primary to the
students answering cards. Nothing else reads from the replica: a student must see their own write.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings

PRIMARY = "default"
REPLICA = "replica"


def read_db_for_reports():
    """The alias report queries read from: the replica when one is configured, else the primary."""
    return REPLICA if settings.DATABASE_REPLICA_URL else PRIMARY


# Set while a report page builds its tables: its reads may go to the replica.
_reading_for_reports = ContextVar("reading_for_reports", default=False)


@contextmanager
def reads_for_reports():
    """Every read inside goes to the reports' database (the replica when configured): an instructor's
    report may be a moment behind; a student's own page never reads there."""
    token = _reading_for_reports.set(True)
    try:
        yield
    finally:
        _reading_for_reports.reset(token)


class PrimaryReplicaRouter:
    """Models read and write on the primary unless a query names the replica; only the primary is migrated."""

    def db_for_read(self, model, **hints):
        if _reading_for_reports.get():
            return read_db_for_reports()
        return None  # the primary, or the database the related object came from

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the same rows as the primary: an object read there may point at one from here.
        return {obj1._state.db, obj2._state.db} <= {PRIMARY, REPLICA}

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY
