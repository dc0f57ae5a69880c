"""What the home page shows a person: their bodies and next meetings; for the business unit, the
partnership at a glance and the meetings that need recording."""

from datetime import timedelta

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from ..models import Attendance, Body, Meeting, MeetingStatus, Membership, Organisation
from ..roles import active_bodies, current, roles_for

NEXT_MEETINGS = 5


def my_seats(user) -> list[dict]:
    """The person's seats now: their own memberships, then seats derived from chairing."""
    return [{"body": seat.body, "role": "Member (as a chair)" if seat.derived else seat.get_role_display(),
             "derived": seat.derived} for seat in roles_for(user).seats]


def my_agencies(user) -> list[Organisation]:
    """The agencies the person leads or deputises for now (their records: who represents them, their
    attendance). One query beyond the person's roles."""
    ids = roles_for(user).lead_organisation_ids
    return list(Organisation.objects.filter(pk__in=ids).order_by("name")) if ids else []


def my_next_meetings(user):
    body_ids = roles_for(user).member_body_ids
    return list(
        Meeting.objects.filter(body_id__in=body_ids, starts_at__gte=timezone.now(), status=MeetingStatus.SCHEDULED)
        .select_related("body").order_by("starts_at")[:NEXT_MEETINGS]
    )


def partnership_at_a_glance() -> dict:
    now = timezone.now()
    today = timezone.localdate()
    meetings = Meeting.objects.aggregate(
        next_30_days=Count("pk", filter=Q(status=MeetingStatus.SCHEDULED, starts_at__gte=now,
                                          starts_at__lt=now + timedelta(days=30))),
        awaiting_record=Count("pk", filter=Q(status=MeetingStatus.SCHEDULED, starts_at__lt=now)),
        held_this_year=Count("pk", filter=Q(status=MeetingStatus.HELD, starts_at__gte=now - timedelta(days=365))),
    )
    return {
        "bodies": Body.objects.filter(active_bodies(today)).count(),
        "people": Membership.objects.filter(current(today)).values("person").distinct().count(),
        **meetings,
    }


def meetings_needing_record(limit: int = 10):
    """Past meetings still marked scheduled, or held with no attendance recorded: the BU's to-do."""
    no_attendance = ~Exists(Attendance.objects.filter(meeting=OuterRef("pk")))
    return list(
        Meeting.objects.filter(starts_at__lt=timezone.now())
        .filter(Q(status=MeetingStatus.SCHEDULED) | (Q(status=MeetingStatus.HELD) & no_attendance))
        .select_related("body").order_by("-starts_at")[:limit]
    )
