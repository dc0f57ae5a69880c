"""The last meeting of the year: only a body that receives yearly assurance reports has one (their
due date is worked out from it). The service (through the model's clean) refuses the flag on any
other body's meeting, beside the field; the form offers the checkbox only where it can be set."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accountability import services
from accountability.models import FINAL_OF_YEAR_NOT_RECEIVING, BodyFunction, Function, Meeting
from tests.factories import MeetingFactory
from tests.helpers.forms import post_form

from .helpers import Page, date_data

pytestmark = pytest.mark.django_db


def _receiving(body):
    BodyFunction.objects.create(body=body, function=Function.RECEIVES_YEARLY)
    return body


def _at(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def test_the_service_refuses_the_flag_for_a_body_that_receives_no_yearly_reports(bu, body):
    with pytest.raises(ValidationError) as refused:
        services.meeting_schedule(body=body, starts_at=_at(datetime.date(2027, 3, 9)), is_final_of_year=True, by=bu)
    assert refused.value.message_dict == {"is_final_of_year": [FINAL_OF_YEAR_NOT_RECEIVING]}
    assert not Meeting.objects.filter(body=body).exists()


def test_the_service_flags_the_last_meeting_of_a_body_that_receives_them(bu, body):
    meeting = services.meeting_schedule(body=_receiving(body), starts_at=_at(datetime.date(2027, 3, 9)),
                                        is_final_of_year=True, by=bu)
    assert meeting.is_final_of_year


def test_changing_a_meeting_cannot_flag_it_but_a_flag_already_stored_does_not_block_it(bu, body):
    meeting = MeetingFactory(body=body, starts_at=_at(datetime.date(2027, 3, 9)))
    with pytest.raises(ValidationError) as refused:
        services.meeting_update(meeting=meeting, data={"is_final_of_year": True}, by=bu)
    assert refused.value.message_dict == {"is_final_of_year": [FINAL_OF_YEAR_NOT_RECEIVING]}
    # A body that has since lost the function: its flagged meeting can still be changed or cancelled.
    stored = MeetingFactory(body=body, starts_at=_at(datetime.date(2027, 4, 9)), is_final_of_year=True)
    assert services.meeting_update(meeting=stored, data={"place": "Room 5"}, by=bu)
    services.meeting_cancel(meeting=stored, by=bu)


def test_the_form_offers_the_checkbox_only_to_a_body_that_receives_yearly_reports(bu_client, body):
    url = reverse("body-meeting-create", args=[body.pk])
    assert Page(bu_client.get(url)).value("is_final_of_year") is None
    # Posted anyway (a stale page): ignored, not saved.
    response = post_form(bu_client, url, {**date_data("starts_on", datetime.date(2027, 3, 9)), "time": "14:30",
                                    "place": "Room 3", "is_final_of_year": "on"})
    assert response.status_code == 302
    assert not Meeting.objects.get(body=body).is_final_of_year

    _receiving(body)
    page = Page(bu_client.get(url))
    assert page.value("is_final_of_year") is not None
    assert "last meeting of the partnership\u2019s year" in page.text()
    assert "Board" not in page.text()


def test_the_admin_refuses_the_flag_beside_the_field(body):
    from accountability.admin import MeetingAdminForm

    form = MeetingAdminForm(data={"body": body.pk, "starts_at": "2027-03-09 10:00", "place": "Room 1",
                                  "status": "scheduled", "is_final_of_year": "on", "minutes": ""})
    assert not form.is_valid()
    assert form.errors == {"is_final_of_year": [FINAL_OF_YEAR_NOT_RECEIVING]}
