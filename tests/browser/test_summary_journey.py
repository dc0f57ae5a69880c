"""A sub group's chair drafts a summary, saves it, comes back later and submits it, with the keyboard alone."""

import pytest
from django.urls import reverse

from reporting.models import Summary
from tests.factories import UserFactory, member_of
from tests.helpers.keyboard import focus_is_visible, tab_to
from tests.reporting.helpers import held_meeting, receiving_body

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def press_and_wait(page, key="Enter"):
    with page.expect_navigation(wait_until="load"):
        page.keyboard.press(key)


def test_a_chair_drafts_saves_returns_and_submits_by_keyboard(page, page_for, live_server):
    from reporting import services

    receiving_body()
    meeting = held_meeting()
    chair = member_of(meeting.body, role="chair", person=UserFactory(full_name="Amy Chair"))
    summary = services.summary_expect(meeting)

    page_for(chair)
    page.goto(live_server.url + reverse("summary-list"), wait_until="load")
    tab_to(page, f"a[href='{reverse('summary-detail', args=[summary.pk])}']")
    press_and_wait(page)
    tab_to(page, f"a[href='{reverse('summary-edit', args=[summary.pk])}']")
    assert focus_is_visible(page)
    press_and_wait(page)
    assert page.get_by_role("heading", level=1).inner_text() == "Write the summary"

    tab_to(page, "#id_progress")
    page.keyboard.type("The neglect audit was completed.")
    tab_to(page, "button[name='save']")
    press_and_wait(page)
    assert "The draft was saved" in page.content()
    assert Summary.objects.get(pk=summary.pk).status == "draft"

    # Later: back to the list, then the draft, which keeps what was typed.
    page.goto(live_server.url + reverse("summary-list"), wait_until="load")
    tab_to(page, f"a[href='{reverse('summary-detail', args=[summary.pk])}']")
    press_and_wait(page)
    tab_to(page, f"a[href='{reverse('summary-edit', args=[summary.pk])}']")
    press_and_wait(page)
    assert page.locator("#id_progress").input_value() == "The neglect audit was completed."
    tab_to(page, "#id_risks")
    page.keyboard.type("Staffing in two agencies.")
    tab_to(page, "button[name='save_submit']")
    press_and_wait(page)
    assert "The summary was submitted" in page.content()
    summary.refresh_from_db()
    assert summary.status == "submitted"
    version = summary.versions.get()
    assert (version.progress, version.risks) == ("The neglect audit was completed.", "Staffing in two agencies.")
    assert summary.receipts.count() == 1
