"""The decision log and the attendance report: partnership records every signed-in member reads."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accountability import services
from accountability.views.reports import year_start
from tests.factories import (
    BodyFactory,
    MeetingFactory,
    MembershipFactory,
    OrganisationFactory,
    ThemeFactory,
    UserFactory,
)

from .helpers import Page, date_data

pytestmark = pytest.mark.django_db


def at(day: datetime.date, hour=10):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


# The decision log ---------------------------------------------------------------------------------


@pytest.fixture
def log(bu, body):
    other = BodyFactory(name="Performance Management sub group", short_name="PMAE")
    neglect, online = ThemeFactory(name="Neglect"), ThemeFactory(name="Online safety")
    m1 = MeetingFactory(body=body, starts_at=at(datetime.date(2024, 5, 10)), status="held")
    m2 = MeetingFactory(body=other, starts_at=at(datetime.date(2024, 9, 10)), status="held")
    services.decision_record(meeting=m1, text="Neglect toolkit adopted.", childrens_voice="informed",
                             childrens_voice_detail="From the forum.", themes=[neglect], by=bu)
    services.decision_record(meeting=m2, text="Dataset agreed.", childrens_voice="not_applicable",
                             not_applicable_reason="Figures only.", themes=[online], by=bu)
    return {"other": other, "neglect": neglect, "online": online, "m1": m1}


def rows(page):
    body = page.doc.find("tbody")
    return [r.text for r in body.find_all("tr")] if body else []


def test_the_log_lists_every_decision_newest_first_with_a_link_to_its_meeting(client_for, log):
    page = Page(client_for(UserFactory()).get(reverse("decision-log")))
    found = rows(page)
    assert len(found) == 2
    assert "Dataset agreed." in found[0] and "Not applicable: Figures only." in found[0]
    assert "Neglect toolkit adopted." in found[1] and "Informed the decision: From the forum." in found[1]
    assert "Neglect" in found[1] and "10 May 2024" in found[1]
    assert any(a.attrs.get("href", "").startswith(log["m1"].get_absolute_url() + "#decision-")
               for a in page.doc.find_all("a"))


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"body": "body"}, ["Neglect toolkit adopted."]),
        ({"theme": "online"}, ["Dataset agreed."]),
        ({"childrens_voice": "informed"}, ["Neglect toolkit adopted."]),
        ({"date_from_0": "1", "date_from_1": "7", "date_from_2": "2024"}, ["Dataset agreed."]),
        ({"date_to_0": "1", "date_to_1": "7", "date_to_2": "2024"}, ["Neglect toolkit adopted."]),
    ],
)
def test_the_log_filters(client_for, body, log, params, expected):
    lookup = {"body": body.pk, "online": log["online"].pk}
    query = {k: lookup.get(v, v) for k, v in params.items()}
    found = rows(Page(client_for(UserFactory()).get(reverse("decision-log"), query)))
    assert [next(e for e in ("Neglect toolkit adopted.", "Dataset agreed.") if e in r) for r in found] == expected


def test_the_log_explains_a_bad_date_and_says_when_nothing_matches(client_for, log):
    bad = {"date_from_0": "yesterday", "date_from_1": "7", "date_from_2": "2024"}
    page = Page(client_for(UserFactory()).get(reverse("decision-log"), bad))
    assert page.error("date_from") == "The first date must be a real date"
    assert page.value("date_from_0") == "yesterday" and page.value("date_from_2") == "2024"
    page = Page(client_for(UserFactory()).get(reverse("decision-log"),
                                              {"date_from_0": "1", "date_from_1": "1", "date_from_2": "2030"}))
    assert "No decisions match these filters." in page.text()


# The attendance report ----------------------------------------------------------------------------


def test_the_partnership_year_starts_in_april_by_default():
    assert year_start(datetime.date(2026, 3, 31), 4) == datetime.date(2025, 4, 1)
    assert year_start(datetime.date(2026, 4, 1), 4) == datetime.date(2026, 4, 1)
    assert year_start(datetime.date(2026, 1, 5), 1) == datetime.date(2026, 1, 1)


@pytest.fixture
def attendance(bu, body):
    police = OrganisationFactory(name="Police")
    health = OrganisationFactory(name="Health")
    pc = MembershipFactory(body=body, organisation=police).person
    nurse = MembershipFactory(body=body, organisation=health).person
    for day, nurse_delegate_senior in ((datetime.date(2025, 5, 1), True), (datetime.date(2025, 6, 1), False)):
        meeting = MeetingFactory(body=body, starts_at=at(day), status="held")
        services.attendance_record(meeting=meeting, person=pc, status="present", by=bu)
        services.attendance_record(meeting=meeting, person=nurse, status="delegate", delegate_name="Dee",
                                   delegate_sufficiently_senior=nurse_delegate_senior, by=bu)
    early = MeetingFactory(body=body, starts_at=at(datetime.date(2025, 2, 1)), status="held")
    services.attendance_record(meeting=early, person=pc, status="absent", by=bu)
    return {"pc": pc, "nurse": nurse}


def report_rows(page):
    return {r.find("th").text: [td.text for td in r.find_all("td")] for r in page.doc.find("tbody").find_all("tr")}


@time_machine.travel(datetime.datetime(2025, 7, 1, 12, tzinfo=datetime.UTC), tick=False)
def test_the_report_defaults_to_the_partnership_year_to_date_per_agency(client_for, attendance):
    page = Page(client_for(UserFactory()).get(reverse("attendance-report")))
    assert page.value("start_0") == "1" and page.value("start_1") == "4" and page.value("start_2") == "2025"
    assert page.value("end_2") == "2025" and page.value("end_1") == "7"
    assert "senior enough to make decisions" in page.text()
    # Police: two meetings present (the February absence is before the year); Health: one senior delegate,
    # one not senior enough, so half.
    assert report_rows(page) == {
        "Health": ["2", "0", "1", "1", "0", "0", "50%"],
        "Police": ["2", "2", "0", "0", "0", "0", "100%"],
    }


def test_the_report_per_person_over_a_chosen_period(client_for, attendance):
    page = Page(client_for(UserFactory()).get(reverse("attendance-report"), {
        **date_data("start", datetime.date(2025, 1, 1)), **date_data("end", datetime.date(2025, 12, 31)),
        "by": "person",
    }))
    found = report_rows(page)
    assert found[attendance["pc"].full_name] == ["3", "2", "0", "0", "0", "1", "67%"]
    assert "Person" in page.doc.find("thead").text


def test_a_backwards_period_is_explained_beside_the_end(client_for, attendance):
    page = Page(client_for(UserFactory()).get(reverse("attendance-report"), {
        **date_data("start", datetime.date(2025, 6, 1)), **date_data("end", datetime.date(2025, 5, 1)),
    }))
    assert page.error("end") == "The end of the period must be the same as or after its start"
    assert page.value("end_0") == "1" and page.value("end_1") == "5"


def test_an_empty_period_says_so(client_for, db):
    page = Page(client_for(UserFactory()).get(reverse("attendance-report"), {
        **date_data("start", datetime.date(2001, 1, 1)), **date_data("end", datetime.date(2001, 2, 1)),
    }))
    assert "No attendance was recorded at meetings held between 1 January 2001 and 1 February 2001." in page.text()
