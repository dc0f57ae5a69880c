"""The administrator configures the plan in the admin too: every plan model's pages open."""

import pytest
from django.contrib import admin
from django.urls import reverse

from plan.models import Outcome, Plan, Priority
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# The action settings are one row made after migrate, changed but never added here (plan.apps).
PLAN_MODELS = [model for model in admin.site._registry if model._meta.app_label == "plan"
               and model.__name__ != "ActionSettings"]


def test_every_plan_model_is_in_the_admin():
    assert {m.__name__ for m in PLAN_MODELS} == {"Plan", "Priority", "Outcome", "Target", "EvidenceItem"}


@pytest.mark.parametrize("model", PLAN_MODELS, ids=lambda m: m.__name__)
def test_changelist_and_add_pages_open(client_for, model):
    client = client_for(UserFactory(is_staff=True, is_superuser=True))
    plan = Plan.objects.create(title="Plan 2016-18", first_year=2016, last_year=2018)
    priority = Priority.objects.create(plan=plan, number=1, statement="Keep children safe.")
    Outcome.objects.create(priority=priority, code="1.1", statement="Assured.", years=[2016])
    opts = model._meta
    assert client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add")).status_code == 200
