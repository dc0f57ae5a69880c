"""Sign-in, lockout after repeated failures for one email address, sign-out, inactivity."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from bscb.middleware import SIGNED_OUT_INACTIVE
from bscb.views.auth import LOCKED_OUT
from tests.factories import UserFactory
from tests.factories.accountability import PASSWORD

pytestmark = pytest.mark.django_db


def _sign_in(client, email, password):
    return client.post(reverse("sign-in"), {"username": email, "password": password})


def test_sign_in_by_email_in_any_case_goes_home(client):
    user = UserFactory(email="jo.morgan@agency.example.org")
    response = _sign_in(client, "Jo.Morgan@Agency.example.org", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.get(reverse("home")).context["user"] == user


def test_a_wrong_password_says_so_and_keeps_the_email_typed(client):
    UserFactory(email="sam@agency.example.org")
    response = _sign_in(client, "sam@agency.example.org", "not-the-password")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Enter the email address and password of an account on this service." in html
    assert 'value="sam@agency.example.org"' in html


def test_sign_in_locks_after_repeated_failures_for_that_email_address(client, settings):
    UserFactory(email="locked@agency.example.org")
    other = UserFactory(email="other@agency.example.org")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, "locked@agency.example.org", "wrong-password")
    response = _sign_in(client, "locked@agency.example.org", PASSWORD)
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    assert response.status_code == 429
    assert LOCKED_OUT.format(minutes=minutes) in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Locked by email address, not by network address: a colleague in the same office signs in.
    assert _sign_in(client, other.email, PASSWORD).status_code == 302


def test_sign_out_is_a_post_and_ends_the_session(signed_in_client):
    assert signed_in_client.get(reverse("sign-out")).status_code == 405
    response = signed_in_client.post(reverse("sign-out"))
    assert response["Location"] == reverse("sign-in")
    assert signed_in_client.get(reverse("home"))["Location"].startswith(reverse("sign-in"))


def test_a_session_ends_after_inactivity(signed_in_client, settings):
    with time_machine.travel("2026-11-27 10:00", tick=False) as traveller:
        assert signed_in_client.get(reverse("home")).status_code == 200
        traveller.shift(timedelta(minutes=settings.SESSION_IDLE_MINUTES + 1))
        response = signed_in_client.get(reverse("home"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("sign-in"))
    assert SIGNED_OUT_INACTIVE.format(minutes=settings.SESSION_IDLE_MINUTES) in response.content.decode()


def test_a_session_in_use_stays_open(signed_in_client, settings):
    step = timedelta(minutes=settings.SESSION_IDLE_MINUTES - 5)
    with time_machine.travel("2026-11-27 10:00", tick=False) as traveller:
        for _ in range(4):  # well past the idle limit in all, never idle that long
            assert signed_in_client.get(reverse("home")).status_code == 200
            traveller.shift(step)
        assert signed_in_client.get(reverse("home")).status_code == 200
