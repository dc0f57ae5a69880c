"""A business unit officer finds an overdue summary on the page of what is due, opens its chase
history and reminds its chair now, with the keyboard alone (the email goes by task after the commit);
the chair then finds the notice."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notice, Reminder
from tests.factories import UserFactory, business_unit, member_of
from tests.helpers.keyboard import focus_is_visible, tab_to
from tests.reporting.helpers import held_meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def press_and_wait(page, key="Enter"):
    with page.expect_navigation(wait_until="load"):
        page.keyboard.press(key)


def test_the_business_unit_reminds_a_chair_now_by_keyboard(page, page_for, live_server, run_tasks):
    # The live server commits for real, so the send task enqueued on commit runs (eagerly) after it.
    from reporting import services

    officer = business_unit(person=UserFactory(full_name="Sam Officer"))
    meeting = held_meeting(when=timezone.now() - timezone.timedelta(days=60))
    chair = member_of(meeting.body, role="chair", person=UserFactory(full_name="Amy Chair"))
    summary = services.summary_expect(meeting)

    page_for(officer)
    page.goto(live_server.url + reverse("due-list"), wait_until="load")
    assert "Overdue" in page.content() and "Owed by Amy Chair" in page.content()
    assert "Nobody reminded yet" in page.content()
    tab_to(page, "form[action$='/remind/'] button")
    assert focus_is_visible(page)
    press_and_wait(page)
    assert "Reminded now: Amy Chair." in page.content()
    assert page.url.endswith(reverse("due-list"))
    reminder = Reminder.objects.get(key=f"summary:{summary.pk}")
    assert reminder.sent_by == officer and [m.to for m in mail.outbox] == [[chair.email]]
    # The chase history, opened by keyboard, shows who pressed it.
    tab_to(page, "details summary")
    page.keyboard.press("Enter")
    assert "Reminded now by Sam Officer" in page.locator("details").inner_text()

    page_for(chair)
    page.goto(live_server.url + reverse("notice-list"), wait_until="load")
    tab_to(page, f"a[href='{reverse('summary-detail', args=[summary.pk])}']")
    tab_to(page, "form[action$='/read/'] button")
    press_and_wait(page)
    assert "The notice was marked as read." in page.content()
    assert Notice.objects.get(user=chair).read_on is not None
