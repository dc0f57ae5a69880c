"""Reads of action plans and actions, with their joins applied; list filters (ActionFilter) applied here."""

from django.db.models import Case, Prefetch, Q, When
from django.utils import timezone

from accountability.models import Body, Function, Meeting, MeetingStatus
from accountability.people import active_bodies
from accountability.roles import roles_for

from .action_filters import ActionFilter
from .action_models import (
    ACTION_ENDED,
    Action,
    ActionPlan,
    ActionPlanRevision,
    ActionPlanStatus,
    ActionPlanStep,
    ActionStatus,
    ActionStep,
    EvidenceOfImpact,
    ProgressUpdate,
)
from .action_rollup import counted, shown_to_all
from .action_rules import holders


def _actions():
    return (Action.objects.select_related("body", "owner", "organisation", "action_plan")
            .prefetch_related("outcomes"))


def action_plan_list(plan):
    return ActionPlan.objects.filter(plan=plan).select_related("body", "plan").order_by("body__name")


def action_plan_detail(pk: int) -> ActionPlan:
    return (ActionPlan.objects.select_related("body", "plan").prefetch_related(
        Prefetch("actions", queryset=_actions().order_by("due_on", "pk")),
        Prefetch("steps", queryset=ActionPlanStep.objects.select_related("by", "meeting", "meeting__body")),
        Prefetch("revisions", queryset=ActionPlanRevision.objects.order_by("number")))
        .get(pk=pk))


def revision_pair(action_plan: ActionPlan, number: int) -> tuple[ActionPlanRevision, ActionPlanRevision | None]:
    """A revision and the one before it (None for the first)."""
    found = {r.number: r for r in ActionPlanRevision.objects.filter(
        action_plan=action_plan, number__in=[number, number - 1]).select_related("approved_by", "meeting")}
    return found[number], found.get(number - 1)


def action_detail(pk: int) -> Action:
    return (Action.objects.select_related(
        "body", "owner", "organisation", "action_plan", "action_plan__body", "action_plan__plan", "entry",
        "decision", "decision__meeting", "decision__meeting__body")
        .prefetch_related(
            "outcomes", "themes",
            Prefetch("updates", queryset=ProgressUpdate.objects.select_related("created_by").order_by("-on", "-pk")),
            Prefetch("impact_evidence", queryset=EvidenceOfImpact.objects.select_related("created_by")
                     .prefetch_related("files")),
            Prefetch("steps", queryset=ActionStep.objects.select_related("by", "meeting", "meeting__body")))
        .get(pk=pk))


def visible_actions(user):
    """The actions the person may read: those outside a plan or in a plan approved once; their own bodies';
    everything for the business unit; and, for the approving body, those in plans sent to it."""
    roles = roles_for(user)
    if roles.is_business_unit:
        return Action.objects.all()
    seen = shown_to_all() | Q(body_id__in=roles.member_body_ids)
    if roles.member_body_ids & holders(user)[Function.APPROVES_PLANS]:
        seen |= ~Q(action_plan__status=ActionPlanStatus.DRAFT)
    return Action.objects.filter(seen)


def action_list(user, *, filters=None):
    rows = visible_actions(user).select_related("body", "owner", "organisation").prefetch_related("outcomes") \
        .order_by("due_on", "pk")
    return ActionFilter(filters, rows).qs if filters is not None else rows


def bodies_setting_actions(user):
    """The bodies the person may set actions for outside a plan: every active body for the business unit, her
    own chaired bodies for a chair (plan.set_action)."""
    roles = roles_for(user)
    bodies = Body.objects.filter(active_bodies(timezone.localdate())).order_by("name")
    # A superuser holds every permission (plan.set_action included), so the page is hers as the rule says.
    return bodies if roles.is_business_unit or user.is_superuser else bodies.filter(pk__in=roles.chaired_body_ids)


def my_actions(user):
    """The person's open actions, soonest due first."""
    return (_actions().filter(owner=user).exclude(status__in=ACTION_ENDED).order_by("due_on", "pk"))


def meetings_of(function: str, user=None):
    """The meetings of the body holding `function`, newest first: where its decisions are recorded."""
    return Meeting.objects.filter(body_id__in=holders(user)[function]).exclude(
        status=MeetingStatus.CANCELLED).select_related("body").order_by("-starts_at")


def next_meeting(function: str, user=None):
    return Meeting.objects.filter(body_id__in=holders(user)[function], starts_at__gte=timezone.now(),
                                  status=MeetingStatus.SCHEDULED).select_related("body").order_by("starts_at").first()


# Each list of the queue shows this many, oldest first; the action list (filtered to actions proposed complete)
# has them all. At ten times Bradford's size thousands wait.
QUEUE_SHOWN = 50


def queue(user) -> dict:
    """The BPG's queues: plans awaiting approval, actions awaiting sign-off (those of the person's own bodies
    are listed apart: another member decides them), each the oldest QUEUE_SHOWN with the count of all."""
    own = roles_for(user).member_body_ids
    plans = list(ActionPlan.objects.filter(status=ActionPlanStatus.SUBMITTED).select_related("body", "plan")
                 .order_by("modified_on", "pk"))
    proposed = _actions().filter(status=ActionStatus.PROPOSED).order_by("modified_on", "pk")
    others, mine = proposed.exclude(body_id__in=own), proposed.filter(body_id__in=own)
    return {"plans": [p for p in plans if p.body_id not in own], "own_plans": [p for p in plans if p.body_id in own],
            "actions": list(others[:QUEUE_SHOWN]), "actions_total": others.count(),
            "own_actions": list(mine[:QUEUE_SHOWN]), "own_actions_total": mine.count() if own else 0}


def ratification_list(user) -> list[Action]:
    """Signed off and awaiting the ratifying body, oldest first."""
    return list(_actions().filter(status=ActionStatus.SIGNED_OFF).order_by("modified_on", "pk"))


def plans_for_ratification() -> list[ActionPlan]:
    """Action plans whose actions are all closed, their sign-off awaiting the ratifying body, oldest first."""
    return list(ActionPlan.objects.filter(status=ActionPlanStatus.COMPLETE).select_related("body", "plan")
                .order_by("modified_on", "pk"))


# An outcome's page lists this many of its actions (open ones first, soonest due); the action list, filtered to
# the outcome, has them all. At ten times Bradford's size an outcome has thousands.
OUTCOME_ACTIONS_SHOWN = 25


def outcome_actions(outcome, limit: int = OUTCOME_ACTIONS_SHOWN):
    """The first `limit` actions that serve an outcome and count in its roll-up (action_rollup.counted): open
    ones first, soonest due first."""
    ended_last = Case(When(status__in=ACTION_ENDED, then=1), default=0)
    return list(_actions().filter(counted(), outcomes=outcome).order_by(ended_last, "due_on", "pk")[:limit])
