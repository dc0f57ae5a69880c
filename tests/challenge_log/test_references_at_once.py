"""Issue 14 §1 on PostgreSQL: references run without gaps or repeats within the partnership's year even when
entries are raised at the same instant, by separate processes (each its own connection), because the year's
counter row is locked while the next number is taken."""

import multiprocessing

import pytest
from django.db import connection

from challenge_log.models import Entry

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

PROCESSES = 6


def _raise(start, body_pk, user_pk, index):
    """In a child process: wait for the others, then raise one entry."""
    from accountability.models import Body, User
    from challenge_log import services

    start.wait(timeout=30)
    services.entry_raise(data={"kind": "concern", "title": f"Concern {index}", "description": "At once.",
                               "raised_by_body": Body.objects.get(pk=body_pk)},
                         by=User.objects.get(pk=user_pk))
    connection.close()


def test_entries_raised_at_once_by_separate_processes_are_numbered_without_gaps(log):
    connection.close()  # each child opens its own
    context = multiprocessing.get_context("fork")
    start = context.Barrier(PROCESSES)
    children = [context.Process(target=_raise, args=(start, log["sapp"].pk, log["chair"].pk, i))
                for i in range(PROCESSES)]
    for child in children:
        child.start()
    for child in children:
        child.join(60)
    assert [child.exitcode for child in children] == [0] * PROCESSES
    numbers = sorted(Entry.objects.values_list("number", flat=True))
    assert numbers == list(range(1, PROCESSES + 1))
    assert len(set(Entry.objects.values_list("reference", flat=True))) == PROCESSES
