"""The skeleton's pages: sign-in, password, accessibility, health, home."""

from bscb.access import PUBLIC, SIGNED_IN, TOKEN
from tests.access.types import Case, Scenario


def _reset_link():
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    from tests.factories import UserFactory

    user = UserFactory()
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    new = "a-brand-new-passphrase-2026"
    return Scenario(
        kwargs={"uidb64": uid, "token": default_token_generator.make_token(user)},
        bad_kwargs={"uidb64": uid, "token": "badtoken-0000000000000000000000000000"},
        # Posted to the page the link leads to (it moves the token out of the address first).
        post_data={"new_password1": new, "new_password2": new},
        state=lambda: user.__class__.objects.get(pk=user.pk).password,
    )


def _signed_in():
    from tests.factories import UserFactory

    return Scenario(allowed=UserFactory())


def _password_change():
    from tests.factories.accountability import PASSWORD, UserFactory

    user = UserFactory()
    new = "a-brand-new-passphrase-2026"
    return Scenario(
        allowed=user,
        post_data={"old_password": PASSWORD, "new_password1": new, "new_password2": new},
        state=lambda: user.__class__.objects.get(pk=user.pk).password,
    )


CASES: dict[str, Case] = {
    "sign-in": Case(PUBLIC, post=True, post_status=200),
    "sign-out": Case(PUBLIC, post=True, post_status=302, get_status=405, html=False),
    "password-reset": Case(PUBLIC, post=True, post_status=200),
    "password-reset-sent": Case(PUBLIC),
    "password-reset-confirm": Case(
        TOKEN, setup=_reset_link, get_status=302, refused_status=200, refused_text="This link does not work",
        post=True, post_status=302,
    ),
    "password-reset-complete": Case(PUBLIC),
    "password-change": Case(SIGNED_IN, setup=_password_change, post=True, post_status=302),
    "password-change-done": Case(SIGNED_IN, setup=_signed_in),
    "accessibility": Case(PUBLIC),
    "health": Case(PUBLIC, html=False),
    "home": Case(SIGNED_IN, setup=_signed_in),
    "bare": Case(SIGNED_IN, setup=_signed_in),
}
