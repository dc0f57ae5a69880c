"""`load_demo` is idempotent: a second run adds nothing, and a run on a later day brings the year
of meetings and their summaries up to date without copying any (nor adding a second set of
extraordinary meetings)."""

from collections import Counter
from datetime import date, datetime, time, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone

from accountability.demo import (
    extraordinary_specs,
    is_final_of_year,
    meeting_window,
    on_grid,
    schedule_dates,
    year_end,
)
from accountability.models import Meeting, MeetingStatus, User
from bscb.models import Partnership
from config.demo import demo_read
from notifications.registry import BUSINESS_UNIT, MONITORING_CHAIR, OWNER
from notifications.services import chase
from reporting.models import Summary
from tests.demo.test_summaries import EVERY_STATE, chase_day, of_summaries, rungs_reached, states

BOARD = {"rule": "months", "months": [3, 6, 9, 12], "weekday": "thursday", "nth": 3, "final_of_year": True}
SUB_GROUP = {"rule": "every_weeks", "weeks": 8, "from": date(2024, 1, 8)}
DATA = {"partnership": {"year_start_month": 4}, "bodies": [{"meetings": BOARD}]}
LONDON = ZoneInfo("Europe/London")


def counts():
    """Rows in every table of the project's apps, history included."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in ("accountability", "bscb", "reporting", "plan")
    }


def load():
    call_command("load_demo", stdout=StringIO())


def test_loading_the_demo_twice_duplicates_nothing(demo_in_test):
    # The first load is the worker's (demo_in_test restores what it wrote today); this is the second.
    first = counts()
    assert first["accountability.Meeting"] > 0 and first["accountability.Attendance"] > 0
    assert first["reporting.SummaryVersion"] > 0 and first["reporting.SummaryReceipt"] > 0
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert counts() == first
    assert Partnership.objects.get().short_name == "BSCB"
    assert "bu.officer@bscb.example.org" in out.getvalue() and "Password for each" in out.getvalue()
    admin = User.objects.get(email="admin@bscb.example.org")
    assert admin.is_staff and admin.check_password("demo-governance-2026")


def test_a_run_on_a_later_day_adds_the_new_dates_and_holds_what_has_taken_place(demo_in_test):
    # The first run is today's (demo_in_test); the second is 70 days on.
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        scheduled_then = set(Meeting.objects.filter(status=MeetingStatus.SCHEDULED).values_list("pk", flat=True))
        extraordinary_then = extraordinary_meetings()
        assert sum(extraordinary_then.values()) == sum(len(extraordinary_specs(row)) for row in demo_read()["bodies"])
    with time_machine.travel(start + timedelta(days=70), tick=False):
        load()
        now = timezone.now()
        days = Counter(
            (m.body_id, timezone.localtime(m.starts_at).date()) for m in Meeting.objects.all()
        )
        assert max(days.values()) == 1  # never two meetings of a body on one day
        taken_place = Meeting.objects.filter(pk__in=scheduled_then, starts_at__lte=now)
        assert taken_place.exists()
        for meeting in taken_place:
            assert meeting.status == MeetingStatus.HELD
            assert meeting.attendances.exists() and meeting.decisions.exists()
        assert Meeting.objects.filter(starts_at__gt=now + timedelta(days=60)).exists()
        assert not Meeting.objects.filter(starts_at__lte=now, status=MeetingStatus.SCHEDULED).exists()
        assert extraordinary_meetings() == extraordinary_then  # none added on the later day
        # The later day's grid summaries that fell due since were written and submitted as well.
        assert not Summary.objects.filter(due_date__lt=timezone.localdate(), versions__isnull=True,
                                          meeting__in=grid_meetings()).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("day", [
    date(2026, 5, 2),  # a Saturday before the May bank holiday: the first chase is on Tuesday
    date(2026, 2, 19),  # the L&D and CSE offsets fall on their grid days: stepped back one
    date(2026, 9, 8),  # PMAE's due-today offset falls on its grid: the grid meeting is due today
])
def test_whatever_the_load_day_the_first_chase_reaches_every_rung_and_every_state(day):
    with time_machine.travel(datetime.combine(day, time(12), tzinfo=LONDON), tick=False):
        load()
        first = chase_day(day)
        assert set(states(first)) == EVERY_STATE
        result = chase(as_of=first, dry_run=True)
        assert 5 <= len(of_summaries(result.sent)) <= 30, len(result.sent)
        assert set(rungs_reached(result)) == {OWNER, BUSINESS_UNIT, MONITORING_CHAIR}


def grid_meetings():
    rules = {row["name"]: row["meetings"] for row in demo_read()["bodies"] if row.get("meetings")}
    return [m.pk for m in Meeting.objects.select_related("body")
            if on_grid(rules[m.body.name], timezone.localtime(m.starts_at).date())]


def extraordinary_meetings():
    """The demo's meetings off their body's grid, by body."""
    grid = set(grid_meetings())
    return Counter(m.body.short_name for m in Meeting.objects.select_related("body") if m.pk not in grid)


def test_a_board_meets_on_the_third_thursday_of_each_quarters_last_month():
    assert schedule_dates(BOARD, date(2026, 1, 1), date(2026, 12, 31)) == [
        date(2026, 3, 19), date(2026, 6, 18), date(2026, 9, 17), date(2026, 12, 17),
    ]


def test_a_fortnightly_grid_does_not_move_with_the_day_it_is_asked_from():
    one = schedule_dates(SUB_GROUP, date(2026, 1, 1), date(2026, 12, 31))
    two = schedule_dates(SUB_GROUP, date(2026, 2, 1), date(2026, 12, 31))
    assert one[1:] == two
    assert {(b - a).days for a, b in zip(one, one[1:], strict=False)} == {56}


def test_the_march_board_meeting_is_the_last_of_the_partnership_year():
    assert year_end(date(2026, 11, 27), 4) == date(2027, 3, 31)
    assert year_end(date(2027, 3, 31), 4) == date(2027, 3, 31)
    assert year_end(date(2027, 4, 1), 4) == date(2028, 3, 31)
    assert is_final_of_year(BOARD, date(2026, 3, 19), 4)
    assert not is_final_of_year(BOARD, date(2026, 12, 17), 4)
    assert not is_final_of_year(SUB_GROUP, date(2026, 3, 30), 4)


@pytest.mark.parametrize(("today", "end"), [
    (date(2026, 11, 27), date(2027, 3, 18)),  # reaches the next final Board meeting
    (date(2026, 3, 1), date(2026, 5, 31)),  # three months ahead already passes 19 March
    (date(2026, 3, 25), date(2027, 3, 18)),  # this year's final has passed: next year's
])
def test_the_window_runs_from_a_year_ago_to_the_next_final_board_meeting(today, end):
    assert meeting_window(DATA, today) == (today - timedelta(days=365), end)


def test_the_window_is_at_least_three_months_ahead():
    start, end = meeting_window({"partnership": {"year_start_month": 4}, "bodies": []}, date(2026, 6, 1))
    assert end == date(2026, 8, 31) and start == date(2025, 6, 1)

