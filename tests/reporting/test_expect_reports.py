"""Expected reports are made by a named periodic task scheduled before the chase (and by the services
that change what is owed), never by the chase: the chase's source only reads."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django_celery_beat.models import PeriodicTask

from accountability.models import BodyFunction, Function
from config.schedules import ensure_periodic_tasks
from notifications.services import chase
from reporting.dues import summary_dues, summary_key
from reporting.models import Summary, SummaryKind
from reporting.tasks import expect_reports
from tests.factories import BodyFactory, business_unit, member_of
from tests.helpers.writes import assert_no_writes
from tests.reporting.helpers import held_meeting

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def owing():
    """PMAE owes summaries, quarterly summaries and a yearly report; a meeting held on 7 June 2017 was
    recorded without its signal (as a seed or an import would), so nothing is expected yet."""
    business_unit()
    bpg = BodyFactory(name="Business Planning Group", short_name="BPG")
    BodyFunction.objects.create(body=bpg, function=Function.MONITORS)
    pmae = BodyFactory(name="PMAE sub group", short_name="PMAE", owes_summaries=True, owes_quarterly_summaries=True,
                       owes_yearly_assurance=True, active_from=date(2016, 4, 1))
    chair = member_of(pmae, role="chair")
    held_meeting(body=pmae, when=datetime(2017, 6, 7, 10, tzinfo=LONDON))
    return {"pmae": pmae, "chair": chair}


def test_the_task_is_named_and_scheduled_before_the_chase():
    ensure_periodic_tasks()
    ensure_periodic_tasks()
    expect = PeriodicTask.objects.get(task="reporting.expect_reports")
    daily_chase = PeriodicTask.objects.get(task="notifications.chase")
    assert expect_reports.name == "reporting.expect_reports" and expect.enabled
    assert str(expect.crontab.timezone) == str(daily_chase.crontab.timezone) == "Europe/London"
    assert (expect.crontab.day_of_week, expect.crontab.day_of_month) == ("*", "*")  # every day
    assert (int(expect.crontab.hour), int(expect.crontab.minute)) < (int(daily_chase.crontab.hour),
                                                                     int(daily_chase.crontab.minute)) == (7, 0)


def test_the_task_makes_what_is_owed_and_a_second_run_makes_nothing(owing):
    assert expect_reports.run("2017-07-03") == {"created": 3, "redated": 0}
    made = Summary.objects.filter(body=owing["pmae"])
    assert sorted((s.kind, s.due_date) for s in made) == [
        (SummaryKind.MEETING, date(2017, 6, 28)), (SummaryKind.QUARTERLY, date(2017, 7, 21)),
        (SummaryKind.YEARLY, None)]  # no last meeting of the year flagged yet
    assert expect_reports.run("2017-07-03") == {"created": 0, "redated": 0}
    made.filter(kind=SummaryKind.MEETING).update(due_date=date(2017, 1, 2))  # moved behind the signal's back
    assert expect_reports.run("2017-07-03") == {"created": 0, "redated": 1}
    assert made.get(kind=SummaryKind.MEETING).due_date == date(2017, 6, 28)


def test_the_chase_only_reads_and_finds_what_the_task_made(owing):
    """On the old code the chase's source made the quarter's summaries itself, dry run or not."""
    day = date(2017, 7, 21)  # the quarterly summary's due day
    with assert_no_writes():
        assert summary_dues(day) == []
    assert chase(as_of=day).sent == [] and not Summary.objects.exists()
    expect_reports.run("2017-07-03")
    quarterly = Summary.objects.get(kind=SummaryKind.QUARTERLY)
    with assert_no_writes():
        assert summary_key(quarterly.pk) in {due.key for due in summary_dues(day)}
    assert (summary_key(quarterly.pk), "due", owing["chair"].pk) in chase(as_of=day).sent
