from datetime import date, timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from notifications.models import ChaseSettings, Digest, Notice, Outbox, Reminder
from notifications.registry import Due
from notifications.services import NOBODY_TO_REMIND, NOTHING_OWED, chase, remind_now
from tests.factories import UserFactory
from tests.notifications.rights import REMIND

DUE = date(2017, 3, 15)  # a Wednesday


def due_for(owner, n=1, bu=(), chair=(), due_date=DUE, done=False):
    return Due(key=f"thing:{owner.pk}:{n}", title=f"Return {n}", url=f"/things/{n}/", due_date=due_date, done=done,
               remind_perm=REMIND, rungs=[("owner", [owner.pk]), ("business_unit", [u.pk for u in bu]),
                      ("monitoring_chair", [u.pk for u in chair])])


@pytest.mark.django_db
def test_the_due_day_reminds_the_owner_once_with_notice_and_email(source):
    owner = UserFactory()
    source([due_for(owner)])
    result = chase(DUE)
    assert result.sent == [(f"thing:{owner.pk}:1", "due", owner.pk)]
    assert dict(Reminder.objects.values_list("step", "status")) == {"before": "skipped", "due": "sent"}
    assert Notice.objects.get().user == owner
    assert Outbox.objects.sent().count() == 1 and not Outbox.objects.unsent().exists()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [owner.email]
    assert "/things/1/" in mail.outbox[0].body
    html = mail.outbox[0].alternatives[0][0]
    assert f'href="{settings.SITE_URL}/things/1/"' in html  # a link people can follow from their mail

    again = chase(DUE)
    assert again.sent == [] and again.emails == 0
    assert (Reminder.objects.count(), Notice.objects.count(), len(mail.outbox)) == (2, 1, 1)


@pytest.mark.django_db
def test_a_missed_run_sends_the_highest_step_and_records_the_rest_as_skipped(source):
    owner, bu = UserFactory(), UserFactory()
    source([due_for(owner, bu=[bu])])
    result = chase(date(2017, 3, 23))  # overdue-2: owner and BU
    assert sorted(result.sent) == sorted([(f"thing:{owner.pk}:1", "overdue-2", owner.pk),
                                          (f"thing:{owner.pk}:1", "overdue-2", bu.pk)])
    skipped = Reminder.objects.filter(status="skipped")
    assert sorted(skipped.values_list("step", flat=True)) == ["before", "due", "overdue-1"]
    assert Notice.objects.count() == 2  # only for the sent ones
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_steps_already_sent_are_not_skipped_later(source):
    owner = UserFactory()
    source([due_for(owner)])
    chase(date(2017, 3, 8))  # before
    chase(DUE)  # due
    steps = dict(Reminder.objects.values_list("step", "status"))
    assert steps == {"before": "sent", "due": "sent"}


@pytest.mark.django_db
def test_done_things_and_non_working_days_are_not_chased(source):
    owner = UserFactory()
    source([due_for(owner, done=True), due_for(owner, n=2)])
    assert chase(date(2017, 3, 18)).sent == []  # a Saturday
    assert [k for k, _, _ in chase(DUE).sent] == [f"thing:{owner.pk}:2"]


@pytest.mark.django_db
def test_settings_are_read_from_the_admin_singleton(source):
    owner, bu = UserFactory(), UserFactory()
    settings_row = ChaseSettings.current()
    settings_row.escalate_to_bu_after = 3
    settings_row.save()
    source([due_for(owner, bu=[bu])])
    assert {u for _, _, u in chase(date(2017, 3, 20)).sent} == {owner.pk, bu.pk}  # overdue-1 = 3 days


@pytest.mark.django_db
def test_one_digest_a_day_per_person_with_a_stable_message_id(source):
    owner, other = UserFactory(), UserFactory()
    source([due_for(owner, n=1), due_for(owner, n=2), due_for(owner, n=3), due_for(other, n=4)])
    result = chase(DUE)
    assert result.emails == 2
    mine = [m for m in mail.outbox if m.to == [owner.email]]
    assert len(mine) == 1
    assert all(f"/things/{n}/" in mine[0].body for n in (1, 2, 3))
    digest = Digest.objects.get(user=owner)
    assert mine[0].extra_headers["Message-ID"] == digest.message_id
    assert set(digest.rows.values_list("reminder__recipient", flat=True)) == {owner.pk}
    assert digest.rows.count() == 3 and digest.sent_on is not None
    # A resend after a crash (the digest not marked sent) is the same message.
    Digest.objects.update(sent_on=None)
    assert chase(DUE).resent == 2
    resent = [m for m in mail.outbox if m.to == [owner.email]]
    assert len(resent) == 2
    assert resent[0].extra_headers["Message-ID"] == resent[1].extra_headers["Message-ID"]


@pytest.mark.django_db
def test_a_second_run_the_same_day_sends_no_second_digest(source):
    owner = UserFactory()
    dues = [due_for(owner, n=1)]
    source(lambda as_of: list(dues))
    chase(DUE)
    dues.append(due_for(owner, n=2, due_date=DUE))  # entered later the same day
    result = chase(DUE)
    assert len(result.sent) == 1  # recorded, with its notice
    assert result.held == result.sent and result.emails == 0
    assert len(mail.outbox) == 1  # but mailed in tomorrow's digest
    assert chase(date(2017, 3, 16)).emails == 1
    assert "/things/2/" in mail.outbox[1].body


@pytest.mark.django_db
def test_dry_run_records_and_sends_nothing(source):
    owner = UserFactory()
    source([due_for(owner)])
    result = chase(DUE, dry_run=True)
    assert len(result.sent) == 1
    assert Reminder.objects.count() == 0 and not mail.outbox


@pytest.mark.django_db
def test_remind_now_sends_at_once_and_records_each_press(source, run_tasks, django_capture_on_commit_callbacks,
                                                         time_machine):
    owner, officer = UserFactory(), UserFactory()
    source([due_for(owner)])
    with django_capture_on_commit_callbacks(execute=True):
        first = remind_now(f"thing:{owner.pk}:1", by=officer, as_of=DUE).reminders
    time_machine.move_to(timezone.now() + timedelta(minutes=61))  # past the interval between presses
    with django_capture_on_commit_callbacks(execute=True):
        second = remind_now(f"thing:{owner.pk}:1", by=officer, as_of=DUE).reminders
    assert len(mail.outbox) == 2
    assert first[0].step.startswith("manual-") and first[0].step != second[0].step
    assert first[0].sent_by == officer
    assert Notice.objects.count() == 2
    assert mail.outbox[0].extra_headers["Message-ID"] == first[0].outbox.message_id
    # The daily digest still goes (the manual reminders are not in it).
    chase(DUE)
    assert len(mail.outbox) == 3 and "Your reminders" in mail.outbox[2].subject
    with pytest.raises(ValidationError, match="Nothing is owed"):
        remind_now("nothing:1", by=officer)


@pytest.mark.django_db
def test_remind_now_refuses_a_thing_done_or_with_nobody_to_remind(source):
    owner, officer = UserFactory(), UserFactory()
    source([due_for(owner, n=1, done=True),
            Due(key="thing:nobody", title="Orphan", url="/x/", due_date=DUE, remind_perm=REMIND)])
    with pytest.raises(ValidationError, match=NOTHING_OWED[:20]):
        remind_now(f"thing:{owner.pk}:1", by=officer, as_of=DUE)
    with pytest.raises(ValidationError, match=NOBODY_TO_REMIND[:20]):
        remind_now("thing:nobody", by=officer, as_of=DUE)
    assert Reminder.objects.count() == 0 and not mail.outbox


@pytest.mark.django_db
def test_the_command_prints_each_reminder_and_counts_what_was_sent_and_what_was_held(source, capsys):
    owner = UserFactory()
    dues = [due_for(owner, n=1), due_for(owner, n=2)]
    source(lambda as_of: list(dues))
    call_command("chase", "--dry-run", "--as-of", "2017-03-15")
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[-1] == "2 reminder(s) would be sent, 0 held for the next digest."
    assert lines[0].startswith("would send: thing:")
    call_command("chase", "--as-of", "2017-03-15")
    assert capsys.readouterr().out.strip().splitlines()[-1] == (
        "2 reminder(s) sent, 0 held for the next digest; 1 digest email(s) sent, 0 of them resent.")
    call_command("chase", "--as-of", "2017-03-15")
    assert capsys.readouterr().out.strip().splitlines()[-1] == (
        "0 reminder(s) sent, 0 held for the next digest; 0 digest email(s) sent, 0 of them resent.")
    # Recorded after the day's digest went: its notice is made, its email waits for tomorrow's digest.
    dues.append(due_for(owner, n=3))
    call_command("chase", "--dry-run", "--as-of", "2017-03-15")
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[-1] == "0 reminder(s) would be sent, 1 held for the next digest."
    assert lines[0].startswith(f"would hold for the next digest: thing:{owner.pk}:3 due to ")
    call_command("chase", "--as-of", "2017-03-15")
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0] == f"held for the next digest: thing:{owner.pk}:3 due to {owner.email}"
    assert lines[-1] == (
        "0 reminder(s) sent, 1 held for the next digest; 0 digest email(s) sent, 0 of them resent.")
    call_command("chase", "--as-of", "2017-03-16")
    assert capsys.readouterr().out.strip().splitlines()[-1] == (
        "0 reminder(s) sent, 0 held for the next digest; 1 digest email(s) sent, 0 of them resent.")
    assert "/things/3/" in mail.outbox[-1].body


@pytest.mark.postgres  # Django splits SQLite's bulk inserts by its 999-parameter limit
@pytest.mark.django_db
def test_chase_queries_do_not_grow_with_the_number_of_dues(source):
    owners = UserFactory.create_batch(3)
    dues = []
    source(lambda as_of: list(dues))

    def run(n, day):
        dues[:] = [due_for(owners[i % 3], n=f"{day}-{i}", due_date=day) for i in range(n)]
        with CaptureQueriesContext(connection) as ctx:
            result = chase(day)
        assert len(result.sent) == n
        return len(ctx.captured_queries)

    small = run(20, date(2017, 3, 15))
    large = run(100, date(2017, 3, 16))
    assert large <= small


@pytest.mark.django_db
def test_selectors_give_the_chase_history_and_notices(source):
    from notifications.selectors import chase_history, notices_for
    from notifications.services import mark_notice_read

    owner, officer = UserFactory(), UserFactory()
    source([due_for(owner)])
    chase(date(2017, 3, 20))
    remind_now(f"thing:{owner.pk}:1", by=officer, as_of=date(2017, 3, 20))
    history = chase_history([f"thing:{owner.pk}:1"])[f"thing:{owner.pk}:1"]
    assert [(r.step, r.status) for r in history][:3] == [("before", "skipped"), ("due", "skipped"),
                                                         ("overdue-1", "sent")]
    assert history[-1].sent_by == officer
    notice = notices_for(owner).first()
    mark_notice_read(notice, owner)
    assert not notices_for(owner, unread_only=True).filter(pk=notice.pk).exists()
    with pytest.raises(ValidationError):
        mark_notice_read(notice, officer)


@pytest.mark.django_db
def test_the_task_runs_the_service(source):
    from notifications.tasks import chase as chase_task

    owner = UserFactory()
    source([due_for(owner)])
    assert chase_task.run("2017-03-15") == {"as_of": "2017-03-15", "sent": 1, "held": 0, "skipped": 1, "emails": 1,
                                            "resent": 0, "locked": False, "failed": 0, "failures": [], "nobody": 0}
    assert chase_task.name == "notifications.chase"


@pytest.mark.django_db
def test_the_periodic_chase_is_created_once():
    from django_celery_beat.models import PeriodicTask

    from config.schedules import ensure_periodic_tasks

    ensure_periodic_tasks()
    ensure_periodic_tasks()
    task = PeriodicTask.objects.get(name="Daily chase")
    assert task.task == "notifications.chase" and task.crontab.hour == "7"


class FailingFor:
    """A mail backend refusing one address, as an SMTP server might."""

    refuse = ""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        for m in messages:
            if FailingFor.refuse in m.to:
                raise OSError("refused")
            mail.outbox.append(m)
        return len(messages)


@pytest.mark.django_db
def test_a_failed_delivery_is_left_unsent_and_retried_while_others_go(source, settings):
    owner, other = UserFactory(), UserFactory()
    source([due_for(owner, n=1), due_for(other, n=2)])
    FailingFor.refuse = owner.email
    settings.EMAIL_BACKEND = f"{__name__}.FailingFor"
    assert chase(DUE).emails == 1
    assert [m.to for m in mail.outbox] == [[other.email]]
    assert Outbox.objects.unsent().get().user == owner
    FailingFor.refuse = "nobody"
    assert chase(DUE).emails == 1
    assert mail.outbox[-1].to == [owner.email]


@pytest.mark.django_db
def test_remind_now_is_sent_once_by_its_task_even_if_the_task_runs_twice(source, run_tasks,
                                                                       django_capture_on_commit_callbacks):
    from notifications.tasks import send_outbox

    owner = UserFactory()
    source([due_for(owner)])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        remind_now(f"thing:{owner.pk}:1", by=UserFactory(), as_of=DUE)
    assert not mail.outbox  # nothing leaves before the commit
    callbacks[0]()
    row = Outbox.objects.get()
    assert len(mail.outbox) == 1 and row.sent_on is not None
    assert send_outbox.delay(row.pk).get() is False  # a redelivered task finds it sent
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_remind_now_that_cannot_be_mailed_after_its_retries_goes_in_the_next_digest(
        source, settings, run_tasks, django_capture_on_commit_callbacks):
    owner = UserFactory()
    source([due_for(owner)])
    FailingFor.refuse = owner.email
    settings.EMAIL_BACKEND = f"{__name__}.FailingFor"
    settings.CELERY_TASK_EAGER_PROPAGATES = False  # else the first Retry is raised here, not retried eagerly
    with django_capture_on_commit_callbacks(execute=True):
        reminder = remind_now(f"thing:{owner.pk}:1", by=UserFactory(), as_of=DUE).reminders[0]
    row = Outbox.objects.get(reminder=reminder)
    assert not mail.outbox and row.sent_on is None and not row.immediate  # handed to the digest
    FailingFor.refuse = "nobody"
    assert chase(DUE).emails == 1
    assert mail.outbox[-1].to == [owner.email] and "Your reminders" in mail.outbox[-1].subject


@pytest.mark.django_db
def test_a_remind_now_never_sent_by_its_task_goes_in_a_later_digest(source, time_machine):
    owner = UserFactory()
    source([due_for(owner)])
    remind_now(f"thing:{owner.pk}:1", by=UserFactory(), as_of=DUE)  # its task never ran (a broker down)
    early = date(2017, 3, 1)  # nothing of the chase's own is due yet
    assert chase(early).emails == 0  # not yet: its task may still be retrying
    from django.utils import timezone

    time_machine.move_to(timezone.now() + timezone.timedelta(hours=2))
    assert chase(early).emails == 1 and not Outbox.objects.unsent().exists()
    assert "Your reminders" in mail.outbox[0].subject

