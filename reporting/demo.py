"""The demo's summaries, so that on the load day the business unit's page shows every state and the
first chase sends a handful of reminders, not a year of them.

A held meeting of a sub group makes its summary expected (reporting's signal), and the quarters and
the year make the quarterly summaries and the yearly assurance report expected (summaries_expect, which
the daily task runs before the chase).
Of the meetings on a body's grid, a summary that fell due before today was written and submitted
by the body's chair about its due date; so was a quarterly summary (its first draft made from the
quarter's summaries, as the page prefills it) or a yearly report that fell due; the business unit
marked them received, all but the latest few (so that it still has some to mark). One not yet due
is left as it was made, nothing written. The summary of a body's extraordinary meeting
(accountability/demo.py) is left as bradford.yaml says: `empty` (expected), or a `draft` by the
chair, perhaps with a `drafter` nominated.

Everything goes through reporting.services, as the chair (or the business unit officer where the
chair of the day may no longer write it), so history names them. Idempotent: only summaries nobody
has touched (no version written, no drafter nominated) are written, and only the receipts of
summaries this run submitted are marked, so a second run changes nothing.
"""

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from accountability.demo import (
    extraordinary_specs,
    history_names,
    meeting_window,
    off_grid_meetings,
    on_grid,
    recorder,
)
from accountability.models import Body, User
from accountability.selectors import chair_of
from bscb.periods import year_of
from bscb.workdays import add_working_days
from reporting import services
from reporting.models import Summary, SummaryKind, SummaryStatus
from reporting.selectors import quarterly_prefill

UNRECEIVED = 3  # the latest submitted summaries the business unit has still to mark received
SUBMITTED_EARLY = [0, 0, 1, 1, 2, 3]  # working days before the due day the chair submitted
SUBMITTED_LATE = [2, 4, 6]  # working days after it, for the one the file says came in late
RECEIVED_AFTER = [1, 1, 2, 3]  # working days after submission the business unit marked receipt
# How likely each section is to be written (progress, risks and assurance always are).
SECTION_CHANCE = {"progress": 1, "risks": 1, "assurance": 1, "issues": 0.5, "learning": 0.5, "changes": 0.3,
                  "other": 0.3}


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _day_of(summary: Summary) -> date:
    """The day a summary follows: its meeting's, or the end of the quarter or year it covers."""
    return timezone.localtime(summary.meeting.starts_at).date() if summary.meeting_id else summary.period_end


def _rng(summary: Summary) -> random.Random:
    seed = f"summary|{summary.body.short_name}|{summary.kind}|{_day_of(summary).isoformat()}"
    return random.Random(seed)  # noqa: S311 (repeatable demo data)


def _sections(pool: dict, summary: Summary, rng: random.Random) -> dict:
    """A line from the pool for each section the chair writes this time."""
    month = f"{_day_of(summary):%B %Y}"
    return {name: rng.choice(pool[name]).replace("{month}", month)
            for name, _label in summary.sections if pool.get(name) and rng.random() < SECTION_CHANCE[name]}


def _writer(body: Body, day: date, summary: Summary, fallback: User) -> User:
    """The chair on `day`, if they may still write the summary today (a chair who has since
    stepped down may not: the business unit officer, who may, submits it on their behalf)."""
    chair = chair_of(body, day)
    return chair if chair is not None and chair.has_perm("reporting.write_summary", summary) else fallback


def _untouched():
    """Drafts nobody has written or nominated a drafter for."""
    return (Summary.objects.filter(status=SummaryStatus.DRAFT, versions__isnull=True, nominated_drafter__isnull=True)
            .select_related("body", "meeting").order_by("due_date", "pk"))


def _submit(summary: Summary, pool: dict, by: User, late: bool = False) -> Summary:
    """Written and submitted by the chair a day or so before it was due, as most are (or, `late`,
    a few working days after)."""
    rng = _rng(summary)
    day = add_working_days(summary.due_date, rng.choice(SUBMITTED_LATE) if late else -rng.choice(SUBMITTED_EARLY))
    writer = _writer(summary.body, day, summary, by)
    sections = quarterly_prefill(summary) or _sections(pool, summary, rng)
    services.summary_save_draft(summary=summary, sections=sections, by=writer)
    return services.summary_submit(summary=summary, by=writer, now=_at(day, 16, rng.randrange(60)))


def _extraordinary(summary: Summary, spec: dict, pool: dict, by: User) -> None:
    """The state the file gives the summary of the body's extraordinary meeting."""
    if spec.get("summary") != "draft":
        return  # expected: nothing written
    chair = _writer(summary.body, timezone.localdate(), summary, by)
    services.summary_save_draft(summary=summary, sections=_sections(pool, summary, _rng(summary)), by=chair)
    if spec.get("drafter"):
        drafter = User.objects.get(email__iexact=spec["drafter"])
        services.summary_nominate(summary=summary, person=drafter, by=chair)


def _extraordinary_specs(body: Body, row: dict, window: tuple[date, date]) -> dict[int, dict]:
    """What the file says of each of the body's extraordinary meetings, by meeting: the latest
    meetings off its grid matched, latest first, with the latest of the file's entries."""
    specs = extraordinary_specs(row)
    if not specs:
        return {}
    meetings = off_grid_meetings(body, row["meetings"], *window)
    return {m.pk: spec for m, spec in zip(reversed(meetings), reversed(specs), strict=False)}


def _meeting_summaries(data: dict, pool: dict, by: User, today: date) -> list[Summary]:
    """Each sub group's: the grid's that fell due written and submitted, the extraordinary ones
    as the file says. Returns those submitted."""
    window = meeting_window(data, today)
    untouched = _untouched().filter(kind=SummaryKind.MEETING)
    submitted = []
    for row in data["bodies"]:
        rule = row.get("meetings")
        if not rule or "summaries" not in row.get("owes", []):
            continue
        body = Body.objects.get(name=row["name"])
        extra = _extraordinary_specs(body, row, window)
        for summary in untouched.filter(body=body):
            if summary.meeting_id in extra:
                _extraordinary(summary, extra[summary.meeting_id], pool, by)
            elif summary.due_date < today and on_grid(rule, _day_of(summary)):
                submitted.append(_submit(summary, pool, by))
    return submitted


def _reports(data: dict, pool: dict, by: User, today: date) -> list[Summary]:
    """Quarterly summaries and yearly reports that fell due, written and submitted (after the
    meetings' summaries, from which a quarter's first draft is made), but for those the file keeps
    back (`reports`); this year's yearly reports as the file says. Returns those submitted."""
    says = data["reports"]
    due = list(_untouched().exclude(kind=SummaryKind.MEETING).filter(due_date__lt=today))
    last_quarter = max((s.period_start for s in due if s.kind == SummaryKind.QUARTERLY), default=None)
    submitted = []
    for summary in due:
        latest = summary.kind == SummaryKind.QUARTERLY and summary.period_start == last_quarter
        if latest and summary.body.short_name == says["late_quarterly"]:
            chair = _writer(summary.body, today, summary, by)
            services.summary_save_draft(summary=summary, sections=quarterly_prefill(summary) or
                                        _sections(pool, summary, _rng(summary)), by=chair)
        elif latest and summary.body.short_name == says["submitted_late"]:
            submitted.append(_submit(summary, pool, by, late=True))
        else:
            submitted.append(_submit(summary, pool, by))
    for summary in _untouched().filter(kind=SummaryKind.YEARLY, body__short_name=says["yearly_draft"],
                                       period_end__gte=today):
        chair = _writer(summary.body, today, summary, by)
        services.summary_save_draft(summary=summary, sections=_sections(pool, summary, _rng(summary)), by=chair)
    return submitted


def _receive(submitted: list[Summary], by: User) -> None:
    """The business unit marks the receipts of what was submitted, but for the latest few."""
    now = timezone.now()
    submitted = sorted(submitted, key=lambda s: s.submitted_on)
    for summary in submitted[:max(len(submitted) - UNRECEIVED, 0)]:
        rng = _rng(summary)
        day = add_working_days(timezone.localtime(summary.submitted_on).date(), rng.choice(RECEIVED_AFTER))
        for receipt in summary.receipts.filter(received_on__isnull=True):
            services.receipt_mark_received(receipt=receipt, by=by, now=min(_at(day, 11, rng.randrange(60)), now))


def demo_summaries_load(data: dict) -> None:
    by = recorder(data)
    today = timezone.localdate()
    pool = data["summary_sections"]
    with history_names(by):  # the summaries a held meeting, a quarter or a year makes expected
        services.summaries_expect(as_of=today)  # as the daily task does before the chase
        # Last year's yearly reports (and quarters), so that the Board's view has a year received.
        services.summaries_expect(as_of=year_of(today, data["partnership"]["year_start_month"]).start
                                  - timedelta(days=1))
        submitted = _meeting_summaries(data, pool, by, today)
        submitted += _reports(data, pool, by, today)
        _receive(submitted, by)
