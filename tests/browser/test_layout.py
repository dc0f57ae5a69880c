"""The page frame as a reader meets it: a header that fits one line at 1024 pixels, the pages of the
reader's section under it, and lists whose filter panel the reader shows and hides, with the table
at full width while it is hidden."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import BodyFactory, MeetingFactory, UserFactory, business_unit
from tests.helpers.keyboard import focus_is_visible, tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _lines(page, selector: str) -> int:
    """How many rows of items the list at `selector` takes (items sharing a top edge share a row)."""
    return page.evaluate(
        "s => new Set([...document.querySelectorAll(s + ' > li')]"
        ".map(li => Math.round(li.getBoundingClientRect().top))).size",
        selector)


def test_the_header_fits_one_line_at_1024_pixels_for_the_reader_with_the_most_sections(page, page_for, live_server):
    officer = business_unit(person=UserFactory(full_name="Samantha Longname-Officer", is_staff=True))
    page.set_viewport_size({"width": 1024, "height": 800})
    page_for(officer)
    page.goto(live_server.url + reverse("decision-log"), wait_until="load")
    assert _lines(page, "#navigation") == 1
    labels = page.locator("#navigation > li").all_inner_texts()
    assert labels == ["Home", "Plan", "Meetings", "Reports", "Log", "Structure", "Notices", "Administration"]
    # The account sits in the header bar beside the partnership's name, not on a line of its own.
    header = page.locator("header").bounding_box()
    account = page.locator(".app-account").bounding_box()
    assert account["y"] >= header["y"] and account["y"] + account["height"] <= header["y"] + header["height"]
    # The reader is in Meetings: its pages sit under the header, the decision log marked as the current one.
    assert page.locator(".govuk-service-navigation__item--active").inner_text() == "Meetings"
    assert page.locator(".app-sub-navigation a").all_inner_texts() == ["Meetings", "Decisions", "Attendance"]
    assert page.locator(".app-sub-navigation a[aria-current=page]").inner_text() == "Decisions"


def test_a_member_sees_no_business_unit_pages_in_the_navigation(page, page_for, live_server):
    page_for(UserFactory())
    page.goto(live_server.url + reverse("summary-list"), wait_until="load")
    assert "What is due" not in page.locator(".app-sub-navigation").inner_text()
    page.goto(live_server.url + reverse("body-list"), wait_until="load")
    assert page.locator(".app-sub-navigation a").all_inner_texts() == ["Bodies", "Organisations"]


def test_the_filter_panel_is_shown_and_hidden_by_keyboard_and_the_table_is_full_width_without_it(
        page, page_for, live_server):
    body = BodyFactory(name="Learning and Development sub group")
    for days in range(1, 4):
        MeetingFactory(body=body, starts_at=timezone.now() + timezone.timedelta(days=days))
    page.set_viewport_size({"width": 1280, "height": 900})
    page_for(UserFactory())
    page.goto(live_server.url + reverse("meeting-list"), wait_until="load")

    panel = page.locator(".moj-filter-layout__filter")
    assert not panel.is_visible(), "no filter is set: the panel starts hidden"
    content = page.locator(".moj-filter-layout__content").bounding_box()
    width = page.locator(".govuk-width-container main").bounding_box()["width"]
    assert content["width"] >= width - 1, "the table has the page's full width"

    tab_to(page, ".moj-action-bar__filter button")
    assert focus_is_visible(page)
    assert page.locator(".moj-action-bar__filter button").inner_text() == "Show filter"
    page.keyboard.press("Enter")
    assert panel.is_visible()
    tab_to(page, "#id_body")
    page.select_option("#id_body", label="Learning and Development sub group")
    tab_to(page, ".moj-filter__options button[type=submit]")
    with page.expect_navigation(wait_until="load"):
        page.keyboard.press("Enter")

    assert f"body={body.pk}" in page.url, "the filter is in the address, to bookmark and share"
    assert panel.is_visible(), "a filter is set: the panel starts shown"
    assert "3 meetings" in page.locator("caption").inner_text()
    assert page.locator(".moj-filter__options a", has_text="Clear filters").is_visible()
