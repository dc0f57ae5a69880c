"""A partner agency's dashboard, the accountability view: the challenges addressed to it and its responses (on
time, late, outstanding, overdue), its actions, its attendance and delegates across bodies, and the leads and
members who represent it. A fixed number of queries however large the data."""

from datetime import date, timedelta

from django.db.models import Case, CharField, Count, F, Q, Value, When
from django.db.models.functions import TruncDate

from accountability.models import Attendance, AttendanceStatus, MeetingStatus, Organisation
from accountability.selectors import organisation_leads, organisation_memberships
from challenge_log.models import ENDED, AssuranceRequest, Entry, Status
from challenge_log.selectors import visible_to
from plan.action_models import ActionStatus, Progress

from .common import bars
from .links import Figure, action_rows, actions_url, log_rows, log_url

RESPONSE_STATES = {
    "on_time": "Answered on time",
    "late": "Answered late",
    "outstanding": "Awaiting an answer, not yet due",
    "overdue": "Awaiting an answer, overdue",
}
SHOWN = 50


def _requests(user, organisation: Organisation, today: date):
    """Assurance requests to the agency on the entries the reader may see, each with its `state`."""
    day = TruncDate("response__created_on")
    return (AssuranceRequest.objects.filter(organisation=organisation,
                                            entry__in=Entry.objects.filter(visible_to(user)))
            .annotate(answered_day=day, state=Case(
                When(response__isnull=False, answered_day__lte=F("due_on"), then=Value("on_time")),
                When(response__isnull=False, then=Value("late")),
                When(due_on__lt=today, then=Value("overdue")),
                default=Value("outstanding"), output_field=CharField())))


def responses(user, organisation: Organisation, today: date, shown: str | None) -> dict:
    """How many requests stand in each state (each figure links to this page's table of them), and the table:
    the requests in the `shown` state, or every open one. Two queries."""
    rows = _requests(user, organisation, today)
    counts = {row["state"]: row["n"] for row in rows.values("state").annotate(n=Count("pk")).order_by()}
    figures = [Figure(label, counts.get(state, 0), f"?responses={state}#responses")
               for state, label in RESPONSE_STATES.items()]
    if shown not in RESPONSE_STATES:
        shown = None
    listed = rows.filter(state=shown) if shown else rows.filter(response__isnull=True).exclude(
        entry__status__in=ENDED)
    table = list(listed.select_related("entry", "response").order_by("-due_on", "-pk")[:SHOWN])
    return {"chart": bars("agency-responses", "Assurance requests to the agency, by state",
                          "Requests on the log entries you may see, answered on time, late, or awaiting an answer.",
                          figures),
            "shown": shown, "shown_label": RESPONSE_STATES.get(shown, "Awaiting an answer"), "table": table,
            "more": max(0, (counts.get(shown, 0) if shown else counts.get("overdue", 0) + counts.get(
                "outstanding", 0)) - len(table))}


def challenges(user, organisation: Organisation) -> list[Figure]:
    """Entries addressed to the agency, by status (open ones), with a response overdue; from the log's own rows."""
    addressee = f"agency-{organisation.pk}"
    rows = log_rows(user, directed_to=addressee)
    by_status = {row["status"]: row["n"] for row in rows.values("status").annotate(n=Count("pk")).order_by()}
    figures = [Figure("Open", sum(n for s, n in by_status.items() if s not in ENDED), log_url(directed_to=addressee,
                                                                                           open=1)),
               Figure("With a response overdue", log_rows(user, directed_to=addressee, overdue="yes").count(),
                      log_url(directed_to=addressee, overdue="yes"))]
    for status in (Status.REQUESTED, Status.ANSWERED, Status.NOT_ASSURED, Status.ESCALATED):
        figures.append(Figure(status.label, by_status.get(status, 0), log_url(directed_to=addressee, status=status)))
    return figures


def actions(user, organisation: Organisation) -> dict:
    rows = action_rows(user, organisation=organisation.pk)
    found = rows.aggregate(open=Count("pk", filter=Q(status=ActionStatus.OPEN)),
                           **{p: Count("pk", filter=Q(progress=p)) for p in Progress.values})
    overdue = action_rows(user, organisation=organisation.pk, overdue="true").count()
    figures = [Figure("Open", found["open"], actions_url(organisation=organisation.pk, status=ActionStatus.OPEN)),
               Figure("Overdue", overdue, actions_url(organisation=organisation.pk, overdue="true"))]
    progress = [Figure(p.label, found[p.value], actions_url(organisation=organisation.pk, progress=p.value))
                for p in Progress]
    return {"figures": figures, "chart": bars("agency-actions", "The agency's actions by latest progress",
                                              "Actions the agency owns, by the status of their latest update.",
                                              progress)}


def attendance(organisation: Organisation, today: date) -> list[dict]:
    """The agency's attendance at held meetings in the last twelve months, by body: one grouped query."""
    rows = (Attendance.objects.filter(organisation=organisation, meeting__status=MeetingStatus.HELD,
                                      meeting__starts_at__date__gt=today - timedelta(days=365),
                                      meeting__starts_at__date__lte=today)
            .values("meeting__body_id", "meeting__body__name", "status").annotate(n=Count("pk")).order_by())
    bodies: dict[int, dict] = {}
    for row in rows:
        body = bodies.setdefault(row["meeting__body_id"], {"pk": row["meeting__body_id"],
                                                           "name": row["meeting__body__name"], "expected": 0,
                                                           **{s: 0 for s in AttendanceStatus.values}})
        body["expected"] += row["n"]
        body[row["status"]] += row["n"]
    for body in bodies.values():
        attended = body[AttendanceStatus.PRESENT] + body[AttendanceStatus.DELEGATE]
        body["rate"] = round(100 * attended / body["expected"]) if body["expected"] else None
    return sorted(bodies.values(), key=lambda b: b["name"])


def agency_dashboard(user, organisation: Organisation, today: date, shown: str | None = None) -> dict:
    rates = attendance(organisation, today)
    return {
        "organisation": organisation, "challenges": challenges(user, organisation),
        "responses": responses(user, organisation, today, shown), "actions": actions(user, organisation),
        "attendance": rates, "attendance_chart": bars(
            "agency-attendance", "Attendance by body, last twelve months (%)",
            "The share of the held meetings each body's seats for the agency were attended, in person or by a "
            "delegate.", [Figure(b["name"], b["rate"] or 0) for b in rates]),
        "leads": list(organisation_leads(organisation).order_by("-role", "person__full_name")),
        "seats": list(organisation_memberships(organisation)),
    }
