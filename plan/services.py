"""Writes to the plan. Pages, the admin and the loader call these; each refuses a wrong state clearly."""

from django.core.exceptions import ValidationError
from django.db import transaction

from bscb.services import save_stamped

from .models import EvidenceItem, Outcome, Plan, PlanStatus, Priority, Target

LAST_YEAR_BEFORE_FIRST = "The last year must be the same as or after the first year."
YEAR_OUTSIDE_PLAN = "The plan runs from {first} to {last}: choose years within it."
DUPLICATE_PRIORITY = "This plan already has a priority numbered {number}."
DUPLICATE_OUTCOME = "This priority already has an outcome numbered {code}."
ALREADY_ACTIVE = "This plan is already in force."
CLOSED_PLAN = "This plan is closed: copy it to start the next one."
CLOSED_PLAN_EDIT = "This plan is closed and can no longer be changed."


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


def plan_save(*, plan: Plan, by) -> Plan:
    if plan.first_year and plan.last_year and plan.last_year < plan.first_year:
        raise ValidationError({"last_year": LAST_YEAR_BEFORE_FIRST})
    _check_open(plan)
    return save_stamped(plan, by)


@transaction.atomic
def plan_activate(*, plan: Plan, by) -> Plan:
    """Put the plan in force; the plan in force until now is closed (one plan in force at a time)."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.status == PlanStatus.ACTIVE:
        raise ValidationError(ALREADY_ACTIVE)
    if plan.status == PlanStatus.CLOSED:
        raise ValidationError(CLOSED_PLAN)
    for previous in Plan.objects.select_for_update().filter(status=PlanStatus.ACTIVE):
        previous.status = PlanStatus.CLOSED
        save_stamped(previous, by)
    plan.status = PlanStatus.ACTIVE
    return save_stamped(plan, by)


def priority_save(*, priority: Priority, themes=None, by) -> Priority:
    _check_open(priority)
    clash = Priority.objects.filter(plan=priority.plan, number=priority.number).exclude(pk=priority.pk)
    if clash.exists():
        raise ValidationError({"number": DUPLICATE_PRIORITY.format(number=priority.number)})
    save_stamped(priority, by)
    if themes is not None:
        priority.themes.set(themes)
    return priority


def outcome_save(*, outcome: Outcome, themes=None, by) -> Outcome:
    _check_open(outcome)
    plan = outcome.priority.plan
    outside = [year for year in outcome.years or [] if not plan.first_year <= year <= plan.last_year]
    if outside:
        raise ValidationError({"years": YEAR_OUTSIDE_PLAN.format(first=plan.first_year, last=plan.last_year)})
    clash = Outcome.objects.filter(priority=outcome.priority, code=outcome.code).exclude(pk=outcome.pk)
    if clash.exists():
        raise ValidationError({"code": DUPLICATE_OUTCOME.format(code=outcome.code)})
    outcome.years = sorted(set(outcome.years or []))
    save_stamped(outcome, by)
    if themes is not None:
        outcome.themes.set(themes)
    return outcome


def target_save(*, target: Target, by) -> Target:
    _check_open(target)
    return save_stamped(target, by)


def evidence_save(*, evidence: EvidenceItem, bodies=None, by) -> EvidenceItem:
    _check_open(evidence)
    save_stamped(evidence, by)
    if bodies is not None:
        evidence.responsible_bodies.set(bodies)
    return evidence


@transaction.atomic
def plan_copy(*, plan: Plan, title: str, first_year: int, last_year: int, by) -> Plan:
    """A draft of the next plan: the same priorities, outcomes, targets and evidence, to be revised.
    Years marked on outcomes are moved by the difference between the two plans' first years; due
    dates are not copied (they belonged to the old plan's timetable)."""
    shift = first_year - plan.first_year
    new = plan_save(plan=Plan(
        title=title, first_year=first_year, last_year=last_year, vision=plan.vision,
        introduction=plan.introduction, outstanding_traits=plan.outstanding_traits,
        status=PlanStatus.DRAFT, copied_from=plan,
    ), by=by)
    for priority in plan.priorities.prefetch_related(
        "themes", "outcomes__themes", "outcomes__targets", "outcomes__evidence__responsible_bodies"
    ):
        copy = priority_save(priority=Priority(
            plan=new, number=priority.number, title=priority.title, statement=priority.statement,
            focus_areas=priority.focus_areas, narrative=priority.narrative,
            business_as_usual=priority.business_as_usual,
        ), themes=list(priority.themes.all()), by=by)
        for outcome in priority.outcomes.all():
            years = [y + shift for y in outcome.years if first_year <= y + shift <= last_year]
            new_outcome = outcome_save(outcome=Outcome(
                priority=copy, code=outcome.code, order=outcome.order, statement=outcome.statement,
                years=years, responsibility=outcome.responsibility,
            ), themes=list(outcome.themes.all()), by=by)
            for target in outcome.targets.all():
                target_save(target=Target(outcome=new_outcome, order=target.order, text=target.text), by=by)
            for item in outcome.evidence.all():
                evidence_save(evidence=EvidenceItem(
                    outcome=new_outcome, order=item.order, text=item.text, responsibility=item.responsibility,
                ), bodies=list(item.responsible_bodies.all()), by=by)
    return new
