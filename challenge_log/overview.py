"""The log as the BPG and the Board read it at a glance (issue 15 §2 and §3): where the open risk sits on the
5 x 5 scale, and what happened in a quarter of the partnership's year. Reads only, each in a fixed number of
queries however large the log; every figure counts only the entries the reader may see (selectors.visible_to),
so a restricted entry is counted for those DESIGN.md names and nobody else.

The BPG's quarterly report to the Board (issue 17) calls `quarter_outcomes`, not a copy of it."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, F, Min, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from bscb.partnership import partnership_get
from bscb.periods import Period, quarter_code, quarter_from_code, quarter_label, quarter_of
from notifications.models import Reminder

from .models import ENDED, Entry, Response, Review, StepKind, Treatment, TreatmentDecision
from .models import Step as StepModel
from .selectors import visible_to

SCALE = range(1, 6)

# --- the heat map -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HeatMap:
    """Open entries (neither closed nor withdrawn) by (likelihood, impact): now and as targeted."""

    current: dict[tuple[int, int], int]
    target: dict[tuple[int, int], int]
    open: int  # every open entry the reader may see, scored or not
    unscored: int  # of them, those with no current score
    untargeted: int  # of them, those with no target score


def _grid(rows: QuerySet, likelihood: str, impact: str) -> tuple[dict[tuple[int, int], int], int]:
    counts, missing = {}, 0
    for row in rows.values(likelihood, impact).annotate(n=Count("pk")).order_by():
        if row[likelihood] and row[impact]:
            counts[(row[likelihood], row[impact])] = row["n"]
        else:
            missing += row["n"]
    return counts, missing


def heat_map(user) -> HeatMap:
    """Two grouped counts."""
    rows = Entry.objects.filter(visible_to(user)).exclude(status__in=ENDED)
    current, unscored = _grid(rows, "likelihood", "impact")
    target, untargeted = _grid(rows, "target_likelihood", "target_impact")
    return HeatMap(current=current, target=target, open=sum(current.values()) + unscored, unscored=unscored,
                   untargeted=untargeted)


# --- the quarter's outcomes ---------------------------------------------------------------------------------


def start_month() -> int:
    return partnership_get().year_start_month or 4


def quarter_named(code: str) -> Period | None:
    return quarter_from_code(code, start_month())


def current_quarter(today: date | None = None) -> Period:
    return quarter_of(today or timezone.localdate(), start_month())


def code_of(quarter: Period) -> str:
    return quarter_code(quarter, start_month())


@dataclass(frozen=True)
class Row:
    """One record behind a figure: its entry, the day it happened, and what happened in words."""

    entry: Entry
    on: date
    detail: str


@dataclass(frozen=True)
class Figure:
    name: str  # its address: /log/quarters/2017Q1/<name>/
    label: str
    records: Callable[["_Window"], QuerySet | list]
    row: Callable[[object], Row]


@dataclass(frozen=True)
class _Window:
    """A quarter as the figures read it: its first moment, the first moment after it (local time), the day the
    figures are read, and the entries the reader may see (None: every entry)."""

    quarter: Period
    after: datetime
    before: datetime
    as_of: date
    seen: QuerySet | None

    def of(self, rows: QuerySet, entry: str = "entry") -> QuerySet:
        return rows if self.seen is None else rows.filter(**{f"{entry}__in": self.seen})

    def during(self, field: str) -> Q:
        return Q(**{f"{field}__gte": self.after, f"{field}__lt": self.before})


def _window(user, quarter: Period, as_of: date) -> _Window:
    rule = visible_to(user)

    def moment(day):
        return timezone.make_aware(datetime.combine(day, time.min))

    return _Window(quarter, moment(quarter.start), moment(quarter.end + timedelta(days=1)), as_of,
                   Entry.objects.filter(rule) if rule else None)


def _local_day(moment: datetime) -> date:
    return timezone.localtime(moment).date()


def _opened(w: _Window):
    return w.of(Entry.objects.filter(w.during("raised_on")), "pk").select_related("raised_by_body").order_by(
        "raised_on", "pk")


def _steps(kind: str):
    def records(w: _Window):
        return (w.of(StepModel.objects.filter(w.during("on"), kind=kind)).select_related("entry")
                .order_by("on", "pk"))

    return records


def _step_row(step) -> Row:
    return Row(step.entry, _local_day(step.on), step.get_kind_display())


def _answers(on_time: bool):
    def records(w: _Window):
        rows = (w.of(Response.objects.filter(w.during("created_on")), "request__entry")
                .annotate(day=TruncDate("created_on")).select_related("request__entry", "request")
                .order_by("created_on", "pk"))
        return rows.filter(day__lte=F("request__due_on")) if on_time else rows.filter(day__gt=F("request__due_on"))

    return records


def _answer_row(response) -> Row:
    return Row(response.request.entry, response.day, f"Due {response.request.due_on:%-d %B %Y}")


def _previous_score():
    """A review's score before it: the review before it on the same entry (by time, then number), or for its
    first review the score the entry was raised with (its first version). An entry with neither (a seeded one,
    written without history) has no score to compare, and is counted in neither figure."""
    before = Review.objects.filter(entry=OuterRef("entry")).filter(
        Q(created_on__lt=OuterRef("created_on")) | Q(created_on=OuterRef("created_on"), pk__lt=OuterRef("pk")))
    raised = Entry.history.model.objects.filter(id=OuterRef("entry"), history_type="+")
    return Coalesce(
        Subquery(before.order_by("-created_on", "-pk").annotate(s=F("likelihood") * F("impact")).values("s")[:1]),
        Subquery(raised.annotate(s=F("likelihood") * F("impact")).values("s")[:1]))


def _scores(rose: bool):
    def records(w: _Window):
        rows = (w.of(Review.objects.filter(w.during("created_on")))
                .annotate(score_now=F("likelihood") * F("impact"), score_before=_previous_score())
                .select_related("entry").order_by("created_on", "pk"))
        return rows.filter(score_now__gt=F("score_before")) if rose else rows.filter(score_now__lt=F("score_before"))

    return records


def _score_row(review) -> Row:
    return Row(review.entry, _local_day(review.created_on), f"From {review.score_before} to {review.score_now}")


def _tolerances(w: _Window):
    # Its last day tolerated in the quarter and passed: a quarter in progress counts only what has run out.
    last = min(w.quarter.end, w.as_of - timedelta(days=1))
    return (w.of(TreatmentDecision.objects.filter(treatment=Treatment.TOLERATE, decided_on__isnull=False,
                                                  declined=False, expires_on__gte=w.quarter.start,
                                                  expires_on__lte=last))
            .select_related("entry").order_by("expires_on", "pk"))


def _tolerance_row(decision) -> Row:
    return Row(decision.entry, decision.expires_on, "Tolerated until then")


ALERT_REASONS = {"reviews": "Reviews without its score falling", "review-date": "Its review long overdue",
                 "not-assured": "Judged not assured twice"}


def _alerts(w: _Window) -> list[Row]:
    """The persisting-risk alerts (challenge_log.alerts) first sent in the quarter: each is recorded by the one
    reminder mechanism under its key ("alert:<entry>:<rule>:<what raised it>") the day it was first sent."""
    first = (Reminder.objects.filter(key__startswith="alert:").values("key").annotate(first=Min("as_of"))
             .filter(first__gte=w.quarter.start, first__lte=w.quarter.end).order_by("first", "key"))
    found = []
    for row in first:
        _, pk, rule, _ = (row["key"].split(":", 3) + ["", "", ""])[:4]
        if pk.isdigit():
            found.append((int(pk), rule, row["first"]))
    entries = w.of(Entry.objects.filter(pk__in={pk for pk, _, _ in found}), "pk").in_bulk()
    return [Row(entries[pk], day, ALERT_REASONS.get(rule, "Alert")) for pk, rule, day in found if pk in entries]


FIGURES = [
    Figure("opened", "Entries opened", _opened, lambda e: Row(e, _local_day(e.raised_on), e.get_kind_display())),
    Figure("closed-assured", "Closed, judged assured", _steps(StepKind.ASSURED), _step_row),
    Figure("closed-otherwise", "Closed otherwise (a Board outcome, a risk treated, a concern dealt with)",
           _steps(StepKind.CLOSED), _step_row),
    Figure("not-assured", "Judged not assured", _steps(StepKind.NOT_ASSURED), _step_row),
    Figure("escalated", "Escalated to the Board", _steps(StepKind.ESCALATED), _step_row),
    Figure("withdrawn", "Withdrawn", _steps(StepKind.WITHDRAWN), _step_row),
    Figure("answered-on-time", "Assurance reports received on time", _answers(True), _answer_row),
    Figure("answered-late", "Assurance reports received late", _answers(False), _answer_row),
    Figure("alerts", "Persisting-risk alerts raised", _alerts, lambda row: row),
    Figure("scores-rose", "Risk scores that rose at a review", _scores(True), _score_row),
    Figure("scores-fell", "Risk scores that fell at a review", _scores(False), _score_row),
    Figure("tolerances-expired", "Tolerances that expired", _tolerances, _tolerance_row),
]
FIGURE_NAMES = {figure.name: figure for figure in FIGURES}


@dataclass(frozen=True)
class QuarterOutcomes:
    """What happened in the log in one quarter of the partnership's year, as one reader may see it. Each count
    is of records (a step, an answer, a review...), listed by `quarter_records` under the same name."""

    quarter: Period
    code: str  # "2017Q1": the first quarter of the partnership year 2017-18
    as_of: date  # the day it was read: a quarter in progress is still filling
    opened: int
    closed_assured: int
    closed_otherwise: int
    not_assured: int
    escalated: int
    withdrawn: int
    answered_on_time: int
    answered_late: int
    alerts: int
    scores_rose: int
    scores_fell: int
    tolerances_expired: int

    @property
    def label(self) -> str:
        return quarter_label(self.quarter)

    @property
    def closed(self) -> int:
        return self.closed_assured + self.closed_otherwise

    @property
    def in_progress(self) -> bool:
        return self.quarter.contains(self.as_of)

    def figures(self) -> list[tuple[Figure, int]]:
        return [(figure, getattr(self, figure.name.replace("-", "_"))) for figure in FIGURES]


def _count(records) -> int:
    return len(records) if isinstance(records, list) else records.count()


def quarter_outcomes(user, quarter: Period, as_of: date | None = None) -> QuarterOutcomes:
    """The quarter's figures for `user`: one count a figure (two for the alerts), whatever the log's size."""
    as_of = as_of or timezone.localdate()
    window = _window(user, quarter, as_of)
    counts = {figure.name.replace("-", "_"): _count(figure.records(window)) for figure in FIGURES}
    return QuarterOutcomes(quarter=quarter, code=code_of(quarter), as_of=as_of, **counts)


def quarter_records(user, quarter: Period, figure: Figure, as_of: date | None = None):
    """The records behind one figure, oldest first (a queryset, or a list for the alerts), and how to show one
    as a Row. The page paginates them."""
    return figure.records(_window(user, quarter, as_of or timezone.localdate())), figure.row
