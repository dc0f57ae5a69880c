"""Summaries in the chase when things go wrong (issue 13): a meeting dated in the year 17, a yearly
report whose due date moves, and items nobody holds the post for. Each test failed on commit 1f15411."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from accountability import services as structure
from accountability.models import BodyFunction, Function, Meeting, MeetingStatus
from bscb.workdays import add_working_days, is_working_day
from notifications.models import Reminder
from notifications.services import chase
from reporting import services
from reporting.dues import summary_key
from reporting.models import Summary, SummaryKind
from tests.factories import BodyFactory, MeetingFactory, UserFactory, business_unit, member_of

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def at(day: date, hour=10):
    return datetime(day.year, day.month, day.day, hour, tzinfo=LONDON)


def sent_to(result, key):
    return {user for k, _step, user in result.sent if k == key}


@pytest.fixture
def partnership():
    """Bradford's shape in small: the business unit, the BPG (monitors the sub groups) with its chair,
    the Board (receives the yearly reports; its last meeting of 2017-18 on 15 March 2018), and PMAE,
    which owes summaries and a yearly report, with its chair."""
    bu = business_unit()
    bpg = BodyFactory(name="Business Planning Group", short_name="BPG")
    BodyFunction.objects.create(body=bpg, function=Function.MONITORS)
    board = BodyFactory(name="Safeguarding Board", short_name="Board")
    BodyFunction.objects.create(body=board, function=Function.RECEIVES_YEARLY)
    final = MeetingFactory(body=board, starts_at=at(date(2018, 3, 15)), is_final_of_year=True)
    pmae = BodyFactory(name="PMAE sub group", short_name="PMAE", owes_summaries=True, owes_yearly_assurance=True,
                       active_from=date(2016, 4, 1))
    return {"bu": bu, "bpg_chair": member_of(bpg, role="chair"), "chair": member_of(pmae, role="chair"),
            "pmae": pmae, "final": final}


def working_day_budget(monkeypatch, limit):
    """Let the calendar look at `limit` days at most, so that a plan costing the square of the days
    overdue (the old code's) fails here instead of running for hours."""
    from bscb import workdays
    from notifications import ladder

    looked = []

    def counting(day):
        looked.append(day)
        if len(looked) > limit:
            raise AssertionError(f"the chase looked at more than {limit} days")
        return is_working_day(day)

    monkeypatch.setattr(workdays, "is_working_day", counting)
    monkeypatch.setattr(ladder, "is_working_day", counting)
    getattr(workdays.add_working_days, "cache_clear", lambda: None)()
    return looked


def test_a_meeting_dated_in_the_year_17_does_not_stop_the_chase(partnership, monkeypatch):
    """A meeting typed as the year 0017 before the date field refused it (here through the ORM): its
    summary, two thousand years overdue, is chased like any other, with a bounded ladder, and the other
    summaries' owners are reminded as usual (on the old code the chase ran past its time limit and sent
    nothing to anyone)."""
    pmae, chair = partnership["pmae"], partnership["chair"]
    slip, recent = Meeting.objects.bulk_create([  # without the signal; the summaries made below
        Meeting(body=pmae, starts_at=at(date(17, 3, 29)), status=MeetingStatus.HELD),
        Meeting(body=pmae, starts_at=at(date(2017, 3, 29)), status=MeetingStatus.HELD)])
    ancient = Summary.objects.create(meeting=slip, body=pmae, due_date=add_working_days(date(17, 3, 29), 15))
    current = Summary.objects.create(meeting=recent, body=pmae, due_date=add_working_days(date(2017, 3, 29), 15))
    assert (ancient.due_date.year, current.due_date) == (17, date(2017, 4, 21))
    working_day_budget(monkeypatch, 5_000)
    result = chase(as_of=date(2017, 4, 21))
    assert not result.failed
    assert sent_to(result, summary_key(current.pk)) == {chair.pk}  # its due day
    everyone = {chair.pk, partnership["bu"].pk, partnership["bpg_chair"].pk}
    assert sent_to(result, summary_key(ancient.pk)) == everyone  # long overdue: every rung
    assert Reminder.objects.filter(key=summary_key(ancient.pk)).count() <= 3 * 20  # not 3 x 173,000


@pytest.fixture
def yearly(partnership):
    services.summaries_expect(as_of=date(2017, 7, 3))
    report = Summary.objects.get(kind=SummaryKind.YEARLY, body=partnership["pmae"])
    assert report.due_date == date(2018, 3, 1)  # 14 days before the Board's last meeting of the year
    return report


def test_a_due_date_moved_later_starts_its_ladder_afresh(partnership, yearly, client_for):
    """The Board's last meeting of the year moves a fortnight later, and the yearly report's due date with
    it: its chair gets the "before" and "due" reminders for the new date, and the business unit is copied
    in only when it is late again (on the old code, nothing until an overdue reminder that already copied
    in the business unit). What was sent for the old date stays on record and in the chase history."""
    chair, bu, key = partnership["chair"], partnership["bu"], summary_key(yearly.pk)
    assert sent_to(chase(as_of=date(2018, 3, 9)), key) == {chair.pk, bu.pk}  # 6 working days late
    structure.meeting_update(meeting=partnership["final"], data={"starts_at": at(date(2018, 3, 29))}, by=bu)
    yearly.refresh_from_db()
    assert yearly.due_date == date(2018, 3, 15)

    assert sent_to(chase(as_of=date(2018, 3, 12)), key) == {chair.pk}  # 3 working days before the new date
    assert sent_to(chase(as_of=date(2018, 3, 15)), key) == {chair.pk}  # the new due day
    assert sent_to(chase(as_of=date(2018, 3, 20)), key) == {chair.pk}  # 3 working days late
    assert sent_to(chase(as_of=date(2018, 3, 22)), key) == {chair.pk, bu.pk}  # 5: the business unit again

    new = Reminder.objects.filter(key=key, due_date=date(2018, 3, 15), status="sent")
    assert [(r.step_label, r.recipient_id) for r in new.filter(recipient=chair)][:2] == [
        ("Before the due day (due date moved to 15 March 2018)", chair.pk),
        ("On the due day (due date moved to 15 March 2018)", chair.pk)]
    old = Reminder.objects.filter(key=key, due_date=date(2018, 3, 1), status="sent")
    assert sorted(old.values_list("recipient", flat=True)) == sorted([chair.pk, bu.pk])
    page = client_for(bu).get(yearly.get_absolute_url()).content.decode()
    history = page[page.index("Chase history"):]
    assert history.count("Overdue, reminder 2<") == 2  # the old date's, sent to the chair and the BU...
    assert "Before the due day (due date moved to 15 March 2018)" in history  # ...then the new date's


def test_items_with_nobody_in_post_are_shown_on_the_due_page_and_alerted_to_the_administrators(client_for):
    """No chair, no nominee, nobody in the business unit: the chase reminds nobody and says so, the
    administrators are emailed, and the due page names the items (on the old code the chase said
    "0 reminder(s) sent" and the page showed nothing more than an empty owner)."""
    administrator = UserFactory(is_superuser=True, is_staff=True, email="admin@partnership.example.org")
    unit = BodyFactory(name="Business Unit", short_name="BU")  # the function held, nobody in it
    BodyFunction.objects.create(body=unit, function=Function.BUSINESS_UNIT)
    pmae = BodyFactory(name="PMAE sub group", short_name="PMAE", owes_summaries=True, meeting_cadence_weeks=8,
                       active_from=date(2016, 4, 1))
    meeting = MeetingFactory(body=pmae, starts_at=at(date(2017, 3, 29)))
    structure.meeting_mark_held(meeting=meeting, by=administrator)
    summary = Summary.objects.get(meeting=meeting)

    result = chase(as_of=date(2017, 4, 21))
    assert result.sent == [] and [n.key for n in result.nobody] == [summary_key(summary.pk)]
    [alert] = mail.outbox
    assert alert.to == [administrator.email] and "remind nobody" in alert.subject
    assert f"{settings.SITE_URL}{summary.get_absolute_url()}" in alert.body

    page = client_for(administrator).get(reverse("due-list")).content.decode()
    panel = page[page.index("Nobody to remind"):]
    assert "owed with nobody in post" in panel and "alerts the administrators" in panel
    assert f'href="{summary.get_absolute_url()}">PMAE sub group: {summary.label}</a>, due 21 April 2017' in panel
