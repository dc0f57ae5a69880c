"""Writes to the plan. Pages, the admin and the loader call these; each refuses a person without the right
(plan.manage_plan: bscb.services.NotAllowed) and a wrong state (ValidationError), and changes records
through bscb.services.model_update."""

from django.core.exceptions import ValidationError
from django.db import transaction

from bscb.services import merged, model_update, require, save_stamped

from .models import EvidenceItem, Outcome, Plan, PlanStatus, Priority, Target

LAST_YEAR_BEFORE_FIRST = "The last year must be the same as or after the first year."
YEAR_OUTSIDE_PLAN = "The plan runs from {first} to {last}: choose years within it."
DUPLICATE_PRIORITY = "This plan already has a priority numbered {number}."
DUPLICATE_OUTCOME = "This priority already has an outcome numbered {code}."
ALREADY_ACTIVE = "This plan is already in force."
CLOSED_PLAN = "This plan is closed: copy it to start the next one."
CLOSED_PLAN_EDIT = "This plan is closed and can no longer be changed."

MANAGE = "plan.manage_plan"


def _plan_of(record) -> Plan:
    if isinstance(record, Plan):
        return record
    if isinstance(record, Priority):
        return record.plan
    if isinstance(record, Outcome):
        return record.priority.plan
    return record.outcome.priority.plan


def _check_open(record):
    plan = _plan_of(record)
    if plan.pk and Plan.objects.filter(pk=plan.pk, status=PlanStatus.CLOSED).exists():
        raise ValidationError(CLOSED_PLAN_EDIT)


def _check_years(first_year, last_year):
    if first_year and last_year and last_year < first_year:
        raise ValidationError({"last_year": LAST_YEAR_BEFORE_FIRST})


def _no_status(data: dict):
    if "status" in data:
        raise ValueError("A plan's status changes through plan_activate (and the plan put in force after it).")


def _with_related(data: dict, **related) -> dict:
    """An update's data with the many-to-many values given (None: left as they are), which model_update sets
    and checks against the version with the rest."""
    return {**data, **{name: list(value) for name, value in related.items() if value is not None}}


def _set_related(related, wanted) -> bool:
    """Give a new record's many-to-many relation exactly `wanted` (None: leave it); True when that changed it."""
    if wanted is None or {r.pk for r in related.all()} == {r.pk for r in wanted}:
        return False
    related.set(wanted)
    return True


def plan_create(*, data: dict, by) -> Plan:
    """A new plan, as a draft."""
    require(by, MANAGE)
    _no_status(data)
    _check_years(data.get("first_year"), data.get("last_year"))
    return save_stamped(Plan(**data), by)


def plan_update(*, plan: Plan, data: dict, by, version: int | None = None) -> bool:
    require(by, MANAGE, plan)
    _no_status(data)
    _check_years(*merged(plan, data, "first_year", "last_year"))
    _check_open(plan)
    return model_update(plan, data, by=by, version=version)


@transaction.atomic
def plan_activate(*, plan: Plan, by) -> Plan:
    """Put the plan in force; the plan in force until now is closed (one plan in force at a time)."""
    require(by, MANAGE, plan)
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.status == PlanStatus.ACTIVE:
        raise ValidationError(ALREADY_ACTIVE)
    if plan.status == PlanStatus.CLOSED:
        raise ValidationError(CLOSED_PLAN)
    for previous in Plan.objects.select_for_update().filter(status=PlanStatus.ACTIVE):
        model_update(previous, {"status": PlanStatus.CLOSED}, by=by)
    model_update(plan, {"status": PlanStatus.ACTIVE}, by=by)
    return plan


def _check_priority_number(plan: Plan, number, pk=None):
    if Priority.objects.filter(plan=plan, number=number).exclude(pk=pk).exists():
        raise ValidationError({"number": DUPLICATE_PRIORITY.format(number=number)})


@transaction.atomic
def priority_create(*, plan: Plan, data: dict, themes=None, by) -> Priority:
    require(by, MANAGE, plan)
    _check_open(plan)
    priority = Priority(plan=plan, **data)
    _check_priority_number(plan, priority.number)
    save_stamped(priority, by)
    _set_related(priority.themes, themes)
    return priority


@transaction.atomic
def priority_update(*, priority: Priority, data: dict, themes=None, by, version: int | None = None) -> bool:
    require(by, MANAGE, priority)
    _check_open(priority)
    _check_priority_number(priority.plan, data.get("number", priority.number), priority.pk)
    return model_update(priority, _with_related(data, themes=themes), by=by, version=version)


def _outcome_data(priority: Priority, data: dict, pk=None) -> dict:
    """The rules of an outcome's years and code; its years kept sorted, once each."""
    plan = priority.plan
    if "years" in data:
        years = sorted(set(data["years"] or []))
        if any(not plan.first_year <= year <= plan.last_year for year in years):
            raise ValidationError({"years": YEAR_OUTSIDE_PLAN.format(first=plan.first_year, last=plan.last_year)})
        data = {**data, "years": years}
    code = data.get("code")
    if code is not None and Outcome.objects.filter(priority=priority, code=code).exclude(pk=pk).exists():
        raise ValidationError({"code": DUPLICATE_OUTCOME.format(code=code)})
    return data


@transaction.atomic
def outcome_create(*, priority: Priority, data: dict, themes=None, by) -> Outcome:
    require(by, MANAGE, priority)
    _check_open(priority)
    outcome = Outcome(priority=priority, **_outcome_data(priority, {"years": [], **data}))
    save_stamped(outcome, by)
    _set_related(outcome.themes, themes)
    return outcome


@transaction.atomic
def outcome_update(*, outcome: Outcome, data: dict, themes=None, by, version: int | None = None) -> bool:
    require(by, MANAGE, outcome)
    _check_open(outcome)
    data = _outcome_data(outcome.priority, data, outcome.pk)
    return model_update(outcome, _with_related(data, themes=themes), by=by, version=version)


def target_create(*, outcome: Outcome, data: dict, by) -> Target:
    require(by, MANAGE, outcome)
    _check_open(outcome)
    return save_stamped(Target(outcome=outcome, **data), by)


def target_update(*, target: Target, data: dict, by, version: int | None = None) -> bool:
    require(by, MANAGE, target)
    _check_open(target)
    return model_update(target, data, by=by, version=version)


@transaction.atomic
def evidence_create(*, outcome: Outcome, data: dict, bodies=None, by) -> EvidenceItem:
    require(by, MANAGE, outcome)
    _check_open(outcome)
    evidence = save_stamped(EvidenceItem(outcome=outcome, **data), by)
    _set_related(evidence.responsible_bodies, bodies)
    return evidence


@transaction.atomic
def evidence_update(*, evidence: EvidenceItem, data: dict, bodies=None, by, version: int | None = None) -> bool:
    require(by, MANAGE, evidence)
    _check_open(evidence)
    return model_update(evidence, _with_related(data, responsible_bodies=bodies), by=by, version=version)


@transaction.atomic
def plan_copy(*, plan: Plan, title: str, first_year: int, last_year: int, by) -> Plan:
    """A draft of the next plan: the same priorities, outcomes, targets and evidence, to be revised.
    Years marked on outcomes are moved by the difference between the two plans' first years; due
    dates are not copied (they belonged to the old plan's timetable)."""
    require(by, MANAGE, plan)
    shift = first_year - plan.first_year
    new = plan_create(data={
        "title": title, "first_year": first_year, "last_year": last_year, "vision": plan.vision,
        "introduction": plan.introduction, "outstanding_traits": plan.outstanding_traits, "copied_from": plan,
    }, by=by)
    for priority in plan.priorities.prefetch_related(
        "themes", "outcomes__themes", "outcomes__targets", "outcomes__evidence__responsible_bodies"
    ):
        copy = priority_create(plan=new, data={
            "number": priority.number, "title": priority.title, "statement": priority.statement,
            "focus_areas": priority.focus_areas, "narrative": priority.narrative,
            "business_as_usual": priority.business_as_usual,
        }, themes=list(priority.themes.all()), by=by)
        for outcome in priority.outcomes.all():
            years = [y + shift for y in outcome.years if first_year <= y + shift <= last_year]
            new_outcome = outcome_create(priority=copy, data={
                "code": outcome.code, "order": outcome.order, "statement": outcome.statement, "years": years,
                "responsibility": outcome.responsibility,
            }, themes=list(outcome.themes.all()), by=by)
            for target in outcome.targets.all():
                target_create(outcome=new_outcome, data={"order": target.order, "text": target.text}, by=by)
            for item in outcome.evidence.all():
                evidence_create(outcome=new_outcome, data={
                    "order": item.order, "text": item.text, "responsibility": item.responsibility,
                }, bodies=list(item.responsible_bodies.all()), by=by)
    return new
