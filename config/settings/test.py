"""The test suite: the base settings with a fast hasher (factories set a password for everyone they
make), mail kept in memory, and debug on (tests/pytest_env.py sets the environment first)."""

import os

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# A worker started by a test may deliver through tests.helpers.mail.CountingFileBackend instead.
EMAIL_BACKEND = os.environ.get("TEST_EMAIL_BACKEND") or "django.core.mail.backends.locmem.EmailBackend"

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    # A test database need not survive a power cut: commits (the browser, worker and demo tests
    # commit thousands) do not wait for the disk.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] += " -c synchronous_commit=off"  # noqa: F405
