"""The harness every issue's tests reuse: the test database, services, signed-in clients, the browser."""

import hashlib
from collections import Counter
from importlib import import_module
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import connection, transaction

from tests.factories import UserFactory
from tests.helpers.demo import demo_restore, demo_snapshot_shared, demo_snapshot_take
from tests.helpers.services import CHROMIUM, IN_CI, MARKER_NEEDS, NEEDS

SKIP_PREFIX = "needs "


def pytest_runtest_setup(item):
    for marker, needs in MARKER_NEEDS.items():
        if item.get_closest_marker(marker) is None:
            continue
        for need in needs:
            label, available = NEEDS[need]
            if available():
                continue
            if IN_CI:
                pytest.fail(f"CI=true and {label} is not available: this test must not be skipped.")
            pytest.skip(f"{SKIP_PREFIX}{label}")


def pytest_terminal_summary(terminalreporter):
    # Counted from the reports, so that it works under pytest-xdist too.
    missing = Counter()
    for report in terminalreporter.stats.get("skipped", []):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        if reason.startswith(f"Skipped: {SKIP_PREFIX}"):
            missing[reason.removeprefix(f"Skipped: {SKIP_PREFIX}")] += 1
    if not missing:
        return
    terminalreporter.section("SKIPPED FOR WANT OF A REAL SERVICE", sep="!", red=True, bold=True)
    for label, count in missing.items():
        terminalreporter.write_line(f"{count} test(s) did not run: no {label}.", red=True, bold=True)
    terminalreporter.write_line("CI runs them all; run `bash .ci/run` to do the same here.", red=True)


# The test database is kept between runs (--reuse-db in pyproject.toml's addopts), so a run skips the
# migrations. Django's keepdb applies a new migration to a kept database, but not a changed or removed
# one (a migration remade, another branch's), and a run killed half-way leaves rows behind. So a kept
# PostgreSQL database carries a mark (its comment): the fingerprint of every migration file, written
# when a run ends, cleared while one runs. A database without the current mark is made afresh, as it
# is on a clean machine (no database) and always with --create-db. Other databases: always afresh.
def _migrations_fingerprint() -> str:
    import django
    from django.apps import apps
    from django.db.migrations.loader import MigrationLoader

    digest = hashlib.sha256(django.get_version().encode())
    for app in apps.get_app_configs():
        module_name, _ = MigrationLoader.migrations_module(app.label)
        try:
            module = import_module(module_name)
        except ImportError:
            continue
        folder = Path(module.__file__).parent
        for path in sorted(folder.glob("*.py")):
            digest.update(f"{app.label}/{path.name}".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _test_database_mark() -> str | None:
    name = connection.creation._get_test_db_name()
    with connection._nodb_cursor() as cursor:
        cursor.execute("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [name])
        row = cursor.fetchone()
    return row[0] if row else None


def _test_database_mark_set(mark: str):
    with connection.cursor() as cursor:
        cursor.execute(f"COMMENT ON DATABASE {connection.ops.quote_name(connection.settings_dict['NAME'])} IS %s",
                       [mark])


@pytest.fixture(scope="session")
def django_db_createdb(request, django_db_modify_db_settings, django_db_blocker):
    if request.config.getvalue("create_db") or not request.config.getvalue("reuse_db"):
        return request.config.getvalue("create_db")
    if connection.vendor != "postgresql":
        return True
    with django_db_blocker.unblock():
        mark = _test_database_mark()
    # No database yet: keepdb makes one. One without the current mark: made afresh.
    return mark is not None and mark != _migrations_fingerprint()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_keepdb, django_db_blocker):
    if not django_db_keepdb or connection.vendor != "postgresql":
        yield
        return
    with django_db_blocker.unblock():
        _test_database_mark_set("in use")
    yield
    with django_db_blocker.unblock():
        _test_database_mark_set(_migrations_fingerprint())


# A transactional test (the browser's, the worker's) empties every table after it: Django's flush.
# On PostgreSQL that is one TRUNCATE of some eighty tables, which makes new files for each table and
# index and takes seconds; DELETE of the same few rows takes a twentieth of that and leaves the same
# empty tables (sequences are not reset either way; the foreign keys are checked at the flush's
# commit). A flush that resets sequences or cascades keeps the TRUNCATE.
@pytest.fixture(scope="session", autouse=True)
def _flush_by_delete():
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncate = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or allow_cascade:
            return truncate(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        return [f"{style.SQL_KEYWORD('DELETE FROM')} {style.SQL_FIELD(self.quote_name(table))};" for table in tables]

    DatabaseOperations.sql_flush = sql_flush
    yield
    DatabaseOperations.sql_flush = truncate


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The partnership's name is cached; a test must not see another test's."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def run_tasks(settings):
    """Celery tasks run where they are enqueued, as Celery reads its settings at call time. Work enqueued
    with `transaction.on_commit` still waits for the commit: pair with
    `django_capture_on_commit_callbacks(execute=True)`. Never `app.conf.update(...)` (STACK.md)."""
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.CELERY_TASK_EAGER_PROPAGATES = True


# The demo: loaded once per worker (tests/helpers/demo.py), restored for a module or a test.
@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup, django_db_blocker, tmp_path_factory, worker_id):
    with django_db_blocker.unblock():
        if worker_id == "master":
            return demo_snapshot_take()
        # The workers of one run share the parent of their temporary folders: one load for them all.
        return demo_snapshot_shared(tmp_path_factory.getbasetemp().parent / "demo-snapshot.json")


@pytest.fixture(scope="module")
def demo(demo_snapshot, django_db_blocker):
    """The demo for a module's tests, inside a transaction that is rolled back after the module, so no
    other test sees it. Each test still runs in its own savepoint (the `db` fixture)."""
    with django_db_blocker.unblock(), transaction.atomic():
        demo_restore(demo_snapshot)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo_in_test(db, demo_snapshot):
    """The demo restored inside the test's own transaction (as if `load_demo` had run first in it)."""
    demo_restore(demo_snapshot)


# Signed-in clients. Roles come from memberships (a later issue); `client_for` signs anyone in.
@pytest.fixture
def client_for(client):
    from django.test import Client

    def make(user):
        new = Client()
        new.force_login(user)  # axes refuses Client.login() without a request
        return new

    return make


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def staff_user(db):
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def signed_in_client(client_for, user):
    return client_for(user)


@pytest.fixture
def staff_client(client_for, staff_user):
    return client_for(staff_user)


# The browser: Debian's Chromium, never Playwright's own download (there is none here).
@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # The CSP would refuse the injected axe-core script; the app's own pages keep theirs.
    return {**browser_context_args, "bypass_csp": True, "locale": "en-GB"}


def sign_in(page, user, url):
    """Sign `page`'s browser in as `user`: the session cookie the test client made, copied across."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": url}])
    return page


@pytest.fixture
def page_for(page, live_server):
    """A page signed in as `user`."""
    return lambda user: sign_in(page, user, live_server.url)
