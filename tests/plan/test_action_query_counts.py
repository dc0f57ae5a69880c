"""Each action page answers in a number of queries that does not grow with the data (N rows against 5N)."""

import datetime
import itertools

import pytest
from django.urls import reverse
from django.utils import timezone

from plan.action_models import (
    Action,
    ActionPlan,
    ActionPlanStatus,
    ActionStatus,
    ActionStep,
    EvidenceOfImpact,
    Progress,
    ProgressUpdate,
)
from tests.helpers.queries import assert_queries_do_not_grow
from tests.plan.action_shape import action_shape, approved_plan

pytestmark = pytest.mark.django_db
_serial = itertools.count()
SOON = timezone.localdate() + datetime.timedelta(days=20)


@pytest.fixture
def shape():
    return action_shape()


def _actions(shape, action_plan, k, status=ActionStatus.OPEN, **extra):
    made = Action.objects.bulk_create([Action(
        action_plan=action_plan, body=action_plan.body if action_plan else shape["bpg"],
        description=f"Action q{next(_serial)}", owner=shape["owner"], organisation=shape["police"],
        due_on=SOON - datetime.timedelta(days=40 * (i % 2)), success_measure="Measured.", status=status,
        progress=Progress.AT_RISK, **extra) for i in range(k)])
    through = Action.outcomes.through
    through.objects.bulk_create([through(action=a, outcome=shape["outcome"]) for a in made])
    return made


def test_an_action_plan_page(shape, client_for):
    action_plan = approved_plan(shape)
    url = reverse("action-plan-detail", args=[action_plan.pk])
    assert_queries_do_not_grow(client_for(shape["chair"]), url, lambda k: _actions(shape, action_plan, k))


def test_an_action_page_with_its_updates_evidence_and_history(shape, client_for):
    action = approved_plan(shape).actions.get()

    def add(k):
        ProgressUpdate.objects.bulk_create([ProgressUpdate(action=action, commentary="Moving.", status="on_track",
                                                           created_by=shape["owner"]) for _ in range(k)])
        EvidenceOfImpact.objects.bulk_create([EvidenceOfImpact(action=action, text="Changed.",
                                                               created_by=shape["owner"]) for _ in range(k)])
        ActionStep.objects.bulk_create([ActionStep(action=action, kind="updated", by=shape["owner"],
                                                   meeting=shape["bpg_meeting"]) for _ in range(k)])

    assert_queries_do_not_grow(client_for(shape["owner"]), reverse("action-detail", args=[action.pk]), add)


@pytest.mark.parametrize("name, who", [("action-list", "stranger"), ("my-actions", "owner"),
                                       ("action-queue", "bpg_member"), ("ratification-list", "board_member")])
def test_the_lists(shape, client_for, name, who):
    action_plan = approved_plan(shape)
    status = {"action-queue": ActionStatus.PROPOSED, "ratification-list": ActionStatus.SIGNED_OFF}.get(
        name, ActionStatus.OPEN)

    def add(k):
        _actions(shape, action_plan, k, status=status)
        if name == "action-queue":
            bodies = [type(shape["sapp"]).objects.create(kind=shape["sapp"].kind, name=f"Group q{next(_serial)}",
                                                         short_name=f"Q{next(_serial)}") for _ in range(2)]
            ActionPlan.objects.bulk_create([ActionPlan(body=b, plan=shape["plan"], status=ActionPlanStatus.SUBMITTED)
                                            for b in bodies])

    assert_queries_do_not_grow(client_for(shape[who]), reverse(name), add)


@pytest.mark.parametrize("name", ["outcome-detail", "priority-detail"])
def test_the_outcome_and_priority_pages_with_their_roll_up(shape, client_for, name):
    action_plan = approved_plan(shape)
    pk = shape["outcome"].pk if name == "outcome-detail" else shape["outcome"].priority_id
    assert_queries_do_not_grow(client_for(shape["stranger"]), reverse(name, args=[pk]),
                               lambda k: _actions(shape, action_plan, k) + _actions(shape, None, k))
