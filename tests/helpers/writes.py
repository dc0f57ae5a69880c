"""Reads do not write (issue 11): what a block of code wrote, table by table, and every table's rows.

`assert_no_writes()` fails when the block inserted, updated or deleted a row of any table but the
session's (a signed-in request refreshes its session now and then; that is the session's, not the
app's). On PostgreSQL, inside the test's transaction, it reads the transaction's own counters
(pg_stat_xact_user_tables), which also see a row written and deleted again, or an update that
changed nothing; elsewhere it compares every table's rows.

`table_rows()` is every table's rows (every app's, history tables and third-party tables included),
to compare before and after.
"""

from collections import Counter
from contextlib import contextmanager

from django.db import connection

SESSION_TABLES = frozenset({"django_session"})


def _tables() -> list[str]:
    return sorted(connection.introspection.table_names(include_views=False))


def table_rows() -> dict[str, list[str]]:
    """Every table's rows, each as text, sorted: equal before and after when nothing was written."""
    quote = connection.ops.quote_name
    rows = {}
    with connection.cursor() as cursor:
        for table in _tables():
            cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608 (names from the database itself)
            rows[table] = sorted(repr(row) for row in cursor.fetchall())
    return rows


def _written() -> Counter:
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_xact_user_tables")
        return Counter(dict(cursor.fetchall()))


def _difference(before: dict, after: dict, ignore) -> dict:
    return {table: (before.get(table), after.get(table)) for table in set(before) | set(after)
            if table not in ignore and before.get(table) != after.get(table)}


@contextmanager
def assert_no_writes(ignore=SESSION_TABLES):
    counters = connection.vendor == "postgresql" and connection.in_atomic_block
    read = _written if counters else table_rows
    before = read()
    yield
    changed = _difference(before, read(), ignore)
    if counters:
        assert not changed, f"rows written (table: rows touched before, after): {changed}"
    else:
        assert not changed, f"rows changed in: {sorted(changed)}"
