"""What reporting declares to the chase (notifications): summaries owed, and bodies that owe summaries
but have recorded no meeting for too long. Who stands on each rung of the ladder is worked out when
the chase runs, from current memberships, never stored. The sources only read."""

from datetime import date, timedelta

from django.urls import reverse

from accountability.models import Function
from accountability.people import business_unit_ids, owners_of
from accountability.selectors import body_with_function, chair_of
from notifications.registry import BUSINESS_UNIT, MONITORING_CHAIR, OWNER, Due

from .models import Summary, SummaryStatus
from .selectors import bodies_without_recent_meeting

SUMMARY = "summary"
NO_MEETING = "no-meeting"


def summary_key(summary_pk: int) -> str:
    return f"{SUMMARY}:{summary_pk}"


def _monitoring_chair_ids(day: date) -> list[int]:
    monitoring = body_with_function(Function.MONITORS, day)
    chair = chair_of(monitoring, day) if monitoring else None
    return [chair.pk] if chair else []


def summary_dues_for(summaries: list[Summary], as_of: date) -> list[Due]:
    """Owner: the member the chair nominated, else the chair, else (an empty post) the business unit
    (accountability.people.owners_of); then also the business unit; then also the monitoring body's
    chair. A fixed number of queries."""
    if not summaries:
        return []
    owners = owners_of({s.body_id for s in summaries}, as_of)
    unit = list(owners.business_unit)
    monitoring_chair = _monitoring_chair_ids(as_of)
    dues = []
    for summary in summaries:
        owner = owners.of(summary.body_id, summary.nominated_drafter_id)
        dues.append(Due(
            key=summary_key(summary.pk),
            title=f"{summary.body.short_name}: {summary.label}",
            url=reverse("summary-detail", args=[summary.pk]),
            # A yearly report with no due date yet is not chased; pressed "remind now", it is due today.
            due_date=summary.due_date or as_of,
            done=summary.status == SummaryStatus.SUBMITTED,
            rungs=[(OWNER, owner), (BUSINESS_UNIT, unit), (MONITORING_CHAIR, monitoring_chair)],
            remind_perm="reporting.remind", record=summary, body_id=summary.body_id,
        ))
    return dues


def _summaries():
    return Summary.objects.select_related("body", "meeting").order_by("due_date", "pk")


def summary_dues(as_of: date) -> list[Due]:
    """Every draft summary and report with a due date. Reads only (a dry run writes nothing): the rows
    are made by services.summaries_expect, run by the daily task before the chase, and by the services
    that change what is owed."""
    return summary_dues_for(list(_summaries().filter(status=SummaryStatus.DRAFT, due_date__isnull=False)), as_of)


def summary_due(key: str, as_of: date) -> Due | None:
    """One summary's due (for "remind now"), or None if there is no such summary."""
    try:
        pk = int(key.removeprefix(f"{SUMMARY}:"))
    except ValueError:
        return None
    dues = summary_dues_for(list(_summaries().filter(pk=pk)), as_of)
    return dues[0] if dues else None


def no_meeting_key(body_id: int, since: date) -> str:
    # The date of the last meeting is in the key: a meeting recorded later, then another lapse,
    # starts a new ladder, while the reminders of the old one stay on record.
    return f"{NO_MEETING}:{body_id}:{since.isoformat()}"


def no_meeting_dues(as_of: date) -> list[Due]:
    """A body that owes summaries and has held no meeting for longer than its cadence allows is
    flagged to the business unit (DESIGN.md: a meeting nobody records must not silence the chase).
    Due on the first day past the cadence; the business unit owns it, the monitoring chair is told
    when it stays unrecorded."""
    flagged = bodies_without_recent_meeting(as_of)
    if not flagged:
        return []
    unit = business_unit_ids(as_of)
    monitoring_chair = _monitoring_chair_ids(as_of)
    dues = []
    for body in flagged:
        dues.append(Due(
            key=no_meeting_key(body.pk, body.quiet_since),
            title=f"No meeting of the {body.short_name} recorded since {body.quiet_since:%-d %B %Y}",
            url=reverse("body-detail", args=[body.pk]),
            due_date=body.quiet_since + timedelta(weeks=body.meeting_cadence_weeks, days=1),
            rungs=[(OWNER, unit), (BUSINESS_UNIT, unit), (MONITORING_CHAIR, monitoring_chair)],
        ))
    return dues
