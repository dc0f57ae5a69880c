"""Writes to action plans and actions (issue 16). Each refuses a person without the right (NotAllowed, with
a sentence where the reason is the "own body's work" rule) and a wrong state (ValidationError, a sentence for
the page), locks the record so that two steps at once are taken one after the other, and writes a line of the
timeline in the same transaction. Nothing is deleted: an action is withdrawn, an approved plan revised."""

import uuid
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accountability.models import Function
from accountability.rules import is_own_work
from bscb import documents
from bscb.services import NotAllowed, model_update, require, save_stamped

from .action_models import (
    ACTION_ENDED,
    Action,
    ActionPlan,
    ActionPlanRevision,
    ActionPlanStatus,
    ActionPlanStep,
    ActionStatus,
    ActionStep,
    ActionStepKind,
    EvidenceFile,
    EvidenceOfImpact,
    PlanStepKind,
    Progress,
    ProgressUpdate,
)
from .action_rules import holders, is_ratifiers_own, sign_off_function

ENDED_ACTION = "This action is {status}: nothing more can be done to it."
PLAN_NOT_EDITABLE = "This action plan is {status}: start a revision, with its reason, to change it."
PLAN_NOT_SUBMITTED = "This action plan is {status}: only a submitted plan is approved or returned."
PLAN_NOT_APPROVED = "Only an approved plan is revised; this one is {status}."
PLAN_NOT_COMPLETE = "Only a plan whose actions are all closed goes for ratification; this one is {status}."
PLAN_ALREADY_RATIFIED = "The sign-off of this plan has already been ratified."
PLAN_HAS_NO_ACTIONS = "Add at least one action before submitting the plan."
PLAN_EXISTS = "The {body} already has an action plan for {period}."
PLAN_NOT_IN_FORCE = "Actions in a plan are proposed complete once the plan is approved."
REASON_REQUIRED = "Give the reason."
OWN_WORK = "This is your own body's work: another member of the {body} decides it."
NO_EVIDENCE = "Add the evidence of impact (what changed for children, and how we know) before proposing it complete."
NOT_OPEN = "Only an open action is proposed complete; this one is {status}."
NOT_PROPOSED = "This action is not proposed complete: it is {status}."
ALREADY_SIGNED_OFF = "This action has already been signed off."
NOT_SIGNED_OFF = "Only an action the {body} has signed off is ratified; this one is {status}."
MEETING_REQUIRED = "Choose the meeting of the {body} at which it was decided."
WRONG_MEETING = "Choose a meeting of the {body}."
NOT_RATIFIERS_OWN = "Only an action the {body} set is closed by it directly."
RATIFIERS_OWN = "The {body} set this action: the business unit records its closing at a meeting of the {body}."
NO_BODY = "No body holds the function “{function}”: set it in the admin."
DUE_IN_PAST = "The due date must be today or later."
FILES_FIELD = "files"


def _status(record) -> str:
    return record.get_status_display().lower()


def _step(action: Action, kind: str, by, comment: str = "", meeting=None) -> ActionStep:
    return save_stamped(ActionStep(action=action, kind=kind, by=by, on=timezone.now(), comment=comment or "",
                                   meeting=meeting), by)


def _plan_step(action_plan: ActionPlan, kind: str, by, comment: str = "", meeting=None) -> ActionPlanStep:
    return save_stamped(ActionPlanStep(action_plan=action_plan, kind=kind, by=by, on=timezone.now(),
                                       comment=comment or "", meeting=meeting), by)


def _lock(action: Action) -> Action:
    return Action.objects.select_for_update(of=("self",)).select_related("body", "action_plan").get(pk=action.pk)


def _lock_plan(action_plan: ActionPlan) -> ActionPlan:
    return ActionPlan.objects.select_for_update(of=("self",)).select_related("body", "plan").get(pk=action_plan.pk)


def _open(action: Action) -> None:
    if action.status in ACTION_ENDED:
        raise ValidationError(ENDED_ACTION.format(status=_status(action)))


def _reason(reason: str, field: str = "reason") -> None:
    if not (reason or "").strip():
        raise ValidationError({field: REASON_REQUIRED})


def _body_holding(function: str, by):
    from accountability.models import Body

    ids = holders(by)[function]
    body = Body.objects.filter(pk__in=ids).order_by("pk").first()
    if body is None:
        raise ValidationError(NO_BODY.format(function=Function(function).label))
    return body


def _meeting_of(meeting, body, *, required: bool) -> None:
    if meeting is None:
        if required:
            raise ValidationError({"meeting": MEETING_REQUIRED.format(body=body)})
        return
    if meeting.body_id != body.pk:
        raise ValidationError({"meeting": WRONG_MEETING.format(body=body)})


def _not_own(by, record, body_name) -> None:
    """The "own body's work" rule, refused with its own sentence (the rule itself stands in the permission)."""
    if by is not None and is_own_work(by, record):
        raise NotAllowed(OWN_WORK.format(body=body_name))


def _not_ratifiers_own(action: Action, by) -> None:
    if is_ratifiers_own(action, by):
        raise ValidationError(RATIFIERS_OWN.format(body=_body_holding(Function.RATIFIES, by)))


# --- action plans ----------------------------------------------------------------------------------

@transaction.atomic
def action_plan_create(*, body, plan, by) -> ActionPlan:
    require(by, "plan.change_action_plan", ActionPlan(body=body, plan=plan))
    if ActionPlan.objects.filter(body=body, plan=plan).exists():
        raise ValidationError(PLAN_EXISTS.format(body=body, period=plan.period))
    action_plan = save_stamped(ActionPlan(body=body, plan=plan), by)
    _plan_step(action_plan, PlanStepKind.CREATED, by)
    return action_plan


@transaction.atomic
def action_plan_submit(*, action_plan: ActionPlan, by) -> ActionPlan:
    require(by, "plan.change_action_plan", action_plan)
    action_plan = _lock_plan(action_plan)
    if not action_plan.is_editable:
        raise ValidationError(PLAN_NOT_EDITABLE.format(status=_status(action_plan)))
    if not action_plan.actions.exclude(status=ActionStatus.WITHDRAWN).exists():
        raise ValidationError(PLAN_HAS_NO_ACTIONS)
    model_update(action_plan, {"status": ActionPlanStatus.SUBMITTED}, by=by)
    _plan_step(action_plan, PlanStepKind.SUBMITTED, by)
    return action_plan


def _snapshot(action_plan: ActionPlan) -> list[dict]:
    """The plan's actions as they stand, for the revision: words and names, not keys, so that it reads the same
    whatever changes later."""
    actions = (action_plan.actions.select_related("owner", "organisation").prefetch_related("outcomes")
               .order_by("pk"))
    return [{"pk": a.pk, "description": a.description, "outcomes": [o.code for o in a.outcomes.all()],
             "owner": str(a.owner or ""), "organisation": str(a.organisation or ""), "due_on": a.due_on.isoformat(),
             "success_measure": a.success_measure, "status": a.get_status_display()} for a in actions]


@transaction.atomic
def action_plan_approve(*, action_plan: ActionPlan, comment: str = "", meeting=None, by) -> ActionPlanRevision:
    """Approved, at or between meetings of the approving body; the actions as approved are frozen as a
    revision, to read beside the one before."""
    approver = _body_holding(Function.APPROVES_PLANS, by)
    _not_own(by, action_plan, approver)
    require(by, "plan.approve_action_plan", action_plan)
    action_plan = _lock_plan(action_plan)
    if action_plan.status != ActionPlanStatus.SUBMITTED:
        raise ValidationError(PLAN_NOT_SUBMITTED.format(status=_status(action_plan)))
    _meeting_of(meeting, approver, required=False)
    revision = _revision_save(action_plan, by=by, meeting=meeting)
    model_update(action_plan, {"status": ActionPlanStatus.APPROVED}, by=by)
    _plan_step(action_plan, PlanStepKind.APPROVED, by, comment, meeting)
    return revision


def _revision_save(action_plan: ActionPlan, *, by, meeting) -> ActionPlanRevision:
    revision = ActionPlanRevision(action_plan=action_plan, number=action_plan.revision,
                                  reason=action_plan.revision_reason, approved_by=by, approved_on=timezone.now(),
                                  meeting=meeting, actions=_snapshot(action_plan))
    return save_stamped(revision, by)


@transaction.atomic
def action_plan_return(*, action_plan: ActionPlan, reason: str, meeting=None, by) -> ActionPlan:
    approver = _body_holding(Function.APPROVES_PLANS, by)
    _not_own(by, action_plan, approver)
    require(by, "plan.approve_action_plan", action_plan)
    action_plan = _lock_plan(action_plan)
    if action_plan.status != ActionPlanStatus.SUBMITTED:
        raise ValidationError(PLAN_NOT_SUBMITTED.format(status=_status(action_plan)))
    _reason(reason)
    _meeting_of(meeting, approver, required=False)
    model_update(action_plan, {"status": ActionPlanStatus.RETURNED}, by=by)
    _plan_step(action_plan, PlanStepKind.RETURNED, by, reason, meeting)
    return action_plan


@transaction.atomic
def action_plan_revise(*, action_plan: ActionPlan, reason: str, by) -> ActionPlan:
    """An approved plan opened for change: the next revision, in draft, with its reason. The approved
    revisions stay as they were."""
    require(by, "plan.change_action_plan", action_plan)
    action_plan = _lock_plan(action_plan)
    if action_plan.status not in REVISABLE:
        raise ValidationError(PLAN_NOT_APPROVED.format(status=_status(action_plan)))
    _reason(reason)
    model_update(action_plan, {"status": ActionPlanStatus.DRAFT, "revision": action_plan.revision + 1,
                               "revision_reason": reason}, by=by)
    _plan_step(action_plan, PlanStepKind.REVISION, by, f"Revision {action_plan.revision}. {reason}")
    return action_plan


# A plan awaiting ratification may still be revised (more actions after all); a ratified one is closed.
REVISABLE = {ActionPlanStatus.APPROVED, ActionPlanStatus.COMPLETE}


def _plan_done(action: Action, by, meeting=None) -> None:
    """When the last open action of an approved plan is closed, the plan's sign-off goes to the body that
    ratifies (the BPG "seek[s] ratification for the sign off of action plans"). Locks the plan after the action,
    as every step on an action does, so that two last actions closed at once are seen by the second."""
    if not action.action_plan_id:
        return
    action_plan = _lock_plan(action.action_plan)
    if action_plan.status != ActionPlanStatus.APPROVED:
        return
    statuses = set(action_plan.actions.values_list("status", flat=True))
    if ActionStatus.CLOSED not in statuses or statuses - ACTION_ENDED:
        return
    model_update(action_plan, {"status": ActionPlanStatus.COMPLETE}, by=by)
    _plan_step(action_plan, PlanStepKind.COMPLETE, by,
               f"Its sign-off goes to the {_body_holding(Function.RATIFIES, by)} for ratification.", meeting)


def _plan_ratifier_checks(action_plan: ActionPlan, meeting, by) -> ActionPlan:
    ratifier = _body_holding(Function.RATIFIES, by)
    _not_own(by, action_plan, ratifier)
    require(by, "plan.ratify_action_plan", action_plan)
    action_plan = _lock_plan(action_plan)
    if action_plan.status == ActionPlanStatus.RATIFIED:
        raise ValidationError(PLAN_ALREADY_RATIFIED)
    if action_plan.status != ActionPlanStatus.COMPLETE:
        raise ValidationError(PLAN_NOT_COMPLETE.format(status=_status(action_plan)))
    _meeting_of(meeting, ratifier, required=True)
    return action_plan


@transaction.atomic
def action_plan_ratify(*, action_plan: ActionPlan, meeting, comment: str = "", by) -> ActionPlan:
    """The sign-off of a completed plan, ratified at a named meeting of the body that ratifies: the plan is
    closed."""
    action_plan = _plan_ratifier_checks(action_plan, meeting, by)
    model_update(action_plan, {"status": ActionPlanStatus.RATIFIED}, by=by)
    _plan_step(action_plan, PlanStepKind.RATIFIED, by, comment, meeting)
    return action_plan


@transaction.atomic
def action_plan_decline(*, action_plan: ActionPlan, meeting, reason: str, by) -> ActionPlan:
    """Not ratified: the plan stays approved, with the reason, for its chair to revise (more actions) or for the
    ratifying body to set remedial actions of its own."""
    action_plan = _plan_ratifier_checks(action_plan, meeting, by)
    _reason(reason)
    model_update(action_plan, {"status": ActionPlanStatus.APPROVED}, by=by)
    _plan_step(action_plan, PlanStepKind.DECLINED, by, reason, meeting)
    return action_plan


# --- actions: setting and changing -------------------------------------------------------------------

def _due(due_on: date | None) -> None:
    if due_on is not None and due_on < timezone.localdate():
        raise ValidationError({"due_on": DUE_IN_PAST})


@transaction.atomic
def action_add(*, action_plan: ActionPlan, data: dict, outcomes=(), themes=(), by) -> Action:
    """An action in a sub group's plan, while the plan is in draft or returned."""
    require(by, "plan.change_action_plan", action_plan)
    action_plan = _lock_plan(action_plan)
    if not action_plan.is_editable:
        raise ValidationError(PLAN_NOT_EDITABLE.format(status=_status(action_plan)))
    _due(data.get("due_on"))
    action = save_stamped(Action(**data, action_plan=action_plan, body=action_plan.body), by)
    action.outcomes.set(outcomes)
    action.themes.set(themes)
    _step(action, ActionStepKind.CREATED, by, f"In the {action_plan}.")
    return action


@transaction.atomic
def action_set(*, body, data: dict, outcomes=(), themes=(), by) -> Action:
    """An action with no plan: arising from a meeting's decision (`data["decision"]`) or a log entry
    (`data["entry"]`), or set by the BPG or the Board (`body`)."""
    require(by, "plan.set_action", body)
    _due(data.get("due_on"))
    action = save_stamped(Action(**data, body=body), by)
    action.outcomes.set(outcomes)
    action.themes.set(themes)
    origin = (f"From the decision of the {action.decision.meeting}" if action.decision_id
              else f"From {action.entry.reference}" if action.entry_id else f"Set by the {body}")
    _step(action, ActionStepKind.CREATED, by, f"{origin}.")
    return action


@transaction.atomic
def action_update(*, action: Action, data: dict, outcomes=None, themes=None, by, version: int | None = None) -> bool:
    """Its details changed: refused once its plan has been submitted or approved (a revision first)."""
    require(by, "plan.change_action", action)
    action = _lock(action)
    _open(action)
    if action.action_plan_id and not action.action_plan.is_editable:
        raise ValidationError(PLAN_NOT_EDITABLE.format(status=_status(action.action_plan)))
    if "due_on" in data and data["due_on"] != action.due_on:
        _due(data["due_on"])
    changes = {**data, **({"outcomes": list(outcomes)} if outcomes is not None else {}),
               **({"themes": list(themes)} if themes is not None else {})}
    changed = model_update(action, changes, by=by, version=version)
    if changed:
        _step(action, ActionStepKind.EDITED, by)
    return changed


@transaction.atomic
def action_withdraw(*, action: Action, reason: str, by) -> Action:
    require(by, "plan.change_action", action)
    action = _lock(action)
    _open(action)
    if action.action_plan_id and not action.action_plan.is_editable:
        raise ValidationError(PLAN_NOT_EDITABLE.format(status=_status(action.action_plan)))
    _reason(reason)
    model_update(action, {"status": ActionStatus.WITHDRAWN}, by=by)
    _step(action, ActionStepKind.WITHDRAWN, by, reason)
    return action


# --- progress and evidence ---------------------------------------------------------------------------

@transaction.atomic
def progress_update_add(*, action: Action, on: date, commentary: str, status: str, by) -> ProgressUpdate:
    require(by, "plan.update_action", action)
    action = _lock(action)
    _open(action)
    update = save_stamped(ProgressUpdate(action=action, on=on, commentary=commentary, status=status), by)
    latest = action.updates.order_by("-on", "-pk").first()
    model_update(action, {"progress": latest.status, "last_update_on": latest.on}, by=by)
    _step(action, ActionStepKind.UPDATED, by, f"{Progress(status).label}. {commentary}")
    return update


@transaction.atomic
def evidence_add(*, action: Action, text: str, files=(), by) -> EvidenceOfImpact:
    require(by, "plan.update_action", action)
    action = _lock(action)
    _open(action)
    checked = documents.validate_all(list(files), field=FILES_FIELD, kinds=documents.ATTACHMENTS)
    evidence = save_stamped(EvidenceOfImpact(action=action, text=text), by)
    for upload, kind in checked:
        stored = EvidenceFile(evidence=evidence, kind=kind)
        stored.file = documents.named(upload, stem=f"action-{action.pk}-{uuid.uuid4().hex[:16]}", kind=kind)
        save_stamped(stored, by)
    count = len(checked)
    _step(action, ActionStepKind.EVIDENCE, by, f"With {count} attached {'file' if count == 1 else 'files'}."
          if count else "")
    return evidence


# --- the sign-off chain ------------------------------------------------------------------------------

@transaction.atomic
def action_propose_complete(*, action: Action, comment: str = "", by) -> Action:
    require(by, "plan.update_action", action)
    action = _lock(action)
    _open(action)
    if action.status != ActionStatus.OPEN:
        raise ValidationError(NOT_OPEN.format(status=_status(action)))
    if action.action_plan_id and action.action_plan.status != ActionPlanStatus.APPROVED \
            and action.action_plan.revision == 1:
        raise ValidationError(PLAN_NOT_IN_FORCE)
    if not action.impact_evidence.exists():
        raise ValidationError(NO_EVIDENCE)
    model_update(action, {"status": ActionStatus.PROPOSED}, by=by)
    _step(action, ActionStepKind.PROPOSED, by, comment)
    return action


@transaction.atomic
def action_sign_off(*, action: Action, comment: str = "", meeting=None, by) -> Action:
    """Signed off by the body that signs off actions (at or between its meetings); an action that body set is
    signed off by the body that ratifies, at a named meeting, and is then closed."""
    function = sign_off_function(action, by)
    signer = _body_holding(function, by)
    _not_own(by, action, signer)
    require(by, "plan.sign_off_action", action)
    action = _lock(action)
    _open(action)
    _not_ratifiers_own(action, by)
    if action.status == ActionStatus.SIGNED_OFF:
        raise ValidationError(ALREADY_SIGNED_OFF)
    if action.status != ActionStatus.PROPOSED:
        raise ValidationError(NOT_PROPOSED.format(status=_status(action)))
    final = function == Function.RATIFIES
    _meeting_of(meeting, signer, required=final)
    model_update(action, {"status": ActionStatus.CLOSED if final else ActionStatus.SIGNED_OFF}, by=by)
    _step(action, ActionStepKind.SIGNED_OFF, by, comment, meeting)
    if final:
        _step(action, ActionStepKind.CLOSED, by, "", meeting)
        _plan_done(action, by, meeting)
    return action


@transaction.atomic
def action_return(*, action: Action, reason: str, meeting=None, by) -> Action:
    """Not signed off: back to its owner, open, with the reason."""
    signer = _body_holding(sign_off_function(action, by), by)
    _not_own(by, action, signer)
    require(by, "plan.sign_off_action", action)
    action = _lock(action)
    _open(action)
    _not_ratifiers_own(action, by)
    if action.status != ActionStatus.PROPOSED:
        raise ValidationError(NOT_PROPOSED.format(status=_status(action)))
    _reason(reason)
    _meeting_of(meeting, signer, required=False)
    model_update(action, {"status": ActionStatus.OPEN}, by=by)
    _step(action, ActionStepKind.RETURNED, by, reason, meeting)
    return action


def _ratifier_checks(action: Action, meeting, by):
    ratifier = _body_holding(Function.RATIFIES, by)
    _not_own(by, action, ratifier)
    require(by, "plan.ratify_action", action)
    action = _lock(action)
    _open(action)
    if action.status != ActionStatus.SIGNED_OFF:
        raise ValidationError(NOT_SIGNED_OFF.format(body=_body_holding(Function.SIGNS_OFF_ACTIONS, by),
                                                    status=_status(action)))
    _meeting_of(meeting, ratifier, required=True)
    return action


@transaction.atomic
def action_ratify(*, action: Action, meeting, comment: str = "", by) -> Action:
    """Ratified at a named meeting of the body that ratifies, and so closed."""
    action = _ratifier_checks(action, meeting, by)
    model_update(action, {"status": ActionStatus.CLOSED}, by=by)
    _step(action, ActionStepKind.RATIFIED, by, comment, meeting)
    _step(action, ActionStepKind.CLOSED, by, "", meeting)
    _plan_done(action, by, meeting)
    return action


@transaction.atomic
def action_decline(*, action: Action, meeting, reason: str, by) -> Action:
    """Not ratified: open again, with the reason, for the sub group to do more."""
    action = _ratifier_checks(action, meeting, by)
    _reason(reason)
    model_update(action, {"status": ActionStatus.OPEN}, by=by)
    _step(action, ActionStepKind.DECLINED, by, reason, meeting)
    return action


@transaction.atomic
def action_close_by_ratifier(*, action: Action, meeting, comment: str = "", by) -> Action:
    """An action the ratifying body set (its remedial actions), closed by it at a named meeting, as the business
    unit records it."""
    ratifier = _body_holding(Function.RATIFIES, by)
    require(by, "plan.close_ratifiers_action", action)
    action = _lock(action)
    _open(action)
    if not is_ratifiers_own(action, by):
        raise ValidationError(NOT_RATIFIERS_OWN.format(body=ratifier))
    _meeting_of(meeting, ratifier, required=True)
    model_update(action, {"status": ActionStatus.CLOSED}, by=by)
    _step(action, ActionStepKind.CLOSED, by, comment, meeting)
    _plan_done(action, by, meeting)
    return action
