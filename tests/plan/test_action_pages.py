"""Issue 16 §5 through the pages: a chair drafts and submits her sub group's plan, a BPG member from another sub
group approves it, each reader sees only the steps open to them; bad input is explained beside its field with
what was typed kept; a refused step says why."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from plan import action_services as services
from plan.action_models import ActionPlanStatus, ActionStatus
from tests.helpers.forms import error_summary, post_form
from tests.plan.action_shape import action_shape, draft_plan, proposed_action

pytestmark = pytest.mark.django_db


@pytest.fixture
def shape():
    return action_shape()


def _day_fields(day, name):
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def test_a_chair_drafts_submits_and_another_sub_groups_chair_approves_through_the_pages(shape, client_for):
    from plan.models import PlanStatus

    type(shape["plan"]).objects.filter(pk=shape["plan"].pk).update(status=PlanStatus.ACTIVE)
    chair = client_for(shape["chair"])
    response = post_form(chair, reverse("action-plan-create", args=[shape["sapp"].pk]), {})
    action_plan = shape["sapp"].action_plans.get()
    assert response["Location"] == action_plan.get_absolute_url()
    soon = timezone.localdate() + datetime.timedelta(days=40)
    response = post_form(chair, reverse("action-add", args=[action_plan.pk]), {
        "description": "Audit escalations.", "owner": str(shape["owner"].pk), **_day_fields(soon, "due_on"),
        "success_measure": "All agencies report.", "outcomes": [str(shape["outcome"].pk)]})
    assert response.status_code == 302, error_summary(response.content.decode())
    post_form(chair, reverse("action-plan-submit", args=[action_plan.pk]), {})
    page = client_for(shape["lnd_chair"]).get(action_plan.get_absolute_url()).content.decode()
    assert "Approve the plan" in page and "Audit escalations." in page
    # Her own plan: the chair, on the BPG by a derived seat, is offered no approval, and the page refuses her.
    assert "Approve the plan" not in chair.get(action_plan.get_absolute_url()).content.decode()
    assert chair.get(reverse("action-plan-approve", args=[action_plan.pk])).status_code == 403
    response = post_form(client_for(shape["lnd_chair"]), reverse("action-plan-approve", args=[action_plan.pk]),
                         {"comment": "Approved."})
    action_plan.refresh_from_db()
    assert action_plan.status == ActionPlanStatus.APPROVED


def test_bad_input_is_explained_beside_the_field_and_what_was_typed_is_kept(shape, client_for):
    action_plan = draft_plan(shape, actions=0)
    past = timezone.localdate() - datetime.timedelta(days=3)
    response = post_form(client_for(shape["chair"]), reverse("action-add", args=[action_plan.pk]), {
        "description": "Audit escalations in schools.", **_day_fields(past, "due_on"), "success_measure": ""})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Say how success will be measured" in error_summary(page)
    assert "Audit escalations in schools." in page
    response = post_form(client_for(shape["chair"]), reverse("action-add", args=[action_plan.pk]), {
        "description": "Audit escalations in schools.", **_day_fields(past, "due_on"), "success_measure": "Done."})
    assert "The due date must be today or later." in error_summary(response.content.decode())
    assert not action_plan.actions.exists()


def test_a_wrong_state_is_a_clear_refusal_not_a_server_error(shape, client_for):
    action = proposed_action(shape)
    bpg = client_for(shape["bpg_member"])
    url = reverse("action-sign-off", args=[action.pk])
    opened = bpg.get(url)
    services.action_sign_off(action=action, by=shape["bpg_chair"])  # someone else signs it off meanwhile
    from tests.helpers.forms import hidden_fields

    response = bpg.post(url, {**hidden_fields(opened.content.decode()), "comment": "Yes."})
    assert response.status_code == 403  # the step is no longer open to anyone: signed off once
    action.refresh_from_db()
    assert action.status == ActionStatus.SIGNED_OFF and action.steps.filter(kind="signed_off").count() == 1


def test_each_reader_sees_only_the_steps_open_to_them(shape, client_for):
    action = proposed_action(shape)
    url = action.get_absolute_url()
    assert "Sign it off" in client_for(shape["bpg_member"]).get(url).content.decode()
    for who in ("chair", "owner", "board_member"):
        assert "Sign it off" not in client_for(shape[who]).get(url).content.decode(), who
    services.action_sign_off(action=action, by=shape["bpg_member"])
    assert "Record its ratification" in client_for(shape["board_member"]).get(url).content.decode()
    assert "Record its ratification" not in client_for(shape["bpg_member"]).get(url).content.decode()


def test_the_list_filters_by_overdue_and_status(shape, client_for):
    from plan.action_models import Action
    from tests.plan.action_shape import approved_plan

    first, second = approved_plan(shape, actions=2).actions.order_by("pk")
    Action.objects.filter(pk=first.pk).update(due_on=timezone.localdate() - datetime.timedelta(days=2))
    reader = client_for(shape["stranger"])
    page = reader.get(reverse("action-list"), {"overdue": "true"}).content.decode()
    assert f">{first.reference}<" in page and f">{second.reference}<" not in page
    page = reader.get(reverse("action-list"), {"status": "closed"}).content.decode()
    assert "No actions match these filters." in page


def test_the_sign_off_queue_lists_the_oldest_and_links_to_them_all(shape, client_for):
    from plan.action_models import Action
    from plan.action_selectors import QUEUE_SHOWN
    from tests.plan.action_shape import approved_plan

    action_plan = approved_plan(shape, actions=QUEUE_SHOWN + 1)
    Action.objects.filter(action_plan=action_plan).update(status=ActionStatus.PROPOSED)
    page = client_for(shape["lnd_chair"]).get(reverse("action-queue")).content.decode()
    assert f"The {QUEUE_SHOWN} waiting longest of {QUEUE_SHOWN + 1}." in page
    assert page.count('<tr class="govuk-table__row">') - 1 == QUEUE_SHOWN  # less the header row
    assert f'{reverse("action-list")}?status=proposed">See every action proposed complete' in page
