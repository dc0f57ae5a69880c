"""The partnership's headline figures at the end of each quarter, kept so that the Board's dashboard shows their
trend over the last four quarters (issue 18 §2). Written by `quarter_figures_store`, which the daily job calls
for the quarter just ended (config/schedules.py: "Quarter figures") and the quarterly outcome report's issue step
calls when the report is issued (the merger wires that call); safe to run twice: one row a quarter, replaced.

The figures are counts of governance records as they stood when stored, for every member's eyes: the log's
figures count unrestricted entries only (a restricted entry is counted only for those who may read it, and a
stored figure cannot know its reader)."""

from datetime import date, timedelta

from django.db import models
from django.db.models import Count, Q
from django.utils import timezone

from bscb.periods import Period, quarter_label

# name -> its label, in the order the trend table shows them.
FIGURES = {
    "open_entries": "Open log entries",
    "escalated": "Log entries escalated",
    "overdue_responses": "Log entries with a response overdue",
    "overdue_reports": "Summaries and reports overdue",
    "overdue_actions": "Actions overdue",
    "closed_actions": "Actions closed",
}


class QuarterFigures(models.Model):
    """Not a governance record (a count of them, derived and replaceable): no history. Written by the machine
    alone (the quarterly job, the report's issue), so nobody types its dates."""

    quarter_start = models.DateField(unique=True, editable=False)
    quarter_end = models.DateField(editable=False)
    figures = models.JSONField(default=dict, editable=False)
    stored_on = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        app_label = "reporting"
        ordering = ["-quarter_start"]
        verbose_name_plural = "quarter figures"

    def __str__(self):
        return f"Figures for {self.label}"

    @property
    def period(self) -> Period:
        return Period(self.quarter_start, self.quarter_end)

    @property
    def label(self) -> str:
        return quarter_label(self.period)


def partnership_figures(as_of: date) -> dict[str, int]:
    """The headline counts on `as_of`, for every member (unrestricted log entries only). Four queries."""
    from challenge_log.models import ENDED, AssuranceRequest, Entry, Status
    from plan.action_models import ACTION_ENDED, Action, ActionStatus

    from .models import Summary, SummaryStatus

    entries = Entry.objects.filter(restricted=False)
    log = entries.aggregate(open_entries=Count("pk", filter=~Q(status__in=ENDED)),
                            escalated=Count("pk", filter=Q(status=Status.ESCALATED)))
    late = AssuranceRequest.objects.filter(due_on__lt=as_of, response__isnull=True, entry__restricted=False)
    overdue_responses = entries.exclude(status__in=ENDED).filter(requests__in=late).distinct().count()
    actions = Action.objects.aggregate(
        overdue_actions=Count("pk", filter=Q(due_on__lt=as_of) & ~Q(status__in=ACTION_ENDED)),
        closed_actions=Count("pk", filter=Q(status=ActionStatus.CLOSED)))
    overdue_reports = Summary.objects.filter(status=SummaryStatus.DRAFT, due_date__lt=as_of).count()
    return {**log, "overdue_responses": overdue_responses, "overdue_reports": overdue_reports, **actions}


def quarter_figures_store(quarter: Period, *, as_of: date | None = None) -> QuarterFigures:
    """Store (or replace) the quarter's figures as they stand on `as_of` (today by default: the job runs just
    after the quarter ends; the outcome report's issue step calls it when the report is issued)."""
    figures = partnership_figures(as_of or timezone.localdate())
    row, _ = QuarterFigures.objects.update_or_create(
        quarter_start=quarter.start, defaults={"quarter_end": quarter.end, "figures": figures,
                                               "stored_on": timezone.now()})
    return row


def quarter_figures_ended(as_of: date | None = None) -> QuarterFigures | None:
    """The daily job: store the quarter that ended before `as_of`'s quarter, unless it is stored already (the
    outcome report's issue may have stored it with the figures the Board was given)."""
    from challenge_log.overview import quarter_on

    as_of = as_of or timezone.localdate()
    this = quarter_on(as_of)
    last = quarter_on(this.start - timedelta(days=1))
    if QuarterFigures.objects.filter(quarter_start=last.start).exists():
        return None
    return quarter_figures_store(last, as_of=as_of)


def last_quarters(n: int = 4) -> list[QuarterFigures]:
    """The last `n` quarters stored, oldest first."""
    return list(reversed(QuarterFigures.objects.order_by("-quarter_start")[:n]))
