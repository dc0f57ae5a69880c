"""Calendar feeds (ICS): a person's meetings and the deadlines they owe, and for the business unit
the partnership's. Calendar clients subscribe to the address and re-read it; they cannot sign in,
so the address carries a secret (CalendarFeed.token). Events carry titles and links, never the text
of a record. Times are Europe/London."""

import secrets
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from accountability.models import Meeting, MeetingStatus
from accountability.people import owners_of
from accountability.roles import roles_for
from bscb.partnership import partnership_get

from .models import CalendarFeed, Summary, SummaryStatus

LONDON = ZoneInfo("Europe/London")
PAST = timedelta(days=365)  # a year of past meetings, two ahead: what a diary needs
AHEAD = timedelta(days=730)
MEETING_LENGTH = timedelta(hours=2)  # meetings record when they start, not when they end
REFRESH = timedelta(hours=1)


# --- the secret address ----------------------------------------------------------------------

def _new_token() -> str:
    return secrets.token_urlsafe(32)


def calendar_feed_find(user) -> CalendarFeed | None:
    """The person's address, or None before they create one. Reads only (the calendar page's GET)."""
    return CalendarFeed.objects.filter(user=user).first()


def calendar_feed_create(user) -> CalendarFeed:
    """The person's address, made when they ask for it (a POST); theirs already, when they have one."""
    feed, _ = CalendarFeed.objects.get_or_create(user=user, defaults={"token": _new_token()})
    return feed


def calendar_feed_reset(user) -> CalendarFeed:
    """A new address; the old one stops working at once."""
    feed = calendar_feed_create(user)
    feed.token = _new_token()
    feed.save(update_fields=["token", "created_on"])
    return feed


def feed_owner(token: str, *, partnership=False):
    """The active person whose address this is (the business unit only, for the partnership's), or None."""
    feed = CalendarFeed.objects.filter(token=token, user__is_active=True).select_related("user").first()
    if feed is None or (partnership and not roles_for(feed.user).is_business_unit):
        return None
    return feed.user


# --- what goes in ------------------------------------------------------------------------------

def _meetings(body_ids=None):
    now = timezone.now()
    meetings = Meeting.objects.filter(starts_at__gte=now - PAST, starts_at__lte=now + AHEAD)
    if body_ids is not None:
        meetings = meetings.filter(body_id__in=body_ids)
    return meetings.select_related("body").only("pk", "starts_at", "place", "status", "modified_on", "body__name")


def _deadlines(user=None):
    """Drafts with a due date: for a person, those they owe today (accountability.people.owners_of:
    nominated to draft, else chairing the body, else, the chair's post empty, in the business unit);
    for the partnership, all."""
    drafts = list(Summary.objects.filter(status=SummaryStatus.DRAFT, due_date__isnull=False)
                  .select_related("body", "meeting").only(
                      "pk", "kind", "due_date", "period_start", "period_end", "modified_on", "nominated_drafter_id",
                      "body__short_name", "meeting__starts_at").order_by("due_date", "pk"))
    if user is None:
        return drafts
    owners = owners_of({d.body_id for d in drafts}, timezone.localdate())
    return [d for d in drafts if user.pk in owners.of(d.body_id, d.nominated_drafter_id)]


# --- the feed ----------------------------------------------------------------------------------

def _calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", f"-//{partnership_get().short_name}//Governance//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/London")
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", REFRESH)
    return cal


def _meeting_event(meeting, absolute, host) -> Event:
    event = Event()
    start = timezone.localtime(meeting.starts_at, LONDON)
    event.add("uid", f"meeting-{meeting.pk}@{host}")
    event.add("dtstamp", meeting.modified_on)
    event.add("dtstart", start)
    event.add("dtend", start + MEETING_LENGTH)
    event.add("summary", f"{meeting.body.name} meeting")
    if meeting.place:
        event.add("location", meeting.place)
    event.add("status", "CANCELLED" if meeting.status == MeetingStatus.CANCELLED else "CONFIRMED")
    event.add("url", absolute(reverse("meeting-detail", args=[meeting.pk])))
    return event


def _deadline_event(summary, absolute, host) -> Event:
    event = Event()
    event.add("uid", f"due-{summary.pk}@{host}")
    event.add("dtstamp", summary.modified_on)
    event.add("dtstart", summary.due_date)  # a day, not a time: a deadline
    event.add("dtend", summary.due_date + timedelta(days=1))
    event.add("summary", f"Due: {summary}")
    event.add("transp", "TRANSPARENT")
    event.add("url", absolute(summary.get_absolute_url()))
    return event


def _render(cal: Calendar, meetings, deadlines, absolute, host) -> bytes:
    for meeting in meetings:
        cal.add_component(_meeting_event(meeting, absolute, host))
    for summary in deadlines:
        cal.add_component(_deadline_event(summary, absolute, host))
    cal.add_missing_timezones()
    return cal.to_ical()


def personal_feed(user, absolute, host) -> bytes:
    """`absolute` makes a path a full address; `host` keeps event identities unique to this site."""
    name = f"{partnership_get().short_name}: your meetings and deadlines"
    return _render(_calendar(name), _meetings(roles_for(user).member_body_ids), _deadlines(user), absolute, host)


def partnership_feed(absolute, host) -> bytes:
    name = f"{partnership_get().short_name}: the partnership's meetings and deadlines"
    return _render(_calendar(name), _meetings(), _deadlines(), absolute, host)
