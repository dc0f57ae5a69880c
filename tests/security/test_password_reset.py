import re

import pytest
from django.core import mail
from django.urls import reverse

from bscb.models import Partnership
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_password_reset_by_email_link(client):
    Partnership.objects.create(name="Testshire Safeguarding Partnership", short_name="TSP", area="Testshire")
    user = UserFactory(email="reset.me@agency.example.org")
    response = client.post(reverse("password-reset"), {"email": "reset.me@agency.example.org"})
    assert response["Location"] == reverse("password-reset-sent")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["reset.me@agency.example.org"]
    assert "Testshire Safeguarding Partnership" in message.subject
    link = re.search(r"https?://[^/]+(/password-reset/\S+/)", message.body).group(1)

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


def test_an_unknown_address_is_told_the_same_and_sent_nothing(client):
    response = client.post(reverse("password-reset"), {"email": "nobody@agency.example.org"})
    assert response["Location"] == reverse("password-reset-sent")
    assert mail.outbox == []


def test_an_empty_address_gets_a_message_beside_the_field(client):
    response = client.post(reverse("password-reset"), {"email": ""})
    assert response.status_code == 200
    assert "Enter your email address" in response.content.decode()
