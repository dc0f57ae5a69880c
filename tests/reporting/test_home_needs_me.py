"""Each person's home page says what needs them today, whatever roles they hold (issue 18 §1): summaries and
reports owed with their due dates, responses their agency owes, judgements, actions owned, approvals and
sign-offs, escalations, their next meetings, unread notices; each empty source says what would appear there."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from reporting.models import Summary
from tests.factories import BodyFactory, member_of
from tests.reporting.dashboard_shape import dashboard_shape

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def home(client) -> str:
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def section(html: str, heading: str) -> str:
    """The part of the page under `heading` (an h3 of what needs you), up to the next heading."""
    start = html.index(f'<h3 class="govuk-heading-m">{heading}</h3>')
    end = html.find("<h", start + 10)
    return html[start:end]


@pytest.fixture
def shape():
    return dashboard_shape()


def test_a_sub_group_chair_sees_each_summary_and_report_she_owes_with_its_due_date(client_for):
    """The issue's sub group chair: a summary due today, another in three weeks, a yearly report due in March."""
    body = BodyFactory(name="PMAE sub group", owes_summaries=True)
    chair = member_of(body, role="chair", person__full_name="Jo Chair")
    march = datetime.date(TODAY.year + (TODAY.month > 3), 3, 17)
    in_three_weeks = TODAY + datetime.timedelta(weeks=3)
    Summary.objects.bulk_create([
        Summary(body=body, kind="quarterly", period_start=datetime.date(2026, 7, 1),
                period_end=datetime.date(2026, 9, 30), due_date=TODAY),
        Summary(body=body, kind="quarterly", period_start=datetime.date(2026, 10, 1),
                period_end=datetime.date(2026, 12, 31), due_date=in_three_weeks),
        Summary(body=body, kind="yearly", period_start=datetime.date(march.year - 1, 4, 1),
                period_end=datetime.date(march.year, 3, 31), due_date=march),
    ])
    owed = section(home(client_for(chair)), "Summaries and reports you owe")
    assert f"Due {TODAY:%A %-d %B %Y}" in owed and "Due today" in owed
    assert f"Due {in_three_weeks:%A %-d %B %Y}" in owed
    assert f"Due {march:%A %-d %B %Y}" in owed and "Yearly assurance report" in owed
    # Soonest first.
    assert owed.index(f"{TODAY:%-d %B %Y}") < owed.index(f"{in_three_weeks:%-d %B %Y}") < owed.index(
        f"{march:%-d %B %Y}")


def test_an_agency_lead_sees_what_her_agency_owes_and_its_dashboard(shape, client_for):
    html = home(client_for(shape["lead"]))
    owed = section(html, "Challenges your agency or body must answer")
    # E1 and E2 (restricted, addressed to her agency: hers), both overdue; E4 is answered.
    assert "Return interviews" in owed and "Missing episodes" in owed and "Strategy meetings" not in owed
    assert owed.count("govuk-tag--red") == 2
    assert f'href="{reverse("dashboard-agency", args=[shape["police"].pk])}"' in html


def test_a_board_member_sees_what_is_escalated_to_her_body_and_the_boards_dashboard(shape, client_for):
    html = home(client_for(shape["board_member"]))
    assert "Strategy meetings" in section(html, "Escalations for your body to decide")
    assert "Missing episodes" not in html
    assert f'href="{reverse("dashboard-board")}"' in html


def test_the_bpg_sees_a_plan_to_approve_but_not_its_own_bodys(shape, client_for):
    from plan import action_services

    action_services.action_plan_submit(action_plan=shape["lnd_plan"], by=shape["lnd_chair"])
    assert "Learning and Development sub group: action plan" in section(
        home(client_for(shape["bpg_member"])), "Approvals and sign-offs waiting for your body")
    # L&D's chair sits on the BPG by a derived seat: another member decides her own plan.
    assert "Learning and Development sub group: action plan" not in home(client_for(shape["lnd_chair"]))


def test_an_owner_sees_her_overdue_action(shape, client_for):
    owned = section(home(client_for(shape["owner"])), "Actions you own that need you")
    assert owned.count("govuk-tag--red") == 1 and owned.count("<li>") == 2  # one overdue, one with no update


def test_roles_combine_a_chair_who_leads_an_agency_sees_both(shape, client_for):
    from accountability import services

    services.organisation_lead_add(organisation=shape["police"], person=shape["chair"], by=shape["bu"])
    html = home(client_for(shape["chair"]))
    assert "SAPP sub group: Summary after the meeting" in section(html, "Summaries and reports you owe")
    assert "Return interviews" in section(html, "Challenges your agency or body must answer")
    assert "CRL-" in section(html, "Unread notices")  # E4 answered: judge it


def test_with_nothing_owed_each_source_says_what_would_appear(client_for):
    html = home(client_for(member_of(BodyFactory())))
    assert "Nothing needs you today." in html
    assert "Summaries after meetings, quarterly summaries and yearly assurance reports you are to write" in html
    assert "Actions you own that are overdue" in html


def test_a_source_registered_under_a_taken_name_replaces_it(client_for):
    """The hook the Board pack's branch uses: its "papers" source replaces the meetings listed here."""
    from reporting import needs_me

    before = needs_me.SOURCES["papers"]
    try:
        needs_me.register("papers", "Papers for your next meetings", "The papers will appear here.")(
            lambda user, today: [needs_me.Item("Board pack, March", "/meetings/1/", None, "")])
        html = home(client_for(member_of(BodyFactory())))
        assert "Board pack, March" in section(html, "Papers for your next meetings")
    finally:
        needs_me.SOURCES["papers"] = before
