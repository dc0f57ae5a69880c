"""Scaled actions for query-count checks and the benchmark (`manage.py seed_scale --factor N`).

Per factor: each of the factor's 10 seeded bodies (accountability/seed.py) keeps an approved action plan on the
factor's seeded plan (plan/seed.py) with 50 actions, and sets 250 more with no plan, each arising from one of its
meetings' decisions: 3,000 actions, in every state of the chain, each serving an outcome of the plan, most with
a progress update. At factor 10: 100 action plans and 30,000 actions.

Written with bulk_create, NOT through plan.action_services, for the reason accountability/seed.py gives. No
history is written. Idempotent: a factor's action plans are made with all their actions in one transaction, so
a second run at the same factor adds nothing and a higher factor adds what is missing."""

import datetime

from django.db import transaction
from django.utils import timezone

from accountability.models import Body, Decision
from accountability.people import seats

from .action_models import Action, ActionPlan, ActionPlanStatus, ActionStatus, Progress, ProgressUpdate
from .models import Outcome, Plan
from .seed import SEEDED_BODY_KIND, SEEDED_TITLE

BODIES_PER_FACTOR = 10
ACTIONS_PER_PLAN = 50
ACTIONS_WITHOUT_PLAN_PER_BODY = 250
BATCH = 2000
# One action in twenty of each state but open; the open ones cycle through the progress statuses.
STATES = [ActionStatus.PROPOSED, ActionStatus.SIGNED_OFF, ActionStatus.CLOSED, ActionStatus.WITHDRAWN]
PROGRESS = [Progress.ON_TRACK, Progress.AT_RISK, Progress.OFF_TRACK, "", Progress.COMPLETE]


def _state(i: int) -> tuple[str, str]:
    status = STATES[i // 20 % len(STATES)] if i % 20 == 19 else ActionStatus.OPEN
    return status, PROGRESS[i % len(PROGRESS)]


@transaction.atomic
def seed(factor: int) -> dict[str, int]:
    counts = {"action plans": 0, "actions": 0}
    bodies = list(Body.objects.filter(kind__name=SEEDED_BODY_KIND).order_by("pk"))
    today = timezone.localdate()
    for n in range(factor):
        plan = Plan.objects.filter(title=f"{SEEDED_TITLE}{n}").first()
        group = bodies[n * BODIES_PER_FACTOR:(n + 1) * BODIES_PER_FACTOR]
        if plan is None or not group or ActionPlan.objects.filter(plan=plan, body__in=group).exists():
            continue
        outcomes = list(Outcome.objects.filter(priority__plan=plan).order_by("pk").values_list("pk", flat=True))
        members = {}
        for seat in seats(today, bodies=group):  # accountability.people: the one reader of seats
            members.setdefault(seat.body_id, []).append(seat.person_id)
        decisions = {}
        for body_id, decision_id in Decision.objects.filter(meeting__body__in=group).order_by("pk").values_list(
                "meeting__body_id", "pk"):
            decisions.setdefault(body_id, []).append(decision_id)
        plans = ActionPlan.objects.bulk_create([ActionPlan(body=body, plan=plan, status=ActionPlanStatus.APPROVED)
                                                for body in group], batch_size=BATCH)
        actions = []
        for action_plan in plans:
            body_id = action_plan.body_id
            people, made = members.get(body_id) or [None], decisions.get(body_id) or [None]
            count = ACTIONS_PER_PLAN + ACTIONS_WITHOUT_PLAN_PER_BODY
            for i in range(count):
                status, progress = _state(i)
                in_plan = i < ACTIONS_PER_PLAN
                actions.append(Action(
                    action_plan=action_plan if in_plan else None, body_id=body_id,
                    decision_id=None if in_plan else made[i % len(made)],
                    description=f"Seeded action {i} of {action_plan.body_id}: audit and improve practice.",
                    owner_id=people[i % len(people)], due_on=today + datetime.timedelta(days=i % 120 - 30),
                    success_measure="An audit shows the change.", status=status, progress=progress,
                    last_update_on=today - datetime.timedelta(days=i % 90) if progress else None))
        actions = Action.objects.bulk_create(actions, batch_size=BATCH)
        through = Action.outcomes.through
        through.objects.bulk_create([through(action_id=a.pk, outcome_id=outcomes[i % len(outcomes)])
                                     for i, a in enumerate(actions)] if outcomes else [], batch_size=BATCH)
        ProgressUpdate.objects.bulk_create([
            ProgressUpdate(action_id=a.pk, on=a.last_update_on, status=a.progress, commentary="Seeded update.")
            for a in actions if a.progress], batch_size=BATCH)
        counts["action plans"] += len(plans)
        counts["actions"] += len(actions)
    return counts
