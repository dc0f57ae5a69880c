import pytest
from django.urls import reverse

from accountability.models import User
from bscb.models import Partnership
from tests.helpers.queries import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db


def test_the_partnerships_name_is_configuration_shown_on_every_page(client, signed_in_client):
    assert "Safeguarding partnership" in client.get(reverse("sign-in")).content.decode()
    partnership = Partnership.objects.create(name="Northshire Children's Partnership", short_name="NCP", area="N")
    assert "Northshire Children&#x27;s Partnership" in signed_in_client.get(reverse("home")).content.decode()
    partnership.name = "Southshire Safeguarding Partnership"
    partnership.save()  # the cached name is replaced at once
    assert "Southshire Safeguarding Partnership" in client.get(reverse("accessibility")).content.decode()
    assert Partnership.objects.count() == 1


def test_the_accessibility_statement_opens_without_sign_in_and_names_what_falls_short(client):
    html = client.get(reverse("accessibility")).content.decode()
    assert "WCAG" in html and "2.2" in html
    assert "Django admin" in html


def test_administrators_see_the_way_to_the_admin_and_others_do_not(staff_client, signed_in_client):
    assert reverse("admin:index") in staff_client.get(reverse("home")).content.decode()
    assert reverse("admin:index") not in signed_in_client.get(reverse("home")).content.decode()


def test_home_queries_do_not_grow_with_the_data(signed_in_client):
    def add_people(k):
        start = User.objects.count()
        User.objects.bulk_create(
            User(email=f"bulk{start + i}@agency.example.org", full_name=f"Person {i}") for i in range(k)
        )

    assert assert_queries_do_not_grow(signed_in_client, reverse("home"), add_people) <= 10
