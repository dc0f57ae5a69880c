"""The log as the BPG and the Board read it at a glance (issue 15 §2 and §3): where the open risk sits on the
5 x 5 scale, and what happened in a quarter of the partnership's year. Reads only, each in a fixed number of
queries however large the log; every figure counts only the entries the reader may see (selectors.visible_to),
so a restricted entry is counted for those DESIGN.md names and nobody else.

The BPG's quarterly report to the Board (issue 17) calls `quarter_outcomes`, not a copy of it."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Case, Count, F, Min, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce, Sign, TruncDate
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


def quarter_on(day: date) -> Period:
    return quarter_of(day, start_month())


def current_quarter() -> Period:
    return quarter_on(timezone.localdate())


def code_of(quarter: Period) -> str:
    return quarter_code(quarter, start_month())


@dataclass(frozen=True)
class Row:
    """One record behind a figure: its entry, the day it happened, and what happened in words."""

    entry: Entry
    on: date
    detail: str


@dataclass(frozen=True)
class Source:
    """The records of a quarter a few figures are drawn from, each figure the records with one value of `key`:
    the page counts every figure of a source in one grouped query, and a figure's page lists the same records."""

    records: Callable[["_Window"], QuerySet]
    key: str  # a field or annotation of the records (a constant where the source is one figure)
    row: Callable[[object], Row]


@dataclass(frozen=True)
class Figure:
    name: str  # its address: /log/quarters/2017Q1/<name>/
    label: str
    source: Source | None  # None: the alerts, read from the reminder mechanism's records
    value: object = True

    def records(self, window: "_Window"):
        if self.source is None:
            return _alerts(window)
        return self.source.records(window).filter(**{self.source.key: self.value})

    def row(self, record) -> Row:
        return record if self.source is None else self.source.row(record)


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
    return (w.of(Entry.objects.filter(w.during("raised_on")), "pk").annotate(opened=Value(True))
            .select_related("raised_by_body").order_by("raised_on", "pk"))


STEP_FIGURES = [StepKind.ASSURED, StepKind.CLOSED, StepKind.NOT_ASSURED, StepKind.ESCALATED, StepKind.WITHDRAWN]


def _steps(w: _Window):
    return (w.of(StepModel.objects.filter(w.during("on"), kind__in=STEP_FIGURES)).select_related("entry")
            .order_by("on", "pk"))


def _step_row(step) -> Row:
    return Row(step.entry, _local_day(step.on), step.get_kind_display())


def _answers(w: _Window):
    return (w.of(Response.objects.filter(w.during("created_on")), "request__entry")
            .annotate(day=TruncDate("created_on"))
            .annotate(on_time=Case(When(day__lte=F("request__due_on"), then=Value(True)), default=Value(False)))
            .select_related("request__entry", "request").order_by("created_on", "pk"))


def _answer_row(response) -> Row:
    return Row(response.request.entry, response.day, f"Due {response.request.due_on:%-d %B %Y}")


def _previous_score():
    """A review's score before it: the review before it on the same entry, or for its first review the score the
    entry was raised with (its first version). An entry with neither (a seeded one, written without history) has
    no score to compare, and is counted in neither figure. A review is dated when it is recorded (created_on is
    set by the service, never typed), so its number orders reviews as time does, and an index finds the one
    before (ordering by time and number made this the page's slowest query at 10,000 entries)."""
    before = Review.objects.filter(entry=OuterRef("entry"), pk__lt=OuterRef("pk"))
    raised = Entry.history.model.objects.filter(id=OuterRef("entry"), history_type="+")
    return Coalesce(
        Subquery(before.order_by("-pk").annotate(s=F("likelihood") * F("impact")).values("s")[:1]),
        Subquery(raised.annotate(s=F("likelihood") * F("impact")).values("s")[:1]))


def _reviews(w: _Window):
    """Reviews in the quarter, each with `change`: 1 where the score rose, -1 where it fell, 0 or None else."""
    return (w.of(Review.objects.filter(w.during("created_on")))
            .annotate(score_now=F("likelihood") * F("impact"), score_before=_previous_score())
            .annotate(change=Sign(F("score_now") - F("score_before")))
            .select_related("entry").order_by("created_on", "pk"))


def _score_row(review) -> Row:
    return Row(review.entry, _local_day(review.created_on), f"From {review.score_before} to {review.score_now}")


def _tolerances(w: _Window):
    # Its last day tolerated in the quarter and passed: a quarter in progress counts only what has run out.
    last = min(w.quarter.end, w.as_of - timedelta(days=1))
    return (w.of(TreatmentDecision.objects.filter(treatment=Treatment.TOLERATE, decided_on__isnull=False,
                                                  declined=False, expires_on__gte=w.quarter.start,
                                                  expires_on__lte=last))
            .annotate(expired=Value(True)).select_related("entry").order_by("expires_on", "pk"))


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


OPENED = Source(_opened, "opened", lambda e: Row(e, _local_day(e.raised_on), e.get_kind_display()))
STEPS = Source(_steps, "kind", _step_row)
ANSWERS = Source(_answers, "on_time", _answer_row)
REVIEWS = Source(_reviews, "change", _score_row)
TOLERANCES = Source(_tolerances, "expired", _tolerance_row)

FIGURES = [
    Figure("opened", "Entries opened", OPENED),
    Figure("closed-assured", "Closed, judged assured", STEPS, StepKind.ASSURED),
    Figure("closed-otherwise", "Closed otherwise (a Board outcome, a risk treated, a concern dealt with)", STEPS,
           StepKind.CLOSED),
    Figure("not-assured", "Judged not assured", STEPS, StepKind.NOT_ASSURED),
    Figure("escalated", "Escalated to the Board", STEPS, StepKind.ESCALATED),
    Figure("withdrawn", "Withdrawn", STEPS, StepKind.WITHDRAWN),
    Figure("answered-on-time", "Assurance reports received on time", ANSWERS, True),
    Figure("answered-late", "Assurance reports received late", ANSWERS, False),
    Figure("alerts", "Persisting-risk alerts raised", None),
    Figure("scores-rose", "Risk scores that rose at a review", REVIEWS, 1),
    Figure("scores-fell", "Risk scores that fell at a review", REVIEWS, -1),
    Figure("tolerances-expired", "Tolerances that expired", TOLERANCES),
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


def quarter_outcomes(user, quarter: Period, as_of: date | None = None) -> QuarterOutcomes:
    """The quarter's figures for `user`: one grouped count a source, two queries for the alerts, whatever the
    log's size."""
    as_of = as_of or timezone.localdate()
    window = _window(user, quarter, as_of)
    counted = {}
    for source in dict.fromkeys(figure.source for figure in FIGURES if figure.source is not None):
        rows = source.records(window).values(source.key).annotate(n=Count("pk")).order_by()
        counted[source] = {row[source.key]: row["n"] for row in rows}
    counts = {figure.name.replace("-", "_"): len(figure.records(window)) if figure.source is None
              else counted[figure.source].get(figure.value, 0) for figure in FIGURES}
    return QuarterOutcomes(quarter=quarter, code=code_of(quarter), as_of=as_of, **counts)


def quarter_records(user, quarter: Period, figure: Figure, as_of: date | None = None):
    """The records behind one figure, oldest first (a queryset, or a list for the alerts), and how to show one
    as a Row. The page paginates them."""
    return figure.records(_window(user, quarter, as_of or timezone.localdate())), figure.row
