"""The meeting list, a meeting's page, and the business unit's forms to schedule and change meetings,
record them as held or cancel them, and add agenda items."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accountability import services
from accountability.forms import meetings as forms
from accountability.models import AgendaItem, BodyFunction, Function, Meeting, MeetingStatus
from tests.factories import BodyFactory, MeetingFactory, OrganisationFactory, ThemeFactory, UserFactory
from tests.helpers.forms import post_form

from .helpers import Page, date_data

pytestmark = pytest.mark.django_db


def local(dt):
    return timezone.localtime(dt)


# The list -------------------------------------------------------------------------------------------


def test_the_list_opens_on_upcoming_meetings_soonest_first(client_for, body):
    now = timezone.now()
    later = MeetingFactory(body=body, starts_at=now + datetime.timedelta(days=30), place="Room 9")
    sooner = MeetingFactory(body=body, starts_at=now + datetime.timedelta(days=2), place="Room 1",
                            is_final_of_year=True)
    MeetingFactory(body=body, starts_at=now - datetime.timedelta(days=2), place="Room Past")
    page = Page(client_for(UserFactory()).get(reverse("meeting-list")))
    text = page.text()
    assert "Room Past" not in text
    assert text.index("Room 1") < text.index("Room 9")
    rows = page.doc.find("tbody").find_all("tr")
    assert [r.find("a").attrs["href"] for r in rows] == [sooner.get_absolute_url(), later.get_absolute_url()]
    assert "Scheduled" in rows[0].text and "Yes" in rows[0].text  # status tag, last of the year


def test_the_list_filters_by_body_status_and_dates(client_for, body):
    other = BodyFactory()
    now = timezone.now()
    held = MeetingFactory(body=body, starts_at=now - datetime.timedelta(days=40), status="held", place="Held one")
    MeetingFactory(body=body, starts_at=now - datetime.timedelta(days=10), status="cancelled", place="Cancelled one")
    MeetingFactory(body=other, starts_at=now - datetime.timedelta(days=40), status="held", place="Other body")
    client = client_for(UserFactory())

    page = Page(client.get(reverse("meeting-list"), {"when": "", "body": body.pk, "status": "held"}))
    assert "Held one" in page.text() and "Cancelled one" not in page.text() and "Other body" not in page.text()

    day = local(held.starts_at).date()
    before, after = day - datetime.timedelta(days=1), day + datetime.timedelta(days=1)
    page = Page(client.get(reverse("meeting-list"), {
        "when": "past", "date_from_0": before.day, "date_from_1": before.month, "date_from_2": before.year,
        "date_to_0": after.day, "date_to_1": after.month, "date_to_2": after.year,
    }))
    assert "Held one" in page.text() and "Other body" in page.text() and "Cancelled one" not in page.text()


def test_a_bad_filter_date_is_explained_beside_the_field(client_for, body):
    page = Page(client_for(UserFactory()).get(reverse("meeting-list"), {
        "when": "", "date_from_0": "31", "date_from_1": "2", "date_from_2": "2027"}))
    assert page.error("date_from") == "The first date must be a real date"
    assert page.title().startswith("Error: ")
    assert [page.value(f"date_from_{n}") for n in range(3)] == ["31", "2", "2027"]


def test_the_list_is_paginated_and_the_pages_keep_the_filters(client_for, body):
    start = timezone.now() + datetime.timedelta(days=1)
    Meeting.objects.bulk_create(
        [Meeting(body=body, starts_at=start + datetime.timedelta(days=i)) for i in range(30)]
    )
    page = Page(client_for(UserFactory()).get(reverse("meeting-list"), {"body": body.pk, "when": "upcoming"}))
    assert len(page.doc.find("tbody").find_all("tr")) == 25
    next_link = page.doc.find("a", rel="next").attrs["href"]
    assert f"body={body.pk}" in next_link and "when=upcoming" in next_link and "page=2" in next_link


def test_an_empty_list_says_so(client_for, db):
    client = client_for(UserFactory())
    assert "No meetings are scheduled from now on." in Page(client.get(reverse("meeting-list"))).text()
    assert "No meetings match these filters." in Page(client.get(reverse("meeting-list"), {"when": ""})).text()


# A meeting's page -----------------------------------------------------------------------------------


def test_a_meeting_page_shows_its_details_agenda_minutes_attendance_and_decisions(client_for, bu, body, members,
                                                                                   past_meeting):
    police = OrganisationFactory(name="West Yorkshire Police")
    BodyFunction.objects.create(body=body, function=Function.RECEIVES_YEARLY)
    past_meeting.minutes, past_meeting.place, past_meeting.is_final_of_year = "We met and agreed.", "Room 4", True
    past_meeting.save()
    services.agenda_item_add(meeting=past_meeting, title="Neglect strategy", notes="For agreement", by=bu)
    services.attendance_record(meeting=past_meeting, person=members[0], status="present", by=bu)
    services.attendance_record(
        meeting=past_meeting, person=members[1], status="delegate", delegate_name="Dee Legate",
        delegate_role="Detective Inspector", delegate_organisation=police, delegate_sufficiently_senior=False, by=bu,
    )
    services.decision_record(
        meeting=past_meeting, text="Adopt the strategy.", childrens_voice="not_applicable",
        not_applicable_reason="An internal budget matter.", themes=[ThemeFactory(name="Neglect")], by=bu,
    )
    page = Page(client_for(UserFactory()).get(past_meeting.get_absolute_url()))
    text = page.text()
    final = f"Yes: the yearly assurance reports to the {body.name} fall due before it"
    for expected in (body.name, "Room 4", "Held", final, "Neglect strategy", "For agreement", "We met and agreed.",
                     members[0].full_name, "Present", "Dee Legate, Detective Inspector, West Yorkshire Police",
                     "Senior enough to make decisions: no", "Adopt the strategy.", "Neglect", "Not applicable",
                     "An internal budget matter."):
        assert expected in text, expected


def test_a_member_sees_no_business_unit_actions(client_for, body, members, past_meeting):
    page = Page(client_for(members[0]).get(past_meeting.get_absolute_url()))
    links = [a.attrs.get("href") for a in page.doc.find_all("a")]
    assert reverse("meeting-decision-add", args=[past_meeting.pk]) in links  # a member records decisions
    for name in ("meeting-edit", "meeting-attendance", "meeting-minutes", "meeting-agenda-add", "meeting-cancel"):
        assert reverse(name, args=[past_meeting.pk]) not in links, name
    assert reverse("record-history", args=["accountability", "meeting", past_meeting.pk]) not in links


def test_the_business_unit_sees_every_action_and_the_history(client_for, bu, body):
    meeting = MeetingFactory(body=body, starts_at=timezone.now() - datetime.timedelta(hours=2))
    page = Page(client_for(bu).get(meeting.get_absolute_url()))
    links = [a.attrs.get("href") for a in page.doc.find_all("a")]
    for name in ("meeting-edit", "meeting-held", "meeting-cancel", "meeting-attendance", "meeting-decision-add",
                 "meeting-minutes", "meeting-agenda-add"):
        assert reverse(name, args=[meeting.pk]) in links, name
    assert reverse("record-history", args=["accountability", "meeting", meeting.pk]) in links


def test_a_future_meeting_offers_no_recording_and_a_cancelled_one_nothing_but_history(client_for, bu, future_meeting):
    links = [a.attrs.get("href") for a in Page(client_for(bu).get(future_meeting.get_absolute_url())).doc.find_all("a")]
    assert reverse("meeting-held", args=[future_meeting.pk]) not in links
    assert reverse("meeting-attendance", args=[future_meeting.pk]) not in links
    assert reverse("meeting-cancel", args=[future_meeting.pk]) in links
    future_meeting.status = MeetingStatus.CANCELLED
    future_meeting.save()
    links = [a.attrs.get("href") for a in Page(client_for(bu).get(future_meeting.get_absolute_url())).doc.find_all("a")]
    assert reverse("meeting-cancel", args=[future_meeting.pk]) not in links
    assert reverse("meeting-decision-add", args=[future_meeting.pk]) not in links


def test_the_chair_may_record_attendance(client_for, chair, past_meeting):
    page = Page(client_for(chair).get(past_meeting.get_absolute_url()))
    links = [a.attrs.get("href") for a in page.doc.find_all("a")]
    assert reverse("meeting-attendance", args=[past_meeting.pk]) in links


def test_an_unknown_meeting_is_not_found(client_for, db):
    assert client_for(UserFactory()).get(reverse("meeting-detail", args=[987654])).status_code == 404


def test_empty_sections_say_so(client_for, future_meeting):
    text = Page(client_for(UserFactory()).get(future_meeting.get_absolute_url())).text()
    for expected in ("No agenda items yet.", "No minutes yet.", "No attendance recorded yet.",
                     "No decisions recorded yet."):
        assert expected in text


# Scheduling and changing a meeting ------------------------------------------------------------------


def test_the_business_unit_schedules_a_meeting(bu_client, body):
    BodyFunction.objects.create(body=body, function=Function.RECEIVES_YEARLY)  # it may flag its last meeting
    url = reverse("body-meeting-create", args=[body.pk])
    assert bu_client.get(url).status_code == 200
    response = post_form(bu_client, url, {**date_data("starts_on", datetime.date(2027, 3, 9)), "time": "14:30",
                                    "place": "City Hall, Room 3", "is_final_of_year": "on"})
    meeting = Meeting.objects.get(body=body)
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
    assert local(meeting.starts_at).replace(tzinfo=None) == datetime.datetime(2027, 3, 9, 14, 30)
    assert meeting.place == "City Hall, Room 3" and meeting.is_final_of_year
    assert meeting.created_by is not None


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({**date_data("starts_on", None), "time": "10:00"}, "starts_on", "Enter the date of the meeting"),
        ({"starts_on_0": "31", "starts_on_1": "2", "starts_on_2": "2027", "time": "10:00"}, "starts_on",
         "The date of the meeting must be a real date"),
        ({"starts_on_0": "3", "starts_on_1": "2", "starts_on_2": "27", "time": "10:00"}, "starts_on",
         "The year of the date of the meeting must include 4 numbers"),
        ({"starts_on_0": "3", "starts_on_1": "2", "starts_on_2": "2101", "time": "10:00"}, "starts_on",
         "The year of the date of the meeting must be between 1900 and 2100"),
        ({**date_data("starts_on", datetime.date(2027, 2, 3)), "time": ""}, "time", forms.NO_TIME),
        ({**date_data("starts_on", datetime.date(2027, 2, 3)), "time": "half past two"}, "time", forms.NOT_A_TIME),
    ],
)
def test_bad_meeting_details_are_explained_beside_the_field_and_kept(bu_client, body, data, field, message):
    response = post_form(bu_client, reverse("body-meeting-create", args=[body.pk]), {**data, "place": "Room 7"})
    page = Page(response)
    assert response.status_code == 200
    assert page.error(field) == message
    assert message in page.summary()
    assert page.title().startswith("Error: ")
    assert page.value("place") == "Room 7"
    assert page.value("starts_on_0") == data["starts_on_0"] and page.value("time") == data["time"]
    assert not Meeting.objects.filter(body=body).exists()


def test_the_business_unit_changes_a_meeting(bu_client, future_meeting):
    url = reverse("meeting-edit", args=[future_meeting.pk])
    page = Page(bu_client.get(url))
    day = local(future_meeting.starts_at)
    assert page.value("starts_on_0") == str(day.day) and page.value("time") == f"{day:%H:%M}"
    response = post_form(bu_client, url, {**date_data("starts_on", datetime.date(2027, 5, 4)), "time": "09:15",
                                    "place": "Online"})
    assert response.status_code == 302
    future_meeting.refresh_from_db()
    assert local(future_meeting.starts_at).replace(tzinfo=None) == datetime.datetime(2027, 5, 4, 9, 15)
    assert future_meeting.place == "Online" and not future_meeting.is_final_of_year


def test_a_held_meeting_cannot_be_moved_into_the_future(bu_client, past_meeting):
    response = post_form(bu_client, reverse("meeting-edit", args=[past_meeting.pk]), {
        **date_data("starts_on", timezone.localdate() + datetime.timedelta(days=60)), "time": "10:00",
        "place": "Somewhere new",
    })
    page = Page(response)
    assert page.error("starts_on") == services.HELD_IN_FUTURE
    assert page.value("place") == "Somewhere new"
    past_meeting.refresh_from_db()
    assert past_meeting.starts_at < timezone.now()


# Held and cancelled ------------------------------------------------------------------------------


def test_the_business_unit_records_a_past_meeting_as_held(bu_client, body):
    meeting = MeetingFactory(body=body)
    url = reverse("meeting-held", args=[meeting.pk])
    page = Page(bu_client.get(url))
    assert page.doc.find("main").find("button").text == "Yes, record it as held"
    response = bu_client.post(url)
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    assert "The meeting was recorded as held." in Page(bu_client.get(response["Location"])).banner()


@pytest.mark.parametrize(
    "name, status, future, message",
    [
        ("meeting-held", "held", False, services.ALREADY_HELD),
        ("meeting-held", "cancelled", False, services.ALREADY_CANCELLED),
        ("meeting-held", "scheduled", True, services.HELD_IN_FUTURE),
        ("meeting-cancel", "held", False, services.CANCEL_HELD),
        ("meeting-cancel", "cancelled", False, services.ALREADY_CANCELLED),
    ],
)
def test_a_wrong_state_is_refused_on_the_page(bu_client, body, name, status, future, message):
    starts = timezone.now() + datetime.timedelta(days=5 if future else -5)
    meeting = MeetingFactory(body=body, status=status, starts_at=starts)
    response = bu_client.post(reverse(name, args=[meeting.pk]))
    page = Page(response)
    assert response.status_code == 200
    assert page.summary() == [message]
    assert page.title().startswith("Error: ")
    assert page.doc.find("main").find("button") is None  # nothing left to confirm
    meeting.refresh_from_db()
    assert meeting.status == status


def test_the_business_unit_cancels_a_meeting(bu_client, future_meeting):
    url = reverse("meeting-cancel", args=[future_meeting.pk])
    assert "cannot be reopened" in Page(bu_client.get(url)).text()
    assert bu_client.post(url).status_code == 302
    future_meeting.refresh_from_db()
    assert future_meeting.status == MeetingStatus.CANCELLED


# Agenda --------------------------------------------------------------------------------------------


def test_the_business_unit_adds_agenda_items_in_order(bu_client, future_meeting):
    url = reverse("meeting-agenda-add", args=[future_meeting.pk])
    page = Page(bu_client.get(url))
    assert "Do not write anything that could identify a child or family" in page.text()
    post_form(bu_client, url, {"title": "Apologies", "notes": ""})
    post_form(bu_client, url, {"title": "Action plan", "notes": "Draft attached"})
    assert list(AgendaItem.objects.filter(meeting=future_meeting).values_list("order", "title", "notes")) == [
        (1, "Apologies", ""), (2, "Action plan", "Draft attached"),
    ]


def test_an_agenda_item_without_a_title_is_refused_and_the_notes_kept(bu_client, future_meeting):
    page = Page(post_form(bu_client, reverse("meeting-agenda-add", args=[future_meeting.pk]),
                               {"title": "", "notes": "Typed notes"}))
    assert page.error("title") == forms.NO_AGENDA_TITLE
    assert page.value("notes") == "Typed notes"
    assert not AgendaItem.objects.exists()


# Who may ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["meeting-edit", "meeting-held", "meeting-cancel", "meeting-agenda-add",
                                  "meeting-minutes"])
def test_the_chair_does_not_manage_the_meeting(client_for, chair, past_meeting, name):
    client = client_for(chair)
    url = reverse(name, args=[past_meeting.pk])
    assert client.get(url).status_code == 403
    assert post_form(client, url, {"title": "x", "minutes": "x"}).status_code == 403


def test_only_the_business_unit_schedules(client_for, chair, body):
    assert client_for(chair).get(reverse("body-meeting-create", args=[body.pk])).status_code == 403
