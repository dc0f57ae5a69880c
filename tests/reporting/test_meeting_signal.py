"""Recording a meeting as held makes its summary due 15 working days later; re-dating moves it."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from accountability import services
from reporting.models import Summary
from tests.factories import BodyFactory, MeetingFactory, business_unit

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def test_a_held_meeting_of_a_body_that_owes_summaries_makes_one_due():
    bu = business_unit()
    meeting = MeetingFactory(body=BodyFactory(owes_summaries=True),
                             starts_at=datetime(2017, 3, 29, 10, tzinfo=LONDON))
    services.meeting_mark_held(meeting=meeting, by=bu)
    assert Summary.objects.get(meeting=meeting).due_date == date(2017, 4, 21)  # Easter skipped


def test_a_body_that_owes_none_gets_none():
    meeting = MeetingFactory(body=BodyFactory(owes_summaries=False),
                             starts_at=datetime(2017, 3, 29, 10, tzinfo=LONDON))
    services.meeting_mark_held(meeting=meeting, by=business_unit())
    assert not Summary.objects.exists()


def test_re_dating_a_held_meeting_moves_its_summary():
    bu = business_unit()
    meeting = MeetingFactory(body=BodyFactory(owes_summaries=True),
                             starts_at=datetime(2017, 3, 29, 10, tzinfo=LONDON))
    services.meeting_mark_held(meeting=meeting, by=bu)
    services.meeting_update(meeting=meeting, data={"starts_at": datetime(2017, 3, 22, 10, tzinfo=LONDON)}, by=bu)
    assert Summary.objects.get(meeting=meeting).due_date == date(2017, 4, 12)
