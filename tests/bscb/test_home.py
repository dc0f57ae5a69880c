"""The home page: a person's bodies and next meetings; the business unit's view of what to record."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accountability.models import Meeting, Membership
from tests.factories import BodyFactory, BodyKindFactory, MeetingFactory, UserFactory, business_unit, member_of
from tests.helpers.queries import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db


def test_a_member_sees_their_bodies_including_a_seat_derived_from_chairing(client_for):
    sub_group_kind = BodyKindFactory(name="Sub group")
    bpg = BodyFactory(name="Business Planning Group", seats_for_chairs_of=sub_group_kind)
    pmae = BodyFactory(name="PMAE sub group", kind=sub_group_kind)
    chair = member_of(pmae, role="chair")
    MeetingFactory(body=bpg, starts_at=timezone.now() + timedelta(days=3), place="Britannia House")
    html = client_for(chair).get(reverse("home")).content.decode()
    assert "PMAE sub group</a> – Chair" in html
    assert "Business Planning Group</a> – Member (as a chair)" in html
    assert "Britannia House" in html
    assert "The partnership at a glance" not in html


def test_someone_with_no_seat_is_told_how_to_get_one(signed_in_client):
    html = signed_in_client.get(reverse("home")).content.decode()
    assert "You do not sit on any body at the moment" in html
    assert "None of your bodies has a meeting scheduled." in html


def test_the_business_unit_sees_meetings_that_need_recording(client_for):
    officer = business_unit()
    board = BodyFactory(name="Safeguarding Board")
    MeetingFactory(body=board, starts_at=timezone.now() - timedelta(days=2), status="scheduled")
    MeetingFactory(body=board, starts_at=timezone.now() - timedelta(days=40), status="held")
    html = client_for(officer).get(reverse("home")).content.decode()
    assert "The partnership at a glance" in html
    assert "Not recorded as held" in html
    assert "No attendance recorded" in html


def test_home_queries_do_not_grow_with_meetings_and_seats(client_for):
    officer = business_unit()
    body = BodyFactory()
    person = UserFactory()

    def add_rows(k):
        start = Meeting.objects.count()
        Meeting.objects.bulk_create(
            Meeting(body=body, starts_at=timezone.now() + timedelta(days=1 + start + i)) for i in range(k)
        )
        Meeting.objects.bulk_create(
            Meeting(body=body, starts_at=timezone.now() - timedelta(days=1 + start + i)) for i in range(k)
        )
        Membership.objects.bulk_create(
            Membership(person=person, body=BodyFactory(), role="member") for _ in range(k)
        )

    client = client_for(officer)
    assert_queries_do_not_grow(client, reverse("home"), add_rows)
