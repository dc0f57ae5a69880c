"""The access sweep: every URL of the project, opened and posted to as anonymous, as a user
without the right, and as one with it (DESIGN.md's access rules): the last twice where that user sits
on a body, with their own seat and with a seat derived from chairing."""

from contextlib import contextmanager

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import reverse

from bscb.access import PUBLIC, RECORD, SIGNED_IN, STAFF, TOKEN
from tests.access.registry import CASES
from tests.access.seats import seat_by_derivation
from tests.access.urls import classification_problems, project_routes
from tests.factories import UserFactory
from tests.helpers.forms import hidden_fields
from tests.helpers.writes import assert_no_writes

pytestmark = pytest.mark.django_db


def _sign_in_url():
    return reverse(settings.LOGIN_URL)


def _client(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _assert_sent_to_sign_in(response, url):
    assert response.status_code == 302, f"{url}: anonymous got {response.status_code}"
    assert response["Location"].startswith(_sign_in_url()), response["Location"]


def test_every_url_is_classified():
    assert classification_problems(CASES) == []


def test_an_unclassified_url_fails_the_sweep():
    problems = classification_problems(CASES, urlconf="tests.access.unclassified_urls")
    assert any("not-in-the-registry" in p for p in problems)
    assert any(p.startswith("home:") and "declares no access" in p for p in problems)


def test_the_registry_names_only_urls_that_exist():
    names = {route.name for route in project_routes()}
    assert set(CASES) - names == set()


@pytest.mark.parametrize("name", sorted(CASES))
def test_anonymous(name):
    case = CASES[name]
    scenario = case.setup()
    url = reverse(name, kwargs=scenario.kwargs)
    with assert_no_writes():  # a GET creates nothing
        response = Client().get(url)
    if case.kind in (PUBLIC, TOKEN):
        assert response.status_code == case.get_status
    else:
        _assert_sent_to_sign_in(response, url)
        if case.post:
            before = scenario.state()
            _assert_sent_to_sign_in(Client().post(url, scenario.post_data), url)
            assert scenario.state() == before, f"{name}: an anonymous POST changed something"


@pytest.mark.parametrize("name", sorted(n for n, c in CASES.items() if c.kind == TOKEN))
def test_a_wrong_token_is_refused(name):
    case = CASES[name]
    scenario = case.setup()
    url = reverse(name, kwargs=scenario.bad_kwargs)
    response = Client().get(url)
    assert response.status_code == case.refused_status, f"{name}: a wrong token got {response.status_code}"
    if case.refused_status == 200:
        assert case.refused_text in response.content.decode()
    before = scenario.state()
    Client().post(url, {"new_password1": "x-y-z-1234567890", "new_password2": "x-y-z-1234567890"})
    assert scenario.state() == before


def test_a_token_refused_with_a_page_names_the_refusal():
    """A wrong token answered 200 passes only on its refused text: without one, any page would do."""
    for name, case in CASES.items():
        if case.kind == TOKEN:
            assert case.refused_status in (200, 403, 404), name
            if case.refused_status == 200:
                assert case.refused_text, f"{name}: a 200 refusal needs the text that shows it"


@pytest.mark.parametrize("name", sorted(n for n, c in CASES.items() if c.kind in (RECORD, STAFF)))
def test_a_user_without_the_right_is_refused(name):
    case = CASES[name]
    scenario = case.setup()
    refused = scenario.refused or UserFactory()
    url = reverse(name, kwargs=scenario.kwargs)
    client = _client(refused)
    response = client.get(url)
    assert response.status_code == 403, f"{name}: GET by a user without the right got {response.status_code}"
    assert b"You cannot open this page" in response.content
    if case.post:
        before = scenario.state()
        assert client.post(url, scenario.post_data).status_code == 403
        assert scenario.state() == before, f"{name}: a refused POST changed something"


def _assert_allowed(name, case, scenario, seat):
    url = reverse(name, kwargs=scenario.kwargs)
    client = _client(scenario.allowed)
    with assert_no_writes():  # a GET creates nothing, whatever the page
        page = client.get(url)
    status = page.status_code
    assert status == case.get_status, f"{name}: GET with a {seat} seat got {status}"
    if case.post:
        before = scenario.state()
        # As a browser sends it: with what the page's form carries (an edit form's version, a one-time token).
        guards = hidden_fields(page.content.decode()) if status == 200 and case.html else {}
        response = client.post(url, {**guards, **scenario.post_data})
        assert response.status_code == case.post_status, f"{name} ({seat} seat): " + response.content.decode()[:2000]
        if case.post_status == 302:
            assert scenario.state() != before, f"{name}: the allowed POST with a {seat} seat changed nothing"


@contextmanager
def _rolled_back():
    savepoint = transaction.savepoint()
    try:
        yield
    finally:
        transaction.savepoint_rollback(savepoint)


def _allowed_with_each_seat(name) -> list[str]:
    """The allowed user opens the page (and posts) with the seats the case gave them; then, where they
    sit on a body other than as its chair, with those seats derived from chairing instead
    (tests/access/seats.py): a derived seat carries every right a direct seat does. The seats run."""
    case = CASES[name]
    scenario = case.setup()
    with _rolled_back():  # the derived run starts from the state the setup left
        _assert_allowed(name, case, scenario, "direct")
    if scenario.allowed is None or not seat_by_derivation(scenario.allowed):
        return ["direct"]
    _assert_allowed(name, case, scenario, "derived")
    return ["direct", "derived"]


@pytest.mark.parametrize("name", sorted(n for n, c in CASES.items() if c.kind in (SIGNED_IN, RECORD, STAFF)))
def test_a_user_with_the_right_gets_the_page(name):
    _allowed_with_each_seat(name)


@pytest.mark.parametrize("name", ["summaries-received", "summary-detail", "meeting-decision-add"])
def test_cases_whose_allowed_user_sits_on_a_body_run_with_a_derived_seat_too(name):
    """The second run is not vacuous: these cases' allowed users are members, and run twice."""
    assert _allowed_with_each_seat(name) == ["direct", "derived"]


def test_the_admin_is_for_administrators_only():
    url = reverse("admin:index")
    admin_sign_in = reverse("admin:login")
    assert Client().get(url)["Location"].startswith(admin_sign_in)
    assert _client(UserFactory()).get(url)["Location"].startswith(admin_sign_in)
    assert _client(UserFactory(is_staff=True, is_superuser=True)).get(url).status_code == 200
