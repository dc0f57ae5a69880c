"""Issue 12 §2, two real sessions on PostgreSQL: two people open the same edit form; the first saves a change to
one field, the second a change to another from the form she opened earlier. Her post is refused, its page
shows the first person's change and name beside the field, keeps what she typed (and shows the first's change
in the field she did not touch); saved again, it is checked against the new version and keeps both changes.
Each failed on main before the change: the second post was saved, and the first change lost."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from tests.accountability.structure.helpers import Page, date_data
from tests.factories import BodyFactory, MeetingFactory, ThemeFactory, business_unit
from tests.helpers.forms import as_post, opened, page_form

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

CHANGED_MEANWHILE = "after you opened this page"


def _signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def _two_officers():
    return business_unit(person__full_name="Ann First"), business_unit(person__full_name="Bea Second")


def _race(url, first, second, first_change: dict, second_change: dict):
    """Both open the form; the first saves her change; the second sends hers from the form she opened before.
    Returns the second's refused page, and her client."""
    ann, bea = _signed_in(first), _signed_in(second)
    ann_form, bea_form = opened(ann, url), opened(bea, url)
    saved = ann.post(url, {**ann_form, **first_change})
    assert saved.status_code == 302, Page(saved).summary()
    refused = bea.post(url, {**bea_form, **second_change})
    assert refused.status_code == 200, "the stale form was saved over the first change"
    return Page(refused), bea


def _value(page, name):
    """What the page's form holds in a field, as it would send it."""
    return page_form(page.html)[name][0]


def _again(client, url, page):
    """Save the form the refusal gave back, as it stands."""
    response = client.post(url, as_post(page_form(page.html)))
    assert response.status_code == 302, Page(response).summary()


def test_a_theme(client_for):
    ann, bea = _two_officers()
    theme = ThemeFactory(name="Neglect", description="As the plan names it.")
    url = reverse("theme-edit", args=[theme.pk])
    page, client = _race(url, ann, bea, {"description": "Ann's description."}, {"name": "Neglect of children"})
    assert CHANGED_MEANWHILE in page.error("description") and "Ann First" in page.error("description")
    assert "Ann's description." in page.error("description")
    assert _value(page, "name") == "Neglect of children"  # what she typed
    assert _value(page, "description") == "Ann's description."  # what she had not changed: the first's change
    theme.refresh_from_db()
    assert (theme.name, theme.description) == ("Neglect", "Ann's description.")
    _again(client, url, page)
    theme.refresh_from_db()
    assert (theme.name, theme.description) == ("Neglect of children", "Ann's description.")


def test_a_body_and_its_functions():
    from accountability.models import Function

    ann, bea = _two_officers()
    body = BodyFactory(name="Performance Management, Audit and Evaluation", short_name="PMAE", purpose="Audit.")
    url = reverse("body-edit", args=[body.pk])
    first = {"purpose": "Audit and evaluation.", "functions": [Function.RECEIVES_SUMMARIES]}
    page, client = _race(url, ann, bea, first, {"short_name": "PMAE sub group"})
    assert "Ann First" in page.error("purpose") and "Audit and evaluation." in page.error("purpose")
    assert "Ann First" in page.error("functions") and "Receives summaries" in page.error("functions")
    assert _value(page, "short_name") == "PMAE sub group"
    body.refresh_from_db()
    assert (body.short_name, body.purpose) == ("PMAE", "Audit and evaluation.")
    _again(client, url, page)
    body.refresh_from_db()
    assert (body.short_name, body.purpose, body.functions_as_of()) == (
        "PMAE sub group", "Audit and evaluation.", [Function.RECEIVES_SUMMARIES])


def test_an_outcome_and_its_themes():
    from plan.models import Outcome
    from tests.plan.factories import OutcomeFactory

    ann, bea = _two_officers()
    outcome = OutcomeFactory(statement="Children are safe.", responsibility="BSCB")
    neglect = ThemeFactory(name="Neglect")
    url = reverse("outcome-edit", args=[outcome.pk])
    page, client = _race(url, ann, bea, {"statement": "Children are safer.", "themes": [str(neglect.pk)]},
                         {"responsibility": "BSCB Board and PMAE"})
    assert "Ann First" in page.error("statement") and "Children are safer." in page.error("statement")
    assert "Neglect" in page.error("themes")
    assert _value(page, "responsibility") == "BSCB Board and PMAE"
    outcome = Outcome.objects.get(pk=outcome.pk)
    assert (outcome.statement, outcome.responsibility) == ("Children are safer.", "BSCB")
    _again(client, url, page)
    outcome = Outcome.objects.get(pk=outcome.pk)
    assert (outcome.statement, outcome.responsibility, list(outcome.themes.all())) == (
        "Children are safer.", "BSCB Board and PMAE", [neglect])


def test_a_meeting():
    ann, bea = _two_officers()
    meeting = MeetingFactory(place="City Hall")
    url = reverse("meeting-edit", args=[meeting.pk])
    new_day = datetime.date(2031, 3, 4)
    page, client = _race(url, ann, bea, {"place": "Room 2, Britannia House"},
                         {**date_data("starts_on", new_day), "time": "14:30"})
    assert "Ann First" in page.error("place") and "Room 2, Britannia House" in page.error("place")
    assert (_value(page, "starts_on_0"), _value(page, "time")) == ("4", "14:30")
    meeting.refresh_from_db()
    assert meeting.place == "Room 2, Britannia House" and meeting.starts_at.date() != new_day
    _again(client, url, page)
    meeting.refresh_from_db()
    assert (meeting.place, meeting.starts_at.date()) == ("Room 2, Britannia House", new_day)


def test_a_summary_draft():
    """The chair and the business unit: the draft's section the first wrote is not blanked by the second."""
    from reporting import services
    from reporting.models import SummaryVersion
    from tests.reporting.helpers import expected_summary

    summary, chair, _ = expected_summary()
    chair.full_name = "Ann First"
    chair.save()
    services.summary_save_draft(summary=summary, sections={"progress": "Audit started."}, by=chair)
    url = reverse("summary-edit", args=[summary.pk])
    page, client = _race(url, chair, business_unit(person__full_name="Bea Second"),
                         {"progress": "Audit completed.", "save": ""},
                         {"risks": "Staffing in two agencies.", "save": ""})
    assert "Ann First" in page.error("progress") and "Audit completed." in page.error("progress")
    assert _value(page, "risks") == "Staffing in two agencies."
    draft = SummaryVersion.objects.get(summary=summary)
    assert (draft.progress, draft.risks) == ("Audit completed.", "")
    _again(client, url, page)
    draft.refresh_from_db()
    assert (draft.progress, draft.risks) == ("Audit completed.", "Staffing in two agencies.")


def test_a_summary_first_draft_opened_by_both_before_there_was_one():
    from reporting.models import SummaryVersion
    from tests.reporting.helpers import expected_summary

    summary, chair, _ = expected_summary()
    url = reverse("summary-edit", args=[summary.pk])
    page, client = _race(url, chair, business_unit(person__full_name="Bea Second"),
                         {"progress": "Audit completed.", "save": ""},
                         {"risks": "Staffing in two agencies.", "save": ""})
    assert "Audit completed." in page.error("progress")
    _again(client, url, page)
    draft = SummaryVersion.objects.get(summary=summary)
    assert (draft.progress, draft.risks) == ("Audit completed.", "Staffing in two agencies.")
