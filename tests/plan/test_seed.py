"""`seed_scale --factor N` adds plans at scale (10 plans x 3 priorities x 10 outcomes at factor 10),
each evidence item the responsibility of seeded bodies, and tops up idempotently."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count

from accountability.seed import seed as seed_structure
from plan.models import EvidenceItem, Outcome, Plan, PlanStatus, Priority, Target
from plan.seed import seed

pytestmark = pytest.mark.django_db


def seeded():
    plans = Plan.objects.filter(title__startswith="Seeded plan ")
    return {
        "plans": plans.count(),
        "priorities": Priority.objects.filter(plan__in=plans).count(),
        "outcomes": Outcome.objects.filter(priority__plan__in=plans).count(),
        "targets": Target.objects.filter(outcome__priority__plan__in=plans).count(),
        "evidence items": EvidenceItem.objects.filter(outcome__priority__plan__in=plans).count(),
    }


def test_factor_ten_gives_ten_plans_of_three_priorities_of_ten_outcomes():
    seed_structure(1)  # the seeded bodies and themes the plans link to
    counts = seed(10)
    assert seeded() == counts == {
        "plans": 10, "priorities": 30, "outcomes": 300, "targets": 900, "evidence items": 900,
    }
    per_plan = Plan.objects.annotate(n=Count("priorities__outcomes"))
    assert set(per_plan.values_list("n", flat=True)) == {30}
    per_outcome = Outcome.objects.annotate(t=Count("targets", distinct=True), e=Count("evidence", distinct=True))
    assert set(per_outcome.values_list("t", "e")) == {(3, 3)}
    # Every evidence item is the responsibility of two seeded bodies; every outcome has a theme.
    links = EvidenceItem.objects.annotate(n=Count("responsible_bodies"))
    assert set(links.values_list("n", flat=True)) == {2}
    assert set(EvidenceItem.responsible_bodies.through.objects.values_list("body__kind__name", flat=True)) == {
        "Seeded group"}
    assert not Outcome.objects.filter(themes__isnull=True).exists()
    # Outcomes' years and targets' dates lie within their plan's years.
    for outcome in Outcome.objects.select_related("priority__plan").prefetch_related("targets"):
        plan = outcome.priority.plan
        assert outcome.years and set(outcome.years) <= set(plan.years)
        assert all(plan.first_year <= t.due_date.year <= plan.last_year for t in outcome.targets.all() if t.due_date)


def test_a_second_run_adds_nothing_and_a_higher_factor_tops_up():
    seed_structure(1)
    call_command("seed_scale", "--factor", "1", stdout=StringIO())
    first = seeded()
    assert first == {"plans": 1, "priorities": 3, "outcomes": 30, "targets": 90, "evidence items": 90}
    out = StringIO()
    call_command("seed_scale", "--factor", "1", stdout=out)
    assert seeded() == first
    assert "0 plans, 0 priorities, 0 outcomes, 0 targets, 0 evidence items" in out.getvalue()
    assert seed(3)["plans"] == 2
    assert seeded() == {what: 3 * n for what, n in first.items()}


def test_the_first_seeded_plan_is_in_force_when_no_plan_is():
    seed(2)
    assert list(Plan.objects.filter(status=PlanStatus.ACTIVE).values_list("title", flat=True)) == ["Seeded plan 0"]


def test_a_plan_in_force_stays_the_only_one():
    bradford = Plan.objects.create(title="Bradford", first_year=2016, last_year=2018, status=PlanStatus.ACTIVE)
    seed(2)
    assert list(Plan.objects.filter(status=PlanStatus.ACTIVE)) == [bradford]


def test_without_seeded_bodies_the_plans_are_still_made():
    assert seed(1)["evidence items"] == 90
    assert not EvidenceItem.responsible_bodies.through.objects.exists()
