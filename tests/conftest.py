"""The harness every issue's tests reuse: services, signed-in clients, the browser."""

from collections import Counter

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import transaction

from tests.factories import UserFactory
from tests.helpers.demo import demo_restore, demo_snapshot_take
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


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The partnership's name is cached; a test must not see another test's."""
    cache.clear()
    yield
    cache.clear()


# The demo: loaded once per worker (tests/helpers/demo.py), restored for a module or a test.
@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        return demo_snapshot_take()


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


@pytest.fixture
def page_for(page, live_server):
    """A page signed in as `user`: the session cookie the test client made, copied across."""
    from django.test import Client

    def sign_in(user):
        client = Client()
        client.force_login(user)
        cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
        page.context.add_cookies(
            [{"name": cookie.key, "value": cookie.value, "url": live_server.url}]
        )
        return page

    return sign_in
