"""The business unit's dashboard: everything due and overdue with its chase status, meetings coming up and what
they still need, alerts, and what is owed with nobody in post to remind. A fixed number of queries however large
the data."""

from collections.abc import Callable
from datetime import date, timedelta

from django.utils import timezone

from accountability.models import Meeting, MeetingStatus
from accountability.selectors import meetings_needing_record
from challenge_log.alerts import persisting
from notifications.selectors import chase_history

from ..dues import summary_key
from ..selectors import due_list, nobody_to_remind
from .links import Figure, action_rows, actions_url, log_rows, log_url, url

SHOWN = 10
# A hook for the Board pack's branch: callables (user, meetings) -> list of (label, href) pairs naming the papers
# still outstanding for the meetings coming up. The merger appends to it; empty until then.
PAPERS_OUTSTANDING: list[Callable] = []


def due(user, today: date) -> dict:
    """Summaries and reports by state (the due list's own states and filter), the log's and the actions' overdue,
    and the longest overdue with who was chased and when."""
    states = {"overdue": "overdue", "due_today": "due today", "due_soon": "due soon"}
    found = {state: due_list(user, filters={"state": state}, today=today).order_by() for state in states}
    figures = [*(Figure(f"Summaries and reports {label}", found[state].count(), url("due-list", {"state": state}))
                 for state, label in states.items()),
               Figure("Log entries with a response overdue", log_rows(user, overdue="yes").count(),
                      log_url(overdue="yes")),
               Figure("Actions overdue", action_rows(user, overdue="true").count(), actions_url(overdue="true"))]
    late = list(found["overdue"].order_by("due_date", "pk")[:SHOWN])
    history = chase_history([summary_key(s.pk) for s in late])
    chased = [(s, (history.get(summary_key(s.pk)) or [None])[-1]) for s in late]
    return {"figures": figures, "chased": chased}


def meetings(user, today: date) -> dict:
    now = timezone.now()
    coming = list(Meeting.objects.filter(status=MeetingStatus.SCHEDULED, starts_at__gte=now,
                                         starts_at__lt=now + timedelta(days=30)).select_related("body")
                  .order_by("starts_at")[:SHOWN])
    papers = [item for hook in PAPERS_OUTSTANDING for item in hook(user, coming)]
    return {"coming": coming, "to_record": meetings_needing_record(SHOWN), "papers": papers}


def business_unit_dashboard(user, today: date) -> dict:
    alerts = persisting(today)
    summaries, quiet = nobody_to_remind(today)
    return {"due": due(user, today), "meetings": meetings(user, today), "alerts": alerts[:SHOWN],
            "alert_figures": [Figure("Alerts on persisting risks", len(alerts), url("log-queue"))],
            "nobody": {"summaries": summaries[:SHOWN], "bodies": quiet[:SHOWN]}}
