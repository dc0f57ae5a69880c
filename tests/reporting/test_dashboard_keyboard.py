"""By keyboard alone (keys only: no click, fill or focus), from a figure of the Board's dashboard to the record
behind it (issue 18 §4): the escalated count opens the log filtered to it, whose row opens the entry."""

import pytest
from django.urls import reverse

from tests.helpers.keyboard import Journey, focus_is_visible
from tests.reporting.dashboard_shape import dashboard_shape

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_board_member_goes_from_a_figure_to_the_entry_behind_it(page, page_for, live_server):
    shape = dashboard_shape()
    entry = shape["e4"]
    page_for(shape["board_member"])
    page.goto(live_server.url + reverse("dashboard-board"), wait_until="load")
    journey = Journey(page).skip_to_main()
    journey.tab_to('a.app-figure[href="/log/?status=escalated"]')
    assert focus_is_visible(page)
    journey.follow()
    assert page.evaluate("location.pathname + location.search") == "/log/?status=escalated"
    # Past the list's filter panel to its rows.
    journey.skip_to_main().tab_to(f'main a[href="{entry.get_absolute_url()}"]', max_presses=150).follow()
    assert page.evaluate("location.pathname") == entry.get_absolute_url()
    assert entry.title in page.get_by_role("heading", level=1).inner_text()
