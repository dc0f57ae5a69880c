import pytest
from django.urls import reverse

from bscb.models import Theme
from bscb.services import THEME_EXISTS
from tests.factories import BodyFactory, ThemeFactory, business_unit, member_of
from tests.helpers.forms import post_form

pytestmark = pytest.mark.django_db


def test_the_business_unit_adds_a_theme_and_everyone_sees_it(client_for):
    response = post_form(client_for(business_unit()), reverse("theme-create"),
                         {"name": "  Children  who go missing ", "description": ""})
    assert response["Location"] == reverse("theme-list")
    assert Theme.objects.get().name == "Children who go missing"
    html = client_for(member_of(BodyFactory())).get(reverse("theme-list")).content.decode()
    assert "Children who go missing" in html
    assert "Add a theme" not in html


def test_a_duplicate_name_is_refused_beside_the_field_keeping_what_was_typed(client_for):
    ThemeFactory(name="Neglect")
    response = post_form(client_for(business_unit()), reverse("theme-create"),
                         {"name": "neglect", "description": "Typed text kept"})
    html = response.content.decode()
    assert response.status_code == 200
    assert THEME_EXISTS in html
    assert "Typed text kept" in html
    assert Theme.objects.count() == 1


def test_an_empty_name_gets_a_message(client_for):
    response = post_form(client_for(business_unit()), reverse("theme-create"), {"name": "", "description": ""})
    assert "Enter the theme&#x27;s name" in response.content.decode()
