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
