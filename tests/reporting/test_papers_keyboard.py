"""By keyboard alone: the business unit officer adds a paper to a meeting, opens its pack and finds the link to
download it; the pack downloads as one PDF."""

import pytest
from django.urls import reverse

from reporting.models import MeetingPaper
from tests.helpers.keyboard import Journey, focus_is_visible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_adds_a_paper_and_downloads_the_pack_by_keyboard(page, page_for, live_server):
    from tests.factories import BodyFactory, MeetingFactory, business_unit

    meeting = MeetingFactory(body=BodyFactory(name="Safeguarding Children Board", short_name="Board"))
    page_for(business_unit())
    page.goto(live_server.url + reverse("paper-list", args=[meeting.pk]), wait_until="load")
    journey = Journey(page)

    journey.skip_to_main().tab_to(f"main a[href='{reverse('paper-add', args=[meeting.pk])}']")
    assert focus_is_visible(page)
    journey.follow().skip_to_main().tab_to("#id_title").type("Yearly assurance reports received")
    journey.tab_to("#id_restricted")
    page.keyboard.press("Space")
    journey.tab_to("#id_url").type("/yearly/")
    journey.tab_to("main button[type=submit]").follow()
    assert "was added" in page.content()
    paper = MeetingPaper.objects.get()
    assert (paper.title, paper.restricted, paper.url, paper.order) == ("Yearly assurance reports received", True,
                                                                      "/yearly/", 1)

    journey.skip_to_main().tab_to(f"main a[href='{reverse('pack-page', args=[meeting.pk])}']").follow()
    assert page.get_by_role("heading", level=1).inner_text() == "The pack"
    journey.skip_to_main().tab_to(f"main a[href='{reverse('pack-download', args=[meeting.pk])}']")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    with open(download.value.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    assert journey.tabs < 40, str(journey)


def test_a_paper_edit_refused_because_someone_saved_meanwhile_has_no_wcag_violation(page, page_for, live_server):
    """The edit form's own state of conflict: the other person's change and who made it, beside the field."""
    from reporting import papers_services
    from tests.factories import BodyFactory, MeetingFactory, business_unit, member_of
    from tests.helpers.axe import assert_no_axe_violations

    body = BodyFactory(name="Safeguarding Children Board", short_name="Board")
    meeting, officer, chair = MeetingFactory(body=body), business_unit(), member_of(body, role="chair")
    paper = papers_services.paper_add(meeting=meeting, title="Neglect strategy", url="/yearly/", by=officer)
    page_for(officer)
    page.goto(live_server.url + reverse("paper-edit", args=[paper.pk]), wait_until="load")
    papers_services.paper_update(paper=paper, data={"title": "Neglect strategy, the chair's"}, by=chair)
    page.fill("#id_title", "Neglect strategy, the officer's")
    with page.expect_navigation(wait_until="load"):
        page.locator("main button[type=submit]").first.click()
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible() and "after you opened this page" in summary.inner_text()
    assert page.locator("#id_title").input_value() == "Neglect strategy, the officer's"
    assert_no_axe_violations(page)
