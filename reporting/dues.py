"""Summaries declared to the chase (notifications): what is owed, by when, and who stands on each rung
of the ladder, worked out when the chase runs from current memberships, never stored."""

from datetime import date

from django.urls import reverse

from accountability.models import CHAIR_ROLES, Function, Membership
from accountability.roles import current
from accountability.selectors import body_with_function, chair_of, current_members
from notifications.registry import BUSINESS_UNIT, MONITORING_CHAIR, OWNER, Due

from .models import Summary, SummaryStatus
from .services import summaries_sync


def _business_unit_ids(day: date) -> list[int]:
    unit = body_with_function(Function.BUSINESS_UNIT, day)
    return [m.person_id for m in current_members(unit, day)] if unit else []


def summary_dues(as_of: date):
    """Every draft summary. Owner: the member the chair nominated, else the chair, else (an empty
    post) the business unit; then also the business unit; then also the monitoring body's chair."""
    summaries_sync(as_of)  # meetings recorded late, or re-dated, make or move their summaries first
    drafts = list(
        Summary.objects.filter(status=SummaryStatus.DRAFT).select_related("body", "meeting").order_by("due_date", "pk")
    )
    if not drafts:
        return []
    unit = _business_unit_ids(as_of)
    monitoring = body_with_function(Function.MONITORS, as_of)
    monitoring_chair = chair_of(monitoring, as_of) if monitoring else None
    chairs = dict(
        Membership.objects.filter(current(as_of), role__in=CHAIR_ROLES, body__in={s.body_id for s in drafts})
        .order_by("role", "start").values_list("body_id", "person_id")
    )
    dues = []
    for summary in drafts:
        owner = [summary.nominated_drafter_id] if summary.nominated_drafter_id else []
        owner = owner or ([chairs[summary.body_id]] if summary.body_id in chairs else unit)
        held = summary.meeting.starts_at.date()
        dues.append(Due(
            key=f"summary:{summary.pk}",
            title=f"Summary for the {summary.body.short_name} meeting of {held:%-d %B %Y}",
            url=reverse("summary-detail", args=[summary.pk]),
            due_date=summary.due_date,
            rungs=[(OWNER, owner), (BUSINESS_UNIT, unit),
                   (MONITORING_CHAIR, [monitoring_chair.pk] if monitoring_chair else [])],
        ))
    return dues
