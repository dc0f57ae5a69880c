import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_shows_the_partnership_name_and_the_person(signed_in_client, user):
    from bscb.models import Partnership

    Partnership.objects.create(name="Testshire Safeguarding Partnership", short_name="TSP", area="Testshire")
    response = signed_in_client.get(reverse("home"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Testshire Safeguarding Partnership" in text
    assert user.full_name in text
