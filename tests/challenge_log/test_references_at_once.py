"""Issue 14 §1 on PostgreSQL: references run without gaps or repeats within the partnership's year even when
entries are raised at the same instant, by separate processes (each its own interpreter and connection to the
test database), because the year's counter row is locked while the next number is taken. The processes are
started afresh (not forked: a fork would share the test's open connection) and wait for a file to appear, then
all raise at once."""

import os
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.db import connection

from challenge_log.models import Entry

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

PROCESSES = 6
CHILD = """
import os, time
import django
django.setup()
from accountability.models import Body, User
from challenge_log import services
while not os.path.exists(os.environ["START"]):
    time.sleep(0.005)
services.entry_raise(data={"kind": "concern", "title": "At once", "description": "Raised at once.",
                           "raised_by_body": Body.objects.get(pk=int(os.environ["BODY"]))},
                     by=User.objects.get(pk=int(os.environ["PERSON"])))
"""


def _database_url() -> str:
    db = connection.settings_dict
    host, port = db["HOST"] or "localhost", db["PORT"] or 5432
    return f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{host}:{port}/{db['NAME']}"


def test_entries_raised_at_once_by_separate_processes_are_numbered_without_gaps(log, tmp_path):
    start = tmp_path / "start"
    env = {**os.environ, "DATABASE_URL": _database_url(), "DJANGO_SETTINGS_MODULE": "config.settings.test",
           "START": str(start), "BODY": str(log["sapp"].pk), "PERSON": str(log["chair"].pk)}
    children = [subprocess.Popen([sys.executable, "-c", CHILD], env=env, cwd=settings.BASE_DIR,
                                 stderr=subprocess.PIPE) for _ in range(PROCESSES)]
    time.sleep(3)  # each interpreter starts Django and waits for the signal
    start.touch()
    errors = [child.communicate(timeout=120)[1].decode()[-2000:] for child in children]
    assert [child.returncode for child in children] == [0] * PROCESSES, errors
    assert sorted(Entry.objects.values_list("number", flat=True)) == list(range(1, PROCESSES + 1))
    assert len(set(Entry.objects.values_list("reference", flat=True))) == PROCESSES
