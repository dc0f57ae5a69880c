"""A chase over summaries issues as many queries over 5N draft summaries as over N (issue 5:
"a chase over 10,000 due summaries issues a number of queries that does not grow with their number";
`make bench` times the 10,000, see bench/chase.py).

The setting is Bradford's shape: sub groups owing summaries, each with a chair; the business unit with
two officers; the Business Planning Group, which monitors the sub groups, with its chair. The
summaries are made with bulk_create (their meetings too, so the post_save signal does not fire), due
15 working days after their meeting as reporting.deadlines.summary_due_date says (so summaries_redate
would move none), their due dates spread over 21 working days around the day of the chase: every step of the
ladder from "before" to "overdue-5" is sent, and in both runs every chair, both officers and the
monitoring chair get a reminder, so that sending (one query per person emailed, bounded by people)
costs the same. Both runs are first chases on the same day: the reminders of the first are deleted
before the second. A chase before either, with nothing owed, warms what is made or cached once.

On SQLite, Django splits one bulk insert into several by SQLite's 999-parameter limit, so the rows
written are counted in statements: an INSERT that follows a many-row INSERT into the same table with
the same columns counts as part of the one bulk_create they come from. On PostgreSQL the raw query
counts must be equal too.
Both runs stay within one batch of notifications.services.BATCH planned reminders (a batch, one
transaction, adds a fixed handful of queries per 10,000 planned reminders).
"""

from datetime import date, datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accountability.models import Body, BodyFunction, Function, Meeting, MeetingStatus
from bscb.partnership import partnership_get
from bscb.workdays import add_working_days
from notifications.models import Digest, Notice, Outbox, Reminder
from notifications.services import BATCH, chase
from reporting.deadlines import deadline_counts, summary_due_date
from reporting.dues import summary_key
from reporting.models import Summary
from tests.factories import BodyFactory, business_unit, member_of

pytestmark = pytest.mark.django_db

AS_OF = date(2017, 5, 10)  # a Wednesday
SPREAD = 21  # due dates on 21 working days: AS_OF + 5 ... AS_OF - 15
BODIES = 4
N = SPREAD  # one summary at each step of the spread


@pytest.fixture
def partnership():
    # Warm-up, as the pages' query tests do: the chasing settings row and the partnership (cached, read
    # by the digests) are read once, by whichever chase comes first. Nothing exists yet: nothing is sent.
    assert chase(as_of=AS_OF).sent == []
    partnership_get()
    officer = business_unit()
    other_officer = member_of(Body.objects.get(functions__function=Function.BUSINESS_UNIT), role="bu_officer")
    bpg = BodyFactory(name="Business Planning Group", short_name="BPG")
    BodyFunction.objects.create(body=bpg, function=Function.MONITORS)
    bpg_chair = member_of(bpg, role="chair")
    bodies = [BodyFactory(owes_summaries=True, meeting_cadence_weeks=8) for _ in range(BODIES)]
    chairs = [member_of(body, role="chair") for body in bodies]
    for body in bodies:
        member_of(body)  # a member the ladder never reaches
    people = {officer.pk, other_officer.pk, bpg_chair.pk, *(c.pk for c in chairs)}
    return {"bodies": bodies, "people": people}


def add_summaries(bodies, start: int, count: int) -> set[str]:
    """`count` more draft summaries, numbered from `start`, each after a held meeting; their keys."""
    meetings, wanted, counts = [], [], deadline_counts()
    for i in range(start, start + count):
        due = add_working_days(AS_OF, 5 - i % SPREAD)
        day = add_working_days(due, -counts.summary_working_days)
        starts_at = timezone.make_aware(datetime.combine(day, time(9)) + timedelta(minutes=i))
        meetings.append(Meeting(body=bodies[i % len(bodies)], starts_at=starts_at, status=MeetingStatus.HELD))
        wanted.append(due)
    meetings = Meeting.objects.bulk_create(meetings)  # no post_save: no summary_expect_or_redate
    summaries = Summary.objects.bulk_create(
        [Summary(meeting=m, body_id=m.body_id, due_date=summary_due_date(m, counts)) for m in meetings])
    assert [s.due_date for s in summaries] == wanted
    return {summary_key(s.pk) for s in summaries}


def forget_reminders():
    Outbox.objects.all().delete()
    Digest.objects.all().delete()  # else the day's digests are made already, and the second run's wait
    Notice.objects.all().delete()
    Reminder.objects.all().delete()


def statements(queries: list[str]) -> list[str]:
    """The queries, a bulk insert that the backend split by its parameter limit counted once: an
    INSERT following a many-row INSERT into the same table and columns is its continuation. (Rows
    inserted one statement each, as a loop of save() would, are all counted.)"""
    out: list[str] = []
    continues = None  # the head of the last INSERT when it carried many rows
    for sql in queries:
        head, many = None, False
        if sql.startswith("INSERT "):
            head, _, rows = sql.partition(" VALUES ")
            head = head.split(" SELECT ", 1)[0]
            many = "), (" in rows or " UNNEST(" in sql
        if head is None or head != continues:
            out.append(head or sql)
        continues = head if many else None
    return out


def first_chase():
    with CaptureQueriesContext(connection) as ctx:
        result = chase(as_of=AS_OF)
    assert not result.locked
    return result, [q["sql"] for q in ctx.captured_queries]


def test_the_chase_issues_as_many_queries_over_5n_summaries_as_over_n(partnership):
    bodies, people = partnership["bodies"], partnership["people"]

    keys = add_summaries(bodies, 0, N)
    small, small_sql = first_chase()
    assert {key for key, _step, _user in small.sent} == keys
    assert {user for _key, _step, user in small.sent} == people  # the whole ladder, every rung
    assert small.emails == len(people)
    small_reminders = Reminder.objects.count()
    assert Notice.objects.count() == Outbox.objects.count() == len(small.sent)
    assert small_reminders == len(small.sent) + len(small.skipped) > N

    forget_reminders()
    keys |= add_summaries(bodies, N, 4 * N)
    large, large_sql = first_chase()
    assert {key for key, _step, _user in large.sent} == keys and len(keys) == 5 * N
    assert {user for _key, _step, user in large.sent} == people
    assert large.emails == len(people)
    large_reminders = Reminder.objects.count()
    assert large_reminders == len(large.sent) + len(large.skipped) > 4 * small_reminders
    assert large_reminders < BATCH  # one batch in each run (see the docstring)

    at_n, at_5n = statements(small_sql), statements(large_sql)
    assert len(at_5n) == len(at_n), (
        f"{len(at_n)} statements over {N} summaries ({small_reminders} reminders), {len(at_5n)} over "
        f"{5 * N} ({large_reminders} reminders):\n" + "\n".join(s[:200] for s in at_5n))
    if connection.vendor == "postgresql":
        assert len(large_sql) == len(small_sql) == len(at_n)
    assert chase(as_of=AS_OF).sent == []  # and a second run the same day sends nothing
