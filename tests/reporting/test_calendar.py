"""Calendar feeds: a person's holds the meetings of their bodies and the deadlines they owe, in UK
time, and nothing of bodies they are not on; the business unit's partnership feed holds all; a reset
address stops the old one."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from reporting import services
from reporting.calendar import calendar_feed_create
from reporting.models import CalendarFeed
from tests.factories import BodyFactory, MeetingFactory, UserFactory, business_unit, member_of
from tests.helpers.queries import assert_queries_do_not_grow
from tests.helpers.writes import assert_no_writes
from tests.reporting.helpers import held_meeting

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def _events(client, url):
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(response.content)
    return cal, {str(e["summary"]): e for e in cal.walk("VEVENT")}


@pytest.fixture
def diary():
    pmae = BodyFactory(name="PMAE sub group", short_name="PMAE", owes_summaries=True)
    chair = member_of(pmae, role="chair")
    member = member_of(pmae)
    other = BodyFactory(name="Other sub group", short_name="Other", owes_summaries=True)
    member_of(other, role="chair")
    summer = timezone.make_aware(datetime.datetime(timezone.now().year + 1, 7, 2, 14, 30), LONDON)
    MeetingFactory(body=pmae, starts_at=summer, place="City Hall")
    MeetingFactory(body=other, starts_at=summer, place="Elsewhere")
    mine = services.summary_expect(held_meeting(body=pmae))
    theirs = services.summary_expect(held_meeting(body=other))
    return {"chair": chair, "member": member, "mine": mine, "theirs": theirs, "summer": summer}


def test_a_chair_gets_their_meetings_and_deadlines_and_nothing_else(client, diary):
    token = calendar_feed_create(diary["chair"]).token
    cal, events = _events(client, reverse("calendar-feed", args=[token]))
    assert "PMAE sub group meeting" in events and "Other sub group meeting" not in events
    meeting = next(e for e in cal.walk("VEVENT") if e["location"] == "City Hall")
    start = meeting.decoded("dtstart")
    assert (start.hour, start.minute, str(start.tzinfo)) == (14, 30, "Europe/London")  # BST, not UTC
    assert cal.walk("VTIMEZONE")[0]["tzid"] == "Europe/London"
    due = events[f"Due: {diary['mine']}"]
    assert due.decoded("dtstart") == diary["mine"].due_date
    assert f"Due: {diary['theirs']}" not in events
    assert str(due["url"]).endswith(diary["mine"].get_absolute_url())


def test_a_member_who_does_not_draft_gets_the_meetings_but_not_the_deadline(client, diary):
    _cal, events = _events(client, reverse("calendar-feed", args=[calendar_feed_create(diary["member"]).token]))
    assert "PMAE sub group meeting" in events
    assert not [name for name in events if name.startswith("Due:")]


def test_the_business_unit_gets_the_partnership_calendar(client, diary):
    officer = business_unit()
    token = calendar_feed_create(officer).token
    _cal, events = _events(client, reverse("calendar-partnership", args=[token]))
    assert {"PMAE sub group meeting", "Other sub group meeting", f"Due: {diary['theirs']}"} <= set(events)
    assert client.get(reverse("calendar-partnership", args=[calendar_feed_create(diary["chair"]).token])).status_code \
        == 404


def test_a_reset_address_stops_the_old_one(client_for, client, diary):
    old = calendar_feed_create(diary["chair"]).token
    page = client_for(diary["chair"]).get(reverse("calendar")).content.decode()
    assert reverse("calendar-feed", args=[old]) in page
    client_for(diary["chair"]).post(reverse("calendar-reset"))
    assert client.get(reverse("calendar-feed", args=[old])).status_code == 404
    new = calendar_feed_create(diary["chair"]).token
    assert new != old and client.get(reverse("calendar-feed", args=[new])).status_code == 200


def test_a_closed_account_has_no_calendar(client, diary):
    token = calendar_feed_create(diary["chair"]).token
    diary["chair"].is_active = False
    diary["chair"].save()
    assert client.get(reverse("calendar-feed", args=[token])).status_code == 404


def test_feed_queries_do_not_grow(client, diary):
    chair = diary["chair"]
    body = diary["mine"].body

    def add(k):
        MeetingFactory.create_batch(k, body=body, starts_at=diary["summer"])
        for _ in range(k):
            services.summary_expect(held_meeting(body=body))

    url = reverse("calendar-feed", args=[calendar_feed_create(chair).token])
    assert_queries_do_not_grow(client, url, add)


def test_the_page_offers_the_partnership_calendar_to_the_business_unit_only(client_for):
    officer, member = business_unit(), UserFactory()
    for user in (officer, member):
        client_for(user).post(reverse("calendar"))
    assert "The partnership's calendar" in client_for(officer).get(reverse("calendar")).content.decode()
    assert "The partnership's calendar" not in client_for(member).get(reverse("calendar")).content.decode()


def test_the_first_view_offers_to_create_the_address_and_writes_nothing(client_for, client):
    """A GET creates nothing: the page offers a button whose POST (with its CSRF token) makes the address."""
    user = UserFactory()
    page = client_for(user).get(reverse("calendar"))
    html = page.content.decode()
    assert page.status_code == 200 and not CalendarFeed.objects.exists()
    button = html.index("Create my calendar address")
    form = html[html.rindex("<form", 0, button):html.index("</form>", button)]
    assert 'method="post"' in form and 'name="csrfmiddlewaretoken"' in form
    assert 'class="govuk-button"' in form and ".ics" not in html and "Reset the address" not in html
    csrf = Client(enforce_csrf_checks=True)
    csrf.force_login(user)
    assert csrf.post(reverse("calendar")).status_code == 403  # no CSRF token: refused, nothing made
    assert not CalendarFeed.objects.exists()
    response = client_for(user).post(reverse("calendar"))
    assert response.status_code == 302 and response["Location"] == reverse("calendar")
    feed = CalendarFeed.objects.get(user=user)
    html = client_for(user).get(reverse("calendar")).content.decode()
    assert reverse("calendar-feed", args=[feed.token]) in html and "Create my calendar address" not in html
    assert client.get(reverse("calendar-feed", args=[feed.token])).status_code == 200
    client_for(user).post(reverse("calendar"))  # pressed twice: the same address
    assert list(CalendarFeed.objects.values_list("token", flat=True)) == [feed.token]


def test_a_get_of_the_calendar_page_writes_no_row(client_for):
    user = UserFactory()
    client = client_for(user)
    with assert_no_writes():
        client.get(reverse("calendar"))
    calendar_feed_create(user)
    with assert_no_writes():
        client.get(reverse("calendar"))
