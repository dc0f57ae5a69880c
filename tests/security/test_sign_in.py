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


# Issue 12, item 1: django-axes counted the address as typed while sign-in matched it in any case, so
# every case variant had five fresh tries and a locked address signed in with its capitals changed.
LOCKED_EMAIL = "daniel.wilson@agency.example.org"
CASE_VARIANTS = [
    "Daniel.wilson@agency.example.org",
    "dAniel.wilson@agency.example.org",
    "DANIEL.WILSON@AGENCY.EXAMPLE.ORG",
    " daniel.Wilson@Agency.Example.org ",
    "daniel.wilsoN@agency.example.ORG",
]


def _assert_refused_as_locked(client, response, settings):
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    assert response.status_code == 429
    assert LOCKED_OUT.format(minutes=minutes) in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_failures_in_mixed_case_lock_the_one_address(client, settings):
    UserFactory(email=LOCKED_EMAIL)
    assert len(CASE_VARIANTS) == settings.AXES_FAILURE_LIMIT
    statuses = [_sign_in(client, variant, "wrong-password").status_code for variant in CASE_VARIANTS]
    assert statuses == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]  # the fifth failure locks
    # Another variant, with the right password: refused, as is the address as stored.
    _assert_refused_as_locked(client, _sign_in(client, "daNiel.wilson@agency.example.org", PASSWORD), settings)
    _assert_refused_as_locked(client, _sign_in(client, LOCKED_EMAIL, PASSWORD), settings)


def test_a_locked_address_is_refused_with_its_capitals_changed(client, settings):
    UserFactory(email=LOCKED_EMAIL)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, LOCKED_EMAIL, "wrong-password")
    for variant in CASE_VARIANTS:
        _assert_refused_as_locked(client, _sign_in(client, variant, PASSWORD), settings)


def test_the_admin_sign_in_counts_case_variants_as_one_address(client, settings):
    UserFactory(email=LOCKED_EMAIL, is_staff=True, is_superuser=True)
    admin_login = reverse("admin:login")
    for variant in CASE_VARIANTS:
        client.post(admin_login, {"username": variant, "password": "wrong-password"})
    response = client.post(admin_login, {"username": "daNiel.wilson@agency.example.org", "password": PASSWORD})
    _assert_refused_as_locked(client, response, settings)
    # Locked for the sign-in page too: one address, one count, whichever door.
    _assert_refused_as_locked(client, _sign_in(client, "Daniel.Wilson@agency.example.org", PASSWORD), settings)


def test_failures_are_recorded_under_the_stored_address(client, settings):
    from axes.models import AccessAttempt

    UserFactory(email=LOCKED_EMAIL)
    for variant in CASE_VARIANTS[:3]:
        _sign_in(client, variant, "wrong-password")
    assert list(AccessAttempt.objects.values_list("username", "failures_since_start")) == [(LOCKED_EMAIL, 3)]
    # A success under any variant clears them (AXES_RESET_ON_SUCCESS reads the stored address).
    assert _sign_in(client, CASE_VARIANTS[3], PASSWORD).status_code == 302
    assert not AccessAttempt.objects.filter(failures_since_start__gt=0).exists()


def test_a_unicode_variant_of_a_locked_address_is_refused(client, settings):
    # "ſ" (long s) and "K" (Kelvin sign) pass Django's email validator; PostgreSQL's UPPER() folds
    # the first to "S", so a case-insensitive lookup found the account under another axes key.
    UserFactory(email="kate.wilson@agency.example.org")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, "kate.wilson@agency.example.org", "wrong-password")
    for variant in ("kate.wil\u017fon@agency.example.org", "\u212aate.wilson@agency.example.org"):
        _assert_refused_as_locked(client, _sign_in(client, variant, PASSWORD), settings)


def test_accounts_are_stored_and_found_by_the_normalised_address(db):
    from django.contrib.auth import get_user_model

    from bscb.identity import normalise_email

    User = get_user_model()
    assert normalise_email("  Daniel.Wilson@Agency.EXAMPLE.org\n") == LOCKED_EMAIL
    assert normalise_email("\u212aate@agency.example.org") == "kate@agency.example.org"
    created = User.objects.create_user(email=" Daniel.Wilson@Agency.example.org ", password=PASSWORD,
                                       full_name="Daniel Wilson")
    made_by_a_factory = UserFactory(email="Sam.Jones@Agency.example.org")
    assert (created.email, made_by_a_factory.email) == (LOCKED_EMAIL, "sam.jones@agency.example.org")
    assert User.objects.get_by_natural_key("DANIEL.wilson@agency.example.org") == created
