"""Reads for summaries, quarterly summaries and yearly assurance reports."""

from collections import defaultdict
from datetime import date

from django.db.models import F, Max, OuterRef, Q, Subquery
from django.utils import timezone

from accountability.models import Body, Meeting, MeetingStatus
from accountability.people import business_unit_ids, chairs_of
from accountability.roles import active_bodies, roles_for
from accountability.selectors import bodies_with_function
from bscb.periods import Period
from bscb.workdays import add_working_days
from notifications.models import ChaseSettings

from .filters import DueFilter, SummaryFilter
from .models import (
    ISSUES_NAMED,
    RECEIVED_BY,
    SECTIONS,
    Summary,
    SummaryKind,
    SummaryReceipt,
    SummaryStatus,
    SummaryVersion,
)

RECEIVING = set(RECEIVED_BY.values())


def _base():
    latest = SummaryVersion.objects.filter(summary=OuterRef("pk")).order_by("-number").values("number")[:1]
    return Summary.objects.select_related("body", "meeting").only(
        "pk", "kind", "due_date", "status", "submitted_on", "body__name", "body__short_name", "meeting__starts_at",
        "period_start", "period_end", "nominated_drafter_id",
    ).annotate(latest_number=Subquery(latest))


def _owed_by(user):
    """What the user's bodies owe; the business unit: everything."""
    roles = roles_for(user)
    qs = _base()
    return qs if roles.is_business_unit else qs.filter(body_id__in=roles.member_body_ids)


def due_soon_until(today: date | None = None) -> date:
    """The last day counted "due soon": as far ahead as the chase's first reminder, so that what the
    pages call due soon is what the owner has been reminded of."""
    return add_working_days(today or timezone.localdate(), ChaseSettings.current().days_before)


def summary_list(user, *, filters=None, today: date | None = None):
    """What the user's bodies owe (the business unit: everything), newest due first, narrowed by
    `filters` (a SummaryFilter's data: body, kind, state)."""
    qs = SummaryFilter(filters or {}, queryset=_owed_by(user), user=user, today=today,
                       soon=due_soon_until(today)).qs
    return qs.order_by(F("due_date").desc(nulls_first=True), "-pk")


def summary_state(summary, today: date | None = None, soon: date | None = None) -> str:
    """`soon`: the last day counted due soon, when the caller states many (one settings read)."""
    today = today or timezone.localdate()
    if summary.status == SummaryStatus.SUBMITTED:
        return "submitted"
    if summary.due_date is None:  # a yearly report with no last meeting of the year flagged
        return "draft" if getattr(summary, "latest_number", None) else "expected"
    if summary.due_date < today:
        return "overdue"
    if summary.due_date == today:
        return "due_today"
    if summary.due_date <= (soon or due_soon_until(today)):
        return "due_soon"
    return "draft" if getattr(summary, "latest_number", None) else "expected"


def due_list(user, *, filters=None, today: date | None = None):
    """What is owed and not yet submitted across the partnership (the business unit's page), the
    longest overdue first, narrowed by `filters` (a DueFilter's data)."""
    qs = DueFilter(filters or {}, queryset=_owed_by(user).filter(status=SummaryStatus.DRAFT), user=user,
                   today=today, soon=due_soon_until(today)).qs
    return qs.order_by(F("due_date").asc(nulls_last=True), "pk")


def summary_detail(pk: int) -> Summary:
    return Summary.objects.select_related("body", "meeting", "for_meeting", "submitted_by",
                                          "nominated_drafter").get(pk=pk)


def receivers_named(kind: str) -> str:
    """The names of the bodies that receive this kind now, by their function ("A", "A and B",
    "A, B and C"; "" when none does): their names are configuration, read at render time. One query."""
    names = [body.name for body in bodies_with_function(RECEIVED_BY[kind]).order_by("kind__order", "name")]
    return " and ".join(filter(None, [", ".join(names[:-1]), names[-1]])) if names else ""


def summary_sections(summary: Summary) -> list[tuple[str, str]]:
    """The summary's sections, (name, label), the issues section naming the bodies it goes to."""
    receivers = receivers_named(summary.kind)
    if not receivers:
        return list(summary.sections)
    return [(name, ISSUES_NAMED.format(receivers=receivers) if name == "issues" else label)
            for name, label in summary.sections]


def version_sections(version: SummaryVersion, sections: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """A version's (label, text) pairs under the labels `summary_sections` gave."""
    return [(label, getattr(version, name)) for name, label in sections]


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


def nobody_to_remind(as_of: date | None = None) -> tuple[list[Summary], list[Body]]:
    """What is owed that nobody holds the post for, so that the chase can remind nobody of it: draft
    summaries and reports with a due date, with no member nominated to draft them, whose body has no
    chair, while nobody sits in the business unit (a post left empty goes to the business unit); and the
    bodies flagged for no recent meeting, which the business unit owns. Nothing while the business unit
    has members. A fixed number of queries."""
    as_of = as_of or timezone.localdate()
    if business_unit_ids(as_of):
        return [], []
    drafts = list(Summary.objects.filter(status=SummaryStatus.DRAFT, due_date__isnull=False,
                                         nominated_drafter__isnull=True)
                  .select_related("body", "meeting").order_by("due_date", "pk"))
    chaired = chairs_of({s.body_id for s in drafts}, as_of)
    return [s for s in drafts if s.body_id not in chaired], bodies_without_recent_meeting(as_of)


def summaries_received(user):
    """For members of the bodies that receive summaries: summaries submitted since each such body's
    last held meeting, with the body they were received for."""
    roles = roles_for(user)
    body_ids = roles.bodies_holding(RECEIVING)  # a derived seat included
    if roles.is_business_unit and not body_ids:
        body_ids = list(Body.objects.filter(functions__function__in=RECEIVING).values_list("pk", flat=True))
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


def prefill_sources(summary: Summary):
    """The versions a quarterly summary's first draft is copied from: those of the body's summaries after
    the meetings it held in the quarter. (A redaction of either finds the text in the other.)"""
    return SummaryVersion.objects.filter(summary__body_id=summary.body_id, summary__kind=SummaryKind.MEETING,
                                         summary__meeting__starts_at__date__gte=summary.period_start,
                                         summary__meeting__starts_at__date__lte=summary.period_end)


def prefilled_from(summary: Summary):
    """The versions of the quarterly summaries whose first draft was copied from this summary after a
    meeting: the body's, for the quarter the meeting was held in."""
    held = timezone.localtime(summary.meeting.starts_at).date()
    return SummaryVersion.objects.filter(summary__body_id=summary.body_id, summary__kind=SummaryKind.QUARTERLY,
                                         summary__period_start__lte=held, summary__period_end__gte=held)


def quarterly_prefill(summary: Summary) -> dict[str, str]:
    """A quarterly summary's first draft: each section gathers that section of the body's summaries
    after the meetings it held in the quarter (their latest versions), headed by the meeting's date,
    for the chair to edit. Two queries."""
    if summary.kind != SummaryKind.QUARTERLY:
        return {}
    versions = prefill_sources(summary).select_related("summary__meeting").order_by("summary__meeting__starts_at",
                                                                                    "number")
    latest = {}
    for version in versions:
        latest[version.summary_id] = version  # the highest number wins; meetings stay in date order
    parts = defaultdict(list)
    for version in latest.values():
        held = timezone.localtime(version.summary.meeting.starts_at)
        for name, _label in SECTIONS:
            text = getattr(version, name).strip()
            if text:
                parts[name].append(f"From the meeting of {held:%-d %B %Y}: {text}")
    return {name: "\n\n".join(texts) for name, texts in parts.items()}


def _period_rows(kind: str, period_start: date, today: date) -> list[dict]:
    """One row per body that owes this kind of report for the period: its report (or None when none is
    expected yet) and where it stands: received, received late, late, not yet due."""
    bodies = list(Body.objects.filter(active_bodies(today), **{_OWES[kind]: True}).only("pk", "name", "short_name")
                  .order_by("name"))
    reports = {s.body_id: s for s in Summary.objects.filter(kind=kind, period_start=period_start)
               .select_related("body").prefetch_related("versions")}
    rows = []
    for body in bodies:
        report = reports.pop(body.pk, None)
        rows.append({"body": body, "report": report, "standing": _standing(report, today)})
    # A body that no longer owes them but did for this period keeps its row.
    rows += [{"body": r.body, "report": r, "standing": _standing(r, today)} for r in reports.values()]
    for row in rows:
        versions = list(row["report"].versions.all()) if row["report"] else []
        row["version"] = max(versions, key=lambda v: v.number) if versions and row["report"].is_submitted else None
    return rows


_OWES = {SummaryKind.QUARTERLY: "owes_quarterly_summaries", SummaryKind.YEARLY: "owes_yearly_assurance"}


def _standing(report, today: date) -> str:
    if report is None:
        return "missing"
    if report.is_submitted:
        late = report.due_date and timezone.localtime(report.submitted_on).date() > report.due_date
        return "received_late" if late else "received"
    if report.due_date is None:
        return "no_due_date"
    return "late" if report.due_date < today else "not_due"


def report_periods(kind: str) -> list[Period]:
    """The quarters or years this kind of report has been expected for, newest first."""
    rows = (Summary.objects.filter(kind=kind).order_by("-period_start")
            .values_list("period_start", "period_end").distinct())
    return [Period(start, end) for start, end in rows]


def report_overview(kind: str, period: Period, today: date | None = None) -> list[dict]:
    return _period_rows(kind, period.start, today or timezone.localdate())
