"""The messages of the password validators sit beside the new password, where the reader typed what they
judge (issue 13 §2: "too short" and "too common" sat beside the confirmation field)."""

import re

import pytest
from django.urls import reverse

from tests.factories import UserFactory
from tests.helpers.forms import post_form

pytestmark = pytest.mark.django_db


def beside(html: str, field: str) -> str:
    """The error message shown beside a field ("" if none)."""
    found = re.search(rf'<p id="id_{field}-error" class="govuk-error-message">(.*?)</p>', html, re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(1)).split()) if found else ""


def reset_link_page(client) -> str:
    """Follow a password reset link to its set-password form; its address."""
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    user = UserFactory(email="reset.me@agency.example.org")
    link = reverse("password-reset-confirm", args=[urlsafe_base64_encode(force_bytes(user.pk)),
                                                   default_token_generator.make_token(user)])
    return client.get(link, follow=True).redirect_chain[-1][0]


@pytest.mark.parametrize("password, message", [
    ("short", "This password is too short"),
    ("password1234", "This password is too common"),
])
def test_on_the_set_password_page_the_new_password_is_judged_beside_it(client, password, message):
    url = reset_link_page(client)
    html = post_form(client, url, {"new_password1": password, "new_password2": password}).content.decode()
    assert message in beside(html, "new_password1")
    assert beside(html, "new_password2") == ""


def test_a_confirmation_that_differs_is_told_beside_the_confirmation(client):
    url = reset_link_page(client)
    html = post_form(client, url, {"new_password1": "short", "new_password2": "shorter"}).content.decode()
    assert "This password is too short" in beside(html, "new_password1")
    assert "didn" in beside(html, "new_password2") and "match" in beside(html, "new_password2")


def test_on_the_change_password_page_too(client_for):
    from tests.factories.accountability import PASSWORD

    client = client_for(UserFactory())
    html = post_form(client, reverse("password-change"), {
        "old_password": PASSWORD, "new_password1": "short", "new_password2": "short"}).content.decode()
    assert "This password is too short" in beside(html, "new_password1")
    assert beside(html, "new_password2") == ""
