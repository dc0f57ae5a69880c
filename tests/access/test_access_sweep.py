"""The access sweep: every URL of the project, opened and posted to as anonymous, as users without
the right (the wrong role, a member of another sub group, a lead of another agency), and as one with
it (DESIGN.md's access rules): the last twice where that user sits on a body, with their own seat and
with a seat derived from chairing. Every page links only what opens for its reader, and a list links
a record only for those who may open it (issue 13 §2 and §3)."""

import datetime
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, resolve, reverse

from bscb.access import PUBLIC, RECORD, SIGNED_IN, STAFF, TOKEN
from tests.access.registry import CASES
from tests.access.seats import seat_by_derivation
from tests.access.types import OTHER_AGENCY, OTHER_SUB_GROUP, WRONG_ROLE
from tests.access.urls import classification_problems, project_routes
from tests.factories import BodyFactory, OrganisationFactory, UserFactory, member_of
from tests.helpers.forms import hidden_fields
from tests.helpers.links import links_refused
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


def _lead_of_another_agency():
    from accountability.models import OrganisationLead

    lead = UserFactory(full_name="Lee Elsewhere")
    OrganisationLead.objects.create(organisation=OrganisationFactory(name="Another agency"), person=lead,
                                    start=datetime.date(2016, 4, 1))
    return lead


def _refused_users(scenario) -> dict[str, object]:
    """The three refusals DESIGN.md names, the case's own where it gives them, else the sweep's: a person
    with no seat, a member of a body of their own, a lead of an agency of their own; but those the case
    says hold the right here."""
    makers = {
        WRONG_ROLE: lambda: scenario.refused or UserFactory(),
        OTHER_SUB_GROUP: lambda: scenario.other_sub_group or member_of(BodyFactory(name="Another sub group")),
        OTHER_AGENCY: lambda: scenario.other_agency or _lead_of_another_agency(),
    }
    return {who: make() for who, make in makers.items() if who not in scenario.not_refused}


@pytest.mark.parametrize("name", sorted(n for n, c in CASES.items() if c.kind in (RECORD, STAFF)))
def test_users_without_the_right_are_refused(name):
    case = CASES[name]
    scenario = case.setup()
    url = reverse(name, kwargs=scenario.kwargs)
    for who, refused in _refused_users(scenario).items():
        client = _client(refused)
        response = client.get(url)
        assert response.status_code == 403, f"{name}: GET by {who} got {response.status_code}"
        assert b"You cannot open this page" in response.content
        if case.post:
            before = scenario.state()
            assert client.post(url, scenario.post_data).status_code == 403, f"{name}: POST by {who}"
            assert scenario.state() == before, f"{name}: a refused POST by {who} changed something"


def _worth_opening(link: str) -> bool:
    """Whether a link could refuse a signed-in reader: its page decides per record or per role, or
    names a record that might not exist. A page every signed-in member opens (the header's sections)
    is opened by the sweep itself."""
    try:
        match = resolve(link.split("?")[0])
    except Resolver404:
        return True  # a link to nowhere: opened, it is a 404
    return bool(match.kwargs) or getattr(match.func, "access", None) in (RECORD, STAFF)


def _assert_links_open(client, html, url, who):
    refused = links_refused(client, html, url, worth=_worth_opening)
    assert not refused, f"{url} shows {who} links that do not open for them: {refused}"


def _assert_allowed(name, case, scenario, seat):
    url = reverse(name, kwargs=scenario.kwargs)
    client = _client(scenario.allowed)
    with assert_no_writes():  # a GET creates nothing, whatever the page
        page = client.get(url)
    status = page.status_code
    assert status == case.get_status, f"{name}: GET with a {seat} seat got {status}"
    if status == 200 and case.html and seat == "direct":
        _assert_links_open(client, page.content.decode(), url, "the allowed user")
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


@pytest.mark.parametrize("name", sorted(n for n, c in CASES.items() if c.kind == SIGNED_IN and c.html))
def test_readers_without_a_seat_there_meet_only_links_that_open(name):
    """A page every member opens, read by each refusal's reader (issue 13 §2: a list linked records that
    then refused its reader): the links they meet open, and no list shows what they may not read."""
    case = CASES[name]
    scenario = case.setup()
    url = reverse(name, kwargs=scenario.kwargs)
    for who, reader in _refused_users(scenario).items():
        client = _client(reader)
        page = client.get(url)
        assert page.status_code == case.get_status, f"{name}: {who} got {page.status_code}"
        _assert_links_open(client, page.content.decode(), url, who)


@pytest.mark.parametrize("name", sorted(n for n, c in CASES.items() if c.listed_on))
def test_a_list_links_a_record_only_for_readers_who_may_open_it(name):
    """Each list that shows the case's record links it for the allowed user; a refused user finds there
    at most its name and state: no link to it, none of its private text."""
    case = CASES[name]
    scenario = case.setup()
    url = reverse(name, kwargs=scenario.kwargs)
    link = f'href="{url}"'
    for list_name in case.listed_on:
        listed = _client(scenario.allowed).get(reverse(list_name)).content.decode()
        assert link in listed, f"{list_name} does not link {url} for the allowed user: the check is vacuous"
        for who, refused in _refused_users(scenario).items():
            response = _client(refused).get(reverse(list_name))
            if response.status_code == 403:
                continue  # the list is not theirs at all
            page = response.content.decode()
            assert response.status_code == 200 and link not in page, f"{list_name} links {url} for {who}"
            for text in scenario.private:
                assert text not in page, f"{list_name} shows {who} {text!r} of {url}"


def test_the_admin_is_for_administrators_only():
    url = reverse("admin:index")
    admin_sign_in = reverse("admin:login")
    assert Client().get(url)["Location"].startswith(admin_sign_in)
    assert _client(UserFactory()).get(url)["Location"].startswith(admin_sign_in)
    assert _client(UserFactory(is_staff=True, is_superuser=True)).get(url).status_code == 200
