"""The exactly-once contract (DESIGN.md), on PostgreSQL and on SQLite: the one recording function
(notifications.services.reminders_record) and the digests sent from what it records.

The suite runs on PostgreSQL in CI; the last test runs this same module again in a subprocess on
SQLite (no DATABASE_URL), so both databases are held to the same tests in every CI run. On a laptop
without PostgreSQL the module runs on SQLite directly, and that last test is skipped.

Recorded once: a reminder under (key, step, person), with its in-app notice and outbox row, in one
transaction, never twice; a call returns exactly the sent reminders it wrote. Mailed at least once,
recognisably: a digest is stored with its rows and a random Message-ID before it is sent, so a crash
between sending and marking sent resends the same digest, and later reminders go in a later digest.
"""

import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from django.core import mail
from django.core.management.color import no_style
from django.db import connection

from notifications import services
from notifications.models import ChaseSettings, Digest, Notice, Outbox, Reminder, ReminderStatus
from notifications.registry import Due
from notifications.services import Planned, chase, remind_now, reminders_record
from tests.factories import UserFactory
from tests.notifications.rights import REMIND

DUE = date(2017, 3, 15)  # a Wednesday
UUID_ID = re.compile(r"^<(reminder|digest)-[0-9a-f]{32}@notifications\.bscb>$")


def thing(owner, n=1, due_date=DUE, bu=()):
    return Due(key=f"thing:{owner.pk}:{n}", title=f"Return {n}", url=f"/things/{n}/", due_date=due_date,
               remind_perm=REMIND, rungs=[("owner", [owner.pk]), ("business_unit", [u.pk for u in bu])])


def planned(due, step, person, status=ReminderStatus.SENT):
    return Planned(due.key, step, person.pk, status, due)


def links(message) -> list[str]:
    return re.findall(r"/things/\d+/", message.body)


# --- recording ----------------------------------------------------------------------------------

@pytest.mark.django_db
def test_sent_reminders_get_a_notice_and_an_outbox_row_and_skipped_ones_neither():
    owner, officer = UserFactory(), UserFactory()
    due = thing(owner)
    rows = reminders_record([planned(due, "before", owner, ReminderStatus.SKIPPED), planned(due, "due", owner),
                             planned(due, "due", officer)], as_of=DUE, run="run-1")
    assert sorted((r.key, r.step, r.recipient) for r in rows) == sorted([(due.key, "due", owner.pk),
                                                                         (due.key, "due", officer.pk)])
    reminders = {(r.step, r.recipient_id): r for r in Reminder.objects.all()}
    assert set(reminders) == {("before", owner.pk), ("due", owner.pk), ("due", officer.pk)}
    sent = reminders["due", owner.pk]
    assert (sent.status, sent.as_of, sent.due_date, sent.title, sent.url, sent.run, sent.sent_by_id) == (
        "sent", DUE, DUE, "Return 1", "/things/1/", "run-1", None)
    assert sent.created is not None and reminders["before", owner.pk].status == "skipped"
    assert {(n.reminder_id, n.user_id, n.title, n.url) for n in Notice.objects.all()} == {
        (r.reminder, r.recipient, "Return 1", "/things/1/") for r in rows}
    assert all(n.created is not None and n.read_on is None for n in Notice.objects.all())
    outbox = {o.pk: o for o in Outbox.objects.all()}
    digests = dict(Digest.objects.filter(day=DUE, closed=None, sent_on=None).values_list("user_id", "pk"))
    assert {(o.reminder_id, o.user_id, o.immediate, o.digest_id, o.sent_on) for o in outbox.values()} == {
        (r.reminder, r.recipient, False, digests[r.recipient], None) for r in rows}  # in the day's digests
    assert {r.outbox for r in rows} == set(outbox)
    assert not Notice.objects.filter(reminder=reminders["before", owner.pk]).exists()


@pytest.mark.django_db
def test_what_is_recorded_already_is_not_written_again_nor_returned():
    owner, officer = UserFactory(), UserFactory()
    due = thing(owner)
    assert len(reminders_record([planned(due, "due", owner)], as_of=DUE, run="first")) == 1
    # Another run plans the same reminder and one more: only the new one is written, and returned.
    again = reminders_record([planned(due, "due", owner), planned(due, "due", officer)], as_of=DUE, run="second")
    assert [(r.step, r.recipient) for r in again] == [("due", officer.pk)]
    assert reminders_record([planned(due, "due", owner)], as_of=DUE, run="third") == []
    assert Reminder.objects.count() == Notice.objects.count() == Outbox.objects.count() == 2
    assert Reminder.objects.get(recipient=owner).run == "first"  # the first writer's row stands


@pytest.mark.django_db
def test_more_rows_than_one_statement_holds_are_all_written(monkeypatch, django_assert_num_queries):
    monkeypatch.setattr(services, "ROWS_PER_INSERT", 3)
    people = UserFactory.create_batch(7)
    dues = [thing(p, n=i) for i, p in enumerate(people)]
    todo = [planned(d, "due", p) for d, p in zip(dues, people, strict=True)]
    todo += [planned(d, "before", p, ReminderStatus.SKIPPED) for d, p in zip(dues, people, strict=True)]
    # 14 reminders, 7 notices, 7 outbox rows, 3 to a statement: 5 + 3 + 3 statements in one transaction,
    # with its savepoint taken and released, and the day's digests made and locked
    with django_assert_num_queries(11 + 2 + 2):
        rows = reminders_record(todo, as_of=DUE, run="run")
    assert len(rows) == len({r.reminder for r in rows}) == len({r.outbox for r in rows}) == 7
    assert (Reminder.objects.count(), Notice.objects.count(), Outbox.objects.count()) == (14, 7, 7)


@pytest.mark.django_db
def test_a_failure_part_way_writes_nothing(monkeypatch):
    owner = UserFactory()
    due = thing(owner)

    def broken():
        raise RuntimeError("the process dies before the outbox rows are written")

    monkeypatch.setattr(services, "reminder_message_id", broken)
    with pytest.raises(RuntimeError):
        reminders_record([planned(due, "due", owner)], as_of=DUE, run="run")
    assert (Reminder.objects.count(), Notice.objects.count(), Outbox.objects.count()) == (0, 0, 0)


@pytest.mark.django_db
def test_remind_now_records_through_the_same_function_with_its_own_random_message_id(source, monkeypatch):
    owner, officer = UserFactory(), UserFactory()
    source([thing(owner)])
    calls = []
    monkeypatch.setattr(services, "reminders_record",
                        lambda *a, **kw: calls.append(kw) or reminders_record(*a, **kw))
    reminder = remind_now(f"thing:{owner.pk}:1", by=officer, as_of=DUE).reminders[0]
    assert calls and calls[0]["immediate"] and calls[0]["sent_by"] == officer.pk
    assert (reminder.sent_by, reminder.recipient, reminder.outbox.immediate) == (officer, owner, True)
    assert UUID_ID.match(reminder.outbox.message_id) and reminder.outbox.digest is None
    assert Notice.objects.get().reminder == reminder


def _tables_made_again():
    """As if the database were made afresh: the notifications tables emptied, their ids from 1 again."""
    models = (Outbox, Digest, Notice, Reminder)
    for model in models:
        model.objects.all().delete()
    sequences = [{"table": m._meta.db_table, "column": "id"} for m in models]
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_by_name_sql(no_style(), sequences):
            cursor.execute(sql)


@pytest.mark.django_db
def test_message_ids_are_random_and_do_not_repeat_when_the_database_is_made_again(source):
    owner = UserFactory()
    source([thing(owner, n=1), thing(owner, n=2)])
    _tables_made_again()
    chase(DUE)
    first = (Digest.objects.get().message_id, sorted(Outbox.objects.values_list("message_id", flat=True)))
    _tables_made_again()
    mail.outbox.clear()
    chase(DUE)  # the same reminders, under the same ids
    second = (Digest.objects.get().message_id, sorted(Outbox.objects.values_list("message_id", flat=True)))
    assert all(UUID_ID.match(i) for i in (first[0], second[0], *first[1], *second[1]))
    assert first[0] != second[0] and not set(first[1]) & set(second[1])
    assert mail.outbox[0].extra_headers["Message-ID"] == second[0]


# --- digests ------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_the_days_reminders_join_the_open_digest_until_it_is_closed():
    from notifications.mail import digests_close

    owner = UserFactory()
    first = reminders_record([planned(thing(owner, n=1), "due", owner)], as_of=DUE, run="morning")
    digest = Digest.objects.get()
    assert (digest.user, digest.day, digest.closed, digest.sent_on) == (owner, DUE, None, None)
    assert UUID_ID.match(digest.message_id)
    # A run that died before sending left it open: a later run's reminders of the day join it.
    second = reminders_record([planned(thing(owner, n=2), "due", owner)], as_of=DUE, run="rerun")
    assert set(digest.rows.values_list("pk", flat=True)) == {first[0].outbox, second[0].outbox}
    assert digests_close() == {digest.pk}
    # Closed (sending has begun, perhaps delivered): it never changes again; the next reminder waits.
    third = reminders_record([planned(thing(owner, n=3), "due", owner)], as_of=DUE, run="evening")
    assert Outbox.objects.get(pk=third[0].outbox).digest is None and digest.rows.count() == 2
    # Another day: a digest of its own.
    fourth = reminders_record([planned(thing(owner, n=4), "due", owner)], as_of=date(2017, 3, 16), run="next")
    assert Outbox.objects.get(pk=fourth[0].outbox).digest.day == date(2017, 3, 16)
    assert Digest.objects.count() == 2


class Killed(BaseException):
    """The worker dying (SIGKILL) right after an email left, before it is marked sent."""


class KilledAfterDelivering:
    """A mail backend that delivers (to django.core.mail.outbox), then dies on a mail to `victim`."""

    victim = ""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        for message in messages:
            mail.outbox.append(message)
            if KilledAfterDelivering.victim in message.to:
                raise Killed
        return len(messages)


@pytest.mark.django_db
def test_a_digest_delivered_but_not_marked_sent_is_resent_the_next_day_as_it_was(source, settings):
    owner, bu = UserFactory(), UserFactory()
    dues = [thing(owner, n=i, due_date=date(2017, 3, 8), bu=[bu]) for i in (1, 2)]
    source(lambda as_of: list(dues))
    settings.EMAIL_BACKEND = f"{__name__}.KilledAfterDelivering"
    KilledAfterDelivering.victim = bu.email
    with pytest.raises(Killed):
        chase(date(2017, 3, 16))  # overdue-2 of both: to the owner and to the BU
    yesterday = Digest.objects.get(user=bu)
    assert yesterday.sent_on is None and Outbox.objects.unsent().filter(digest=yesterday).count() == 2
    assert Digest.objects.get(user=owner).sent_on is not None  # the owner's went first, and was marked
    [delivered] = [m for m in mail.outbox if m.to == [bu.email]]
    assert delivered.extra_headers["Message-ID"] == yesterday.message_id
    assert links(delivered) == ["/things/1/", "/things/2/"]

    dues.append(thing(owner, n=3, due_date=date(2017, 3, 9), bu=[bu]))  # its overdue-2 is on the 17th
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    result = chase(date(2017, 3, 17))
    assert (result.emails, result.resent) == (3, 1)  # the BU's of the 16th again, then the 17th's two
    to_bu = [m for m in mail.outbox if m.to == [bu.email]]
    assert len(to_bu) == 3
    resent, later = to_bu[1], to_bu[2]
    assert resent.extra_headers["Message-ID"] == delivered.extra_headers["Message-ID"]
    assert (resent.subject, resent.body) == (delivered.subject, delivered.body)  # the same message
    assert links(later) == ["/things/3/"] and later.extra_headers["Message-ID"] != yesterday.message_id
    assert [(d.day, d.sent_on is not None) for d in Digest.objects.filter(user=bu)] == [
        (date(2017, 3, 16), True), (date(2017, 3, 17), True)]
    assert not Outbox.objects.unsent().exists()
    assert Reminder.objects.filter(status="sent").count() == Notice.objects.count() == 6
    assert chase(date(2017, 3, 17)).emails == 0  # nothing twice


@pytest.mark.django_db
def test_a_digest_lists_each_thing_once_at_its_highest_step(source):
    row = ChaseSettings.current()
    row.repeat_every = 1  # an overdue reminder every working day
    row.save()
    owner = UserFactory()
    dues = [thing(owner, n=1, due_date=date(2017, 3, 10))]
    source(lambda as_of: list(dues))
    assert chase(date(2017, 3, 16)).emails == 1  # the day's digest has gone...
    dues.append(thing(owner, n=2))  # ...when this is entered, due on the 15th
    late = chase(date(2017, 3, 16))
    assert late.held == [(f"thing:{owner.pk}:2", "overdue-1", owner.pk)] and late.emails == 0
    chase(date(2017, 3, 17))  # overdue-2 of both: with yesterday's held overdue-1, one item each
    digest = mail.outbox[-1]
    assert links(digest) == ["/things/1/", "/things/2/"] and digest.extra_headers["X-Reminder-Count"] == "2"
    assert "(2 items)" in digest.subject
    two = Outbox.objects.filter(reminder__key=f"thing:{owner.pk}:2")
    assert two.count() == two.sent().count() == 2  # both carried, and sent


# --- the same tests on SQLite ---------------------------------------------------------------------

def test_this_module_passes_on_sqlite_too():
    """This module again, in a subprocess on SQLite (no DATABASE_URL), when this run is on another
    database: CI runs on PostgreSQL, and the contract must hold on both."""
    if connection.vendor == "sqlite":
        pytest.skip("this run is on SQLite: the tests above ran on it")
    root = Path(__file__).resolve().parents[2]
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL" and not k.startswith("PYTEST_XDIST")}
    me = Path(__file__).relative_to(root)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:xdist", "--create-db", str(me),
         "--deselect", f"{me}::test_this_module_passes_on_sqlite_too"],
        cwd=root, env=env, capture_output=True, text=True, timeout=300)
    summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
    assert done.returncode == 0 and " passed" in summary and "skipped" not in summary, done.stdout + done.stderr

