"""Two chases at once record nothing twice: with the advisory lock, and without it (the unique
constraint and the per-run marker alone)."""

import threading
from datetime import date

import pytest
from django.db import connection

from notifications import services
from notifications.models import Notice, Outbox, Reminder
from notifications.registry import Due
from tests.factories import UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

DAY = date(2017, 3, 23)


def make_dues(source, n=300):
    owners = UserFactory.create_batch(5)
    bu = UserFactory()
    dues = [Due(key=f"c:{i}", title=f"Return {i}", url=f"/r/{i}/", due_date=date(2017, 3, 15),
                rungs=[("owner", [owners[i % 5].pk]), ("business_unit", [bu.pk])]) for i in range(n)]
    source(lambda as_of: dues)
    return n


def run_together(target, count=2):
    barrier = threading.Barrier(count)
    errors = []

    def work():
        try:
            barrier.wait()
            target()
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors


def assert_once(n):
    # overdue-2 to owner and BU (sent), before/due/overdue-1 to the owner (skipped)
    assert Reminder.objects.filter(status="sent").count() == 2 * n
    assert Reminder.objects.filter(status="skipped").count() == 3 * n
    assert Notice.objects.count() == 2 * n
    assert Outbox.objects.count() == 2 * n
    assert not Outbox.objects.unsent().exists()


def test_two_overlapping_chases_record_nothing_twice(source):
    n = make_dues(source)
    results = []
    run_together(lambda: results.append(services.chase(DAY)))
    assert_once(n)
    assert sum(len(r.sent) for r in results) == 2 * n


def test_even_without_the_lock_the_constraint_keeps_each_reminder_single(source, monkeypatch):
    n = make_dues(source)
    monkeypatch.setattr(services, "_try_lock", lambda: True)
    monkeypatch.setattr(services, "_unlock", lambda: None)
    results = []
    run_together(lambda: results.append(services.chase(DAY)))
    assert_once(n)
    sent = [s for r in results for s in r.sent]
    assert len(sent) == len(set(sent)) == 2 * n


def test_a_held_lock_makes_a_second_chase_do_nothing(source):
    make_dues(source, n=3)
    assert services._try_lock()
    try:
        holder_free = []

        def other():
            holder_free.append(services.chase(DAY))

        run_together(other, count=1)
        assert holder_free[0].locked and not holder_free[0].sent
    finally:
        services._unlock()
    assert Reminder.objects.count() == 0
