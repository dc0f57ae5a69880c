"""The plan's pages: the plan, a priority, an outcome; the business unit's forms to keep them, start a
new plan, copy a plan as the draft of the next and put a plan in force.

Every signed-in member reads the plan (a partnership record); the business unit (perm
plan.manage_plan) changes it. Reads come from plan.selectors, writes from plan.services, whose
refusals are put beside the fields so that nothing typed is lost."""

import copy

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Max
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from bscb import access
from bscb.forms import add_service_errors, model_data, save_form

from . import action_selectors, selectors, services
from .action_rollup import RULES as ROLLUP_RULES
from .action_rollup import rollups, rule_in_use
from .forms import EvidenceForm, OutcomeForm, PlanCopyForm, PlanForm, PriorityForm, TargetForm
from .models import EvidenceItem, Outcome, Plan, PlanStatus, Priority, Target

MANAGE = "plan.manage_plan"
HISTORY = "accountability.view_history"
PAGE_SIZE = 25
FORM_TEMPLATE = "form_page.html"


def _require_manage(request):
    if not request.user.has_perm(MANAGE):
        raise PermissionDenied


def _lines(text: str) -> list[str]:
    """The lines of a one-item-a-line text, without blank lines or typed bullets."""
    lines = (line.strip().lstrip("-•*").strip() for line in (text or "").splitlines())
    return [line for line in lines if line]


def _plan_crumbs(plan: Plan) -> list[tuple[str, str]]:
    return [("Plans", reverse("plan-list")), (f"Plan {plan.period}", plan.get_absolute_url())]


def _priority_crumbs(priority: Priority) -> list[tuple[str, str]]:
    return _plan_crumbs(priority.plan) + [(f"Priority {priority.number}", priority.get_absolute_url())]


def _outcome_crumbs(outcome: Outcome) -> list[tuple[str, str]]:
    return _priority_crumbs(outcome.priority) + [(f"Outcome {outcome.code}", outcome.get_absolute_url())]


def _form_page(request, form, *, save, done: str, plan: Plan | None, title: str, caption: str = "",
               crumbs: list, back_url: str, intro: str = ""):
    """A form whose POST is one service call: success -> a message and the record's page; a refusal ->
    the form again, with the message beside its field and everything typed kept."""
    if request.method == "POST" and form.is_valid():
        def save_and_answer():
            saved = save(form)
            messages.success(request, done)
            return redirect(saved)

        try:
            return save_form(request, form, save_and_answer)
        except ValidationError as error:
            add_service_errors(form, error)
    return render(request, FORM_TEMPLATE, {
        "form": form, "title": title, "caption": caption, "crumbs": crumbs, "back_url": back_url, "intro": intro,
        # A closed plan: the service refuses the change and says so; the page warns first.
        "warning": services.CLOSED_PLAN_EDIT if plan is not None and plan.status == PlanStatus.CLOSED else "",
    })


def _next_order(queryset) -> int:
    return (queryset.aggregate(last=Max("order"))["last"] or 0) + 1


# Reading the plan
@access.signed_in
def plan_current(request):
    """The plan in force (or else the newest); the list of plans when there is none."""
    plan = selectors.plan_current()
    return redirect(plan) if plan else redirect("plan-list")


@access.signed_in
def plan_list(request):
    page = Paginator(selectors.plan_list(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "plan/plan_list.html", {
        "page": page, "plans": page.object_list, "can_manage": request.user.has_perm(MANAGE),
    })


@access.signed_in
def plan_detail(request, pk):
    try:
        plan = selectors.plan_detail(pk)
    except Plan.DoesNotExist as error:
        raise Http404 from error
    priorities = list(plan.priorities.all())
    rule = rule_in_use()
    by_outcome, by_priority = rollups(outcome_ids=[o.pk for p in priorities for o in p.outcomes.all()],
                                      priority_ids=[p.pk for p in priorities], rule=rule)
    for priority in priorities:
        priority.rollup = by_priority[priority.pk]
        priority.outcome_list = list(priority.outcomes.all())
        for outcome in priority.outcome_list:
            outcome.rollup = by_outcome[outcome.pk]
        priority.focus_lines = _lines(priority.focus_areas)
        priority.narrative_lines = _lines(priority.narrative)
        priority.development_lines = _lines(priority.business_as_usual)
    can_manage = request.user.has_perm(MANAGE)
    return render(request, "plan/plan_detail.html", {
        "plan": plan,
        "crumbs": [("Plans", reverse("plan-list"))],
        "current": f"Plan {plan.period}",
        "introduction": _lines(plan.introduction),
        "traits": _lines(plan.outstanding_traits),
        "priorities": priorities,
        "rollup_rule": ROLLUP_RULES[rule],
        "can_manage": can_manage,
        "can_change": can_manage and plan.status != PlanStatus.CLOSED,
        "can_view_history": request.user.has_perm(HISTORY),
    })


@access.signed_in
def priority_detail(request, pk):
    try:
        priority = selectors.priority_detail(pk)
    except Priority.DoesNotExist as error:
        raise Http404 from error
    plan = priority.plan
    outcomes = list(priority.outcomes.all())
    for outcome in outcomes:
        marked = set(outcome.years or [])
        outcome.marks = [(year, year in marked) for year in plan.years]
        outcome.responsibility_lines = _lines(outcome.responsibility)
    rule = rule_in_use()
    by_outcome, by_priority = rollups(outcome_ids=[o.pk for o in outcomes], priority_ids=[priority.pk], rule=rule)
    for outcome in outcomes:
        outcome.rollup = by_outcome[outcome.pk]
    can_manage = request.user.has_perm(MANAGE)
    return render(request, "plan/priority_detail.html", {
        "rollup": by_priority[priority.pk], "rollup_rule": ROLLUP_RULES[rule],
        "priority": priority,
        "plan": plan,
        "crumbs": _plan_crumbs(plan),
        "current": f"Priority {priority.number}",
        "focus_lines": _lines(priority.focus_areas),
        "narrative_lines": _lines(priority.narrative),
        "development_lines": _lines(priority.business_as_usual),
        "outcomes": outcomes,
        "themes": list(priority.themes.all()),
        "can_change": can_manage and plan.status != PlanStatus.CLOSED,
        "can_view_history": request.user.has_perm(HISTORY),
    })


@access.signed_in
def outcome_detail(request, pk):
    try:
        outcome = selectors.outcome_detail(pk)
    except Outcome.DoesNotExist as error:
        raise Http404 from error
    plan = outcome.priority.plan
    evidence = list(outcome.evidence.all())
    for item in evidence:
        item.responsibility_lines = _lines(item.responsibility)
        item.bodies = sorted(item.responsible_bodies.all(), key=lambda body: body.name)
    can_manage = request.user.has_perm(MANAGE)
    rule = rule_in_use()
    rollup = rollups(outcome_ids=[outcome.pk], rule=rule)[0][outcome.pk]
    actions = action_selectors.outcome_actions(outcome)
    return render(request, "plan/outcome_detail.html", {
        "rollup": rollup, "rollup_rule": ROLLUP_RULES[rule], "actions": actions, "today": timezone.localdate(),
        "actions_caption": f"The first {len(actions)} of the {rollup.total} actions that serve this outcome"
        if rollup.total > len(actions) else "The actions that serve this outcome",
        "outcome": outcome,
        "priority": outcome.priority,
        "plan": plan,
        "crumbs": _priority_crumbs(outcome.priority),
        "current": f"Outcome {outcome.code}",
        "targets": list(outcome.targets.all()),
        "evidence": evidence,
        "themes": sorted(outcome.themes.all(), key=lambda theme: theme.name),
        "responsibility_lines": _lines(outcome.responsibility),
        "can_change": can_manage and plan.status != PlanStatus.CLOSED,
        "can_view_history": request.user.has_perm(HISTORY),
        "log_entries": selectors.outcome_log_entries(outcome, request.user),
    })


# Plans: start, change, copy, put in force
@access.record
def plan_create(request):
    _require_manage(request)
    form = PlanForm(request.POST or None, instance=Plan(), submit="Start the plan")

    def save(form):
        return services.plan_create(data=model_data(form), by=request.user)

    return _form_page(
        request, form, save=save, done="The new plan was started as a draft.", plan=None, title="Start a new plan",
        crumbs=[("Plans", reverse("plan-list"))], back_url=reverse("plan-list"),
        intro="It starts as a draft: add its priorities and outcomes, then put it in force.",
    )


@access.record
def plan_edit(request, pk):
    _require_manage(request)
    plan = get_object_or_404(Plan, pk=pk)
    form = PlanForm(request.POST or None, instance=copy.copy(plan))

    def save(form):
        services.plan_update(plan=plan, data=model_data(form), by=request.user, version=form.version)
        return plan

    return _form_page(
        request, form, save=save, done="The plan was saved.", plan=plan, title="Change the plan",
        caption=plan.title, crumbs=_plan_crumbs(plan), back_url=plan.get_absolute_url(),
    )


def _copy_counts(plan: Plan) -> dict[str, int]:
    return {
        "priorities": Priority.objects.filter(plan=plan).count(),
        "outcomes": Outcome.objects.filter(priority__plan=plan).count(),
        "targets": Target.objects.filter(outcome__priority__plan=plan).count(),
        "evidence": EvidenceItem.objects.filter(outcome__priority__plan=plan).count(),
    }


@access.record
def plan_copy(request, pk):
    _require_manage(request)
    plan = get_object_or_404(Plan, pk=pk)
    form = PlanCopyForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def save():
            new = services.plan_copy(plan=plan, title=data["title"], first_year=data["first_year"],
                                     last_year=data["last_year"], by=request.user)
            messages.success(request, f"The plan was copied as the draft of the next plan, {new.period}.")
            return redirect(new)

        try:
            return save_form(request, form, save)
        except ValidationError as error:
            add_service_errors(form, error)
    return render(request, "plan/plan_copy.html", {
        "form": form, "plan": plan, "counts": _copy_counts(plan), "crumbs": _plan_crumbs(plan),
    })


@access.record
def plan_activate(request, pk):
    _require_manage(request)
    plan = get_object_or_404(Plan, pk=pk)
    problems = []
    if request.method == "POST":
        try:
            services.plan_activate(plan=plan, by=request.user)
        except ValidationError as error:
            problems = error.messages
            plan.refresh_from_db()
        else:
            messages.success(request, "The plan is now in force.")
            return redirect(plan)
    in_force = selectors.plan_current()
    if in_force is not None and (in_force.pk == plan.pk or in_force.status != PlanStatus.ACTIVE):
        in_force = None
    return render(request, "plan/plan_activate.html", {
        "plan": plan, "problems": problems, "in_force": in_force, "crumbs": _plan_crumbs(plan),
    })


# Priorities and outcomes
def _priority_form(request, plan: Plan, priority: Priority):
    form = PriorityForm(request.POST or None, instance=copy.copy(priority))
    editing = priority.pk is not None

    def save(form):
        data, themes = model_data(form), form.cleaned_data["themes"]
        if editing:
            services.priority_update(priority=priority, data=data, themes=themes, by=request.user,
                                     version=form.version)
            return priority
        return services.priority_create(plan=plan, data=data, themes=themes, by=request.user)

    return _form_page(
        request, form, save=save, plan=plan,
        done="The priority was saved." if editing else "The priority was added.",
        title=f"Change priority {priority.number}" if editing else "Add a priority",
        caption=f"{plan.title}",
        crumbs=_priority_crumbs(priority) if editing else _plan_crumbs(plan),
        back_url=priority.get_absolute_url() if editing else plan.get_absolute_url(),
    )


@access.record
def priority_create(request, pk):
    _require_manage(request)
    plan = get_object_or_404(Plan, pk=pk)
    number = (Priority.objects.filter(plan=plan).aggregate(last=Max("number"))["last"] or 0) + 1
    return _priority_form(request, plan, Priority(plan=plan, number=number))


@access.record
def priority_edit(request, pk):
    _require_manage(request)
    priority = get_object_or_404(Priority.objects.select_related("plan"), pk=pk)
    return _priority_form(request, priority.plan, priority)


def _outcome_form(request, priority: Priority, outcome: Outcome):
    plan = priority.plan
    form = OutcomeForm(request.POST or None, instance=copy.copy(outcome), plan=plan)
    editing = outcome.pk is not None

    def save(form):
        data, themes = model_data(form), form.cleaned_data["themes"]
        if editing:
            services.outcome_update(outcome=outcome, data=data, themes=themes, by=request.user, version=form.version)
            return outcome
        return services.outcome_create(priority=priority, data=data, themes=themes, by=request.user)

    return _form_page(
        request, form, save=save, plan=plan,
        done="The outcome was saved." if editing else "The outcome was added.",
        title=f"Change outcome {outcome.code}" if editing else "Add an outcome",
        caption=f"Priority {priority.number}" + (f": {priority.title}" if priority.title else ""),
        crumbs=_outcome_crumbs(outcome) if editing else _priority_crumbs(priority),
        back_url=outcome.get_absolute_url() if editing else priority.get_absolute_url(),
    )


@access.record
def outcome_create(request, pk):
    _require_manage(request)
    priority = get_object_or_404(Priority.objects.select_related("plan"), pk=pk)
    outcome = Outcome(priority=priority, order=_next_order(priority.outcomes.all()), years=[])
    return _outcome_form(request, priority, outcome)


@access.record
def outcome_edit(request, pk):
    _require_manage(request)
    outcome = get_object_or_404(Outcome.objects.select_related("priority", "priority__plan"), pk=pk)
    return _outcome_form(request, outcome.priority, outcome)


# Targets and evidence
def _outcome_part_form(request, outcome: Outcome, form, *, save, what: str, editing: bool):
    def save_and_go_back(form):
        save(form)
        return outcome

    return _form_page(
        request, form, save=save_and_go_back, plan=outcome.priority.plan,
        done=f"The {what} was saved." if editing else f"The {what} was added.",
        title=f"Change the {what}" if editing else f"Add {'an' if what[0] in 'aeiou' else 'a'} {what}",
        caption=f"Outcome {outcome.code}", crumbs=_outcome_crumbs(outcome), back_url=outcome.get_absolute_url(),
    )


def _outcome_for(pk) -> Outcome:
    return get_object_or_404(Outcome.objects.select_related("priority", "priority__plan"), pk=pk)


@access.record
def target_create(request, pk):
    _require_manage(request)
    outcome = _outcome_for(pk)
    order = _next_order(outcome.targets.all())
    form = TargetForm(request.POST or None, instance=Target(outcome=outcome, order=order))
    return _outcome_part_form(
        request, outcome, form, what="target", editing=False,
        save=lambda form: services.target_create(outcome=outcome, data={"order": order, **model_data(form)},
                                                 by=request.user),
    )


@access.record
def target_edit(request, pk):
    _require_manage(request)
    target = get_object_or_404(Target.objects.select_related("outcome__priority__plan"), pk=pk)
    form = TargetForm(request.POST or None, instance=copy.copy(target))
    return _outcome_part_form(
        request, target.outcome, form, what="target", editing=True,
        save=lambda form: services.target_update(target=target, data=model_data(form), by=request.user,
                                                 version=form.version),
    )


def _save_evidence(request, outcome: Outcome, item: EvidenceItem):
    def save(form):
        data, bodies = model_data(form), form.cleaned_data["responsible_bodies"]
        if item.pk:
            return services.evidence_update(evidence=item, data=data, bodies=bodies, by=request.user,
                                            version=form.version)
        return services.evidence_create(outcome=outcome, data={"order": item.order, **data}, bodies=bodies,
                                        by=request.user)

    return save


@access.record
def evidence_create(request, pk):
    _require_manage(request)
    outcome = _outcome_for(pk)
    item = EvidenceItem(outcome=outcome, order=_next_order(outcome.evidence.all()))
    form = EvidenceForm(request.POST or None, instance=copy.copy(item))
    return _outcome_part_form(request, outcome, form, what="evidence item", editing=False,
                              save=_save_evidence(request, outcome, item))


@access.record
def evidence_edit(request, pk):
    _require_manage(request)
    item = get_object_or_404(EvidenceItem.objects.select_related("outcome__priority__plan"), pk=pk)
    form = EvidenceForm(request.POST or None, instance=copy.copy(item))
    return _outcome_part_form(request, item.outcome, form, what="evidence item", editing=True,
                              save=_save_evidence(request, item.outcome, item))
