"""A real Celery worker in its own process, on the test database and a Redis database of its own.

Tests that use it are marked `worker` and `django_db(transaction=True)`: the worker reads only
committed data. Pass the day in to services (`as_of`) rather than freezing time: frozen time does
not reach another process.
"""

import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import redis
from django.db import connection

from tests.helpers.services import test_redis_url

ROOT = Path(__file__).resolve().parents[2]


def database_url() -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@contextmanager
def celery_worker(extra_env: dict | None = None, app: str = "config"):
    """A worker of `app` (the project's; or a tests-side module that imports it and registers what a
    test needs, such as tests/notifications/worker_app.py)."""
    broker = test_redis_url()
    redis.Redis.from_url(broker).flushdb()  # a dedicated database: nothing left from earlier runs
    env = {
        **os.environ,
        "DJANGO_DEBUG": "true",
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": broker,
        **(extra_env or {}),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", app, "worker", "-P", "solo", "-c", "1",
         "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=INFO"],
        cwd=ROOT, env=env, start_new_session=True,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        yield process
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def send(task, *args, **kwargs):
    """Enqueue `task` on the test broker (the app's own broker may be another)."""
    from config.celery import app

    with app.connection_for_write(test_redis_url()) as conn:
        return task.apply_async(args=args, kwargs=kwargs, connection=conn)


def wait_for(condition, timeout: float = 30, interval: float = 0.2, what: str = "the worker"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(interval)
    raise AssertionError(f"{what} did not finish within {timeout} s")
