"""A business unit officer records a held meeting's attendance, a delegate included, and a decision, with
the keyboard alone: Tab to each control, type, Space to choose, Enter to follow or send. No mouse."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accountability.models import Attendance, Decision
from tests.factories import (
    BodyFactory,
    MeetingFactory,
    MembershipFactory,
    OrganisationFactory,
    ThemeFactory,
    UserFactory,
    business_unit,
)
from tests.helpers.axe import assert_no_axe_violations
from tests.helpers.keyboard import focus_is_visible, tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def press_and_wait(page, key="Enter"):
    with page.expect_navigation(wait_until="load"):
        page.keyboard.press(key)


def test_a_business_unit_officer_records_attendance_and_a_decision_by_keyboard(page, page_for, live_server):
    officer = business_unit(person=UserFactory(full_name="Bea Unit"))
    body = BodyFactory(name="Child Sexual Exploitation sub group", short_name="CSE")
    police, hospital = OrganisationFactory(name="West Yorkshire Police"), OrganisationFactory(
        name="Bradford Teaching Hospitals")
    # Listed by role, then name: the chair first, then the members alphabetically.
    amy = MembershipFactory(body=body, role="chair", organisation=police,
                            person=UserFactory(full_name="Amy Chair")).person
    ben = MembershipFactory(body=body, person=UserFactory(full_name="Ben Member")).person
    cat = MembershipFactory(body=body, person=UserFactory(full_name="Cat Member")).person
    ThemeFactory(name="Disabled children")
    ThemeFactory(name="Online safety - grooming, sexting and cyber bullying")
    meeting = MeetingFactory(body=body, status="held", starts_at=timezone.now() - datetime.timedelta(days=2))

    page_for(officer)
    page.goto(live_server.url + reverse("meeting-detail", args=[meeting.pk]), wait_until="load")

    # Attendance: Amy present, Ben apologies, Cat sent a senior delegate.
    tab_to(page, f"a[href='{reverse('meeting-attendance', args=[meeting.pk])}']")
    assert focus_is_visible(page)
    press_and_wait(page)
    assert page.get_by_role("heading", level=1).inner_text() == "Record attendance"

    tab_to(page, f"#id_p{amy.pk}-status_1")  # Present
    page.keyboard.press("Space")
    tab_to(page, f"#id_p{ben.pk}-status_1")
    page.keyboard.press("ArrowDown")  # Apologies: the arrow keys move the choice within a group
    tab_to(page, f"#id_p{cat.pk}-status_1")
    for _ in range(3):
        page.keyboard.press("ArrowDown")  # Sent a delegate
    assert page.evaluate("document.activeElement.id") == f"id_p{cat.pk}-status_4"
    tab_to(page, f"#id_p{cat.pk}-delegate_name")
    page.keyboard.type("Dee Legate")
    tab_to(page, f"#id_p{cat.pk}-delegate_role")
    page.keyboard.type("Named nurse for safeguarding")
    tab_to(page, f"#id_p{cat.pk}-delegate_organisation")
    page.keyboard.type("Bradford")  # a closed select chooses by typing
    tab_to(page, f"#id_p{cat.pk}-delegate_sufficiently_senior_1")  # Yes
    page.keyboard.press("Space")
    tab_to(page, "main form button.govuk-button")
    assert focus_is_visible(page)
    press_and_wait(page)

    assert page.url == live_server.url + meeting.get_absolute_url()
    recorded = {a.person_id: a for a in Attendance.objects.filter(meeting=meeting)}
    assert {pk: a.status for pk, a in recorded.items()} == {amy.pk: "present", ben.pk: "apologies",
                                                            cat.pk: "delegate"}
    delegate = recorded[cat.pk]
    assert (delegate.delegate_name, delegate.delegate_role, delegate.delegate_organisation,
            delegate.delegate_sufficiently_senior) == ("Dee Legate", "Named nurse for safeguarding", hospital, True)

    # A decision with a theme and the children's-voice answer.
    tab_to(page, f"a[href='{reverse('meeting-decision-add', args=[meeting.pk])}']")
    press_and_wait(page)
    tab_to(page, "#id_text")
    page.keyboard.type("Launch the online safety campaign in every secondary school.")
    tab_to(page, "#id_themes_2")  # Online safety
    page.keyboard.press("Space")
    tab_to(page, "#id_childrens_voice_1")  # informed
    page.keyboard.press("Space")
    tab_to(page, "#id_childrens_voice_detail")
    page.keyboard.type("The young people's forum asked for it.")
    tab_to(page, "main form button.govuk-button")
    press_and_wait(page)

    decision = Decision.objects.get(meeting=meeting)
    assert page.url == live_server.url + f"{meeting.get_absolute_url()}#decision-{decision.pk}"
    assert [t.name for t in decision.themes.all()] == ["Online safety - grooming, sexting and cyber bullying"]

    # The meeting's page now shows both.
    main = page.locator("main").inner_text()
    for expected in ("The decision was recorded.", "Amy Chair", "Present", "Ben Member", "Apologies", "Cat Member",
                     "Dee Legate, Named nurse for safeguarding, Bradford Teaching Hospitals",
                     "Senior enough to make decisions: yes",
                     "Launch the online safety campaign in every secondary school.",
                     "Online safety - grooming, sexting and cyber bullying",
                     "The wishes and feelings of children informed this decision",
                     "The young people's forum asked for it."):
        assert expected in main, expected


def test_an_error_on_the_attendance_page_takes_focus_and_leads_to_the_members_field(page, page_for, live_server):
    officer = business_unit()
    body = BodyFactory()
    member = MembershipFactory(body=body, person=UserFactory(full_name="Dan Member")).person
    meeting = MeetingFactory(body=body, status="held")
    page_for(officer)
    page.goto(live_server.url + reverse("meeting-attendance", args=[meeting.pk]), wait_until="load")
    tab_to(page, f"#id_p{member.pk}-status_1")
    for _ in range(3):
        page.keyboard.press("ArrowDown")  # a delegate, but no name and no answer on seniority
    tab_to(page, "main form button.govuk-button")
    press_and_wait(page)
    assert page.evaluate("document.activeElement.closest('.govuk-error-summary') !== null")
    assert_no_axe_violations(page)
    tab_to(page, ".govuk-error-summary a")
    assert "Dan Member: Enter the delegate" in page.evaluate("document.activeElement.innerText")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == f"id_p{member.pk}-delegate_name"
    assert page.locator(f"#id_p{member.pk}-status_4").is_checked()  # what was chosen is kept


def test_the_decision_form_in_error_has_no_wcag_violation(page, page_for, live_server):
    meeting = MeetingFactory(status="held")
    page_for(business_unit())
    page.goto(live_server.url + reverse("meeting-decision-add", args=[meeting.pk]), wait_until="load")
    tab_to(page, "main form button.govuk-button")
    press_and_wait(page)
    assert page.locator(".govuk-error-summary").is_visible()
    assert_no_axe_violations(page)
