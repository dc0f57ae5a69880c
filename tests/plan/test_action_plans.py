"""Issue 16 §1: a sub group's action plan from draft to approved to revised, each step on its timeline, every
revision kept beside the one before, and every wrong step refused with a sentence."""

import pytest
from django.core.exceptions import ValidationError

from bscb.services import NotAllowed
from plan import action_services as services
from plan.action_models import ActionPlanStatus, PlanStepKind
from tests.factories import MeetingFactory
from tests.plan.action_shape import action_data, action_shape, approved_plan, draft_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def shape():
    return action_shape()


def test_a_plan_goes_from_draft_to_approved_to_revised_and_approved_again(shape):
    action_plan = draft_plan(shape)
    services.action_plan_submit(action_plan=action_plan, by=shape["chair"])
    services.action_plan_return(action_plan=action_plan, reason="Say how success is measured.", by=shape["bpg_member"])
    services.action_plan_submit(action_plan=action_plan, by=shape["chair"])
    first = services.action_plan_approve(action_plan=action_plan, meeting=shape["bpg_meeting"], by=shape["bpg_member"])
    action_plan.refresh_from_db()
    assert action_plan.status == ActionPlanStatus.APPROVED and first.number == 1
    assert first.actions[0]["description"] == "Audit the use of the escalation policy in each agency."
    assert first.actions[0]["outcomes"] == ["1.1"] and first.actions[0]["owner"] == "Olu Owner"

    services.action_plan_revise(action_plan=action_plan, reason="A new action after the JTAI.", by=shape["chair"])
    action_plan.refresh_from_db()
    assert (action_plan.status, action_plan.revision) == (ActionPlanStatus.DRAFT, 2)
    services.action_add(action_plan=action_plan, data=action_data(shape, description="Train the front door staff."),
                        by=shape["chair"])
    services.action_plan_submit(action_plan=action_plan, by=shape["chair"])
    second = services.action_plan_approve(action_plan=action_plan, by=shape["bpg_chair"])

    assert second.number == 2 and second.reason == "A new action after the JTAI."
    assert [a["description"] for a in second.actions] == [
        "Audit the use of the escalation policy in each agency.", "Train the front door staff."]
    first.refresh_from_db()
    assert len(first.actions) == 1  # the first revision reads as it was approved
    assert list(action_plan.steps.values_list("kind", "by__full_name")) == [
        (PlanStepKind.CREATED, "Jo Chair"), (PlanStepKind.SUBMITTED, "Jo Chair"), (PlanStepKind.RETURNED, "Ben Member"),
        (PlanStepKind.SUBMITTED, "Jo Chair"), (PlanStepKind.APPROVED, "Ben Member"),
        (PlanStepKind.REVISION, "Jo Chair"), (PlanStepKind.SUBMITTED, "Jo Chair"), (PlanStepKind.APPROVED, "Bea Chair")]
    assert action_plan.steps.get(kind=PlanStepKind.RETURNED).comment == "Say how success is measured."
    assert action_plan.steps.filter(kind=PlanStepKind.APPROVED).first().meeting == shape["bpg_meeting"]


def test_an_approved_plan_is_not_changed_without_a_revision(shape):
    action_plan = approved_plan(shape)
    action = action_plan.actions.get()
    with pytest.raises(ValidationError, match="approved: start a revision"):
        services.action_add(action_plan=action_plan, data=action_data(shape), by=shape["chair"])
    with pytest.raises(ValidationError, match="approved: start a revision"):
        services.action_update(action=action, data={"description": "Something else."}, by=shape["chair"])
    with pytest.raises(ValidationError, match="approved: start a revision"):
        services.action_withdraw(action=action, reason="Not needed.", by=shape["chair"])
    action.refresh_from_db()
    assert action.description == "Audit the use of the escalation policy in each agency."


def test_a_submitted_plan_is_not_changed_either(shape):
    action_plan = draft_plan(shape)
    services.action_plan_submit(action_plan=action_plan, by=shape["chair"])
    with pytest.raises(ValidationError, match="submitted for approval: start a revision"):
        services.action_add(action_plan=action_plan, data=action_data(shape), by=shape["chair"])


@pytest.mark.parametrize("wrong", ["submit_empty", "submit_twice", "approve_draft", "approve_twice", "revise_draft",
                                   "return_without_reason", "revise_without_reason", "approve_at_boards_meeting",
                                   "second_plan_for_the_period"])
def test_a_wrong_step_on_a_plan_is_refused_with_a_sentence(shape, wrong):
    expected = {
        "submit_empty": "Add at least one action", "submit_twice": "submitted for approval: start a revision",
        "approve_draft": "only a submitted plan is approved", "approve_twice": "only a submitted plan is approved",
        "revise_draft": "Only an approved plan is revised", "return_without_reason": "Give the reason",
        "revise_without_reason": "Give the reason", "approve_at_boards_meeting": "Choose a meeting of the Business",
        "second_plan_for_the_period": "already has an action plan for 2016-18",
    }[wrong]
    action_plan = draft_plan(shape, actions=0 if wrong == "submit_empty" else 1)
    if wrong not in ("submit_empty", "approve_draft", "revise_draft", "second_plan_for_the_period"):
        services.action_plan_submit(action_plan=action_plan, by=shape["chair"])
    if wrong == "approve_twice":
        services.action_plan_approve(action_plan=action_plan, by=shape["bpg_member"])
    step = {
        "submit_empty": lambda: services.action_plan_submit(action_plan=action_plan, by=shape["chair"]),
        "submit_twice": lambda: services.action_plan_submit(action_plan=action_plan, by=shape["chair"]),
        "approve_draft": lambda: services.action_plan_approve(action_plan=action_plan, by=shape["bpg_member"]),
        "approve_twice": lambda: services.action_plan_approve(action_plan=action_plan, by=shape["bpg_member"]),
        "revise_draft": lambda: services.action_plan_revise(action_plan=action_plan, reason="Why", by=shape["chair"]),
        "return_without_reason": lambda: services.action_plan_return(action_plan=action_plan, reason=" ",
                                                                     by=shape["bpg_member"]),
        "revise_without_reason": lambda: services.action_plan_revise(action_plan=action_plan, reason="",
                                                                     by=shape["chair"]),
        "approve_at_boards_meeting": lambda: services.action_plan_approve(
            action_plan=action_plan, meeting=shape["board_meeting"], by=shape["bpg_member"]),
        "second_plan_for_the_period": lambda: services.action_plan_create(body=shape["sapp"], plan=shape["plan"],
                                                                          by=shape["chair"]),
    }[wrong]
    if wrong == "revise_without_reason":
        services.action_plan_approve(action_plan=action_plan, by=shape["bpg_member"])
    steps_before = action_plan.steps.count()
    with pytest.raises(ValidationError, match=expected):
        step()
    assert action_plan.steps.count() == steps_before


def test_the_chair_of_the_sub_group_does_not_approve_its_own_plan_through_her_derived_bpg_seat(shape):
    action_plan = draft_plan(shape)
    services.action_plan_submit(action_plan=action_plan, by=shape["chair"])
    with pytest.raises(NotAllowed, match="your own body's work"):
        services.action_plan_approve(action_plan=action_plan, by=shape["chair"])
    # The chair of another sub group, seated on the BPG the same way, approves it.
    services.action_plan_approve(action_plan=action_plan, by=shape["lnd_chair"])
    action_plan.refresh_from_db()
    assert action_plan.status == ActionPlanStatus.APPROVED


@pytest.mark.parametrize("who", ["owner", "stranger", "board_member"])
def test_only_the_approving_body_or_the_business_unit_approves(shape, who):
    action_plan = draft_plan(shape)
    services.action_plan_submit(action_plan=action_plan, by=shape["chair"])
    with pytest.raises(NotAllowed):
        services.action_plan_approve(action_plan=action_plan, by=shape[who])
    services.action_plan_approve(action_plan=action_plan, meeting=MeetingFactory(body=shape["bpg"]), by=shape["bu"])


@pytest.mark.parametrize("who", ["owner", "lnd_chair", "bpg_member", "stranger"])
def test_only_the_chair_or_the_business_unit_keeps_the_plan(shape, who):
    action_plan = draft_plan(shape)
    with pytest.raises(NotAllowed):
        services.action_add(action_plan=action_plan, data=action_data(shape), by=shape[who])
    with pytest.raises(NotAllowed):
        services.action_plan_submit(action_plan=action_plan, by=shape[who])
    services.action_add(action_plan=action_plan, data=action_data(shape), by=shape["bu"])
    assert action_plan.actions.count() == 2
