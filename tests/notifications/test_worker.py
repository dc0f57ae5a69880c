"""The chase on a real Celery worker over Redis, killed with SIGKILL half-way, then run again.

The worker runs the tests' Celery app (tests/notifications/worker_app.py: the project's, with the test
source of tests/notifications/sources.py registered). Mail goes through
tests.helpers.mail.CountingFileBackend (one file per delivery, named by Message-ID and a counter), so
duplicate deliveries are counted, not hidden."""

import email
import json
import re
from collections import Counter
from datetime import date

import pytest
from django_celery_results.models import TaskResult

from notifications.models import Digest, Notice, Outbox, Reminder
from notifications.tasks import chase
from tests.factories import UserFactory
from tests.helpers.worker import celery_worker, send, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

DAY = "2017-03-23"  # overdue-2 for things due on 15 March: owner and business unit
N = 120
DOMAIN = "@chase.test"  # as in tests/notifications/sources.py (not imported: importing registers it here)
APP = "tests.notifications.worker_app"
MAIL = "tests.helpers.mail.CountingFileBackend"


def deliveries(folder):
    files = sorted(folder.glob("*.eml"))
    ids = Counter(f.name.rsplit(".", 2)[0] for f in files)
    to = {email.message_from_bytes(f.read_bytes())["To"] for f in files}
    return files, ids, to


def test_a_killed_worker_records_each_reminder_once_and_delivers_each_at_least_once(tmp_path):
    bu = UserFactory(email=f"bu{DOMAIN}", job_title="bu")
    owners = [UserFactory(email=f"owner{i}{DOMAIN}", job_title="2017-03-15") for i in range(N)]
    env = {"TEST_EMAIL_BACKEND": MAIL, "NOTIFICATIONS_MAIL_DIR": str(tmp_path), "NOTIFICATIONS_MAIL_DELAY": "0.05"}

    with celery_worker(env, app=APP):
        send(chase, DAY)
        wait_for(lambda: Digest.objects.filter(sent_on__isnull=False).count() >= 20, timeout=60,
                 what="the first chase's sending")
    # killed (SIGKILL of the worker's process group) on leaving the block
    at_kill = Digest.objects.filter(sent_on__isnull=False).count()
    assert at_kill < N + 1, "the chase finished before the kill; nothing was tested"

    with celery_worker({**env, "NOTIFICATIONS_MAIL_DELAY": "0"}, app=APP):
        send(chase, DAY)
        wait_for(lambda: Outbox.objects.count() == 2 * N and not Outbox.objects.unsent().exists(),
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
    env = {"TEST_EMAIL_BACKEND": MAIL, "NOTIFICATIONS_MAIL_DIR": str(tmp_path),
           "NOTIFICATIONS_BATCH": "2"}  # one transaction per two planned reminders
    total = 5 * N  # before, due, overdue-1 skipped; overdue-2 to owner and BU

    with celery_worker(env, app=APP):
        send(chase, DAY)
        wait_for(lambda: Reminder.objects.count() >= total // 4, timeout=60, what="the first chase's recording")
    at_kill = Reminder.objects.count()
    assert at_kill < total, "the chase recorded everything before the kill; nothing was tested"
    # what was committed is whole: every sent reminder has its notice and outbox row
    assert Notice.objects.count() == Outbox.objects.count() == Reminder.objects.filter(status="sent").count()

    with celery_worker(env, app=APP):
        result = send(chase, DAY)
        wait_for(lambda: TaskResult.objects.filter(task_id=result.id, status="SUCCESS").exists(), timeout=120,
                 what="the second chase")

    assert Reminder.objects.count() == total
    assert Reminder.objects.filter(status="sent").count() == Notice.objects.count() == 2 * N
    assert not Outbox.objects.unsent().exists()
    files, ids, to = deliveries(tmp_path)
    assert to == {bu.email, *(o.email for o in owners)}
    assert len(files) == len(ids) == N + 1  # killed before any mail: each digest once


def parts(path) -> tuple[str, list[str]]:
    """An email file's subject and its decoded text and HTML parts."""
    message = email.message_from_bytes(path.read_bytes())
    return message["Subject"], [p.get_payload(decode=True).decode() for p in message.walk() if not p.is_multipart()]


def things(path) -> list[str]:
    """The things an email lists (each link once, in order: the text part's)."""
    return re.findall(r"/test/\d+/", parts(path)[1][0])


def test_a_worker_killed_between_delivering_a_digest_and_marking_it_sent_resends_it_the_next_day(tmp_path):
    """Killed (SIGKILL) right after the business unit's digest left, before it was marked sent: the next
    day's chase sends that digest again, the same Message-ID and the same items, and the day's new
    reminder goes in a later digest of its own."""
    bu = UserFactory(email=f"bu{DOMAIN}", job_title="bu")
    early = [UserFactory(email=f"early{i}{DOMAIN}", job_title="2017-03-08") for i in range(3)]  # overdue-2 on 16 March
    # overdue-1 on 16 March (4 working days overdue), overdue-2 on the 17th (5: the business unit copied in)
    late = UserFactory(email=f"late{DOMAIN}", job_title="2017-03-10")
    env = {"TEST_EMAIL_BACKEND": MAIL, "NOTIFICATIONS_MAIL_DIR": str(tmp_path)}

    with celery_worker({**env, "NOTIFICATIONS_MAIL_HANG_FOR": bu.email}, app=APP):
        send(chase, "2017-03-16")
        wait_for(lambda: any(email.message_from_bytes(f.read_bytes())["To"] == bu.email
                             for f in tmp_path.glob("*.eml")), timeout=60, what="the business unit's digest")
    # killed on leaving the block, the worker hanging in the mail backend after the delivery
    first = Digest.objects.get(user=bu)
    assert first.day == date(2017, 3, 16) and first.sent_on is None
    assert first.rows.unsent().count() == 3
    name = re.sub(r"[^A-Za-z0-9@._-]", "", first.message_id)
    assert [f.name for f in tmp_path.glob(f"{name}.*.eml")] == [f"{name}.1.eml"]  # delivered once
    assert sorted(things(tmp_path / f"{name}.1.eml")) == sorted(f"/test/{o.pk}/" for o in early)

    with celery_worker(env, app=APP):
        result = send(chase, "2017-03-17")
        wait_for(lambda: TaskResult.objects.filter(task_id=result.id, status="SUCCESS").exists(), timeout=60,
                 what="the next day's chase")
    counts = json.loads(TaskResult.objects.get(task_id=result.id).result)
    assert counts["sent"] == 2 and counts["held"] == 0  # the late thing's overdue-2: its owner and the BU

    # The resend: the same Message-ID, the same message (subject, text and HTML parts alike).
    again = sorted(tmp_path.glob(f"{name}.*.eml"))
    assert [f.name for f in again] == [f"{name}.1.eml", f"{name}.2.eml"]
    assert parts(again[0]) == parts(again[1])
    assert Digest.objects.get(pk=first.pk).sent_on is not None
    assert set(first.rows.values_list("reminder__key", flat=True)) == {f"test:{o.pk}" for o in early}
    # The new reminder: in the 17th's digest, under a Message-ID of its own, with nothing of the 16th's.
    second = Digest.objects.get(user=bu, day=date(2017, 3, 17))
    assert second.message_id != first.message_id and second.sent_on is not None
    later = sorted(tmp_path.glob(f"{re.sub(r'[^A-Za-z0-9@._-]', '', second.message_id)}.*.eml"))
    assert len(later) == 1 and things(later[0]) == [f"/test/{late.pk}/"]

    # Everyone else's digests of the 16th (never sent before the kill) went once, on the 17th.
    files = list(tmp_path.glob("*.eml"))
    ids = Counter(f.name.rsplit(".", 2)[0] for f in files)
    assert len(files) - len(ids) == 1  # one duplicate delivery: the BU's digest in flight at the kill
    assert len(ids) == Digest.objects.count() == 7  # the 16th: BU, early x3, late; the 17th: BU, late
    assert not Digest.objects.filter(sent_on__isnull=True).exists()
    assert not Outbox.objects.unsent().exists()
    assert counts["emails"] == 7 and counts["resent"] == 5  # the 16th's five (closed then, not marked sent)
    assert Reminder.objects.filter(status="sent").count() == Notice.objects.count() == 7 + 2

def test_remind_now_and_password_reset_emails_are_sent_by_the_worker(tmp_path):
    """The tasks the web enqueues on commit run on a real worker: remind now's email carries its outbox
    row's Message-ID and marks it sent; the password reset link is made and sent there."""
    from datetime import date

    from bscb.tasks import password_reset_send
    from notifications.models import Reminder, ReminderStatus
    from notifications.tasks import send_outbox

    owner = UserFactory(email=f"owner{DOMAIN}")
    reminder = Reminder.objects.create(key="thing:1", step="manual-1", recipient=owner, as_of=date(2017, 3, 23),
                                       status=ReminderStatus.SENT, title="Thing 1", url="/things/1/",
                                       due_date=date(2017, 3, 15), run="test")
    row = Outbox.objects.create(reminder=reminder, user=owner, message_id="<reminder-test@notifications.bscb>",
                                immediate=True)
    env = {"TEST_EMAIL_BACKEND": MAIL, "NOTIFICATIONS_MAIL_DIR": str(tmp_path)}
    with celery_worker(env):
        send(send_outbox, row.pk)
        send(password_reset_send, owner.pk)
        wait_for(lambda: len(list(tmp_path.glob("*.eml"))) == 2, timeout=60, what="the two emails")
        wait_for(lambda: Outbox.objects.get(pk=row.pk).sent_on is not None, timeout=30, what="marking it sent")
    messages = [email.message_from_bytes(f.read_bytes()) for f in tmp_path.glob("*.eml")]
    assert {m["To"] for m in messages} == {owner.email}
    reminded = next(m for m in messages if m["Message-ID"] == row.message_id)
    assert reminded["Subject"] == "Reminder: Thing 1" and reminded.is_multipart()
    reset = next(m for m in messages if m is not reminded)
    assert "/password-reset/" in reset.get_payload()[0].get_payload(decode=True).decode()
