"""Quarterly summaries and yearly assurance reports: which are expected, and when they fall due.

- Quarterly: each body that owes them, for each quarter of the partnership's year. A body is asked
  first for the latest quarter ended, then for every one after it.
- Yearly: each body that owes one, for each partnership year, due before the last meeting of the
  year of the body that receives them (a meeting flagged as the last of the year). With no such
  meeting scheduled there is no due date, and `yearly_due_problem` says why.

How many days (the deadline rules) is deadlines.py's. Both are `Summary` rows of their kind; drafting,
submission, amendment, receipts and chasing are the summaries' own. This module only reads: it
works out the rows missing and the due dates that moved, which services.summaries_expect and
services.summaries_redate write (a fixed number of queries plus one per change).
"""

from collections import defaultdict
from datetime import date, timedelta

from django.utils import timezone

from accountability.models import Body, Function, Meeting, MeetingStatus
from accountability.roles import active_bodies
from bscb.partnership import partnership_get
from bscb.periods import Period, quarter_of, quarters_ended, year_label, year_of

from .deadlines import deadline_counts, quarterly_due_date, yearly_due_date
from .models import DeadlineSettings, Summary, SummaryKind, SummaryStatus


def start_month() -> int:
    return partnership_get().year_start_month


def final_meetings(years: list[Period]) -> dict[Period, Meeting]:
    """Each year's last meeting of the year of a body that receives yearly reports: one query.

    Where two bodies receive them, the earlier of their flagged meetings, so that the reports are in
    time for both; a meeting cancelled does not count."""
    if not years:
        return {}
    first, last = min(y.start for y in years), max(y.end for y in years)
    meetings = (Meeting.objects.filter(body__functions__function=Function.RECEIVES_YEARLY, is_final_of_year=True,
                                       starts_at__date__gte=first, starts_at__date__lte=last)
                .exclude(status=MeetingStatus.CANCELLED).select_related("body").order_by("starts_at"))
    found: dict[Period, Meeting] = {}
    for meeting in meetings:
        day = timezone.localtime(meeting.starts_at).date()
        for year in years:
            if year.contains(day):
                found.setdefault(year, meeting)
    return found


def yearly_due_problem(summary: Summary) -> str:
    """Why a yearly report has no due date ("" when it has one)."""
    if summary.kind != SummaryKind.YEARLY or summary.due_date:
        return ""
    return (f"No meeting of the body that receives yearly assurance reports is flagged as the last of the "
            f"{year_label(summary.period)} year, so the due date cannot be worked out. Flag that meeting as the "
            "last of the year in its details, or schedule it.")


def _owing(flag: str, as_of: date):
    return list(Body.objects.filter(active_bodies(as_of), **{flag: True}).only("pk", "active_from"))


def _quarters_owed(body, done: list[date], as_of: date, month: int) -> list[Period]:
    """The quarters a body is newly expected to report on: every quarter ended since its latest one
    (none is skipped, however long the chase did not run); for a body with none yet (a new
    deployment, or a body newly owing them), only the latest quarter ended, not years of them."""
    if done:
        return quarters_ended(quarter_of(max(done), month).end + timedelta(days=1), as_of, month)
    ended = quarters_ended(body.active_from, as_of, month)
    return ended[-1:]


def reports_expected(as_of: date, counts: DeadlineSettings | None = None) -> list[Summary]:
    """The quarterly summaries and yearly reports expected by `as_of` that have no row yet, unsaved."""
    counts = counts or deadline_counts()
    month = start_month()
    existing = set(Summary.objects.filter(kind__in=[SummaryKind.QUARTERLY, SummaryKind.YEARLY])
                   .values_list("body_id", "kind", "period_start"))
    quarters_done = defaultdict(list)
    for body_id, kind, start in existing:
        if kind == SummaryKind.QUARTERLY:
            quarters_done[body_id].append(start)
    new = []
    for body in _owing("owes_quarterly_summaries", as_of):
        for quarter in _quarters_owed(body, quarters_done[body.pk], as_of, month):
            new.append(Summary(body_id=body.pk, kind=SummaryKind.QUARTERLY, period_start=quarter.start,
                               period_end=quarter.end, due_date=quarterly_due_date(quarter, counts)))
    year = year_of(as_of, month)
    final = final_meetings([year]).get(year)
    for body in _owing("owes_yearly_assurance", as_of):
        if (body.pk, SummaryKind.YEARLY, year.start) not in existing:
            new.append(Summary(body_id=body.pk, kind=SummaryKind.YEARLY, period_start=year.start,
                               period_end=year.end, for_meeting=final,
                               due_date=yearly_due_date(final, counts) if final else None))
    return new


def reports_redated(counts: DeadlineSettings | None = None) -> list[Summary]:
    """Quarterly and yearly drafts whose due date no longer matches its rule (a count changed, or the
    receiving body's last meeting of the year was re-dated, flagged, unflagged or cancelled), with the
    new date set, unsaved."""
    counts = counts or deadline_counts()
    # Whole rows: bulk_update_with_history reads every field for the history row, and a deferred
    # field would cost a query per row.
    drafts = list(Summary.objects.filter(status=SummaryStatus.DRAFT, kind__in=[SummaryKind.QUARTERLY,
                                                                               SummaryKind.YEARLY]))
    finals = final_meetings(sorted({s.period for s in drafts if s.kind == SummaryKind.YEARLY}))
    moved = []
    for summary in drafts:
        before = (summary.due_date, summary.for_meeting_id)
        if summary.kind == SummaryKind.QUARTERLY:
            summary.due_date = quarterly_due_date(summary.period, counts)
        else:
            final = finals.get(summary.period)
            summary.for_meeting_id = final.pk if final else None
            summary.due_date = yearly_due_date(final, counts) if final else None
        if (summary.due_date, summary.for_meeting_id) != before:
            moved.append(summary)
    return moved
