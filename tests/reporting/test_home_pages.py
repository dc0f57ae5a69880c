"""The home page and the header lead each reader to the pages they may open (issue 13 §2): the
attendance report, linked from nowhere; an administrator's what is due and people; what a chair owes;
an agency lead's agency; a Board member's papers; and, while nobody has a notice, when the chase runs."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from tests.factories import BodyFactory, MeetingFactory, OrganisationFactory, UserFactory, business_unit, member_of
from tests.helpers.queries import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def html_of(client, name, *args) -> str:
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return response.content.decode()


def links_in(html: str, href: str) -> int:
    return html.count(f'href="{href}"')


def agency_lead(organisation=None):
    from accountability.models import OrganisationLead

    organisation = organisation or OrganisationFactory(name="Bradford District Care NHS Foundation Trust")
    person = UserFactory(full_name="Priya Shah")
    OrganisationLead.objects.create(organisation=organisation, person=person, role="lead",
                                    start=timezone.localdate() - timedelta(days=30))
    return person, organisation


# --- the attendance report, where its readers look ------------------------------------------------

def test_the_attendance_report_is_linked_where_its_readers_look(client_for):
    attendance = reverse("attendance-report")
    officer = business_unit()
    lead, organisation = agency_lead()
    meeting = MeetingFactory(body=BodyFactory(), starts_at=timezone.now() - timedelta(days=3), status="held")

    # The business unit and the agency's lead find it on their home page.
    assert links_in(html_of(client_for(officer), "home"), attendance) >= 1
    assert links_in(html_of(client_for(lead), "home"), attendance) >= 1
    # Anyone finds it from an agency's page, from a meeting's attendance and among the meetings' pages.
    member = client_for(UserFactory())
    assert links_in(html_of(member, "organisation-detail", organisation.pk), attendance) == 1
    assert links_in(html_of(member, "meeting-detail", meeting.pk), attendance) >= 1
    assert links_in(html_of(member, "meeting-list"), attendance) == 1


# --- the administrator --------------------------------------------------------------------------

def test_an_administrator_sees_a_link_to_every_page_she_can_open(client_for):
    admin = UserFactory(full_name="Alex Admin", is_staff=True, is_superuser=True)  # no seat on any body
    client = client_for(admin)
    home = html_of(client, "home")
    for name in ("admin:index", "due-list", "person-list", "summaries-received", "attendance-report"):
        url = reverse(name)
        assert client.get(url).status_code == 200, name  # she may open it...
        assert links_in(home, url) >= 1, f"...and her home page links it: {name}"
    # The header's section of each page links it too.
    assert links_in(html_of(client, "summary-list"), reverse("due-list")) == 1
    assert links_in(html_of(client, "body-list"), reverse("person-list")) == 1
    assert "The partnership at a glance" in home


def test_a_member_is_offered_none_of_the_pages_she_may_not_open(client_for):
    client = client_for(member_of(BodyFactory()))
    home = html_of(client, "home")
    for name in ("admin:index", "due-list", "person-list", "summaries-received"):
        assert client.get(reverse(name)).status_code in (302, 403), name
        assert links_in(home, reverse(name)) == 0, name
    assert links_in(html_of(client, "summary-list"), reverse("due-list")) == 0
    assert links_in(html_of(client, "body-list"), reverse("person-list")) == 0


# --- what a person owes, their agency, their papers ------------------------------------------------

def owed_summary(body=None, days_ago=30):
    from reporting import services
    from tests.reporting.helpers import held_meeting

    return services.summary_expect(held_meeting(body=body, when=timezone.now() - timedelta(days=days_ago)))


def test_a_chair_finds_what_she_owes_on_her_home_page_and_a_member_does_not(client_for):
    summary = owed_summary()
    chair = member_of(summary.body, role="chair")
    member = member_of(summary.body)
    page = html_of(client_for(chair), "home")
    # Issue 18: what she owes is the first of the sources of what needs her today.
    assert "Summaries and reports you owe</h3>" in page and links_in(page, summary.get_absolute_url()) == 1
    assert "Overdue" in page
    assert "Summaries and reports you owe</h3>" not in html_of(client_for(member), "home")


def test_a_nominee_owes_the_draft_instead_of_the_chair(client_for):
    summary = owed_summary()
    chair = member_of(summary.body, role="chair")
    nominee = member_of(summary.body)
    summary.nominated_drafter = nominee
    summary.save(update_fields=["nominated_drafter"])
    assert links_in(html_of(client_for(nominee), "home"), summary.get_absolute_url()) == 1
    assert links_in(html_of(client_for(chair), "home"), summary.get_absolute_url()) == 0


def test_an_agency_lead_finds_her_agency_on_her_home_page(client_for):
    lead, organisation = agency_lead()
    OrganisationFactory(name="Another agency")
    page = html_of(client_for(lead), "home")
    assert links_in(page, organisation.get_absolute_url()) == 1
    assert "Another agency" not in page


def test_a_member_of_a_receiving_body_finds_the_papers_for_its_next_meeting(client_for):
    from tests.reporting.helpers import receiving_body

    board = receiving_body("Safeguarding Board")
    member = member_of(board)
    page = html_of(client_for(member), "home")
    assert links_in(page, reverse("summaries-received")) == 1
    assert "the papers for your body's next meeting" in page


def test_home_queries_do_not_grow_with_what_the_chair_owes(client_for):
    from reporting.models import Summary

    body = BodyFactory(owes_summaries=True)
    chair = member_of(body, role="chair")

    def add_rows(k):
        Summary.objects.bulk_create(Summary(body=body, kind="quarterly", period_start=date(2000 + i, 1, 1),
                                            period_end=date(2000 + i, 3, 31), due_date=date(2000 + i, 4, 21))
                                    for i in range(Summary.objects.count(), Summary.objects.count() + k))

    assert_queries_do_not_grow(client_for(chair), reverse("home"), add_rows)


# --- when the chase runs ------------------------------------------------------------------------

def test_with_no_notice_the_home_page_says_when_the_chase_next_runs(client_for):
    from config.schedules import ensure_periodic_tasks

    ensure_periodic_tasks()
    client = client_for(UserFactory())
    # Thursday 13 April 2017, 10:00: the chase ran at 07:00; Good Friday and Easter Monday are bank holidays.
    with time_machine.travel(datetime(2017, 4, 13, 10, tzinfo=LONDON), tick=False):
        page = html_of(client, "home")
    assert "You have no new notices" in page
    assert "it next runs on Tuesday 18 April 2017 at 07:00" in page


def test_the_next_chase_follows_the_schedule_set_in_the_admin():
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    from config.schedules import ensure_periodic_tasks
    from notifications.selectors import next_chase

    ensure_periodic_tasks()
    task = PeriodicTask.objects.get(task="notifications.chase")
    monday_morning = datetime(2017, 4, 24, 6, 0, tzinfo=LONDON)
    assert next_chase(monday_morning) == datetime(2017, 4, 24, 7, 0, tzinfo=LONDON)
    task.crontab = CrontabSchedule.objects.create(minute="15", hour="9", timezone="Europe/London")
    task.save()
    assert next_chase(monday_morning) == datetime(2017, 4, 24, 9, 15, tzinfo=LONDON)
    task.enabled = False
    task.save()
    assert next_chase(monday_morning) is None
