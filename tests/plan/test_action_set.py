"""Issue 16 §2: an action with no plan, arising from a meeting's decision or a log entry, or set by the BPG or
the Board (the Board's remedial actions), through its page: by the business unit for any body, by a chair for
her own bodies only; what it arises from comes with the link and is shown on the action's page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from plan.action_models import Action, ActionStepKind
from tests.helpers.forms import error_summary, opened, post_form
from tests.plan.action_shape import action_shape

pytestmark = pytest.mark.django_db


@pytest.fixture
def shape():
    return action_shape()


def _data(shape, body, **more):
    soon = timezone.localdate() + datetime.timedelta(days=45)
    return {"body": str(body.pk), "description": "Remedial: audit the front door's thresholds.",
            "owner": str(shape["owner"].pk), "organisation": str(shape["police"].pk),
            "due_on_0": str(soon.day), "due_on_1": str(soon.month), "due_on_2": str(soon.year),
            "success_measure": "The audit reaches the Board.", "outcomes": [str(shape["outcome"].pk)], **more}


def test_the_business_unit_sets_the_boards_remedial_action_arising_from_a_log_entry(shape, client_for):
    from accountability.models import BodyFunction, Function
    from challenge_log import services as log_services

    BodyFunction.objects.create(body=shape["bpg"], function=Function.HOLDS_LOG)
    entry = log_services.entry_raise(data={
        "kind": "risk", "title": "Front door thresholds", "description": "Referrals bounce back.",
        "raised_by_body": shape["bpg"], "likelihood": 4, "impact": 4}, by=shape["bpg_member"])
    bu = client_for(shape["bu"])
    url = f"{reverse('action-set')}?entry={entry.pk}"
    page = bu.get(url).content.decode()
    assert f"Arising from {entry}" in page
    response = post_form(bu, url, _data(shape, shape["board"]))
    action = Action.objects.get()
    assert response.status_code == 302 and response["Location"] == action.get_absolute_url()
    assert (action.body, action.entry, action.action_plan) == (shape["board"], entry, None)
    step = action.steps.get()
    assert step.kind == ActionStepKind.CREATED and step.comment == f"From {entry.reference}."
    assert entry.reference in bu.get(action.get_absolute_url()).content.decode()


def test_a_chair_sets_actions_for_her_own_body_only(shape, client_for):
    chair = client_for(shape["chair"])
    page = chair.get(reverse("action-set")).content.decode()
    assert "SAPP sub group" in page and "Safeguarding Board" not in page
    response = post_form(chair, reverse("action-set"), _data(shape, shape["board"]))
    assert response.status_code == 200 and "Select a valid choice" in error_summary(response.content.decode())
    assert not Action.objects.exists()
    assert post_form(chair, reverse("action-set"), _data(shape, shape["sapp"])).status_code == 302
    assert Action.objects.get().body == shape["sapp"]


def test_bad_input_is_explained_and_what_was_typed_is_kept_and_a_double_post_sets_one_action(shape, client_for):
    bu = client_for(shape["bu"])
    response = post_form(bu, reverse("action-set"), _data(shape, shape["board"], success_measure=""))
    page = response.content.decode()
    assert "Say how success will be measured" in error_summary(page)
    assert "Remedial: audit the front door&#x27;s thresholds." in page
    data = {**opened(bu, reverse("action-set")), **_data(shape, shape["board"])}
    first = bu.post(reverse("action-set"), data)
    second = bu.post(reverse("action-set"), data)
    assert first.status_code == second.status_code == 302
    assert Action.objects.count() == 1


def test_someone_who_chairs_nothing_is_refused_and_not_offered_the_link(shape, client_for):
    owner = client_for(shape["owner"])
    assert owner.get(reverse("action-set")).status_code == 403
    assert owner.post(reverse("action-set"), _data(shape, shape["sapp"])).status_code == 403
    assert "Set an action outside an action plan" not in owner.get(reverse("action-list")).content.decode()
    assert "Set an action outside an action plan" in client_for(shape["bu"]).get(reverse("action-list")) \
        .content.decode()
