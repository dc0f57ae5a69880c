"""Who may open each URL of the project. The access sweep (test_access_sweep.py) and the axe sweep
(tests/browser/test_axe_sweep.py) both read this; a URL missing here fails the sweep.

A later issue that adds a URL adds a Case here, with a `setup` that builds the record and names
a user with the right and a user without it (a member of another body or agency, not merely a
user with no group), and the form data that a POST would send.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from bscb.access import PUBLIC, RECORD, SIGNED_IN, STAFF, TOKEN


@dataclass
class Scenario:
    kwargs: dict = field(default_factory=dict)
    allowed: object = None  # a user with the right (None: anonymous is enough)
    refused: object = None  # a signed-in user without the right (record and staff kinds)
    post_data: dict = field(default_factory=dict)
    # What a refused POST must leave unchanged: called before and after, results compared.
    state: Callable[[], object] = lambda: None
    bad_kwargs: dict | None = None  # token kind: the same URL with a wrong secret


@dataclass
class Case:
    kind: str
    setup: Callable[[], Scenario] = Scenario
    post: bool = False  # whether the view accepts a form POST
    get_status: int = 200  # what the allowed user gets
    post_status: int = 200  # what the allowed user's POST of post_data gets
    html: bool = True  # an HTML page (the axe sweep opens it)
    # A fragment of the page that shows a token was refused (token kind).
    refused_text: str = ""


def _reset_link():
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    from tests.factories import UserFactory

    user = UserFactory()
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return Scenario(
        kwargs={"uidb64": uid, "token": default_token_generator.make_token(user)},
        bad_kwargs={"uidb64": uid, "token": "badtoken-0000000000000000000000000000"},
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
        TOKEN, setup=_reset_link, get_status=302, refused_text="This link does not work"
    ),
    "password-reset-complete": Case(PUBLIC),
    "password-change": Case(SIGNED_IN, setup=_password_change, post=True, post_status=302),
    "password-change-done": Case(SIGNED_IN, setup=_signed_in),
    "accessibility": Case(PUBLIC),
    "health": Case(PUBLIC, html=False),
    "home": Case(SIGNED_IN, setup=_signed_in),
    "bare": Case(SIGNED_IN, setup=_signed_in),
}

KINDS = (PUBLIC, TOKEN, SIGNED_IN, RECORD, STAFF)
