"""Issue 16 §6: after `load_demo` each sub group has an action plan in a state of its own (approved, revised,
submitted, draft, returned, done and awaiting the ratification of its sign-off), with actions in every state of
the sign-off chain, so that each role has something to do; and each outcome's page shows the progress of its
actions."""

import pytest
from django.urls import reverse

from plan.action_models import Action, ActionPlan, ActionPlanStatus, ActionStatus, ActionStepKind

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


def test_the_action_plans_are_in_every_state():
    states = {(p.body.short_name, p.status, p.revision) for p in ActionPlan.objects.select_related("body")}
    assert states == {("PMAE", ActionPlanStatus.APPROVED, 1), ("CSE", ActionPlanStatus.DRAFT, 2),
                      ("L&D", ActionPlanStatus.SUBMITTED, 1), ("SAPP", ActionPlanStatus.DRAFT, 1),
                      ("DAG", ActionPlanStatus.RETURNED, 1), ("JTAI", ActionPlanStatus.COMPLETE, 1)}


def test_the_actions_are_in_every_state_of_the_chain():
    assert {ActionStatus.OPEN, ActionStatus.PROPOSED, ActionStatus.SIGNED_OFF, ActionStatus.CLOSED} <= set(
        Action.objects.values_list("status", flat=True))
    ratified = Action.objects.get(status=ActionStatus.CLOSED, action_plan__body__short_name="PMAE")
    step = ratified.steps.get(kind=ActionStepKind.RATIFIED)
    assert step.meeting is not None and step.meeting.body.short_name == "BSCB"
    assert Action.objects.filter(action_plan__isnull=True).count() == 2


def test_the_outcome_page_shows_the_progress_of_its_actions(client_for):
    from accountability.models import User

    action = Action.objects.filter(status=ActionStatus.CLOSED, action_plan__body__short_name="PMAE").get()
    outcome = action.outcomes.get()
    page = client_for(User.objects.filter(is_active=True).first()).get(
        reverse("outcome-detail", args=[outcome.pk])).content.decode()
    assert "Progress of the actions" in page and action.reference in page


def test_the_board_finds_a_plan_whose_sign_off_awaits_its_ratification(client_for):
    from django.utils import timezone

    from accountability.models import Body, User
    from accountability.people import member_ids

    board = Body.objects.get(short_name="BSCB")
    person = User.objects.get(pk=sorted(member_ids(board, timezone.localdate()))[0])
    page = client_for(person).get(reverse("ratification-list")).content.decode()
    assert "JTAI" in page and "its sign-off awaits ratification" in page
