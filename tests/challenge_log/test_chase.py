"""Issue 14 §3: an assurance request is chased through the one reminder mechanism to the agency's current
leads and deputies (a lead who changes takes the obligation along), climbing to the business unit and the
chair of the body that holds the log; an answered request is chased no more."""

import datetime

import pytest
from django.utils import timezone

from accountability.models import OrganisationLead
from bscb.workdays import add_working_days, is_working_day, previous_working_day
from challenge_log import services
from challenge_log.dues import assurance_key
from notifications.models import Reminder
from notifications.services import chase
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _working(day):
    return day if is_working_day(day) else previous_working_day(day)


def _requested(log, due_on):
    entry = services.entry_raise(data={
        "kind": "challenge", "title": "Return interviews", "description": "Late.", "raised_by_body": log["sapp"],
        "organisation": log["police"]}, by=log["chair"])
    return services.assurance_request(entry=entry, asks="How many?", due_on=due_on, by=log["chair"])


def _reminded(request, day):
    return set(Reminder.objects.filter(key=assurance_key(request.pk), as_of=day, status="sent")
               .values_list("recipient__full_name", flat=True))


def test_the_request_is_chased_to_whoever_leads_the_agency_on_the_day(log):
    today = timezone.localdate()
    due = add_working_days(_working(today), 10)
    request = _requested(log, due)
    OrganisationLead.objects.filter(person=log["lead"]).update(end=today)  # the lead leaves
    newcomer = UserFactory(full_name="Nia New")
    OrganisationLead.objects.create(organisation=log["police"], person=newcomer, start=today)
    chase(as_of=due)
    assert _reminded(request, due) == {"Nia New", "Dee Deputy"}


def test_overdue_it_climbs_to_the_business_unit_and_the_log_holders_chair(log):
    due = add_working_days(_working(timezone.localdate()), 1)
    request = _requested(log, due)
    late = add_working_days(due, 12)
    chase(as_of=late)
    assert {"Pat Lead", "Dee Deputy", "Sam Patel", "Bea Chair"} <= _reminded(request, late)


def test_an_answered_request_is_chased_no_more(log):
    due = add_working_days(_working(timezone.localdate()), 1)
    request = _requested(log, due)
    services.assurance_answer(request=request, text="All of them.", by=log["lead"])
    chase(as_of=due + datetime.timedelta(days=1))
    assert not Reminder.objects.filter(key=assurance_key(request.pk)).exists()
