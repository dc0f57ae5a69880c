"""The Celery app of a worker started by the notifications tests (`celery -A tests.notifications.worker_app`):
the project's own app, and the test source registered in the worker's process. Runtime code names no
test module; this is how a worker learns of a test's source."""

from config.celery import app
from tests.notifications import sources  # noqa: F401 - registers the "chase-test" source

__all__ = ["app"]
