"""The test suite: the base settings with a fast hasher (factories set a password for everyone they
make), mail kept in memory, and debug on (tests/pytest_env.py sets the environment first)."""

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
