"""The plan's pages as a member of the partnership reads them and as the business unit keeps them."""

import pytest
from django.urls import reverse

from accountability.models import Decision
from plan import services
from plan.models import Plan, PlanStatus
from tests.factories import BodyFactory, MeetingFactory, ThemeFactory, business_unit, member_of
from tests.plan.factories import (
    DEVELOPMENTS_3,
    EVIDENCE_1_2_A,
    EVIDENCE_1_2_B,
    FOCUS_1,
    OUTCOME_1_2,
    PRIORITY_1,
    TARGET_1_2_A,
    TARGET_1_2_B,
    OutcomeFactory,
    PlanFactory,
    bradford_excerpt,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def made():
    return bradford_excerpt()


@pytest.fixture
def member(client_for):
    return client_for(member_of(BodyFactory(name="Safeguarding Adults sub group", short_name="SA")))


@pytest.fixture
def bu(client_for):
    return client_for(business_unit())


def _text(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


# Where Plan leads
def test_plan_opens_the_plan_in_force(member, made):
    PlanFactory(title="A newer draft", first_year=2019, last_year=2021)
    response = member.get(reverse("plan-current"))
    assert response.status_code == 302
    assert response["Location"] == made["plan"].get_absolute_url()


def test_plan_opens_the_list_when_there_is_no_plan(member):
    response = member.get(reverse("plan-current"))
    assert response.status_code == 302
    assert response["Location"] == reverse("plan-list")


def test_the_navigation_names_the_plan(member):
    assert 'href="/plan/">Plan</a>' in _text(member.get(reverse("home")))


# The list
def test_the_list_shows_every_plan_with_its_period_and_status(member, made):
    PlanFactory(title="Plan 2019 to 2021", first_year=2019, last_year=2021)
    PlanFactory(title="Plan 2013 to 2015", first_year=2013, last_year=2015, status=PlanStatus.CLOSED)
    page = _text(member.get(reverse("plan-list")))
    assert made["plan"].title in page and "Plan 2019 to 2021" in page and "Plan 2013 to 2015" in page
    assert "2016 to 2018" in page
    assert "In force" in page and "Draft" in page and "Closed" in page
    assert page.index("Plan 2019 to 2021") < page.index(made["plan"].title) < page.index("Plan 2013 to 2015")
    assert "Start a new plan" not in page and "Copy as the draft" not in page


def test_the_list_offers_the_business_unit_a_new_plan_and_copies(bu, made):
    page = _text(bu.get(reverse("plan-list")))
    assert reverse("plan-create") in page
    assert reverse("plan-copy", args=[made["plan"].pk]) in page


def test_an_empty_list_says_so(member):
    assert "No plans yet." in _text(member.get(reverse("plan-list")))


# The plan
def test_the_plan_shows_its_vision_introduction_traits_and_priorities(member, made):
    page = _text(member.get(made["plan"].get_absolute_url()))
    assert "Bradford Safeguarding Children Board Plan 2016-2018" in page
    assert "2016 to 2018" in page and "In force" in page
    assert "Strong and Effective Safeguarding Arrangements" in page
    assert "<p class=\"govuk-body\">The Board&#x27;s first paragraph.</p>" in page
    assert "<li>Challenges partners robustly</li>" in page and "<li>Listens to children</li>" in page
    assert PRIORITY_1 in page
    for line in FOCUS_1:
        assert f"<li>{line}</li>" in page
    assert "1.2</span> " + OUTCOME_1_2 in page
    assert made["o12"].get_absolute_url() in page
    assert "Runs in 2016, 2017, 2018" in page
    assert "Runs in 2016<" in page  # 1.4, the first year only
    assert "The needs of particularly vulnerable groups" in page
    for line in DEVELOPMENTS_3:
        assert line.replace("&", "&amp;") in page
    assert "Edit the plan" not in page and "History" not in page


def test_the_business_unit_keeps_the_plan_from_its_page(bu, made):
    plan = made["plan"]
    page = _text(bu.get(plan.get_absolute_url()))
    assert reverse("plan-edit", args=[plan.pk]) in page
    assert reverse("priority-create", args=[plan.pk]) in page
    assert reverse("plan-copy", args=[plan.pk]) in page
    assert reverse("record-history", args=["plan", "plan", plan.pk]) in page
    assert reverse("plan-activate", args=[plan.pk]) not in page  # already in force


def test_a_draft_can_be_put_in_force_from_its_page(bu):
    plan = PlanFactory()
    page = _text(bu.get(plan.get_absolute_url()))
    assert reverse("plan-activate", args=[plan.pk]) in page
    assert "No priorities yet." in page


def test_a_closed_plan_offers_only_a_copy(bu):
    plan = PlanFactory(status=PlanStatus.CLOSED)
    page = _text(bu.get(plan.get_absolute_url()))
    assert "This plan is closed" in page
    assert reverse("plan-edit", args=[plan.pk]) not in page
    assert reverse("plan-copy", args=[plan.pk]) in page


def test_a_missing_plan_is_not_found(member):
    assert member.get(reverse("plan-detail", args=[999999])).status_code == 404


# A priority
def test_a_priority_shows_its_focus_areas_and_its_outcomes_by_year(member, made):
    page = _text(member.get(made["p1"].get_absolute_url()))
    assert "Priority 1" in page and PRIORITY_1 in page
    for line in FOCUS_1:
        assert f"<li>{line}</li>" in page
    # A column a year, named for those who cannot see the table's layout.
    for year in (2016, 2017, 2018):
        assert f'<span class="govuk-visually-hidden">Runs in </span>{year}</th>' in page
    row_12 = page[page.index(">1.2<"):page.index("</tr>", page.index(">1.2<"))]
    assert row_12.count(">Yes<") == 3
    assert "1. PMAE sub group<br>2. L&amp;D sub group" in row_12
    row_14 = page[page.index(">1.4<"):page.index("</tr>", page.index(">1.4<"))]
    assert row_14.count(">Yes<") == 1 and row_14.count(">No<") == 2
    assert "CSE sub group" in row_14
    assert 'href="/themes/' in page  # priority 1 is tagged Neglect
    assert "Edit the priority" not in page


def test_priority_3_keeps_its_narrative_and_developments(member, made):
    page = _text(member.get(made["p3"].get_absolute_url()))
    assert "Business-as-usual developments" in page
    assert "from time-to-time" in page
    for line in DEVELOPMENTS_3:
        assert f"<li>{line.replace('&', '&amp;')}</li>" in page
    assert "No outcomes yet." in page


def test_the_business_unit_edits_a_priority_and_adds_outcomes(bu, made):
    p1 = made["p1"]
    page = _text(bu.get(p1.get_absolute_url()))
    assert reverse("priority-edit", args=[p1.pk]) in page
    assert reverse("outcome-create", args=[p1.pk]) in page
    assert reverse("record-history", args=["plan", "priority", p1.pk]) in page


# An outcome
def test_outcome_1_2_shows_its_targets_and_evidence_with_pmae_and_ld(member, made):
    o12 = made["o12"]
    page = _text(member.get(o12.get_absolute_url()))
    assert "Outcome 1.2" in page and OUTCOME_1_2 in page
    assert "2016, 2017, 2018" in page
    assert TARGET_1_2_A in page and "31 January 2017" in page
    assert TARGET_1_2_B in page and "27 April 2017" in page
    assert EVIDENCE_1_2_A in page and EVIDENCE_1_2_B in page
    assert "1. PMAE sub group" in page and "2. L&amp;D sub group" in page
    assert reverse("body-detail", args=[made["pmae"].pk]) in page
    assert reverse("body-detail", args=[made["ld"].pk]) in page
    assert "Performance Management, Audit and Evaluation sub group" in page
    assert reverse("theme-detail", args=[made["neglect"].pk]) in page and "Neglect" in page
    assert "Progress of the actions" in page and "No actions yet. The sub groups' action plans attach" in page
    # Breadcrumbs: Plans > Plan 2016-18 > Priority 1 > Outcome 1.2
    crumbs = page[page.index('aria-label="Breadcrumb"'):page.index("</nav>", page.index('aria-label="Breadcrumb"'))]
    assert "Plan 2016-18" in crumbs and "Priority 1" in crumbs and "Outcome 1.2" in crumbs
    assert made["p1"].get_absolute_url() in crumbs and made["plan"].get_absolute_url() in crumbs
    assert "Edit the outcome" not in page and "Change" not in page


def test_the_business_unit_edits_an_outcome_its_targets_and_evidence(bu, made):
    o12 = made["o12"]
    page = _text(bu.get(o12.get_absolute_url()))
    assert reverse("outcome-edit", args=[o12.pk]) in page
    assert reverse("target-create", args=[o12.pk]) in page
    assert reverse("evidence-create", args=[o12.pk]) in page
    for target in o12.targets.all():
        assert reverse("target-edit", args=[target.pk]) in page
        assert reverse("record-history", args=["plan", "target", target.pk]) in page
    for item in o12.evidence.all():
        assert reverse("evidence-edit", args=[item.pk]) in page
        assert reverse("record-history", args=["plan", "evidenceitem", item.pk]) in page
    assert reverse("record-history", args=["plan", "outcome", o12.pk]) in page


def test_an_outcome_with_nothing_yet_says_so(member):
    outcome = OutcomeFactory(years=[])
    page = _text(member.get(outcome.get_absolute_url()))
    assert "None marked" in page
    assert "No targets or timelines yet." in page
    assert "No evidence or evaluation of impact recorded yet." in page
    assert "No actions yet." in page


def test_the_history_of_a_plan_record_opens_for_the_business_unit(bu, made):
    target = made["o12"].targets.first()
    response = bu.get(reverse("record-history", args=["plan", "target", target.pk]))
    assert response.status_code == 200


# A theme
def test_a_theme_lists_the_priorities_outcomes_and_decisions_tagged_with_it(member, made):
    neglect = made["neglect"]
    meeting = MeetingFactory(body=made["pmae"], status="held")
    decision = Decision.objects.create(meeting=meeting, text="Agreed the neglect strategy.", childrens_voice="informed")
    decision.themes.set([neglect])
    page = _text(member.get(reverse("theme-detail", args=[neglect.pk])))
    assert "Neglect" in page
    assert made["p1"].get_absolute_url() in page and "Priority 1" in page
    assert made["o12"].get_absolute_url() in page and OUTCOME_1_2 in page
    assert made["o14"].get_absolute_url() not in page  # tagged CSE, not neglect
    assert "Agreed the neglect strategy." in page
    assert reverse("meeting-detail", args=[meeting.pk]) in page
    assert f"{reverse('decision-log')}?theme={neglect.pk}" in page


def test_a_theme_shows_only_the_latest_25_decisions_and_links_to_all(member, made):
    neglect = made["neglect"]
    meeting = MeetingFactory(body=made["pmae"], status="held")
    decisions = Decision.objects.bulk_create([
        Decision(meeting=meeting, text=f"Decision number {i}.", childrens_voice="informed") for i in range(30)
    ])
    Decision.themes.through.objects.bulk_create([
        Decision.themes.through(decision=d, theme=neglect) for d in decisions
    ])
    page = _text(member.get(reverse("theme-detail", args=[neglect.pk])))
    assert page.count("Decision number ") == 25
    assert "All 30 decisions tagged Neglect" in page


def test_an_untagged_theme_says_so(member):
    theme = ThemeFactory(name="Forced marriage")
    page = _text(member.get(reverse("theme-detail", args=[theme.pk])))
    assert "No priorities or outcomes of the plan are tagged with this theme." in page
    assert "No decisions are tagged with this theme yet." in page


def test_the_business_unit_changes_a_theme_from_its_page(bu):
    theme = ThemeFactory(name="Forced marriage")
    assert reverse("theme-edit", args=[theme.pk]) in _text(bu.get(reverse("theme-detail", args=[theme.pk])))


# Activation
def test_putting_a_draft_in_force_closes_the_plan_in_force(bu, made):
    old = made["plan"]
    new = PlanFactory(title="Plan 2019 to 2021", first_year=2019, last_year=2021)
    page = _text(bu.get(reverse("plan-activate", args=[new.pk])))
    assert "will be closed" in page and old.title in page
    response = bu.post(reverse("plan-activate", args=[new.pk]))
    assert response.status_code == 302 and response["Location"] == new.get_absolute_url()
    assert list(Plan.objects.filter(status=PlanStatus.ACTIVE)) == [new]
    old.refresh_from_db()
    assert old.status == PlanStatus.CLOSED


def test_putting_the_first_plan_in_force_closes_nothing(bu):
    plan = PlanFactory()
    page = _text(bu.get(reverse("plan-activate", args=[plan.pk])))
    assert "will be closed" not in page
    assert bu.post(reverse("plan-activate", args=[plan.pk])).status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ACTIVE


@pytest.mark.parametrize(("status", "message"), [
    (PlanStatus.CLOSED, services.CLOSED_PLAN),
    (PlanStatus.ACTIVE, services.ALREADY_ACTIVE),
])
def test_a_plan_in_the_wrong_state_is_refused_on_the_page(bu, status, message):
    plan = PlanFactory(status=status)
    other = PlanFactory(first_year=2019, last_year=2021, status=PlanStatus.ACTIVE if status == "closed" else "draft")
    response = bu.post(reverse("plan-activate", args=[plan.pk]))
    page = _text(response)
    assert "There is a problem" in page and message in page.replace("&#x27;", "'")
    assert "Yes, put it in force" not in page
    plan.refresh_from_db()
    other.refresh_from_db()
    assert plan.status == status
    assert other.status == (PlanStatus.ACTIVE if status == "closed" else PlanStatus.DRAFT)
