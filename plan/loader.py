"""Loads a plan from a data file: Bradford's 2016-18 plan (plan/data/bradford-2016-18.yaml), as the
plan words it. `manage.py load_bradford_plan` runs it, and `manage.py load_demo` after the structure.

Every write goes through plan/services.py, as the demo's business unit officer (who must hold the
right to keep the plan, as in the browser), so the loaded plan carries the same checks, rights, stamps
and history as one written in the browser.

Idempotent: the plan is found by its title, a priority by its number, an outcome by its code
within its priority, a target or an evidence item by its order within its outcome. A record is
saved only when the file says something different (so a second run writes nothing, not even
history). Records the business unit has added beyond the file's (a fourth target, say) are left
alone. The status in the file is applied when the plan is first created; after that the status is
the business unit's, and a closed plan is left as it is.

The plan refers to the structure (bodies by short name, or every body of a kind; themes by name):
if any is missing, nothing is written and the error names what is missing.
"""

from collections import Counter
from datetime import date
from pathlib import Path

from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Q

from accountability.models import Body, User
from bscb.loading import yaml_read
from bscb.models import Theme

from . import services
from .models import Outcome, Plan, PlanStatus, Priority

DATA_FILE = Path(__file__).with_name("data") / "bradford-2016-18.yaml"
RECORDER = "bu.officer@bscb.example.org"  # the demo's business unit officer, who records the demo
LOAD_STRUCTURE_FIRST = "Load the structure first: manage.py load_demo"
NO_RECORDER = "The plan is recorded as the business unit officer {email}, who is not in the database."


class PlanLoadError(CommandError):
    """The data file names bodies or themes that are not in the database."""


def plan_read(path: Path = DATA_FILE) -> dict:
    return yaml_read(path)


def _text(value) -> str:
    """A statement, or a list of lines (paragraphs, bullets) kept one a line."""
    if isinstance(value, list | tuple):
        return "\n".join(" ".join(str(line).split()) for line in value)
    return " ".join(str(value or "").split())


def _same(related, wanted: list) -> bool:
    return {record.pk for record in related.all()} == {record.pk for record in wanted}


class References:
    """The bodies and themes the file names, looked up once; missing ones stop the load."""

    def __init__(self, data: dict):
        self.first_year, self.last_year = data["first_year"], data["last_year"]
        names, kinds, theme_names = set(), set(), set()
        for priority in data["priorities"]:
            theme_names.update(priority.get("themes") or [])
            for outcome in priority.get("outcomes") or []:
                theme_names.update(outcome.get("themes") or [])
                for item in outcome.get("evidence") or []:
                    for ref in item.get("bodies") or []:
                        if isinstance(ref, dict):
                            kinds.add(ref["kind"])
                        else:
                            names.add(ref)
        self.bodies = {}
        for body in Body.objects.filter(short_name__in=names).order_by("pk"):
            self.bodies.setdefault(body.short_name, body)  # the first made, should two share a name
        # "All sub groups": every body of the kind that was active at some time in the plan's years.
        active = Q(active_from__lte=date(self.last_year, 12, 31)) & (
            Q(active_to__isnull=True) | Q(active_to__gte=date(self.first_year, 1, 1)))
        self.kinds = {kind: list(Body.objects.filter(active, kind__name=kind).order_by("name")) for kind in kinds}
        by_name = {theme.name.lower(): theme for theme in Theme.objects.filter(
            Q(*[Q(name__iexact=name) for name in theme_names], _connector=Q.OR))} if theme_names else {}
        self.themes = {name: by_name.get(name.lower()) for name in theme_names}

        missing = {
            "bodies": sorted(names - set(self.bodies)),
            "bodies of kind": [f'"{kind}"' for kind in sorted(kinds) if not self.kinds[kind]],
            "themes": [f'"{name}"' for name in sorted(theme_names) if self.themes[name] is None],
        }
        if any(missing.values()):
            listed = "; ".join(f"{what} {', '.join(items)}" for what, items in missing.items() if items)
            raise PlanLoadError(f"The plan names what is not in the database ({listed}). {LOAD_STRUCTURE_FIRST}")

    def bodies_for(self, refs) -> list[Body]:
        found = []
        for ref in refs or []:
            for body in self.kinds[ref["kind"]] if isinstance(ref, dict) else [self.bodies[ref]]:
                if body not in found:
                    found.append(body)
        return found

    def themes_for(self, names) -> list[Theme]:
        return [self.themes[name] for name in names or []]


def _plan(data: dict, by, changes: Counter) -> Plan:
    values = {
        "first_year": data["first_year"], "last_year": data["last_year"], "vision": _text(data.get("vision")),
        "introduction": _text(data.get("introduction") or []),
        "outstanding_traits": _text(data.get("outstanding_traits") or []),
    }
    plan = Plan.objects.filter(title=data["title"]).order_by("pk").first()
    if plan is None:
        plan = services.plan_create(data={"title": data["title"], **values}, by=by)
        if data.get("status") == PlanStatus.ACTIVE:
            plan = services.plan_activate(plan=plan, by=by)
        changes["plans created"] += 1
    elif plan.status != PlanStatus.CLOSED and services.plan_update(plan=plan, data=values, by=by):
        changes["plans updated"] += 1
    return plan


def _priority(plan: Plan, row: dict, existing: dict, refs: References, by, changes: Counter) -> Priority:
    values = {
        "title": _text(row.get("title")), "statement": _text(row["statement"]),
        "focus_areas": _text(row.get("focus_areas") or []), "narrative": _text(row.get("narrative") or []),
        "business_as_usual": _text(row.get("business_as_usual") or []),
    }
    themes = refs.themes_for(row.get("themes"))
    priority = existing.get(row["number"])
    if priority is None:
        priority = services.priority_create(plan=plan, data={"number": row["number"], **values}, by=by)
        changes["priorities created"] += 1
    elif services.priority_update(priority=priority, data=values, by=by):
        changes["priorities updated"] += 1
    if not _same(priority.themes, themes):
        services.priority_update(priority=priority, data={}, themes=themes, by=by)
        changes["priorities' themes set"] += 1
    return priority


def _outcome(priority: Priority, order: int, row: dict, existing: dict, refs: References, by,
             changes: Counter) -> Outcome:
    values = {
        "order": order, "statement": _text(row["statement"]), "years": sorted(row.get("years") or []),
        "responsibility": _text(row.get("responsibility") or []),
    }
    themes = refs.themes_for(row.get("themes"))
    outcome = existing.get(str(row["code"]))
    if outcome is None:
        outcome = services.outcome_create(priority=priority, data={"code": str(row["code"]), **values},
                                          themes=themes, by=by)
        changes["outcomes created"] += 1
    elif services.outcome_update(outcome=outcome, data=values, themes=themes, by=by):
        changes["outcomes updated"] += 1
    return outcome


def _targets(outcome: Outcome, rows: list, by, changes: Counter) -> None:
    existing = {}
    for target in outcome.targets.order_by("order", "pk"):
        existing.setdefault(target.order, target)
    for order, row in enumerate(rows, start=1):
        values = {"text": _text(row["text"]), "due_date": row.get("due_date")}
        target = existing.get(order)
        if target is None:
            services.target_create(outcome=outcome, data={"order": order, **values}, by=by)
            changes["targets created"] += 1
        elif services.target_update(target=target, data=values, by=by):
            changes["targets updated"] += 1


def _evidence(outcome: Outcome, lead: str, rows: list, refs: References, by, changes: Counter) -> None:
    existing = {}
    for item in outcome.evidence.order_by("order", "pk").prefetch_related("responsible_bodies"):
        existing.setdefault(item.order, item)
    for order, row in enumerate(rows, start=1):
        # The plan's lead-in ("Evidence of progress on action plans arising from:") goes before each
        # item's words, so that an item reads whole on its own.
        values = {"text": _text(f"{lead} {row['text']}" if lead else row["text"]),
                  "responsibility": _text(row.get("responsibility") or "")}
        bodies = refs.bodies_for(row.get("bodies"))
        item = existing.get(order)
        if item is None:
            services.evidence_create(outcome=outcome, data={"order": order, **values}, bodies=bodies, by=by)
            changes["evidence items created"] += 1
        elif services.evidence_update(evidence=item, data=values, bodies=bodies, by=by):
            changes["evidence items updated"] += 1


@transaction.atomic
def plan_load(path: Path = DATA_FILE, by=None, *, changes: Counter | None = None) -> Plan:
    """Load (or bring up to date) the plan the file describes; returns it. `changes`, when given,
    counts what was created and updated (empty when the database already matched the file)."""
    changes = Counter() if changes is None else changes
    data = plan_read(path)
    refs = References(data)  # before any write: a missing body or theme stops the load here
    by = by or User.objects.filter(email__iexact=RECORDER).first()
    if by is None:
        raise PlanLoadError(NO_RECORDER.format(email=RECORDER) + " " + LOAD_STRUCTURE_FIRST)
    plan = _plan(data, by, changes)
    if plan.status == PlanStatus.CLOSED:
        changes["closed plans left as they are"] += 1
        return plan
    priorities = {p.number: p for p in plan.priorities.prefetch_related("themes")}
    for row in data["priorities"]:
        priority = _priority(plan, row, priorities, refs, by, changes)
        outcomes = {o.code: o for o in priority.outcomes.prefetch_related("themes")}
        for order, outcome_row in enumerate(row.get("outcomes") or [], start=1):
            outcome = _outcome(priority, order, outcome_row, outcomes, refs, by, changes)
            _targets(outcome, outcome_row.get("targets") or [], by, changes)
            _evidence(outcome, outcome_row.get("evidence_lead", ""), outcome_row.get("evidence") or [], refs, by,
                      changes)
    return plan
