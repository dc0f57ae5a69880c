"""Each plan page answers in a number of queries that does not grow with the data (N rows against 5N)."""

import itertools

import pytest
from django.urls import reverse

from accountability.models import Body, BodyKind, Decision
from bscb.models import Theme
from plan.models import EvidenceItem, Outcome, Plan, Priority, Target
from tests.factories import MeetingFactory, business_unit
from tests.helpers.queries import assert_queries_do_not_grow
from tests.plan.factories import OutcomeFactory, PlanFactory, PriorityFactory

pytestmark = pytest.mark.django_db

_serial = itertools.count()


@pytest.fixture
def bu(client_for):
    # The business unit sees the most: every edit and history link.
    return client_for(business_unit())


def _themes(k):
    return Theme.objects.bulk_create([Theme(name=f"Theme q{next(_serial)}") for _ in range(k)])


def _bodies(k):
    kind, _ = BodyKind.objects.get_or_create(name="Query kind")
    n = [next(_serial) for _ in range(k)]
    return Body.objects.bulk_create([Body(kind=kind, name=f"Group q{i}", short_name=f"GQ{i}") for i in n])


def _outcomes(priority, k, **extra):
    return Outcome.objects.bulk_create([
        Outcome(priority=priority, code=f"{priority.number}.{next(_serial)}", statement="An outcome.",
                years=[2016, 2018], **extra)
        for _ in range(k)
    ])


def _tag(outcomes, themes):
    through = Outcome.themes.through
    through.objects.bulk_create([through(outcome=o, theme=t) for o in outcomes for t in themes])


def _evidence(outcomes, per_outcome, bodies):
    items = EvidenceItem.objects.bulk_create([
        EvidenceItem(outcome=o, text=f"Evidence {i}", responsibility="PMAE sub group")
        for o in outcomes for i in range(per_outcome)
    ])
    through = EvidenceItem.responsible_bodies.through
    through.objects.bulk_create([through(evidenceitem=e, body=b) for e in items for b in bodies])
    return items


def test_the_plan_list(bu):
    def add(k):
        plans = Plan.objects.bulk_create([
            Plan(title=f"Plan {next(_serial)}", first_year=2000 + i % 20, last_year=2002 + i % 20) for i in range(k)
        ])
        Priority.objects.bulk_create([Priority(plan=p, number=1, statement="A priority.") for p in plans])

    assert_queries_do_not_grow(bu, reverse("plan-list"), add, n=4)


def test_the_plan_page_with_many_priorities_and_outcomes(bu):
    plan = PlanFactory(introduction="One.\nTwo.", outstanding_traits="A\nB")
    PriorityFactory(plan=plan, number=1)

    def add(k):
        priorities = Priority.objects.bulk_create([
            Priority(plan=plan, number=next(_serial) + 2, statement="A priority.", focus_areas="A\nB",
                     business_as_usual="C\nD")
            for _ in range(k)
        ])
        for priority in priorities:
            _outcomes(priority, 3)

    assert_queries_do_not_grow(bu, plan.get_absolute_url(), add)


def test_a_priority_page_with_many_outcomes_themes_and_evidence(bu):
    priority = PriorityFactory(focus_areas="A\nB", narrative="C", business_as_usual="D")
    priority.themes.set(_themes(2))

    def add(k):
        outcomes = _outcomes(priority, k, responsibility="1. PMAE sub group\n2. L&D sub group")
        _tag(outcomes, _themes(2))
        _evidence(outcomes, 2, _bodies(2))

    assert_queries_do_not_grow(bu, priority.get_absolute_url(), add)


def test_an_outcome_page_with_many_targets_and_evidence_items(bu):
    outcome = OutcomeFactory(responsibility="PMAE sub group")

    def add(k):
        Target.objects.bulk_create([Target(outcome=outcome, text=f"Target {next(_serial)}") for _ in range(k)])
        _evidence([outcome], k, _bodies(2))
        _tag([outcome], _themes(1))

    assert_queries_do_not_grow(bu, outcome.get_absolute_url(), add)


def test_a_theme_page_with_many_tagged_outcomes_priorities_and_decisions(bu):
    theme = Theme.objects.create(name="Neglect")
    meeting = MeetingFactory(status="held")

    def add(k):
        plan = PlanFactory()
        priorities = Priority.objects.bulk_create([
            Priority(plan=plan, number=i + 1, statement="A priority.") for i in range(k)
        ])
        Priority.themes.through.objects.bulk_create([
            Priority.themes.through(priority=p, theme=theme) for p in priorities
        ])
        _tag(_outcomes(priorities[0], k), [theme])
        decisions = Decision.objects.bulk_create([
            Decision(meeting=meeting, text=f"Decision {i}", childrens_voice="informed") for i in range(k)
        ])
        Decision.themes.through.objects.bulk_create([Decision.themes.through(decision=d, theme=theme)
                                                     for d in decisions])

    assert_queries_do_not_grow(bu, reverse("theme-detail", args=[theme.pk]), add)
