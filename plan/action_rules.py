"""Who may see and do what with action plans and actions (DESIGN.md, issue 16).

A draft action plan is its body's record (its members, a derived seat included, and the business unit); once
submitted the body that approves action plans reads it too; once it has been approved every signed-in member
does. Approving, signing off and ratifying are for the body that holds the function (or the business unit
recording its decision), and never of one's own body's work (accountability.rules.not_own_work), a derived
seat included. Which bodies hold which function is read once per request."""

import rules
from django.utils import timezone

from accountability.models import BodyFunction, Function
from accountability.people import active_bodies
from accountability.roles import roles_for
from accountability.rules import is_business_unit, not_own_work

from .action_models import PLAN_APPROVED, ActionPlanStatus

PLAN_FUNCTIONS = (Function.APPROVES_PLANS, Function.SIGNS_OFF_ACTIONS, Function.RATIFIES)


def holders(user=None) -> dict[str, set[int]]:
    """The bodies holding each of the plan's functions today: one query, cached on the person's roles for the
    rest of the request (a list checks many actions)."""
    roles = roles_for(user) if user is not None else None
    found = getattr(roles, "_plan_holders", None)
    if found is None:
        found = {function: set() for function in PLAN_FUNCTIONS}
        for body_id, function in BodyFunction.objects.filter(
                active_bodies(timezone.localdate(), "body__"), function__in=PLAN_FUNCTIONS).values_list(
                "body_id", "function"):
            found[function].add(body_id)
        if roles is not None:
            roles._plan_holders = found
    return found


def sign_off_function(action, user=None) -> str:
    """Who signs the action off: the body that signs off actions, unless that body set it (then the body that
    ratifies signs it off, and that closes it)."""
    return Function.RATIFIES if action.body_id in holders(user)[Function.SIGNS_OFF_ACTIONS] \
        else Function.SIGNS_OFF_ACTIONS


def is_ratifiers_own(action, user=None) -> bool:
    """An action the ratifying body set (the Board's remedial actions): closed by it at a named meeting."""
    return action.body_id in holders(user)[Function.RATIFIES]


def _sits_on_holder(user, function) -> bool:
    return user.is_authenticated and bool(roles_for(user).member_body_ids & holders(user)[function])


def _plan_of(obj):
    return getattr(obj, "action_plan", None) if hasattr(obj, "action_plan_id") else obj


@rules.predicate
def sits_on_body(user, obj):
    return obj is not None and user.is_authenticated and roles_for(user).member_of(obj.body_id)


@rules.predicate
def chairs_the_body(user, obj):
    return obj is not None and user.is_authenticated and roles_for(user).chairs(obj.body_id)


@rules.predicate
def owns_action(user, action):
    return action is not None and user.is_authenticated and action.owner_id == user.pk


@rules.predicate
def approves_plans(user):
    return _sits_on_holder(user, Function.APPROVES_PLANS)


@rules.predicate
def plan_shown_to_all(user, action_plan):
    """Approved once (a revision in hand may be in draft: its approved revisions are the partnership's)."""
    return action_plan is not None and user.is_authenticated and (
        action_plan.status in PLAN_APPROVED or action_plan.revision > 1)


@rules.predicate
def plan_sent_for_approval(user, action_plan):
    return action_plan is not None and (action_plan.status != ActionPlanStatus.DRAFT or action_plan.revision > 1)


@rules.predicate
def action_readable(user, action):
    """An action outside a plan is a partnership record; one in a plan is read as its plan is."""
    if action is None or not user.is_authenticated:
        return False
    if action.action_plan_id is None:
        return True
    return user.has_perm("plan.view_action_plan", action.action_plan)


@rules.predicate
def signs_off(user, action):
    return action is not None and _sits_on_holder(user, sign_off_function(action, user))


@rules.predicate
def ratifies(user):
    return _sits_on_holder(user, Function.RATIFIES)


can_read_plan = (plan_shown_to_all | sits_on_body | is_business_unit | (plan_sent_for_approval & approves_plans))

rules.add_perm("plan.view_action_plan", can_read_plan)
rules.add_perm("plan.view_action", action_readable)
# The body's chair keeps its plan (drafts, submits, starts a revision); the business unit runs everything.
rules.add_perm("plan.change_action_plan", chairs_the_body | is_business_unit)
rules.add_perm("plan.approve_action_plan", (approves_plans | is_business_unit) & not_own_work)
# Actions set outside a plan (from a decision, a log entry, by the BPG or the Board): the business unit, or the
# chair of the body that sets it (the object is the body).
rules.add_perm("plan.set_action", is_business_unit | rules.predicate(
    lambda user, body: body is not None and roles_for(user).chairs(body.pk)))
rules.add_perm("plan.change_action", chairs_the_body | is_business_unit)
# Progress, evidence and proposing complete: the owner, the body's members, the business unit.
rules.add_perm("plan.update_action", owns_action | sits_on_body | is_business_unit)
rules.add_perm("plan.sign_off_action", (signs_off | is_business_unit) & not_own_work)
rules.add_perm("plan.ratify_action", (ratifies | is_business_unit) & not_own_work)
rules.add_perm("plan.ratify_action_plan", (ratifies | is_business_unit) & not_own_work)
# The Board's own actions are closed by the Board at a meeting, recorded by the business unit.
rules.add_perm("plan.close_ratifiers_action", is_business_unit)
rules.add_perm("plan.view_action_queues", approves_plans | ratifies | is_business_unit | rules.predicate(
    lambda user: _sits_on_holder(user, Function.SIGNS_OFF_ACTIONS)))
