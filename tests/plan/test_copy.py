"""Copying a plan as the draft of the next, from the plan's page."""

import pytest
from django.urls import reverse

from plan import services
from plan.models import EvidenceItem, Outcome, Plan, PlanStatus, Priority, Target
from tests.factories import business_unit
from tests.helpers.forms import post_form
from tests.plan.factories import bradford_excerpt

pytestmark = pytest.mark.django_db


@pytest.fixture
def made():
    return bradford_excerpt()


@pytest.fixture
def bu(client_for):
    return client_for(business_unit())


def _snapshot(plan):
    """Everything the plan holds, as values, to compare before and after."""
    priorities = list(Priority.objects.filter(plan=plan).order_by("number").values())
    outcomes = list(Outcome.objects.filter(priority__plan=plan).order_by("code").values())
    targets = list(Target.objects.filter(outcome__priority__plan=plan).order_by("pk").values())
    evidence = [
        (item.text, item.responsibility, sorted(b.pk for b in item.responsible_bodies.all()))
        for item in EvidenceItem.objects.filter(outcome__priority__plan=plan).order_by("pk")
    ]
    themes = sorted((o.code, t.pk) for o in Outcome.objects.filter(priority__plan=plan) for t in o.themes.all())
    return Plan.objects.filter(pk=plan.pk).values().get(), priorities, outcomes, targets, evidence, themes


def test_the_copy_page_says_what_is_copied(bu, made):
    page = bu.get(reverse("plan-copy", args=[made["plan"].pk])).content.decode()
    assert "2 priorities" in page and "2 outcomes" in page
    assert "2 targets" in page and "2 evidence items" in page
    assert "Due dates are not copied" in page
    assert 'value="2019"' in page and 'value="2021"' in page  # the next period is offered


def test_copying_makes_a_draft_with_everything_years_shifted_and_no_due_dates(bu, made):
    old = made["plan"]
    before = _snapshot(old)
    response = post_form(bu, reverse("plan-copy", args=[old.pk]),
                       {"title": "Safeguarding plan 2019 to 2021", "first_year": "2019", "last_year": "2021"})
    new = Plan.objects.exclude(pk=old.pk).get()
    assert response.status_code == 302 and response["Location"] == new.get_absolute_url()
    assert (new.title, new.status, new.copied_from) == ("Safeguarding plan 2019 to 2021", PlanStatus.DRAFT, old)
    assert (new.vision, new.introduction, new.outstanding_traits) == (old.vision, old.introduction,
                                                                      old.outstanding_traits)
    # Every priority, outcome, target and evidence item, in the plan's words.
    assert [(p.number, p.statement, p.focus_areas, p.narrative, p.business_as_usual)
            for p in new.priorities.order_by("number")] == [
        (p.number, p.statement, p.focus_areas, p.narrative, p.business_as_usual)
        for p in old.priorities.order_by("number")]
    new_outcomes = {o.code: o for o in Outcome.objects.filter(priority__plan=new)}
    assert set(new_outcomes) == {"1.2", "1.4"}
    assert new_outcomes["1.2"].years == [2019, 2020, 2021]
    assert new_outcomes["1.4"].years == [2019]
    assert new_outcomes["1.2"].statement == made["o12"].statement
    assert new_outcomes["1.2"].responsibility == "1. PMAE sub group\n2. L&D sub group"
    assert list(new_outcomes["1.2"].themes.all()) == [made["neglect"]]
    assert list(new.priorities.get(number=1).themes.all()) == [made["neglect"]]
    targets = list(new_outcomes["1.2"].targets.all())
    assert [t.text for t in targets] == [t.text for t in made["o12"].targets.all()]
    assert all(t.due_date is None for t in targets)
    evidence = list(new_outcomes["1.2"].evidence.all())
    assert [(e.text, e.responsibility) for e in evidence] == [
        (e.text, e.responsibility) for e in made["o12"].evidence.all()]
    assert [list(e.responsible_bodies.all()) for e in evidence] == [[made["pmae"]], [made["ld"]]]
    # The original is unchanged.
    assert _snapshot(old) == before


def test_the_new_draft_opens_with_the_copied_outcomes(bu, made):
    post_form(bu, reverse("plan-copy", args=[made["plan"].pk]),
            {"title": "Next plan", "first_year": "2019", "last_year": "2021"})
    new = Plan.objects.get(title="Next plan")
    page = bu.get(new.get_absolute_url()).content.decode()
    assert "Draft" in page and "Runs in 2019, 2020, 2021" in page


def test_a_closed_plan_can_be_copied(bu, made):
    Plan.objects.filter(pk=made["plan"].pk).update(status=PlanStatus.CLOSED)
    response = post_form(bu, reverse("plan-copy", args=[made["plan"].pk]),
                       {"title": "Next plan", "first_year": "2019", "last_year": "2020"})
    assert response.status_code == 302
    new = Plan.objects.get(title="Next plan")
    assert Outcome.objects.get(priority__plan=new, code="1.2").years == [2019, 2020]


def test_a_copy_whose_last_year_is_before_its_first_is_refused_and_nothing_is_made(bu, made):
    response = post_form(bu, reverse("plan-copy", args=[made["plan"].pk]),
                       {"title": "Next plan", "first_year": "2021", "last_year": "2019"})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_last_year-error"' in page and services.LAST_YEAR_BEFORE_FIRST in page
    assert 'value="Next plan"' in page
    assert Plan.objects.count() == 1 and Priority.objects.count() == 2


def test_a_copy_without_a_title_is_refused(bu, made):
    response = post_form(bu, reverse("plan-copy", args=[made["plan"].pk]),
                       {"title": "", "first_year": "2019", "last_year": "2021"})
    assert "Enter the plan&#x27;s title" in response.content.decode()
    assert Plan.objects.count() == 1


def test_a_redaction_finds_the_text_in_the_plans_copied_from_it_and_says_so():
    """The copy is text the app copied into other records (issue 12 §4): a redaction in the old plan's
    target reaches the next plan's copy of it, and the one copied from that, and lists them; a plan not
    copied from it keeps its own text."""
    from bscb import redaction

    made = bradford_excerpt()
    target = made["o12"].targets.get(order=1)
    Target.objects.filter(pk=target.pk).update(text="Audit the case of Jayden Smith first.")  # typed in error
    officer = business_unit()
    nxt = services.plan_copy(plan=made["plan"], title="Plan 2019-21", first_year=2019, last_year=2021, by=officer)
    after = services.plan_copy(plan=nxt, title="Plan 2022-24", first_year=2022, last_year=2024, by=officer)
    unrelated = Plan.objects.create(title="Another plan", first_year=2019, last_year=2021)
    moved = Target.objects.get(outcome__priority__plan=nxt, order=1)
    moved.text, moved.order = "Jayden Smith: audit.", 9  # the next plan's editor reworded and moved it
    moved.save()
    other = Target.objects.create(outcome=Outcome.objects.create(
        priority=Priority.objects.create(plan=unrelated, number=1, statement="S."), code="1.1", statement="S."),
        text="Jayden Smith again.")

    done = redaction.record_redact(record=target, field="text", text="Jayden Smith", reason="A child's name",
                                   by=officer)
    holding = [t.outcome.priority.plan.title for t in Target.objects.filter(text__contains="Jayden")]
    assert holding == ["Another plan"] and Target.objects.get(pk=other.pk).text == "Jayden Smith again."
    assert not Target.history.filter(id__in=[target.pk, moved.pk], text__contains="Jayden").exists()
    assert Target.objects.get(outcome__priority__plan=after, order=1).text == "Audit the case of [redacted] first."
    assert "Target “[redacted]: audit.”, “Text”: the record and 2 versions in its history" in done.places
