"""Quarterly summaries and yearly assurance reports: when they are expected and when they fall due.

- Quarterly: each body that owes them, for each quarter of the partnership's year, due a set number
  of working days after the quarter ends (QUARTERLY_DUE_WORKING_DAYS, 15). A body is asked first for
  the latest quarter ended, then for every one after it.
- Yearly: each body that owes one, for each partnership year, due 14 days (YEARLY_DUE_DAYS_BEFORE)
  before the last meeting of the year of the body that receives them (a meeting flagged as the last
  of the year), moved to the working day before when that is a weekend or bank holiday. With no
  such meeting scheduled there is no due date, and `yearly_due_problem` says why.

Both are `Summary` rows of their kind; drafting, submission, amendment, receipts and chasing are
the summaries' own. Expected reports are made by `reports_sync`, which summaries_sync (and so every
chase) runs: idempotent, and a fixed number of queries plus one per change.
"""

from collections import defaultdict
from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from accountability.models import Body, Function, Meeting, MeetingStatus
from accountability.roles import active_bodies
from bscb.partnership import partnership_get
from bscb.periods import Period, quarter_of, quarters_ended, year_label, year_of
from bscb.workdays import add_working_days, previous_working_day

from .models import Summary, SummaryKind, SummaryStatus


def start_month() -> int:
    return partnership_get().year_start_month


def quarterly_due_days() -> int:
    return getattr(settings, "QUARTERLY_DUE_WORKING_DAYS", 15)


def yearly_days_before() -> int:
    return getattr(settings, "YEARLY_DUE_DAYS_BEFORE", 14)


def quarterly_due_date(quarter: Period) -> date:
    return add_working_days(quarter.end, quarterly_due_days())


def yearly_due_date(final_meeting: Meeting) -> date:
    day = timezone.localtime(final_meeting.starts_at).date() - timedelta(days=yearly_days_before())
    return previous_working_day(day)


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


def _expected(as_of: date) -> list[Summary]:
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
                               period_end=quarter.end, due_date=quarterly_due_date(quarter)))
    year = year_of(as_of, month)
    final = final_meetings([year]).get(year)
    for body in _owing("owes_yearly_assurance", as_of):
        if (body.pk, SummaryKind.YEARLY, year.start) not in existing:
            new.append(Summary(body_id=body.pk, kind=SummaryKind.YEARLY, period_start=year.start,
                               period_end=year.end, for_meeting=final,
                               due_date=yearly_due_date(final) if final else None))
    return new


def _redated() -> list[Summary]:
    """Drafts whose due date no longer matches their rule: a setting changed, or the receiving body's last
    meeting of the year was re-dated, flagged, unflagged or cancelled."""
    # Whole rows: bulk_update_with_history reads every field for the history row, and a deferred
    # field would cost a query per row.
    drafts = list(Summary.objects.filter(status=SummaryStatus.DRAFT, kind__in=[SummaryKind.QUARTERLY,
                                                                               SummaryKind.YEARLY]))
    finals = final_meetings(sorted({s.period for s in drafts if s.kind == SummaryKind.YEARLY}))
    moved = []
    for summary in drafts:
        before = (summary.due_date, summary.for_meeting_id)
        if summary.kind == SummaryKind.QUARTERLY:
            summary.due_date = quarterly_due_date(summary.period)
        else:
            final = finals.get(summary.period)
            summary.for_meeting_id = final.pk if final else None
            summary.due_date = yearly_due_date(final) if final else None
        if (summary.due_date, summary.for_meeting_id) != before:
            moved.append(summary)
    return moved


@transaction.atomic
def reports_sync(as_of: date | None = None) -> dict:
    """Expected quarterly summaries and yearly reports that lack a row; due dates brought up to date."""
    as_of = as_of or timezone.localdate()
    new = _expected(as_of)
    try:
        with transaction.atomic():
            created = bulk_create_with_history(new, Summary) if new else []
    except IntegrityError:  # another process expected one of them meanwhile: one at a time
        created = []
        for summary in new:
            with transaction.atomic():
                _, made = Summary.objects.get_or_create(
                    body_id=summary.body_id, kind=summary.kind, period_start=summary.period_start,
                    defaults={"period_end": summary.period_end, "due_date": summary.due_date,
                              "for_meeting": summary.for_meeting})
            if made:
                created.append(summary)
    return {"created": len(created), "redated": reports_redate()}


def reports_redate() -> int:
    """Due dates of unsubmitted quarterly and yearly reports brought up to date; how many moved."""
    moved = _redated()
    if moved:
        bulk_update_with_history(moved, Summary, ["due_date", "for_meeting"])
    return len(moved)
