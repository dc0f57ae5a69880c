"""Journeys done with the keyboard alone."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory
from tests.factories.accountability import PASSWORD
from tests.helpers.keyboard import focus_is_visible, tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_in_and_sign_out_by_keyboard(page, live_server):
    user = UserFactory(email="keys@agency.example.org", full_name="Kim Keyboard")
    page.goto(live_server.url + reverse("sign-in"), wait_until="load")

    assert tab_to(page, ".govuk-skip-link") == 1, "the skip link comes first"
    tab_to(page, "#id_username")
    assert focus_is_visible(page)
    page.keyboard.type(user.email)
    tab_to(page, "#id_password")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + reverse("home"))
    assert page.get_by_role("heading", level=1).inner_text() == "Welcome, Kim"

    tab_to(page, ".app-account__sign-out button")
    assert focus_is_visible(page)
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + reverse("sign-in"))
    assert page.get_by_role("heading", level=1).inner_text() == "Sign in"


def test_the_error_summary_takes_focus_and_links_to_the_field(page, live_server):
    page.goto(live_server.url + reverse("sign-in"), wait_until="load")
    tab_to(page, "#id_password")
    with page.expect_navigation(wait_until="load"):
        page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.closest('.govuk-error-summary') !== null")
    tab_to(page, ".govuk-error-summary a")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "id_username"


def test_skip_link_moves_to_the_main_content(page, page_for, live_server):
    page_for(UserFactory())
    page.goto(live_server.url + reverse("home"), wait_until="load")
    tab_to(page, ".govuk-skip-link")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"
