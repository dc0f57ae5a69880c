"""Loaded with `-p` before pytest-django reads the settings: test defaults for the environment."""

import os

# The suite's settings even where the shell names others (an exported config.settings.local would
# win over pyproject.toml's, and the worker tests' subprocesses inherit it).
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"

os.environ.setdefault("DJANGO_DEBUG", "true")
# Browser tests drive a sync Playwright page while the ORM runs in the same thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# Uploaded files go to a folder of the run's own, not ./var/media.
if "MEDIA_ROOT" not in os.environ:
    import tempfile

    os.environ["MEDIA_ROOT"] = tempfile.mkdtemp(prefix="bscb-test-media-")
# Hypothesis (the form fuzz, tests/fuzz) keeps no examples (database=None), but caches its Unicode tables and the
# constants it reads from the code under a .hypothesis folder: in the system's temporary folder, not the checkout.
if "HYPOTHESIS_STORAGE_DIRECTORY" not in os.environ:
    import tempfile

    os.environ["HYPOTHESIS_STORAGE_DIRECTORY"] = os.path.join(tempfile.gettempdir(), "bscb-test-hypothesis")

# Each test process of a parallel run (pytest-xdist) its own Redis database: the worker tests empty the
# broker's database and start a Celery worker on it, and two such tests on one database at once took
# each other's tasks (run against the other's test database) or emptied each other's queue.
_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
_broker = os.environ.get("CELERY_BROKER_URL", "")
if _worker.startswith("gw") and _broker.startswith("redis://"):
    _base, _, _db = _broker.rpartition("/")
    if _db.isdigit():
        os.environ["CELERY_BROKER_URL"] = f"{_base}/{(int(_db) + int(_worker[2:])) % 16}"
