"""The Board's dashboard, for its members and the Independent Chair: the plan's status by priority and outcome,
the log's heat map and what has been escalated, what is overdue by body and by agency, what the next Board
meeting must ratify and decide, and the trend of the headline figures over the last four quarters. A fixed number
of queries however large the data."""

from collections.abc import Callable
from datetime import date

from django.db.models import Count, Prefetch

from accountability.models import Function
from challenge_log.models import LogSettings, Status
from plan.action_models import Action, ActionStatus
from plan.action_rollup import LABELS, rollups
from plan.action_selectors import next_meeting
from plan.models import Outcome
from plan.selectors import plan_current

from ..models import Summary, SummaryStatus
from ..quarter_figures import FIGURES, last_quarters
from .common import bars, log_heat_map
from .links import Figure, action_rows, actions_url, grouped, log_rows, log_url, url

# Hooks for the parts built on other branches: callables (user, meeting) -> list of (label, href) pairs shown
# under "What the next Board meeting must ratify and decide" (the quarterly outcome report to agree, the
# pack's papers). The merger appends to it; empty until then.
NEXT_BOARD_ITEMS: list[Callable] = []


def plan_status(user) -> dict | None:
    """The plan in force: each priority and its outcomes with their roll-up (action_rollup's rule), and how many
    outcomes stand at each status. Three queries."""
    plan = plan_current()
    if plan is None:
        return None
    priorities = list(plan.priorities.order_by("number").prefetch_related(
        Prefetch("outcomes", queryset=Outcome.objects.order_by("order", "code"))))
    outcome_ids = [o.pk for p in priorities for o in p.outcomes.all()]
    by_outcome, by_priority = rollups(outcome_ids=outcome_ids, priority_ids=[p.pk for p in priorities])
    rows, statuses = [], {}
    for priority in priorities:
        outcomes = [(o, by_outcome[o.pk]) for o in priority.outcomes.all()]
        for _outcome, rollup in outcomes:
            statuses[rollup.status] = statuses.get(rollup.status, 0) + 1
        rows.append({"priority": priority, "rollup": by_priority[priority.pk], "outcomes": outcomes})
    chart = bars("plan-status", "Outcomes of the plan by status",
                 "How many of the plan's outcomes stand at each status, worst first. The table that follows "
                 "gives each count.", [Figure(LABELS[s], n) for s, n in sorted(statuses.items(), key=_worst)])
    return {"plan": plan, "priorities": rows, "chart": chart}


def _worst(pair):
    order = list(LABELS)
    return order.index(pair[0]) if pair[0] in order else len(order)


def overdue(user, today: date) -> dict:
    """What is overdue, by body and by agency: log entries with a response overdue, actions, and summaries and
    reports. Each count from the rows of the list it links to (the summaries: the body's dashboard)."""
    late_entries = log_rows(user, overdue="yes")
    late_actions = action_rows(user, overdue="true")
    reports = (Summary.objects.filter(status=SummaryStatus.DRAFT, due_date__lt=today).values("body_id", "body__name")
               .annotate(n=Count("pk")).order_by())
    return {
        "responses_by_agency": bars(
            "overdue-responses-agency", "Log entries with a response overdue, by agency",
            "Open log entries addressed to each agency with an assurance report past its due date.",
            [Figure(name, n, log_url(overdue="yes", directed_to=f"agency-{pk}"))
             for pk, name, n in grouped(late_entries.filter(organisation__isnull=False), "organisation_id",
                                        "organisation__name")]),
        "responses_by_body": bars(
            "overdue-responses-body", "Log entries with a response overdue, by body",
            "Open log entries addressed to each body with an assurance report past its due date.",
            [Figure(name, n, log_url(overdue="yes", directed_to=f"body-{pk}"))
             for pk, name, n in grouped(late_entries.filter(body__isnull=False), "body_id", "body__name")]),
        "actions_by_body": bars(
            "overdue-actions-body", "Actions overdue, by body", "Open actions past their due date, by the body "
            "that owns them.", [Figure(name, n, actions_url(body=pk, overdue="true"))
                                for pk, name, n in grouped(late_actions, "body_id", "body__name")]),
        "actions_by_agency": bars(
            "overdue-actions-agency", "Actions overdue, by agency", "Open actions past their due date, by the "
            "agency that owns them.", [Figure(name, n, actions_url(organisation=pk, overdue="true"))
                                       for pk, name, n in grouped(late_actions.filter(organisation__isnull=False),
                                                                  "organisation_id", "organisation__name")]),
        "reports_by_body": bars(
            "overdue-reports-body", "Summaries and reports overdue, by body", "Summaries after meetings, "
            "quarterly summaries and yearly assurance reports past their due date, by the body that owes them.",
            sorted([Figure(r["body__name"], r["n"], url("dashboard-body", None, r["body_id"])) for r in reports],
                   key=lambda f: (-f.count, f.label))),
    }


def next_board(user) -> dict:
    """The next meeting of the body that ratifies, what waits for it: sign-offs to ratify, escalations to decide
    (of the entries the reader may see), and what the hooks add."""
    meeting = next_meeting(Function.RATIFIES, user)
    # As many as plan.action_selectors.ratification_list lists (every action signed off), counted, not loaded.
    to_ratify = Action.objects.filter(status=ActionStatus.SIGNED_OFF).count()
    escalated = log_rows(user, status=[Status.ESCALATED]).count()
    extra = [item for hook in NEXT_BOARD_ITEMS for item in hook(user, meeting)]
    return {"meeting": meeting, "extra": extra, "figures": [
        Figure("Actions signed off, awaiting ratification", to_ratify,
               url("ratification-list") if user.has_perm("plan.view_action_queues") else ""),
        Figure("Log entries escalated, awaiting a decision", escalated, log_url(status=Status.ESCALATED)),
    ]}


def trend() -> dict:
    quarters = last_quarters(4)
    rows = [(label, [q.figures.get(name) for q in quarters]) for name, label in FIGURES.items()]
    charts = [bars(f"trend-{name}", f"{label}, last four quarters", f"{label} at the end of each of the last "
                   "quarters stored. The table gives each figure.",
                   [Figure(q.label, q.figures.get(name) or 0) for q in quarters])
              for name, label in FIGURES.items() if name in ("overdue_actions", "open_entries")] if quarters else []
    return {"quarters": quarters, "rows": rows, "charts": charts}


def board_body():
    """The body that ratifies (the Board in Bradford): its name is configuration, never written in a page."""
    from accountability.selectors import body_with_function

    return body_with_function(Function.RATIFIES)


def board_title(body) -> str:
    return f"The {body.name}: dashboard" if body else "The partnership's dashboard"


def board_dashboard(user, today: date) -> dict:
    log = {"heat": log_heat_map(user, LogSettings.current()), "figures": [
        Figure("Open entries", log_rows(user, open="1").count(), log_url(open=1)),
        Figure("Escalated", log_rows(user, status=[Status.ESCALATED]).count(), log_url(status=Status.ESCALATED)),
        Figure("With a response overdue", log_rows(user, overdue="yes").count(), log_url(overdue="yes")),
    ]}
    board = board_body()
    return {"board_body": board, "board_title": board_title(board), "plan": plan_status(user), "log": log,
            "overdue": overdue(user, today), "next": next_board(user), "trend": trend()}
