import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from bscb.models import Partnership
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_password_reset_by_email_link(client, run_tasks, django_capture_on_commit_callbacks):
    Partnership.objects.create(name="Testshire Safeguarding Partnership", short_name="TSP", area="Testshire")
    user = UserFactory(email="reset.me@agency.example.org")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse("password-reset"), {"email": "reset.me@agency.example.org"})
    assert response["Location"] == reverse("password-reset-sent")
    assert len(callbacks) == 1 and len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["reset.me@agency.example.org"]
    assert "Testshire Safeguarding Partnership" in message.subject
    # Text and HTML parts from templates/registration/email/, linking to SITE_URL (not the Host header).
    link = re.search(r"https?://[^/]+(/password-reset/\S+/)", message.body).group(1)
    html, kind = message.alternatives[0]
    assert kind == "text/html" and f'<a href="{settings.SITE_URL}{link}">' in html
    assert f"{settings.SITE_URL}{link}" in message.body
    assert "Testshire Safeguarding Partnership" in message.body and "within 24 hours" in html

    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    new = "a-fresh-passphrase-for-2027"
    done = client.post(set_url, {"new_password1": new, "new_password2": new})
    assert done["Location"] == reverse("password-reset-complete")
    user.refresh_from_db()
    assert user.check_password(new)
    # The link is spent.
    assert "This link does not work" in client.get(link, follow=True).content.decode()


def test_the_request_only_enqueues_the_email(client, django_capture_on_commit_callbacks):
    UserFactory(email="reset.me@agency.example.org")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("password-reset"), {"email": "reset.me@agency.example.org"})
    assert response["Location"] == reverse("password-reset-sent")
    assert len(callbacks) == 1 and mail.outbox == []  # no SMTP inside the request


def test_an_unknown_address_is_told_the_same_and_sent_nothing(client, run_tasks, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse("password-reset"), {"email": "nobody@agency.example.org"})
    assert response["Location"] == reverse("password-reset-sent")
    assert callbacks == [] and mail.outbox == []


def test_an_empty_address_gets_a_message_beside_the_field(client):
    response = client.post(reverse("password-reset"), {"email": ""})
    assert response.status_code == 200
    assert "Enter your email address" in response.content.decode()


# Issue 12, item 1: one normalisation of the address for storage, sign-in, the lockout and reset.
def _reset_link(client, email, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("password-reset"), {"email": email})
    assert len(mail.outbox) == 1
    return re.search(r"https?://[^/]+(/password-reset/\S+/)", mail.outbox[0].body).group(1)


def test_an_address_in_any_case_resets_the_stored_one(client, run_tasks, django_capture_on_commit_callbacks):
    UserFactory(email="reset.me@agency.example.org")
    _reset_link(client, "  Reset.ME@Agency.Example.org ", django_capture_on_commit_callbacks)
    assert mail.outbox[0].to == ["reset.me@agency.example.org"]


def test_a_password_reset_ends_the_lockout_on_the_address(client, run_tasks, django_capture_on_commit_callbacks,
                                                          settings):
    # The locked-out page says "Wait, or reset your password": the reset must unlock.
    from tests.factories.accountability import PASSWORD

    user = UserFactory(email="reset.me@agency.example.org")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("sign-in"), {"username": user.email, "password": "wrong-password"})
    assert client.post(reverse("sign-in"), {"username": user.email, "password": PASSWORD}).status_code == 429

    link = _reset_link(client, "Reset.Me@agency.example.org", django_capture_on_commit_callbacks)
    set_url = client.get(link, follow=True).redirect_chain[-1][0]
    new = "a-fresh-passphrase-for-2027"
    assert client.post(set_url, {"new_password1": new, "new_password2": new})["Location"] == reverse(
        "password-reset-complete")
    response = client.post(reverse("sign-in"), {"username": user.email, "password": new})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    # In any case typed, too.
    client.post(reverse("sign-out"))
    assert client.post(reverse("sign-in"), {"username": "RESET.me@agency.example.org", "password": new})[
        "Location"] == reverse("home")
