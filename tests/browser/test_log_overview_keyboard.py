"""The heat map and the quarter's outcomes by keyboard alone: from the skip link, the first Tab reaches the first
count of the table beside the chart (the chart's own links are the pointer's, out of the tab order), its focus
is visible, and Enter opens the records behind it."""

import pytest
from django.urls import reverse

from challenge_log import services
from tests.challenge_log.shape import log_shape
from tests.helpers.keyboard import Journey, focus_is_visible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def log():
    log = log_shape()
    for likelihood in (4, 4, 2):
        services.entry_raise(data={"kind": "risk", "title": f"Risk {likelihood}", "description": "D",
                                   "raised_by_body": log["sapp"], "likelihood": likelihood, "impact": 3},
                             by=log["chair"])
    return log


def test_a_heat_maps_count_opens_its_list_by_keyboard(log, page, page_for, live_server):
    page_for(log["board_member"])
    page.goto(live_server.url + reverse("log-heat-map"), wait_until="load")
    journey = Journey(page).skip_to_main().tab_to("#table-current a")
    assert journey.tabs == 2, journey  # the skip link, then the table: nothing of the pictures between
    assert focus_is_visible(page)
    assert page.evaluate("document.activeElement.getAttribute('href')") == "/log/?open=1&likelihood=4&impact=3"
    assert page.evaluate("document.activeElement.innerText").startswith("2")
    journey.follow()
    assert page.evaluate("location.search") == "?open=1&likelihood=4&impact=3"


def test_a_quarters_figure_opens_its_records_by_keyboard(log, page, page_for, live_server):
    page_for(log["board_member"])
    page.goto(live_server.url + reverse("log-quarter-current"), wait_until="load")
    journey = Journey(page).skip_to_main().tab_to("#outcomes a")
    assert focus_is_visible(page)
    journey.follow()
    assert page.get_by_role("heading", level=1).inner_text() == "Entries opened"
    assert page.locator("tbody tr").count() == 3
    assert page.get_by_role("link", name="Risk 4").count() == 2 and page.get_by_role("link", name="Risk 2").count() == 1
