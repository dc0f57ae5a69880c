"""Which real services this run has. In CI (CI=true) a missing one fails the tests that need it;
on a laptop those tests are skipped and the run's summary says so loudly."""

import os
import shutil
from functools import cache

from django.conf import settings
from django.db import connection

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"


def test_redis_url() -> str:
    """A Redis database for the tests' own use: the broker's, when it is Redis."""
    broker = settings.CELERY_BROKER_URL
    if broker.startswith("redis://"):
        return broker
    return os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@cache
def have_postgres() -> bool:
    return connection.vendor == "postgresql"


@cache
def have_redis() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(test_redis_url(), socket_connect_timeout=1).ping())
    except Exception:  # noqa: BLE001 - any failure means no Redis here
        return False


@cache
def have_browser() -> bool:
    try:
        import playwright  # noqa: F401
    except ImportError:
        return False
    return os.path.exists(CHROMIUM)


NEEDS = {
    "postgres": ("PostgreSQL (set DATABASE_URL=postgres://...)", have_postgres),
    "redis": ("Redis (set CELERY_BROKER_URL=redis://... or TEST_REDIS_URL)", have_redis),
    "browser": ("headless Chromium (apt-get install chromium)", have_browser),
}
# A worker test needs the worker's two services.
MARKER_NEEDS = {"postgres": ["postgres"], "redis": ["redis"], "browser": ["browser"],
                "worker": ["postgres", "redis"]}
