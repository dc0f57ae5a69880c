"""Reads for summaries."""

from datetime import date, timedelta

from django.db.models import Max, OuterRef, Q, Subquery
from django.utils import timezone

from accountability.models import Body, Function, Meeting, MeetingStatus
from accountability.roles import active_bodies, roles_for

from .models import Summary, SummaryReceipt, SummaryStatus, SummaryVersion

DUE_SOON_DAYS = 7
STATES = [
    ("expected", "Expected (nothing written)"),
    ("draft", "Draft"),
    ("due_soon", "Due soon"),
    ("due_today", "Due today"),
    ("overdue", "Overdue"),
    ("submitted", "Submitted"),
]
OUTSTANDING_STATES = [state for state in STATES if state[0] != "submitted"]
# What the business unit's page of things due lists; quarterly summaries and yearly assurance
# reports join it when they come (issue 6).
DUE_KINDS = [("summary", "Summaries after meetings")]


def _base():
    latest = SummaryVersion.objects.filter(summary=OuterRef("pk")).order_by("-number").values("number")[:1]
    return Summary.objects.select_related("body", "meeting").only(
        "pk", "due_date", "status", "submitted_on", "body__name", "body__short_name", "meeting__starts_at",
        "nominated_drafter_id",
    ).annotate(latest_number=Subquery(latest))


def summary_list(user, *, body_id=None, state=None, today: date | None = None):
    """What the user's bodies owe (the business unit: everything), newest due first."""
    today = today or timezone.localdate()
    roles = roles_for(user)
    qs = _base()
    if not roles.is_business_unit:
        qs = qs.filter(body_id__in=roles.member_body_ids)
    if body_id:
        qs = qs.filter(body_id=body_id)
    draft = Q(status=SummaryStatus.DRAFT)
    if state == "expected":
        qs = qs.filter(draft, latest_number__isnull=True)
    elif state == "draft":
        qs = qs.filter(draft, latest_number__isnull=False)
    elif state == "due_soon":
        qs = qs.filter(draft, due_date__gt=today, due_date__lte=today + timedelta(days=DUE_SOON_DAYS))
    elif state == "due_today":
        qs = qs.filter(draft, due_date=today)
    elif state == "overdue":
        qs = qs.filter(draft, due_date__lt=today)
    elif state == "submitted":
        qs = qs.filter(status=SummaryStatus.SUBMITTED)
    return qs.order_by("-due_date", "-pk")


def summary_state(summary, today: date | None = None) -> str:
    today = today or timezone.localdate()
    if summary.status == SummaryStatus.SUBMITTED:
        return "submitted"
    if summary.due_date < today:
        return "overdue"
    if summary.due_date == today:
        return "due_today"
    if summary.due_date <= today + timedelta(days=DUE_SOON_DAYS):
        return "due_soon"
    return "draft" if getattr(summary, "latest_number", None) else "expected"


def due_list(user, *, body_id=None, kind=None, state=None, today: date | None = None):
    """What is owed and not yet submitted across the partnership (the business unit's page), the
    longest overdue first."""
    if kind and kind not in dict(DUE_KINDS):
        return Summary.objects.none()
    return (summary_list(user, body_id=body_id, state=state, today=today)
            .filter(status=SummaryStatus.DRAFT).order_by("due_date", "pk"))


def summary_detail(pk: int) -> Summary:
    return Summary.objects.select_related("body", "meeting", "submitted_by", "nominated_drafter").get(pk=pk)


def summary_versions(summary):
    return list(summary.versions.select_related("created_by").order_by("number"))


def summary_receipts(summary):
    return list(summary.receipts.select_related("body", "received_by").order_by("body__name"))


def bodies_without_recent_meeting(as_of: date | None = None) -> list[Body]:
    """Owing bodies with no meeting *held* for longer than their cadence allows, each with
    `quiet_since` (the day of its last held meeting, or the day it became active). A meeting left
    scheduled in the past does not count: a meeting nobody records must not silence the chase."""
    as_of = as_of or timezone.localdate()
    last = Meeting.objects.filter(body=OuterRef("pk"), status=MeetingStatus.HELD,
                                  starts_at__date__lte=as_of).order_by("-starts_at").values("starts_at")[:1]
    bodies = (Body.objects.filter(active_bodies(as_of), owes_summaries=True, meeting_cadence_weeks__isnull=False)
              .only("pk", "name", "short_name", "meeting_cadence_weeks", "active_from")
              .annotate(last_meeting=Subquery(last)).order_by("name"))
    flagged = []
    for body in bodies:
        body.quiet_since = timezone.localtime(body.last_meeting).date() if body.last_meeting else body.active_from
        if (as_of - body.quiet_since).days > body.meeting_cadence_weeks * 7:
            flagged.append(body)
    return flagged


def summaries_received(user):
    """For members of the bodies that receive summaries: summaries submitted since each such body's
    last held meeting, with the body they were received for."""
    roles = roles_for(user)
    body_ids = [m.body_id for m in roles.memberships
                if any(f.function == Function.RECEIVES_SUMMARIES for f in m.body.functions.all())]
    if roles.is_business_unit and not body_ids:
        body_ids = list(Body.objects.filter(functions__function=Function.RECEIVES_SUMMARIES).values_list(
            "pk", flat=True))
    last_held = dict(
        Meeting.objects.filter(body_id__in=body_ids, status=MeetingStatus.HELD).values("body_id")
        .annotate(last=Max("starts_at")).values_list("body_id", "last")
    )
    condition = Q(pk__in=[])
    for body_id in set(body_ids):
        since = last_held.get(body_id)
        part = Q(body_id=body_id)
        if since:
            part &= Q(summary__submitted_on__gte=since)
        condition |= part
    return (SummaryReceipt.objects.filter(condition, summary__status=SummaryStatus.SUBMITTED)
            .select_related("summary", "summary__body", "summary__meeting", "body")
            .order_by("-summary__submitted_on", "body__name"))
