"""The demo, loaded once per test worker and restored wherever a module or a test needs it.

`load_demo` takes seconds (a year of meetings, their summaries, the plan). A worker runs it once, on
the real day, inside a transaction it rolls back, and keeps what the load wrote: every table whose
rows it changed, copied out with PostgreSQL's COPY. Restoring writes those tables back (COPY in) inside
the caller's transaction, which the caller rolls back, and moves the tables' sequences past the rows.
The rows are the load's own, so a restored demo is the demo loaded on the day the suite runs.

Tests about loading itself (a second run, a run on another day) still call `load_demo`.
"""

import fcntl
import json
from io import StringIO
from pathlib import Path

from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction

Snapshot = dict[str, str]  # table name: its rows in COPY's text format


def _tables() -> list[str]:
    return sorted(connection.introspection.django_table_names(only_existing=True, include_views=False))


def _dump(tables: list[str]) -> Snapshot:
    rows = {}
    with connection.cursor() as cursor:
        for table in tables:
            out = StringIO()
            cursor.cursor.copy_expert(f"COPY {connection.ops.quote_name(table)} TO STDOUT", out)
            rows[table] = out.getvalue()
    return rows


def demo_snapshot_take() -> Snapshot:
    """Load the demo, keep the tables it changed, and roll the load back."""
    assert connection.vendor == "postgresql", "the demo snapshot copies tables with PostgreSQL's COPY"
    assert not connection.in_atomic_block, "take the snapshot outside any test's transaction (a session fixture)"
    tables = _tables()
    with transaction.atomic():
        before = _dump(tables)
        call_command("load_demo", stdout=StringIO())
        after = _dump(tables)
        transaction.set_rollback(True)
    return {table: rows for table, rows in after.items() if rows != before[table]}


def demo_snapshot_shared(path: Path) -> Snapshot:
    """The snapshot taken once for the whole run: the first worker to ask loads the demo and writes it to
    `path` (a folder every worker of the run shares); the others wait for it and read it. Each worker's
    database is made by the same migrations, so the rows fit every one of them."""
    with open(path.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if path.exists():
            return json.loads(path.read_text())
        snapshot = demo_snapshot_take()
        path.write_text(json.dumps(snapshot))
        return snapshot


def demo_restore(snapshot: Snapshot) -> None:
    """Put the demo's rows back; call inside a transaction that is rolled back (a test's, a module's)."""
    assert connection.in_atomic_block, "restore the demo inside a transaction that is rolled back"
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table, rows in snapshot.items():
            cursor.execute(f"DELETE FROM {quote(table)}")
            cursor.cursor.copy_expert(f"COPY {quote(table)} FROM STDIN", StringIO(rows))
        # Django's foreign keys are checked at commit: make sure the rows hold together now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        models = [m for m in apps.get_models(include_auto_created=True) if m._meta.db_table in snapshot]
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)
