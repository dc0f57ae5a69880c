"""The chase on a real Celery worker over Redis, killed with SIGKILL half-way, then run again.

Mail goes through tests.helpers.mail.CountingFileBackend (one file per delivery, named by Message-ID
and a counter), so duplicate deliveries are counted, not hidden."""

import email
import json
from collections import Counter

import pytest
from django_celery_results.models import TaskResult

from notifications.models import Notice, Outbox, Reminder
from notifications.tasks import chase
from tests.factories import UserFactory
from tests.helpers.worker import celery_worker, send, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

DAY = "2017-03-23"  # overdue-2 for things due on 15 March: owner and business unit
N = 120
DOMAIN = "@chase.test"  # as in tests/notifications/sources.py (not imported: importing registers it here)


def deliveries(folder):
    files = sorted(folder.glob("*.eml"))
    ids = Counter(f.name.rsplit(".", 2)[0] for f in files)
    to = {email.message_from_bytes(f.read_bytes())["To"] for f in files}
    return files, ids, to


def test_a_killed_worker_records_each_reminder_once_and_delivers_each_at_least_once(tmp_path):
    bu = UserFactory(email=f"bu{DOMAIN}", job_title="bu")
    owners = [UserFactory(email=f"owner{i}{DOMAIN}", job_title="2017-03-15") for i in range(N)]
    env = {"NOTIFICATIONS_EXTRA_SOURCES": "tests.notifications.sources",
           "TEST_EMAIL_BACKEND": "tests.helpers.mail.CountingFileBackend",
           "NOTIFICATIONS_MAIL_DIR": str(tmp_path),
           "NOTIFICATIONS_MAIL_DELAY": "0.05"}

    with celery_worker(env):
        send(chase, DAY)
        wait_for(lambda: Outbox.objects.filter(sent_on__isnull=False).count() >= 20, timeout=60,
                 what="the first chase's sending")
    # killed (SIGKILL of the worker's process group) on leaving the block
    at_kill = Outbox.objects.filter(sent_on__isnull=False).count()
    assert at_kill < 2 * N, "the chase finished before the kill; nothing was tested"

    with celery_worker({**env, "NOTIFICATIONS_MAIL_DELAY": "0"}):
        send(chase, DAY)
        wait_for(lambda: Outbox.objects.count() == 2 * N and not Outbox.objects.filter(sent_on__isnull=True).exists(),
                 timeout=60, what="the second chase")
        files_before, _, _ = deliveries(tmp_path)
        third = send(chase, DAY)  # a third run adds nothing
        wait_for(lambda: TaskResult.objects.filter(task_id=third.id, status="SUCCESS").exists(), timeout=60,
                 what="the third chase")
    assert json.loads(TaskResult.objects.get(task_id=third.id).result)["sent"] == 0

    assert Reminder.objects.filter(status="sent").count() == 2 * N  # owner + BU, each once
    assert Reminder.objects.filter(status="skipped").count() == 3 * N  # before, due, overdue-1
    assert Notice.objects.count() == 2 * N
    files, ids, to = deliveries(tmp_path)
    assert len(files) == len(files_before)  # the third run sent nothing
    assert to == {bu.email, *(o.email for o in owners)}  # everyone at least once
    assert len(ids) == N + 1  # one digest each: a resend is the same message
    duplicates = len(files) - len(ids)
    assert duplicates <= 1  # at most the one send in flight at the kill (-P solo)


def test_a_worker_killed_while_recording_loses_nothing_and_records_nothing_twice(tmp_path):
    bu = UserFactory(email=f"bu{DOMAIN}", job_title="bu")
    owners = [UserFactory(email=f"owner{i}{DOMAIN}", job_title="2017-03-15") for i in range(N)]
    env = {"NOTIFICATIONS_EXTRA_SOURCES": "tests.notifications.sources",
           "TEST_EMAIL_BACKEND": "tests.helpers.mail.CountingFileBackend",
           "NOTIFICATIONS_MAIL_DIR": str(tmp_path),
           "NOTIFICATIONS_BATCH": "2"}  # one transaction per two planned reminders
    total = 5 * N  # before, due, overdue-1 skipped; overdue-2 to owner and BU

    with celery_worker(env):
        send(chase, DAY)
        wait_for(lambda: Reminder.objects.count() >= total // 4, timeout=60, what="the first chase's recording")
    at_kill = Reminder.objects.count()
    assert at_kill < total, "the chase recorded everything before the kill; nothing was tested"
    # what was committed is whole: every sent reminder has its notice and outbox row
    assert Notice.objects.count() == Outbox.objects.count() == Reminder.objects.filter(status="sent").count()

    with celery_worker(env):
        result = send(chase, DAY)
        wait_for(lambda: TaskResult.objects.filter(task_id=result.id, status="SUCCESS").exists(), timeout=120,
                 what="the second chase")

    assert Reminder.objects.count() == total
    assert Reminder.objects.filter(status="sent").count() == Notice.objects.count() == 2 * N
    assert not Outbox.objects.filter(sent_on__isnull=True).exists()
    files, ids, to = deliveries(tmp_path)
    assert to == {bu.email, *(o.email for o in owners)}
    assert len(files) == len(ids) == N + 1  # killed before any mail: each digest once
