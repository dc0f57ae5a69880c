"""`seed_scale` adds 3,000 actions per factor (issue 16 §6): an approved action plan of 50 actions for each of
the factor's 10 seeded bodies and 250 more each arising from its decisions, in every state; idempotent."""

import pytest
from django.db.models import Count

from accountability.seed import seed as seed_structure
from plan.action_models import Action, ActionPlan, ActionStatus
from plan.action_seed import seed
from plan.seed import seed as seed_plans

pytestmark = pytest.mark.django_db


def test_factor_one_gives_ten_plans_and_three_thousand_actions_and_a_second_run_adds_nothing():
    seed_structure(1)
    seed_plans(1)
    assert seed(1) == {"action plans": 10, "actions": 3000}
    assert Action.objects.count() == 3000
    assert set(ActionPlan.objects.annotate(n=Count("actions")).values_list("n", flat=True)) == {50}
    assert Action.objects.filter(action_plan__isnull=True, decision__isnull=False).count() == 2500
    assert set(Action.objects.values_list("status", flat=True)) == set(ActionStatus.values)
    assert not Action.objects.filter(outcomes=None).exists()
    assert seed(1) == {"action plans": 0, "actions": 0}
    assert Action.objects.count() == 3000
