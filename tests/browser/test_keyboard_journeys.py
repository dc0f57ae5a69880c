"""Each role's main journey, by keyboard alone, on the demo partnership, in Tab presses (issue 13 §2:
the chair's journey below took 212 at commit 1f15411). With the compact header and the skip link, and
the home page leading each reader to what they came for, each takes fewer than 40.

The demo is restored and committed for each test (the live server reads only committed rows); each
reader is one of the demo's five sign-ins, as the README lists them."""

import pytest
from django.db import transaction
from django.urls import reverse

from accountability.models import User
from reporting.models import Summary, SummaryReceipt, SummaryStatus
from tests.helpers.demo import demo_restore
from tests.helpers.keyboard import Journey, focus_is_visible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# For a whole journey, every page of it. The home page now opens with what needs its reader (issue 18), a
# dozen links before the rest: a business unit officer passes them twice in her journey.
MOST_TABS = 60
JOURNEYS: dict[str, int] = {}  # role -> Tab presses, printed at the end of the module (run with -s)


@pytest.fixture
def demo_committed(demo_snapshot):
    with transaction.atomic():
        demo_restore(demo_snapshot)


@pytest.fixture(scope="module", autouse=True)
def _report():
    yield
    print("\nTab presses per journey:", ", ".join(f"{role} {tabs}" for role, tabs in JOURNEYS.items()))


def demo_user(email: str) -> User:
    return User.objects.get(email=email)


def heading(page) -> str:
    return page.get_by_role("heading", level=1).inner_text()


def done(role: str, journey: Journey):
    JOURNEYS[role] = journey.tabs
    assert journey.tabs < MOST_TABS, f"{role}: {journey}"


def submitted_just_now() -> Summary:
    """A sub group's draft submitted now (by the business unit, which may write it): it goes to the bodies
    that receive summaries, whatever day the suite runs on, as the next meeting's papers."""
    from reporting import services

    officer = demo_user("bu.officer@bscb.example.org")
    draft = Summary.objects.filter(status=SummaryStatus.DRAFT, kind="meeting").order_by("due_date").first()
    services.summary_submit(summary=draft, by=officer, sections={"progress": "The neglect audit was completed."})
    return draft


def test_a_chair_opens_a_summary_she_owes_writes_saves_returns_and_submits(demo_committed, page, page_for,
                                                                            live_server):
    page_for(demo_user("subgroup.chair@bscb.example.org"))
    home = live_server.url + reverse("home")
    page.goto(home, wait_until="load")
    journey = Journey(page)

    journey.skip_to_main().tab_to(".app-owed a")
    href = page.evaluate("document.activeElement.getAttribute('href')")
    summary = Summary.objects.get(pk=int(href.strip("/").split("/")[-1]))
    journey.follow().skip_to_main().tab_to(f"main a[href='{reverse('summary-edit', args=[summary.pk])}']")
    assert focus_is_visible(page)
    journey.follow()
    assert heading(page) in ("Write the summary", "Write the report")
    journey.skip_to_main().tab_to("#id_progress").type("The neglect audit was completed.")
    journey.tab_to("button[name='save']").follow()
    assert "The draft was saved" in page.content()

    # Later: home again, the same summary, and submitted.
    page.goto(home, wait_until="load")
    journey.skip_to_main().tab_to(f".app-owed a[href='{href}']").follow()
    journey.skip_to_main().tab_to(f"main a[href='{reverse('summary-edit', args=[summary.pk])}']").follow()
    assert page.locator("#id_progress").input_value() == "The neglect audit was completed."
    journey.skip_to_main().tab_to("#id_risks").type("Staffing in two agencies.")
    journey.tab_to("button[name='save_submit']").follow()
    assert "The summary was submitted" in page.content()
    summary.refresh_from_db()
    assert summary.status == SummaryStatus.SUBMITTED
    done("sub group chair", journey)


def test_a_business_unit_officer_reminds_from_the_due_page_and_marks_a_summary_received(
        demo_committed, page, page_for, live_server, run_tasks):
    summary = submitted_just_now()
    page_for(demo_user("bu.officer@bscb.example.org"))
    page.goto(live_server.url + reverse("home"), wait_until="load")
    journey = Journey(page)

    journey.skip_to_main().tab_to(f"main a[href='{reverse('due-list')}']").follow()
    assert heading(page) == "What is due"
    journey.skip_to_main().tab_to("form[action$='/remind/'] button").follow()
    assert "Reminded now:" in page.content()

    page.goto(live_server.url + reverse("home"), wait_until="load")
    journey.skip_to_main().tab_to(f"main a[href='{reverse('summaries-received')}']").follow()
    journey.skip_to_main().tab_to(f"main a[href='{summary.get_absolute_url()}']").follow()
    journey.skip_to_main().tab_to("main a[href$='/received/']").follow()
    assert heading(page) == "Mark as received?"
    journey.skip_to_main().tab_to("main form button").follow()
    assert SummaryReceipt.objects.filter(summary=summary, received_on__isnull=False).count() == 1
    done("business unit officer", journey)


def test_a_board_member_opens_the_papers_for_the_next_board_meeting(demo_committed, page, page_for, live_server):
    summary = submitted_just_now()
    page_for(demo_user("board.member@bscb.example.org"))
    page.goto(live_server.url + reverse("home"), wait_until="load")
    journey = Journey(page)

    journey.skip_to_main().tab_to(f"main a[href='{reverse('summaries-received')}']").follow()
    assert heading(page) == "Summaries received"
    journey.skip_to_main().tab_to(f"main a[href='{summary.get_absolute_url()}']").follow()
    assert summary.body.name in page.content() and "The neglect audit was completed." in page.content()
    done("Board member", journey)


def test_an_agency_lead_opens_her_agencys_records(demo_committed, page, page_for, live_server):
    lead = demo_user("agency.lead@bscb.example.org")
    agency = lead.agency_leads.get().organisation
    page_for(lead)
    page.goto(live_server.url + reverse("home"), wait_until="load")
    journey = Journey(page)

    journey.skip_to_main().tab_to(f"main a[href='{agency.get_absolute_url()}']").follow()
    assert agency.name in heading(page)
    journey.skip_to_main().tab_to(f"main a[href='{reverse('attendance-report')}']").follow()
    assert heading(page) == "Attendance" and agency.name in page.content()
    done("agency lead", journey)


def test_an_administrator_opens_the_administration(demo_committed, page, page_for, live_server):
    page_for(demo_user("admin@bscb.example.org"))
    page.goto(live_server.url + reverse("home"), wait_until="load")
    journey = Journey(page)

    journey.skip_to_main().tab_to(f"main a[href='{reverse('admin:index')}']").follow()
    assert "administration" in page.title().lower()
    done("administrator", journey)


def test_an_agency_lead_answers_a_challenge_and_the_raising_chair_judges_it(demo_committed, page, page_for,
                                                                              live_server):
    """Issue 14 §7: the demo's agency lead answers the CSE sub group's challenge to her trust from "challenges to
    you"; the CSE chair finds the answer on the same page of hers and judges it not assured, referring it to the
    body that holds the log. Each by keyboard alone, from the home page."""
    from accountability.selectors import chair_of
    from challenge_log.models import AssuranceRequest, Status

    lead = demo_user("agency.lead@bscb.example.org")
    request = AssuranceRequest.objects.get(organisation__leads__person=lead, response__isnull=True)
    chair = chair_of(request.entry.raised_by_body, request.entry.raised_on.date())
    yours = f"a[href='{reverse('agency-challenges')}']"

    page_for(lead)
    page.goto(live_server.url + reverse("home"), wait_until="load")
    journey = Journey(page)
    journey.tab_to(f".govuk-service-navigation a[href='{reverse('entry-list')}']").follow()
    journey.skip_to_main().tab_to(f"main {yours}").follow()
    journey.skip_to_main().tab_to(f"main a[href='{reverse('request-answer', args=[request.pk])}']").follow()
    assert heading(page) == "Answer the challenge"
    journey.skip_to_main().tab_to("#id_text").type("Offered at every assessment; recorded since June.")
    journey.tab_to("main form button[type='submit']").follow()
    assert "Your assurance report was sent" in page.content()
    done("agency lead answering", journey)

    page.context.clear_cookies()
    page_for(chair)
    page.goto(live_server.url + reverse("home"), wait_until="load")
    journey = Journey(page)
    journey.tab_to(f".govuk-service-navigation a[href='{reverse('entry-list')}']").follow()
    journey.skip_to_main().tab_to(f"main {yours}").follow()
    answer = request.entry.requests.get(pk=request.pk).response
    journey.skip_to_main().tab_to(f"main a[href='{reverse('response-judge', args=[answer.pk])}']").follow()
    assert heading(page) == "Judge the answer"
    journey.skip_to_main().tab_to("input[name='assured']")
    page.keyboard.press("ArrowDown")  # from "Assured" to "Not assured", as in any radio group
    journey.tab_to("#id_outcome").type("No figures for the last quarter.")
    journey.tab_to("#id_refer")
    page.keyboard.press("Space")
    journey.tab_to("main form button[type='submit']").follow()
    assert "The judgement was recorded" in page.content()
    request.entry.refresh_from_db()
    assert request.entry.status == Status.NOT_ASSURED
    assert not answer.__class__.objects.get(pk=answer.pk).judgement.assured
    done("sub group chair judging", journey)


def test_a_chair_proposes_an_action_complete_a_bpg_member_signs_it_off_and_its_ratification_is_recorded(
        demo_committed, page, page_for, live_server):
    """Issue 16 §8, by keyboard alone: the demo's sub group chair adds evidence of impact to an open action of her
    body's approved plan and proposes it complete; a BPG member from another sub group signs it off from the
    sign-off queue; a Board member records its ratification at a Board meeting from the ratification list. Each
    starts on the page a reminder or the header leads to."""
    from django.utils import timezone

    from accountability.models import Function
    from accountability.people import body_with_function, member_ids
    from plan.action_models import Action, ActionStatus

    chair = demo_user("subgroup.chair@bscb.example.org")
    action = (Action.objects.filter(action_plan__body__memberships__person=chair, action_plan__status="approved",
                                    status=ActionStatus.OPEN).order_by("pk").first())
    url = action.get_absolute_url()

    page_for(chair)
    page.goto(live_server.url + url, wait_until="load")
    journey = Journey(page)
    journey.skip_to_main().tab_to(f"main a[href='{reverse('action-evidence', args=[action.pk])}']").follow()
    journey.skip_to_main().tab_to("#id_text").type("Re-referrals within a year fell from 24% to 19%.")
    journey.tab_to("main form button[type='submit']").follow()
    page.goto(live_server.url + url, wait_until="load")
    journey.skip_to_main().tab_to(f"main a[href='{reverse('action-propose', args=[action.pk])}']").follow()
    journey.skip_to_main().tab_to("main form button[type='submit']").follow()
    action.refresh_from_db()
    assert action.status == ActionStatus.PROPOSED
    done("sub group chair proposing", journey)

    signer = next(u for u in User.objects.filter(pk__in=member_ids(body_with_function(
        Function.SIGNS_OFF_ACTIONS, timezone.localdate()), timezone.localdate())).order_by("pk")
        if u.has_perm("plan.sign_off_action", action) and not u.is_superuser)
    page.context.clear_cookies()
    page_for(signer)
    page.goto(live_server.url + reverse("action-queue"), wait_until="load")
    journey = Journey(page)
    journey.skip_to_main().tab_to(f"main a[href='{url}']").follow()
    journey.skip_to_main().tab_to(f"main a[href='{reverse('action-sign-off', args=[action.pk])}']").follow()
    journey.skip_to_main().tab_to("main form button[type='submit']").follow()
    action.refresh_from_db()
    assert action.status == ActionStatus.SIGNED_OFF
    done("BPG member signing off", journey)

    page.context.clear_cookies()
    page_for(demo_user("board.member@bscb.example.org"))
    page.goto(live_server.url + reverse("ratification-list"), wait_until="load")
    journey = Journey(page)
    journey.skip_to_main().tab_to(f"main a[href='{url}']").follow()
    journey.skip_to_main().tab_to(f"main a[href='{reverse('action-ratify', args=[action.pk])}']").follow()
    journey.skip_to_main().tab_to("#id_meeting")
    page.keyboard.press("ArrowDown")  # the first Board meeting offered
    journey.tab_to("main form button[type='submit']").follow()
    action.refresh_from_db()
    assert action.status == ActionStatus.CLOSED
    assert action.steps.order_by("pk").last().meeting.body.functions.filter(function=Function.RATIFIES).exists()
    done("Board member recording ratification", journey)
