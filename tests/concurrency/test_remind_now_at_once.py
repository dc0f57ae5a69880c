"""Issue 12 §5 on PostgreSQL: two presses of "remind now" at the same instant (a double-click reaching two
workers, two officers) send one reminder. Each press is held just after it has looked for a recent reminder,
until the other has looked too (or HOLD seconds pass): without the lock on the owners both found none and
both sent; with it, the second waits for the first to commit, finds its reminder and is refused."""

import datetime
import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from notifications import services as chasing
from notifications.models import Reminder
from tests.factories import BodyFactory, MeetingFactory, business_unit, member_of

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

HOLD = 2  # seconds a press waits, after its check, for the other


def test_two_presses_at_once_send_one_reminder(monkeypatch):
    from reporting.models import Summary

    body = BodyFactory(owes_summaries=True, meeting_cadence_weeks=8)
    member_of(body, role="chair")
    MeetingFactory(body=body, starts_at=timezone.now() - datetime.timedelta(days=60), status="held")
    summary = Summary.objects.get(meeting__body=body)
    officers = [business_unit(), business_unit()]
    clients = []
    for officer in officers:
        client = Client()
        client.force_login(officer)
        clients.append(client)

    looked = threading.Barrier(2)
    look = chasing.recent_remind_nows

    def held(*args, **kwargs):
        found = look(*args, **kwargs)
        try:
            looked.wait(timeout=HOLD)
        except threading.BrokenBarrierError:
            pass
        return found

    monkeypatch.setattr(chasing, "recent_remind_nows", held)
    url = reverse("summary-remind", args=[summary.pk])
    start = threading.Barrier(2)
    responses, errors = [None, None], []

    def press(index):
        try:
            start.wait(timeout=10)
            responses[index] = clients[index].post(url)
        except Exception as error:  # noqa: BLE001 - a server error is a failure to report, not to hide
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=press, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    assert sorted(r.status_code for r in responses) == [200, 302]
    assert Reminder.objects.filter(key=f"summary:{summary.pk}").count() == 1
    refused = next(r for r in responses if r.status_code == 200).content.decode()
    assert "was already reminded of this at" in refused
