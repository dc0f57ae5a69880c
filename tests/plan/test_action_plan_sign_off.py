"""Issue 16 §1, last sentence: when a plan's actions are done, its sign-off goes to the body that ratifies. The
last action closed sends the plan there; the Board ratifies it at a named meeting (the plan is then closed) or
declines with a reason (the plan stays approved, to be revised); the wrong states and one's own body's plan
are refused with a sentence."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from bscb.services import NotAllowed
from plan import action_services as services
from plan.action_models import ActionPlanStatus, PlanStepKind
from tests.factories import member_of
from tests.helpers.forms import post_form
from tests.plan.action_shape import action_data, action_shape, approved_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def shape():
    return action_shape()


def _close(shape, action):
    services.evidence_add(action=action, text="Escalations are audited monthly.", by=shape["owner"])
    services.action_propose_complete(action=action, by=shape["owner"])
    services.action_sign_off(action=action, by=shape["bpg_member"])
    services.action_ratify(action=action, meeting=shape["board_meeting"], by=shape["board_member"])


def _status(action_plan):
    action_plan.refresh_from_db()
    return action_plan.status


def test_the_last_action_closed_sends_the_plans_sign_off_to_the_board(shape):
    action_plan = approved_plan(shape, actions=3)
    first, second, third = action_plan.actions.order_by("pk")
    _close(shape, first)
    assert _status(action_plan) == ActionPlanStatus.APPROVED
    # A withdrawn action does not hold the plan back (withdrawn during a revision, then approved again).
    services.action_plan_revise(action_plan=action_plan, reason="The audit is covered elsewhere.", by=shape["chair"])
    services.action_withdraw(action=third, reason="Covered by the L&D plan.", by=shape["chair"])
    services.action_plan_submit(action_plan=action_plan, by=shape["chair"])
    services.action_plan_approve(action_plan=action_plan, by=shape["bpg_member"])
    assert _status(action_plan) == ActionPlanStatus.APPROVED
    _close(shape, second)
    assert _status(action_plan) == ActionPlanStatus.COMPLETE
    step = action_plan.steps.order_by("-on", "-pk").first()
    assert step.kind == PlanStepKind.COMPLETE and step.meeting == shape["board_meeting"]
    assert "goes to the Safeguarding Board for ratification" in step.comment


def test_the_board_ratifies_the_sign_off_at_a_named_meeting_once(shape):
    action_plan = approved_plan(shape)
    _close(shape, action_plan.actions.get())
    with pytest.raises(ValidationError, match="Choose the meeting of the Safeguarding Board"):
        services.action_plan_ratify(action_plan=action_plan, meeting=None, by=shape["board_member"])
    with pytest.raises(ValidationError, match="Choose a meeting of the Safeguarding Board"):
        services.action_plan_ratify(action_plan=action_plan, meeting=shape["bpg_meeting"], by=shape["board_member"])
    services.action_plan_ratify(action_plan=action_plan, meeting=shape["board_meeting"], comment="Well done.",
                                by=shape["board_member"])
    assert _status(action_plan) == ActionPlanStatus.RATIFIED
    step = action_plan.steps.order_by("-on", "-pk").first()
    assert (step.kind, step.by, step.meeting, step.comment) == (
        PlanStepKind.RATIFIED, shape["board_member"], shape["board_meeting"], "Well done.")
    with pytest.raises(ValidationError, match="already been ratified"):
        services.action_plan_ratify(action_plan=action_plan, meeting=shape["board_meeting"], by=shape["bu"])
    with pytest.raises(ValidationError, match="Only an approved plan is revised"):
        services.action_plan_revise(action_plan=action_plan, reason="More to do.", by=shape["chair"])


def test_a_plan_with_open_actions_is_not_ratified(shape):
    action_plan = approved_plan(shape)
    with pytest.raises(ValidationError, match="Only a plan whose actions are all closed goes for ratification; "
                                              "this one is approved"):
        services.action_plan_ratify(action_plan=action_plan, meeting=shape["board_meeting"], by=shape["board_member"])


def test_declined_the_plan_stays_approved_with_the_reason_and_can_be_revised(shape):
    action_plan = approved_plan(shape)
    _close(shape, action_plan.actions.get())
    with pytest.raises(ValidationError):
        services.action_plan_decline(action_plan=action_plan, meeting=shape["board_meeting"], reason=" ",
                                     by=shape["board_member"])
    services.action_plan_decline(action_plan=action_plan, meeting=shape["board_meeting"],
                                 reason="Schools are not yet covered.", by=shape["board_member"])
    assert _status(action_plan) == ActionPlanStatus.APPROVED
    assert action_plan.steps.order_by("-on", "-pk").first().comment == "Schools are not yet covered."
    services.action_plan_revise(action_plan=action_plan, reason="Add schools.", by=shape["chair"])
    services.action_add(action_plan=action_plan, data=action_data(shape), outcomes=[shape["outcome"]],
                        by=shape["chair"])
    assert _status(action_plan) == ActionPlanStatus.DRAFT


def test_nobody_ratifies_their_own_bodys_plan(shape):
    action_plan = approved_plan(shape)
    _close(shape, action_plan.actions.get())
    member_of(shape["board"], person=shape["chair"])  # the SAPP chair also sits on the Board
    with pytest.raises(NotAllowed, match="your own body's work"):
        services.action_plan_ratify(action_plan=action_plan, meeting=shape["board_meeting"], by=shape["chair"])
    with pytest.raises(NotAllowed):
        services.action_plan_ratify(action_plan=action_plan, meeting=shape["board_meeting"], by=shape["bpg_member"])


def test_the_board_records_it_through_the_pages_and_the_ratification_list_names_the_plan(shape, client_for):
    action_plan = approved_plan(shape)
    _close(shape, action_plan.actions.get())
    board = client_for(shape["board_member"])
    listing = board.get(reverse("ratification-list")).content.decode()
    assert str(action_plan) in listing and action_plan.get_absolute_url() in listing
    page = board.get(action_plan.get_absolute_url()).content.decode()
    assert "Record the ratification of its sign-off" in page
    assert "awaits ratification" in page
    # Those who may not ratify are offered nothing and refused.
    assert "Record the ratification" not in client_for(shape["chair"]).get(action_plan.get_absolute_url()) \
        .content.decode()
    assert client_for(shape["bpg_member"]).get(reverse("action-plan-ratify", args=[action_plan.pk])).status_code == 403
    response = post_form(board, reverse("action-plan-ratify", args=[action_plan.pk]),
                         {"meeting": str(shape["board_meeting"].pk), "comment": ""})
    assert response.status_code == 302
    assert _status(action_plan) == ActionPlanStatus.RATIFIED
    assert "No action plan awaits" in board.get(reverse("ratification-list")).content.decode()
    # A second post of the same step (a stale tab) is refused: the page no longer offers it.
    assert board.get(reverse("action-plan-ratify", args=[action_plan.pk])).status_code == 403
