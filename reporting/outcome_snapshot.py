"""The quarterly outcome report's data, gathered from the records by asking each app's own selectors (the plan's
roll-up and ratification list, the log's quarter and heat map, reporting's overviews, accountability's meetings)
and written down as plain JSON: the snapshot a report keeps, so that a later change to a record never changes it.

The log's sections are read as a member with no seat reads the log (an anonymous reader: `visible_to` then
admits the unrestricted entries only). An issued report is a partnership record every member reads, so a
restricted entry must not appear in it, even as a count: it is left out, and the page says so.

A fixed number of queries however many records (bench: make bench, "outcome report build")."""

from collections import defaultdict
from datetime import date

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q
from django.utils import timezone

from accountability.models import (
    Attendance,
    AttendanceStatus,
    BodyFunction,
    ChildrensVoice,
    Decision,
    Function,
    MeetingStatus,
)
from bscb.periods import Period, quarter_label
from challenge_log.overview import code_of, heat_map, quarter_named, quarter_outcomes
from challenge_log.selectors import scale
from plan.action_models import Action, ActionStep, ActionStepKind, EvidenceOfImpact, ProgressUpdate
from plan.action_rollup import LABELS, counted, rollups, rule_in_use
from plan.action_rollup import RULES as ROLLUP_RULES
from plan.action_selectors import ratification_list
from plan.models import Outcome, Priority
from plan.selectors import plan_current

from .models import Summary, SummaryKind, SummaryStatus
from .selectors import _standing, report_overview

STANDING_LABELS = {"received": "Received", "received_late": "Received late", "late": "Missing (overdue)",
                   "not_due": "Not yet due", "no_due_date": "No due date", "missing": "Not expected yet"}
# Per outcome, the newest key updates and evidence of impact the report prints: it summarises (STACK.md:
# WeasyPrint takes about 0.1 s a page), the action's own page holds the rest.
KEY_UPDATES = 3
IMPACT = 3
TEXT_LIMIT = 600


def _short(text: str, limit: int = TEXT_LIMIT) -> str:
    text = (text or "").strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _day(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "hour"):
        value = timezone.localtime(value).date()
    return value.isoformat()


def _progress(quarter: Period) -> list[dict]:
    plan = plan_current()
    if plan is None:
        return []
    priorities = list(Priority.objects.filter(plan=plan).only("pk", "number", "title", "statement")
                      .order_by("number"))
    outcomes = list(Outcome.objects.filter(priority__plan=plan).only("pk", "priority_id", "code", "statement")
                    .order_by("priority__number", "order", "code"))
    by_outcome, by_priority = rollups(outcome_ids=[o.pk for o in outcomes], priority_ids=[p.pk for p in priorities])
    shown = Action.objects.filter(counted())
    updates, impact = defaultdict(list), defaultdict(list)
    rows = (ProgressUpdate.objects.filter(on__gte=quarter.start, on__lte=quarter.end, action__in=shown,
                                          action__outcomes__in=outcomes)
            .values_list("action__outcomes", "action_id", "on", "status", "commentary").order_by("-on", "-pk"))
    for outcome_id, action_id, on, status, commentary in rows:
        if len(updates[outcome_id]) < KEY_UPDATES:
            updates[outcome_id].append({"action": f"A-{action_id}", "on": on.isoformat(), "status": LABELS[status],
                                        "text": _short(commentary)})
    rows = (EvidenceOfImpact.objects.filter(created_on__date__gte=quarter.start, created_on__date__lte=quarter.end,
                                            action__in=shown, action__outcomes__in=outcomes)
            .values_list("action__outcomes", "action_id", "text").order_by("-created_on", "-pk"))
    for outcome_id, action_id, text in rows:
        if len(impact[outcome_id]) < IMPACT:
            impact[outcome_id].append({"action": f"A-{action_id}", "text": _short(text)})

    def rolled(rollup) -> dict:
        return {"status": rollup.status, "status_label": rollup.label, "total": rollup.total,
                "closed": rollup.closed, "overdue": rollup.overdue, "percent": rollup.percent}

    result = []
    for priority in priorities:
        result.append({"number": priority.number, "title": priority.title or _short(priority.statement, 120),
                       **rolled(by_priority[priority.pk]), "outcomes": [
                           {"code": o.code, "statement": _short(o.statement, 300), **rolled(by_outcome[o.pk]),
                            "updates": updates[o.pk], "impact": impact[o.pk]}
                           for o in outcomes if o.priority_id == priority.pk]})
    return result


# The longest waiting; the figures count them all, and the ratification list (and the Board pack) has them all.
# At ten times Bradford's size thousands wait, which made the paper 89 pages.
RATIFICATION_SHOWN = 40


def _ratification() -> list[dict]:
    actions = ratification_list(None)
    signed = {}
    for action_id, on, meeting in (ActionStep.objects.filter(action__in=[a.pk for a in actions],
                                                             kind=ActionStepKind.SIGNED_OFF)
                                   .values_list("action_id", "on", "meeting__starts_at").order_by("on", "pk")):
        signed[action_id] = (on, meeting)
    return [{"reference": a.reference, "description": _short(a.description, 300), "body": a.body.short_name,
             "outcomes": ", ".join(o.code for o in a.outcomes.all()),
             "signed_off_on": _day(signed.get(a.pk, (None, None))[0]),
             "meeting_on": _day(signed.get(a.pk, (None, None))[1])} for a in actions]


HEAT_SCALE = range(1, 6)


def _log(quarter: Period, as_of: date) -> dict:
    reader = AnonymousUser()  # what every member may read: unrestricted entries only (module docstring)
    outcomes = quarter_outcomes(reader, quarter, as_of)
    grid = heat_map(reader)
    settings = scale()  # the scale's words and bands, frozen with the counts
    return {"figures": [{"name": figure.name, "label": figure.label, "count": count}
                        for figure, count in outcomes.figures()],
            "heat_map": {"likelihoods": [f"{n} {settings.likelihood_label(n)}" for n in HEAT_SCALE],
                         "impacts": [f"{n} {settings.impact_label(n)}" for n in HEAT_SCALE],
                         "cells": [[likelihood, impact, grid.current.get((likelihood, impact), 0),
                                    settings.band(likelihood * impact)]
                                   for likelihood in HEAT_SCALE for impact in HEAT_SCALE],
                         "open": grid.open, "unscored": grid.unscored}}


def _report_rows(kind: str, period: Period, today: date) -> list[dict]:
    rows = []
    for row in report_overview(kind, period, today):
        version = row["version"]
        report = row["report"]
        rows.append({"body": row["body"].name, "standing": row["standing"],
                     "standing_label": STANDING_LABELS[row["standing"]],
                     "due": _day(report.due_date) if report else "",
                     "submitted_on": _day(report.submitted_on) if report and report.is_submitted else "",
                     "issues": _short(version.issues) if version else ""})
    return rows


def _reports(quarter: Period, today: date) -> dict:
    quarterly = _report_rows(SummaryKind.QUARTERLY, quarter, today)
    yearly_period = (Summary.objects.filter(kind=SummaryKind.YEARLY, due_date__gte=quarter.start,
                                            due_date__lte=quarter.end)
                     .values_list("period_start", "period_end").first())
    yearly = _report_rows(SummaryKind.YEARLY, Period(*yearly_period), today) if yearly_period else []
    meeting = []
    for summary in (Summary.objects.filter(kind=SummaryKind.MEETING, meeting__starts_at__date__gte=quarter.start,
                                           meeting__starts_at__date__lte=quarter.end)
                    .select_related("body", "meeting").order_by("meeting__starts_at", "pk")):
        standing = _standing(summary, today)
        meeting.append({"body": summary.body.name, "meeting_on": _day(summary.meeting.starts_at),
                        "standing": standing, "standing_label": STANDING_LABELS[standing],
                        "due": _day(summary.due_date),
                        "submitted_on": _day(summary.submitted_on) if summary.status == SummaryStatus.SUBMITTED
                        else ""})
    return {"quarterly": quarterly, "yearly": yearly, "meeting": meeting}


def _attendance(quarter: Period) -> list[dict]:
    rows = (Attendance.objects.filter(meeting__status=MeetingStatus.HELD, meeting__starts_at__date__gte=quarter.start,
                                      meeting__starts_at__date__lte=quarter.end)
            .values("meeting__body__name", "meeting__body__kind__order", "organisation__name", "status")
            .annotate(n=Count("pk")).order_by())
    bodies: dict[tuple, dict] = {}
    for row in rows:
        key = (row["meeting__body__kind__order"], row["meeting__body__name"])
        agencies = bodies.setdefault(key, {})
        agency = agencies.setdefault(row["organisation__name"] or "No agency recorded",
                                     {"expected": 0, "present": 0, "delegate": 0, "apologies": 0, "absent": 0})
        agency["expected"] += row["n"]
        agency[row["status"]] += row["n"]
    delegates = defaultdict(list)
    for row in (Attendance.objects.filter(meeting__status=MeetingStatus.HELD, status=AttendanceStatus.DELEGATE,
                                          meeting__starts_at__date__gte=quarter.start,
                                          meeting__starts_at__date__lte=quarter.end)
                .values("meeting__body__name", "meeting__starts_at", "organisation__name", "delegate_name",
                        "delegate_role").order_by("meeting__starts_at", "pk")):
        delegates[row["meeting__body__name"]].append({
            "on": _day(row["meeting__starts_at"]), "agency": row["organisation__name"] or "",
            "name": row["delegate_name"], "role": row["delegate_role"]})
    result = []
    for (_order, name), agencies in sorted(bodies.items()):
        table = []
        for agency, counts in sorted(agencies.items()):
            attended = counts["present"] + counts["delegate"]
            table.append({"agency": agency, **counts,
                          "rate": round(100 * attended / counts["expected"]) if counts["expected"] else None})
        result.append({"body": name, "agencies": table, "delegates": delegates.get(name, [])})
    return result


# The bodies whose decisions the report lists: the Board's and the BPG's, found by what they do (DESIGN.md: never
# by kind). The sub groups' decisions reach the Board through their summaries.
DECIDING = [Function.RATIFIES, Function.AGREES_OUTCOME_REPORT, Function.RECEIVES_OUTCOME_REPORT, Function.MONITORS]
DECISIONS_SHOWN = 40  # the newest; the figures count them all


def _decisions(quarter: Period) -> tuple[list[dict], int]:
    rows = (Decision.objects.filter(meeting__starts_at__date__gte=quarter.start,
                                    meeting__starts_at__date__lte=quarter.end,
                                    meeting__body_id__in=BodyFunction.objects.filter(function__in=DECIDING)
                                    .values("body_id"))
            .exclude(meeting__status=MeetingStatus.CANCELLED)
            .values("meeting__body__name", "meeting__starts_at", "text", "childrens_voice", "childrens_voice_detail")
            .order_by("-meeting__starts_at", "-pk"))
    counts = rows.order_by().aggregate(total=Count("pk"),
                                       informed=Count("pk", filter=Q(childrens_voice=ChildrensVoice.INFORMED)))
    shown = [{"body": r["meeting__body__name"], "on": _day(r["meeting__starts_at"]), "text": _short(r["text"]),
              "informed": r["childrens_voice"] == ChildrensVoice.INFORMED,
              "how": _short(r["childrens_voice_detail"])} for r in rows[:DECISIONS_SHOWN]]
    return shown[::-1], counts


def _figures(progress, ratification, log, reports, attendance, decisions: dict) -> dict:
    """The headline figures, for the report's opening and for the dashboards (by quarter)."""
    statuses = defaultdict(int)
    for priority in progress:
        statuses[priority["status_label"]] += 1
    log_counts = {figure["name"]: figure["count"] for figure in log["figures"]}
    quarterly = [row["standing"] for row in reports["quarterly"]]
    expected = sum(a["expected"] for b in attendance for a in b["agencies"])
    attended = sum(a["present"] + a["delegate"] for b in attendance for a in b["agencies"])
    return {
        "actions": sum(p["total"] for p in progress),
        "actions_closed": sum(p["closed"] for p in progress),
        "actions_overdue": sum(p["overdue"] for p in progress),
        "priorities_by_status": dict(statuses),
        "awaiting_ratification": len(ratification),
        "log_opened": log_counts.get("opened", 0),
        "log_escalated": log_counts.get("escalated", 0),
        "log_open": log["heat_map"]["open"],
        "quarterly_received": quarterly.count("received"),
        "quarterly_received_late": quarterly.count("received_late"),
        "quarterly_missing": quarterly.count("late"),
        "attendance_rate": round(100 * attended / expected) if expected else None,
        "decisions": decisions["total"],
        "decisions_informed_by_children": decisions["informed"],
    }


def build_snapshot(quarter_code: str, *, as_of: date | None = None) -> dict:
    """Every section's data for the quarter named, as plain JSON."""
    quarter = quarter_named(quarter_code)
    if quarter is None:
        raise ValueError(f"No quarter is named {quarter_code!r}")
    today = as_of or timezone.localdate()
    progress = _progress(quarter)
    ratification = _ratification()
    log = _log(quarter, today)
    reports = _reports(quarter, today)
    attendance = _attendance(quarter)
    decisions, decision_counts = _decisions(quarter)
    return {
        "quarter": {"code": code_of(quarter), "label": quarter_label(quarter), "start": quarter.start.isoformat(),
                    "end": quarter.end.isoformat()},
        "as_of": today.isoformat(),
        "figures": _figures(progress, ratification, log, reports, attendance, decision_counts),
        "rollup_rule": ROLLUP_RULES[rule_in_use()],  # the rule the figures were rolled up by, as the pages state it
        "progress": progress, "ratification": ratification[:RATIFICATION_SHOWN], "log": log, "reports": reports,
        "attendance": attendance, "decisions": decisions,
    }

