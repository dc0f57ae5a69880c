"""Issue 14 §2: from the page of what is due, the business unit (or the body that holds the log) raises in one
step a challenge to a body that has not submitted what it owes, with the item, its due date and its chase
history; the body's chair answers it; one open challenge per thing owed."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from bscb.workdays import add_working_days
from challenge_log.models import Entry, Status
from notifications.services import remind_now
from reporting.dues import summary_key
from reporting.models import Summary
from tests.factories import MeetingFactory
from tests.helpers.forms import error_summary, opened

pytestmark = pytest.mark.django_db


@pytest.fixture
def late(log):
    sapp = log["sapp"]
    sapp.owes_summaries = True
    sapp.save()
    day = add_working_days(timezone.localdate(), -30)
    when = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    MeetingFactory(body=sapp, starts_at=when, status="held")
    summary = Summary.objects.get(meeting__body=sapp)
    remind_now(summary_key(summary.pk), by=log["bu"])  # a chase history to carry
    return summary


def test_the_business_unit_raises_it_in_one_step_from_the_page_of_what_is_due(client_for, log, late):
    bu = client_for(log["bu"])
    due_page = bu.get(reverse("due-list")).content.decode()
    link = reverse("noncompliance-create", args=[summary_key(late.pk)])
    assert link in due_page
    form_page = bu.get(link).content.decode()
    assert "due " in form_page and "Reminded now to Jo Chair" in form_page
    response = bu.post(link, opened(bu, link))  # sent as prefilled
    assert response.status_code == 302, error_summary(response.content.decode())
    entry = Entry.objects.get()
    assert (entry.kind, entry.raised_by_body, entry.body, entry.status) == ("challenge", log["bpg"], log["sapp"],
                                                                             Status.REQUESTED)
    assert "not submitted" in entry.description and "Reminded now to Jo Chair" in entry.description
    request = entry.requests.get()
    assert request.body == log["sapp"] and log["chair"].has_perm("challenge_log.answer", request)
    again = bu.post(link, opened(bu, link))
    assert f"{entry.reference} already challenges this, and is still open." in error_summary(again.content.decode())
    assert Entry.objects.count() == 1


def test_a_sub_group_chair_may_not_raise_it(client_for, log, late):
    link = reverse("noncompliance-create", args=[summary_key(late.pk)])
    assert client_for(log["chair"]).get(link).status_code == 403
    assert link not in client_for(log["chair"]).get(reverse("home")).content.decode()


def test_nothing_owed_is_said_plainly(client_for, log):
    page = client_for(log["bu"]).get(reverse("noncompliance-create", args=["summary:999999"]))
    assert page.status_code == 200 and "there is nothing to challenge" in page.content.decode()
