"""The demo's summaries on the day it is loaded: some submitted (and received, but for the latest
few), quarterly summaries among them, some in draft, one expected, one due soon, one due today and
one late at each rung of the chase, so that the first chase sends a handful of reminders rather
than a year of them.

The demo is loaded on the real day (the module's `demo` fixture). A chase sends nothing on a
weekend or a bank holiday, so the chase, and the states it follows, are looked at on the first
working day from the load day: an offset counted in working days lands there the same way.
"""

from collections import Counter
from datetime import date, timedelta

import pytest
from django.apps import apps
from django.utils import timezone

from accountability.demo import extraordinary_day, meeting_window, off_grid_meetings
from accountability.models import CHAIR_ROLES, Body, Membership, User
from accountability.selectors import chair_of, current_members
from bscb.workdays import is_working_day, working_days_between
from config.demo import demo_read
from notifications.registry import BUSINESS_UNIT, MONITORING_CHAIR, OWNER, all_dues
from notifications.services import chase
from reporting.demo import UNRECEIVED, demo_summaries_load
from reporting.models import Summary, SummaryKind, SummaryReceipt, SummaryStatus, SummaryVersion
from reporting.selectors import summary_list, summary_state
from tests.demo.test_meetings import IDENTIFYING

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]
OFFICER = "bu.officer@bscb.example.org"
EVERY_STATE = {"expected", "draft", "due_soon", "due_today", "overdue", "submitted"}


def chase_day(today: date | None = None) -> date:
    """The load day, or the working day after it when it is none."""
    day = today or timezone.localdate()
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def states(day: date) -> Counter:
    officer = User.objects.get(email=OFFICER)
    return Counter(summary_state(s, day) for s in summary_list(officer, today=day))


REPORTING_KEYS = ("summary:", "no-meeting:")


def of_summaries(sent) -> list:
    """The reminders of what reporting declares (the log's, issue 14, are counted by tests/demo/test_log.py)."""
    return [row for row in sent if row[0].startswith(REPORTING_KEYS)]


def rungs_reached(result) -> Counter:
    """The rung of the ladder each summary reminder the chase would send stands on, counted."""
    dues = {due.key: due for due in all_dues(result.as_of)}
    rungs = Counter()
    for key, _step, user in of_summaries(result.sent):
        rungs[next(name for name, ids in dues[key].rungs if user in ids)] += 1
    return rungs


def extraordinary_summaries():
    data = demo_read()
    window = meeting_window(data, timezone.localdate())
    meetings = []
    for row in data["bodies"]:
        if row.get("extraordinary"):
            meetings += off_grid_meetings(Body.objects.get(name=row["name"]), row["meetings"], *window)
    return Summary.objects.filter(meeting__in=meetings).select_related("body", "meeting")


def test_on_the_load_day_the_summaries_stand_in_every_state():
    found = states(chase_day())
    assert set(found) == EVERY_STATE, found
    assert found["overdue"] >= 3 and found["submitted"] >= 20
    assert found["overdue"] + found["due_today"] + found["due_soon"] <= 10  # not a year of them


def test_each_sub_group_has_its_extraordinary_meeting_at_the_offset_the_file_gives():
    day = chase_day()
    late = sorted(working_days_between(s.due_date, day) for s in extraordinary_summaries())
    # A day that falls on the body's grid is stepped back one working day: at most one later.
    for wanted, got in zip([-14, -12, -3, 0, 3, 6, 12], late, strict=True):
        assert got in (wanted, wanted + 1), late
    assert all(s.status == SummaryStatus.DRAFT for s in extraordinary_summaries())


def test_only_summaries_due_before_the_load_day_are_submitted_and_the_latest_are_still_to_be_received():
    today = timezone.localdate()
    submitted = Summary.objects.filter(status=SummaryStatus.SUBMITTED)
    assert not submitted.filter(due_date__gte=today).exists()
    assert {SummaryKind.MEETING, SummaryKind.QUARTERLY} <= set(submitted.values_list("kind", flat=True))
    reports = demo_read()["reports"]
    for summary in submitted.select_related("meeting", "body"):
        # After its meeting or its quarter; a yearly report comes before its year ends.
        after = (timezone.localtime(summary.meeting.starts_at).date() if summary.meeting
                 else summary.period_start if summary.kind == SummaryKind.YEARLY else summary.period_end)
        on_time = summary.body.short_name != reports["submitted_late"] or summary.kind != "quarterly"
        submitted_on = timezone.localtime(summary.submitted_on).date()
        assert after < submitted_on and (submitted_on <= summary.due_date or not on_time)
        assert summary.versions.count() == 1 and not summary.versions.get().is_empty()
    # Every grid summary due before today was written: nothing old is left to chase.
    kept_back = set(Summary.objects.filter(kind=SummaryKind.QUARTERLY,
                                           body__short_name=reports["late_quarterly"])
                    .order_by("-period_start")[:1])  # the quarterly summary the file keeps late
    extraordinary = set(extraordinary_summaries())
    for summary in Summary.objects.filter(due_date__lt=today, status=SummaryStatus.DRAFT).select_related("meeting"):
        assert summary in extraordinary or summary in kept_back
    receipts = SummaryReceipt.objects.filter(summary__in=submitted)
    assert receipts.filter(received_on__isnull=True).values("summary").distinct().count() == UNRECEIVED
    assert receipts.filter(received_on__isnull=False).count() >= 10
    latest = submitted.order_by("-submitted_on")[:UNRECEIVED]
    assert set(receipts.filter(received_on__isnull=True).values_list("summary", flat=True)) == {
        s.pk for s in latest}
    for receipt in receipts.filter(received_on__isnull=False):
        assert receipt.received_on >= receipt.summary.submitted_on and receipt.received_on <= timezone.now()


def test_one_draft_has_a_nominated_drafter_who_is_a_current_member():
    nominated = Summary.objects.filter(nominated_drafter__isnull=False)
    assert nominated.count() == 1
    summary = nominated.get()
    members = {m.person_id for m in current_members(summary.body)}
    assert summary.nominated_drafter_id in members
    assert summary.nominated_drafter != chair_of(summary.body)
    assert summary.versions.exists()


def test_the_history_names_the_business_unit_officer_or_a_chair():
    allowed = {User.objects.get(email=OFFICER).pk} | set(
        Membership.objects.filter(role__in=CHAIR_ROLES, body__owes_summaries=True).values_list("person", flat=True))
    for model in (Summary, SummaryVersion, SummaryReceipt):
        users = set(model.history.values_list("history_user", flat=True))
        assert users and users <= allowed, (model, users - allowed)
    assert set(Summary.objects.exclude(submitted_by=None).values_list("submitted_by", flat=True)) <= allowed


def test_the_first_chase_sends_a_handful_at_every_rung():
    day = chase_day()
    result = chase(as_of=day, dry_run=True)
    assert 5 <= len(of_summaries(result.sent)) <= 30, len(result.sent)
    rungs = rungs_reached(result)
    assert set(rungs) == {OWNER, BUSINESS_UNIT, MONITORING_CHAIR}, rungs
    # The BPG chair: for the summary 12 working days late, and for the quarterly summary still not in.
    assert rungs[MONITORING_CHAIR] == 2
    steps = {step for _key, step, _user in of_summaries(result.sent)}
    assert {"before", "due", "overdue-1", "overdue-2", "overdue-4"} <= steps, steps


def test_a_second_chase_sends_nothing():
    day = chase_day()
    first = chase(as_of=day)
    assert 5 <= len(of_summaries(first.sent)) <= 30
    assert chase(as_of=day).sent == []


def _counts():
    return {model._meta.label: model._default_manager.count() for model in apps.get_models(include_auto_created=True)
            if model._meta.app_label in ("accountability", "reporting")}


def test_loading_the_summaries_again_changes_nothing():
    before = _counts()
    demo_summaries_load(demo_read())
    assert _counts() == before


def test_no_summary_text_identifies_a_child():
    texts = [text for version in SummaryVersion.objects.all() for _label, text in version.sections()]
    assert [t for t in texts if t]
    pool = [line for lines in demo_read()["summary_sections"].values() for line in lines]
    assert [t for t in texts + pool if IDENTIFYING.search(t)] == []


def test_an_extraordinary_day_is_stepped_back_off_the_grid_and_the_other_extraordinary_days():
    rule = {"rule": "every_weeks", "weeks": 8, "from": date(2026, 10, 6)}  # Tuesdays
    assert extraordinary_day(rule, date(2026, 10, 28), 15) == date(2026, 10, 7)  # a Wednesday, off the grid
    # 15 working days before Tuesday 27 October is 6 October, a grid day: the Monday before instead.
    assert extraordinary_day(rule, date(2026, 10, 27), 15) == date(2026, 10, 5)
    assert extraordinary_day(rule, date(2026, 10, 27), 15, taken={date(2026, 10, 5)}) == date(2026, 10, 2)
    # A Saturday counts back as the Monday after it does: the states hold on the next working day.
    assert extraordinary_day(rule, date(2026, 10, 31), 3) == extraordinary_day(rule, date(2026, 11, 2), 3)


def test_quarterly_and_yearly_reports_stand_in_every_state():
    says = demo_read()["reports"]
    quarterly = Summary.objects.filter(kind=SummaryKind.QUARTERLY)
    last = quarterly.order_by("-period_start").values_list("period_start", flat=True).first()
    late = quarterly.get(period_start=last, body__short_name=says["late_quarterly"])
    assert late.status == SummaryStatus.DRAFT and late.due_date < timezone.localdate() and late.versions.exists()
    in_late = quarterly.get(period_start=last, body__short_name=says["submitted_late"])
    assert timezone.localtime(in_late.submitted_on).date() > in_late.due_date
    assert quarterly.filter(period_start=last, status=SummaryStatus.SUBMITTED).count() >= 3
    this_year = Summary.objects.filter(kind=SummaryKind.YEARLY, period_end__gte=timezone.localdate())
    assert this_year.count() == 6 and not this_year.filter(status=SummaryStatus.SUBMITTED).exists()
    assert this_year.filter(versions__isnull=False).get().body.short_name == says["yearly_draft"]
    assert this_year.filter(due_date__isnull=False).count() == 6  # the Board's last meeting is flagged
    last_year = Summary.objects.filter(kind=SummaryKind.YEARLY, period_end__lt=timezone.localdate())
    assert last_year.count() == 6 and not last_year.exclude(status=SummaryStatus.SUBMITTED).exists()
