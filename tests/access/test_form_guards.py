"""Issue 12 §2 and §3 for every form the URL registry knows (tests/access/registry.py), so that a form a later
issue adds fails here until it is guarded:

- each page that accepts a POST is classified: an edit form of a governance record, a form that makes one
  (or an amendment), or an action whose second post finds the state changed and says so;
- an edit form is a bscb.forms.RecordForm carrying the version it was opened at, and a post from a form
  opened before someone else saved does not undo their change: it is shown to its sender, who can then save;
- a form that makes a record carries a one-time token, and the same form sent twice makes one record, the
  second post answered as the first was.
"""

from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from bscb.forms import ALREADY_SAVED, ONCE, VERSION, RecordForm
from bscb.versions import version_of
from tests.access.registry import CASES
from tests.helpers.forms import GUARDS, as_post, error_summary, hidden_fields, opened, page_form

pytestmark = pytest.mark.django_db

EDIT = {
    "body-edit", "evidence-edit", "meeting-attendance", "meeting-edit", "meeting-minutes", "membership-end",
    "organisation-edit", "organisation-lead-end", "outcome-edit", "plan-edit", "priority-edit", "summary-edit",
    "summary-nominate", "target-edit", "theme-edit", "entry-edit", "saved-view-rename", "action-edit",
    "paper-edit",
    "outcome-report-narrative",
}
CREATE = {
    "body-create", "body-meeting-create", "body-membership-add", "evidence-create", "meeting-agenda-add",
    "meeting-decision-add", "organisation-create", "organisation-lead-add", "outcome-create", "plan-copy",
    "plan-create", "priority-create", "summary-amend", "target-create", "theme-create",
    # The log: raising an entry, and each step of its life (a line of its timeline, made once).
    "entry-create", "entry-request", "entry-nominate", "entry-escalate", "entry-review", "entry-treat",
    "entry-close", "entry-withdraw", "request-answer", "response-judge", "escalation-outcome", "tolerance-decide",
    "noncompliance-create", "saved-view-create",
    # Action plans and actions (issue 16): starting a plan, adding an action, and each step (a line of a
    # timeline, made once).
    "action-plan-create", "action-add", "action-plan-submit", "action-plan-approve", "action-plan-return",
    "action-plan-revise", "action-update", "action-evidence", "action-propose", "action-sign-off", "action-return",
    "action-ratify", "action-decline", "action-close", "action-withdraw", "action-set", "action-plan-ratify",
    "action-plan-decline",
    # A meeting's papers (issue 17).
    "paper-add",
    # The quarterly outcome report (issue 17): a new version, a comment, the agreement and the issue, each once.
    "outcome-report-build", "outcome-report-comment", "outcome-report-agree", "outcome-report-issue",
}
# A change of state (the second post is refused by the state the first left: "already held"), a confirmation,
# or not a governance record (sign-in, passwords, notices read, the calendar's key).
ACTION = {
    "calendar", "calendar-reset", "meeting-cancel", "meeting-held", "notice-read", "notices-read", "password-change",
    "password-reset", "password-reset-confirm", "plan-activate", "receipt-received", "record-redact",
    "record-redact-file", "saved-view-delete", "sign-in", "sign-out", "summary-remind", "summary-submit",
    "paper-withdraw", "paper-move",
}
# Edit forms whose stale post the record's new state refuses before its version is looked at ("this membership
# has already ended": the case's change ends it in the past).
REFUSED_BY_STATE = {"membership-end", "organisation-lead-end"}
# An amendment is both: a new version (made once) of the latest, which must not have changed since.
AMENDS = {"summary-amend"}


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _hidden(client, url):
    return hidden_fields(client.get(url).content.decode())


def _forms(response):
    """The page's RecordForms (the attendance page has one a member)."""
    context = response.context
    found = list(context.get("forms") or []) + ([context["form"]] if context.get("form") is not None else [])
    return found


def test_the_tests_post_the_guards_the_forms_carry():
    assert GUARDS == (VERSION, ONCE)


def test_every_page_that_takes_a_post_is_classified():
    posted, classified = {name for name, case in CASES.items() if case.post}, EDIT | CREATE | ACTION
    assert classified == posted, f"classify {sorted(posted - classified)}; not posted: {sorted(classified - posted)}"
    assert not (EDIT & CREATE or EDIT & ACTION or CREATE & ACTION)


@pytest.mark.parametrize("name", sorted(EDIT | AMENDS))
def test_an_edit_form_carries_the_version_it_was_opened_at(name):
    scenario = CASES[name].setup()
    response = _client(scenario.allowed).get(reverse(name, kwargs=scenario.kwargs))
    forms = _forms(response)
    assert forms and all(isinstance(form, RecordForm) and form.record is not None for form in forms), name
    sent = page_form(response.content.decode())
    prefixes = [form.add_prefix(VERSION) for form in forms]
    assert [sent[prefix] for prefix in prefixes] == [[str(version_of(form.record))] for form in forms]


@pytest.mark.parametrize("name", sorted(CREATE))
def test_a_form_that_makes_a_record_carries_a_one_time_token(name):
    scenario = CASES[name].setup()
    first, second = (page_form(_client(scenario.allowed).get(reverse(name, kwargs=scenario.kwargs)).content.decode())
                     for _ in range(2))
    assert first[ONCE][0] and first[ONCE] != second[ONCE], "a new token each time the form is opened"


@pytest.mark.parametrize("name", sorted(CREATE))
def test_the_same_form_sent_twice_makes_one_record(name):
    case = CASES[name]
    scenario = case.setup()
    url = reverse(name, kwargs=scenario.kwargs)
    client = _client(scenario.allowed)
    data = {**_hidden(client, url), **scenario.post_data}
    before = scenario.state()
    first = client.post(url, data)
    assert first.status_code == 302, error_summary(first.content.decode())
    after = scenario.state()
    assert after != before
    again = client.post(url, data)
    assert (again.status_code, again["Location"]) == (302, first["Location"])
    assert scenario.state() == after, f"{name}: the second post of the same form made something"
    assert ALREADY_SAVED in client.get(again["Location"]).content.decode()


@pytest.mark.parametrize("name", sorted(EDIT))
def test_a_form_opened_before_a_change_does_not_undo_it(name):
    """Two sessions open the form; the first saves the case's change; the second sends the form as she opened
    it: refused with the reason (the other's change and who made it, or a state that refuses it), nothing
    saved; where it was a conflict, the form she gets back (her values, the new version) saves."""
    scenario = CASES[name].setup()
    url = reverse(name, kwargs=scenario.kwargs)
    first, second = _client(scenario.allowed), _client(scenario.allowed)
    stale = opened(second, url)
    response = first.post(url, {**_hidden(first, url), **scenario.post_data})
    assert response.status_code == 302, error_summary(response.content.decode())
    changed = scenario.state()
    response = second.post(url, stale)
    page = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in page, f"{name}: the stale form was saved"
    assert scenario.state() == changed
    if name in REFUSED_BY_STATE:
        return
    # Unescaped: a name such as O'Neill is in the page as O&#x27;Neill.
    assert "after you opened this page" in page and str(scenario.allowed) in unescape(page), error_summary(page)
    again = second.post(url, as_post(page_form(page)))
    assert again.status_code == 302, error_summary(again.content.decode())


@pytest.mark.parametrize("name", sorted(n for n, c in CASES.items() if c.post and c.html and c.no_error_state))
def test_a_form_the_axe_sweep_finds_no_error_state_in_takes_whatever_is_sent(name):
    """The axe sweep posts every form of the registry empty or invalid and checks its error state; a form it
    leaves out says why (Case.no_error_state), and is shown here to have none: sent with nothing, it is done."""
    case = CASES[name]
    scenario = case.setup()
    client = _client(scenario.allowed)
    url = reverse(name, kwargs=scenario.kwargs)
    response = client.post(url, _hidden(client, url))
    assert response.status_code == 302, f"{name}: sent with nothing, it answered {response.status_code}"
