"""A cache of the dashboards' and the home page's figures that a write anywhere invalidates at once (issue 18
§3: "invalidated on write, not after a timeout"), whichever way the write is made: a service, the admin, a
QuerySet.update, the chase's own SQL, a psql session.

How: on PostgreSQL, a statement-level trigger on every table of the governance apps bumps one counter (from a
sequence, which a rolled-back transaction never hands out again, so a number never stands for two states of the
data); a cached figure's key carries the counter, read with one cheap query on each request, so the first request
after any write computes afresh. The triggers are (re)made after every migrate, so a table a later migration adds
is covered too. Writes outside these apps (sessions, the schedule, sign-in attempts) do not invalidate.

On SQLite (`make run`'s zero-set-up default) there are no triggers and nothing is cached.

Cost: every write to these tables takes the counter's row lock until it commits, so concurrent writing
transactions queue on it for their last moments; a governance app writes rarely, and the chase's thousands of
rows go in a few statements (statement-level: one bump a statement, not a row)."""

from collections.abc import Callable

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection

APPS = ("accountability", "plan", "challenge_log", "reporting", "notifications", "bscb")
TABLE = "reporting_data_generation"
SEQUENCE = "reporting_data_generation_seq"
TRIGGER = "reporting_data_generation"
FUNCTION = "reporting_data_generation_bump"
KEEP_SECONDS = 24 * 60 * 60  # memory hygiene only: a key goes stale by the counter, never by time


def _tables() -> list[str]:
    tables = set()
    for label in APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if model._meta.managed and not model._meta.proxy:
                tables.add(model._meta.db_table)
    return sorted(tables)


def ensure_generation_triggers(using: str = "default") -> None:
    """Make the counter, its function and one trigger a table: idempotent (post_migrate, and after a flush)."""
    from django.db import connections

    conn = connections[using]
    if conn.vendor != "postgresql":
        return
    with conn.cursor() as cursor:
        cursor.execute(f"CREATE SEQUENCE IF NOT EXISTS {SEQUENCE}")
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {TABLE} (id smallint PRIMARY KEY, n bigint NOT NULL)")
        cursor.execute(f"""
            CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              INSERT INTO {TABLE} (id, n) VALUES (1, nextval('{SEQUENCE}'))
                ON CONFLICT (id) DO UPDATE SET n = EXCLUDED.n;
              RETURN NULL;
            END $$""")  # noqa: S608 - constants of this module, no input
        existing = set(conn.introspection.table_names(cursor))
        for table in _tables():
            if table in existing:
                cursor.execute(f'CREATE OR REPLACE TRIGGER {TRIGGER} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE '
                               f'ON "{table}" FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()')


def generation() -> int | None:
    """The counter now (0 before any write), or None where nothing may be cached (SQLite, or switched off by
    the REPORTING_CACHE setting). One query."""
    if connection.vendor != "postgresql" or not getattr(settings, "REPORTING_CACHE", True):
        return None
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT n FROM {TABLE} WHERE id = 1")  # noqa: S608 - a constant; made after every migrate
        row = cursor.fetchone()
    return row[0] if row else 0


def cached(name: str, parts: tuple, compute: Callable[[], object]):
    """`compute()`, kept under `name` and `parts` (the reader, the record, the day...) until the next write."""
    number = generation()
    if number is None:
        return compute()
    key = f"reporting:{connection.settings_dict['NAME']}:{name}:{number}:" + ":".join(map(str, parts))
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, KEEP_SECONDS)
    return value
