"""Each person's notices: listed newest first with a link to what is owed, marked read one by one
or all at once, counted on the home page; another person's notice is refused."""

import pytest
from django.urls import reverse

from notifications.models import Notice
from notifications.services import chase
from tests.factories import UserFactory
from tests.helpers.queries import assert_queries_do_not_grow
from tests.notifications.test_chase import DUE, due_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(source):
    person = UserFactory()
    source([due_for(person, n=1), due_for(person, n=2)])
    chase(DUE)
    return person


def test_a_person_sees_their_notices_with_links_and_marks_one_read(client_for, owner):
    client = client_for(owner)
    page = client.get(reverse("notice-list")).content.decode()
    assert "2 notices" in page and page.count("Unread</strong>") == 2
    assert 'href="/things/1/"' in page and "Return 1" in page
    notice = Notice.objects.filter(user=owner).order_by("pk").first()
    response = client.post(reverse("notice-read", args=[notice.pk]), follow=True)
    assert "The notice was marked as read." in response.content.decode()
    page = client.get(reverse("notice-list"), {"show": "unread"}).content.decode()
    assert "1 unread notice" in page and "Return 1" not in page


def test_mark_all_read_asks_first_then_marks_every_one(client_for, owner):
    client = client_for(owner)
    assert "You have 2 unread notices." in client.get(reverse("notices-read")).content.decode()
    assert Notice.objects.filter(read_on__isnull=True).count() == 2  # the question changes nothing
    response = client.post(reverse("notices-read"), follow=True)
    assert "2 notices marked as read." in response.content.decode()
    assert not Notice.objects.filter(read_on__isnull=True).exists()
    assert "You have no unread notices." in client.get(reverse("notice-list"), {"show": "unread"}).content.decode()


def test_the_home_page_counts_unread_notices(client_for, owner):
    assert "You have 2 unread notices" in client_for(owner).get(reverse("home")).content.decode()
    assert "unread notice" not in client_for(UserFactory()).get(reverse("home")).content.decode()


def test_someone_else_cannot_mark_my_notice_read(client_for, owner):
    notice = Notice.objects.filter(user=owner).first()
    assert client_for(UserFactory()).post(reverse("notice-read", args=[notice.pk])).status_code == 403
    assert Notice.objects.get(pk=notice.pk).read_on is None


def test_no_notices_yet_is_said(signed_in_client):
    assert "You have no notices yet." in signed_in_client.get(reverse("notice-list")).content.decode()


def test_queries_do_not_grow(client_for, source):
    person = UserFactory()
    dues = []
    source(lambda as_of: list(dues))

    def add(k):
        start = len(dues)
        dues.extend(due_for(person, n=start + i) for i in range(k))
        chase(DUE)

    assert_queries_do_not_grow(client_for(person), reverse("notice-list"), add)


def test_a_notice_links_what_it_is_about_only_where_its_reader_may_open_it(client_for):
    """Issue 13 §2: the chase's last rung, the chair of the body that monitors the sub groups, is told of a
    sub group's overdue draft, which is its body's to read: the notice names it and its due date without a
    link. The owner's notice of the same draft links it; once it is submitted, hers does too."""
    import datetime

    from django.utils import timezone

    from accountability.models import BodyFunction, Function
    from bscb.workdays import is_working_day
    from reporting import services
    from tests.factories import BodyFactory, member_of
    from tests.reporting.helpers import SECTIONS, expected_summary

    monitors = BodyFactory(name="Business Planning Group", short_name="BPG")
    BodyFunction.objects.create(body=monitors, function=Function.MONITORS)
    monitoring_chair = member_of(monitors, role="chair")
    summary, chair, _ = expected_summary(when=timezone.now() - datetime.timedelta(days=60))
    services.summary_save_draft(summary=summary, sections=SECTIONS, by=chair)
    day = timezone.localdate()
    while not is_working_day(day):  # the chase runs on working days only
        day += datetime.timedelta(days=1)
    chase(day)
    link = f'href="{summary.get_absolute_url()}"'
    assert Notice.objects.filter(user=monitoring_chair, url=summary.get_absolute_url()).exists()
    hers = client_for(monitoring_chair)
    page = hers.get(reverse("notice-list")).content.decode()
    assert summary.body.short_name in page and link not in page
    assert hers.get(summary.get_absolute_url()).status_code == 403
    assert link in client_for(chair).get(reverse("notice-list")).content.decode()
    services.summary_submit(summary=summary, by=chair)
    assert link in hers.get(reverse("notice-list")).content.decode()


def test_queries_do_not_grow_with_notices_of_summaries(client_for):
    """One query asks whether the notices' summaries open, however many there are."""
    from reporting.models import Summary
    from tests.reporting.helpers import expected_summary

    person = UserFactory()

    def add(k):
        for _ in range(k):
            summary, _chair, _member = expected_summary()
            Notice.objects.create(user=person, title=str(summary), url=Summary(pk=summary.pk).get_absolute_url(),
                                  reminder=_reminder_for(person, summary))

    assert_queries_do_not_grow(client_for(person), reverse("notice-list"), add, n=3)


def _reminder_for(person, summary):
    from notifications.models import Reminder

    return Reminder.objects.create(key=f"summary:{summary.pk}", step="due", recipient=person, as_of="2026-11-27",
                                   status="sent", title=str(summary), url=summary.get_absolute_url(),
                                   due_date="2026-11-27", run="test")
