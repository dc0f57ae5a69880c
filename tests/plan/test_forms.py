"""The business unit's forms for the plan: each saves through its service, and each refusal appears
beside its field (or above the form) with everything typed kept."""

import datetime

import pytest
from django.urls import reverse

from plan import services
from plan.models import EvidenceItem, Outcome, Plan, PlanStatus, Priority, Target
from tests.factories import BodyFactory, ThemeFactory, business_unit
from tests.forms.html_tree import parse
from tests.helpers.forms import post_form
from tests.plan.factories import (
    EvidenceItemFactory,
    OutcomeFactory,
    PlanFactory,
    PriorityFactory,
    TargetFactory,
    bradford_excerpt,
)

pytestmark = pytest.mark.django_db


class Page:
    def __init__(self, response):
        assert response.status_code == 200, response.status_code
        self.html = response.content.decode()
        self.doc = parse(self.html)

    def error(self, field: str) -> str | None:
        element = self.doc.find("p", id=f"id_{field}-error")
        return element.text.removeprefix("Error:").strip() if element else None

    def summary(self) -> list[str]:
        box = self.doc.find("div", class_="govuk-error-summary")
        return [li.text for li in box.find_all("li")] if box else []

    def value(self, name: str) -> str | None:
        element = self.doc.find("input", name=name) or self.doc.find("textarea", name=name)
        if element is None:
            return None
        return element.raw_text.strip() if element.tag == "textarea" else element.attrs.get("value", "")

    def checked(self, name: str) -> list[str]:
        return [i.attrs["value"] for i in self.doc.find_all("input", name=name) if "checked" in i.attrs]

    def options(self, name: str) -> list[str]:
        return [i.attrs["value"] for i in self.doc.find_all("input", name=name)]

    def title(self) -> str:
        return self.doc.find("title").text


@pytest.fixture
def bu_user(db):
    return business_unit()


@pytest.fixture
def bu(client_for, bu_user):
    return client_for(bu_user)


PLAN_DATA = {
    "title": "Safeguarding plan 2019 to 2021", "first_year": "2019", "last_year": "2021",
    "vision": "Children are safe.", "introduction": "First paragraph.\nSecond paragraph.",
    "outstanding_traits": "Challenges\nListens",
}


# Plans
def test_starting_a_plan_creates_a_draft(bu, bu_user):
    response = post_form(bu, reverse("plan-create"), PLAN_DATA)
    plan = Plan.objects.get()
    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    assert plan.status == PlanStatus.DRAFT
    assert (plan.first_year, plan.last_year, plan.vision) == (2019, 2021, "Children are safe.")
    assert plan.introduction == "First paragraph.\nSecond paragraph."
    assert plan.created_by == bu_user
    assert plan.history.first().history_user == bu_user


def test_the_plan_form_warns_against_identifying_a_child(bu):
    page = Page(bu.get(reverse("plan-create")))
    assert "Do not write anything that could identify a child or family" in page.html
    assert page.doc.find("main").find("form").attrs.get("novalidate") == ""


def test_a_plan_whose_last_year_is_before_its_first_is_refused_beside_the_field(bu):
    page = Page(post_form(bu, reverse("plan-create"), {**PLAN_DATA, "first_year": "2021", "last_year": "2019"}))
    assert page.error("last_year") == services.LAST_YEAR_BEFORE_FIRST
    assert page.title().startswith("Error: ")
    assert page.value("title") == PLAN_DATA["title"]
    assert page.value("introduction") == PLAN_DATA["introduction"]
    assert not Plan.objects.exists()


def test_a_plan_without_title_or_years_is_refused(bu):
    page = Page(post_form(bu, reverse("plan-create"), {**PLAN_DATA, "title": "", "first_year": "", "last_year": "18"}))
    assert page.error("title") == "Enter the plan's title"
    assert page.error("first_year") == "Enter the first year"
    assert page.error("last_year") == "The last year must be 1990 or later"
    assert page.value("vision") == "Children are safe."
    assert not Plan.objects.exists()


def test_changing_a_plan(bu):
    plan = PlanFactory(title="Old title")
    page = Page(bu.get(reverse("plan-edit", args=[plan.pk])))
    assert page.value("title") == "Old title"
    response = post_form(bu, reverse("plan-edit", args=[plan.pk]), PLAN_DATA)
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.title == PLAN_DATA["title"] and plan.outstanding_traits == "Challenges\nListens"


def test_a_closed_plan_cannot_be_changed(bu):
    plan = PlanFactory(title="Old title", status=PlanStatus.CLOSED)
    assert services.CLOSED_PLAN_EDIT in Page(bu.get(reverse("plan-edit", args=[plan.pk]))).html
    page = Page(post_form(bu, reverse("plan-edit", args=[plan.pk]), PLAN_DATA))
    assert services.CLOSED_PLAN_EDIT in page.summary()
    assert page.value("title") == PLAN_DATA["title"]
    plan.refresh_from_db()
    assert plan.title == "Old title"


# Priorities
def _priority_data(**extra):
    return {"number": "2", "title": "Accountability", "statement": "By ensuring strong arrangements.",
            "focus_areas": "Develop a communication strategy.\nDemonstrate decisions are informed.",
            "narrative": "", "business_as_usual": "", **extra}


def test_adding_a_priority_with_its_themes(bu):
    plan = PlanFactory()
    PriorityFactory(plan=plan, number=1)
    neglect = ThemeFactory(name="Neglect")
    page = Page(bu.get(reverse("priority-create", args=[plan.pk])))
    assert page.value("number") == "2"  # the next number is offered
    response = post_form(bu, reverse("priority-create", args=[plan.pk]), _priority_data(themes=[neglect.pk]))
    priority = Priority.objects.get(plan=plan, number=2)
    assert response.status_code == 302 and response["Location"] == priority.get_absolute_url()
    assert priority.focus_areas == "Develop a communication strategy.\nDemonstrate decisions are informed."
    assert list(priority.themes.all()) == [neglect]


def test_a_duplicate_priority_number_is_refused_beside_the_field(bu):
    plan = PlanFactory()
    PriorityFactory(plan=plan, number=2, statement="The first one.")
    page = Page(post_form(bu, reverse("priority-create", args=[plan.pk]), _priority_data()))
    assert page.error("number") == services.DUPLICATE_PRIORITY.format(number=2)
    assert page.value("statement") == "By ensuring strong arrangements."
    assert Priority.objects.filter(plan=plan).count() == 1


def test_a_priority_without_a_statement_is_refused(bu):
    plan = PlanFactory()
    page = Page(post_form(bu, reverse("priority-create", args=[plan.pk]), _priority_data(statement="")))
    assert page.error("statement") == "Enter the statement"
    assert page.value("title") == "Accountability"


def test_changing_a_priority_and_its_themes(bu):
    priority = PriorityFactory(number=3)
    old, new = ThemeFactory(name="Neglect"), ThemeFactory(name="Domestic abuse")
    priority.themes.set([old])
    page = Page(bu.get(reverse("priority-edit", args=[priority.pk])))
    assert page.checked("themes") == [str(old.pk)]
    data = _priority_data(number="3", narrative="Planning is vital.", business_as_usual="The PMAE dataset.",
                          themes=[new.pk])
    assert post_form(bu, reverse("priority-edit", args=[priority.pk]), data).status_code == 302
    priority.refresh_from_db()
    assert priority.narrative == "Planning is vital." and priority.business_as_usual == "The PMAE dataset."
    assert list(priority.themes.all()) == [new]


def test_a_priority_of_a_closed_plan_is_not_changed(bu):
    priority = PriorityFactory(plan=PlanFactory(status=PlanStatus.CLOSED), number=1, statement="As it was.")
    page = Page(post_form(bu, reverse("priority-edit", args=[priority.pk]), _priority_data(number="1")))
    assert services.CLOSED_PLAN_EDIT in page.summary()
    priority.refresh_from_db()
    assert priority.statement == "As it was."


# Outcomes
def _outcome_data(**extra):
    return {"code": "1.3", "order": "3", "statement": "The Board is assured.", "years": ["2016", "2017"],
            "responsibility": "1. PMAE sub group\n2. JTAI self-assessment group", **extra}


def test_adding_an_outcome_with_years_and_themes(bu):
    priority = PriorityFactory()
    theme = ThemeFactory(name="Domestic abuse")
    page = Page(bu.get(reverse("outcome-create", args=[priority.pk])))
    assert page.options("years") == ["2016", "2017", "2018"]
    response = post_form(bu, reverse("outcome-create", args=[priority.pk]), _outcome_data(themes=[theme.pk]))
    outcome = Outcome.objects.get(priority=priority)
    assert response.status_code == 302 and response["Location"] == outcome.get_absolute_url()
    assert outcome.years == [2016, 2017]
    assert outcome.responsibility == "1. PMAE sub group\n2. JTAI self-assessment group"
    assert list(outcome.themes.all()) == [theme]


def test_a_duplicate_outcome_code_is_refused_beside_the_field(bu):
    priority = PriorityFactory()
    OutcomeFactory(priority=priority, code="1.3")
    page = Page(post_form(bu, reverse("outcome-create", args=[priority.pk]), _outcome_data()))
    assert page.error("code") == services.DUPLICATE_OUTCOME.format(code="1.3")
    assert page.checked("years") == ["2016", "2017"]
    assert page.value("statement") == "The Board is assured."
    assert priority.outcomes.count() == 1


def test_a_year_outside_the_plan_is_refused(bu):
    priority = PriorityFactory()
    page = Page(post_form(bu, reverse("outcome-create", args=[priority.pk]), _outcome_data(years=["2019"])))
    assert page.error("years") == "Choose years from the list"
    assert not priority.outcomes.exists()


def test_years_left_outside_a_shortened_plan_are_explained(bu):
    plan = PlanFactory(first_year=2016, last_year=2018)
    outcome = OutcomeFactory(priority=PriorityFactory(plan=plan), code="1.1", years=[2016, 2018])
    Plan.objects.filter(pk=plan.pk).update(last_year=2017)
    page = Page(bu.get(reverse("outcome-edit", args=[outcome.pk])))
    assert page.options("years") == ["2016", "2017", "2018"] and page.checked("years") == ["2016", "2018"]
    page = Page(post_form(bu, reverse("outcome-edit", args=[outcome.pk]),
                          _outcome_data(code="1.1", years=["2016", "2018"])))
    assert page.error("years") == services.YEAR_OUTSIDE_PLAN.format(first=2016, last=2017)
    outcome.refresh_from_db()
    assert outcome.statement != "The Board is assured."


def test_changing_an_outcome(bu):
    outcome = OutcomeFactory(code="2.2", years=[2017])
    response = post_form(bu, reverse("outcome-edit", args=[outcome.pk]),
                       _outcome_data(code="2.2", years=["2017", "2018"], statement="A Communication Strategy."))
    assert response.status_code == 302
    outcome.refresh_from_db()
    assert outcome.years == [2017, 2018] and outcome.statement == "A Communication Strategy."


def test_an_outcome_without_code_or_statement_is_refused(bu):
    priority = PriorityFactory()
    page = Page(post_form(bu, reverse("outcome-create", args=[priority.pk]), _outcome_data(code="", statement="")))
    assert page.error("code") == "Enter the outcome's number, for example 1.2"
    assert page.error("statement") == "Enter the statement"
    assert page.value("responsibility") == "1. PMAE sub group\n2. JTAI self-assessment group"


# Targets
def test_adding_a_target_with_a_due_date(bu):
    outcome = OutcomeFactory()
    TargetFactory(outcome=outcome, order=1)
    response = post_form(bu, reverse("target-create", args=[outcome.pk]), {
        "text": "Children subject to neglect challenge panel 27 April 2017",
        "due_date_0": "27", "due_date_1": "4", "due_date_2": "2017",
    })
    assert response.status_code == 302 and response["Location"] == outcome.get_absolute_url()
    target = outcome.targets.get(text__startswith="Children subject")
    assert target.due_date == datetime.date(2017, 4, 27)
    assert target.order == 2  # after the ones already there


def test_a_target_needs_no_due_date(bu):
    outcome = OutcomeFactory()
    response = post_form(bu, reverse("target-create", args=[outcome.pk]),
                       {"text": "Quarterly challenge panels", "due_date_0": "", "due_date_1": "", "due_date_2": ""})
    assert response.status_code == 302
    assert outcome.targets.get().due_date is None


def test_a_target_with_an_impossible_date_is_refused(bu):
    outcome = OutcomeFactory()
    page = Page(post_form(bu, reverse("target-create", args=[outcome.pk]),
                        {"text": "Report to the Board", "due_date_0": "31", "due_date_1": "2", "due_date_2": "2017"}))
    assert page.error("due_date") == "The due date must be a real date"
    assert page.value("text") == "Report to the Board"
    assert page.value("due_date_0") == "31"
    assert not Target.objects.exists()


def test_a_target_without_text_is_refused(bu):
    outcome = OutcomeFactory()
    page = Page(post_form(bu, reverse("target-create", args=[outcome.pk]), {"text": ""}))
    assert page.error("text") == "Enter the text as the plan words it"


def test_changing_a_target_and_removing_its_due_date(bu):
    target = TargetFactory(text="February 2017", due_date=datetime.date(2017, 2, 28))
    page = Page(bu.get(reverse("target-edit", args=[target.pk])))
    assert page.value("due_date_0") == "28" and page.value("due_date_2") == "2017"
    response = post_form(bu, reverse("target-edit", args=[target.pk]),
                       {"text": "February 2017.", "due_date_0": "", "due_date_1": "", "due_date_2": ""})
    assert response.status_code == 302 and response["Location"] == target.outcome.get_absolute_url()
    target.refresh_from_db()
    assert (target.text, target.due_date) == ("February 2017.", None)


def test_a_target_of_a_closed_plan_is_not_changed(bu):
    plan = PlanFactory(status=PlanStatus.CLOSED)
    target = TargetFactory(outcome=OutcomeFactory(priority=PriorityFactory(plan=plan)), text="As it was.")
    page = Page(post_form(bu, reverse("target-edit", args=[target.pk]), {"text": "Changed."}))
    assert services.CLOSED_PLAN_EDIT in page.summary()
    assert page.value("text") == "Changed."
    target.refresh_from_db()
    assert target.text == "As it was."


# Evidence
def test_adding_an_evidence_item_with_its_bodies(bu):
    made = bradford_excerpt()
    closed = BodyFactory(name="A closed group", active_to=datetime.date(2017, 1, 1))
    outcome = made["o12"]
    page = Page(bu.get(reverse("evidence-create", args=[outcome.pk])))
    offered = page.options("responsible_bodies")
    assert str(made["pmae"].pk) in offered and str(made["ld"].pk) in offered
    assert str(closed.pk) not in offered
    assert "Performance Management, Audit and Evaluation sub group (PMAE)" in page.html
    response = post_form(bu, reverse("evidence-create", args=[outcome.pk]), {
        "text": "3. Re-audit of neglect cases.", "responsibility": "PMAE sub group and L&D sub group",
        "responsible_bodies": [made["pmae"].pk, made["ld"].pk],
    })
    assert response.status_code == 302 and response["Location"] == outcome.get_absolute_url()
    item = outcome.evidence.get(text="3. Re-audit of neglect cases.")
    assert set(item.responsible_bodies.all()) == {made["pmae"], made["ld"]}
    assert item.order == 3


def test_changing_an_evidence_item_keeps_a_body_that_has_since_closed(bu):
    closed = BodyFactory(name="A closed group", active_to=datetime.date(2017, 1, 1))
    other = BodyFactory(name="An open group")
    item = EvidenceItemFactory(text="Minutes", bodies=[closed])
    page = Page(bu.get(reverse("evidence-edit", args=[item.pk])))
    assert page.checked("responsible_bodies") == [str(closed.pk)]
    response = post_form(bu, reverse("evidence-edit", args=[item.pk]), {
        "text": "DAG sub group minutes", "responsibility": "DAG sub group",
        "responsible_bodies": [closed.pk, other.pk],
    })
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.text == "DAG sub group minutes"
    assert set(item.responsible_bodies.all()) == {closed, other}


def test_an_evidence_item_without_text_is_refused(bu):
    outcome = OutcomeFactory()
    page = Page(post_form(bu, reverse("evidence-create", args=[outcome.pk]),
                          {"text": "", "responsibility": "BSCB Board"}))
    assert page.error("text") == "Enter the text as the plan words it"
    assert page.value("responsibility") == "BSCB Board"
    assert not EvidenceItem.objects.exists()
