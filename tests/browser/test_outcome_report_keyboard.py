"""The quarterly outcome report by keyboard alone (issue 17): the business unit opens the draft, comments on a
section and the BPG records its agreement, Tab and Enter only."""

import pytest
from django.urls import reverse

from reporting import outcome_services as services
from reporting.outcome_models import ReportState
from tests.helpers.keyboard import Journey, focus_is_visible
from tests.reporting.outcome_known import known_partnership

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_comment_and_agree_by_keyboard(page, page_for, live_server):
    known = known_partnership()
    report = services.outcome_report_build_now(quarter_code="2017Q1")
    page_for(known["bu"])
    page.goto(live_server.url + reverse("outcome-report-list"), wait_until="load")
    journey = Journey(page).skip_to_main().tab_to(f'a[href="{report.get_absolute_url()}"]').follow()
    journey.tab_to(f'a[href="{reverse("outcome-report-comment", args=[report.pk, "attendance"])}"]')
    assert focus_is_visible(page)
    journey.follow().tab_to("#id_text").type("Health's attendance needs a word.")
    journey.tab_to("button[type=submit]").follow()
    assert "Health's attendance needs a word." in page.content()
    journey.tab_to(f'a[href="{reverse("outcome-report-agree", args=[report.pk])}"]', max_presses=200).follow()
    journey.tab_to("#id_meeting")
    page.keyboard.press("ArrowDown")
    journey.tab_to("button[type=submit]").follow()
    report.refresh_from_db()
    assert report.state == ReportState.AGREED, str(journey)
