"""The dashboards and the home page answer in a number of queries that does not grow with the data (issue 18
§3): each counted at N and 5N of the records its figures count (entries with requests, actions, summaries,
attendance, notices)."""

import datetime
from itertools import count

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.challenge_log.bulk import add_entries
from tests.helpers.queries import assert_queries_do_not_grow
from tests.reporting.dashboard_shape import dashboard_shape

pytestmark = pytest.mark.django_db
_serial = count(1)
_years = count(1)


@pytest.fixture
def shape():
    return dashboard_shape()


def add_everything(shape):
    from accountability.models import Attendance, Meeting
    from notifications.models import Notice
    from plan.action_models import Action
    from reporting.models import Summary

    entries = add_entries({"sapp": shape["sapp"], "chair": shape["chair"], "police": shape["police"]})
    today = timezone.localdate()

    def add(k):
        entries(k)
        made = Action.objects.bulk_create([Action(
            action_plan=shape["sapp_plan"], body=shape["sapp"], description=f"Bulk action {next(_serial)}",
            owner=shape["owner"], organisation=shape["police"], due_on=today - datetime.timedelta(days=i % 3),
            success_measure="Measured.", progress="at_risk") for i in range(k)])
        Action.outcomes.through.objects.bulk_create(
            [Action.outcomes.through(action=a, outcome=shape["outcome"]) for a in made])
        years = [1000 + next(_years) for _ in range(k)]
        Summary.objects.bulk_create([Summary(
            body=shape["sapp"], kind="quarterly", period_start=datetime.date(year, 1, 1),
            period_end=datetime.date(year, 3, 31), due_date=today - datetime.timedelta(days=i))
            for i, year in enumerate(years)])
        meetings = Meeting.objects.bulk_create([Meeting(
            body=shape["sapp"], starts_at=timezone.now() - datetime.timedelta(days=10 + i), status="held")
            for i in range(k)])
        Attendance.objects.bulk_create([Attendance(meeting=m, person=who, organisation=shape["police"],
                                                   status="present") for m in meetings
                                        for who in (shape["owner"], shape["chair"])])
        Notice.objects.bulk_create([Notice(user=who, title=f"Notice {next(_serial)}", url="/log/")
                                    for who in (shape["chair"], shape["bu"]) for _ in range(k)])

    return add


@pytest.mark.parametrize(("who", "name", "arg"), [
    ("bu", "dashboard-board", None), ("board_member", "dashboard-board", None),
    ("bu", "dashboard-business-unit", None),
    ("lead", "dashboard-agency", "police"), ("board_member", "dashboard-agency", "police"),
    ("chair", "dashboard-body", "sapp"), ("bpg_member", "dashboard-body", "sapp"),
])
def test_a_dashboards_queries_do_not_grow(shape, client_for, who, name, arg):
    url = reverse(name, args=[shape[arg].pk] if arg else [])
    assert_queries_do_not_grow(client_for(shape[who]), url, add_everything(shape))


@pytest.mark.parametrize("who", ["chair", "lead", "board_member", "bu", "owner", "bpg_member"])
def test_each_roles_home_page_queries_do_not_grow(shape, client_for, who):
    assert_queries_do_not_grow(client_for(shape[who]), reverse("home"), add_everything(shape))


@pytest.fixture(autouse=True)
def _computed(settings):
    """These tests count the queries of the figures' computation: the cache (reporting/generation.py) is off."""
    settings.REPORTING_CACHE = False
