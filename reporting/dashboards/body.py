"""A sub group's dashboard (any body's that owes or keeps an action plan): what it owes, its action plan's state,
the challenges it raised awaiting answers or its judgement, and its members' attendance. A fixed number of queries
however large the data."""

from datetime import date, timedelta

from django.db.models import Count, Q

from accountability.models import Attendance, AttendanceStatus, Body, MeetingStatus
from accountability.roles import roles_for
from challenge_log.models import Status
from plan.action_models import ActionPlan, ActionStatus, Progress

from ..models import Summary, SummaryStatus
from ..selectors import due_soon_until, summary_state
from .common import bars
from .links import Figure, action_rows, actions_url, log_rows, log_url, url


def owed(user, body: Body, today: date) -> dict:
    """The body's summaries and reports not yet submitted, soonest due first, each with its state; the overdue
    ones counted. The summaries' list shows them to the body's members and the business unit (its own filters)."""
    drafts = list(Summary.objects.filter(body=body, status=SummaryStatus.DRAFT).select_related("body", "meeting")
                  .order_by("due_date", "pk"))
    soon = due_soon_until(today)
    rows = [(s, summary_state(s, today, soon), user.has_perm("reporting.view_summary", s)) for s in drafts]
    roles = roles_for(user)
    lists = roles.member_of(body.pk) or roles.is_business_unit
    overdue = sum(1 for _, state, _ in rows if state == "overdue")
    return {"rows": rows, "overdue": Figure("Overdue", overdue, url("summary-list", {"body": body.pk,
                                                                                     "state": "overdue"})
                                            if lists else "")}


def action_plan(user, body: Body) -> dict:
    plans = list(ActionPlan.objects.filter(body=body).select_related("plan").order_by("-plan__first_year", "-pk")[:3])
    rows = action_rows(user, body=body.pk)
    found = rows.aggregate(open=Count("pk", filter=Q(status=ActionStatus.OPEN)),
                           **{p: Count("pk", filter=Q(progress=p)) for p in Progress.values})
    overdue = action_rows(user, body=body.pk, overdue="true").count()
    progress = [Figure(p.label, found[p.value], actions_url(body=body.pk, progress=p.value)) for p in Progress]
    return {"plans": [(p, user.has_perm("plan.view_action_plan", p)) for p in plans],
            "figures": [Figure("Open", found["open"], actions_url(body=body.pk, status=ActionStatus.OPEN)),
                        Figure("Overdue", overdue, actions_url(body=body.pk, overdue="true"))],
            "chart": bars("body-actions", "The body's actions by latest progress",
                          "Actions the body owns, by the status of their latest update.", progress)}


def raised(user, body: Body) -> list[Figure]:
    """Entries the body raised, awaiting answers (requested) or its judgement (answered), not assured."""
    rows = log_rows(user, raised_by_body=body.pk)
    by_status = {row["status"]: row["n"] for row in rows.values("status").annotate(n=Count("pk")).order_by()}
    labels = {Status.REQUESTED: "Awaiting an answer", Status.ANSWERED: "Answered, awaiting the body's judgement",
              Status.NOT_ASSURED: "Judged not assured", Status.ESCALATED: "Escalated"}
    return [Figure(label, by_status.get(status, 0), log_url(raised_by_body=body.pk, status=status))
            for status, label in labels.items()]


def attendance(body: Body, today: date) -> list[dict]:
    """Each person's attendance at the body's held meetings in the last twelve months: one grouped query."""
    rows = (Attendance.objects.filter(meeting__body=body, meeting__status=MeetingStatus.HELD,
                                      meeting__starts_at__date__gt=today - timedelta(days=365),
                                      meeting__starts_at__date__lte=today)
            .values("person_id", "person__full_name", "organisation__name", "status").annotate(n=Count("pk"))
            .order_by())
    people: dict[int, dict] = {}
    for row in rows:
        person = people.setdefault(row["person_id"], {"name": row["person__full_name"],
                                                      "organisation": row["organisation__name"] or "",
                                                      "expected": 0, **{s: 0 for s in AttendanceStatus.values}})
        person["expected"] += row["n"]
        person[row["status"]] += row["n"]
    for person in people.values():
        attended = person[AttendanceStatus.PRESENT] + person[AttendanceStatus.DELEGATE]
        person["rate"] = round(100 * attended / person["expected"]) if person["expected"] else None
    return sorted(people.values(), key=lambda p: p["name"])


def body_dashboard(user, body: Body, today: date) -> dict:
    rates = attendance(body, today)
    found = owed(user, body, today)
    return {"body": body, "owed": found, "owed_figures": [found["overdue"]], "action_plan": action_plan(user, body),
            "raised": raised(user, body), "attendance": rates,
            "attendance_chart": bars("body-attendance", "Attendance by person, last twelve months (%)",
                                     "The share of the body's held meetings each person attended, in person or by "
                                     "a delegate.", [Figure(p["name"], p["rate"] or 0) for p in rates])}
