"""Issue 12 §7: no post to any form of the project is a server error, however malformed.

The forms are the URL registry's (tests/fuzz/registry.py: every URL whose Case takes a POST, the set the form guards
classify). A URL nobody put in the registry, or a page showing a form that posts to a URL whose Case does not say
it takes a POST, fails test_every_form_listed.py: a new form is fuzzed from the day it is listed, and cannot go
unlisted.

For each form, the user with the right opens the page; its fields are read from the HTML (names, kinds, options);
then Hypothesis posts the form as the page sends it with the case's answers and its guards (an edit form's version,
a create form's one-time token), a few fields changed to something hostile (tests/fuzz/strategies.py). Every answer
must be below 500, and most posts must reach the form's checks (saved, or refused beside a field), not only be
turned away as an expired page. Each post runs in a savepoint rolled back after it: posts do not see each other's.

Bounded: FUZZ_EXAMPLES posts a form (15 unless the environment says more, for a longer run by hand), derandomised
in CI so that a failure there is the same failure here; Hypothesis prints the failing post, shrunk.
"""

import os
from collections import Counter
from contextlib import contextmanager
from copy import deepcopy
from urllib.parse import urlencode, urlsplit

import pytest
from django.conf import settings as django_settings
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings

from bscb.forms import FORM_EXPIRED
from tests.access.registry import CASES
from tests.fuzz.fields import own_fields
from tests.fuzz.registry import FORMS
from tests.fuzz.strategies import Post, always, posts
from tests.helpers.forms import as_post, hidden_fields, page_form
from tests.helpers.services import IN_CI

pytestmark = pytest.mark.django_db


settings.register_profile(
    "forms",
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "15")),
    deadline=None,  # a post renders a page: its time varies with the machine
    database=None,  # no .hypothesis folder: a failure is reproduced from the printed example (and CI's seed)
    derandomize=IN_CI,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.large_base_example, HealthCheck.data_too_large],
)
FUZZ = settings.get_profile("forms")

SAVED, BESIDE_A_FIELD = "saved", "refused beside a field"
# The share of a form's posts that must reach its checks.
REACHED_AT_LEAST = 0.5


def _as_sent(value):
    return [str(item) for item in value] if isinstance(value, list | tuple) else str(value)


def _opened(name):
    """The case's user with the right, the form's URL, its fields and the post the page would send."""
    case = CASES[name]
    scenario = case.setup()
    client = Client()
    if scenario.allowed is not None:
        client.force_login(scenario.allowed)
    # Where the address redirects (a password reset link moves its token into the session), the form is the page
    # it leads to.
    response = client.get(reverse(name, kwargs=scenario.kwargs), follow=True)
    url = response.request["PATH_INFO"]
    fields, base = {}, {}
    if case.html:
        # (Not the sign-in page in its place: the fuzz would post to the wrong form.)
        assert response.status_code == 200 and (name == "sign-in" or url != reverse(django_settings.LOGIN_URL)), (
            f"{name}: its user with the right cannot open it ({response.status_code}, {url})")
        html = response.content.decode()
        fields = own_fields(html)
        # As the access sweep posts it (which it saves): the page's guards and the case's answers; a case without
        # answers (an action, a sign-in), the page's form as it is.
        if scenario.post_data:
            base = hidden_fields(html)
        elif fields:
            base = as_post(page_form(html))
    base.update({key: _as_sent(value) for key, value in scenario.post_data.items()})
    base.pop("csrfmiddlewaretoken", None)
    return client, url, fields, base, scenario.allowed is not None


@contextmanager
def _rolled_back(client):
    """One post's effects, undone: the database's (a savepoint) and the client's cookies (a sign-out, a new
    session)."""
    cookies = deepcopy(client.cookies)
    try:
        with transaction.atomic():
            yield
            transaction.set_rollback(True)
    finally:
        client.cookies = cookies


def _send(client, url, post: Post):
    if post.urlencoded:
        return client.post(url + post.query, urlencode(post.sent(), doseq=True),
                           content_type="application/x-www-form-urlencoded")
    return client.post(url + post.query, post.sent())


def _outcome(response, signed_in: bool) -> str:
    if response.status_code in (301, 302, 303):
        # (Where nobody is signed in, as on the sign-out form, being sent there is the answer.)
        if signed_in and urlsplit(response["Location"]).path == reverse(django_settings.LOGIN_URL):
            return "sent to sign in"
        return SAVED
    page = response.content.decode(errors="replace")
    if FORM_EXPIRED in page:
        return "expired"
    if "after you opened this page" in page:
        return "stale"
    if response.status_code == 200 and "govuk-error-summary" in page:
        return BESIDE_A_FIELD
    return f"answered {response.status_code}"


@pytest.mark.parametrize("name", FORMS)
def test_no_post_to_a_form_is_a_server_error(name):
    client, url, fields, base, signed_in = _opened(name)
    outcomes = Counter()

    def post_to_the_form(post):
        with _rolled_back(client):
            response = _send(client, url, post)
        assert response.status_code < 500, f"{name}: {response.status_code}"
        outcomes[_outcome(response, signed_in)] += 1

    fuzz = given(post=posts(fields, base))(post_to_the_form)
    for post in always(fields, base):
        fuzz = example(post=post)(fuzz)
    FUZZ(fuzz)()
    reached = outcomes[SAVED] + outcomes[BESIDE_A_FIELD]
    assert reached >= REACHED_AT_LEAST * sum(outcomes.values()), f"{name}: {dict(outcomes)}"
    if CASES[name].post_status == 302:  # the case's own answers, as the page sends them, save
        assert outcomes[SAVED], f"{name}: {dict(outcomes)}"
