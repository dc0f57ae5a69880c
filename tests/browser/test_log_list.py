"""The log's list with its filter panel open (several statuses ticked, a refused band), a sorted column and
saved views: no WCAG 2.2 AA violation; and by keyboard alone, a reader ticks a status, applies the filter,
sorts by score and saves the view."""

import pytest
from django.urls import reverse

from bscb.models import Partnership
from challenge_log import services
from challenge_log.models import SavedView
from tests.challenge_log.known_log import known_log
from tests.challenge_log.shape import log_shape
from tests.helpers.axe import assert_no_axe_violations
from tests.helpers.keyboard import Journey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def log(db):
    Partnership.objects.create(name="Testshire Safeguarding Children Partnership", short_name="TSCP", area="Testshire")
    shape = log_shape()
    known_log(shape)
    services.saved_view_create(name="Open challenges to agencies", query="open=1&kind=challenge", by=shape["bu"])
    return shape


def test_the_filtered_sorted_list_with_an_error_and_saved_views_has_no_wcag_violation(page_for, live_server, log):
    page = page_for(log["bu"])
    page.goto(f"{live_server.url}{reverse('entry-list')}?status=open&status=requested&band=purple&sort=-score",
              wait_until="load")
    assert page.locator(".govuk-error-summary").is_visible()
    assert page.locator("#id_status_1").is_checked() and page.locator("#id_status_2").is_checked()
    assert_no_axe_violations(page)


def test_by_keyboard_a_reader_filters_sorts_and_saves_the_view(page_for, live_server, log):
    page = page_for(log["bu"])
    page.goto(f"{live_server.url}{reverse('entry-list')}?kind=risk", wait_until="load")  # the panel open
    journey = Journey(page)
    journey.tab_to("#id_status_1")  # Open
    page.keyboard.press("Space")
    journey.tab_to(".moj-filter__options button[type=submit]").follow()
    assert "status=open" in page.url and "kind=risk" in page.url
    assert page.locator("caption").inner_text() == "1 entry"
    journey.tab_to("th a[href*='sort=score']", max_presses=80).follow()  # past the open panel's filters
    assert page.locator("th[aria-sort=ascending]").inner_text().startswith("Score")
    journey.tab_to("a[href^='/log/views/new/']").follow()
    journey.tab_to("#id_name").type("Open risks").follow()
    view = SavedView.objects.get(owner=log["bu"], name="Open risks")
    assert view.query == "status=open&kind=risk&sort=score"
    assert page.get_by_role("link", name="Open risks", exact=True).is_visible()
